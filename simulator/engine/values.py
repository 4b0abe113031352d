"""Product values as the PIM validates them, in the PIM's order and with its words.

A write's ``values`` go through four stages, as in akeneo/pim-community-dev:

1. **The payload's structure** (products only; ``PayloadFormatValidator``, run by the
   product controllers before anything else): each attribute's values are a list of
   objects with the keys ``locale``, ``scope`` and ``data``; the data of prices and of
   booleans has its shape. Product models have no such step: the updater checks the
   structure (``EntityWithValuesUpdater::checkValuesData``).
2. **Duplicates** (products only; ``DuplicateValueChecker``): one value per channel and
   locale.
3. **Each value, in the updater** (``EntityWithValuesBuilder::addOrReplaceValue`` and the
   value factories): the attribute exists; empty data removes the value and is not
   checked further; the channel and locale match the attribute's flags
   (``ValidateAttribute``); the data has the type's shape (``*ValueFactory``).
4. **The product's validation** after the update (``LocalizableValuesValidator``,
   ``ScopableValuesValidator``, ``CurrencyValidator``, ``AttributeOptionsExistValidator``,
   ``ValidMetricValidator``, ``NotDecimalValidator``, the length constraints): every
   problem of every changed value, answered together as ``Validation failed.``.

This module says what is wrong and with which message; :mod:`simulator.engine.writes`
places the stages among the permission checks and turns a problem into the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Iterable, Mapping

from simulator.engine import messages
from simulator.engine.messages import php_type
from simulator.model import (
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
    ASSET_COLLECTION,
    SIMPLE_SELECT,
    TEXT,
    TEXTAREA,
    Attribute,
    Catalog,
    JsonData,
)

_VALUE_FIELDS = ("locale", "scope", "data")


def _is_array(value: object) -> bool:
    return isinstance(value, (list, dict))


def _entries(value: object) -> Iterable[object]:
    """The items of a PHP array decoded from JSON: a list's items, an object's values."""
    if isinstance(value, dict):
        return value.values()
    assert isinstance(value, list)
    return value


def _has(entry: object, key: str) -> bool:
    return isinstance(entry, dict) and key in entry


# Stage 1: the payload's structure (products) --------------------------------

_SHAPED_DATA = frozenset({PRICE_COLLECTION, BOOLEAN})
"""Types whose data ``PayloadFormatValidator`` checks itself."""


def plainly_well_formed(values: object, attributes: Mapping[str, Attribute]) -> bool:
    """Whether a body's values pass the payload's and the duplicates' checks at a
    glance: one well-formed entry per attribute, none of a type whose data the payload
    checks. Most writes are so; the full checks run on the others."""
    if type(values) is not dict:
        return values is None
    for code, given in values.items():
        if type(given) is not list or len(given) != 1:
            return False
        entry = given[0]
        if type(entry) is not dict or "data" not in entry or "locale" not in entry or "scope" not in entry:
            return False
        locale, scope = entry["locale"], entry["scope"]
        if (locale is not None and type(locale) is not str) or (scope is not None and type(scope) is not str):
            return False
        attribute = attributes.get(code)
        if attribute is not None and attribute.type in _SHAPED_DATA:
            return False
    return True



def payload_problem(values: object, catalog: Catalog) -> str | None:
    """The first violation ``PayloadFormatValidator`` finds in a body's ``values``, or
    None. Symfony's constraints ignore null values, so a null goes on to the updater."""
    if values is None:
        return None
    if not _is_array(values):
        # Collection on a non-array: Symfony's CollectionValidator raises
        # UnexpectedValueException, which the validator reports with this message.
        return "This value should be of type array|(Traversable&ArrayAccess)."
    if not isinstance(values, dict):
        return None  # a list has no attribute codes to check: the updater refuses it
    for code, given in values.items():
        if given is None:
            continue
        if not _is_array(given):
            return messages.payload_not_array(code)
        attribute = catalog.attribute_by_code.get(code)
        for entry in _entries(given):
            if entry is None:
                continue
            if not isinstance(entry, dict):
                return messages.payload_not_array_of_arrays(code)
            for key in _VALUE_FIELDS:
                if key not in entry:
                    return messages.payload_missing_key(code, key)
                part = entry[key]
                if key in ("locale", "scope") and part is not None and not isinstance(part, str):
                    return messages.payload_key_not_string(code, key)
                if key == "data" and attribute is not None:
                    problem = _payload_data_problem(attribute, part)
                    if problem is not None:
                        return problem
    return None


