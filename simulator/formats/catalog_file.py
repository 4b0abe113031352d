"""Catalogs to and from JSON, validated field by field.

The format (version 1) is meant to be read and edited by hand::

    {
      "format": 1,
      "code": "article",
      "label": "The article's catalog",
      "locales": [{"code": "en_US", "label": "English (United States)"}],
      "currencies": [{"code": "EUR", "label": "Euro"}],
      "channels": [
        {"code": "ecommerce", "labels": {"en_US": "Ecommerce"}, "category_tree": "master",
         "locales": ["en_US"], "currencies": ["EUR"]}
      ],
      "measurement_families": [
        {"code": "Weight", "standard_unit": "KILOGRAM", "units": ["GRAM", "KILOGRAM"]}
      ],
      "attribute_groups": [{"code": "marketing", "labels": {"en_US": "Marketing"}}],
      "attributes": [
        {"code": "sku", "type": "pim_catalog_identifier", "group": "erp"},
        {"code": "name", "group": "marketing", "localizable": true,
         "labels": {"en_US": "Name"}},
        {"code": "seo_title", "group": "ecommerce", "localizable": true, "scopable": true},
        {"code": "price", "type": "pim_catalog_price_collection", "group": "erp"},
        {"code": "weight", "type": "pim_catalog_metric", "group": "technical",
         "metric_family": "Weight", "default_metric_unit": "KILOGRAM"},
        {"code": "color", "type": "pim_catalog_simpleselect", "group": "technical",
         "options": [{"code": "red", "labels": {"en_US": "Red"}}]}
      ],
      "families": [
        {"code": "accessories", "attributes": ["sku", "name", "price"],
         "attribute_as_label": "name", "attribute_requirements": {"ecommerce": ["sku", "name"]}}
      ],
      "association_types": [{"code": "X_SELL", "labels": {"en_US": "Cross sell"}}],
      "categories": [
        {"code": "master", "labels": {"en_US": "Master catalog"}},
        {"code": "master_accessories", "parent": "master",
         "labels": {"en_US": "Accessories"}}
      ],
      "product_models": [
        {"code": "tshirt", "family": "clothing", "categories": ["ecommerce_men"],
         "values": {"description": {"en_US": "A T-shirt"}}},
        {"code": "tshirt_red", "parent": "tshirt", "values": {"color": "red"}}
      ],
      "products": [
        {"identifier": "hat", "uuid": "0b6f3e4e-6a57-4d3c-9b1e-2f2b8f0f4a10",
         "family": "accessories", "enabled": true,
         "categories": ["master_accessories"], "labels": {"en_US": "Hat"},
         "values": {"name": {"en_US": "Hat", "fr_FR": "Chapeau"},
                    "seo_title": {"ecommerce": {"en_US": "Straw hat"}},
                    "price": [{"amount": "25.00", "currency": "EUR"}],
                    "weight": {"amount": "0.2", "unit": "KILOGRAM"}},
         "groups": ["summer_collection"],
         "associations": {"X_SELL": {"products": ["braided_hat"],
                                     "product_models": ["tshirt"]}}}
      ]
    }

- ``format`` may be left out (it is 1); ``label`` defaults to the code.
- Categories are a flat list; a category without ``parent`` is the root of a tree.
  Any order: a child may come before its parent.
- ``type`` is the PIM's attribute type code (``pim_catalog_text`` when left out):
  identifier, text, textarea, number, metric, price collection, boolean, date,
  simple and multi select (with ``options``), image, file, reference data and, in the
  Enterprise Edition, reference entities and asset collections.
- ``values`` maps an attribute code to its data, in the REST API's data format for
  the attribute's type: a string for a text, ``{"amount": …, "unit": …}`` for a
  metric, ``[{"amount": …, "currency": …}]`` for prices, a list of option codes for a
  multi select. A localizable attribute's data is given per locale
  (``{locale: data}``), a scopable one's per channel (``{channel: data}``), both per
  channel then locale. The REST API's own list form is read too:
  ``[{"locale": …, "scope": …, "data": …}]``.
- ``channels`` name their category tree, locales and currencies; the activated
  currencies (those a price may use) are the channels'. ``currencies``,
  ``families`` and ``association_types`` may be left out: families and association
  types are then the ones products use, currencies the channels'.
- A product's ``uuid`` (for the ``products-uuid`` endpoints) is derived from its
  identifier when left out. Its ``parent`` is a product model; a model's ``parent``
  is another model. Variants take their parents' categories
  (see :meth:`Catalog.categories_of`).
- ``associations`` (products and product models) maps an association type to the
  products and product models linked under it, as the REST API writes them; each
  must be in the catalog. ``groups`` (products) lists the product's group codes.
- Optional fields: ``labels``, ``parent``, ``family``, ``enabled`` (true),
  ``categories``, ``values``, ``associations``, ``groups``, ``localizable`` and
  ``scopable`` (false), ``type`` (text), ``options``.

The format is the table of fields below (:data:`CATALOG`), read by
:mod:`simulator.formats.reader`; every problem raises a :class:`CatalogError` naming the
path of the bad field, e.g. ``products[3].categories[0]: unknown category "x"``. Texts are data: names full of
markup are kept as they are, escaping them is the renderer's job.
"""

from __future__ import annotations

import json
import re
import uuid
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any, Final, Iterable, Mapping, Sequence

