"""The site's Content-Security-Policy, computed from the pages the build wrote.

The site runs under a strict policy: scripts only from the site itself, plus the few
inline scripts mkdocs-material writes into every page (its storage helpers, the colour
palette, the tab restoring: :data:`THEME_SCRIPTS`), allowed one by one by the SHA-256
of their text. Those texts change with the theme's version and with a page's depth
(``__md_scope`` holds the page's relative base URL), so they are read from the theme's
own templates and the hashes from the built HTML, never written by hand. Any other
inline script (one an article's raw HTML brings, say) is not hashed, so the policy
blocks it; ``csp.json`` lists it. The simulator adds no inline script.

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
import importlib.util
import json
import posixpath
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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


_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<text>.*?)</script\s*>", re.I | re.S)
_ATTRIBUTE = re.compile(r"""(?P<name>[^\s=/>]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+)))?""")


def inline_scripts(page: str) -> list[str]:
    """The text of each inline script of an HTML page that a browser would run, in order.

    A scan of the page's text rather than a parse (pages are what the build itself wrote,
    hundreds of them): a mistaken find can only leave a script unhashed, never allow one.
    """
    found = []
    for match in _SCRIPT.finditer(_without_comments(page)):
        attributes = {m["name"].lower(): m["dq"] or m["sq"] or m["bare"] or "" for m in _ATTRIBUTE.finditer(match["attrs"])}
        if "src" not in attributes and attributes.get("type", "").strip().lower() in EXECUTABLE_TYPES:
            found.append(match["text"])
    return found


def _without_comments(page: str) -> str:
    return re.sub(r"<!--.*?-->", "", page, flags=re.S)


def script_hash(text: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


THEME_SCRIPTS: Final = (
    ("storage helpers (__md_get, __md_set, the site's scope)", "partials/javascripts/base.html"),
    ("the reader's colour palette", "partials/javascripts/palette.html"),
    ("content tabs restored from the URL", "partials/javascripts/content.html"),
    ("the announcement bar, once dismissed", "partials/javascripts/announce.html"),
    ("the outdated version banner", "partials/javascripts/outdated.html"),
    ("the cookie consent form", "partials/javascripts/consent.html"),
)
"""The inline scripts the theme writes into its pages, by what they do and the template
that holds them (the same in mkdocs-material and in Zensical's copy of it). Only these
are allowed, by hash: an inline script an article's raw HTML brings is not."""

_TEMPLATE_EXPRESSION = re.compile(r"\{\{.*?\}\}")
_BASE_URL = r"(?:\.|\.\.(?:/\.\.)*|/|(?:\.\./)*[\w.-]+/?)"
"""What ``{{ base_url }}`` becomes in a page: ``.``, ``..``, ``../..``, ``/``."""


@dataclass(frozen=True)
class ThemeScript:
    what: str
    template: str
    pattern: re.Pattern[str]
    """The script's exact text, its template expressions (the page's base URL) aside."""


def theme_templates() -> list[Path]:
    """The template folders of the themes the site is rendered with."""
    folders = []
    for package in ("material", "zensical"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin is not None:
            folder = Path(spec.origin).parent / "templates"
            if folder.is_dir():
                folders.append(folder)
    return folders


def theme_scripts(template_dirs: Iterable[Path] | None = None) -> list[ThemeScript]:
    """Each listed theme script as the theme's own templates write it."""
    found = []
    for folder in theme_templates() if template_dirs is None else template_dirs:
        for what, template in THEME_SCRIPTS:
            path = folder / template
            if not path.is_file():
                continue
            for text in re.findall(r"<script>(.*?)</script>", path.read_text(encoding="utf-8"), re.S):
                pieces = _TEMPLATE_EXPRESSION.split(text)
                pattern = _BASE_URL.join(re.escape(piece) for piece in pieces)
                found.append(ThemeScript(what, template, re.compile(pattern, re.S)))
    return found


def is_theme_script(text: str, scripts: Sequence[ThemeScript]) -> bool:
    return any(script.pattern.fullmatch(text) for script in scripts)


def inline_script_hashes(pages: Iterable[str], scripts: Sequence[ThemeScript] | None = None) -> list[str]:
    """The distinct hashes of the theme's inline scripts in ``pages``, sorted (stable
    output); any other inline script is left out, so the policy blocks it."""
    known = theme_scripts() if scripts is None else scripts
    return sorted({script_hash(text) for page in pages for text in inline_scripts(page) if is_theme_script(text, known)})


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

    ``csp.json`` holds ``{"policy": …, "script_hashes": […], "refused_inline_scripts":
    [{"page", "script"}…]}`` (inline scripts that are not the theme's, which the policy
    blocks); ``_headers`` applies the policy to every path. Returns the policy.
    """
    known = theme_scripts()
    hashes: set[str] = set()
    refused: list[dict[str, str]] = []
    for path in sorted(site_dir.rglob("*.html")):
        for text in inline_scripts(path.read_text(encoding="utf-8")):
            if is_theme_script(text, known):
                hashes.add(script_hash(text))
            else:
                refused.append({"page": path.relative_to(site_dir).as_posix(), "script": text[:80]})
    value = policy(sorted(hashes))
    document = {"policy": value, "script_hashes": sorted(hashes), "refused_inline_scripts": refused}
    (site_dir / POLICY_FILE).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    (site_dir / HEADERS_FILE).write_text(f"/*\n  Content-Security-Policy: {value}\n", encoding="utf-8")
    return value
