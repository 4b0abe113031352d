"""Convert one help-center article: source text → :class:`~helpcenter.model.Article`.

The body is CommonMark as markdown-it renders it (what the articles were written for),
with the dialect's containers, emoji, invisible HTML comments and the old site's heading
anchors. The HTML is final: a site builder puts it into the page as it is.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, cast

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from helpcenter import emoji, front_matter
from helpcenter.anchors import Anchors, heading_text, html_ids
from helpcenter.containers import container_plugin, drop_stray_fences
from helpcenter.highlight import highlight
from helpcenter.prerendered import TOC_MARK
from helpcenter.model import Article, Heading, Problem, Reference, Severity


@dataclass(frozen=True)
class Picture:
    """An image of the body: where it comes from and what it shows."""

    src: str
    alt: str


@dataclass(frozen=True)
class BlockSource:
    """An extra container found in the body, e.g. ``::: simulator erp-owns-master``."""

    type: str
    info: str
    """The rest of the opening line after the type."""
    body: str
    """The raw source between the opening and the closing line."""
    line: int
    """The file line of the opening ``:::`` line."""
    path: str
    pictures: tuple[Picture, ...] = ()
    """The pictures of the paragraphs right before the block, holding nothing but
    images: the screens the block shows live. On screen the block stands in for them;
    they stay for print, and for whoever reads the source."""
    anchor: str = ""
    """The id the block's wrapper gets: the "Try it" link next to its heading points there."""
    heading: str = ""
    """The text of the heading the block stands under (empty: none)."""


BlockRenderer = Callable[[BlockSource], str]
"""Returns the HTML that replaces an extra container.

A renderer reports a mistake in the block's source by raising :class:`ValueError`: its
message becomes an error at the block's line and the block renders as nothing.
"""


def convert(
    source: str, path: str = "<article>", blocks: Mapping[str, BlockRenderer] | None = None
) -> Article:
    """Convert an article's source (the whole file, front matter included)."""
    source = source.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    meta = front_matter.parse(source)
    problems = [Problem(path, line, message, severity) for line, message, severity in meta.problems]

    # Blank the front matter out rather than cut it, so token lines are file lines.
    lines = source.split("\n")
    body = "\n" * meta.lines + "\n".join(lines[meta.lines :])
    renderers = dict(blocks or {})
    md = _markdown(frozenset(renderers))
    env: dict[str, Any] = {"problems": [], "blocks": renderers, "path": path}
    tokens = md.parse(body, env)
    headings = tuple(_anchor_headings(md, tokens, env))
    _place_blocks(tokens, {heading.anchor for heading in headings})
    links, images = _references(tokens)
    html_body = md.renderer.render(tokens, md.options, env)
    problems += (Problem(path, line + 1, message, severity) for line, message, severity in env["problems"])
    problems.sort(key=lambda problem: problem.line)

    return Article(
        path=path,
        id=meta.id,
        title_html=front_matter.title_html(meta.title),
        title_text=front_matter.title_text(meta.title),
        themes=meta.themes,
        popular=meta.popular,
        edition=meta.edition,
        related=meta.related,
        html=html_body,
        headings=headings,
        links=tuple(links),
        images=tuple(images),
        problems=tuple(problems),
        front_matter_lines=meta.lines,
        key_lines=meta.key_lines,
        anchors=html_ids(html_body),
    )


@functools.lru_cache(maxsize=8)
def _markdown(raw_types: frozenset[str]) -> MarkdownIt:
    """The parser: markdown-it in CommonMark mode with the dialect's rules."""
    md = MarkdownIt(
        "commonmark", {"html": True, "linkify": False, "typographer": False, "breaks": False}
    )
    md.enable(["table", "strikethrough"])  # the old build's "default" preset had both
    container_plugin(md, raw_types)
    md.core.ruler.before("inline", "stray_fences", drop_stray_fences)
    md.core.ruler.after("text_join", "emoji", _emoji)
    md.add_render_rule("emoji", lambda self, tokens, idx, options, env: tokens[idx].content)
    md.add_render_rule("html_block", _html_block)
    md.add_render_rule("html_inline", _html_inline)
    md.add_render_rule("fence", _fence)
    md.add_render_rule("heading_open", _heading_open)
    md.add_render_rule("heading_close", _heading_close)
    md.add_render_rule("raw_block", _raw_block)
    return md


