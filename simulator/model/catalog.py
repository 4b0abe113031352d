"""The catalog an App works on: locales, currencies, channels, attribute groups and
attributes (typed, with their options), families, association types, category trees,
product models and products.

Immutable value objects; the rules read them, never change them. Loading a catalog
from JSON and validating it lives in :mod:`simulator.formats.catalog_file`.

The attribute types are the PIM's own type codes
(``Akeneo\\Pim\\Structure\\Component\\AttributeTypes`` in akeneo/pim-community-dev), so a
catalog exported from a PIM reads as it is.
"""

from __future__ import annotations

import uuid as _uuid
from dataclasses import dataclass, field
from functools import cached_property
from abc import abstractmethod
from typing import Iterable, Mapping, Sequence

Labels = Mapping[str, str]
"""Labels per locale code, e.g. ``{"en_US": "Hat", "fr_FR": "Chapeau"}``."""

JsonData = object
"""A value's data as the REST API carries it: a string, a number, true or false, a
list (options, prices) or an object (a measurement), or None."""


# Attribute types, as the PIM names them (AttributeTypes.php).
IDENTIFIER = "pim_catalog_identifier"
TEXT = "pim_catalog_text"
TEXTAREA = "pim_catalog_textarea"
NUMBER = "pim_catalog_number"
METRIC = "pim_catalog_metric"
PRICE_COLLECTION = "pim_catalog_price_collection"
BOOLEAN = "pim_catalog_boolean"
DATE = "pim_catalog_date"
SIMPLE_SELECT = "pim_catalog_simpleselect"
MULTI_SELECT = "pim_catalog_multiselect"
IMAGE = "pim_catalog_image"
FILE = "pim_catalog_file"
REFERENCE_DATA_SIMPLE_SELECT = "pim_reference_data_simpleselect"
REFERENCE_DATA_MULTI_SELECT = "pim_reference_data_multiselect"
REFERENCE_ENTITY = "akeneo_reference_entity"
REFERENCE_ENTITY_COLLECTION = "akeneo_reference_entity_collection"
ASSET_COLLECTION = "pim_catalog_asset_collection"

ATTRIBUTE_TYPES: tuple[str, ...] = (
    IDENTIFIER, TEXT, TEXTAREA, NUMBER, METRIC, PRICE_COLLECTION, BOOLEAN, DATE,
    SIMPLE_SELECT, MULTI_SELECT, IMAGE, FILE, REFERENCE_DATA_SIMPLE_SELECT,
    REFERENCE_DATA_MULTI_SELECT, REFERENCE_ENTITY, REFERENCE_ENTITY_COLLECTION, ASSET_COLLECTION,
)
"""Every attribute type the simulator validates values of."""

ENTERPRISE_ATTRIBUTE_TYPES: frozenset[str] = frozenset(
    {REFERENCE_ENTITY, REFERENCE_ENTITY_COLLECTION, ASSET_COLLECTION}
)
"""Types that exist in the Enterprise Edition only (reference entities and assets)."""

OPTION_TYPES: frozenset[str] = frozenset({SIMPLE_SELECT, MULTI_SELECT})


@dataclass(frozen=True)
class Locale:
    """An activated locale of the PIM (a locale is activated when a channel uses it)."""

    code: str
    label: str = ""


@dataclass(frozen=True)
class Currency:
    """A currency of the PIM; prices may only be in an activated currency."""

    code: str
    label: str = ""
    enabled: bool = True


@dataclass(frozen=True)
class Channel:
    """A channel (the API's ``scope``): the tree, locales and currencies it publishes."""

    code: str
    category_tree: str
    locales: tuple[str, ...]
    currencies: tuple[str, ...] = ()
    labels: Labels = field(default_factory=dict)
    conversion_units: Mapping[str, str] = field(default_factory=dict)
    """Per metric attribute, the unit the channel converts its values to on export."""


@dataclass(frozen=True)
class AttributeGroup:
    code: str
    labels: Labels = field(default_factory=dict)


@dataclass(frozen=True)
class AttributeOption:
    """An option of a simple or multi select attribute."""

    code: str
    labels: Labels = field(default_factory=dict)


@dataclass(frozen=True)
class MeasurementFamily:
    """A measurement family (``Weight``, ``Length``…) and the codes of its units."""

    code: str
    standard_unit: str
    units: tuple[str, ...]
    labels: Labels = field(default_factory=dict)


@dataclass(frozen=True)
class Attribute:
    """An attribute; ``type`` is the PIM's type code (a text when not said)."""

    code: str
    group: str
    localizable: bool = False
    labels: Labels = field(default_factory=dict)
    type: str = TEXT
    scopable: bool = False
    options: tuple[AttributeOption, ...] = ()
    """Simple and multi select attributes: the options a value may take."""
    metric_family: str | None = None
    default_metric_unit: str | None = None
    decimals_allowed: bool | None = None
    """Number and metric attributes: whether a value may have decimals."""
    negative_allowed: bool | None = None
    available_locales: tuple[str, ...] = ()
    """A locale-specific attribute takes values in these locales only (empty: all)."""
    max_characters: int | None = None
    reference_data_name: str | None = None
    allowed_extensions: tuple[str, ...] = ()
    unique: bool = False

    @cached_property
    def option_codes(self) -> frozenset[str]:
        return frozenset(option.code for option in self.options)


