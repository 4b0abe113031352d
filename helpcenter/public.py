"""The public help center: where the articles this site does not hold live.

An article may name as ``related`` an article of the public help center that this site
does not carry (the seed names ``connection-dashboard``). Listed in ``mkdocs.yml``,
such an id links to the public page (``<base><id>.html``), marked as external, with the
title configured for it; an id neither here nor listed is an error, so a typo never
becomes a dead link. The link is a plain one: the site requests nothing from there.

``mkdocs.yml``::

    extra:
      public_help_center:
        articles: https://help.akeneo.com/pim/serenity/articles/
        titles:
          connection-dashboard: Monitor your third-party **connections**
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from helpcenter import front_matter
from helpcenter.model import Problem

CONFIG_FILE = "mkdocs.yml"
KEY = "public_help_center"
_SLUG = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class PublicArticle:
    id: str
    title_html: str
    title_text: str
    url: str


@dataclass(frozen=True)
class PublicHelpCenter:
    """The public help center's articles this site may link to, by id."""

    base_url: str = ""
    articles: Mapping[str, PublicArticle] = field(default_factory=dict)

    def get(self, id: str) -> PublicArticle | None:
        return self.articles.get(id)


def from_config(config: Mapping[str, Any]) -> tuple[PublicHelpCenter, list[Problem]]:
    """The ``extra.public_help_center`` settings of a project's configuration, and what
    is wrong with them (as problems of ``mkdocs.yml``)."""
    settings = (config.get("extra") or {}).get(KEY)
    if settings is None:
        return PublicHelpCenter(), []
    where = f"extra.{KEY}"

    def problem(message: str) -> tuple[PublicHelpCenter, list[Problem]]:
        return PublicHelpCenter(), [Problem(CONFIG_FILE, 1, f"{where}: {message}")]

    if not isinstance(settings, Mapping):
        return problem("expected the keys articles (a base URL) and titles (id: title)")
    base = settings.get("articles")
    parts = urlsplit(base) if isinstance(base, str) else None
    if parts is None or parts.scheme != "https" or not parts.netloc or not base.endswith("/"):
        return problem(f"articles must be an https:// URL ending with /, not {base!r}")
    titles = settings.get("titles") or {}
    if not isinstance(titles, Mapping):
        return problem("titles must map article ids to their titles")
    articles: dict[str, PublicArticle] = {}
    problems: list[Problem] = []
    for id, title in titles.items():
        if not isinstance(id, str) or not _SLUG.fullmatch(id):
            problems.append(Problem(CONFIG_FILE, 1, f"{where}.titles: {id!r} is not an article id (letters, digits, - and _)"))
        elif not isinstance(title, str) or not title.strip():
            problems.append(Problem(CONFIG_FILE, 1, f"{where}.titles.{id}: the article's title is missing"))
        else:
            articles[id] = PublicArticle(
                id, front_matter.title_html(title), front_matter.title_text(title), f"{base}{id}.html",
            )
    return PublicHelpCenter(base, articles), problems