from simulator.limits import LIMITS
from simulator.formats.reader import (
    BOOLEAN,
    CODE,
    NULL,
    NUMBER,
    TEXT,
    Built,
    Choice,
    Const,
    Either,
    Field,
    FormatError,
    Text,
    Integer,
    ListOf,
    MapOf,
    Named,
    Record,
    index_path,
    json_data,
    key_path,
    path_of,
    kind,
    loads,
    show,
)
from simulator.model import (
    ATTRIBUTE_TYPES,
    DATE,
    FILE,
    IDENTIFIER,
    IMAGE,
    METRIC,
    MULTI_SELECT,
    OPTION_TYPES,
    PRICE_COLLECTION,
    REFERENCE_DATA_MULTI_SELECT,
    REFERENCE_DATA_SIMPLE_SELECT,
    REFERENCE_ENTITY,
    REFERENCE_ENTITY_COLLECTION,
    SIMPLE_SELECT,
    TEXTAREA,
    ASSET_COLLECTION,
    Association,
    AssociationType,
    Attribute,
    AttributeGroup,
    AttributeOption,
    Catalog,
    Category,
    Channel,
    Currency,
    Family,
    Locale,
    MeasurementFamily,
    Product,
    ProductModel,
    Value,
    product_uuid,
)
from simulator.model import BOOLEAN as BOOLEAN_TYPE
from simulator.model import NUMBER as NUMBER_TYPE
from simulator.model import TEXT as TEXT_TYPE

FORMAT = 1
SHIPPED_CATALOGS: tuple[str, ...] = ("article", "large", "shop")


class CatalogError(FormatError):
    """A catalog that cannot be loaded, with the path of the field at fault."""


# The format, field by field: what the reader checks and the JSON Schema says. A new
# catalog field is one entry here and one argument where the model is built below.

LABELS: Final = MapOf(TEXT, description="Labels by locale code.")
PARENT: Final = Either((CODE, NULL), "a code or null")
OPTIONAL_CODE: Final = Either((CODE, NULL), "a code or null")
OPTIONAL_BOOLEAN: Final = Either((BOOLEAN, NULL), "true, false or null")
VALUE_DATA: Final = Named("value_data", json_data(
    4,
    "The data in the REST API's format for the attribute's type, per channel and locale as the attribute's "
    "flags say (see the catalog format), or the API's own list form [{locale, scope, data}].",
))
VALUES: Final = MapOf(VALUE_DATA, description="Attribute code → its data.")
ASSOCIATIONS: Final = MapOf(
    Record((
        Field("products", ListOf(CODE, unique="product"), default=[]),
        Field("product_models", ListOf(CODE, unique="product model"), default=[]),
    )),
    description="Association type → the products and product models linked under it.",
)

LOCALE: Final = Record((
    Field("code", CODE, required=True),
    Field("label", TEXT, default=""),
))
CURRENCY: Final = Record((
    Field("code", CODE, required=True),
    Field("label", TEXT, default=""),
    Field("enabled", BOOLEAN, default=True),
))
CHANNEL: Final = Record((
    Field("code", CODE, required=True),
    Field("labels", LABELS, default={}),
    Field("category_tree", CODE, required=True, description="The root category the channel publishes."),
    Field("locales", ListOf(CODE, unique="locale"), required=True),
    Field("currencies", ListOf(CODE, unique="currency"), default=[]),
    Field("conversion_units", MapOf(CODE), default={}, description="Metric attribute code → the unit it is shown in."),
))
MEASUREMENT_FAMILY: Final = Record((
    Field("code", CODE, required=True),
    Field("labels", LABELS, default={}),
    Field("standard_unit", CODE, required=True),
    Field("units", ListOf(CODE, unique="unit"), required=True),
))
ATTRIBUTE_GROUP: Final = Record((
    Field("code", CODE, required=True),
    Field("labels", LABELS, default={}),
))
ATTRIBUTE: Final = Record((
    Field("code", CODE, required=True),
    Field("type", Choice(ATTRIBUTE_TYPES, unknown="unknown attribute type {value}; known types: {choices}"),
          default=TEXT_TYPE, description="The PIM's attribute type code."),
    Field("group", CODE, required=True, description="The code of its attribute group."),
    Field("localizable", BOOLEAN, default=False),
    Field("scopable", BOOLEAN, default=False),
    Field("labels", LABELS, default={}),
    Field("options", ListOf(Record((Field("code", CODE, required=True), Field("labels", LABELS, default={})))),
          default=[], description="A simple or multi select's options."),
    Field("metric_family", OPTIONAL_CODE, default=None),
    Field("default_metric_unit", OPTIONAL_CODE, default=None),
    Field("decimals_allowed", OPTIONAL_BOOLEAN, default=None),
    Field("negative_allowed", OPTIONAL_BOOLEAN, default=None),
    Field("available_locales", ListOf(CODE, unique="locale"), default=[],
          description="A locale specific attribute's locales."),
    Field("max_characters", Either((Integer(1, 2**31 - 1, "a positive whole number"), NULL),
                                   "a positive whole number or null"), default=None),
    Field("reference_data_name", OPTIONAL_CODE, default=None),
    Field("allowed_extensions", ListOf(CODE, unique="extension"), default=[]),
    Field("unique", BOOLEAN, default=False),
))
FAMILY: Final = Record((
    Field("code", CODE, required=True),
    Field("labels", LABELS, default={}),
    Field("attributes", ListOf(CODE, unique="attribute"), default=[]),
    Field("attribute_as_label", OPTIONAL_CODE, default=None),
    Field("attribute_as_image", OPTIONAL_CODE, default=None),
    Field("attribute_requirements", MapOf(ListOf(CODE, unique="attribute")), default={},
          description="Channel code → the attributes a product of the family needs in that channel."),
))
ASSOCIATION_TYPE: Final = Record((
    Field("code", CODE, required=True),
    Field("labels", LABELS, default={}),
    Field("is_quantified", BOOLEAN, default=False),
    Field("is_two_way", BOOLEAN, default=False),
))
CATEGORY: Final = Record((
    Field("code", CODE, required=True),
    Field("parent", PARENT, default=None, description="Left out (or null) for the root of a tree."),
    Field("labels", LABELS, default={}),
))
IDENTIFIER_RULE: Final = r"^[^\s,;/](?:[^,;/]*[^\s,;/])?$"
"""A product identifier, as the PIM checks it ("This field should not contain any comma
or semicolon or leading/trailing space"; akeneo/pim-community-dev,
tests/features/catalog/product/value/product_identifier.feature), and without a slash:
the REST API names the product in its path (``/api/rest/v1/products/{identifier}``).
Product model codes take no slash either."""
PRODUCT_IDENTIFIER: Final = Text(
    code=True,
    pattern=IDENTIFIER_RULE,
    pattern_message="{value} is not a product identifier: the PIM refuses commas, semicolons and leading or "
    "trailing spaces (\"This field should not contain any comma or semicolon or leading/trailing space\"), "
    "and a slash cannot be part of the path /api/rest/v1/products/{{identifier}}",
    description="No comma, semicolon, slash, nor leading or trailing space.",
)
MODEL_CODE: Final = Text(
    code=True,
    pattern=r"^[^/]*$",
    pattern_message="{value} is not a product model code: a slash cannot be part of the path "
    "/api/rest/v1/product-models/{{code}}",
)

