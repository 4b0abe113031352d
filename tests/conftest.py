"""Shared fixtures: the site built once per session, served on a free port, and the
Chromium that Playwright drives (Debian's, since Playwright cannot download its own here).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
QUIET_CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

BuildSite = Callable[[Path, Path], subprocess.CompletedProcess[str]]


def _mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of the project at ``project`` into ``site_dir``."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="session")
def build_site() -> BuildSite:
    """Build any project folder (holding mkdocs.yml) strictly; return the finished process."""
    return _mkdocs_build


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """The project's own site, built once for the whole session."""
    return _mkdocs_build(PROJECT_ROOT, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def site_dir(site_build: subprocess.CompletedProcess[str]) -> Path:
    """Where the project's site was built; fails every user if the build failed."""
    assert site_build.returncode == 0, site_build.stderr
    return Path(site_build.args[site_build.args.index("-d") + 1])


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A project with the site's configuration and templates and an empty docs/ folder."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(PROJECT_ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(PROJECT_ROOT / "overrides", project / "overrides", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "docs").mkdir()
    shutil.copy(PROJECT_ROOT / "docs" / "index.md", project / "docs" / "index.md")
    if (PROJECT_ROOT / "node_modules").is_dir():
        # Hooks may publish front-end packages (the simulator's runtime) from here.
        (project / "node_modules").symlink_to(PROJECT_ROOT / "node_modules")
    return project


class _SiteRequestHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """Base URL (ending in ``/``) of the built site, served over HTTP on a free port."""
    handler = functools.partial(_SiteRequestHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch arguments, with Debian's Chromium when it is there."""
    args = {**browser_type_launch_args, "args": [*browser_type_launch_args.get("args", []), *QUIET_CHROMIUM_ARGS]}
    if SYSTEM_CHROMIUM.exists():
        args["executable_path"] = str(SYSTEM_CHROMIUM)
    return args
