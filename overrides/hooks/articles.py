"""Help-center articles: converted by ``helpcenter``, served at ``articles/<id>.html``.

A page is an article when its front matter has an ``id`` or it lives in an
``articles/`` folder (so an article that lost its id is still checked). Its body is the
dialect's HTML, put in verbatim: Python-Markdown only ever sees a placeholder.
Other pages (the home page) are plain MkDocs Markdown.
"""

from __future__ import annotations

import posixpath
import uuid
from typing import Any, cast

import _library
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

import helpcenter
from helpcenter.convert import BlockRenderer, BlockSource
from helpcenter.site import anchor_ids
from helpcenter.toc import toc_tree

_BODY = f"helpcenter-article-body-{uuid.uuid4().hex}"
"""Stands for the article body while Python-Markdown renders the page."""


@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    library = _library.start(config)
    blocks = {kind: _marked(kind, render) for kind, render in _library.BLOCKS.items()}
    for file in files.documentation_pages():
        if not _is_article(file):
            continue
        article = helpcenter.convert(file.content_string, library.project_path(file), blocks=blocks)
        library.articles[file.src_uri] = article
        if article.id and article.id not in library.files:
            library.files[article.id] = file
            _library.serve_at(file, f"articles/{article.id}.html")
        # Articles are reached through the persona pages and search, not the sidebar.
        file.inclusion = InclusionLevel.NOT_IN_NAV
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    article = _library.current().article_of(page.file)
    if article is None:
        return markdown
    if article.title_text:
        page.meta["title"] = article.title_text
    return f"\n\n{_BODY}\n\n"


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    article = _library.current().article_of(page.file)
    if article is None:
        return html
    # toc_tree gives the dicts MkDocs' toc extension makes; get_toc types them as a TypedDict.
    page.toc = get_toc(cast(Any, toc_tree(article.headings)))
    # MkDocs validates links to anchors against what Python-Markdown saw, which is not
    # the article's HTML: tell it the article's own ids.
    page.present_anchor_ids = set(anchor_ids(article)) | (page.present_anchor_ids or set())
    # The wrapper also makes search index the page under its title, not its first heading.
    return html.replace(f"<p>{_BODY}</p>", f'<div class="hc-article-body">\n{article.html}</div>')


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    library = _library.current()
    article = library.article_of(page.file)
    if article is not None:
        # Unknown related ids are left out here; the checks hook names them.
        related = [link for link in map(library.link, article.related) if link]
        context["article"] = {
            "title_html": article.title_html,
            "notice": article.edition.notice,
            "badge": article.edition.badge,
            "related": related,
        }
    return context


def _marked(kind: str, render: BlockRenderer) -> BlockRenderer:
    """An extra block's renderer whose HTML says where it starts and ends.

    What the block renders (a simulator, say) is not the article's Markdown: the class
    lets the page (and the tests comparing the page with the source) tell them apart.
    """

    def render_marked(block: BlockSource) -> str:
        return f'<div class="hc-block hc-block--{kind}">\n{render(block)}\n</div>'

    return render_marked


def _is_article(file: File) -> bool:
    if "articles" in posixpath.dirname(file.src_uri).split("/"):
        return True
    _, meta = get_data(file.content_string)
    return "id" in meta

