"""The ``search`` query parameter of the list endpoints: parsing and matching.

A subset of the PIM's filters: categories, enabled, family, identifier / code / uuid,
parent, groups, and attribute values (text operators, and the comparisons of numbers,
measurements, prices and dates). Which codes the App may filter on (reference §4: a
hidden category, locale or attribute answers 422) and the filters' structure are
checked by :mod:`simulator.engine.reads`, which knows the grant.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Mapping

from simulator.engine.store import ValueKey
from simulator.limits import LIMITS, too_deep
from simulator.model import DATE, PRICE_COLLECTION, Attribute

def decode_search(text: str) -> object:
    """The ``search`` parameter's JSON as PHP's ``json_decode`` reads it (a member given
    twice: the last wins; an integer too long for 64 bits: a float), or None when it is
    not JSON or is nested deeper than the readers' limit. The depth is checked on the
    text first: a deeply nested one would exhaust Pyodide's C stack, and CPython's
    recursion limit, before the parser could refuse it."""
    if too_deep(text):
        return None
    try:
        return json.loads(text, parse_int=_php_integer)
    except ValueError:  # not JSON (JSONDecodeError is a ValueError)
        return None


def _php_integer(text: str) -> int | float:
    """Beyond int64 PHP reads a float (and Python's ``int()`` refuses 4,300 digits)."""
    if len(text) > LIMITS.digits:
        return float(text)
    value = int(text)
    return value if -(2**63) <= value < 2**63 else float(value)


CATEGORY_OPERATORS = frozenset({"IN", "NOT IN", "IN OR UNCLASSIFIED", "UNCLASSIFIED", "IN CHILDREN", "NOT IN CHILDREN"})
FIELD_OPERATORS: Mapping[str, frozenset[str]] = {
    "categories": CATEGORY_OPERATORS,
    "enabled": frozenset({"=", "!="}),
    "family": frozenset({"IN", "NOT IN", "EMPTY", "NOT EMPTY"}),
    "identifier": frozenset({"=", "!=", "IN", "NOT IN", "CONTAINS", "STARTS WITH"}),
    "code": frozenset({"=", "!=", "IN", "NOT IN", "CONTAINS", "STARTS WITH"}),
    "uuid": frozenset({"=", "!=", "IN", "NOT IN"}),
    "parent": frozenset({"=", "IN", "EMPTY", "NOT EMPTY"}),
    "groups": frozenset({"IN", "NOT IN", "EMPTY", "NOT EMPTY"}),
}
ATTRIBUTE_OPERATORS = frozenset(
    {"=", "!=", "IN", "NOT IN", "CONTAINS", "DOES NOT CONTAIN", "STARTS WITH", "EMPTY", "NOT EMPTY",
     "<", "<=", ">", ">="}
)


@dataclass(frozen=True)
class Criterion:
    field: str
    operator: str
    value: object = None
    locale: str | None = None
    scope: str | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        """The value as a list of codes (for IN-like operators)."""
        if isinstance(self.value, list):
            return tuple(str(item) for item in self.value)
        return () if self.value is None else (str(self.value),)


def operators_of(name: str) -> frozenset[str]:
    return FIELD_OPERATORS.get(name, ATTRIBUTE_OPERATORS)


def match_categories(criterion: Criterion, categories: frozenset[str], descendants: frozenset[str]) -> bool:
    """``descendants`` holds the criterion's categories and every category below them."""
    wanted = frozenset(criterion.codes)
    operator = criterion.operator
    if operator == "UNCLASSIFIED":
        return not categories
    if operator == "IN OR UNCLASSIFIED":
        return not categories or bool(categories & wanted)
    if operator == "IN":
        return bool(categories & wanted)
    if operator == "NOT IN":
        return not categories & wanted
    if operator == "IN CHILDREN":
        return bool(categories & descendants)
    return not categories & descendants


def match_text(operator: str, actual: object, expected: object) -> bool:
    """Fields and attribute values; ``actual`` is None when there is no value."""
    if operator == "EMPTY":
        return actual in (None, "")
    if operator == "NOT EMPTY":
        return actual not in (None, "")
    if operator in ("IN", "NOT IN"):
        options = [str(item) for item in expected] if isinstance(expected, list) else [str(expected)]
        found = actual is not None and str(actual) in options
        return found if operator == "IN" else not found
    if operator == "=":
        return actual == expected
    if operator == "!=":
        return actual != expected
    if actual is None:
        return operator == "DOES NOT CONTAIN"
    text, needle = str(actual).lower(), str(expected).lower()
    if operator == "CONTAINS":
        return needle in text
    if operator == "DOES NOT CONTAIN":
        return needle not in text
    return text.startswith(needle)


_COMPARISONS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


def match_value(criterion: Criterion, values: Mapping[ValueKey, object], attribute: Attribute) -> bool:
    key = (criterion.field, criterion.locale if attribute.localizable else None,
           criterion.scope if attribute.scopable else None)
    data = values.get(key)
    operator = criterion.operator
    if operator in _COMPARISONS:
        return _compare(operator, attribute, data, criterion.value)
    if isinstance(data, list):  # options, prices: a value matches when one item does
        if operator in ("EMPTY", "NOT EMPTY"):
            return match_text(operator, data or None, criterion.value)
        if operator in ("IN", "NOT IN"):
            wanted = {str(v) for v in criterion.value} if isinstance(criterion.value, list) else {str(criterion.value)}
            found = bool(wanted & {str(item) for item in data if not isinstance(item, dict)})
            return found if operator == "IN" else not found
    if isinstance(data, dict):  # a measurement: its amount
        data = data.get("amount")
    return match_text(operator, data, criterion.value)


def _number(value: object) -> Decimal | None:
    if isinstance(value, dict):
        value = value.get("amount")
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _compare(operator: str, attribute: Attribute, data: object, expected: object) -> bool:
    """``<``, ``>``… on numbers, measurements, prices (any of them) and dates."""
    if data is None:
        return False
    if attribute.type == DATE:
        return isinstance(expected, str) and _COMPARISONS[operator](str(data), expected)
    if attribute.type == PRICE_COLLECTION and isinstance(data, list):
        wanted_currency = expected.get("currency") if isinstance(expected, dict) else None
        limit = _number(expected.get("amount") if isinstance(expected, dict) else expected)
        return limit is not None and any(
            (a := _number(p.get("amount"))) is not None and _COMPARISONS[operator](a, limit)
            for p in data if isinstance(p, dict) and (wanted_currency is None or p.get("currency") == wanted_currency)
        )
    actual, limit = _number(data), _number(expected.get("amount") if isinstance(expected, dict) else expected)
    return actual is not None and limit is not None and _COMPARISONS[operator](actual, limit)
