"""The PIM's CSV exports, read into :class:`~simulator.formats.parts.Parts`.

Each export profile writes its own columns (reference §6, and the PIM's import and
export end-to-end tests, cited in ``tests/fixtures/imports/``):

- categories: ``code;parent;label-<locale>…``;
- attribute groups: ``code;label-<locale>…;attributes;sort_order``;
- attributes: ``code;label-<locale>…;group;type;localizable;scopable;…`` and the
  type's settings (``metric_family``, ``default_metric_unit``, ``decimals_allowed``,
  ``negative_allowed``, ``available_locales``, ``max_characters``,
  ``reference_data_name``, ``allowed_extensions``, ``unique``…);
- attribute options: ``attribute;code;sort_order;label-<locale>…``;
- families: ``code;label-<locale>…;attributes;attribute_as_label;attribute_as_image;requirements-<channel>…``;
- channels: ``code;label-<locale>…;currencies;locales;tree;conversion_units``;
- locales: ``code`` (and ``activated``), or a plain list of locale codes;
- association types: ``code;label-<locale>…;is_quantified;is_two_way``;
- product models: ``code;family_variant;parent;categories;`` then values;
- products: the identifier attribute's code (often ``sku``), ``categories``,
  ``enabled``, ``family``, ``parent``, ``groups``, association columns
  (``X_SELL-products``, ``X_SELL-product_models``, ``X_SELL-product_uuids``,
  ``X_SELL-groups``), then values: ``name-en_US``, ``description-en_US-ecommerce``,
  ``price-EUR``, ``weight`` with ``weight-unit``; recent versions start with ``uuid``.

Lists inside a cell are comma-separated. Yes/no cells are ``1`` or ``0``.
"""

from __future__ import annotations

from array import array
from itertools import accumulate, islice, repeat
from operator import add, itemgetter
from typing import Callable, Final, Iterable, Iterator, Mapping, TypeVar

from simulator.formats.codes import (
    CODE,
    IDENTIFIER_BAD,
    IDENTIFIER_MAX,
    boolean,
    identifier_problem,
    is_code,
    is_currency,
    is_locale,
    split_list,
)
from simulator.formats.csv_table import CsvTable, PlainBlock, Row
from simulator.formats.exported import Place, make_exported, made_values
from simulator.formats.grouping import first_positions
from simulator.formats.makers import maker
from simulator.formats.parts import (
    AssociationTypeRecord,
    AttributeRecord,
    CategoryRecord,
    ChannelRecord,
    CurrencyRecord,
    FamilyRecord,
    GroupRecord,
    LocaleRecord,
    ModelRecord,
    OptionRecord,
    Parts,
    Seen,
    Where,
)
from simulator.formats import value_data
from simulator.formats.problems import count, quote
from simulator.model import METRIC, PRICE_COLLECTION, TEXT, Association, Product, Value

make_product = maker(Product)
make_value = maker(Value)

PRODUCT_FIELDS: Final = frozenset({"uuid", "categories", "enabled", "family", "parent", "groups"})
ASSOCIATION_KINDS: Final = ("products", "product_models", "product_uuids", "groups")


# Reading one kind of row; each reader is a generator of rows to process in steps.

Reader = Callable[[CsvTable, Parts, int | None], Iterator[None]]
"""Reads up to ``budget`` rows of the table into the parts, yielding after each batch."""


def _labels_of(header: tuple[str, ...]) -> list[tuple[int, str]]:
    return [(index, name[6:]) for index, name in enumerate(header) if name.startswith("label-") and name[6:]]


def _labels(cells: list[str], columns: list[tuple[int, str]], parts: Parts, where: Where) -> dict[str, str]:
    labels: dict[str, str] = {}
    for index, locale in columns:
        text = cells[index]
        if text:
            labels[locale] = text
            if locale not in parts.locales_seen:
                parts.locales_seen[locale] = where
    return labels


def _column(table: CsvTable, name: str) -> int | None:
    try:
        return table.header.index(name)
    except ValueError:
        return None


def _where(table: CsvTable, row: Row, cell: int | None) -> Where:
    line, column = table.position(row, cell)
    return (table.file, line, column)


def _warn_unread(table: CsvTable, read: set[str]) -> None:
    """Name once the columns of a structure export the simulator does not use."""
    unread = [name for name in table.header if name not in read and not name.startswith("label-")]
    if unread:
        shown = ", ".join(quote(name, 30) for name in unread[:8]) + (" …" if len(unread) > 8 else "")
        table.report.warning(table.file, f"columns not used by the simulator, ignored: {shown}", 1)


def _code_cell(table: CsvTable, row: Row, index: int, what: str) -> str | None:
    code = row.cells[index].strip()
    if not code:
        table.error(row, index, f"the {what} code is empty: the line is left out")
        return None
    if not is_code(code):
        table.error(
            row, index,
            f"{quote(code)} is not a {what} code (letters, digits and _ only): the line is left out",
        )
        return None
    return code


def _duplicate(table: CsvTable, row: Row, index: int, what: str, code: str, first: Where) -> None:
    table.error(
        row, index,
        f"{what} {quote(code)} was already read ({first[0]}:{first[1]}): this line is left out",
    )


def read_categories(table: CsvTable, parts: Parts, budget: int | None) -> Iterator[None]:
    code_at = _column(table, "code")
    parent_at = _column(table, "parent")
    assert code_at is not None
    labels = _labels_of(table.header)
    _warn_unread(table, {"code", "parent"})
    for row in _batches(table, budget):
        if row is None:
            yield
            continue
        code = _code_cell(table, row, code_at, "category")
        if code is None:
            continue
        where = _where(table, row, code_at)
        if code in parts.categories:
            _duplicate(table, row, code_at, "category", code, parts.categories[code].where)
            continue
        parent = row.cells[parent_at].strip() if parent_at is not None else ""
        parts.categories[code] = CategoryRecord(
            code, where, parent or None, _where(table, row, parent_at) if parent else None,
            _labels(row.cells, labels, parts, where),
        )


