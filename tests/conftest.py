"""Shared fixtures: the site built once per session, served on a free port, and the
Chromium that Playwright drives (Debian's, since Playwright cannot download its own here).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from mkdocs.utils.yaml import yaml_load

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


_SITEMAP_ORIGIN = re.compile(r"<loc>https?://[^/<]+/")


def rebase_sitemap(sitemap: str, base_url: str) -> str:
    """The sitemap with each page's origin replaced by ``base_url``'s.

    mkdocs-material's instant navigation takes over only the links listed in
    sitemap.xml, moving their protocol and host name to the page's but keeping their
    port: a server on a port the build did not know serves the sitemap rebased, as
    material's author advises for a site deployed where its ``site_url`` does not say.
    """
    return _SITEMAP_ORIGIN.sub(f"<loc>{base_url}", sitemap)


class _SiteRequestHandler(SimpleHTTPRequestHandler):
    """Serves the built site; the server's ``csp`` (if any) goes with every answer."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}
    server: _SiteServer

    def do_GET(self) -> None:
        if self.path.split("?")[0] == "/sitemap.xml":
            sitemap = (Path(self.directory) / "sitemap.xml").read_text(encoding="utf-8")
            body = rebase_sitemap(sitemap, self.server.base_url).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def end_headers(self) -> None:
        if self.server.csp:
            self.send_header("Content-Security-Policy", self.server.csp)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""


class _SiteServer(ThreadingHTTPServer):
    def __init__(self, directory: Path, csp: str | None) -> None:
        super().__init__(("127.0.0.1", 0), functools.partial(_SiteRequestHandler, directory=str(directory)))
        self.csp = csp
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}/"

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A test that ends while Python is still downloading closes its connections.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_site(directory: Path, csp: str | None = None) -> Iterator[str]:
    """Serve a built site over HTTP on a free port; yields its base URL (ending in ``/``)."""
    server = _SiteServer(directory, csp)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.base_url
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """Base URL (ending in ``/``) of the built site, served over HTTP on a free port."""
    with serve_site(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def site_csp(site_dir: Path) -> str:
    """The Content-Security-Policy the build computed for the site (``csp.json``)."""
    policy: str = json.loads((site_dir / "csp.json").read_text(encoding="utf-8"))["policy"]
    return policy


@pytest.fixture(scope="session")
def strict_site_url(site_dir: Path, site_csp: str) -> Iterator[str]:
    """Base URL of the built site served with its strict Content-Security-Policy."""
    with serve_site(site_dir, site_csp) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch arguments, with Debian's Chromium when it is there."""
    args = {**browser_type_launch_args, "args": [*browser_type_launch_args.get("args", []), *QUIET_CHROMIUM_ARGS]}
    if SYSTEM_CHROMIUM.exists():
        args["executable_path"] = str(SYSTEM_CHROMIUM)
    return args
