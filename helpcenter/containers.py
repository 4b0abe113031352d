"""The dialect's containers: ``::: <type> [title]`` … ``:::``.

``CONTAINERS`` below is the whole list of types an article may use; each dispatches to a
tiny function that returns the HTML around the container's body. Types a caller adds
(``convert(blocks=...)``, e.g. ``simulator``) keep their body as raw text for the
caller to render.

Parsing follows markdown-it-container, as the old build did: the type is matched at
the start of the trimmed info string (``:::info`` is ``::: info``), a container closes
at the first line of at least as many colons and nothing else, so a longer fence
(``::::``) wraps a shorter one. One deliberate difference: a ``:::`` line inside a
fenced code block or an HTML comment that starts inside the container does not close
it (markdown-it-container would have cut the code block or the comment in two).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore

from helpcenter.model import Severity

InlineRenderer = Callable[[str], str]
"""Renders one line of Markdown as inline HTML (used for container titles)."""


class ContainerError(ValueError):
    """The info line of a container cannot be used; the message says why."""


@dataclass(frozen=True)
class Markup:
    """The HTML a container puts around its body, and the links it holds itself."""

    open: str
    close: str
    links: tuple[str, ...] = field(default=())


def _admonition(css_class: str, default_title: str) -> Callable[[str, InlineRenderer], Markup]:
    """An admonition in mkdocs-material's own markup; the info line is its title."""

    def markup(rest: str, inline: InlineRenderer) -> Markup:
        title = inline(rest) if rest else html.escape(default_title)
        return Markup(
            f'<div class="admonition {css_class}">\n<p class="admonition-title">{title}</p>\n',
            "</div>\n",
        )

    return markup


_PANEL_LINK = re.compile(r"(?P<text>.*?)\[(?P<title>[^\]]*)\]\(\s*(?P<url>[^)\s]*)\s*\)\s*$")


def _panel_link(rest: str, inline: InlineRenderer) -> Markup:
    """``::: panel-link Text [Link title](url)``: a centred button to ``url``."""
    match = _PANEL_LINK.match(rest)
    if match is None or not match["url"]:
        raise ContainerError(f'panel-link needs "Text [Link title](url)", not "{rest}"')
    text, title, url = match["text"].strip(), match["title"].strip(), match["url"]
    label = f'<span class="panel-link__text">{inline(text)}</span> ' if text else ""
    return Markup(
        f'<div class="panel-link"><a class="md-button md-button--primary" '
        f'href="{html.escape(url)}">{label}<span class="panel-link__title">'
        f"{inline(title)}</span></a>\n",
        "</div>\n",
        (url,),
    )


CONTAINERS: dict[str, Callable[[str, InlineRenderer], Markup]] = {
    "info": _admonition("info", "Info"),
    "tips": _admonition("tip", "Tip"),
    "warning": _admonition("warning", "Warning"),
    "danger": _admonition("danger", "Danger"),
    "success": _admonition("success", "Success"),
    "ee": _admonition("ee", "Enterprise Edition"),
    "panel-link": _panel_link,
}
"""Every container type of the dialect → the function that marks it up."""


def match_type(info: str, types: Collection[str]) -> tuple[str, str] | None:
    """``(type, rest of the line)`` for the longest type the info string starts with."""
    info = info.strip()
    for candidate in sorted(types, key=len, reverse=True):
        if info.startswith(candidate):
            return candidate, info[len(candidate) :].strip()
    return None


_MIN_MARKERS = 3
_FENCE_OPEN = re.compile(r"(?P<marker>`{3,}|~{3,})(?P<info>.*)$")
_CLOSING = re.compile(r":{3,}[ \t]*$")


def _marker_count(line: str) -> int:
    return len(line) - len(line.lstrip(":"))


@dataclass
class _Skipped:
    """A fenced code block or an HTML comment the closing search is walking through."""

    line: int
    fence: str = ""
    """The fence that opened it (``` ``` ``` or ``~~~``); empty for a comment."""

    def ends_at(self, text: str, indent: int) -> bool:
        if not self.fence:
            return "-->" in text
        char = self.fence[0]
        stripped = text.rstrip(" \t")
        return (
            indent < 4
            and len(stripped) >= len(self.fence)
            and stripped == char * len(stripped)
        )


def _skip_starts(text: str, line: int) -> _Skipped | None:
    fence = _FENCE_OPEN.match(text)
    if fence is not None and not (fence["marker"][0] == "`" and "`" in fence["info"]):
        return _Skipped(line, fence["marker"])
    if text.startswith("<!--") and "-->" not in text:
        return _Skipped(line)
    return None