def read_attribute_groups(table: CsvTable, parts: Parts, budget: int | None) -> Iterator[None]:
    code_at = _column(table, "code")
    attributes_at = _column(table, "attributes")
    order_at = _column(table, "sort_order")
    assert code_at is not None
    labels = _labels_of(table.header)
    _warn_unread(table, {"code", "attributes", "sort_order"})
    for row in _batches(table, budget):
        if row is None:
            yield
            continue
        code = _code_cell(table, row, code_at, "attribute group")
        if code is None:
            continue
        where = _where(table, row, code_at)
        if code in parts.attribute_groups:
            _duplicate(table, row, code_at, "attribute group", code, parts.attribute_groups[code].where)
            continue
        order = row.cells[order_at].strip() if order_at is not None else ""
        parts.attribute_groups[code] = GroupRecord(
            code, where, _labels(row.cells, labels, parts, where),
            tuple(split_list(row.cells[attributes_at])) if attributes_at is not None else (),
            int(order) if order.isdigit() and len(order) < 10 else 0,
        )


_ATTRIBUTE_FLAGS: Final = ("localizable", "scopable", "unique", "decimals_allowed", "negative_allowed",
                           "useable_as_grid_filter", "wysiwyg_enabled", "auto_option_sorting")
_ATTRIBUTE_LISTS: Final = ("available_locales", "allowed_extensions")
_ATTRIBUTE_TEXTS: Final = ("metric_family", "default_metric_unit", "reference_data_name")
_ATTRIBUTE_NUMBERS: Final = ("max_characters", "sort_order")


def read_attributes(table: CsvTable, parts: Parts, budget: int | None) -> Iterator[None]:
    code_at = _column(table, "code")
    type_at = _column(table, "type")
    group_at = _column(table, "group")
    assert code_at is not None and type_at is not None
    labels = _labels_of(table.header)
    known = {"code", "type", "group", *_ATTRIBUTE_FLAGS, *_ATTRIBUTE_LISTS, *_ATTRIBUTE_TEXTS, *_ATTRIBUTE_NUMBERS}
    _warn_unread(table, known)
    flag_columns = [(name, _column(table, name)) for name in _ATTRIBUTE_FLAGS]
    for row in _batches(table, budget):
        if row is None:
            yield
            continue
        code = _code_cell(table, row, code_at, "attribute")
        if code is None:
            continue
        where = _where(table, row, code_at)
        if code in parts.attributes:
            _duplicate(table, row, code_at, "attribute", code, parts.attributes[code].where)
            continue
        kind = row.cells[type_at].strip()
        if not kind:
            table.error(row, type_at, f"attribute {quote(code)} has no type: the line is left out")
            continue
        flags: dict[str, bool] = {}
        bad = False
        for name, index in flag_columns:
            if index is None or (name not in ("localizable", "scopable") and not row.cells[index].strip()):
                continue
            flag = boolean(row.cells[index])
            if flag is None:
                table.error(row, index, f"{name} is {quote(row.cells[index])}: expected 1 or 0; the line is left out")
                bad = True
                break
            flags[name] = flag
        if bad:
            continue
        properties: dict[str, object] = {}
        for name in _ATTRIBUTE_LISTS:
            index = _column(table, name)
            if index is not None and row.cells[index].strip():
                properties[name] = tuple(split_list(row.cells[index]))
        for name in _ATTRIBUTE_TEXTS:
            index = _column(table, name)
            if index is not None and row.cells[index].strip():
                properties[name] = row.cells[index].strip()
        for name in _ATTRIBUTE_NUMBERS:
            index = _column(table, name)
            text = row.cells[index].strip() if index is not None else ""
            if text.isdigit() and len(text) < 10:
                properties[name] = int(text)
        for name in ("unique", "decimals_allowed", "negative_allowed"):
            if name in flags:
                properties[name] = flags[name]
        group = row.cells[group_at].strip() if group_at is not None else ""
        parts.attributes[code] = AttributeRecord(
            code, where, kind, group, _where(table, row, group_at) if group else None,
            flags.get("localizable", False), flags.get("scopable", False),
            _labels(row.cells, labels, parts, where), properties,
        )


def read_attribute_options(table: CsvTable, parts: Parts, budget: int | None) -> Iterator[None]:
    attribute_at = _column(table, "attribute")
    code_at = _column(table, "code")
    assert attribute_at is not None and code_at is not None
    labels = _labels_of(table.header)
    _warn_unread(table, {"attribute", "code", "sort_order"})
    for row in _batches(table, budget):
        if row is None:
            yield
            continue
        attribute = _code_cell(table, row, attribute_at, "attribute")
        code = _code_cell(table, row, code_at, "option") if attribute is not None else None
        if attribute is None or code is None:
            continue
        where = _where(table, row, code_at)
        if (attribute, code) in parts.options:
            _duplicate(table, row, code_at, f"option of {quote(attribute)}", code, parts.options[(attribute, code)].where)
            continue
        parts.options[(attribute, code)] = OptionRecord(attribute, code, where, _labels(row.cells, labels, parts, where))
        parts.attributes_with_options.add(attribute)


def read_families(table: CsvTable, parts: Parts, budget: int | None) -> Iterator[None]:
    code_at = _column(table, "code")
    assert code_at is not None
    attributes_at = _column(table, "attributes")
    label_at = _column(table, "attribute_as_label")
    image_at = _column(table, "attribute_as_image")
    requirements = [(i, name[13:]) for i, name in enumerate(table.header) if name.startswith("requirements-")]
    labels = _labels_of(table.header)
    _warn_unread(table, {"code", "attributes", "attribute_as_label", "attribute_as_image",
                         *(table.header[i] for i, _ in requirements)})
    for row in _batches(table, budget):
        if row is None:
            yield
            continue
        code = _code_cell(table, row, code_at, "family")
        if code is None:
            continue
        where = _where(table, row, code_at)
        if code in parts.families:
            _duplicate(table, row, code_at, "family", code, parts.families[code].where)
            continue
        cells = row.cells
        parts.families[code] = FamilyRecord(
            code, where, _labels(cells, labels, parts, where),
            tuple(split_list(cells[attributes_at])) if attributes_at is not None else (),
            (cells[label_at].strip() or None) if label_at is not None else None,
            (cells[image_at].strip() or None) if image_at is not None else None,
            {channel: tuple(split_list(cells[index])) for index, channel in requirements},
        )