PRODUCT_MODEL: Final = Record((
    Field("code", MODEL_CODE, required=True),
    Field("parent", PARENT, default=None, description="Another product model."),
    Field("family", TEXT, default=""),
    Field("family_variant", TEXT, default=""),
    Field("categories", ListOf(CODE, unique="category"), default=[]),
    Field("values", VALUES, default={}),
    Field("associations", ASSOCIATIONS, default={}),
))
PRODUCT: Final = Record((
    Field("identifier", PRODUCT_IDENTIFIER, required=True),
    Field("uuid", Either((TEXT, NULL), "a uuid or null"), default=None,
          description="Derived from the identifier when left out."),
    Field("parent", PARENT, default=None, description="A product model: the product is one of its variants."),
    Field("family", TEXT, default=""),
    Field("enabled", BOOLEAN, default=True),
    Field("categories", ListOf(CODE, unique="category"), default=[]),
    Field("values", VALUES, default={}),
    Field("labels", LABELS, default={}),
    Field("groups", ListOf(CODE, unique="group"), default=[]),
    Field("associations", ASSOCIATIONS, default={}),
))
CATALOG: Final = Record(
    (
        Field("format", Const(FORMAT, f"unknown format version {{value}}; this simulator reads version {FORMAT}")),
        Field("code", CODE, required=True),
        Field("label", TEXT, description="Defaults to the code."),
        Field("locales", ListOf(LOCALE), required=True),
        Field("currencies", ListOf(CURRENCY), default=[]),
        Field("channels", ListOf(CHANNEL), default=[]),
        Field("measurement_families", ListOf(MEASUREMENT_FAMILY), default=[]),
        Field("attribute_groups", ListOf(ATTRIBUTE_GROUP), required=True),
        Field("attributes", ListOf(ATTRIBUTE), required=True),
        Field("families", ListOf(FAMILY), default=[],
              description="Left out: the families are the ones products and product models name."),
        Field("association_types", ListOf(ASSOCIATION_TYPE), default=[],
              description="Left out: the association types are the ones products and product models use."),
        Field("categories", ListOf(CATEGORY), required=True,
              description="A flat list, in any order; a category without parent is the root of a tree."),
        Field("product_models", ListOf(PRODUCT_MODEL), default=[]),
        Field("products", ListOf(PRODUCT), default=[]),
    ),
    description="A catalog in the catalog format (simulator/data/*.json).",
)

# Shapes a value's data takes for some attribute types (checked once the type is known).
_NUMBER_OR_TEXT: Final = Either((NUMBER, TEXT), "a number")
_METRIC: Final = Record((Field("amount", _NUMBER_OR_TEXT, required=True), Field("unit", CODE, required=True)))
_PRICE: Final = Record((Field("amount", _NUMBER_OR_TEXT, required=True), Field("currency", CODE, required=True)))
_API_ENTRY: Final = Record((
    Field("locale", Either((TEXT, NULL), "a string or null"), default=None),
    Field("scope", Either((TEXT, NULL), "a string or null"), default=None),
    Field("data", VALUE_DATA, required=True),
))


def load_catalog(name_or_path: str) -> Catalog:
    """A shipped catalog by name (see :data:`SHIPPED_CATALOGS`) or a JSON file."""
    if name_or_path in SHIPPED_CATALOGS:
        source = resources.files("simulator").joinpath(f"data/{name_or_path}.json")
        text = source.read_text(encoding="utf-8")
    else:
        path = Path(name_or_path)
        if not path.is_file():
            shipped = ", ".join(SHIPPED_CATALOGS)
            raise CatalogError(
                "",
                f'no catalog "{name_or_path}": neither a shipped catalog ({shipped}) '
                "nor a file",
            )
        text = path.read_text(encoding="utf-8")
    try:
        data = loads(text)
    except FormatError as error:
        raise CatalogError(error.path, error.message, name_or_path) from None
    return catalog_from_dict(data)


def catalog_from_dict(data: object, path: str = "") -> Catalog:
    """Build a catalog from its JSON form (found at ``path`` in a larger document); the
    first problem found is raised."""
    try:
        return CATALOG_VALUE.read(data, path)
    except CatalogError:
        raise
    except FormatError as error:
        raise CatalogError(error.path, error.message) from None