def _payload_data_problem(attribute: Attribute, data: object) -> str | None:
    if attribute.type == PRICE_COLLECTION:
        wrong = messages.price_format_wrong(attribute.code)
        if data is None or not _is_array(data):
            return wrong
        for price in _entries(data):
            if not isinstance(price, dict) or "amount" not in price or "currency" not in price:
                return wrong
            amount, currency = price["amount"], price["currency"]
            if amount is not None and (isinstance(amount, bool) or not isinstance(amount, (str, int, float))):
                return wrong
            if not isinstance(currency, str):
                return wrong
            if set(price) - {"amount", "currency"}:
                return "This field was not expected."
        return None
    if attribute.type == BOOLEAN and data is not None and not isinstance(data, bool):
        return messages.boolean_expected(attribute.code, php_type(data))
    return None


# Stage 1 for product models: the updater's structure check -------------------


def structure_problem(values: object) -> str | None:
    """``EntityWithValuesUpdater::checkValuesData``: the structure, for product models."""
    if not isinstance(values, (dict, list)):
        return messages.array_expected("values", php_type(values))
    pairs = values.items() if isinstance(values, dict) else enumerate(values)
    for code, given in pairs:
        if not _is_array(given):
            return messages.array_expected(str(code), php_type(given))
        for entry in _entries(given):
            if not isinstance(entry, dict):
                return messages.one_value_not_an_array(str(code))
            for key in _VALUE_FIELDS:
                if key not in entry:
                    return messages.array_key_expected(str(code), key)
            for key in ("locale", "scope"):
                part = entry[key]
                if part is not None and not isinstance(part, str):
                    return messages.value_key_not_string(str(code), key, php_type(part))
    return None


# Stage 2: duplicates (products) -----------------------------------------------


def duplicate_problem(values: object) -> str | None:
    """``DuplicateValueChecker``: the same channel and locale twice for an attribute."""
    if not isinstance(values, dict):
        return None
    for code, given in values.items():
        if not _is_array(given):
            return None
        seen: set[tuple[object, object]] = set()
        for entry in _entries(given):
            if not isinstance(entry, dict) or entry.get("data") is None:
                continue
            key = (entry.get("scope"), entry.get("locale"))
            if key in seen:
                return messages.duplicate_value(code)
            seen.add(key)
    return None


# Stage 3: one value ------------------------------------------------------------


def is_empty(attribute: Attribute, data: object) -> bool:
    """Whether data removes the value (``EntityWithValuesBuilder``: null, a blank
    string, an empty list; a metric without amount; prices without amounts)."""
    if data is None or data == [] or data == {} or (isinstance(data, str) and not data.strip()):
        return True
    if attribute.type == METRIC and isinstance(data, dict) and "amount" in data and data["amount"] is None:
        return True
    if attribute.type == PRICE_COLLECTION and isinstance(data, list) and data and all(
        isinstance(p, dict) and "amount" in p and p["amount"] is None for p in data
    ):
        return True
    return False


def without_empty_prices(attribute: Attribute, data: object) -> object:
    """Prices whose amount is null are dropped before the factory sees them."""
    if attribute.type == PRICE_COLLECTION and isinstance(data, list):
        return [p for p in data if not (isinstance(p, dict) and "amount" in p and p["amount"] is None)]
    return data


def place_problem(attribute: Attribute, locale: str | None, scope: str | None) -> str | None:
    """``ValidateAttribute::validate``: a channel and a locale as the flags say."""
    code, localizable, scopable = attribute.code, attribute.localizable, attribute.scopable
    if localizable and scopable and (scope is None or locale is None):
        return messages.localizable_and_scopable(code, scope, locale)
    if localizable and not scopable and (scope is not None or locale is None):
        return messages.localizable_not_scopable(code, scope, locale)
    if scopable and not localizable and (scope is None or locale is not None):
        return messages.scopable_not_localizable(code, scope, locale)
    if not scopable and not localizable and (scope is not None or locale is not None):
        return messages.neither_localizable_nor_scopable(code, scope, locale)
    return None


_DATE_START = re.compile(r"^\d{4}-\d{2}-\d{2}")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z]*)?$")
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
_STRING_TYPES = frozenset({TEXT, TEXTAREA})
_CODE_TYPES = frozenset({SIMPLE_SELECT, REFERENCE_DATA_SIMPLE_SELECT, REFERENCE_ENTITY})
_MEDIA_TYPES = frozenset({IMAGE, FILE})
_LIST_TYPES = frozenset({MULTI_SELECT, REFERENCE_DATA_MULTI_SELECT, REFERENCE_ENTITY_COLLECTION, ASSET_COLLECTION})