def read_channels(table: CsvTable, parts: Parts, budget: int | None) -> Iterator[None]:
    code_at = _column(table, "code")
    tree_at = _column(table, "tree")
    assert code_at is not None and tree_at is not None
    locales_at = _column(table, "locales")
    currencies_at = _column(table, "currencies")
    units_at = _column(table, "conversion_units")
    labels = _labels_of(table.header)
    _warn_unread(table, {"code", "tree", "locales", "currencies", "conversion_units"})
    for row in _batches(table, budget):
        if row is None:
            yield
            continue
        code = _code_cell(table, row, code_at, "channel")
        if code is None:
            continue
        where = _where(table, row, code_at)
        if code in parts.channels:
            _duplicate(table, row, code_at, "channel", code, parts.channels[code].where)
            continue
        cells = row.cells
        tree = cells[tree_at].strip()
        if not tree:
            table.error(row, tree_at, f"channel {quote(code)} has no category tree: the line is left out")
            continue
        locales = tuple(split_list(cells[locales_at])) if locales_at is not None else ()
        for locale in locales:
            parts.locales_seen.setdefault(locale, _where(table, row, locales_at))
        units: dict[str, str] = {}
        if units_at is not None:
            # "weight: GRAM, length: MILLIMETER" (the channel import's own format).
            for pair in split_list(cells[units_at]):
                attribute, colon, unit = pair.partition(":")
                if colon and attribute.strip() and unit.strip():
                    units[attribute.strip()] = unit.strip()
        parts.channels[code] = ChannelRecord(
            code, where, tree, _where(table, row, tree_at), locales,
            tuple(split_list(cells[currencies_at])) if currencies_at is not None else (),
            _labels(cells, labels, parts, where), units,
        )


def read_locales(table: CsvTable, parts: Parts, budget: int | None) -> Iterator[None]:
    code_at = _column(table, "code")
    assert code_at is not None
    flag_at = _column(table, "activated")
    if flag_at is None:
        flag_at = _column(table, "enabled")
    label_at = _column(table, "label")
    _warn_unread(table, {"code", "activated", "enabled", "label"})
    for row in _batches(table, budget):
        if row is None:
            yield
            continue
        code = row.cells[code_at].strip()
        if not is_locale(code):
            table.error(row, code_at, f"{quote(code)} is not a locale code (such as fr_FR): the line is left out")
            continue
        flag = row.cells[flag_at] if flag_at is not None else "1"
        enabled = boolean(flag)
        if enabled is None:
            table.error(row, flag_at, f"activated is {quote(flag)}: expected 1 or 0; the line is left out")
            continue
        if code in parts.locales:
            _duplicate(table, row, code_at, "locale", code, parts.locales[code].where)
            continue
        label = row.cells[label_at].strip() if label_at is not None else ""
        parts.locales[code] = LocaleRecord(code, _where(table, row, code_at), label, enabled)


def read_locale_list(table: CsvTable, parts: Parts, budget: int | None) -> Iterator[None]:
    """A plain list of locale codes, one a line or comma-separated (no header)."""
    for row in _batches(table, budget, include_header=True):
        if row is None:
            yield
            continue
        for index, cell in enumerate(row.cells):
            for code in split_list(cell):
                if not is_locale(code):
                    table.error(row, index, f"{quote(code)} is not a locale code (such as fr_FR): it is left out")
                elif code in parts.locales:
                    first = parts.locales[code].where
                    table.warning(row, index, f"locale {quote(code)} was already read ({first[0]}:{first[1]})")
                else:
                    parts.locales[code] = LocaleRecord(code, _where(table, row, index))


def read_currencies(table: CsvTable, parts: Parts, budget: int | None) -> Iterator[None]:
    code_at = _column(table, "code")
    assert code_at is not None
    flag_at = _column(table, "activated")
    _warn_unread(table, {"code", "activated", "label"})
    for row in _batches(table, budget):
        if row is None:
            yield
            continue
        code = row.cells[code_at].strip()
        if not is_currency(code):
            table.error(row, code_at, f"{quote(code)} is not a currency code (such as EUR): the line is left out")
            continue
        enabled = boolean(row.cells[flag_at]) if flag_at is not None else True
        if enabled is None:
            table.error(row, flag_at, f"activated is {quote(row.cells[flag_at] if flag_at is not None else '')}: "
                        "expected 1 or 0; the line is left out")
            continue
        if code not in parts.currencies:
            parts.currencies[code] = CurrencyRecord(code, _where(table, row, code_at), "", enabled)


def read_association_types(table: CsvTable, parts: Parts, budget: int | None) -> Iterator[None]:
    code_at = _column(table, "code")
    assert code_at is not None
    quantified_at = _column(table, "is_quantified")
    two_way_at = _column(table, "is_two_way")
    labels = _labels_of(table.header)
    _warn_unread(table, {"code", "is_quantified", "is_two_way"})
    for row in _batches(table, budget):
        if row is None:
            yield
            continue
        code = _code_cell(table, row, code_at, "association type")
        if code is None:
            continue
        where = _where(table, row, code_at)
        if code in parts.association_types:
            _duplicate(table, row, code_at, "association type", code, parts.association_types[code].where)
            continue
        parts.association_types[code] = AssociationTypeRecord(
            code, where, _labels(row.cells, labels, parts, where),
            boolean(row.cells[quantified_at]) is True if quantified_at is not None else False,
            boolean(row.cells[two_way_at]) is True if two_way_at is not None else False,
        )


# Products and product models: fixed columns, association columns, then values.