def _build(root: Mapping[str, Any], data: object, base: str) -> Catalog:
    """The catalog of a document the table has read: what the table cannot say (codes
    unique, references known, no cycle, values of their attribute's type) is checked here."""
    at = partial(path_of, base)
    code = root["code"]
    locales = tuple(Locale(item["code"], item["label"]) for item in root["locales"])
    _unique((locale.code for locale in locales), at("locales"), "code", "locale")
    locale_codes = frozenset(locale.code for locale in locales)

    groups = tuple(AttributeGroup(item["code"], item["labels"]) for item in root["attribute_groups"])
    _unique((g.code for g in groups), at("attribute_groups"), "code", "attribute group")
    group_codes = frozenset(g.code for g in groups)

    categories = tuple(Category(item["code"], item["parent"], item["labels"]) for item in root["categories"])
    _unique((c.code for c in categories), at("categories"), "code", "category")
    category_codes = frozenset(c.code for c in categories)
    _check_parents([(c.code, c.parent) for c in categories], at("categories"), "category", "categories")
    tree_codes = frozenset(c.code for c in categories if c.parent is None)

    currencies = tuple(Currency(item["code"], item["label"], item["enabled"]) for item in root["currencies"])
    _unique((c.code for c in currencies), at("currencies"), "code", "currency")
    currency_codes = frozenset(c.code for c in currencies)
    channels = tuple(
        _channel(item, at("channels", index), tree_codes, category_codes, locale_codes, currency_codes)
        for index, item in enumerate(root["channels"])
    )
    _unique((c.code for c in channels), at("channels"), "code", "channel")

    measurement_families = tuple(
        _measurement_family(item, at("measurement_families", index))
        for index, item in enumerate(root["measurement_families"])
    )
    _unique((m.code for m in measurement_families), at("measurement_families"), "code", "measurement family")
    units_of = {m.code: frozenset(m.units) for m in measurement_families}

    attributes = tuple(
        _attribute(item, at("attributes", index), group_codes, locale_codes, units_of)
        for index, item in enumerate(root["attributes"])
    )
    _unique((a.code for a in attributes), at("attributes"), "code", "attribute")
    attribute_by_code = {a.code: a for a in attributes}
    identifiers = [index for index, a in enumerate(attributes) if a.type == IDENTIFIER]
    if len(identifiers) > 1:
        raise CatalogError(at("attributes", identifiers[1], "type"), "a catalog has one identifier attribute")
    channel_codes = frozenset(c.code for c in channels)
    for index, channel in enumerate(channels):
        for attribute_code, unit in channel.conversion_units.items():
            where = at("channels", index, "conversion_units", attribute_code)
            found = attribute_by_code.get(attribute_code)
            if found is None or found.type != METRIC:
                raise CatalogError(where, f"{show(attribute_code)} is not a metric attribute")
            if unit not in units_of.get(found.metric_family or "", frozenset()):
                raise CatalogError(where, f"unknown unit {show(unit)} of the measurement family {show(found.metric_family)}")

    families = tuple(
        _family(item, at("families", index), attribute_by_code, channel_codes)
        for index, item in enumerate(root["families"])
    )
    _unique((f.code for f in families), at("families"), "code", "family")
    family_codes = frozenset(f.code for f in families) if families else None

    association_types = tuple(
        AssociationType(item["code"], item["labels"], item["is_quantified"], item["is_two_way"])
        for item in root["association_types"]
    )
    _unique((t.code for t in association_types), at("association_types"), "code", "association type")
    type_codes = frozenset(t.code for t in association_types) if association_types else None

    values = _ValuesReader(attribute_by_code, locale_codes, {c.code: c for c in channels},
                           frozenset(code for c in channels for code in c.currencies)
                           if channels else frozenset(c.code for c in currencies if c.enabled))
    associations = _AssociationsReader(type_codes)
    models = tuple(
        ProductModel(
            code=item["code"],
            parent=item["parent"],
            family=_family_code(item["family"], at("product_models", index, "family"), family_codes),
            categories=_known(item["categories"], category_codes, at("product_models", index, "categories"), "category"),
            values=values.read(item["values"], at("product_models", index, "values")),
            associations=associations.read(item["associations"], at("product_models", index, "associations")),
            family_variant=item["family_variant"],
        )
        for index, item in enumerate(root["product_models"])
    )
    _unique((m.code for m in models), at("product_models"), "code", "product model")
    _check_parents([(m.code, m.parent) for m in models], at("product_models"), "product model", "product models")
    model_codes = frozenset(m.code for m in models)

    products = []
    for index, item in enumerate(root["products"]):
        parent = item["parent"]
        if parent is not None and parent not in model_codes:
            raise CatalogError(at("products", index, "parent"), f"unknown product model {show(parent)}")
        products.append(Product(
            identifier=item["identifier"],
            parent=parent,
            family=_family_code(item["family"], at("products", index, "family"), family_codes),
            enabled=item["enabled"],
            categories=_known(item["categories"], category_codes, at("products", index, "categories"), "category"),
            values=values.read(item["values"], at("products", index, "values")),
            labels=item["labels"],
            groups=tuple(item["groups"]),
            associations=associations.read(item["associations"], at("products", index, "associations")),
            uuid=_uuid(item["uuid"], at("products", index, "uuid")),
        ))
    _unique((p.identifier for p in products), at("products"), "identifier", "product")
    _unique((product_uuid(p) for p in products), at("products"), "uuid", "product uuid")
    associations.check(frozenset(p.identifier for p in products), model_codes)

    return Catalog(
        code=code,
        label=root.get("label", code),
        locales=locales,
        attribute_groups=groups,
        attributes=attributes,
        categories=categories,
        product_models=models,
        products=tuple(products),
        channels=channels,
        currencies=currencies,
        families=families,
        association_types=association_types,
        measurement_families=measurement_families,
    )


