"""Persona pages and the home page: where readers find articles by theme.

"Using Akeneo" and "Setting up the PIM" are generated pages (``<slug>.html``) with one
section per theme, anchored ``#<theme-id>`` as on the old help center. The home page
(``docs/index.md``) shows both personas and the articles marked ``popular: true``.
What they look like is in ``overrides/persona.html`` and ``overrides/home.html``.
"""

from __future__ import annotations

import json
from typing import Any

import _library
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from helpcenter.themes import PERSONAS

_PERSONA_BY_PAGE = {f"{persona.slug}.md": persona for persona in PERSONAS}


@event_priority(50)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    for src_uri, persona in _PERSONA_BY_PAGE.items():
        front_matter = (
            f"---\ntitle: {json.dumps(persona.title)}\ntemplate: persona.html\nhide: [navigation]\n---\n"
        )
        files.append(File.generated(config, src_uri, content=front_matter))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    persona = _PERSONA_BY_PAGE.get(page.file.src_uri)
    if persona is not None:
        page.toc = get_toc(
            [{"level": 2, "id": theme.id, "name": theme.title, "children": []} for theme in persona.themes]
        )
    return html


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    library = _library.current()
    persona = _PERSONA_BY_PAGE.get(page.file.src_uri)
    if persona is not None:
        context["persona"] = {
            "title": persona.title,
            "sections": [
                {
                    "id": theme.id,
                    "title": theme.title,
                    "articles": library.links(
                        [a for a in library.articles.values() if theme.id in a.themes]
                    ),
                }
                for theme in persona.themes
            ],
        }
    if page.is_homepage:
        context["personas"] = [
            {"slug": persona.slug, "title": persona.title, "url": src_uri.removesuffix(".md") + ".html"}
            for src_uri, persona in _PERSONA_BY_PAGE.items()
        ]
        context["popular"] = library.links([a for a in library.articles.values() if a.popular])
    return context
