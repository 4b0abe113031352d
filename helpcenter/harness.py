"""Build the site, serve it, open it in Chromium: the one harness of the tests, the
benchmarks and the screenshots.

- :func:`build` runs the site build of a project folder into a site folder and hands
  back the finished process (its messages are what an author reads);
- :func:`serve` serves a built site over HTTP on a free port of 127.0.0.1, with the
  content types Pyodide and module scripts need (``.wasm``, ``.mjs``), optional headers
  (the Content-Security-Policy), an optional base path (``/help/``), extra in-memory
  files (a test page) and the sitemap rebased to the server's address;
- :func:`launch_options` and :func:`chromium` start Debian's Chromium quietly through
  Playwright (which cannot download its own browser on these machines);
- :func:`widget_live` waits until a simulator of the page is live, and
  :func:`time_changes` times a reader's changes to the widget's new HTML: the tests and
  both benchmarks wait and time the same way.

Playwright is imported only by :func:`chromium`, so building and serving need nothing
beyond the site's own dependencies.
"""

from __future__ import annotations

import contextlib
import functools
import os
import posixpath
import re
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator, Mapping
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PROJECT_ROOT: Final = Path(__file__).resolve().parent.parent
"""The checkout: the folder of ``mkdocs.yml``, ``docs/``, ``simulator/``."""

SYSTEM_CHROMIUM: Final = Path("/usr/bin/chromium")
PLAYWRIGHT_DISABLED_FEATURES: Final = (
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
)
"""The features Playwright (1.65) turns off itself. Chromium keeps only the last
``--disable-features`` switch of its command line, so the one given here names them
too (``tests/browser/test_harness_page.py`` checks that none is lost)."""
NEW_WINDOW_WEBUI: Final = (
    "InitialWebUI",
    "WebUIToolbarProcessOverheadExperiment",
    "PreloadTopChromeWebUI",
    "WebUIOmniboxPopup",
    "WebUIOmniboxAimPopup",
)
"""Chromium's own pages made for each new window: its omnibox popup and toolbar,
preloaded in a renderer of their own. A headless window shows none of them, but a
fresh browser context is a new window, and each paid most of a second of the
machine's two cores for them while its page loaded (``benchmarks/boot_trace.py
--window-pages``; README, *Chromium's pages for each new window*). A reader opening an
article in a tab of their browser pays none of it."""
CHROMIUM_ARGS: Final = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Keep Chromium quiet on a closed network (and let it run as root)."""
DISABLE_FEATURES: Final = "--disable-features="
QUIET_FEATURES: Final = (*PLAYWRIGHT_DISABLED_FEATURES, *NEW_WINDOW_WEBUI)
"""Turned off in every Chromium started here (one ``--disable-features``, with any the
caller gives): a fresh context then costs what a reader's new tab costs."""

CONTENT_TYPES: Final = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/zip",
    ".svg": "image/svg+xml",
}
"""Set here rather than read from the machine's MIME table, which may lack ``.wasm``
(Pyodide then refuses to compile) or ``.mjs`` (a module script is then refused)."""

