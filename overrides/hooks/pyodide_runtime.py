"""Lays the browser runtime of the simulator into the built site.

A thin adapter: the work is done by :func:`helpcenter.runtime_assets.publish_runtime`
(Pyodide core, simulator wheel, ``assets/simulator/runtime.json``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer

from helpcenter import runtime_assets
from helpcenter.runtime_assets import (
    RuntimeAssetsError,
    is_runtime_root,
    publish_runtime,
)

log = logging.getLogger("mkdocs.hooks.pyodide_runtime")


def _project_root(config: MkDocsConfig) -> Path:
    """The folder holding ``package-lock.json``, ``node_modules/`` and ``simulator/``.

    That of ``mkdocs.yml``; for a project that only borrows the site's configuration
    (the tests build folders of sample articles), the checkout ``helpcenter`` comes from.
    """
    root = Path(config.config_file_path).resolve().parent
    if is_runtime_root(root):
        return root
    checkout = Path(runtime_assets.__file__).resolve().parent.parent
    return checkout if is_runtime_root(checkout) else root


def on_post_build(config: MkDocsConfig) -> None:
    try:
        manifest = publish_runtime(_project_root(config), Path(config.site_dir))
    except RuntimeAssetsError as error:
        raise PluginError(f"simulator runtime: {error}") from None
    log.debug("simulator runtime laid out: %s", manifest)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    # The wheel is built from simulator/: editing the engine must rebuild it.
    server.watch(str(_project_root(config) / "simulator"))
    return server