def catalog_to_dict(catalog: Catalog) -> dict[str, object]:
    """The JSON form of a catalog; optional fields left out when at their default."""
    data: dict[str, object] = {
        "format": FORMAT,
        "code": catalog.code,
        "label": catalog.label,
        "locales": [{"code": lo.code, "label": lo.label} for lo in catalog.locales],
    }
    if catalog.currencies:
        data["currencies"] = [
            _without_defaults({"code": c.code, "label": c.label, "enabled": c.enabled}) for c in catalog.currencies
        ]
    if catalog.channels:
        data["channels"] = [
            _without_defaults({
                "code": c.code,
                "labels": dict(c.labels),
                "category_tree": c.category_tree,
                "locales": list(c.locales),
                "currencies": list(c.currencies),
                "conversion_units": dict(c.conversion_units),
            })
            for c in catalog.channels
        ]
    if catalog.measurement_families:
        data["measurement_families"] = [
            _without_defaults({
                "code": m.code, "labels": dict(m.labels), "standard_unit": m.standard_unit, "units": list(m.units),
            })
            for m in catalog.measurement_families
        ]
    data["attribute_groups"] = [
        _without_defaults({"code": g.code, "labels": dict(g.labels)})
        for g in catalog.attribute_groups
    ]
    data["attributes"] = [_attribute_to_dict(a) for a in catalog.attributes]
    if catalog.families:
        data["families"] = [
            _without_defaults({
                "code": f.code,
                "labels": dict(f.labels),
                "attributes": list(f.attributes),
                "attribute_as_label": f.attribute_as_label,
                "attribute_as_image": f.attribute_as_image,
                "attribute_requirements": {channel: list(codes) for channel, codes in f.attribute_requirements.items()},
            })
            for f in catalog.families
        ]
    if catalog.association_types:
        data["association_types"] = [
            _without_defaults({
                "code": t.code, "labels": dict(t.labels), "is_quantified": t.is_quantified, "is_two_way": t.is_two_way,
            })
            for t in catalog.association_types
        ]
    data["categories"] = [
        _without_defaults({"code": c.code, "parent": c.parent, "labels": dict(c.labels)})
        for c in catalog.categories
    ]
    data["product_models"] = [
        _without_defaults({
            "code": m.code,
            "parent": m.parent,
            "family": m.family,
            "family_variant": m.family_variant,
            "categories": list(m.categories),
            "values": _values_to_dict(catalog, m.values),
            "associations": _associations_to_dict(m.associations),
        })
        for m in catalog.product_models
    ]
    data["products"] = [
        _without_defaults({
            "identifier": p.identifier,
            "uuid": p.uuid,
            "parent": p.parent,
            "family": p.family,
            "enabled": p.enabled,
            "categories": list(p.categories),
            "labels": dict(p.labels),
            "values": _values_to_dict(catalog, p.values),
            "groups": list(p.groups),
            "associations": _associations_to_dict(p.associations),
        })
        for p in catalog.products
    ]
    return data


def dump_catalog(catalog: Catalog) -> str:
    """The JSON text of a catalog, one locale, category, product… per line: compact,
    and a change to one product is a one-line diff."""
    data = catalog_to_dict(catalog)
    lines = ["{"]
    for position, (key, value) in enumerate(data.items()):
        comma = "," if position < len(data) - 1 else ""
        if isinstance(value, list):
            items = ",\n".join(f"  {_dumps(item)}" for item in value)
            lines.append(f'"{key}": [\n{items}\n]{comma}' if value else f'"{key}": []{comma}')
        else:
            lines.append(f'"{key}": {_dumps(value)}{comma}')
    return "\n".join(lines) + "\n}\n"


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


# Checks beyond the table.


def _known(codes: Sequence[str], known: frozenset[str] | None, path: str, kind: str) -> tuple[str, ...]:
    """Codes each in ``known`` (any code when it is None)."""
    if known is not None:
        for index, code in enumerate(codes):
            if code not in known:
                raise CatalogError(index_path(path, index), f"unknown {kind} {show(code)}")
    return tuple(codes)


def _channel(
    item: Mapping[str, Any],
    path: str,
    trees: frozenset[str],
    categories: frozenset[str],
    locales: frozenset[str],
    currencies: frozenset[str],
) -> Channel:
    tree = item["category_tree"]
    if tree not in trees:
        problem = "is not a root category" if tree in categories else "is not a category"
        raise CatalogError(key_path(path, "category_tree"), f"{show(tree)} {problem}: a channel publishes a whole tree")
    channel_locales = _known(item["locales"], locales, key_path(path, "locales"), "locale")
    if not channel_locales:
        raise CatalogError(key_path(path, "locales"), "a channel has at least one locale")
    return Channel(
        code=item["code"],
        category_tree=tree,
        locales=channel_locales,
        currencies=_known(item["currencies"], currencies or None, key_path(path, "currencies"), "currency"),
        labels=item["labels"],
        conversion_units=item["conversion_units"],
    )


def _measurement_family(item: Mapping[str, Any], path: str) -> MeasurementFamily:
    units = tuple(item["units"])
    standard = item["standard_unit"]
    if standard not in units:
        raise CatalogError(key_path(path, "standard_unit"), f"{show(standard)} is not one of the family's units")
    return MeasurementFamily(item["code"], standard, units, item["labels"])


