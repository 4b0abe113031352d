"""The site's Content-Security-Policy, computed from the pages the build wrote.

The site runs under a strict policy: scripts only from the site itself, plus the few
inline scripts mkdocs-material writes into every page (its storage helpers, the colour
palette, the tab restoring), allowed one by one by the SHA-256 of their text. Those
texts change with the theme's version and with a page's depth (``__md_scope`` holds the
page's relative base URL), so the hashes are read off the built HTML, never written by
hand. The simulator adds no inline script: any new one shows up here, in the policy.

Images are ``'self'`` only (``default-src``), yet the theme's stylesheets draw their
icons (admonitions, navigation, clipboard) from ``data:`` URLs: :func:`externalize_css_images`
moves each into a file of the site, so the policy needs no ``data:`` exception.

:func:`inline_script_hashes` scans HTML; :func:`policy` writes the header's value;
:func:`publish_policy` lays ``csp.json`` (for tests and tools) and ``_headers`` (the
format static hosts such as Netlify and Cloudflare Pages read) into the site.
"""

from __future__ import annotations

import base64
import hashlib
import json
import posixpath
import re
import urllib.parse
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Final

POLICY_FILE: Final = "csp.json"
HEADERS_FILE: Final = "_headers"
IMAGES_DIR: Final = "assets/images/css"
"""Where the images that stylesheets held as ``data:`` URLs are written, in the site."""

_DATA_URL = re.compile(r"""url\((?P<quote>["']?)data:(?P<mime>image/[\w.+-]+)(?P<params>(?:;[^,]*)?),(?P<data>.*?)(?P=quote)\)""")
_EXTENSIONS: Final = {"image/svg+xml": "svg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}

EXECUTABLE_TYPES: Final = frozenset(
    {"", "module", "text/javascript", "application/javascript", "application/ecmascript", "text/ecmascript"}
)
"""``type`` values under which a browser runs a ``<script>``; any other type (material's
``application/json`` configuration) is data, which a policy does not govern."""


class _InlineScripts(HTMLParser):
    """Collects the text of every inline script a browser would run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        attributes = dict(attrs)
        kind = (attributes.get("type") or "").strip().lower()
        if "src" not in attributes and kind in EXECUTABLE_TYPES:
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def inline_scripts(page: str) -> list[str]:
    """The text of each inline script of an HTML page that a browser would run, in order."""
    parser = _InlineScripts()
    parser.feed(page)
    parser.close()
    return parser.scripts


def script_hash(text: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_script_hashes(pages: Iterable[str]) -> list[str]:
    """The distinct hashes of the inline scripts of ``pages``, sorted (stable output)."""
    return sorted({script_hash(text) for page in pages for text in inline_scripts(page)})


def policy(script_hashes: Iterable[str]) -> str:
    """The header's value: the site's origin only, WebAssembly compilation for Pyodide,
    and the given inline scripts."""
    script_src = " ".join(["'self'", "'wasm-unsafe-eval'", *script_hashes])
    directives = [
        ("default-src", "'self'"),
        ("script-src", script_src),
        ("worker-src", "'self'"),
        ("connect-src", "'self'"),
        ("style-src", "'self' 'unsafe-inline'"),
    ]
    return "; ".join(f"{name} {value}" for name, value in directives)


def externalize_css_images(css: str, css_path: str, write: dict[str, bytes]) -> str:
    """``css`` (served at the site path ``css_path``) with each ``url(data:image/…)``
    replaced by a URL of a file under :data:`IMAGES_DIR`, named by its content's hash.

    The files to write are added to ``write`` (site path → bytes). An image type
    without a known file extension raises ValueError naming the stylesheet.
    """

    def to_file(match: re.Match[str]) -> str:
        mime, params, data = match["mime"], match["params"], match["data"]
        extension = _EXTENSIONS.get(mime)
        if extension is None:
            raise ValueError(f"{css_path}: a data: URL of type {mime} has no file type to move it to")
        content = base64.b64decode(data) if ";base64" in params else urllib.parse.unquote_to_bytes(data)
        name = f"{IMAGES_DIR}/{hashlib.sha256(content).hexdigest()[:16]}.{extension}"
        write[name] = content
        return f'url("{posixpath.relpath(name, posixpath.dirname(css_path))}")'

    return _DATA_URL.sub(to_file, css)


def externalize_site_css_images(site_dir: Path) -> int:
    """Move the ``data:`` images of every stylesheet of the built site into files;
    returns how many distinct images were written."""
    write: dict[str, bytes] = {}
    for path in sorted(site_dir.rglob("*.css")):
        css_path = path.relative_to(site_dir).as_posix()
        css = path.read_text(encoding="utf-8")
        changed = externalize_css_images(css, css_path, write)
        if changed != css:
            path.write_text(changed, encoding="utf-8")
    for name, content in write.items():
        target = site_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return len(write)


def publish_policy(site_dir: Path) -> str:
    """Compute the policy of the built site in ``site_dir`` and write it beside the pages.

    ``csp.json`` holds ``{"policy": …, "script_hashes": […]}``; ``_headers`` applies the
    policy to every path. Returns the policy.
    """
    pages = (path.read_text(encoding="utf-8") for path in sorted(site_dir.rglob("*.html")))
    hashes = inline_script_hashes(pages)
    value = policy(hashes)
    document = {"policy": value, "script_hashes": hashes}
    (site_dir / POLICY_FILE).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    (site_dir / HEADERS_FILE).write_text(f"/*\n  Content-Security-Policy: {value}\n", encoding="utf-8")
    return value