def data_problem(attribute: Attribute, data: object, catalog: Catalog) -> str | None:
    """The factory's refusal of a value's data for the attribute's type, or None.

    Text and textarea: ``TextValueFactory`` (a scalar, not blank); number:
    ``NumberValueFactory``; boolean: ``BooleanValueFactory``; date:
    ``DateValueFactory``; metric: ``MetricValueFactory``; prices:
    ``PriceCollectionValueFactory``; options: ``OptionValueFactory`` and
    ``OptionsValueFactory``; media: ``ImageValueFactory``/``FileValueFactory`` (a file
    key of a file the PIM holds); identifier: ``IdentifierValueFactory``. Reference
    data, reference entities and assets are codes; the simulator holds no records of
    them, so it checks only that they are strings."""
    kind, code = attribute.type, attribute.code
    if kind in _STRING_TYPES:
        if isinstance(data, (list, dict)) or data is None or (isinstance(data, str) and not data.strip()):
            return messages.string_required(code, php_type(data))
        return None
    if kind == SIMPLE_SELECT:
        return None if isinstance(data, str) else messages.string_required(code, php_type(data))
    if kind == IDENTIFIER or kind in _CODE_TYPES or kind in _MEDIA_TYPES:
        if not isinstance(data, str):
            return messages.string_expected(code, php_type(data))
        if kind in _MEDIA_TYPES and data not in catalog.media_keys:
            return messages.unknown_media(code, data)
        return None
    if kind == NUMBER:
        if isinstance(data, bool) or not isinstance(data, (int, float, str)) or (isinstance(data, str) and not data.strip()):
            return messages.numeric_expected(code, php_type(data))
        return None
    if kind == BOOLEAN:
        return None if isinstance(data, bool) else messages.boolean_expected_factory(code, php_type(data))
    if kind == DATE:
        if not isinstance(data, str):
            return messages.string_required(code, php_type(data))
        if not _DATE_START.match(data) or not _valid_date(data):
            return messages.date_expected(code)
        return None
    if kind == METRIC:
        if not _is_array(data):
            return messages.array_expected(code, php_type(data))
        if not _has(data, "amount"):
            return messages.array_key_expected(code, "amount")
        if not _has(data, "unit"):
            return messages.array_key_expected(code, "unit")
        assert isinstance(data, dict)
        unit, amount = data["unit"], data["amount"]
        if not isinstance(unit, str):
            return messages.metric_unit_not_string(code, php_type(unit))
        if isinstance(amount, str) and _numeric(amount) and not _DECIMAL.match(amount):
            return messages.decimal_expected(code, amount)
        return None
    if kind == PRICE_COLLECTION:
        if not _is_array(data):
            return messages.array_expected(code, php_type(data))
        for price in _entries(data):
            if not _is_array(price):
                return messages.array_of_arrays_expected(code)
            if not isinstance(price, dict) or price.get("amount") is None:
                return messages.array_key_expected(code, "amount")
            if price.get("currency") is None:
                return messages.array_key_expected(code, "currency")
        return None
    if kind in _LIST_TYPES:
        if not _is_array(data):
            return messages.array_expected(code, php_type(data))
        items = list(_entries(data))
        if kind == MULTI_SELECT:
            if not all(isinstance(item, str) for item in items):
                return messages.valid_array_structure(code, "one of the options is not a string")
            if not all(item for item in items):
                return messages.valid_array_structure(code, "one of the options is an empty string")
        return None
    return None


def _valid_date(text: str) -> bool:
    found = _DATE.match(text)
    if found is None:
        return False
    year, month, day = (int(part) for part in found.groups())
    return 1 <= month <= 12 and 1 <= day <= 31 and year >= 0


def _numeric(text: str) -> bool:
    """PHP's ``is_numeric`` for the strings an App sends."""
    try:
        Decimal(text.strip())
    except InvalidOperation:
        return False
    return bool(text.strip()) and text.strip().lower() not in ("nan", "inf", "-inf", "infinity", "-infinity")


def normalized(attribute: Attribute, data: object) -> JsonData:
    """The data as the PIM stores it: prices sorted by currency
    (``PriceCollectionValueFactory::sortByCurrency``), options sorted
    (``OptionsValueFactory``), a number or a text trimmed (``NumberValueFactory``)."""
    kind = attribute.type
    if kind == PRICE_COLLECTION and isinstance(data, (list, dict)):
        prices = [dict(price) for price in _entries(data) if isinstance(price, dict)]
        return sorted(prices, key=lambda price: (str(price.get("currency")), str(price.get("amount"))))
    if kind == MULTI_SELECT and isinstance(data, (list, dict)):
        return sorted(str(item) for item in _entries(data))
    if kind in (REFERENCE_DATA_MULTI_SELECT, REFERENCE_ENTITY_COLLECTION, ASSET_COLLECTION) and isinstance(
        data, (list, dict)
    ):
        return list(dict.fromkeys(str(item) for item in _entries(data)))
    if kind == METRIC and isinstance(data, dict):
        return {"amount": data.get("amount"), "unit": data.get("unit")}
    if kind == NUMBER and isinstance(data, str):
        return data.strip()
    return data


