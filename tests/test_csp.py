"""The site's Content-Security-Policy: computed from the built pages, never by hand.

The policy allows mkdocs-material's own inline scripts by hash and nothing else inline;
images are the site's own, so the theme's ``data:`` icons must become files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpcenter.csp import (
    IMAGES_DIR,
    externalize_css_images,
    inline_script_hashes,
    inline_scripts,
    policy,
    script_hash,
)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<script>var a = 1;</script>", ["var a = 1;"]),
        ('<script type="module">import "./x.mjs";</script>', ['import "./x.mjs";']),
        ('<script type="text/javascript">go()</script>', ["go()"]),
        ('<script src="bundle.js"></script>', []),
        ('<script type="module" src="widget.mjs"></script>', []),
        ('<script id="__config" type="application/json">{"base": "."}</script>', []),
        ("<script>if (a < b && c > d) x('</p>')</script>", ["if (a < b && c > d) x('</p>')"]),
        ("<p>&lt;script&gt;not a script&lt;/script&gt;</p>", []),
        ("<script>one()</script><p>text</p><script>two()</script>", ["one()", "two()"]),
    ],
    ids=["plain", "module", "javascript type", "external", "external module", "json data", "markup inside",
         "escaped text", "two"],
)
def test_only_the_inline_scripts_a_browser_runs_are_found(page: str, expected: list[str]) -> None:
    assert inline_scripts(f"<!doctype html><html><head></head><body>{page}</body></html>") == expected


def test_a_script_is_allowed_by_the_sha256_of_its_exact_text() -> None:
    # printf 'var a = 1;' | openssl dgst -sha256 -binary | base64
    assert script_hash("var a = 1;") == "'sha256-+dZ6udsWxNVoGfScAq7t5IIF5UJb4F6RhjbN6oe1p4w='"


STORAGE = (
    '__md_scope=new URL("{base}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{{try{{t.setItem(a.pathname+"."+e,JSON.stringify(_))}}catch(e){{}}}}'
)
"""mkdocs-material's storage helpers, as its partials/javascripts/base.html writes them."""
TABS = 'var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'


def test_the_same_theme_script_on_several_pages_is_hashed_once() -> None:
    pages = [f"<script>{STORAGE.format(base='..')}</script><script>{TABS}</script>", f"<script>{TABS}</script>"]

    assert inline_script_hashes(pages) == sorted({script_hash(STORAGE.format(base="..")), script_hash(TABS)})


@pytest.mark.parametrize(
    "script",
    [
        "window.__xss=1",
        STORAGE.format(base="..") + ";window.__xss=1",
        STORAGE.format(base='.",location),window.__xss=1,("'),
        "window.__xss=1;" + TABS,
    ],
    ids=["any script", "theme script with more after it", "theme script with code in its base URL", "more before it"],
)
def test_an_inline_script_that_is_not_the_themes_is_never_hashed(script: str) -> None:
    assert inline_script_hashes([f"<p>Text</p><script>{script}</script>"]) == []


def test_each_page_depth_gets_the_storage_helpers_of_its_own_base_url() -> None:
    pages = [f"<script>{STORAGE.format(base=base)}</script>" for base in (".", "..", "../..", "/")]

    assert len(inline_script_hashes(pages)) == 4


def test_the_policy_allows_the_site_wasm_and_the_given_scripts_only() -> None:
    assert policy(["'sha256-AAA='"]) == (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-AAA='; worker-src 'self'; "
        "connect-src 'self'; style-src 'self' 'unsafe-inline'"
    )


@pytest.mark.parametrize(
    ("css", "css_path", "expected_css", "content"),
    [
        (
            """.a{--icon:url("data:image/svg+xml;charset=utf-8,<svg xmlns='http://www.w3.org/2000/svg'/>")}""",
            "assets/stylesheets/main.css",
            '.a{--icon:url("../images/css/{name}.svg")}',
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        ),
        (
            """.b{mask:url('data:image/svg+xml;charset=utf-8,<svg xmlns="x"><path d="M0%200"/></svg>')}""",
            "assets/css/extra.css",
            '.b{mask:url("../images/css/{name}.svg")}',
            b'<svg xmlns="x"><path d="M0 0"/></svg>',
        ),
        (
            ".c{background:url(data:image/png;base64,iVBORw0KGgo=)}",
            "style.css",
            '.c{background:url("assets/images/css/{name}.png")}',
            b"\x89PNG\r\n\x1a\n",
        ),
    ],
    ids=["svg in double quotes", "svg in single quotes, percent-encoded", "base64 png, site root"],
)
def test_a_data_image_in_a_stylesheet_becomes_a_file_of_the_site(
    css: str, css_path: str, expected_css: str, content: bytes
) -> None:
    write: dict[str, bytes] = {}

    changed = externalize_css_images(css, css_path, write)

    [(name, written)] = write.items()
    assert written == content
    assert name.startswith(f"{IMAGES_DIR}/")
    assert changed == expected_css.replace("{name}", Path(name).stem)


def test_a_data_url_of_an_unknown_image_type_names_the_stylesheet() -> None:
    with pytest.raises(ValueError, match=re.escape("assets/x.css: a data: URL of type image/x-icon")):
        externalize_css_images(".d{background:url(data:image/x-icon;base64,AA==)}", "assets/x.css", {})


def test_the_built_site_carries_its_policy_and_no_data_image(site_dir: Path) -> None:
    document = json.loads((site_dir / "csp.json").read_text(encoding="utf-8"))
    pages = [path.read_text(encoding="utf-8") for path in site_dir.rglob("*.html")]
    stylesheets = {path.name: path.read_text(encoding="utf-8") for path in site_dir.rglob("*.css")}

    assert document["script_hashes"] == inline_script_hashes(pages)
    assert 3 <= len(document["script_hashes"]) <= 8  # material's few helpers, at each page depth
    assert document["policy"] == policy(document["script_hashes"])
    assert (site_dir / "_headers").read_text(encoding="utf-8") == f"/*\n  Content-Security-Policy: {document['policy']}\n"
    assert [name for name, css in stylesheets.items() if "data:image" in css] == []