BUILD_ENV: Final = {"NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
BUILD_TIMEOUT_S: Final = 300


def build(
    project: Path = PROJECT_ROOT,
    site_dir: Path | None = None,
    *,
    ssg: str = "mkdocs",
    strict: bool = True,
    quiet: bool = False,
    env: Mapping[str, str] | None = None,
    timeout: float = BUILD_TIMEOUT_S,
) -> subprocess.CompletedProcess[str]:
    """Build the project folder (holding ``mkdocs.yml``) into ``site_dir`` with the
    pipeline (:mod:`helpcenter.build`), rendered by ``ssg`` (``mkdocs`` or ``zensical``).

    ``strict`` makes a broken article fail the build; the screenshots build without it,
    as the pictures they are about to make may be missing. The finished process carries
    the build's messages (``stderr``) and its exit code.
    """
    command = [sys.executable, "-m", "helpcenter", "build", "--project", str(project), "--ssg", ssg]
    if not strict:
        command.append("--no-strict")
    if quiet:
        command.append("--quiet")
    if site_dir is not None:
        command += ["--site-dir", str(site_dir)]
    return subprocess.run(
        command,
        cwd=project,
        env={**os.environ, **BUILD_ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class BuildError(RuntimeError):
    """The site did not build; the message holds the build's own messages."""


def build_or_fail(project: Path = PROJECT_ROOT, site_dir: Path | None = None, **options: Any) -> Path:
    """:func:`build`, raising :class:`BuildError` with the build's messages on failure;
    returns the site folder."""
    done = build(project, site_dir, **options)
    if done.returncode != 0:
        raise BuildError(f"the site build of {project} failed:\n{done.stderr}")
    return site_dir if site_dir is not None else project / "site"


_SITEMAP_ORIGIN = re.compile(r"<loc>https?://[^/<]+/")


def rebase_sitemap(sitemap: str, base_url: str) -> str:
    """The sitemap with each page's origin replaced by ``base_url``.

    mkdocs-material's instant navigation takes over only the links listed in
    sitemap.xml, moving their protocol and host name to the page's but keeping their
    port: a server on a port the build did not know serves the sitemap rebased, as
    material's author advises for a site deployed where its ``site_url`` does not say.
    """
    return _SITEMAP_ORIGIN.sub(lambda _: f"<loc>{base_url}", sitemap)


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site under the server's base path, with its headers."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}
    server: _SiteServer

    def do_GET(self) -> None:
        if self._serve_generated(with_body=True):
            return
        super().do_GET()

    def do_HEAD(self) -> None:
        if self._serve_generated(with_body=False):
            return
        super().do_HEAD()

    def _serve_generated(self, *, with_body: bool) -> bool:
        """Answer an extra file or the rebased sitemap; False for the site's own files."""
        path = self._site_path()
        if path is None:
            self.send_error(404, "outside the site's base path")
            return True
        body: bytes | None = None
        if path in self.server.files:
            body = self.server.files[path]
        elif path == "sitemap.xml" and (self.server.directory / "sitemap.xml").is_file():
            sitemap = (self.server.directory / "sitemap.xml").read_text(encoding="utf-8")
            body = rebase_sitemap(sitemap, self.server.base_url).encode("utf-8")
        if body is None:
            return False
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)
        return True

    def _site_path(self) -> str | None:
        """The request's path inside the site (``""`` for its root), None outside it."""
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        base = self.server.base_path
        if not (path + "/").startswith(base):
            return None
        return path[len(base) :]

    def translate_path(self, path: str) -> str:
        site_path = self._site_path()
        if site_path is None:
            return str(self.server.directory / ".outside-the-base-path")  # never served
        # The parent's checks (no "..", no drive letters) on the path within the site.
        return super().translate_path("/" + site_path)

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        extension = posixpath.splitext(str(path))[1].lower()
        return CONTENT_TYPES.get(extension) or super().guess_type(path)

    def end_headers(self) -> None:
        for name, value in self.server.headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test and benchmark output to what they report."""


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, directory: Path, headers: Mapping[str, str], base_path: str, files: Mapping[str, bytes]
    ) -> None:
        super().__init__(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(directory)))
        self.directory = directory
        self.headers = dict(headers)
        self.base_path = base_path
        self.files = dict(files)
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}{base_path}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A test that ends while Python is still downloading closes its connections.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(
    directory: Path,
    *,
    headers: Mapping[str, str] | None = None,
    base_path: str = "/",
    files: Mapping[str, str | bytes] | None = None,
) -> Iterator[str]:
    """Serve a built site over HTTP on a free port; yields its base URL (ending in ``/``).

    ``headers`` go with every answer (``{"Content-Security-Policy": …}``); the site is
    served under ``base_path`` (anything outside it is 404); ``files`` maps site paths
    (``"bench/page.html"``) to contents served beside the site's own, which stays
    untouched.
    """
    if not (base_path.startswith("/") and base_path.endswith("/")):
        raise ValueError(f"base path {base_path!r} must start and end with '/'")
    contents = {path.lstrip("/"): data.encode("utf-8") if isinstance(data, str) else data
                for path, data in (files or {}).items()}
    server = _SiteServer(Path(directory), headers or {}, base_path, contents)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.base_url
    finally:
        server.shutdown()
        server.server_close()


def launch_options(*, window_pages: bool = False, **options: Any) -> dict[str, Any]:
    """Playwright's ``chromium.launch`` options: the quiet flags and features (added to
    any given ``args``) and Debian's Chromium when it is installed. ``window_pages``
    leaves Chromium its pages for each new window, for the benchmarks to show what they
    take."""
    given = list(options.get("args", []))
    # One --disable-features for all: Chromium would keep only the last one.
    features = [name for name in QUIET_FEATURES if not (window_pages and name in NEW_WINDOW_WEBUI)]
    for arg in given:
        if arg.startswith(DISABLE_FEATURES):
            features += [name for name in arg.removeprefix(DISABLE_FEATURES).split(",") if name not in features]
    kept = [arg for arg in given if not arg.startswith(DISABLE_FEATURES)]
    launch = {**options, "args": [*kept, *CHROMIUM_ARGS, DISABLE_FEATURES + ",".join(features)]}
    if SYSTEM_CHROMIUM.exists() and "executable_path" not in options:
        launch["executable_path"] = str(SYSTEM_CHROMIUM)
    return launch


@contextlib.contextmanager
def chromium(**options: Any) -> Iterator[Browser]:
    """A Chromium started with :func:`launch_options`, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options(**options))
        try:
            yield browser
        finally:
            browser.close()


