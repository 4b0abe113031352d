"""``mkdocs build`` and ``mkdocs serve`` on the project's mkdocs.yml run the pipeline.

A thin adapter of :mod:`helpcenter.build`: before MkDocs reads any page, *compile*
turns ``docs/`` into the docs tree (``build/docs/``, only the articles whose source
changed are converted again) and MkDocs is pointed at it; after the build, *finish*
lays the simulator's runtime and the Content-Security-Policy into the site. Problems
are build messages, ``path:line: message``: an error is a warning of the ``mkdocs``
logger (``--strict`` fails on it), what the old help center accepted is printed apart.
``mkdocs serve`` watches the sources and the simulator, so an article edit reloads.

Zensical runs no hooks: ``python -m helpcenter build --ssg zensical`` runs the same
steps around it.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files, InclusionLevel

from helpcenter import build
from helpcenter.model import Severity
from helpcenter.runtime_assets import RuntimeAssetsError

_errors = logging.getLogger("mkdocs.helpcenter")
_warnings = logging.getLogger("helpcenter.build.messages")
if not _warnings.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    _warnings.addHandler(_handler)
    _warnings.setLevel(logging.INFO)
    _warnings.propagate = False

_state: dict[str, object] = {}


def _project(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    project = _project(config)
    source = build.load_config(Path(config.config_file_path))
    tree, tree_dir = build.compile_project(project, source, project / build.WORK_DIR)
    for problem in tree.problems:
        (_errors if problem.severity is Severity.ERROR else _warnings).warning(str(problem))
    _state["sources"] = project / str(source.get("docs_dir", "docs"))
    _state["not_in_nav"] = set(tree.not_in_nav)
    config.docs_dir = str(tree_dir)
    config.nav = tree.nav
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # Articles are reached through the persona pages and search, not the sidebar.
    hidden = _state.get("not_in_nav", set())
    for file in files.documentation_pages():
        if file.src_uri in hidden:  # type: ignore[operator]
            file.inclusion = InclusionLevel.NOT_IN_NAV
    return files


def on_post_build(config: MkDocsConfig) -> None:
    try:
        build.finish(_project(config), Path(config.site_dir))
    except RuntimeAssetsError as error:
        raise PluginError(f"simulator runtime: {error}") from None


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    # Authors edit docs/, not the compiled tree; the wheel is built from simulator/.
    server.watch(str(_state.get("sources", _project(config) / "docs")))
    server.watch(str(build.runtime_root(_project(config)) / "simulator"))
    return server
