"""The help center's themes and the two persona pages that list them.

An article's ``themes`` front matter names theme ids; each theme is a section (anchor
``#<theme-id>``) of its persona's page, in the order below.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    persona: str
    """The slug of the persona page that lists the theme."""


@dataclass(frozen=True)
class Persona:
    slug: str
    title: str
    themes: tuple[Theme, ...]


def _persona(slug: str, title: str, *themes: tuple[str, str]) -> Persona:
    return Persona(slug, title, tuple(Theme(id, theme_title, slug) for id, theme_title in themes))


PERSONAS: tuple[Persona, ...] = (
    _persona(
        "using-akeneo",
        "Using Akeneo",
        ("first-steps", "Your first steps with Akeneo"),
        ("products-super-power", "Take the power over your products"),
        ("boost-your-productivity", "Boost your productivity"),
        ("import-export-data", "Import/export data"),
        ("manage-your-assets", "Manage your images, files, assets"),
        ("collaborative-work", "Collaborative work"),
        ("manage-your-reference-entities", "Manage your reference entities"),
    ),
    _persona(
        "setting-up-the-pim",
        "Setting up the PIM",
        ("catalog-settings", "Build your catalog"),
        ("akeneo-concepts", "Discover Akeneo concepts"),
        ("connectivity", "Connect your PIM"),
        ("permissions-settings", "Permissions"),
        ("administration", "Administration"),
        ("user-management", "User Management"),
        ("language-and-translations", "Languages and translations"),
    ),
)
"""The end user's page, then the administrator's."""

THEMES: dict[str, Theme] = {theme.id: theme for persona in PERSONAS for theme in persona.themes}
"""Every theme by id, in page order."""


def theme(id: str) -> Theme:
    """The theme with this id; ``KeyError`` naming it if there is none."""
    try:
        return THEMES[id]
    except KeyError:
        raise KeyError(f'unknown theme "{id}"; known themes: {", ".join(THEMES)}') from None