def _find_close(state: StateBlock, start_line: int, end_line: int, markers: int) -> tuple[int, _Skipped | None, bool]:
    """The line that closes the container opened at ``start_line``.

    Returns ``(line, unfinished, closed)``: the closing line (or where the parent ends),
    a code fence or comment still open there, and whether a closing line was found.
    """
    skipped: _Skipped | None = None
    line = start_line
    while True:
        line += 1
        if line >= end_line:
            return line, skipped, False
        begin = state.bMarks[line] + state.tShift[line]
        text = state.src[begin : state.eMarks[line]]
        indent = state.sCount[line] - state.blkIndent
        if text and indent < 0:
            return line, skipped, False  # a dedented line ends the list item around us
        if skipped is not None:
            if skipped.ends_at(text, indent):
                skipped = None
            continue
        if indent >= 4:
            continue
        skipped = _skip_starts(text, line)
        if skipped is None and _CLOSING.match(text) and _marker_count(text) >= markers:
            return line, None, True


def container_plugin(md: MarkdownIt, raw_types: Collection[str] = ()) -> None:
    """Parse containers into ``container_open``/``container_close`` or ``raw_block`` tokens.

    Problems go to ``env["problems"]`` as ``(source line, message, severity)``.
    """
    types = (*CONTAINERS, *raw_types)

    def inline(text: str) -> str:
        return str(md.renderInline(text))

    def container(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if state.is_code_block(start_line):
            return False
        begin = state.bMarks[start_line] + state.tShift[start_line]
        text = state.src[begin : state.eMarks[start_line]]
        markers = _marker_count(text)
        info = text[markers:].strip()
        if markers < _MIN_MARKERS or not info:
            return False  # a bare ":::" opens nothing: it stays text (see stray_fences)
        if silent:
            return True

        problems = state.env.setdefault("problems", [])
        matched = match_type(info, types)
        kind, rest = matched if matched else (info.split()[0], "")
        close_line, unfinished, closed = _find_close(state, start_line, end_line, markers)
        if not closed:
            message = f'container "{kind}" opened here is never closed'
            if unfinished is not None:
                what = "code block" if unfinished.fence else "HTML comment"
                message += f" (a {what} opened inside it on line {unfinished.line + 1} is never closed)"
            problems.append((start_line, message, Severity.ERROR))

        if kind in raw_types:
            token = state.push("raw_block", "div", 0)
            token.info, token.meta = info, {"type": kind, "rest": rest}
            token.map = [start_line, close_line + (1 if closed else 0)]
            token.content = state.getLines(start_line + 1, close_line, state.blkIndent, True)
            state.line = token.map[1]
            return True

        markup = Markup("", "")
        if matched is None:
            problems.append((start_line, f'unknown container type "{kind}"', Severity.ERROR))
        else:
            try:
                markup = CONTAINERS[kind](rest, inline)
            except ContainerError as error:
                problems.append((start_line, str(error), Severity.ERROR))

        old_parent, old_line_max = state.parentType, state.lineMax
        state.parentType = "container"
        state.lineMax = close_line  # lazy continuations must not run past the closing line
        opening = state.push("container_open", "div", 1)
        opening.info, opening.map = info, [start_line, close_line]
        opening.meta = {"type": kind, "markup": markup}
        state.md.block.tokenize(state, start_line + 1, close_line)
        closing = state.push("container_close", "div", -1)
        closing.meta = {"type": kind, "markup": markup}
        state.parentType, state.lineMax = old_parent, old_line_max
        state.line = close_line + (1 if closed else 0)
        return True

    md.block.ruler.before(
        "fence", "container", container, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.add_render_rule("container_open", lambda self, tokens, idx, options, env: tokens[idx].meta["markup"].open)
    md.add_render_rule("container_close", lambda self, tokens, idx, options, env: tokens[idx].meta["markup"].close)


_STRAY = re.compile(r"[ \t]*:{3,}[ \t]*$")


def drop_stray_fences(state: StateCore) -> None:
    """Core rule: a ``:::`` line that closes no container is dropped, with a warning.

    Such a line can only have become paragraph text (an opening line needs a type), so
    it is found in the paragraphs' source before inline parsing.
    """
    problems = state.env.setdefault("problems", [])
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "inline" or token.map is None or tokens[index - 1].type != "paragraph_open":
            continue
        lines = token.content.split("\n")
        kept = [line for line in lines if not _STRAY.match(line)]
        if len(kept) == len(lines):
            continue
        for offset, line in enumerate(lines):
            if _STRAY.match(line):
                problems.append(
                    (token.map[0] + offset, '":::" closes no container; it was dropped', Severity.WARNING)
                )
        token.content = "\n".join(kept)
        if not kept:
            tokens[index - 1].hidden = tokens[index + 1].hidden = True
