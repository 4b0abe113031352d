"""What an import reports: each problem with the file, line and column it is at.

An import reads what it can and names what it cannot: a line that does not read, a
product in a category that does not exist, a cycle of parents, a code given twice.
Each is a :class:`Problem`; the import goes on with the rest. A file that cannot be
read at all (not text, not a format the simulator knows, over a limit) raises
:class:`ImportFailure`, whose problem is reported the same way and the other files
are still read.

Every message is of bounded length: a code or a field quoted in a message is cut to
:data:`QUOTE_LENGTH` characters, and a report lists at most :data:`LISTED` problems,
counting the others (a CSV of a million bad lines gives a short report).

The limits an import holds to are in :class:`ImportLimits`; each breach is a named
problem, found before any work whose cost would grow with the breach.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final, Iterator

from simulator.formats.reader import FormatError

QUOTE_LENGTH: Final = 60
"""How much of a code, a header or a field a message quotes."""

LISTED: Final = 200
"""How many problems a report lists; the others are counted."""


class Severity(enum.Enum):
    ERROR = "error"
    """Something was left out of the catalog: a line, a product, a link."""
    WARNING = "warning"
    """Read, with a guess or a default the user should know about."""


@dataclass(frozen=True)
class ImportLimits:
    """The most an import accepts, each breach a named problem (see docs/scenario-format.md)."""

    file_bytes: int = 512 * 1024 * 1024
    """One file's size: a million products with a few values is about 60 MB."""
    field_characters: int = 1_000_000
    """One CSV cell or JSON string (the PIM's text areas hold at most 65,535)."""
    columns: int = 20_000
    """Columns of one CSV file (attributes × locales × channels in a full export)."""
    rows: int = 5_000_000
    """Lines of one CSV file, items of one JSON file."""
    json_depth: int = 64
    """Nesting of arrays and objects in a JSON file (a REST page needs about 10)."""
    tree_depth: int = 1_000
    """Levels of a category tree (real trees have fewer than 20)."""
    list_items: int = 10_000
    """Codes in one list cell (categories of a product, attributes of a family)."""


DEFAULT_LIMITS: Final = ImportLimits()


def quote(text: str, length: int = QUOTE_LENGTH) -> str:
    """``text`` in double quotes, cut to ``length`` characters, control characters shown
    as escapes: a message never carries a field whole."""
    shown = text if len(text) <= length else f"{text[:length]}…"
    return '"' + "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in shown) + '"'


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``1 locale``, ``2 locales``, ``1,204 categories``."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


@dataclass(frozen=True)
class Problem:
    """One thing an import could not read, or read with a guess."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    severity: Severity = Severity.ERROR

    @property
    def where(self) -> str:
        """``products.csv:17:3``: file, line and column, as far as they are known."""
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return place

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file, "line": self.line, "column": self.column,
            "severity": self.severity.value, "message": self.message,
        }


class ImportFailure(FormatError):
    """A file that cannot be read at all; the other files of the import still are. A
    :class:`~simulator.formats.reader.FormatError` about the file, with the line and
    column in its problem."""

    def __init__(self, problem: Problem) -> None:
        where = problem.where
        super().__init__("", problem.message, where)
        self.problem = problem


class Report:
    """The problems of one import: the first :data:`LISTED` kept, all counted."""

    def __init__(self) -> None:
        self._listed: list[Problem] = []
        self.errors = 0
        self.warnings = 0

    def add(self, problem: Problem) -> None:
        if problem.severity is Severity.ERROR:
            self.errors += 1
        else:
            self.warnings += 1
        if len(self._listed) < LISTED:
            self._listed.append(problem)

    def error(self, file: str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.add(Problem(file, message, line, column, Severity.ERROR))

    def warning(self, file: str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.add(Problem(file, message, line, column, Severity.WARNING))

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(self._listed)

    @property
    def unlisted(self) -> int:
        """How many problems are counted but not listed."""
        return self.errors + self.warnings - len(self._listed)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._listed)

    def __len__(self) -> int:
        return self.errors + self.warnings

    def lines(self) -> list[str]:
        """The report as text lines: each problem, then what was not listed."""
        shown = [f"{p.severity.value}: {p}" for p in self._listed]
        if self.unlisted:
            shown.append(f"… and {self.unlisted:,} more problems of the same kinds")
        return shown
