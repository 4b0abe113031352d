"""An article's front matter: the YAML between the ``---`` lines, read into metadata.

Every problem names the line in the file: the YAML error's line, or the line of the key
at fault.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from helpcenter.model import Edition, Severity

ID = re.compile(r"[A-Za-z0-9_-]+")
"""An article id: a slug, as in the public help center (``from-PAM-to-new-AM``)."""
MAX_FRONT_MATTER_BYTES = 16 * 1024
"""Front matter holds a few short keys; the public corpus's longest is under 1 KiB."""

_DELIMITER = re.compile(r"---[ \t]*$")
_END = re.compile(r"(?:---|\.\.\.)[ \t]*$")
_TRUTHY = frozenset({"true", "right", "yes"})


@dataclass(frozen=True)
class FrontMatter:
    id: str | None = None
    title: str = ""
    themes: tuple[str, ...] = ()
    popular: bool = False
    edition: Edition = Edition.ALL
    related: tuple[str, ...] = ()
    key_lines: Mapping[str, int] = field(default_factory=dict)
    """Front-matter key → its line in the file."""
    lines: int = 0
    """How many lines of the file the front matter takes, both ``---`` included."""
    problems: tuple[tuple[int, str, Severity], ...] = ()
    """``(file line, message, severity)``."""


def split(source: str) -> tuple[str | None, int]:
    """The YAML text (None without front matter) and how many file lines it takes.

    Front matter opens on the first line with ``---`` and ends at the next ``---`` (or
    ``...``) line. An opening ``---`` that is never closed is not front matter.
    """
    lines = source.lstrip("\ufeff").split("\n")
    if not _DELIMITER.match(lines[0]):
        return None, 0
    for index in range(1, len(lines)):
        if _END.match(lines[index].rstrip("\r")):
            return "\n".join(lines[1:index]), index + 1
    return None, 0


def is_truthy(value: Any) -> bool:
    """``true``, ``"true"``, ``right`` or ``yes``, the values the old templates took as set."""
    return value is True or (isinstance(value, str) and value.strip().lower() in _TRUTHY)


def _words(value: Any) -> tuple[str, ...]:
    """A comma-separated string or a YAML list, as its non-empty items."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else str(value).split(",")
    return tuple(word for item in items if (word := str(item).strip()))


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases: ``*name`` would let a few hundred bytes
    expand to gigabytes (the "billion laughs"), and front matter has no use for them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


def _key_lines(text: str) -> dict[str, int]:
    """Top-level key → its 1-based line in ``text``."""
    node = yaml.compose(text, Loader=_Loader)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(key.value): key.start_mark.line + 1
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }


def parse(source: str) -> FrontMatter:
    """Read the front matter of an article's source (the whole file)."""
    text, lines = split(source)
    problems: list[tuple[int, str, Severity]] = []
    if text is None:
        problems.append((1, 'the article has no front matter: "id" is missing', Severity.ERROR))
        problems.append((1, 'the article has no front matter: "title" is missing', Severity.ERROR))
        return FrontMatter(problems=tuple(problems))

    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_FRONT_MATTER_BYTES:
        problems.append((1, f"front matter is {size:,} bytes; it may be at most {MAX_FRONT_MATTER_BYTES:,}", Severity.ERROR))
        return FrontMatter(lines=lines, problems=tuple(problems))
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - the safe loader, aliases refused
        key_lines = {key: line + 1 for key, line in _key_lines(text).items()}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        reason = getattr(error, "problem", None) or str(error)
        problems.append((line, f"front matter is not valid YAML: {reason}", Severity.ERROR))
        return FrontMatter(lines=lines, problems=tuple(problems))
    except RecursionError:
        problems.append((2, "front matter is not valid YAML: it nests too deep", Severity.ERROR))
        return FrontMatter(lines=lines, problems=tuple(problems))

    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.append((2, "front matter is not a mapping of keys to values", Severity.ERROR))
        return FrontMatter(lines=lines, problems=tuple(problems))

    def line_of(key: str) -> int:
        return key_lines.get(key, 1)

    def scalar(key: str) -> str | None:
        value = data.get(key)
        if value is None:
            problems.append((line_of(key), f'"{key}" is missing', Severity.ERROR))
            return None
        if isinstance(value, (dict, list)):
            problems.append((line_of(key), f'"{key}" must be text, not a YAML {type(value).__name__}', Severity.ERROR))
            return None
        text = str(value).strip()
        if not text:
            problems.append((line_of(key), f'"{key}" is empty', Severity.ERROR))
            return None
        return text

    ee = is_truthy(data.get("ee")) or is_truthy(data.get("ee-only"))
    ge = is_truthy(data.get("ge")) or is_truthy(data.get("ge-only"))
    if ge and not ee:
        key = "ge" if is_truthy(data.get("ge")) else "ge-only"
        problems.append((line_of(key), f'"{key}" has no effect without "ee"', Severity.WARNING))

    article_id = scalar("id")
    if article_id is not None and not ID.fullmatch(article_id):
        problems.append((
            line_of("id"),
            f'"id" must be a slug of letters, digits, "-" and "_" (it names the page articles/<id>.html), not {_shown(article_id)}',
            Severity.ERROR,
        ))
        article_id = None

    return FrontMatter(
        id=article_id,
        title=scalar("title") or "",
        themes=_words(data.get("themes")),
        popular=is_truthy(data.get("popular")),
        edition=Edition.EE_GE if ee and ge else Edition.EE if ee else Edition.ALL,
        related=_words(data.get("related")),
        key_lines=key_lines,
        lines=lines,
        problems=tuple(problems),
    )


def _shown(value: str, limit: int = 60) -> str:
    """A value quoted for a message, cut short and with control characters escaped."""
    shown = value if len(value) <= limit else value[:limit] + "…"
    return json.dumps(shown, ensure_ascii=False)


def title_html(title: str) -> str:
    """The title as HTML: only its first ``**…**`` pair is emphasised, as on the old site."""
    before, opening, rest = title.partition("**")
    strong, closing, after = rest.partition("**")
    if not (opening and closing):
        return html.escape(title)
    return f"{html.escape(before)}<strong>{html.escape(strong)}</strong>{html.escape(after)}"


def title_text(title: str) -> str:
    """The title with no asterisks, for ``<title>``, navigation and search."""
    return " ".join(title.replace("*", "").split())
