"""Simulators in pages: ``::: simulator <preset>`` … ``:::``, prerendered at build time.

A thin adapter: :mod:`simulator.widget` reads the block and renders its first state in
CPython, so the page shows the results with JavaScript off and search indexes them;
``assets/js/simulator-widget.mjs`` makes the same HTML live. Articles get the renderer
through ``helpcenter.convert(blocks=…)`` (a mistake becomes an error at the block's
line); plain MkDocs pages (the full-page simulator) are handled here.

A block's ``expect:`` lines (what the article claims about its example) are answered
by the engine here, in CPython: a claim the engine does not confirm is a build error
at the claim's own line, naming the request, what the text expects and what the
simulator answers.
"""

from __future__ import annotations

import logging
import posixpath
import re
import uuid
from typing import Callable

import _library
from markdown_it import MarkdownIt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from helpcenter.convert import BlockSource
from helpcenter.model import Problem
from simulator.model import ARTICLE
from simulator.widget import WidgetState, initial_state, origin_from_block, render
from simulator.widget.block import claims_from_block
from simulator.widget.claims import ClaimError, check_claims

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


Report = Callable[[int, str], None]
"""Says that something is wrong at a line of the page's file."""


def _render_block(block: BlockSource, article: str = "", report: Report | None = None) -> str:
    """The widget for one block, its claims checked; ValueError (named option, unknown
    preset) otherwise. In an article, a claim's problem joins the article's problems."""
    origin = origin_from_block(block.info, block.body, article)
    key = f"simulator-{origin.preset}"
    count = _keys[f"{block.path}#{key}"] = _keys.get(f"{block.path}#{key}", 0) + 1
    if count > 1:
        key = f"{key}-{count}"
    state = initial_state(origin, key)
    _check(block, state, report or _article_problem(block.path))
    return render(state)


def _check(block: BlockSource, state: WidgetState, report: Report) -> None:
    """Hold the block's claims to the engine; the body's line n is the file's line + n."""
    try:
        claims = claims_from_block(block.body)
    except ClaimError as error:
        report(block.line + error.line, f"simulator block: {error}")
        return
    for disagreement in check_claims(state, claims):
        report(block.line + disagreement.line, f"simulator example disagrees with the text: {disagreement.message}")


def _article_problem(path: str) -> Report:
    def report(line: int, message: str) -> None:
        _library.current().problems.append(Problem(path, line, message))

    return report


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _library.current().article_of(page.file) is not None:
        return markdown  # the dialect renders the article's blocks
    here = posixpath.dirname(page.file.dest_uri)
    article = posixpath.relpath(ARTICLE_URL, here or ".")
    found: dict[str, str] = {}
    code = _code_lines(markdown)

    def replace(match: re.Match[str]) -> str:
        line = markdown.count("\n", 0, match.start()) + 1
        if line in code:
            return match[0]  # an example of the syntax, shown as code
        block = BlockSource("simulator", match["info"].strip(), match["body"], line, page.file.src_uri)
        def report(at: int, message: str) -> None:
            log.warning("%s:%d: %s", page.file.src_uri, at, message)

        try:
            widget = _render_block(block, article, report)
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


def _code_lines(markdown: str) -> frozenset[int]:
    """The 1-based lines of the page's fenced and indented code blocks."""
    lines: set[int] = set()
    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(token.map[0] + 1, token.map[1] + 1))
    return frozenset(lines)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    for token, widget in _pending.pop(page.file.src_uri, {}).items():
        html = html.replace(f"<p>{token}</p>", widget)
    return html