class ValueGroup:
    """The columns of one value of a product export (its attribute, locale and
    channel): one column for most types, one per currency for prices (``price-EUR``,
    ``price-USD``), the amount and ``-unit`` for a metric."""

    __slots__ = ("attribute", "record", "locale", "scope", "index", "unit_index", "currencies", "simple",
                 "bad", "first_bad", "reason")

    def __init__(self, record: AttributeRecord, locale: str | None, scope: str | None) -> None:
        self.attribute = record.code
        self.record = record
        self.locale = locale
        self.scope = scope
        self.index: int | None = None
        self.unit_index: int | None = None
        self.currencies: list[tuple[str, int]] = []
        self.simple = False
        self.bad = 0
        self.first_bad: tuple[int, int] = (0, 0)
        self.reason = ""

    def data(self, cells: list[str], parts: Parts) -> object:
        """The value's data, or None when its cells are empty; raises BadValue."""
        record = self.record
        if self.currencies:
            prices = [{"amount": cells[i].strip(), "currency": c} for c, i in self.currencies if cells[i].strip()]
            return value_data.check(record, prices, parts) if prices else None
        if self.index is None:
            return None
        cell = cells[self.index]
        if not cell:
            return None
        if record.type == METRIC:
            unit = cells[self.unit_index].strip() if self.unit_index is not None else ""
            return value_data.check(record, {"amount": cell.strip(), "unit": unit or None}, parts)
        return value_data.from_cell(record, cell, parts)


def _value_place(
    name: str, parts: Parts, where: Where,
) -> tuple[AttributeRecord, str | None, str | None, str | None, bool] | str:
    """Attribute, locale, channel, currency and whether it is a ``-unit`` column, read
    from a value column's name and the attribute it names; a string saying why when it
    cannot be read. An attribute no file gave is made from the columns that name it."""
    attribute_code, _, rest = name.partition("-")
    suffixes = rest.split("-") if rest else []
    if not is_code(attribute_code):
        return f"the column {quote(name)} does not name an attribute"
    attribute = parts.attributes.get(attribute_code)
    unit = bool(suffixes) and suffixes[-1] == "unit"
    if unit:
        suffixes = suffixes[:-1]
    locale = scope = currency = None
    if attribute is not None and not attribute.derived:
        wanted = []
        if attribute.localizable:
            wanted.append("locale")
        if attribute.scopable:
            wanted.append("scope")
        if attribute.type == PRICE_COLLECTION:
            wanted.append("currency")
        if unit and attribute.type != METRIC:
            return f"the column {quote(name)}: {quote(attribute_code)} is not a metric attribute, it has no unit"
        if len(suffixes) != len(wanted):
            expected = "-".join([attribute_code, *(f"<{w}>" for w in wanted)])
            return f"the column {quote(name)} does not fit the attribute {quote(attribute_code)}: expected {expected}"
        for kind, suffix in zip(wanted, suffixes):
            if kind == "locale":
                locale = suffix
            elif kind == "scope":
                scope = suffix
            else:
                currency = suffix
    else:
        for suffix in suffixes:
            if is_locale(suffix) and locale is None and scope is None:
                locale = suffix
            elif is_currency(suffix) and currency is None and suffix not in parts.channels:
                currency = suffix
            elif is_code(suffix) and scope is None:
                scope = suffix
            else:
                return f"the column {quote(name)} does not read as attribute[-locale][-channel]"
        if attribute is None:
            attribute = parts.attributes[attribute_code] = AttributeRecord(
                attribute_code, where, PRICE_COLLECTION if currency else TEXT,
                localizable=locale is not None, scopable=scope is not None, derived=True,
            )
        else:  # made from an earlier column: widen it to what this one shows
            attribute.localizable = attribute.localizable or locale is not None
            attribute.scopable = attribute.scopable or scope is not None
            if currency and attribute.type == TEXT:
                attribute.type = PRICE_COLLECTION
    if locale is not None:
        parts.locales_seen.setdefault(locale, where)
    if scope is not None:
        parts.scopes_seen.setdefault(scope, where)
    return attribute, locale, scope, currency, unit


class EntityColumns:
    """The columns of a product or product model export, read once from its header."""

    def __init__(self, table: CsvTable, parts: Parts, code_column: int, reserved: frozenset[str]) -> None:
        header = table.header
        self.code = code_column
        self.columns = {name: header.index(name) for name in reserved if name in header}
        groups: dict[tuple[str, str | None, str | None], ValueGroup] = {}
        self.associations: list[tuple[int, str, str]] = []
        unread: list[str] = []
        for index, name in enumerate(header):
            if index == code_column or name in self.columns:
                continue
            type_code, dash, kind = name.rpartition("-")
            if dash and kind in ASSOCIATION_KINDS and is_code(type_code):
                self.associations.append((index, type_code, kind))
                continue
            if dash and kind == "quantity":
                unread.append(name)
                continue
            place = _value_place(name, parts, (table.file, 1, _header_column(table, index)))
            if isinstance(place, str):
                table.report.error(table.file, f"{place}: the column is not read", 1, _header_column(table, index))
                continue
            record, locale, scope, currency, unit = place
            parts.places_seen.setdefault((record.code, locale, scope), (table.file, 1, _header_column(table, index)))
            group = groups.get((record.code, locale, scope))
            if group is None:
                group = groups[(record.code, locale, scope)] = ValueGroup(record, locale, scope)
            if currency is not None:
                group.currencies.append((currency, index))
            elif unit:
                group.unit_index = index
            else:
                group.index = index
        for group in groups.values():
            group.simple = group.record.type in value_data.STRING_TYPES and not group.currencies
        self.values = list(groups.values())
        if unread:
            shown = ", ".join(quote(name, 30) for name in unread[:5]) + (" …" if len(unread) > 5 else "")
            table.report.warning(table.file, f"quantified associations are not simulated, ignored: {shown}", 1)

    def get(self, name: str) -> int | None:
        return self.columns.get(name)

    def report_bad_values(self, table: CsvTable) -> None:
        """One warning per column whose values did not all fit their attribute."""
        for group in self.values:
            if group.bad:
                line, column = group.first_bad
                table.report.warning(
                    table.file, f"{count(group.bad, 'value')} of {quote(group.attribute)} left out ({group.reason}; "
                    "the first here)", line, column,
                )


def _header_column(table: CsvTable, index: int) -> int:
    return sum(len(name) + 1 for name in table.header[:index]) + 1


