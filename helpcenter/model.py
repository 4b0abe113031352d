"""What converting one article yields: its metadata, its HTML body and its problems."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field


class Severity(enum.Enum):
    ERROR = "error"
    """Fails ``mkdocs build --strict``: the article is broken."""
    WARNING = "warning"
    """Shown on every build, never fails it: the old help center accepted it."""


@dataclass(frozen=True)
class Problem:
    """Something wrong in an article, with where it is."""

    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class Edition(enum.Enum):
    """Which editions an article is for, from its ``ee``/``ge`` front matter."""

    ALL = "all"
    EE = "ee"
    EE_GE = "ee-ge"

    @property
    def badge(self) -> str:
        return {"all": "", "ee": "EE", "ee-ge": "EE | GE"}[self.value]

    @property
    def notice(self) -> str:
        return {
            "all": "",
            "ee": "Available in the Enterprise Edition",
            "ee-ge": "Available in the Enterprise Edition & Growth Edition",
        }[self.value]


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    """Plain text, as the anchor was computed from it."""
    html: str
    """Inline HTML of the heading, for the page's table of contents."""
    anchor: str
    line: int


@dataclass(frozen=True)
class Reference:
    """A link or image target found in the body, kept for the site-wide checks."""

    target: str
    line: int


@dataclass(frozen=True)
class Article:
    path: str
    id: str | None
    title_html: str
    """The title with its first ``**…**`` emphasised."""
    title_text: str
    """The title with no asterisks: for ``<title>``, navigation and search."""
    themes: tuple[str, ...]
    popular: bool
    edition: Edition
    related: tuple[str, ...]
    html: str
    headings: tuple[Heading, ...]
    links: tuple[Reference, ...]
    images: tuple[Reference, ...]
    problems: tuple[Problem, ...] = field(default=())
    front_matter_lines: int = 0
    """How many lines the front matter takes, so body lines map to file lines."""
    key_lines: Mapping[str, int] = field(default_factory=dict, hash=False)
    """Front-matter key → its line in the file, for problems about that key."""
    anchors: tuple[str, ...] = ()
    """Every id of the body a link may target (headings, ids in raw HTML), sorted."""
