"""JSON text to documents, bounded: one document, several one after the other, or JSON
lines (one document a line, as the REST API's PATCH bodies and its per-line answers
are written), each with the line and column it starts on.

Nesting is measured before parsing (a document nested deeper than the limit is
refused without recursion: in Pyodide the parser's recursion would overflow the
JavaScript stack before Python's limit), strings are bounded, and a lone UTF-16
surrogate escape (``"\\ud800"``, not text) is named rather than passed on.
"""

from __future__ import annotations

import json
import re
from typing import Final, NamedTuple

from simulator.formats.problems import ImportFailure, ImportLimits, Problem

_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET: Final = re.compile(r"[^\[\]{}]+")
_PAIR: Final = re.compile(r"\{\}|\[\]")
_OPEN_RUN: Final = re.compile(r"[\[{]+")
_LONE_SURROGATE: Final = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<![0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
_SPACE: Final = re.compile(r"\s*")


class Document(NamedTuple):
    data: object
    line: int
    column: int


def documents(text: str, file: str, limits: ImportLimits) -> list[Document]:
    """Every JSON document of ``text``, in order; raises :class:`ImportFailure` on the
    first that does not parse (with its line and column) or breaks a limit."""
    _check_depth(text, file, limits)
    _check_surrogates(text, file)
    decoder = json.JSONDecoder(parse_constant=_no_constant(file))
    found: list[Document] = []
    index = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    end = len(text)
    counted, line = 0, 1  # lines counted up to ``counted``: JSON lines are read in one pass
    while index < end:
        line += text.count("\n", counted, index)
        counted = index
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        try:
            data, after = decoder.raw_decode(text, index)
        except json.JSONDecodeError as error:
            raise ImportFailure(Problem(file, f"not valid JSON: {_reason(error.msg)}", error.lineno, error.colno)) from None
        except ValueError as error:  # a number too long for Python's int conversion
            raise ImportFailure(Problem(file, f"not valid JSON: {str(error)[:80]}", line, column)) from None
        found.append(Document(data, line, column))
        if len(found) > limits.rows:
            raise ImportFailure(Problem(file, f"more than {limits.rows:,} JSON documents", line, column))
        index = _SPACE.match(text, after).end()  # type: ignore[union-attr]
    if not found:
        raise ImportFailure(Problem(file, "the file is empty"))
    return found


def _check_depth(text: str, file: str, limits: ImportLimits) -> None:
    """Refuse nesting deeper than the limit without recursing: keep the brackets only
    (strings taken out), then take out the innermost pairs, one level a pass."""
    if text.count("[") + text.count("{") <= limits.json_depth:
        return
    structure = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _ in range(limits.json_depth):
        reduced = _PAIR.sub("", structure)
        if not reduced:
            return
        if reduced == structure:
            break
        structure = reduced
    # What is left either still nests (too deep) or does not pair up (the parser will
    # say where), unless a run of openings alone is too deep.
    if _PAIR.search(structure) or any(len(run) > limits.json_depth for run in _OPEN_RUN.findall(structure)):
        raise ImportFailure(Problem(
            file, f"the JSON is nested more than {limits.json_depth} levels deep (a REST API page needs about 10)",
        ))


def _check_surrogates(text: str, file: str) -> None:
    if "\\u" not in text and "\\U" not in text:
        return
    match = _LONE_SURROGATE.search(text)
    if match is not None:
        line, column = _position(text, match.start())
        raise ImportFailure(Problem(
            file, f"{match.group()} is half of a UTF-16 pair, not a character: the file is not read", line, column,
        ))


def _no_constant(file: str):  # type: ignore[no-untyped-def]
    def refuse(name: str) -> object:
        raise ImportFailure(Problem(file, f"not valid JSON: {name} is not a JSON number"))
    return refuse


def _reason(message: str) -> str:
    # json's wording is short and stable enough; keep only its first clause.
    return message.split(":")[0]


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column
