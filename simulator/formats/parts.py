"""What the import read, before it becomes a catalog: one record per code, with where
it was read, so that a check made once every file is read (a parent that does not
exist, a product in an unknown category) names the file, line and column at fault.

Products are the bulk of a large catalog (a million of them), so they are kept as the
model's :class:`Product` at once, and what a later check needs is kept per distinct
value, not per product: the place a category list was first seen, how many products
carry it. A check of the categories then costs the number of distinct lists.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Mapping

from simulator.formats.product_table import ProductTable
from simulator.model import Product, Value

Where = tuple[str, "int | None", "int | None"]
"""File, line and column (line and column unknown for a JSON page's items)."""


@dataclass
class LocaleRecord:
    code: str
    where: Where
    label: str = ""
    enabled: bool = True


@dataclass
class CurrencyRecord:
    code: str
    where: Where
    label: str = ""
    enabled: bool = True


@dataclass
class ChannelRecord:
    code: str
    where: Where
    tree: str
    tree_where: Where
    locales: tuple[str, ...] = ()
    currencies: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    conversion_units: Mapping[str, str] = field(default_factory=dict)


@dataclass
class GroupRecord:
    code: str
    where: Where
    labels: Mapping[str, str] = field(default_factory=dict)
    attributes: tuple[str, ...] = ()
    sort_order: int = 0


@dataclass
class AttributeRecord:
    code: str
    where: Where
    type: str = "pim_catalog_text"
    group: str = ""
    group_where: Where | None = None
    localizable: bool = False
    scopable: bool = False
    labels: Mapping[str, str] = field(default_factory=dict)
    properties: Mapping[str, object] = field(default_factory=dict)
    """The type's own settings as the PIM names them (``metric_family``, ``decimals_allowed``…)."""
    derived: bool = False
    """Not read from an attributes file: guessed from the products' value columns."""


@dataclass
class OptionRecord:
    attribute: str
    code: str
    where: Where
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass
class MeasurementFamilyRecord:
    code: str
    where: Where
    standard_unit: str
    units: tuple[str, ...]
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass
class FamilyRecord:
    code: str
    where: Where
    labels: Mapping[str, str] = field(default_factory=dict)
    attributes: tuple[str, ...] = ()
    attribute_as_label: str | None = None
    attribute_as_image: str | None = None
    requirements: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class AssociationTypeRecord:
    code: str
    where: Where
    labels: Mapping[str, str] = field(default_factory=dict)
    is_quantified: bool = False
    is_two_way: bool = False


@dataclass
class CategoryRecord:
    code: str
    where: Where
    parent: str | None = None
    parent_where: Where | None = None
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass
class ModelRecord:
    code: str
    where: Where
    parent: str | None = None
    parent_where: Where | None = None
    family: str = ""
    family_variant: str = ""
    categories: tuple[str, ...] = ()
    categories_where: Where | None = None
    values: tuple[Value, ...] = ()
    associations: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)


@dataclass
class Seen:
    """A value many products share (a category list, a family, a parent): where it was
    first read and how many products carry it."""

    where: Where
    count: int = 0


@dataclass
class Parts:
    """Everything read so far, by code; the first record of a code wins (a later one is
    reported as a duplicate)."""

    locales: dict[str, LocaleRecord] = field(default_factory=dict)
    currencies: dict[str, CurrencyRecord] = field(default_factory=dict)
    channels: dict[str, ChannelRecord] = field(default_factory=dict)
    attribute_groups: dict[str, GroupRecord] = field(default_factory=dict)
    attributes: dict[str, AttributeRecord] = field(default_factory=dict)
    options: dict[tuple[str, str], OptionRecord] = field(default_factory=dict)
    families: dict[str, FamilyRecord] = field(default_factory=dict)
    association_types: dict[str, AssociationTypeRecord] = field(default_factory=dict)
    categories: dict[str, CategoryRecord] = field(default_factory=dict)
    models: dict[str, ModelRecord] = field(default_factory=dict)
    products: ProductTable = field(default_factory=ProductTable)
    """Every product read, as columns; their keys numbered as met (the grouping by
    situation, see :mod:`simulator.formats.grouping`)."""
    product_ids: set[str] = field(default_factory=set)
    """The identifiers read so far: a product read twice is named."""
    product_lines: "array[int]" = field(default_factory=lambda: array("I"))
    """The line each product of :attr:`products` was read on (0 when it has none), a
    machine integer each: a million products, four megabytes."""
    product_files: list[tuple[int, str]] = field(default_factory=list)
    """(index of the first product, file), for each file products were read from."""
    product_uuids: dict[str, str] = field(default_factory=dict)
    """A product's uuid (from a ``uuid`` column or a ``products-uuid`` page) → identifier."""
    category_lists: dict[tuple[str, ...], Seen] = field(default_factory=dict)
    families_used: dict[str, Seen] = field(default_factory=dict)
    parents_used: dict[str, Seen] = field(default_factory=dict)
    associations: list[tuple[str, str, str, str, str, Where]] = field(default_factory=list)
    """(owner kind, owner code, association type, linked kind, linked code, where): the
    links are checked once every product is read (a product may link to a later one)."""
    locales_seen: dict[str, Where] = field(default_factory=dict)
    """Locales met in labels and value columns: the catalog's locales when no locale
    list was imported."""
    scopes_seen: dict[str, Where] = field(default_factory=dict)
    """Channels met in value columns and items."""
    attributes_with_options: set[str] = field(default_factory=set)
    """Attributes whose options were imported: their values must be one of them."""
    options_seen: dict[str, dict[str, None]] = field(default_factory=dict)
    """Options met in the values of attributes whose options were not imported."""
    units_seen: dict[str, dict[str, None]] = field(default_factory=dict)
    """Units met in metric values, by measurement family."""
    currencies_seen: dict[str, None] = field(default_factory=dict)
    measurement_families: dict[str, "MeasurementFamilyRecord"] = field(default_factory=dict)
    places_seen: dict[tuple[str, str | None, str | None], Where] = field(default_factory=dict)
    """Every (attribute, locale, channel) a value was read in, where first: the places
    are checked once each, not once per value."""
    identifier_column: str | None = None
    """The products export's identifier column (``sku``): the identifier attribute."""
    bad_values: dict[tuple[str, str], list[object]] = field(default_factory=dict)
    """(file, attribute) → [how many, where the first was, why]: values of REST items
    that did not fit their attribute, reported once per attribute and file."""

    _index_of: dict[str, int] = field(default_factory=dict)
    _indexed: int = 0

    def add_product(self, product: Product, file: str, line: int | None) -> None:
        """Keep a product read (the CSV reader does the same inline, for speed)."""
        if not self.product_files or self.product_files[-1][1] != file:
            self.product_files.append((len(self.products), file))
        self.products.append(product)
        self.product_lines.append(line or 0)
        self.product_ids.add(product.identifier)

    def where_of(self, identifier: str) -> Where:
        """Where a product was read (indexed on first use: only problems need it)."""
        index_of, identifiers = self._index_of, self.products.identifiers
        for index in range(self._indexed, len(identifiers)):
            index_of.setdefault(identifiers[index], index)
        self._indexed = len(identifiers)
        found = index_of.get(identifier)
        if found is None:
            return ("", None, None)
        file = next(name for start, name in reversed(self.product_files) if start <= found)
        return (file, self.product_lines[found] or None, None)
