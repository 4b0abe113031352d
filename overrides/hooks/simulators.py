"""Simulators in pages: ``::: simulator <preset>`` … ``:::``, prerendered at build time.

A thin adapter: :mod:`simulator.widget` reads the block and renders its first state in
CPython, so the page shows the results with JavaScript off and search indexes them;
``assets/js/simulator-widget.mjs`` makes the same HTML live. Articles get the renderer
through ``helpcenter.convert(blocks=…)`` (a mistake becomes an error at the block's
line); plain MkDocs pages (the full-page simulator) are handled here.
"""

from __future__ import annotations

import logging
import posixpath
import re
import uuid

from helpcenter.convert import BlockSource
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import _library
from simulator.sections import ARTICLE
from simulator.widget import initial_state, origin_from_block, render

log = logging.getLogger("mkdocs.hooks.simulators")

ARTICLE_URL = "articles/" + posixpath.basename(ARTICLE).replace(".md", ".html")
"""Where the article the explanations link to is served (articles live at articles/<id>.html)."""

_BLOCK = re.compile(r"^(?P<fence>:{3,})[ \t]*simulator\b(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
_TOKEN = f"helpcenter-simulator-{uuid.uuid4().hex}"

_keys: dict[str, int] = {}
"""How many simulators each page has so far: each gets a unique element id."""
_pending: dict[str, dict[str, str]] = {}
"""Plain pages: placeholder → widget HTML, between on_page_markdown and on_page_content."""


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _library.BLOCKS["simulator"] = _render_block
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    _keys.clear()
    _pending.clear()


def _render_block(block: BlockSource, article: str = "") -> str:
    """The widget for one block; ValueError (named option, unknown preset) otherwise."""
    origin = origin_from_block(block.info, block.body, article)
    key = f"simulator-{origin.preset}"
    count = _keys[f"{block.path}#{key}"] = _keys.get(f"{block.path}#{key}", 0) + 1
    if count > 1:
        key = f"{key}-{count}"
    return render(initial_state(origin, key))


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _library.current().article_of(page.file) is not None:
        return markdown  # the dialect renders the article's blocks
    here = posixpath.dirname(page.file.dest_uri)
    article = posixpath.relpath(ARTICLE_URL, here or ".")
    found: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        line = markdown.count("\n", 0, match.start()) + 1
        block = BlockSource("simulator", match["info"].strip(), match["body"], line, page.file.src_uri)
        try:
            widget = _render_block(block, article)
        except ValueError as error:
            log.warning("%s:%d: %s", page.file.src_uri, line, error)
            return ""
        token = f"{_TOKEN}-{len(found)}"
        found[token] = widget
        return f"\n\n{token}\n\n"

    markdown = _BLOCK.sub(replace, markdown)
    if found:
        _pending[page.file.src_uri] = found
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    for token, widget in _pending.pop(page.file.src_uri, {}).items():
        html = html.replace(f"<p>{token}</p>", widget)
    return html