def values_of(table: CsvTable, line: int, cells: list[str], groups: list[ValueGroup], parts: Parts) -> tuple[Value, ...]:
    """The values of the row just read (on ``line``): each value whose cells are not
    empty and fit its attribute."""
    values: list[Value] = []
    for group in groups:
        if group.simple:
            index = group.index
            if index is None:
                continue
            data: object = cells[index]
            if not data:
                continue
        else:
            try:
                data = group.data(cells, parts)
            except value_data.BadValue as bad:
                group.bad += 1
                if group.bad == 1:
                    cell = group.index if group.index is not None else group.currencies[0][1]
                    at, column = table.position(table.row(line, cells), cell)
                    group.first_bad = (at, column or 0)
                    group.reason = str(bad)
                continue
            if data is None:
                continue
        values.append(make_value(attribute=group.attribute, locale=group.locale, data=data, scope=group.scope))
    return tuple(values)


class _Interned:
    """One tuple per distinct list cell: a million products share a few thousand
    category lists, so each list is split and checked once."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.cache: dict[str, tuple[str, ...]] = {"": ()}

    def __call__(self, cell: str) -> tuple[str, ...] | None:
        found = self.cache.get(cell)
        if found is None:
            items = split_list(cell)
            if len(items) > self.limit:
                return None
            found = self.cache[cell] = tuple(items)
        return found


K = TypeVar("K")
T = TypeVar("T")


def _seen(table: dict[K, Seen], key: K, where: Callable[[], Where]) -> None:
    seen = table.get(key)
    if seen is None:
        seen = table[key] = Seen(where())
    seen.count += 1


def product_identifier_column(table: CsvTable, parts: Parts) -> int:
    """The identifier attribute's column, else the first one that is not a product field."""
    header = table.header
    for index, name in enumerate(header):
        record = parts.attributes.get(name)
        if record is not None and record.type == "pim_catalog_identifier":
            return index
    for index, name in enumerate(header):
        if name not in PRODUCT_FIELDS:
            return index
    return 0


def read_products(table: CsvTable, parts: Parts, budget: int | None) -> Iterator[None]:
    """The products export. The loop is the import's hot path (a million rows): rows
    come as (line, cells), a :class:`Row` is made only for a problem, and what a later
    check needs is noted once per distinct category cell, family and parent (each held
    once: a million products share a few thousand of them)."""
    id_at = product_identifier_column(table, parts)
    identifier_name = table.header[id_at]
    if parts.identifier_column is None:
        parts.identifier_column = identifier_name
    if identifier_name in parts.attributes and parts.attributes[identifier_name].derived:
        del parts.attributes[identifier_name]
    columns = EntityColumns(table, parts, id_at, PRODUCT_FIELDS)
    uuid_at, categories_at = columns.get("uuid"), columns.get("categories")
    enabled_at, family_at = columns.get("enabled"), columns.get("family")
    parent_at, groups_at = columns.get("parent"), columns.get("groups")
    value_columns = columns.values
    association_columns = columns.associations
    interned = _Interned(table.limits.list_items)
    groups_interned = _Interned(table.limits.list_items)
    category_cells: dict[str, tuple[tuple[str, ...] | None, Seen | None]] = {"": ((), None)}
    family_cells: dict[str, tuple[str, Seen | None]] = {"": ("", None)}
    parent_cells: dict[str, tuple[str, Seen | None]] = {"": ("", None)}
    known = parts.product_ids
    products, lines = parts.products, parts.product_lines
    category_lists, families_used, parents_used = parts.category_lists, parts.families_used, parts.parents_used
    file = table.file
    parts.product_files.append((len(products), file))
    bad_identifier = IDENTIFIER_BAD.search
    simple = [(g.index, g.attribute, g.locale, g.scope) for g in value_columns if g.simple and g.index is not None]
    typed = [g for g in value_columns if not g.simple]
    places: tuple[Place, ...] = tuple((attribute, locale, scope) for _, attribute, locale, scope in simple)
    texts_of = _cells_at([index for index, *_ in simple])
    add_known, add_line, add_product = known.add, lines.append, products.append

    def each_row(records: Iterable[tuple[int, list[str]]]) -> None:
        for line, cells in records:
            identifier = cells[id_at]
            if bad_identifier(identifier) is not None or not 0 < len(identifier) <= IDENTIFIER_MAX \
                    or identifier[0] == " " or identifier[-1] == " ":
                table.error(table.row(line, cells), id_at, f"{identifier_problem(identifier)}: the line is left out")
                continue
            if identifier in known:
                first = parts.where_of(identifier)
                table.error(table.row(line, cells), id_at, f"product {quote(identifier)} was already read "
                            f"({first[0]}:{first[1]}): this line is left out")
                continue
            categories: tuple[str, ...] | None = ()
            if categories_at is not None:
                cell = cells[categories_at]
                listed = category_cells.get(cell)
                if listed is None:
                    categories = interned(cell)
                    seen = None
                    if categories:
                        seen = category_lists.get(categories)
                        if seen is None:
                            seen = category_lists[categories] = Seen(_where(table, table.row(line, cells), categories_at))
                    listed = category_cells[cell] = (categories, seen)
                categories, seen = listed
                if categories is None:
                    table.error(table.row(line, cells), categories_at,
                                f"more than {interned.limit:,} categories: the line is left out")
                    continue
                if seen is not None:
                    seen.count += 1
            enabled = True
            if enabled_at is not None:
                cell = cells[enabled_at]
                if cell == "0":
                    enabled = False
                elif cell != "1" and cell:
                    flag = boolean(cell)
                    if flag is None:
                        table.error(table.row(line, cells), enabled_at,
                                    f"enabled is {quote(cell)}: expected 1 or 0; the line is left out")
                        continue
                    enabled = flag
            family = ""
            if family_at is not None:
                cell = cells[family_at]
                named = family_cells.get(cell)
                if named is None:
                    named = family_cells[cell] = _shared(
                        cell.strip(), families_used, lambda: _where(table, table.row(line, cells), family_at))
                family, seen = named
                if seen is not None:
                    seen.count += 1
            parent = ""
            if parent_at is not None:
                cell = cells[parent_at]
                named = parent_cells.get(cell)
                if named is None:
                    named = parent_cells[cell] = _shared(
                        cell.strip(), parents_used, lambda: _where(table, table.row(line, cells), parent_at))
                parent, seen = named
                if seen is not None:
                    seen.count += 1
            groups = groups_interned(cells[groups_at]) if groups_at is not None and cells[groups_at] else ()
            associations: tuple[Association, ...] = ()
            if association_columns:
                associations = _associations(cells, association_columns, "product", identifier, parts,
                                             (file, line, None))
            if uuid_at is not None and cells[uuid_at]:
                parts.product_uuids[cells[uuid_at].strip()] = identifier
            values: tuple[Value, ...] = ()
            if typed:
                values = values_of(table, line, cells, typed, parts)
            add_known(identifier)
            add_line(line)
            texts = texts_of(cells) if texts_of is not None else ()
            add_product(make_exported(identifier, parent or None, family, enabled, categories or (), texts, places,
                                      values, groups or (), associations))

    block_reader = _ProductBlocks(table, parts, id_at, columns, category_cells, family_cells, parent_cells,
                                  interned, groups_interned, typed, places, [index for index, *_ in simple])
    while not table.done:
        block = table.plain_block(budget)
        if block is None:  # rows that are not plain: a batch of them by the csv reader
            each_row(table.records(budget))
        elif not block_reader.read(block):
            each_row(block.records())
        if table.done:
            break
        yield
    columns.report_bad_values(table)


