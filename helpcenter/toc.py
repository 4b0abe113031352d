"""A page's table of contents from its headings, shaped like MkDocs' toc tokens.

``mkdocs.structure.toc.get_toc(toc_tree(article.headings))`` gives the page its TOC;
``#`` and ``##`` headings form the page's summary, as on the old site.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from helpcenter.model import Heading

_TAG = re.compile(r"<[^>]*>")


def toc_tree(headings: Sequence[Heading], deepest: int = 2) -> list[dict[str, Any]]:
    """Nest the headings down to level ``deepest`` as ``{"level", "id", "name", "children"}``.

    ``name`` is the heading's text as escaped HTML without tags (as Python-Markdown's toc
    gives it); a heading deeper than the one before it becomes its child.
    """
    roots: list[dict[str, Any]] = []
    open_items: list[dict[str, Any]] = []
    for heading in headings:
        if heading.level > deepest:
            continue
        item = {
            "level": heading.level,
            "id": heading.anchor,
            "name": html.escape(html.unescape(_TAG.sub("", heading.html)), quote=False),
            "children": [],
        }
        while open_items and open_items[-1]["level"] >= heading.level:
            open_items.pop()
        (open_items[-1]["children"] if open_items else roots).append(item)
        open_items.append(item)
    return roots