def _attribute(
    item: Mapping[str, Any],
    path: str,
    groups: frozenset[str],
    locales: frozenset[str],
    units_of: Mapping[str, frozenset[str]],
) -> Attribute:
    group = item["group"]
    if group not in groups:
        raise CatalogError(key_path(path, "group"), f"unknown attribute group {show(group)}")
    kind = item["type"]
    localizable, scopable = item["localizable"], item["scopable"]
    if kind == IDENTIFIER and (localizable or scopable):
        raise CatalogError(path, "an identifier attribute is neither localizable nor scopable")
    options = tuple(AttributeOption(option["code"], option["labels"]) for option in item["options"])
    _unique((option.code for option in options), key_path(path, "options"), "code", "option")
    if options and kind not in OPTION_TYPES:
        raise CatalogError(key_path(path, "options"), "only simple and multi select attributes have options")
    family, unit = item["metric_family"], item["default_metric_unit"]
    if kind == METRIC:
        if family is None or unit is None:
            raise CatalogError(path, "a metric attribute names its metric_family and default_metric_unit")
        if family not in units_of:
            raise CatalogError(key_path(path, "metric_family"), f"unknown measurement family {show(family)}")
        if unit not in units_of[family]:
            raise CatalogError(
                key_path(path, "default_metric_unit"), f"unknown unit {show(unit)} of the measurement family {show(family)}"
            )
    elif family is not None or unit is not None:
        raise CatalogError(path, "only metric attributes have a metric_family and default_metric_unit")
    return Attribute(
        code=item["code"],
        group=group,
        localizable=localizable,
        labels=item["labels"],
        type=kind,
        scopable=scopable,
        options=options,
        metric_family=family,
        default_metric_unit=unit,
        decimals_allowed=item["decimals_allowed"],
        negative_allowed=item["negative_allowed"],
        available_locales=_known(item["available_locales"], locales, key_path(path, "available_locales"), "locale"),
        max_characters=item["max_characters"],
        reference_data_name=item["reference_data_name"],
        allowed_extensions=tuple(item["allowed_extensions"]),
        unique=item["unique"],
    )


def _attribute_to_dict(a: Attribute) -> dict[str, object]:
    fields: dict[str, object] = {
        "code": a.code,
        "type": a.type,
        "group": a.group,
        "localizable": a.localizable,
        "scopable": a.scopable,
        "labels": dict(a.labels),
        "options": [_without_defaults({"code": o.code, "labels": dict(o.labels)}) for o in a.options],
        "metric_family": a.metric_family,
        "default_metric_unit": a.default_metric_unit,
        "decimals_allowed": a.decimals_allowed,
        "negative_allowed": a.negative_allowed,
        "available_locales": list(a.available_locales),
        "max_characters": a.max_characters,
        "reference_data_name": a.reference_data_name,
        "allowed_extensions": list(a.allowed_extensions),
        "unique": a.unique,
    }
    return {key: value for key, value in _without_defaults(fields).items() if value is not None}


def _family(
    item: Mapping[str, Any], path: str, attributes: Mapping[str, Attribute], channels: frozenset[str]
) -> Family:
    codes = _known(item["attributes"], frozenset(attributes), key_path(path, "attributes"), "attribute")
    as_label, as_image = item["attribute_as_label"], item["attribute_as_image"]
    for key, chosen in (("attribute_as_label", as_label), ("attribute_as_image", as_image)):
        if chosen is not None and chosen not in codes:
            raise CatalogError(key_path(path, key), f"{show(chosen)} is not one of the family's attributes")
    requirements: dict[str, tuple[str, ...]] = {}
    where = key_path(path, "attribute_requirements")
    for channel, required in item["attribute_requirements"].items():
        if channel not in channels:
            raise CatalogError(key_path(where, channel), f"unknown channel {show(channel)}")
        requirements[channel] = _known(required, frozenset(codes), key_path(where, channel), "attribute")
    return Family(item["code"], codes, as_label, as_image, requirements, item["labels"])


def _family_code(code: str, path: str, known: frozenset[str] | None) -> str:
    if code and known is not None and code not in known:
        raise CatalogError(path, f"unknown family {show(code)}")
    return code


def _uuid(given: str | None, path: str) -> str:
    if given is None:
        return ""
    try:
        return str(uuid.UUID(given))
    except ValueError:
        raise CatalogError(path, f"{show(given)} is not a uuid") from None


class _AssociationsReader:
    """A product may be associated with one that comes later in the file, so the
    linked codes are checked once every code is known."""

    def __init__(self, types: frozenset[str] | None) -> None:
        self._types = types
        self._links: list[tuple[str, str, str]] = []  # (path, kind, code)

    def read(self, raw: Mapping[str, Mapping[str, list[str]]], path: str) -> tuple[Association, ...]:
        associations = []
        for type_code, linked in raw.items():
            type_path = key_path(path, type_code)
            if self._types is not None and type_code not in self._types:
                raise CatalogError(type_path, f"unknown association type {show(type_code)}")
            for key, kind in (("products", "product"), ("product_models", "product model")):
                self._links.extend(
                    (index_path(key_path(type_path, key), index), kind, code)
                    for index, code in enumerate(linked[key])
                )
            associations.append(Association(type_code, tuple(linked["products"]), tuple(linked["product_models"])))
        return tuple(associations)

    def check(self, products: frozenset[str], models: frozenset[str]) -> None:
        for path, kind, code in self._links:
            if code not in (products if kind == "product" else models):
                raise CatalogError(path, f"unknown {kind} {show(code)}")


