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
from dataclasses import replace

from markdown_it import MarkdownIt

from helpcenter.convert import BlockSource
from helpcenter.model import Problem
from helpcenter.prerendered import region
from simulator.model import ARTICLE
from simulator.connect import Step
from simulator.scenarios import NOT_SENT, preset
from simulator.widget import Pane, WidgetState, initial_state, origin_from_block, render
from simulator.widget.block import claims_from_block
from simulator.widget.claims import KEY as CLAIM_KEY
from simulator.widget.claims import ClaimError, check_claims
from simulator.widget.state import ANSWER_PANES, wizard_of

ARTICLE_URL = "articles/" + posixpath.basename(ARTICLE).replace(".md", ".html")
"""Where the article the explanations link to is served (articles live at articles/<id>.html)."""
WORKBENCH_URL = "simulator.html"
"""Where the full-page simulator is served; a focused block links to it with its scenario."""

_BLOCK = re.compile(r"^(?P<fence>:{3,})[ \t]*simulator\b(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)

Report = Callable[[int, str], None]
"""Says that something is wrong at a line of the page's file."""


class PageSimulators:
    """The simulators of one page: each gets a unique element id, its claims checked.

    ``article_link`` is how the widget links to the article its explanations cite
    (``""``: the page is that article); problems go to ``problems``.
    """

    def __init__(self, path: str, article_link: str = "", workbench: str = "../" + WORKBENCH_URL) -> None:
        self.path = path
        self.article_link = article_link
        self.workbench = workbench
        """The full-page simulator, relative to the page (``""``: the page is it)."""
        self.problems: list[Problem] = []
        self._counts: dict[str, int] = {}

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def render(self, block: BlockSource) -> str:
        """The widget's HTML; ValueError (a named option, an unknown preset) otherwise."""
        return render(self.first_state(block))

    def first_state(self, block: BlockSource) -> WidgetState:
        """The state the block shows on first paint, its claims checked."""
        origin = origin_from_block(block.info, block.body, self.article_link)
        if origin.view:
            origin = replace(origin, workbench=self.workbench)
        key = f"simulator-{origin.preset}"
        count = self._counts[key] = self._counts.get(key, 0) + 1
        if count > 1:
            key = f"{key}-{count}"
        state = initial_state(origin, key)
        self._check(block, state)
        return state

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


def workbench_link_from(dest: str) -> str:
    """The link from the page served at ``dest`` to the full-page simulator; empty on it."""
    return "" if dest == WORKBENCH_URL else posixpath.relpath(WORKBENCH_URL, posixpath.dirname(dest) or ".")


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

    A focused block whose view shows no answer (the wizard's screen alone) says in one
    sentence, from its claims, what the App gets: the point of its section in words,
    and what happens next while the App is not connected yet.
    """

    def render_marked(block: BlockSource) -> str:
        state = simulators.first_state(block)
        widget = render(state)
        classes = "hc-block hc-block--simulator" + (" hc-block--pictured" if block.pictures else "")
        ident = f' id="{html.escape(block.anchor)}"' if block.anchor else ""
        caption = block_caption(block, state)
        said = answers_sentence(block_answers(block), wizard_of(state).step is Step.DONE) if not state.panes & ANSWER_PANES else ""
        return (
            f'<div class="{classes}"{ident}>\n'
            f'<p class="hc-block__caption">{html.escape(caption)}</p>\n{said}'
            f'<section class="hc-block__live" data-search-exclude>\n{widget}\n</section>\n</div>'
        )

    return render_marked


def block_caption(block: BlockSource, state: WidgetState | None = None) -> str:
    """One sentence on what the block shows: the alt text of a picture it stands in for
    (the first, a screen of the wizard; the last, the outcome, when the block's view
    leaves the wizard out), else its example's title."""
    if block.pictures:
        wizard_shown = state is None or Pane.WIZARD in state.panes
        return block.pictures[0 if wizard_shown else -1].alt
    origin = origin_from_block(block.info, block.body)
    return preset(origin.preset).title


_ARROW = re.compile(r"\s(?:→|->)\s")
_QUOTED_TAIL = re.compile(r"""\s+(?:"[^"]*"|'[^']*')\s*$""")


def block_answers(block: BlockSource) -> list[tuple[str, str]]:
    """The requests the block's text claims, each with its answer (``GET hat``, ``403
    refused by scope``). The quoted part of a message is left out (the widget shows it
    whole); the build has held each claim to the engine."""
    found: list[tuple[str, str]] = []
    for line in block.body.splitlines():
        name, colon, value = line.partition(":")
        if not colon or name.strip() != CLAIM_KEY:
            continue
        parts = _ARROW.split(value.strip(), maxsplit=1)
        if len(parts) == 2:
            found.append((parts[0].strip(), _QUOTED_TAIL.sub("", parts[1]).strip()))
    return found


def answers_sentence(answers: list[tuple[str, str]], connected: bool) -> str:
    """What the App gets, in words: "Once the App is connected: …" before the wizard's
    end; requests that are never sent (the App cannot be connected) said apart."""
    sent = [(request, answer) for request, answer in answers if not answer.startswith(NOT_SENT)]
    unsent = [request for request, answer in answers if answer.startswith(NOT_SENT)]
    parts = []
    if sent:
        parts.append(
            ("The App gets: " if connected else "Once the App is connected: ")
            + "; ".join(f"<code>{html.escape(request)}</code> → {html.escape(answer)}" for request, answer in sent)
            + "."
        )
    if unsent:
        parts.append(
            "The App is not connected, so it sends nothing: "
            + ", ".join(f"<code>{html.escape(request)}</code>" for request in unsent)
            + " not sent."
        )
    return f'<p class="hc-block__answers">{" ".join(parts)}</p>\n' if parts else ""


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
