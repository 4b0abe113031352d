"""The rulebook in "How the simulator decides": a ``<!-- rulebook -->`` line becomes the
table of rules that :mod:`simulator.rulebook` produces by running the engine.

A thin adapter: the rows and their Markdown come from ``simulator.rulebook``; this hook
only finds the marker, names the article's sections after its headings and links them.
A witness the engine no longer agrees with fails the build.
"""

from __future__ import annotations

import posixpath
import re

import _library
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from simulator.model import ARTICLE
from simulator.rulebook import RulebookError, rulebook, section_titles, to_markdown

MARKER = re.compile(r"^<!--\s*rulebook\s*-->[ \t]*$", re.M)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not MARKER.search(markdown):
        return markdown
    try:
        entries = rulebook()
    except RulebookError as error:
        raise PluginError(f"{page.file.src_uri}: the rulebook does not match the engine: {error}") from None
    article = _library.current().articles.get(ARTICLE)
    titles = section_titles([(h.level, h.text, h.anchor) for h in article.headings]) if article else {}
    link = posixpath.relpath(ARTICLE, posixpath.dirname(page.file.src_uri) or ".")
    table = to_markdown(entries, link, titles)
    return MARKER.sub(lambda _: table, markdown)