@dataclass(frozen=True)
class Family:
    """A family: the attributes its products have, the one giving their label, and
    the attributes each channel requires for completeness."""

    code: str
    attributes: tuple[str, ...] = ()
    attribute_as_label: str | None = None
    attribute_as_image: str | None = None
    attribute_requirements: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    labels: Labels = field(default_factory=dict)


@dataclass(frozen=True)
class AssociationType:
    code: str
    labels: Labels = field(default_factory=dict)
    is_quantified: bool = False
    is_two_way: bool = False


@dataclass(frozen=True)
class Category:
    """A node of a category tree; a category without parent is the root of a tree."""

    code: str
    parent: str | None = None
    labels: Labels = field(default_factory=dict)


@dataclass(frozen=True)
class Value:
    """One product value: an attribute, in a locale when the attribute is localizable,
    for a channel (``scope``) when it is scopable."""

    attribute: str
    locale: str | None
    data: JsonData
    scope: str | None = None

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        return (self.attribute, self.locale, self.scope)


@dataclass(frozen=True)
class Association:
    """The products and product models linked to a product under one association type."""

    type: str
    products: tuple[str, ...] = ()
    product_models: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProductModel:
    """A product model; a sub-model has a parent model and inherits its categories."""

    code: str
    parent: str | None = None
    family: str = ""
    categories: tuple[str, ...] = ()
    values: tuple[Value, ...] = ()
    associations: tuple[Association, ...] = ()
    family_variant: str = ""


@dataclass(frozen=True)
class Product:
    """A product; a variant has a parent product model and inherits its categories.

    ``uuid`` is the product's id in the ``products-uuid`` endpoints; when a catalog
    does not give one, :func:`product_uuid` derives a stable one from the identifier."""

    identifier: str
    parent: str | None = None
    family: str = ""
    enabled: bool = True
    categories: tuple[str, ...] = ()
    values: tuple[Value, ...] = ()
    labels: Labels = field(default_factory=dict)
    groups: tuple[str, ...] = ()
    associations: tuple[Association, ...] = ()
    uuid: str = ""


class ProductColumns(Sequence[Product]):
    """A catalog's products held as columns (an import of a million products): a
    :class:`Product` is made when one is asked for; the index by identifier reads the
    identifiers' column instead of every product."""

    @property
    @abstractmethod
    def identifiers(self) -> Sequence[str]:
        """Each product's identifier, in catalog order."""

    @abstractmethod
    def by_identifier(self) -> Mapping[str, Product]:
        """The products by identifier, each made when looked up."""


_UUID_NAMESPACE = _uuid.UUID("5b3e7a52-8f6c-4a57-9a43-6b4a9f0e2c11")


def derived_uuid(identifier: str) -> str:
    """A stable version-4-shaped uuid for a product that has none: the PIM gives every
    product a random uuid 4; the simulator must give the same one on every run."""
    digest = _uuid.uuid5(_UUID_NAMESPACE, identifier).bytes
    return str(_uuid.UUID(bytes=digest, version=4))


def product_uuid(product: Product) -> str:
    return product.uuid or derived_uuid(product.identifier)