def _emoji(state: StateCore) -> None:
    """Core rule: emoji shortcodes and smileys in text (not in code, HTML or autolinks)."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        in_autolink = 0
        for token in block.children:
            if token.type in ("link_open", "link_close") and token.info == "auto":
                in_autolink += token.nesting
            if token.type != "text" or in_autolink:
                children.append(token)
                continue
            for piece, is_emoji in emoji.split(token.content):
                new = Token("emoji" if is_emoji else "text", "", 0)
                new.content, new.level = piece, token.level
                children.append(new)
        block.children = children


def _anchor_headings(md: MarkdownIt, tokens: Sequence[Token], env: dict[str, Any]) -> Iterator[Heading]:
    anchors = Anchors()
    renderer = cast(RendererHTML, md.renderer)
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        children = inline.children or []
        text = heading_text(children)
        anchor = anchors.anchor(text)
        token.meta["anchor"] = tokens[index + 2].meta["anchor"] = anchor
        yield Heading(
            level=int(token.tag[1]),
            text=text,
            html=renderer.renderInline(children, md.options, env),
            anchor=anchor,
            line=(token.map[0] if token.map else 0) + 1,
        )


TRY_IT = "Try it"
TRY_PREFIX = "try-"
SCREEN_CLASS = "hc-screen"
"""The class of a paragraph of pictures a live block stands in for on screen."""
IN_TOC = TOC_MARK


def _heading_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    marked = f" {IN_TOC}" if token.meta.get("tries") else ""
    return f'<{token.tag} id="{html.escape(token.meta["anchor"])}"{marked}>'


def _heading_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """Close the heading after the permalink mkdocs-material puts on every heading,
    then a "Try it" link to each block of its section."""
    token = tokens[idx]
    anchor = html.escape(token.meta["anchor"])
    tries = "".join(
        f'<p class="hc-try" data-search-exclude><a class="hc-try__link" href="#{html.escape(target)}" aria-label="{TRY_IT}: {html.escape(words)}">'
        f"{TRY_IT}</a></p>\n"
        for target, words in token.meta.get("tries", ())
    )
    return (
        f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a>'
        f"</{token.tag}>\n{tries}"
    )


def _place_blocks(tokens: Sequence[Token], taken: set[str]) -> None:
    """Give each extra block its pictures, its heading and an id for its "Try it" link.

    The pictures are those of the image-only paragraphs right before the block (their
    paragraphs get :data:`SCREEN_CLASS`); the heading is the last one before it, whose
    "Try it" link points to the block. A heading below level 3 is named with its
    parent ("Example, Locales"): an article repeats such headings.
    """
    heading: tuple[Token, Token] | None = None
    path: list[tuple[int, str]] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = (token, tokens[index + 2])
            level = int(token.tag[1])
            path = [entry for entry in path if entry[0] < level] + [(level, heading_text(tokens[index + 1].children or []))]
            continue
        if token.type != "raw_block":
            continue
        token.meta["pictures"] = tuple(_pictures_before(tokens, index))
        if heading is None:
            continue
        opening, closing = heading
        anchor = _free(TRY_PREFIX + opening.meta["anchor"], taken)
        taken.add(anchor)
        token.meta["anchor"] = anchor
        words = path[-1][1]
        if path[-1][0] > 3 and len(path) > 1:
            words = f"{words}, {path[-2][1]}"
        token.meta["heading"] = words
        for marked in (opening, closing):
            marked.meta.setdefault("tries", []).append((anchor, words))


def _free(anchor: str, taken: set[str]) -> str:
    if anchor not in taken:
        return anchor
    count = 2
    while f"{anchor}-{count}" in taken:
        count += 1
    return f"{anchor}-{count}"


def _pictures_before(tokens: Sequence[Token], index: int) -> list[Picture]:
    """The images of the image-only paragraphs just before ``tokens[index]``, in order;
    their paragraphs are marked as pictures of the block."""
    found: list[Picture] = []
    end = index
    while end >= 3 and [t.type for t in tokens[end - 3 : end]] == ["paragraph_open", "inline", "paragraph_close"]:
        children = tokens[end - 2].children or []
        images = [child for child in children if child.type == "image"]
        rest = [c for c in children if c.type not in ("image", "softbreak") and not (c.type == "text" and not c.content.strip())]
        if not images or rest:
            break
        tokens[end - 3].attrJoin("class", SCREEN_CLASS)
        found[:0] = [Picture(str(image.attrGet("src") or ""), image.content) for image in images]
        end -= 3
    return found


def _without_comments(text: str) -> str:
    """Raw HTML with its comments taken out: a comment is invisible whatever it holds."""
    kept: list[str] = []
    while (start := text.find("<!--")) != -1:
        kept.append(text[:start])
        end = text.find("-->", start + 2)  # from + 2: "<!-->" and "<!--->" are comments too
        if end == -1:
            return "".join(kept)
        text = text[end + 3 :]
    kept.append(text)
    return "".join(kept)


def _html_block(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    content = tokens[idx].content
    if not content.lstrip().startswith("<!--"):
        return content
    rest = _without_comments(content)
    return rest if rest.strip() else ""


def _html_inline(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    content = tokens[idx].content
    return "" if content.startswith("<!--") else content


def _fence(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
    return highlight(token.content, language)


def _raw_block(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """An extra container: its caller-given renderer makes the HTML."""
    token = tokens[idx]
    line = (token.map[0] if token.map else 0) + 1
    block = BlockSource(
        token.meta["type"], token.meta["rest"], token.content, line, env["path"],
        token.meta.get("pictures", ()), token.meta.get("anchor", ""), token.meta.get("heading", ""),
    )
    try:
        return str(env["blocks"][block.type](block)).rstrip("\n") + "\n"
    except ValueError as error:
        env["problems"].append((line - 1, f'{block.type} block: {error}', Severity.ERROR))
        return ""


class _HtmlReferences(HTMLParser):
    """The ``<a href>`` and ``<img src>`` of a piece of raw HTML, with their lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "img": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.found.append((tag, value, self.getpos()[0]))


