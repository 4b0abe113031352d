"""The most any document the simulator reads may hold, and the check made on its text
before it is parsed.

One table for every reader (scenario and catalog files, links, widget states, the
page's payloads), in CPython and in Pyodide alike; ``docs/scenario-format.md`` writes
it out. The nesting depth is checked on the text, before ``json.loads``: in Pyodide,
json's C parser runs out of C stack on a document nested a few thousand levels deep,
which kills the interpreter, long before Python's recursion limit would stop it.

This module stands alone (standard library, nothing else) so that the page's entry
point can check a payload without loading the readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Limits:
    """The most a document may hold; each breach is refused by name."""

    bytes: int = 64 * 1024 * 1024
    """A document's size, in UTF-8 bytes: a catalog of 100,000 products fits."""
    depth: int = 64
    """Lists and objects nested in one another (a scenario needs about 12)."""
    items: int = 1_000_000
    """Items of one list, members of one object."""
    characters: int = 2_000_000
    """Characters of one string, keys included (the PIM's text areas hold 65,535; a bulk
    PATCH line may hold 1,000,000, so a longer one must be read to be answered "Line is
    too long")."""
    digits: int = 20
    """Digits of one number (an int64 has 19)."""
    tree_depth: int = 100_000
    """Levels of a chain of parents: categories, product models."""


LIMITS: Final = Limits()

_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKETS: Final = re.compile(r"[\[{]+|[\]}]+")
_TOKENS: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[{]+|[\]}]+')


def too_deep(text: str, depth: int = LIMITS.depth) -> str:
    """Where JSON ``text`` nests lists and objects deeper than ``depth`` (``line 3,
    column 12``: the first bracket too deep), or an empty string. Brackets inside
    strings do not count. Linear in the text, and without any scan at all for a text
    with fewer brackets than the limit, as almost every document is."""
    if text.count("[") + text.count("{") <= depth:
        return ""
    level = deepest = 0
    for run in _BRACKETS.findall(_STRING.sub("", text)):
        level += len(run) if run[0] in "[{" else -len(run)
        deepest = max(deepest, level)
    if deepest <= depth:
        return ""
    level = 0
    for token in _TOKENS.finditer(text):
        run = token[0]
        if run[0] == '"':
            continue
        if run[0] in "[{" and level + len(run) > depth:
            offset = token.start() + depth - level
            line = text.count("\n", 0, offset) + 1
            return f"line {line:,}, column {offset - text.rfind(chr(10), 0, offset):,}"
        level += len(run) if run[0] in "[{" else -len(run)
    return "at its end"  # pragma: no cover - the first scan found it


def digits_of(text: str) -> int:
    """How many digits a JSON number's text has."""
    return sum(character.isdigit() for character in text)
