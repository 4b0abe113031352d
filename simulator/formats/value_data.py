"""A product value's data, from an export's cell or a REST item, checked by its type.

The catalog holds values in the REST API's data format (``simulator.formats.catalog_file``
checks the same rules when it reads a catalog file): a string for texts, dates
(``YYYY-MM-DD``) and simple selects, true or false, a number (or a number written as a
string, as the API gives decimals), ``{"amount", "unit"}`` for a metric, a list of
``{"amount", "currency"}`` for prices, a list of codes for multi selects and the
reference data, entity and asset collections.

In a CSV export, the PIM writes a yes/no as ``1``/``0``, a multi select as
``a,b``, each currency of a price in its own column (``price-EUR``), and a metric's
amount and unit in two (``weight``, ``weight-unit``).

A value that does not fit its attribute is left out and counted per column (or per
attribute of a REST page): one warning names the column, how many values and where
the first one is, rather than one line per product.
"""

from __future__ import annotations

import re
from typing import Final

from simulator.formats.codes import is_code
from simulator.formats.parts import AttributeRecord, Parts
from simulator.model import (
    ASSET_COLLECTION,
    BOOLEAN,
    DATE,
    FILE,
    IDENTIFIER,
    IMAGE,
    METRIC,
    MULTI_SELECT,
    NUMBER,
    PRICE_COLLECTION,
    REFERENCE_DATA_MULTI_SELECT,
    REFERENCE_DATA_SIMPLE_SELECT,
    REFERENCE_ENTITY,
    REFERENCE_ENTITY_COLLECTION,
    SIMPLE_SELECT,
    TEXT,
    TEXTAREA,
)

STRING_TYPES: Final = frozenset({IDENTIFIER, TEXT, TEXTAREA, IMAGE, FILE, REFERENCE_DATA_SIMPLE_SELECT, REFERENCE_ENTITY})
CODE_LIST_TYPES: Final = frozenset({MULTI_SELECT, REFERENCE_DATA_MULTI_SELECT, REFERENCE_ENTITY_COLLECTION,
                                    ASSET_COLLECTION})
_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_DIGITS_MAX: Final = 40
"""Digits a number may have (the PIM stores decimals with at most 14 digits after the point)."""


class BadValue(Exception):
    """A value that does not fit its attribute; the message says why."""


def check(record: AttributeRecord, data: object, parts: Parts) -> object:
    """``data`` in the catalog's form for ``record``'s type; raises :class:`BadValue`."""
    kind = record.type
    if kind in STRING_TYPES:
        if not isinstance(data, str) or not data.strip():
            raise BadValue("expected a text")
        return data
    if kind == DATE:
        if not isinstance(data, str) or _DATE.fullmatch(data[:10]) is None:
            raise BadValue("expected a date as YYYY-MM-DD")
        return data[:10]
    if kind == BOOLEAN:
        if not isinstance(data, bool):
            raise BadValue("expected true or false")
        return data
    if kind == NUMBER:
        return _number(data)
    if kind == SIMPLE_SELECT:
        if not isinstance(data, str) or not is_code(data):
            raise BadValue("expected an option code")
        _option(record, data, parts)
        return data
    if kind == METRIC:
        if not isinstance(data, dict) or "amount" not in data:
            raise BadValue("expected an amount and a unit")
        unit = data.get("unit") or record.properties.get("default_metric_unit")
        if not isinstance(unit, str) or not is_code(unit):
            raise BadValue("expected a unit code")
        parts.units_seen.setdefault(str(record.properties.get("metric_family") or ""), {})[unit] = None
        return {"amount": _number(data["amount"]), "unit": unit}
    if kind == PRICE_COLLECTION:
        if not isinstance(data, list) or not data:
            raise BadValue("expected a list of prices")
        prices = []
        for price in data:
            if not isinstance(price, dict) or not isinstance(price.get("currency"), str) or "amount" not in price:
                raise BadValue("expected prices as amount and currency")
            currency = price["currency"]
            parts.currencies_seen.setdefault(currency, None)
            prices.append({"amount": _number(price["amount"]), "currency": currency})
        return sorted(prices, key=lambda p: str(p["currency"]))
    if kind in CODE_LIST_TYPES:
        if not isinstance(data, list) or not data or not all(isinstance(c, str) and is_code(c) for c in data):
            raise BadValue("expected a list of codes")
        codes = list(dict.fromkeys(data))
        if kind == MULTI_SELECT:
            for code in codes:
                _option(record, code, parts)
            return sorted(codes)
        return codes
    raise BadValue(f"values of the type {kind} are not read")


def from_cell(record: AttributeRecord, cell: str, parts: Parts) -> object:
    """A CSV cell's data in the catalog's form (prices and metrics are read by
    :func:`price_from_cells` and :func:`metric_from_cells`)."""
    kind = record.type
    if kind in STRING_TYPES:
        return cell
    if kind == BOOLEAN:
        lowered = cell.strip().lower()
        if lowered in ("1", "true"):
            return True
        if lowered in ("0", "false"):
            return False
        raise BadValue("expected 1 or 0")
    if kind in CODE_LIST_TYPES:
        return check(record, [code.strip() for code in cell.split(",") if code.strip()], parts)
    return check(record, cell.strip(), parts)


def _number(data: object) -> object:
    if isinstance(data, bool) or not isinstance(data, (int, float, str)):
        raise BadValue("expected a number")
    if isinstance(data, str):
        if len(data) > _DIGITS_MAX or _NUMBER.fullmatch(data.strip()) is None:
            raise BadValue("expected a number")
        return data.strip()
    if isinstance(data, int) and abs(data) >= 10 ** _DIGITS_MAX:
        raise BadValue("expected a number")
    return data


def _option(record: AttributeRecord, code: str, parts: Parts) -> None:
    """An option must be the attribute's, when its options were imported; otherwise the
    options are made from the values (and the import says so)."""
    if record.code in parts.attributes_with_options:
        if (record.code, code) not in parts.options:
            raise BadValue(f"{code!r} is not one of its options")
    else:
        parts.options_seen.setdefault(record.code, {})[code] = None