class _ValuesReader:
    """Values against the catalog's attributes, locales and channels: each value in the
    place its attribute's flags say, with data of its type."""

    def __init__(
        self,
        attributes: Mapping[str, Attribute],
        locales: frozenset[str],
        channels: Mapping[str, Channel],
        currencies: frozenset[str],
    ) -> None:
        self._attributes = attributes
        self._locales = locales
        self._channels = channels
        self._currencies = currencies

    def read(self, raw: Mapping[str, object], path: str) -> tuple[Value, ...]:
        values: list[Value] = []
        for code, given in raw.items():
            value_path = key_path(path, code)
            attribute = self._attributes.get(code)
            if attribute is None:
                raise CatalogError(value_path, f"unknown attribute {show(code)}")
            if isinstance(given, list) and attribute.type not in _LIST_TYPES or (
                isinstance(given, list) and given and all(isinstance(e, dict) and "data" in e for e in given)
            ):
                places = self._api_form(given, value_path)
            else:
                places = self._compact_form(attribute, given, value_path)
            for locale, scope, data, data_path in places:
                self._check_place(attribute, locale, scope, data_path)
                values.append(Value(code, locale, _data(attribute, data, data_path, self._currencies), scope))
        return tuple(values)

    def _compact_form(
        self, attribute: Attribute, given: object, path: str
    ) -> list[tuple[str | None, str | None, object, str]]:
        code = attribute.code
        if not attribute.scopable and not attribute.localizable:
            if isinstance(given, dict) and attribute.type != METRIC:
                raise CatalogError(path, f"{show(code)} is not localizable: its value takes no locale")
            return [(None, None, given, path)]
        if not isinstance(given, dict):
            per = "per channel, then per locale" if attribute.scopable and attribute.localizable else (
                "per channel" if attribute.scopable else "per locale")
            flag = "scopable" if attribute.scopable else "localizable"
            raise CatalogError(path, f"{show(code)} is {flag}: give its value {per}, as an object, not {kind(given)}")
        if not attribute.scopable:
            return [(locale, None, data, key_path(path, locale)) for locale, data in given.items()]
        places: list[tuple[str | None, str | None, object, str]] = []
        for scope, inner in given.items():
            if not attribute.localizable:
                places.append((None, scope, inner, key_path(path, scope)))
                continue
            if not isinstance(inner, dict):
                raise CatalogError(
                    key_path(path, scope),
                    f"{show(code)} is localizable: give its value per locale, as an object, not {kind(inner)}",
                )
            places.extend((locale, scope, data, key_path(key_path(path, scope), locale)) for locale, data in inner.items())
        return places

    def _api_form(self, given: list[object], path: str) -> list[tuple[str | None, str | None, object, str]]:
        places: list[tuple[str | None, str | None, object, str]] = []
        for index, entry in enumerate(given):
            entry_path = index_path(path, index)
            read = _API_ENTRY.read(entry, entry_path)
            places.append((read["locale"], read["scope"], read["data"], key_path(entry_path, "data")))
        return places

    def _check_place(self, attribute: Attribute, locale: str | None, scope: str | None, path: str) -> None:
        code = show(attribute.code)
        if attribute.localizable and locale is None:
            raise CatalogError(path, f"{code} is localizable: its value needs a locale")
        if not attribute.localizable and locale is not None:
            raise CatalogError(path, f"{code} is not localizable: its value takes no locale")
        if attribute.scopable and scope is None:
            raise CatalogError(path, f"{code} is scopable: its value needs a channel")
        if not attribute.scopable and scope is not None:
            raise CatalogError(path, f"{code} is not scopable: its value takes no channel")
        if scope is not None and scope not in self._channels:
            raise CatalogError(path, f"unknown channel {show(scope)}")
        if locale is not None:
            if locale not in self._locales:
                raise CatalogError(path, f"unknown locale {show(locale)}")
            if scope is not None and locale not in self._channels[scope].locales:
                raise CatalogError(path, f"the locale {show(locale)} is not one of the channel {show(scope)}'s locales")
            if attribute.available_locales and locale not in attribute.available_locales:
                raise CatalogError(path, f"{code} is locale specific: {show(locale)} is not one of its locales")


_LIST_TYPES = frozenset({
    PRICE_COLLECTION, MULTI_SELECT, REFERENCE_DATA_MULTI_SELECT, REFERENCE_ENTITY_COLLECTION, ASSET_COLLECTION,
})
_STRING_TYPES = frozenset({
    IDENTIFIER, TEXT_TYPE, TEXTAREA, IMAGE, FILE, REFERENCE_DATA_SIMPLE_SELECT, REFERENCE_ENTITY,
})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _data(attribute: Attribute, data: object, path: str, currencies: frozenset[str]) -> object:
    """A stored value's data, checked against its attribute's type (the REST API's
    data format, so that a catalog holds only what the PIM could hold)."""
    kind_of = attribute.type
    if kind_of in _STRING_TYPES:
        return CODE.read(data, path)
    if kind_of == DATE:
        text = TEXT.read(data, path)
        if not _DATE.match(text):
            raise CatalogError(path, f"expected a date as YYYY-MM-DD, got {show(text)}")
        return text
    if kind_of == BOOLEAN_TYPE:
        return BOOLEAN.read(data, path)
    if kind_of == NUMBER_TYPE:
        return _number(data, path)
    if kind_of == SIMPLE_SELECT:
        option = CODE.read(data, path)
        if option not in attribute.option_codes:
            raise CatalogError(path, f"unknown option {show(option)} of {show(attribute.code)}")
        return option
    if kind_of == METRIC:
        metric = _METRIC.read(data, path)
        return {"amount": _number(metric["amount"], key_path(path, "amount")), "unit": metric["unit"]}
    if kind_of == PRICE_COLLECTION:
        if not isinstance(data, list):
            raise CatalogError(path, f"expected a list of prices, got {kind(data)}")
        prices = []
        for index, given in enumerate(data):
            price_path = index_path(path, index)
            price = _PRICE.read(given, price_path)
            if price["currency"] not in currencies:
                raise CatalogError(key_path(price_path, "currency"), f"{show(price['currency'])} is not an activated currency")
            prices.append({"amount": _number(price["amount"], key_path(price_path, "amount")), "currency": price["currency"]})
        return sorted(prices, key=lambda p: str(p["currency"]))
    # Multi selects, reference data and asset collections: lists of codes.
    if not isinstance(data, list):
        raise CatalogError(path, f"expected a list of codes, got {kind(data)}")
    codes = tuple(CODE.read(item, index_path(path, index)) for index, item in enumerate(data))
    if kind_of == MULTI_SELECT:
        for index, option in enumerate(codes):
            if option not in attribute.option_codes:
                raise CatalogError(index_path(path, index), f"unknown option {show(option)} of {show(attribute.code)}")
    return sorted(dict.fromkeys(codes)) if kind_of == MULTI_SELECT else list(dict.fromkeys(codes))