class _ProductBlocks:
    """A plain block of the products export read column by column: each check is one
    C loop over a column (the identifiers joined and searched once, their duplicates
    found by a set), each category, family and parent cell is numbered (one look-up a
    row) and what a number gives is worked out once, when first met; the products
    are made by one C call per block. A block where any row has a problem is left to
    the row-by-row reader, which names each one."""

    def __init__(
        self, table: CsvTable, parts: Parts, id_at: int, columns: EntityColumns,
        category_cells: dict[str, tuple[tuple[str, ...] | None, Seen | None]],
        family_cells: dict[str, tuple[str, Seen | None]], parent_cells: dict[str, tuple[str, Seen | None]],
        interned: _Interned, groups_interned: _Interned, typed: list[ValueGroup], places: tuple[Place, ...],
        text_indexes: list[int],
    ) -> None:
        self.table, self.parts, self.id_at, self.columns = table, parts, id_at, columns
        self.category_cells, self.family_cells, self.parent_cells = category_cells, family_cells, parent_cells
        self.interned, self.groups_interned = interned, groups_interned
        self.typed, self.places, self.text_indexes = typed, places, text_indexes
        # Each row's (categories, parent, family) cells, joined and numbered as met, and
        # what each number gives as the product holds it: the products' grouping by
        # situation, made while the block's columns are at hand. The blocks do not count
        # the rows of each (the check of the catalog counts those it leaves out).
        self.raw_keys: _Numbering[str] = _Numbering()
        self.to_table: list[int] = []
        """The table's number of each raw key's (two raw keys may be one key: ``a,b``
        and ``a, b``)."""
        self.same = True
        """Whether the raw keys' numbers are the table's (a file read in plain blocks only)."""
        self.careful = bool(parts.product_ids)
        """Whether a block's identifiers are checked against those read before they are
        added (else they are added, and the set made again if one was there already)."""

    def read(self, block: PlainBlock) -> bool:
        """Import every row of ``block``; False (nothing imported) when a row has a problem."""
        cols, count = block.columns, block.rows
        identifiers = cols[self.id_at]
        joined = "".join(identifiers)
        # Printable text without a comma or a semicolon holds none of IDENTIFIER_BAD's
        # characters (a C loop over plain text is many times as fast as the pattern's).
        clean = joined.isprintable() and "," not in joined and ";" not in joined
        if not clean and IDENTIFIER_BAD.search(joined) is not None or min(map(len, identifiers)) == 0 \
                or max(map(len, identifiers)) > IDENTIFIER_MAX:
            return False
        if " " in joined and (any(map(str.startswith, identifiers, repeat(" ")))
                              or any(map(str.endswith, identifiers, repeat(" ")))):
            return False
        known = self.parts.product_ids
        if self.careful and not known.isdisjoint(identifiers):
            return False
        columns = self.columns
        categories_at, enabled_at = columns.get("categories"), columns.get("enabled")
        family_at, parent_at = columns.get("family"), columns.get("parent")
        groups_at, uuid_at = columns.get("groups"), columns.get("uuid")
        enabled: list[bool] | None = None
        if enabled_at is not None:
            flags: dict[str, bool] = {}
            for cell in set(cols[enabled_at]):
                flag = True if cell in ("1", "") else False if cell == "0" else boolean(cell)
                if flag is None:
                    return False
                flags[cell] = flag
            if not all(flags.values()):
                enabled = list(map(flags.__getitem__, cols[enabled_at]))
        # The row's categories, parent and family cells joined by the separator (which no
        # cell of a plain block holds) are its key, numbered as met: one string and one
        # look-up a row (each string dropped once looked up, its memory the next one's);
        # what a key gives is worked out once, the first time it is met.
        separator = self.table.separator
        raw_keys = self.raw_keys
        met = len(raw_keys)
        numbers = list(map(raw_keys.__getitem__, map(separator.join, zip(*(
            cols[at] if at is not None else repeat("", count) for at in (categories_at, parent_at, family_at)
        )))))
        new_keys = list(islice(raw_keys, met, None)) if len(raw_keys) > met else []
        category_cells, family_cells, parent_cells = self.category_cells, self.family_cells, self.parent_cells
        resolved: list[tuple[str, tuple[str, ...], str, str]] = []
        for key in new_keys:
            cell, parent_cell, family_cell = key.split(separator)
            known_cell = category_cells.get(cell)
            listed = known_cell[0] if known_cell is not None else self.interned(cell)
            if listed is None:
                self._forget(new_keys)
                return False
            resolved.append((cell, listed, parent_cell, family_cell))
        # The block's identifiers are added, and taken back when one was read before or
        # two rows have the same (they are then named by the row-by-row reader).
        before = len(known)
        known.update(identifiers)
        if len(known) - before != count:
            # One was read before or twice here: the identifiers are those of the table
            # again, and the next blocks are checked against them first.
            known.difference_update(identifiers)
            known.update(self.parts.products.identifiers)
            self.careful = True
            self._forget(new_keys)
            return False
        # Every row reads: from here on, the block is imported.
        parts, table = self.parts, self.table
        first = block.first

        # A cell met for the first time is in a key met for the first time, on the key's
        # first row: the keys' first rows are where the cells are first read.
        firsts: list[int] = []
        if any(cell not in category_cells or parent_cell not in parent_cells or family_cell not in family_cells
               for cell, _, parent_cell, family_cell in resolved):
            # The new keys' numbers, in the order met, searched as machine integers.
            firsts = first_positions(array("I", numbers), range(met, met + len(new_keys)))
        starts: dict[int, list[int]] = {}
        wanted = [at for at in (categories_at, parent_at, family_at) if at is not None]
        if firsts and block.exact and wanted:  # the cells and their separators are the lines themselves
            starts = _cell_starts([list(map(column.__getitem__, firsts)) for column in cols[: max(wanted) + 1]], wanted)

        def where(k: int, at: int | None) -> Where:
            """Where the cell at ``at`` of the ``k``-th new key's first row is."""
            index = firsts[k]
            if block.exact:
                return (table.file, first + index, starts[at][k] if at is not None else 1)
            return _where(table, table.row(first + index, [column[index] for column in cols]), at)

        to_table, number = self.to_table, parts.products.number
        for k, (cell, listed, parent_cell, family_cell) in enumerate(resolved):
            if cell not in category_cells:
                seen = None
                if listed:
                    seen = parts.category_lists.get(listed)
                    if seen is None:
                        seen = parts.category_lists[listed] = Seen(where(k, categories_at))
                category_cells[cell] = (listed, seen)
            named = family_cells.get(family_cell)
            if named is None:
                named = family_cells[family_cell] = _first_use(family_cell.strip(), parts.families_used, where, k,
                                                               family_at)
            family = named[0]
            named = parent_cells.get(parent_cell)
            if named is None:
                named = parent_cells[parent_cell] = _first_use(parent_cell.strip(), parts.parents_used, where, k,
                                                               parent_at)
            to_table.append(number((listed, named[0] or None, family)))
            if to_table[-1] != len(to_table) - 1:
                self.same = False
        groups: list[tuple[str, ...]] | None = None
        if groups_at is not None and any(cols[groups_at]):
            groups = [(self.groups_interned(cell) or ()) if cell else () for cell in cols[groups_at]]
        associations: list[tuple[Association, ...]] | None = None
        if columns.associations and any(any(cols[index]) for index, _, _ in columns.associations):
            associations = [
                _associations([column[index] for column in cols], columns.associations, "product", identifier, parts,
                              (table.file, first + index, None))
                for index, identifier in enumerate(identifiers)
            ]
        if uuid_at is not None and any(cols[uuid_at]):
            for cell, identifier in zip(cols[uuid_at], identifiers):
                if cell:
                    parts.product_uuids[cell.strip()] = identifier
        values: list[tuple[Value, ...]] | None = None
        if self.typed:
            values = [values_of(table, first + index, [column[index] for column in cols], self.typed, parts)
                      for index in range(count)]
        parts.product_lines.extend(range(first, first + count))
        parts.products.extend(
            identifiers, numbers if self.same else map(to_table.__getitem__, numbers), enabled, self.places,
            [cols[index] for index in self.text_indexes], values, groups, associations,
        )
        return True

    def _forget(self, keys: list[str]) -> None:
        """Take back the numbers of ``keys`` (the last met), when their block is not imported."""
        for key in keys:
            del self.raw_keys[key]