def same_data(attribute: Attribute, stored: object, given: object) -> bool:
    """Whether a value's new data equals the stored one, as the PIM's comparators see
    it (numbers by value, prices and options as sets)."""
    if stored is None:
        return False
    if stored == given:
        return True
    if attribute.type == NUMBER:
        return _same_number(stored, given)
    if attribute.type == METRIC and isinstance(stored, dict) and isinstance(given, dict):
        return stored.get("unit") == given.get("unit") and _same_number(stored.get("amount"), given.get("amount"))
    if attribute.type == PRICE_COLLECTION and isinstance(stored, list) and isinstance(given, list):
        def prices(data: list[object]) -> set[tuple[str, str]]:
            return {(str(p.get("currency")), _number_key(p.get("amount"))) for p in data if isinstance(p, dict)}
        return prices(stored) == prices(given)
    return False


def _number_key(value: object) -> str:
    try:
        return str(Decimal(str(value)).normalize())
    except InvalidOperation:
        return str(value)


def _same_number(a: object, b: object) -> bool:
    return _number_key(a) == _number_key(b)


# Stage 4: the product's validation -----------------------------------------------


@dataclass(frozen=True)
class Violation:
    """One entry of a ``Validation failed.`` answer, as ``ViolationNormalizer`` writes it."""

    message: str
    attribute: str
    locale: str | None
    scope: str | None

    def to_json(self) -> dict[str, object]:
        return {
            "property": "values", "message": self.message, "attribute": self.attribute,
            "locale": self.locale, "scope": self.scope,
        }


ChangedValue = tuple[Attribute, str | None, str | None, JsonData]

TEXT_MAX_LENGTH = 255
"""The length a text value may have when its attribute says none (the PIM's
``ConstraintGuesser`` for text attributes)."""
TEXTAREA_MAX_LENGTH = 65535
PLAIN_TEXT_LENGTHS = {TEXT: TEXT_MAX_LENGTH, TEXTAREA: TEXTAREA_MAX_LENGTH}


def violations(catalog: Catalog, changed: Iterable[ChangedValue], check_locales: bool = True) -> list[Violation]:
    """Every problem of the values a write sets, in the order the validator finds them:
    the collection's constraints first (locales, then channels), then each value's own.
    ``check_locales`` is False in EE, where a locale the App cannot see was refused
    before (the permission layer answers for it)."""
    changed = list(changed)
    locale_codes = catalog.locale_set
    for attribute, locale, scope, data in changed:  # the common case, at a glance
        if (attribute.type not in PLAIN_TEXT_LENGTHS or scope is not None or attribute.available_locales
                or (locale is not None and locale not in locale_codes)
                or len(data) > (attribute.max_characters or PLAIN_TEXT_LENGTHS[attribute.type])):  # type: ignore[arg-type]
            break
    else:
        return []
    found: list[Violation] = []
    channels = catalog.channel_by_code
    for attribute, locale, scope, _ in changed:
        if locale is None:
            continue
        if check_locales and locale not in locale_codes:
            found.append(Violation(messages.locale_does_not_exist(attribute.code, locale), attribute.code, locale, scope))
            continue
        if scope is not None and scope in channels and locale not in channels[scope].locales:
            found.append(Violation(messages.locale_not_bound(attribute.code, locale, scope), attribute.code, locale, scope))
            continue
        if attribute.available_locales and locale not in attribute.available_locales:
            found.append(Violation(messages.locale_not_available(attribute.code, locale), attribute.code, locale, scope))
    for attribute, locale, scope, _ in changed:
        if scope is not None and scope not in channels:
            found.append(Violation(messages.unknown_channel(attribute.code, scope), attribute.code, locale, scope))
    for attribute, locale, scope, data in changed:
        for message in _data_violations(catalog, attribute, data):
            found.append(Violation(message, attribute.code, locale, scope))
    return found


