"""Shared fixtures: the site built once per session, served on a free port, and the
Chromium that Playwright drives (Debian's, since Playwright cannot download its own here).
Building, serving and launching are :mod:`helpcenter.harness`'s, shared with the
benchmarks and the screenshots; the deployable folder (`make dist`) and its server are
:mod:`helpcenter.dist`'s.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.utils.yaml import yaml_load

from helpcenter import harness
from helpcenter.dist import Dist, make_dist
from helpcenter.dist import serve as serve_dist
from helpcenter.harness import PROJECT_ROOT

__all__ = ["PROJECT_ROOT", "BuildSite"]

BuildSite = Callable[[Path, Path], subprocess.CompletedProcess[str]]


def _strict_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """The strict build of the project at ``project`` into ``site_dir``."""
    return harness.build(project, site_dir)


@pytest.fixture(scope="session")
def build_site() -> BuildSite:
    """Build any project folder (holding mkdocs.yml) strictly; return the finished process."""
    return _strict_build


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """The project's own site, built once for the whole session."""
    return _strict_build(PROJECT_ROOT, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def site_dir(site_build: subprocess.CompletedProcess[str]) -> Path:
    """Where the project's site was built; fails every user if the build failed."""
    assert site_build.returncode == 0, site_build.stderr
    return Path(site_build.args[site_build.args.index("--site-dir") + 1])


def _nav_pages(nav: Any) -> Iterator[tuple[str, str]]:
    """(title, docs path) of each page mkdocs.yml's ``nav`` lists, sections flattened."""
    for entry in nav:
        for title, target in entry.items():
            if isinstance(target, list):
                yield from _nav_pages(target)
            else:
                yield title, target


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A project with the site's configuration, templates and images, the home page,
    and a one-line stand-in for every other page the navigation lists (so that a strict
    build of a few sample articles does not depend on the site's guides)."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(PROJECT_ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(PROJECT_ROOT / "overrides", project / "overrides", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "docs").mkdir()
    shutil.copy(PROJECT_ROOT / "docs" / "index.md", project / "docs" / "index.md")
    if (PROJECT_ROOT / "docs" / "img").is_dir():
        shutil.copytree(PROJECT_ROOT / "docs" / "img", project / "docs" / "img")
    with (PROJECT_ROOT / "mkdocs.yml").open(encoding="utf-8") as config:
        nav = yaml_load(config)["nav"]
    for title, page in _nav_pages(nav):
        source, copy = PROJECT_ROOT / "docs" / page, project / "docs" / page
        if source.is_file() and not copy.exists():
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(f"# {title}\n\nA stand-in for the site's page.\n", encoding="utf-8")
    if (PROJECT_ROOT / "node_modules").is_dir():
        # Hooks may publish front-end packages (the simulator's runtime) from here.
        (project / "node_modules").symlink_to(PROJECT_ROOT / "node_modules")
    return project


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """Base URL (ending in ``/``) of the built site, served over HTTP on a free port."""
    with harness.serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def site_csp(site_dir: Path) -> str:
    """The Content-Security-Policy the build computed for the site (``csp.json``)."""
    policy: str = json.loads((site_dir / "csp.json").read_text(encoding="utf-8"))["policy"]
    return policy


@pytest.fixture(scope="session")
def strict_site_url(site_dir: Path, site_csp: str) -> Iterator[str]:
    """Base URL of the built site served with its strict Content-Security-Policy."""
    with harness.serve(site_dir, headers={"Content-Security-Policy": site_csp}) as url:
        yield url


@pytest.fixture(scope="session")
def dist_site(site_dir: Path, site_csp: str, tmp_path_factory: pytest.TempPathFactory) -> Dist:
    """The site as `make dist` makes it deployable (hashed names, .br/.gz, _headers)."""
    return make_dist(site_dir, tmp_path_factory.mktemp("dist") / "dist", PROJECT_ROOT, site_csp)


@pytest.fixture(scope="session")
def dist_url(dist_site: Dist) -> Iterator[str]:
    """Base URL of the deployable site, served as `make serve-dist` serves it."""
    with serve_dist(dist_site.directory) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch arguments, with Debian's Chromium when it is there."""
    return harness.launch_options(**browser_type_launch_args)
