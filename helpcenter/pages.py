"""The pages the compile step writes, as Markdown files holding finished HTML.

An article page, a persona page (one section per theme, anchored ``#<theme-id>``) and
the home page's persona cards and popular guides. Every text that comes from front
matter or from the theme table is escaped here, once: the site generator's templates
print a page's title as HTML (in ``<title>``, the header, the navigation and search),
so the front matter written here carries the title already escaped.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from helpcenter.model import Article
from helpcenter.prerendered import region
from helpcenter.public import PublicArticle
from helpcenter.themes import Persona

ARTICLE_TOC_DEPTH = 3
"""``#``, ``##`` and ``###`` headings form an article's "Summary" navigation (the old
site stopped at ``##``, which left out sections such as "Locales"); a deeper heading a
simulator stands under is in it too (``data-hc-toc``)."""

ARTICLE_SEARCH_BOOST = 100
"""Articles rank above the guides for support staff and authors in search (material's
``search.boost`` front matter): the help center's readers come for the articles."""

PERSONA_TEXT = {
    "using-akeneo": "Your first steps, your products, assets and imports: everything you do in the PIM every day.",
    "setting-up-the-pim": "Build your catalog, connect your PIM with Apps, set permissions and manage users.",
}
"""What each persona card on the home page says under its title."""


@dataclass(frozen=True)
class Link:
    """How a page links to an article: title, site path and edition badge."""

    title_html: str
    title_text: str
    path: str
    """The article's page in the site (``articles/<id>.html``), or its public URL."""
    badge: str
    elsewhere: str = ""
    """For an article of the public help center: the host it lives on, said next to
    the link (the link leaves this site)."""


def link_to(article: Article, path: str) -> Link:
    return Link(article.title_html, article.title_text, path, article.edition.badge)


def link_to_public(article: PublicArticle) -> Link:
    return Link(article.title_html, article.title_text, article.url, "", urlsplit(article.url).netloc)


def sorted_links(links: Sequence[Link]) -> list[Link]:
    """Distinct links, sorted by title as readers scan a list."""
    unique = {link.path: link for link in links}
    return sorted(unique.values(), key=lambda link: link.title_text.lower())


def front_matter(fields: Mapping[str, object]) -> str:
    """YAML front matter; each value written as JSON, which YAML reads as it is."""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _href(target: str, here: str) -> str:
    """A link from the page at site path ``here`` to the site path ``target``."""
    return html.escape(posixpath.relpath(target, posixpath.dirname(here) or "."))


def article_list(links: Sequence[Link], here: str) -> str:
    """A list of articles: each title (emphasis kept) and its edition badge."""
    items = []
    for link in links:
        badge = f' <span class="hc-badge">{html.escape(link.badge)}</span>' if link.badge else ""
        if link.elsewhere:
            items.append(
                f'<li class="hc-article-list__item">'
                f'<a class="hc-article-link hc-article-link--external" href="{html.escape(link.path)}" rel="external">'
                f'{link.title_html}</a> <span class="hc-elsewhere">on {html.escape(link.elsewhere)}</span></li>'
            )
            continue
        items.append(
            f'<li class="hc-article-list__item">'
            f'<a class="hc-article-link" href="{_href(link.path, here)}">{link.title_html}</a>{badge}</li>'
        )
    return '<ul class="hc-article-list">\n' + "\n".join(items) + "\n</ul>"


def article_page(article: Article, path: str, related: Sequence[Link]) -> str:
    """The article's page: its title with the emphasised phrase, the edition line, the
    body as the dialect rendered it, then the related articles.

    The header and the related list are left out of search (``data-search-exclude``):
    the page is found under its title, by the words of its body.
    """
    edition = ""
    if article.edition.notice:
        edition = (
            f'\n<p class="hc-edition"><span class="hc-badge">{html.escape(article.edition.badge)}</span>\n'
            f"{html.escape(article.edition.notice)}</p>"
        )
    parts = [
        f'<header class="hc-article-header" data-search-exclude>\n'
        f'<h1 class="hc-article-title">{article.title_html}</h1>{edition}\n</header>',
        f'<div class="hc-article-body">\n{article.html}</div>',
    ]
    if related:
        parts.append(
            '<aside class="hc-related" aria-labelledby="hc-related-title" data-search-exclude>\n'
            '<p class="hc-related__title" id="hc-related-title">Related articles</p>\n'
            f"{article_list(related, path)}\n</aside>"
        )
    meta = front_matter({"title": html.escape(article.title_text), "search": {"boost": ARTICLE_SEARCH_BOOST}})
    return meta + region("\n".join(parts), toc_depth=ARTICLE_TOC_DEPTH)


def persona_page(persona: Persona, sections: Mapping[str, Sequence[Link]], path: str) -> str:
    """A persona's page: one section per theme that has articles, anchored
    ``#<theme-id>`` (a theme with none is not shown: a list of empty sections is no help)."""
    parts = [f"<h1>{html.escape(persona.title)}</h1>"]
    shown = [theme for theme in persona.themes if sections.get(theme.id)]
    if not shown:
        parts.append('<p class="hc-theme__empty">No articles for this page yet.</p>')
    for theme in shown:
        anchor = html.escape(theme.id)
        listing = article_list(sections[theme.id], path)
        parts.append(
            f'<section class="hc-theme" aria-labelledby="{anchor}">\n'
            f'<h2 id="{anchor}">{html.escape(theme.title)}'
            f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a></h2>\n'
            f"{listing}\n</section>"
        )
    meta = front_matter({"title": html.escape(persona.title), "hide": ["navigation"]})
    return meta + region("\n".join(parts), toc_depth=2)


def home_lists(personas: Sequence[Persona], popular: Sequence[Link], here: str) -> str:
    """The home page's persona cards and its popular guides, as a region to append."""
    cards = []
    for persona in personas:
        cards.append(
            f'<a class="hc-persona hc-persona--{html.escape(persona.slug)}" href="{_href(persona.slug + ".html", here)}">\n'
            f'<span class="hc-persona__title">{html.escape(persona.title)}</span>\n'
            f'<span class="hc-persona__text">{html.escape(PERSONA_TEXT.get(persona.slug, ""))}</span>\n</a>'
        )
    parts = ['<div class="hc-personas">\n' + "\n".join(cards) + "\n</div>"]
    if popular:
        parts.append(
            '<section class="hc-popular" aria-labelledby="popular-guides">\n'
            '<h2 id="popular-guides">Popular guides</h2>\n'
            f"{article_list(popular, here)}\n</section>"
        )
    return region("\n".join(parts))