def _number(value: object, path: str) -> object:
    """A number, or a number written as a string (the REST API gives decimals as strings)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise CatalogError(path, f"expected a number, got {kind(value)}")
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            raise CatalogError(path, f"expected a number, got {show(value)}") from None
    return value


def _unique(codes: Iterable[str], path: str, field: str, noun: str) -> None:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            raise CatalogError(key_path(index_path(path, index), field), f"duplicate {noun} {show(code)}")
        seen.add(code)


def _check_parents(
    links: Sequence[tuple[str, str | None]], path: str, noun: str, plural: str
) -> None:
    """Every parent exists, no chain of parents loops back on itself, and none is deeper
    than :data:`simulator.limits.LIMITS`. Each code is walked once, whatever the order
    (a child may come before its parent), so the check is linear in the list."""
    parent_of = dict(links)
    index_of = {code: index for index, (code, _) in enumerate(links)}
    for index, (code, parent) in enumerate(links):
        if parent is not None and parent not in parent_of:
            raise CatalogError(key_path(index_path(path, index), "parent"), f"unknown {noun} {show(parent)}")
    depth_of: dict[str, int] = {}
    for start, parent in links:
        if start in depth_of:
            continue
        if parent is None or parent in depth_of:  # the usual case: the parent came first
            depth = depth_of[start] = 1 if parent is None else depth_of[parent] + 1
            if depth > LIMITS.tree_depth:
                raise CatalogError(key_path(index_path(path, index_of[start]), "parent"), _too_deep(start, depth))
            continue
        chain: list[str] = []
        on_chain: set[str] = set()
        node: str | None = start
        while node is not None and node not in depth_of:
            if node in on_chain:
                loop = chain[chain.index(node):]
                raise CatalogError(key_path(index_path(path, index_of[node]), "parent"), _cycle(plural, loop))
            chain.append(node)
            on_chain.add(node)
            node = parent_of[node]
        depth = 0 if node is None else depth_of[node]
        for code in reversed(chain):
            depth += 1
            depth_of[code] = depth
            if depth > LIMITS.tree_depth:
                raise CatalogError(key_path(index_path(path, index_of[code]), "parent"), _too_deep(code, depth))


def _too_deep(code: str, depth: int) -> str:
    return f"{show(code)} is {depth:,} levels deep: at most {LIMITS.tree_depth:,} are read"


def _cycle(plural: str, loop: list[str]) -> str:
    """``cycle in categories: a → b → a``; a long one named by a few of its codes and its length."""
    if len(loop) <= 6:
        return f"cycle in {plural}: {' → '.join(show(code)[1:-1] for code in (*loop, loop[0]))}"
    shown = " → ".join(show(code)[1:-1] for code in loop[:3])
    return f"cycle in {plural}: {shown} → … → {show(loop[-1])[1:-1]} → {show(loop[0])[1:-1]} ({len(loop):,} {plural})"


def _values_to_dict(catalog: Catalog, values: Iterable[Value]) -> dict[str, object]:
    """The compact form: per locale, per channel, or both, as the attribute's flags say."""
    result: dict[str, object] = {}
    for value in values:
        if value.locale is None and value.scope is None:
            result[value.attribute] = value.data
            continue
        place = result.setdefault(value.attribute, {})
        assert isinstance(place, dict)
        if value.scope is not None and value.locale is not None:
            place = place.setdefault(value.scope, {})
            assert isinstance(place, dict)
        place[value.locale if value.locale is not None else value.scope] = value.data
    return result


def _associations_to_dict(associations: Iterable[Association]) -> dict[str, object]:
    return {
        a.type: _without_defaults({"products": list(a.products), "product_models": list(a.product_models)})
        for a in associations
    }


def _without_defaults(fields: dict[str, object]) -> dict[str, object]:
    defaults: dict[str, object] = {
        "parent": None, "family": "", "enabled": True, "localizable": False, "scopable": False, "type": TEXT_TYPE,
        "uuid": "", "family_variant": "", "label": "", "unique": False, "is_quantified": False, "is_two_way": False,
    }
    return {
        key: value
        for key, value in fields.items()
        if value not in ({}, []) and not (key in defaults and value == defaults[key])
    }


CATALOG_VALUE: Final = Built(CATALOG, _build)
"""A catalog's JSON read into a :class:`~simulator.model.Catalog`."""