@dataclass(frozen=True)
class Catalog:
    """A whole catalog. Lookups are precomputed once: the rules ask them per product."""

    code: str
    label: str
    locales: tuple[Locale, ...]
    attribute_groups: tuple[AttributeGroup, ...]
    attributes: tuple[Attribute, ...]
    categories: tuple[Category, ...]
    product_models: tuple[ProductModel, ...] = ()
    products: Sequence[Product] = ()
    """A tuple, or for an imported export its :class:`ProductColumns`."""
    channels: tuple[Channel, ...] = ()
    currencies: tuple[Currency, ...] = ()
    families: tuple[Family, ...] = ()
    association_types: tuple[AssociationType, ...] = ()
    measurement_families: tuple[MeasurementFamily, ...] = ()

    @cached_property
    def category_by_code(self) -> Mapping[str, Category]:
        return {c.code: c for c in self.categories}

    @cached_property
    def attribute_by_code(self) -> Mapping[str, Attribute]:
        return {a.code: a for a in self.attributes}

    @cached_property
    def attribute_group_by_code(self) -> Mapping[str, AttributeGroup]:
        return {g.code: g for g in self.attribute_groups}

    @cached_property
    def product_by_identifier(self) -> Mapping[str, Product]:
        if isinstance(self.products, ProductColumns):
            return self.products.by_identifier()
        return {p.identifier: p for p in self.products}

    @cached_property
    def product_by_uuid(self) -> Mapping[str, Product]:
        return {product_uuid(p): p for p in self.products}

    @cached_property
    def product_model_by_code(self) -> Mapping[str, ProductModel]:
        return {m.code: m for m in self.product_models}

    @cached_property
    def locale_codes(self) -> tuple[str, ...]:
        return tuple(locale.code for locale in self.locales)

    @cached_property
    def locale_set(self) -> frozenset[str]:
        return frozenset(self.locale_codes)

    @cached_property
    def channel_by_code(self) -> Mapping[str, Channel]:
        return {c.code: c for c in self.channels}

    @cached_property
    def all_families(self) -> tuple[Family, ...]:
        """The declared families, or, in a catalog that declares none, each family
        its products and models name, with the attributes they have values for."""
        if self.families:
            return self.families
        attributes: dict[str, dict[str, None]] = {}
        entities: tuple[Product | ProductModel, ...] = (*self.product_models, *self.products)
        for entity in entities:
            if entity.family:
                attributes.setdefault(entity.family, {}).update(dict.fromkeys(v.attribute for v in entity.values))
        return tuple(Family(code, tuple(codes)) for code, codes in attributes.items())

    @cached_property
    def all_association_types(self) -> tuple[AssociationType, ...]:
        """The declared association types, or those the products and models use."""
        if self.association_types:
            return self.association_types
        entities: tuple[Product | ProductModel, ...] = (*self.product_models, *self.products)
        return tuple(
            AssociationType(code) for code in dict.fromkeys(a.type for e in entities for a in e.associations)
        )

    @cached_property
    def all_currencies(self) -> tuple[Currency, ...]:
        """The declared currencies, or the channels' ones."""
        if self.currencies:
            return self.currencies
        return tuple(Currency(code) for code in dict.fromkeys(c for ch in self.channels for c in ch.currencies))

    @cached_property
    def family_by_code(self) -> Mapping[str, Family]:
        return {f.code: f for f in self.all_families}

    @cached_property
    def association_type_by_code(self) -> Mapping[str, AssociationType]:
        return {t.code: t for t in self.all_association_types}

    @cached_property
    def measurement_family_by_code(self) -> Mapping[str, MeasurementFamily]:
        return {m.code: m for m in self.measurement_families}

    @cached_property
    def activated_currencies(self) -> frozenset[str]:
        """The currencies a price may be in: those of the channels (the PIM's
        ``FindActivatedCurrenciesInterface::forAllChannels``), or, in a catalog
        without channels, its enabled currencies."""
        if self.channels:
            return frozenset(code for channel in self.channels for code in channel.currencies)
        return frozenset(c.code for c in self.all_currencies if c.enabled)

    @cached_property
    def media_keys(self) -> frozenset[str]:
        """The media files the catalog holds: the keys its image and file values name.
        An App sets a new one by uploading it first (``POST /media-files``); a key the
        PIM never received does not exist for it."""
        media = {a.code for a in self.attributes if a.type in (IMAGE, FILE)}
        entities: tuple[Product | ProductModel, ...] = (*self.product_models, *self.products)
        return frozenset(str(v.data) for e in entities for v in e.values if v.attribute in media)

    @cached_property
    def identifier_attribute(self) -> Attribute | None:
        """The main identifier attribute (``sku`` in most PIMs), if the catalog has one."""
        return next((a for a in self.attributes if a.type == IDENTIFIER), None)

    @cached_property
    def root_by_category(self) -> Mapping[str, str]:
        """The root tree of every category (a root is its own root)."""
        roots: dict[str, str] = {}
        for category in self.categories:
            chain = [category.code]
            node = category
            while node.parent is not None and node.parent not in roots:
                node = self.category_by_code[node.parent]
                chain.append(node.code)
            root = roots[node.parent] if node.parent is not None else node.code
            for code in chain:
                roots[code] = root
        return roots

    @cached_property
    def children_by_category(self) -> Mapping[str, tuple[str, ...]]:
        """The categories right below each category (none for a leaf), in catalog order."""
        children: dict[str, list[str]] = {}
        for category in self.categories:
            if category.parent is not None:
                children.setdefault(category.parent, []).append(category.code)
        return {code: tuple(below) for code, below in children.items()}

    def descendants(self, codes: Iterable[str]) -> frozenset[str]:
        """The categories ``codes`` name and every category below them, walked once
        (linear in the tree, however deep) and remembered for the next product."""
        key = tuple(codes)
        found = self._descendants.get(key)
        if found is None:
            children = self.children_by_category
            wanted = {code for code in key if code in self.category_by_code}
            pending = list(wanted)
            while pending:
                for child in children.get(pending.pop(), ()):
                    if child not in wanted:
                        wanted.add(child)
                        pending.append(child)
            found = self._descendants[key] = frozenset(wanted) | frozenset(key)
        return found

    @cached_property
    def _descendants(self) -> dict[tuple[str, ...], frozenset[str]]:
        return {}

    @cached_property
    def trees(self) -> tuple[Category, ...]:
        """The root categories, in catalog order: what the wizard's picker lists."""
        return tuple(c for c in self.categories if c.parent is None)

    def categories_of(self, product: Product | ProductModel) -> frozenset[str]:
        """A product's own categories plus those of its parent and grand-parent models."""
        codes = set(product.categories)
        parent = product.parent
        while parent is not None:
            model = self.product_model_by_code[parent]
            codes.update(model.categories)
            parent = model.parent
        return frozenset(codes)
