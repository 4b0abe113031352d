"""Heading anchors exactly as the old help center made them.

The old build used markdown-it-toc-and-anchor 4.2.0, which slugged with uslug 1.0.4 and
numbered repeats with a plain per-slug counter. Links written against the old site
(``other-id.html#some-heading``) keep working only if every rule below is kept,
quirks included.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

from html.parser import HTMLParser

from markdown_it.token import Token

_KEPT = "-_~"
_KEPT_CATEGORIES = ("L", "N", "M")
_SEPARATOR_CATEGORY = "Z"


def slugify(text: str) -> str:
    """uslug: NFKC, keep letters, digits, marks and ``-_~``, separators become spaces.

    uslug walked JavaScript strings by UTF-16 code unit, so a character beyond the
    Basic Multilingual Plane (emoji, rare CJK) was two surrogate halves of no kept
    category: it is dropped here too.
    """
    kept: list[str] = []
    for char in unicodedata.normalize("NFKC", text):
        if ord(char) > 0xFFFF:
            continue
        category = unicodedata.category(char)[0]
        if char in _KEPT or category in _KEPT_CATEGORIES:
            kept.append(char)
        elif category == _SEPARATOR_CATEGORY:
            kept.append(" ")
    words = "".join(kept).strip(" ")
    slug: list[str] = []
    for char in words:
        if char in " -":
            if not slug or slug[-1] != "-":
                slug.append("-")
        else:
            slug.append(char)
    return "".join(slug).lower()


def heading_text(children: Sequence[Token]) -> str:
    """The text the old build slugged: every inline token's content, joined.

    A heading that starts with a link used only the token right after ``link_open``
    (the first piece of the link text), and nothing after the link.
    """
    if children and children[0].type == "link_open":
        return children[1].content if len(children) > 1 else ""
    return "".join(child.content for child in children)


class Anchors:
    """Hands out a page's anchors: the n-th heading with one slug gets ``slug-n``.

    A plain per-slug counter with no collision check: ``Dup``, ``Dup``, ``Dup 2``,
    ``Dup`` give ``dup``, ``dup-2``, ``dup-2``, ``dup-3``, as on the old site.
    """

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()

    def anchor(self, text: str) -> str:
        slug = slugify(text)
        self._seen[slug] += 1
        count = self._seen[slug]
        return slug if count == 1 else f"{slug}-{count}"


class _Ids(HTMLParser):
    """Every ``id`` (and ``<a name>``) of a page's HTML: what ``#anchor`` can reach."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (tag == "a" and name == "name")):
                self.ids.append(value)


def html_ids(html: str) -> tuple[str, ...]:
    """The distinct ids of a body's HTML (headings', and those written in raw HTML), sorted."""
    parser = _Ids()
    parser.feed(html)
    parser.close()
    return tuple(sorted(set(parser.ids)))
