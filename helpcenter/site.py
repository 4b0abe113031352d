"""Checks across the whole help center: what no single article can know alone.

Ids unique, themes known, images present in the flat ``img`` folder, links to articles
and anchors that exist, related articles that exist. The old build checked none of it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from urllib.parse import unquote, urlsplit

from helpcenter.model import Article, Problem, Reference, Severity
from helpcenter.themes import THEMES

IMAGE_PREFIX = "../img/"
_ARTICLE_LINK = re.compile(r"(?P<id>[^/]+)\.html")


def check_site(articles: Sequence[Article], images: Collection[str], public: Collection[str] = ()) -> list[Problem]:
    """Every site-wide problem; ``images`` holds the file names in the img folder,
    ``public`` the ids of the public help center's articles a related id may name."""
    by_id: dict[str, Article] = {}
    problems: list[Problem] = []
    for article in articles:
        if article.id is None:
            continue
        first = by_id.setdefault(article.id, article)
        if first is not article:
            problems.append(
                _at(article, "id", f'id "{article.id}" is already used by {first.path}')
            )
    anchors = {id: anchor_ids(article) for id, article in by_id.items()}
    for article in articles:
        problems += _themes(article)
        problems += _related(article, by_id, public)
        problems += _images(article, images)
        problems += _links(article, anchors)
    return problems


def _at(article: Article, key: str, message: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(article.path, article.key_lines.get(key, 1), message, severity)


def anchor_ids(article: Article) -> frozenset[str]:
    """Every id on the page a link may target: headings, and ids written in raw HTML."""
    return frozenset(article.anchors)


def _themes(article: Article) -> Iterator[Problem]:
    for theme in article.themes:
        if theme not in THEMES:
            yield _at(article, "themes", f'unknown theme "{theme}"')


def _related(article: Article, by_id: dict[str, Article], public: Collection[str]) -> Iterator[Problem]:
    """A related id is an article of this site or of the public help center (listed in
    mkdocs.yml); any other would be a dead link: an error, where the old build dropped
    it silently."""
    for id in article.related:
        if id not in by_id and id not in public:
            yield _at(
                article,
                "related",
                f'related article "{id}" is neither in this site nor listed under '
                f"extra.public_help_center in mkdocs.yml",
            )


def _images(article: Article, images: Collection[str]) -> Iterator[Problem]:
    """Every image comes from the flat img folder, written ``../img/<name>``: an image
    elsewhere (another folder, an absolute path, another site, a ``data:`` URL) is
    flagged, as the site serves only its own images and has no other folder."""
    for image in article.images:
        parts = urlsplit(image.target)
        if image.target.startswith(IMAGE_PREFIX) and not (parts.scheme or parts.netloc):
            # A fragment (``#only-dark``: material shows the image in one colour scheme) is no part of the name.
            name = unquote(parts.path[len(IMAGE_PREFIX) :])
            if "/" in name or "\\" in name or name in ("", ".", ".."):
                yield _reference(article, image, f'image "{_cut(image.target)}" leaves the img folder; write ../img/<name>')
            elif name not in images:
                yield _reference(article, image, f'image "{name}" is not in the img folder')
        elif parts.scheme or parts.netloc:
            yield _reference(
                article, image,
                f'image "{_cut(image.target)}" is not one of the site\'s own; put it in the img folder and write ../img/<name>',
            )
        else:
            yield _reference(article, image, f'image "{_cut(image.target)}" is outside the img folder; write ../img/<name>')


def _cut(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _links(article: Article, anchors: dict[str, frozenset[str]]) -> Iterator[Problem]:
    """Links to ``other-id.html``, ``other-id.html#anchor`` and ``#anchor``.

    External links and links to anything but an article are not checked.
    """
    own = anchor_ids(article)
    for link in article.links:
        parts = urlsplit(link.target)
        if parts.scheme or parts.netloc or parts.query:
            continue
        fragment = unquote(parts.fragment)
        if not parts.path:
            if fragment and fragment not in own:
                yield _reference(article, link, f'no heading "#{fragment}" on this page')
            continue
        match = _ARTICLE_LINK.fullmatch(parts.path)
        if match is None:
            continue
        target = unquote(match["id"])
        if target not in anchors:
            yield _reference(article, link, f'link to article "{target}", which does not exist')
        elif fragment and fragment not in anchors[target]:
            yield _reference(article, link, f'no heading "#{fragment}" in article "{target}"')


def _reference(article: Article, reference: Reference, message: str) -> Problem:
    return Problem(article.path, reference.line, message)
