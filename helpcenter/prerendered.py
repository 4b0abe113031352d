"""A Python-Markdown extension: HTML the compile step made passes through verbatim.

The compiled docs tree holds Markdown pages whose parts (an article's body, a persona
page, a prerendered simulator) are already HTML, between two marker comments::

    <!-- helpcenter:html toc=2 -->
    <h1 id="intro">Intro<a class="headerlink" …>¶</a></h1> …
    <!-- /helpcenter:html -->

Python-Markdown would otherwise read that HTML as Markdown-with-HTML (a blank line
inside a ``<pre>``, an author's unclosed ``<div>``, text that looks like emphasis).
The region is stashed whole, so the page gets it byte for byte. With ``toc=N`` the
region's headings down to level N (those with an id), and those marked
``data-hc-toc``, become the page's table of contents, in the ``toc_tokens`` shape that both MkDocs and Zensical read: the site
generators see no raw HTML headings otherwise.

Both renderers run Python-Markdown extensions (Zensical runs no MkDocs plugin or hook),
so this one module serves both. Listed in ``mkdocs.yml`` as ``helpcenter.prerendered``.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

BEGIN = "<!-- helpcenter:html -->"
END = "<!-- /helpcenter:html -->"
TOC_MARK = "data-hc-toc"
"""A heading carrying this attribute is in the table of contents whatever its level
(the heading a simulator of an article stands under)."""
_BEGIN = re.compile(r"<!-- helpcenter:html(?: toc=(?P<depth>[1-6]))? -->")


def region(body: str, toc_depth: int | None = None) -> str:
    """``body`` (HTML) as a region the extension passes through, blank lines around."""
    begin = BEGIN if toc_depth is None else f"<!-- helpcenter:html toc={toc_depth} -->"
    # An author's raw HTML may hold the marker comment itself: it must not end the region.
    body = body.replace(END, "<!-- / helpcenter:html -->")
    return f"\n\n{begin}\n{body.rstrip()}\n{END}\n\n"


class _Headings(HTMLParser):
    """Headings with an id, as toc entries: level, id, plain text and inner HTML."""

    def __init__(self, depth: int) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = depth
        self.found: list[dict[str, Any]] = []
        self._open: dict[str, Any] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        wanted = int(tag[1]) <= self.depth or TOC_MARK in attributes if re.fullmatch(r"h[1-6]", tag) else False
        if wanted and attributes.get("id"):
            self._open = {"level": int(tag[1]), "id": attributes["id"], "text": [], "html": [], "tag": tag}
            return
        if self._open is None:
            return
        if tag == "a" and "headerlink" in (attributes.get("class") or "").split():
            self._skip += 1
            return
        if not self._skip:
            self._open["html"].append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if self._open is None:
            return
        if tag == self._open["tag"]:
            text = " ".join("".join(self._open["text"]).split())
            self.found.append({
                "level": self._open["level"],
                "id": self._open["id"],
                "name": html.escape(text, quote=False),
                "html": "".join(self._open["html"]).strip(),
                "data-toc-label": "",
                "children": [],
            })
            self._open = None
        elif self._skip and tag == "a":
            self._skip -= 1
        elif not self._skip:
            self._open["html"].append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._open is not None and not self._skip:
            self._open["text"].append(data)
            self._open["html"].append(html.escape(data, quote=False))


def toc_tokens(body: str, depth: int) -> list[dict[str, Any]]:
    """The headings of ``body`` down to ``depth``, nested as Python-Markdown nests them."""
    parser = _Headings(depth)
    parser.feed(body)
    parser.close()
    roots: list[dict[str, Any]] = []
    open_items: list[dict[str, Any]] = []
    for item in parser.found:
        while open_items and open_items[-1]["level"] >= item["level"]:
            open_items.pop()
        (open_items[-1]["children"] if open_items else roots).append(item)
        open_items.append(item)
    return roots


class _StashRegions(Preprocessor):
    """Replaces each region with one stash placeholder (after MkDocs read its ids)."""

    def __init__(self, md: Markdown, extension: PrerenderedExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.toc = None
        kept: list[str] = []
        index = 0
        while index < len(lines):
            begin = _BEGIN.fullmatch(lines[index].strip())
            if begin is None:
                kept.append(lines[index])
                index += 1
                continue
            try:
                end = next(i for i in range(index + 1, len(lines)) if lines[i].strip() == END)
            except StopIteration:
                kept.append(lines[index])  # not closed: left to Python-Markdown as it is
                index += 1
                continue
            body = "\n".join(lines[index + 1 : end])
            if begin["depth"]:
                self.extension.toc = (self.extension.toc or []) + toc_tokens(body, int(begin["depth"]))
            kept += ["", self.md.htmlStash.store(body), ""]
            index = end + 1
        return kept


class _RegionToc(Treeprocessor):
    """After ``toc``: a page whose HTML came compiled gets that HTML's headings."""

    def __init__(self, md: Markdown, extension: PrerenderedExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Any) -> None:
        if self.extension.toc is not None:
            self.md.toc_tokens = self.extension.toc  # type: ignore[attr-defined]


class PrerenderedExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.toc: list[dict[str, Any]] | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.registerExtension(self)
        # Below MkDocs' raw-HTML id reader (21), above Python-Markdown's html_block (20).
        md.preprocessors.register(_StashRegions(md, self), "helpcenter_prerendered", 20.5)
        # Below toc (5): its tokens are replaced, not merged.
        md.treeprocessors.register(_RegionToc(md, self), "helpcenter_prerendered_toc", 4)

    def reset(self) -> None:
        self.toc = None


def makeExtension(**kwargs: Any) -> PrerenderedExtension:  # noqa: N802 - Python-Markdown's name
    return PrerenderedExtension(**kwargs)