class _Numbering(dict[K, int]):
    """Numbers each key the first time it is looked up (0, 1, 2… in order met)."""

    def __missing__(self, key: K) -> int:
        number = self[key] = len(self)
        return number


def _cells_at(indexes: list[int]) -> Callable[[list[str]], tuple[str, ...]] | None:
    """The cells at ``indexes`` of a row, as a tuple (one C call a row), or None for none."""
    if not indexes:
        return None
    if len(indexes) == 1:
        only = indexes[0]
        return lambda cells: (cells[only],)
    picked: Callable[[list[str]], tuple[str, ...]] = itemgetter(*indexes)
    return picked




def _first_use(
    code: str, used: dict[str, Seen], where: Callable[[int, int | None], Where], k: int, at: int | None,
) -> tuple[str, Seen | None]:
    """:func:`_shared`, for a block's ``k``-th new key."""
    if not code:
        return code, None
    seen = used.get(code)
    if seen is None:
        seen = used[code] = Seen(where(k, at))
    return code, seen


def _shared(code: str, used: dict[str, Seen], where: Callable[[], Where]) -> tuple[str, Seen | None]:
    """One string for a family or parent met again, and the note of where it was first."""
    if not code:
        return code, None
    seen = used.get(code)
    if seen is None:
        seen = used[code] = Seen(where())
    return code, seen


def _associations(
    cells: list[str], columns: list[tuple[int, str, str]], owner_kind: str, owner: str, parts: Parts, where: Where,
) -> tuple[Association, ...]:
    linked: dict[str, dict[str, list[str]]] = {}
    for index, type_code, kind in columns:
        codes = split_list(cells[index])
        if not codes or kind == "groups":
            continue
        per_type = linked.setdefault(type_code, {"products": [], "product_models": []})
        target = "product_models" if kind == "product_models" else "products"
        for code in codes:
            parts.associations.append((owner_kind, owner, type_code, kind, code, where))
            if kind != "product_uuids":
                per_type[target].append(code)
    return tuple(Association(t, tuple(links["products"]), tuple(links["product_models"])) for t, links in linked.items())


MODEL_FIELDS: Final = frozenset({"family_variant", "parent", "categories", "family"})