WIDGET_LIVE_MS: Final = 120_000
"""Python's boot on a loaded 2-core machine stays well under this."""


def widget_live(page: Page, key: str, timeout: float = WIDGET_LIVE_MS) -> None:
    """Until the widget ``key`` is live, keep the one the page holds now in view.

    Instant navigation may swap the element for another with the same id, so the
    element is looked up again at each poll rather than held by a locator; a widget
    only starts Python once it nears the viewport, so it is scrolled into view.
    """
    page.wait_for_function(
        """(id) => { const root = document.getElementById(id);
                     if (!root) return false;
                     root.scrollIntoView({ block: "nearest" });
                     return root.dataset.live === "true"; }""",
        arg=key, timeout=timeout, polling=250,
    )


UPDATE_TIMEOUT_MS: Final = 15_000
"""A change the widget never answers is named after this rather than waited on for ever."""

_TIMED_CHANGES: Final = """
async ([id, count, timeout]) => {
  const change = (CHANGE);
  const root = document.getElementById(id);
  const samples = [];
  for (let i = 0; i < count; i++) {
    let what = `change ${i}`;
    let start = 0;
    // The widget writes its data-state once its regions are swapped: the change's end.
    const updated = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`${what}: the widget did not update in ${timeout / 1000} s`));
      }, timeout);
      const observer = new MutationObserver(() => {
        clearTimeout(timer);
        observer.disconnect();
        resolve(performance.now() - start);
      });
      observer.observe(root, { attributes: true, attributeFilter: ["data-state"] });
    });
    start = performance.now();
    what = change(root, id, i);
    samples.push([what, await updated]);
    // Let the page paint before the next change, as between a reader's two clicks.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
  return samples;
}
"""


def time_changes(
    page: Page, key: str, count: int, change: str, *, timeout: float = UPDATE_TIMEOUT_MS
) -> list[tuple[str, float]]:
    """Time ``count`` changes of the widget ``key``, each from the event to its new HTML.

    ``change`` is the source of a JavaScript function ``(root, id, i) => what`` that
    makes the ``i``-th change on the widget's element ``root`` (each one must differ
    from what is shown, or the widget has nothing to update) and names it. Returns
    ``(what, milliseconds)`` in order; raises, naming the change, when the widget did
    not update within ``timeout`` milliseconds.
    """
    script = _TIMED_CHANGES.replace("(CHANGE)", f"({change})")
    samples: list[list[Any]] = page.evaluate(script, [key, count, timeout])
    return [(str(what), float(ms)) for what, ms in samples]
