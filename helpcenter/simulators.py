"""Simulators in pages: ``::: simulator <preset>`` … ``:::``, prerendered at build time.

:mod:`simulator.widget` reads the block and renders its first state in CPython, so the
page shows the results with JavaScript off and search indexes them;
``assets/js/simulator-widget.mjs`` makes the same HTML live. Articles get the renderer
through ``helpcenter.convert(blocks=…)`` (a mistake becomes an error at the block's
line); plain Markdown pages (the full-page simulator, the guides) through
:func:`prerender_page`.

A block's ``expect:`` lines (what the text claims about its example) are answered by the
engine here: a claim the engine does not confirm is a build problem at the claim's own
line, naming the request, what the text expects and what the simulator answers.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable

from markdown_it import MarkdownIt

from helpcenter.convert import BlockSource
from helpcenter.model import Problem
from helpcenter.prerendered import region
from simulator.model import ARTICLE
from simulator.scenarios import preset
from simulator.widget import WidgetState, initial_state, origin_from_block, render
from simulator.widget.block import claims_from_block
from simulator.widget.claims import ClaimError, check_claims

ARTICLE_URL = "articles/" + posixpath.basename(ARTICLE).replace(".md", ".html")
"""Where the article the explanations link to is served (articles live at articles/<id>.html)."""

_BLOCK = re.compile(r"^(?P<fence>:{3,})[ \t]*simulator\b(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)

Report = Callable[[int, str], None]
"""Says that something is wrong at a line of the page's file."""


class PageSimulators:
    """The simulators of one page: each gets a unique element id, its claims checked.

    ``article_link`` is how the widget links to the article its explanations cite
    (``""``: the page is that article); problems go to ``problems``.
    """

    def __init__(self, path: str, article_link: str = "") -> None:
        self.path = path
        self.article_link = article_link
        self.problems: list[Problem] = []
        self._counts: dict[str, int] = {}

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def render(self, block: BlockSource) -> str:
        """The widget's HTML; ValueError (a named option, an unknown preset) otherwise."""
        origin = origin_from_block(block.info, block.body, self.article_link)
        key = f"simulator-{origin.preset}"
        count = self._counts[key] = self._counts.get(key, 0) + 1
        if count > 1:
            key = f"{key}-{count}"
        state = initial_state(origin, key)
        self._check(block, state)
        return render(state)

    def _check(self, block: BlockSource, state: WidgetState) -> None:
        """Hold the block's claims to the engine; the body's line n is the file's line + n."""
        try:
            claims = claims_from_block(block.body)
        except ClaimError as error:
            self.report(block.line + error.line, f"simulator block: {error}")
            return
        for disagreement in check_claims(state, claims):
            self.report(
                block.line + disagreement.line,
                f"simulator example disagrees with the text: {disagreement.message}",
            )


def article_link_from(dest: str) -> str:
    """The link from the page served at ``dest`` to the article explanations cite."""
    return posixpath.relpath(ARTICLE_URL, posixpath.dirname(dest) or ".")


def article_block(simulators: PageSimulators) -> Callable[[BlockSource], str]:
    """The article's renderer of extra blocks: marked, so the page (and the tests
    comparing the page with the source) tell the simulator from the article's text.

    The wrapper carries the id the heading's "Try it" link points to. Its caption, one
    sentence saying what the block shows, is what search finds of it: the widget itself
    (grids, forms, buttons) is left out of the search index. The excluded element is a
    ``<section>``, a tag the widget never holds: mkdocs-material's search parser tells
    elements apart by their tag only, so the first inner ``</div>`` would end a ``<div>``'s
    exclusion. A block that stands in for
    pictures (``hc-block--pictured``) gives way to them in print.
    """

    def render_marked(block: BlockSource) -> str:
        widget = simulators.render(block)
        classes = "hc-block hc-block--simulator" + (" hc-block--pictured" if block.pictures else "")
        ident = f' id="{html.escape(block.anchor)}"' if block.anchor else ""
        caption = block_caption(block)
        return (
            f'<div class="{classes}"{ident}>\n'
            f'<p class="hc-block__caption">{html.escape(caption)}</p>\n'
            f'<section class="hc-block__live" data-search-exclude>\n{widget}\n</section>\n</div>'
        )

    return render_marked


def block_caption(block: BlockSource) -> str:
    """One sentence on what the block shows: the alt text of the first picture it stands
    in for, else its example's title."""
    if block.pictures:
        return block.pictures[0].alt
    origin = origin_from_block(block.info, block.body)
    return preset(origin.preset).title


def prerender_page(markdown: str, simulators: PageSimulators) -> str:
    """A plain Markdown page with each simulator block replaced by its HTML (as a
    region passed through verbatim, left out of search as in articles); blocks shown
    as code stay code."""
    code = _code_lines(markdown)

    def replace(match: re.Match[str]) -> str:
        line = markdown.count("\n", 0, match.start()) + 1
        if line in code:
            return match[0]  # an example of the syntax, shown as code
        block = BlockSource("simulator", match["info"].strip(), match["body"], line, simulators.path)
        try:
            return region(f'<section class="hc-block__live" data-search-exclude>\n{simulators.render(block)}\n</section>')
        except ValueError as error:
            simulators.report(line, str(error))
            return ""

    return _BLOCK.sub(replace, markdown)


def _code_lines(markdown: str) -> frozenset[int]:
    """The 1-based lines of the page's fenced and indented code blocks."""
    lines: set[int] = set()
    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(token.map[0] + 1, token.map[1] + 1))
    return frozenset(lines)