def read_product_models(table: CsvTable, parts: Parts, budget: int | None) -> Iterator[None]:
    """The product models export, a plain block of lines at a time when it can be (no
    row made for a line but to name a problem), else row by row by the csv reader."""
    code_at = _column(table, "code")
    assert code_at is not None
    columns = EntityColumns(table, parts, code_at, MODEL_FIELDS)
    variant_at, parent_at = columns.get("family_variant"), columns.get("parent")
    categories_at, family_at = columns.get("categories"), columns.get("family")
    interned = _Interned(table.limits.list_items)
    models, file, value_groups, association_columns = parts.models, table.file, columns.values, columns.associations
    make_model = maker(ModelRecord)

    def each_row(records: Iterable[tuple[int, list[str]]], exact: bool) -> None:
        for line, cells in records:
            code = cells[code_at].strip()
            if identifier_problem(code) is not None or not is_code(code):
                table.error(table.row(line, cells), code_at, f"{quote(code)} is not a product model code (letters, "
                            "digits and _ only): the line is left out")
                continue
            if code in models:
                _duplicate(table, table.row(line, cells), code_at, "product model", code, models[code].where)
                continue
            categories = interned(cells[categories_at]) if categories_at is not None else ()
            if categories is None:
                table.error(table.row(line, cells), categories_at,
                            f"more than {interned.limit:,} categories: the line is left out")
                continue
            parent = cells[parent_at].strip() if parent_at is not None else ""
            if exact:  # the cells and their separators are the line itself
                starts = list(accumulate(map(len, cells), initial=1))
                where: Where = (file, line, starts[code_at] + code_at)
                parent_where: Where | None
                categories_where: Where | None
                parent_where = (file, line, starts[parent_at] + parent_at) if parent and parent_at is not None else None
                categories_where = (file, line, starts[categories_at] + categories_at) \
                    if categories and categories_at is not None else None
            else:
                row = table.row(line, cells)
                where = _where(table, row, code_at)
                parent_where = _where(table, row, parent_at) if parent else None
                categories_where = _where(table, row, categories_at) if categories else None
            models[code] = make_model(
                code, where, parent or None, parent_where,
                cells[family_at].strip() if family_at is not None else "",
                cells[variant_at].strip() if variant_at is not None else "",
                categories, categories_where,
                values_of(table, line, cells, value_groups, parts),
                {a.type: {"products": a.products, "product_models": a.product_models}
                 for a in _associations(cells, association_columns, "product_model", code, parts, where)}
                if association_columns else {},
            )

    texts = [(g.index, g.attribute, g.locale, g.scope) for g in value_groups if g.index is not None]
    places: tuple[Place, ...] = tuple((attribute, locale, scope) for _, attribute, locale, scope in texts)
    every_text = all(g.simple for g in value_groups)

    def plain(block: PlainBlock) -> bool:
        """Make every model of a plain block column by column (a C loop a column); False,
        nothing made, when a row needs the row-by-row reader (a problem to name, values
        that are not text, associations, a cell whose column must be counted from quotes)."""
        cols, count, first = block.columns, block.rows, block.first
        codes = cols[code_at]
        if not block.exact or not every_text or any(any(cols[index]) for index, _, _ in association_columns):
            return False
        if CODE.fullmatch("".join(codes)) is None or min(map(len, codes)) == 0 or max(map(len, codes)) > IDENTIFIER_MAX \
                or not models.keys().isdisjoint(codes) or len(set(codes)) != count:
            return False
        lists: dict[str, tuple[str, ...] | None] = {}
        if categories_at is not None:
            lists = {cell: interned(cell) for cell in dict.fromkeys(cols[categories_at])}
            if None in lists.values():
                return False
        lines = range(first, first + count)
        starts = _cell_starts(cols, [at for at in (code_at, parent_at, categories_at) if at is not None])
        parents: Iterable[str] = map(str.strip, cols[parent_at]) if parent_at is not None else repeat("", count)
        parents = list(parents)
        if parent_at is not None:
            parent_where: Iterable[Where | None] = [
                (file, line, column) if parent else None for parent, line, column in zip(parents, lines, starts[parent_at])]
        else:
            parent_where = repeat(None, count)
        categories: Iterable[tuple[str, ...]] = repeat((), count)
        categories_where: Iterable[Where | None] = repeat(None, count)
        if categories_at is not None:
            categories = list(map(lists.__getitem__, cols[categories_at]))  # type: ignore[arg-type]
            categories_where = [(file, line, column) if listed else None
                                for listed, line, column in zip(categories, lines, starts[categories_at])]
        values: Iterable[tuple[Value, ...]] = repeat((), count)
        if texts:
            values = map(made_values, zip(*(cols[index] for index, *_ in texts)), repeat(places), repeat(()))
        models.update(zip(codes, map(
            make_model, codes, zip(repeat(file), lines, starts[code_at]), [parent or None for parent in parents],
            parent_where, map(str.strip, cols[family_at]) if family_at is not None else repeat("", count),
            map(str.strip, cols[variant_at]) if variant_at is not None else repeat("", count),
            categories, categories_where, values, [{} for _ in lines],
        )))
        return True

    while not table.done:
        block = table.plain_block(budget)
        if block is None:  # rows that are not plain: a batch of them by the csv reader
            each_row(table.records(budget), False)
        elif not plain(block):
            each_row(block.records(), block.exact)
        if table.done:
            break
        yield
    columns.report_bad_values(table)


def _cell_starts(cols: list[list[str]], wanted: list[int]) -> dict[int, list[int]]:
    """Where the cells of the columns ``wanted`` start on each line of an exact block
    (the first cell at 1), the lengths of the cells before added a column at a time."""
    found: dict[int, list[int]] = {}
    running: list[int] = [1] * len(cols[0])
    for index in range(max(wanted) + 1):
        if index in wanted:
            found[index] = running
        running = list(map(add, running, map(len, cols[index])))
        running = list(map(add, running, repeat(1)))
    return found


def _batches(table: CsvTable, budget: int | None, include_header: bool = False) -> Iterator[Row | None]:
    """The table's rows, with a ``None`` after every ``budget`` of them: the reader
    yields there, so that the page can show progress and offer to cancel."""
    if include_header:
        yield table.header_row
    while True:
        yield from table.rows(budget)
        if budget is None or table.done:
            return
        yield None


READERS: Final[Mapping[str, Reader]] = {
    "categories": read_categories,
    "attribute_groups": read_attribute_groups,
    "attributes": read_attributes,
    "attribute_options": read_attribute_options,
    "families": read_families,
    "channels": read_channels,
    "locales": read_locales,
    "locale_list": read_locale_list,
    "currencies": read_currencies,
    "association_types": read_association_types,
    "product_models": read_product_models,
    "products": read_products,
}
"""The reader of each kind of CSV export, by the kind :mod:`simulator.formats.detect` names."""