def _data_violations(catalog: Catalog, attribute: Attribute, data: object) -> list[str]:
    kind, code = attribute.type, attribute.code
    problems: list[str] = []
    if kind == PRICE_COLLECTION and isinstance(data, list):
        activated = catalog.activated_currencies
        for price in data:
            if isinstance(price, dict):
                currency = str(price.get("currency"))
                if currency not in activated:
                    problems.append(messages.invalid_currency(code, currency))
                amount = price.get("amount")
                if isinstance(amount, str) and not _numeric(amount):
                    problems.append(messages.not_a_number(code, amount))
                elif not attribute.decimals_allowed and attribute.decimals_allowed is not None and _has_decimals(amount):
                    problems.append(messages.not_decimal(code, amount))
    elif kind in (SIMPLE_SELECT, MULTI_SELECT):
        # AttributeOptionsExistValidator compares the codes lowercased.
        known = {option.lower() for option in attribute.option_codes}
        if kind == SIMPLE_SELECT and isinstance(data, str) and data.lower() not in known:
            problems.append(messages.unknown_option(code, data))
        if kind == MULTI_SELECT and isinstance(data, list):
            unknown = [str(option).lower() for option in data if str(option).lower() not in known]
            if unknown:
                problems.append(messages.unknown_options(code, unknown))
    elif kind == METRIC and isinstance(data, dict):
        family = catalog.measurement_family_by_code.get(attribute.metric_family or "")
        if family is None or data.get("unit") not in family.units:
            problems.append(messages.INVALID_METRIC_UNIT)
        amount = data.get("amount")
        if isinstance(amount, str) and not _numeric(amount) or isinstance(amount, (list, dict, bool)):
            problems.append(messages.not_a_number(code, amount))
        elif attribute.decimals_allowed is False and _has_decimals(amount):
            problems.append(messages.not_decimal(code, amount))
    elif kind == NUMBER:
        if isinstance(data, str) and not _numeric(data):
            problems.append(messages.not_a_number(code, data))
        elif attribute.decimals_allowed is False and _has_decimals(data):
            problems.append(messages.not_decimal(code, data))
        elif attribute.negative_allowed is False and _is_negative(data):
            problems.append(messages.min_value(code, 0))
    elif kind in (TEXT, TEXTAREA) and isinstance(data, str):
        limit = attribute.max_characters or (TEXT_MAX_LENGTH if kind == TEXT else TEXTAREA_MAX_LENGTH)
        if len(data) > limit:
            problems.append(messages.too_long(code, limit))
    return problems


def _has_decimals(value: object) -> bool:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return False
    return number != number.to_integral_value()


def _is_negative(value: object) -> bool:
    try:
        return Decimal(str(value)) < 0
    except InvalidOperation:
        return False


def sample_value(catalog: Catalog, attribute: Attribute, locale: str | None) -> dict[str, object]:
    """A value a change of this attribute could send, valid for its type, in ``locale``
    and, for a scopable attribute, in the first channel that has that locale: what an
    explanation writes when it asks "may the App change this value?"."""
    value_locale, scope = place_of(attribute, catalog, locale)
    return {"locale": value_locale, "scope": scope, "data": sample_data(attribute, catalog)}


def sample_data(attribute: Attribute, catalog: Catalog) -> JsonData:
    """Data a change of this attribute's value could carry, valid for its type: what an
    explanation writes when it asks "may the App change this value?"."""
    kind = attribute.type
    if kind in (SIMPLE_SELECT,):
        return attribute.options[-1].code if attribute.options else "option"
    if kind == MULTI_SELECT:
        return [attribute.options[-1].code] if attribute.options else ["option"]
    if kind == NUMBER:
        return "1"
    if kind == BOOLEAN:
        return True
    if kind == DATE:
        return "2024-01-01"
    if kind == METRIC:
        return {"amount": "1", "unit": attribute.default_metric_unit}
    if kind == PRICE_COLLECTION:
        currency = sorted(catalog.activated_currencies)[0] if catalog.activated_currencies else "EUR"
        return [{"amount": "1.00", "currency": currency}]
    if kind in _LIST_TYPES:
        return ["changed"]
    if kind in _MEDIA_TYPES:
        return "changed.jpg"
    return "changed"


def place_of(attribute: Attribute, catalog: Catalog, locale: str | None) -> tuple[str | None, str | None]:
    """The locale and channel a sample change of the attribute is written in: the
    first channel that has ``locale`` (or the first channel) when it is scopable."""
    if not attribute.scopable:
        return (locale if attribute.localizable else None), None
    for channel in catalog.channels:
        if locale is None or locale in channel.locales:
            return (locale if attribute.localizable else None), channel.code
    return (locale if attribute.localizable else None), (catalog.channels[0].code if catalog.channels else None)
