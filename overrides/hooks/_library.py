"""The articles and images of the build in progress, shared by the hooks.

Not a hook itself (it is not listed under ``hooks:`` in mkdocs.yml): the hooks import it
to hand each other what ``on_files`` found. ``start`` is called once per build, so a
``mkdocs serve`` rebuild never sees the articles of the previous one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from helpcenter.convert import BlockRenderer
from helpcenter.model import Article, Problem


@dataclass(frozen=True)
class Link:
    """How a page links to an article: title, site-relative URL and edition badge."""

    title_html: str
    title_text: str
    url: str
    badge: str


@dataclass
class Library:
    project_root: str
    articles: dict[str, Article] = field(default_factory=dict)
    """Converted articles by the ``src_uri`` of their file."""
    files: dict[str, File] = field(default_factory=dict)
    """The file that an article id is served from (the first article with that id)."""
    images: set[str] = field(default_factory=set)
    """Names in the site's flat ``img/`` folder."""
    problems: list[Problem] = field(default_factory=list)
    """Problems found by the hooks themselves (not by the conversion)."""

    def project_path(self, file: File) -> str:
        """The file's path from the project root, as build messages name it."""
        if file.abs_src_path is None:
            return file.src_uri
        return os.path.relpath(file.abs_src_path, self.project_root).replace(os.sep, "/")

    def article_of(self, file: File) -> Article | None:
        return self.articles.get(file.src_uri)

    def link(self, article_id: str) -> Link | None:
        """A link to the article with this id, or None when the site has no such article."""
        file = self.files.get(article_id)
        if file is None:
            return None
        article = self.articles[file.src_uri]
        return Link(article.title_html, article.title_text, file.url, article.edition.badge)

    def links(self, articles: list[Article]) -> list[Link]:
        """Links to these articles (those the site serves), sorted by title."""
        found = {link.url: link for link in map(self.link, {a.id for a in articles if a.id}) if link}
        return sorted(found.values(), key=lambda link: link.title_text.lower())


_current: Library | None = None

BLOCKS: dict[str, BlockRenderer] = {}
"""Extra container types for ``helpcenter.convert`` (``::: simulator …``), registered by
the hooks that render them (in ``on_config``, before the articles are converted)."""


def start(config: MkDocsConfig) -> Library:
    """Forget the previous build and start collecting this one."""
    global _current
    _current = Library(project_root=os.path.dirname(os.path.abspath(config.config_file_path)))
    return _current


def serve_at(file: File, dest_uri: str) -> None:
    """Move a file's output; its URL and output path follow."""
    file.dest_uri = dest_uri
    for derived in ("url", "abs_dest_path"):
        file.__dict__.pop(derived, None)


def current() -> Library:
    if _current is None:
        raise RuntimeError("the articles hook has not run: list it first under hooks: in mkdocs.yml")
    return _current