def _raw_html_references(text: str) -> list[tuple[str, str, int]]:
    parser = _HtmlReferences()
    try:
        parser.feed(_without_comments(text))
        parser.close()
    except Exception:  # noqa: BLE001 - the HTML parser must not fail a build on odd markup
        pass
    return parser.found


def _references(tokens: Sequence[Token]) -> tuple[list[Reference], list[Reference]]:
    """Links and images of the body, each with its file line, for the site-wide checks."""
    links: list[Reference] = []
    images: list[Reference] = []

    def add_raw(content: str, first_line: int) -> None:
        for tag, target, line in _raw_html_references(content):
            (images if tag == "img" else links).append(Reference(target, first_line + line - 1))

    for token in tokens:
        line = (token.map[0] if token.map else 0) + 1
        if token.type == "html_block":
            add_raw(token.content, line)
        elif token.type == "container_open":
            links.extend(Reference(url, line) for url in token.meta["markup"].links)
        elif token.type == "inline":
            for child in token.children or []:
                if child.type == "link_open":
                    links.append(Reference(str(child.attrGet("href") or ""), line))
                elif child.type == "image":
                    images.append(Reference(str(child.attrGet("src") or ""), line))
                elif child.type == "html_inline":
                    add_raw(child.content, line)
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "html_inline":
                    line += child.content.count("\n")
    return links, images
