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

Every problem raises a :class:`CatalogError` naming the path of the bad field, e.g.
``products[3].categories[0]: unknown category "x"``. Texts are data: names full of
markup are kept as they are, escaping them is the renderer's job.
"""

from __future__ import annotations

import json
import re
import uuid
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from simulator.model import (
    ATTRIBUTE_TYPES,
    BOOLEAN,
    DATE,
    FILE,
    IDENTIFIER,
    IMAGE,
    METRIC,
    MULTI_SELECT,
    NUMBER,
    OPTION_TYPES,
    PRICE_COLLECTION,
    REFERENCE_DATA_MULTI_SELECT,
    REFERENCE_DATA_SIMPLE_SELECT,
    REFERENCE_ENTITY,
    REFERENCE_ENTITY_COLLECTION,
    SIMPLE_SELECT,
    TEXT,
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

FORMAT = 1
SHIPPED_CATALOGS: tuple[str, ...] = ("article", "large")


class CatalogError(ValueError):
    """A catalog that cannot be loaded, with the path of the field at fault."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


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
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CatalogError(
            "", f"{name_or_path}: not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}"
        ) from None
    return catalog_from_dict(data)


def catalog_from_dict(data: object) -> Catalog:
    """Build a catalog from its JSON form; the first problem found is raised."""
    root = _object(data, "", required=("code", "locales", "attribute_groups",
                                       "attributes", "categories"),
                   optional=("format", "label", "product_models", "products", "channels",
                             "currencies", "families", "association_types",
                             "measurement_families"))
    if "format" in root and root["format"] != FORMAT:
        raise CatalogError(
            "format", f"unsupported format {root['format']!r}; this simulator reads {FORMAT}"
        )
    code = _code(root["code"], "code")
    label = _text(root.get("label", code), "label")

    locales = tuple(_locale(item, path) for item, path in _items(root, "locales"))
    _unique((locale.code for locale in locales), "locales", "code", "locale")
    locale_codes = frozenset(locale.code for locale in locales)

    groups = tuple(
        AttributeGroup(_code(o["code"], f"{p}.code"), _labels(o, p))
        for o, p in _objects(root, "attribute_groups", ("code",), ("labels",))
    )
    _unique((g.code for g in groups), "attribute_groups", "code", "attribute group")
    group_codes = frozenset(g.code for g in groups)

    categories = tuple(
        Category(
            _code(o["code"], f"{p}.code"),
            _optional_code(o, "parent", p),
            _labels(o, p),
        )
        for o, p in _objects(root, "categories", ("code",), ("parent", "labels"))
    )
    _unique((c.code for c in categories), "categories", "code", "category")
    category_codes = frozenset(c.code for c in categories)
    _check_parents(
        [(c.code, c.parent) for c in categories], "categories", "category", "categories"
    )
    tree_codes = frozenset(c.code for c in categories if c.parent is None)

    currencies = tuple(
        Currency(
            _code(o["code"], f"{p}.code"),
            _text(o.get("label", ""), f"{p}.label"),
            _boolean(o.get("enabled", True), f"{p}.enabled"),
        )
        for o, p in _objects(root, "currencies", ("code",), ("label", "enabled"), required_list=False)
    )
    _unique((c.code for c in currencies), "currencies", "code", "currency")
    channels = tuple(
        _channel(o, p, tree_codes, category_codes, locale_codes, frozenset(c.code for c in currencies))
        for o, p in _objects(
            root, "channels", ("code", "category_tree", "locales"),
            ("labels", "currencies", "conversion_units"), required_list=False,
        )
    )
    _unique((c.code for c in channels), "channels", "code", "channel")

    measurement_families = tuple(
        _measurement_family(o, p)
        for o, p in _objects(
            root, "measurement_families", ("code", "standard_unit", "units"), ("labels",), required_list=False,
        )
    )
    _unique((m.code for m in measurement_families), "measurement_families", "code", "measurement family")
    units_of = {m.code: frozenset(m.units) for m in measurement_families}

    attributes = tuple(
        _attribute(o, p, group_codes, locale_codes, units_of)
        for o, p in _objects(root, "attributes", ("code", "group"), _ATTRIBUTE_FIELDS)
    )
    _unique((a.code for a in attributes), "attributes", "code", "attribute")
    attribute_by_code = {a.code: a for a in attributes}
    identifiers = [index for index, a in enumerate(attributes) if a.type == IDENTIFIER]
    if len(identifiers) > 1:
        raise CatalogError(f"attributes[{identifiers[1]}].type", "a catalog has one identifier attribute")
    channel_codes = frozenset(c.code for c in channels)
    for channel, (o, p) in zip(channels, _objects(
        root, "channels", ("code", "category_tree", "locales"),
        ("labels", "currencies", "conversion_units"), required_list=False,
    )):
        for attribute_code, unit in channel.conversion_units.items():
            where = f"{p}.conversion_units.{attribute_code}"
            found = attribute_by_code.get(attribute_code)
            if found is None or found.type != METRIC:
                raise CatalogError(where, f'"{attribute_code}" is not a metric attribute')
            if unit not in units_of.get(found.metric_family or "", frozenset()):
                raise CatalogError(where, f'unknown unit "{unit}" of the measurement family "{found.metric_family}"')

    families = tuple(
        _family(o, p, attribute_by_code, channel_codes)
        for o, p in _objects(
            root, "families", ("code",),
            ("labels", "attributes", "attribute_as_label", "attribute_as_image", "attribute_requirements"),
            required_list=False,
        )
    )
    _unique((f.code for f in families), "families", "code", "family")
    family_codes = frozenset(f.code for f in families) if families else None

    association_types = tuple(
        AssociationType(
            _code(o["code"], f"{p}.code"),
            _labels(o, p),
            _boolean(o.get("is_quantified", False), f"{p}.is_quantified"),
            _boolean(o.get("is_two_way", False), f"{p}.is_two_way"),
        )
        for o, p in _objects(
            root, "association_types", ("code",), ("labels", "is_quantified", "is_two_way"), required_list=False,
        )
    )
    _unique((t.code for t in association_types), "association_types", "code", "association type")
    type_codes = frozenset(t.code for t in association_types) if association_types else None

    values_reader = _ValuesReader(attribute_by_code, locale_codes, {c.code: c for c in channels},
                                  frozenset(code for c in channels for code in c.currencies)
                                  if channels else frozenset(c.code for c in currencies if c.enabled))
    associations_reader = _AssociationsReader(type_codes)
    models = tuple(
        ProductModel(
            code=_code(o["code"], f"{p}.code"),
            parent=_optional_code(o, "parent", p),
            family=_family_code(o, p, family_codes),
            categories=_categories(o, p, category_codes),
            values=values_reader.read(o, p),
            associations=associations_reader.read(o, p),
            family_variant=_text(o.get("family_variant", ""), f"{p}.family_variant"),
        )
        for o, p in _objects(
            root, "product_models", ("code",),
            ("parent", "family", "family_variant", "categories", "values", "associations"), required_list=False,
        )
    )
    _unique((m.code for m in models), "product_models", "code", "product model")
    _check_parents(
        [(m.code, m.parent) for m in models],
        "product_models", "product model", "product models",
    )
    model_codes = frozenset(m.code for m in models)

    products = []
    for o, p in _objects(
        root, "products", ("identifier",),
        ("uuid", "parent", "family", "enabled", "categories", "values", "labels", "groups", "associations"),
        required_list=False,
    ):
        parent = _optional_code(o, "parent", p)
        if parent is not None and parent not in model_codes:
            raise CatalogError(f"{p}.parent", f'unknown product model "{parent}"')
        products.append(
            Product(
                identifier=_code(o["identifier"], f"{p}.identifier"),
                parent=parent,
                family=_family_code(o, p, family_codes),
                enabled=_boolean(o.get("enabled", True), f"{p}.enabled"),
                categories=_categories(o, p, category_codes),
                values=values_reader.read(o, p),
                labels=_labels(o, p),
                groups=_codes(o, "groups", p, "group"),
                associations=associations_reader.read(o, p),
                uuid=_uuid_field(o, p),
            )
        )
    _unique((p.identifier for p in products), "products", "identifier", "product")
    _unique((product_uuid(p) for p in products), "products", "uuid", "product uuid")
    associations_reader.check(frozenset(p.identifier for p in products), model_codes)

    return Catalog(
        code=code,
        label=label,
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


# Reading, with paths.

_TYPE_NAMES: tuple[tuple[type, str], ...] = (
    (bool, "true or false"),
    (str, "a string"),
    (int, "a number"),
    (float, "a number"),
    (list, "a list"),
    (dict, "an object"),
    (type(None), "null"),
)


def _type_name(value: object) -> str:
    for kind, name in _TYPE_NAMES:
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _expected(what: str, value: object, path: str) -> CatalogError:
    return CatalogError(path, f"expected {what}, got {_type_name(value)}")


def _object(
    value: object, path: str, required: Sequence[str], optional: Sequence[str] = ()
) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise _expected("an object", value, path)
    for key in required:
        if key not in value:
            raise CatalogError(path, f'missing field "{key}"')
    for key in value:
        if key not in required and key not in optional:
            raise CatalogError(path, f'unknown field "{key}"')
    return value


def _items(
    parent: Mapping[str, object], key: str, required_list: bool = True, base: str = ""
) -> Iterable[tuple[object, str]]:
    if key not in parent and not required_list:
        return ()
    path = f"{base}.{key}" if base else key
    items = parent[key]
    if not isinstance(items, list):
        raise _expected("a list", items, path)
    return ((item, f"{path}[{index}]") for index, item in enumerate(items))


def _objects(
    parent: Mapping[str, object],
    key: str,
    required: Sequence[str],
    optional: Sequence[str],
    required_list: bool = True,
    base: str = "",
) -> Iterable[tuple[Mapping[str, object], str]]:
    for item, path in _items(parent, key, required_list, base):
        yield _object(item, path, required, optional), path


def _text(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise _expected("a string", value, path)
    return value


def _code(value: object, path: str) -> str:
    code = _text(value, path)
    if not code.strip():
        raise CatalogError(path, "must not be empty")
    return code


def _optional_code(item: Mapping[str, object], key: str, path: str) -> str | None:
    value = item.get(key)
    return None if value is None else _code(value, f"{path}.{key}")


def _boolean(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise _expected("true or false", value, path)
    return value


def _labels(item: Mapping[str, object], path: str) -> dict[str, str]:
    value = item.get("labels", {})
    labels_path = f"{path}.labels"
    if not isinstance(value, dict):
        raise _expected("an object", value, labels_path)
    return {
        _code(locale, labels_path): _text(label, f"{labels_path}.{locale}")
        for locale, label in value.items()
    }


def _locale(item: object, path: str) -> Locale:
    o = _object(item, path, ("code",), ("label",))
    return Locale(_code(o["code"], f"{path}.code"), _text(o.get("label", ""), f"{path}.label"))


def _channel(
    o: Mapping[str, object],
    path: str,
    trees: frozenset[str],
    categories: frozenset[str],
    locales: frozenset[str],
    currencies: frozenset[str],
) -> Channel:
    tree = _code(o["category_tree"], f"{path}.category_tree")
    if tree not in trees:
        problem = "is not a root category" if tree in categories else "is not a category"
        raise CatalogError(f"{path}.category_tree", f'"{tree}" {problem}: a channel publishes a whole tree')
    channel_locales = _codes(o, "locales", path, "locale", locales)
    if not channel_locales:
        raise CatalogError(f"{path}.locales", "a channel has at least one locale")
    channel_currencies = _codes(o, "currencies", path, "currency", currencies or None)
    units = o.get("conversion_units", {})
    if not isinstance(units, dict):
        raise _expected("an object", units, f"{path}.conversion_units")
    return Channel(
        code=_code(o["code"], f"{path}.code"),
        category_tree=tree,
        locales=channel_locales,
        currencies=channel_currencies,
        labels=_labels(o, path),
        conversion_units={
            str(attribute): _code(unit, f"{path}.conversion_units.{attribute}") for attribute, unit in units.items()
        },
    )


def _measurement_family(o: Mapping[str, object], path: str) -> MeasurementFamily:
    units = _codes(o, "units", path, "unit")
    standard = _code(o["standard_unit"], f"{path}.standard_unit")
    if standard not in units:
        raise CatalogError(f"{path}.standard_unit", f'"{standard}" is not one of the family\'s units')
    return MeasurementFamily(_code(o["code"], f"{path}.code"), standard, units, _labels(o, path))


_ATTRIBUTE_FIELDS = (
    "type", "localizable", "scopable", "labels", "options", "metric_family", "default_metric_unit",
    "decimals_allowed", "negative_allowed", "available_locales", "max_characters", "reference_data_name",
    "allowed_extensions", "unique",
)


def _attribute(
    o: Mapping[str, object],
    path: str,
    groups: frozenset[str],
    locales: frozenset[str],
    units_of: Mapping[str, frozenset[str]],
) -> Attribute:
    group = _code(o["group"], f"{path}.group")
    if group not in groups:
        raise CatalogError(f"{path}.group", f'unknown attribute group "{group}"')
    kind = _text(o.get("type", TEXT), f"{path}.type")
    if kind not in ATTRIBUTE_TYPES:
        raise CatalogError(f"{path}.type", f'unknown attribute type "{kind}"; known types: {", ".join(ATTRIBUTE_TYPES)}')
    localizable = _boolean(o.get("localizable", False), f"{path}.localizable")
    scopable = _boolean(o.get("scopable", False), f"{path}.scopable")
    if kind == IDENTIFIER and (localizable or scopable):
        raise CatalogError(path, "an identifier attribute is neither localizable nor scopable")
    options = tuple(
        AttributeOption(_code(option["code"], f"{option_path}.code"), _labels(option, option_path))
        for option, option_path in _objects(o, "options", ("code",), ("labels",), required_list=False, base=path)
    )
    _unique((option.code for option in options), f"{path}.options", "code", "option")
    if options and kind not in OPTION_TYPES:
        raise CatalogError(f"{path}.options", "only simple and multi select attributes have options")
    family = _optional_code(o, "metric_family", path)
    unit = _optional_code(o, "default_metric_unit", path)
    if kind == METRIC:
        if family is None or unit is None:
            raise CatalogError(path, "a metric attribute names its metric_family and default_metric_unit")
        if family not in units_of:
            raise CatalogError(f"{path}.metric_family", f'unknown measurement family "{family}"')
        if unit not in units_of[family]:
            raise CatalogError(f"{path}.default_metric_unit", f'unknown unit "{unit}" of the measurement family "{family}"')
    elif family is not None or unit is not None:
        raise CatalogError(path, "only metric attributes have a metric_family and default_metric_unit")
    max_characters = o.get("max_characters")
    if max_characters is not None and (isinstance(max_characters, bool) or not isinstance(max_characters, int)
                                       or max_characters < 1):
        raise CatalogError(f"{path}.max_characters", "expected a positive whole number")
    return Attribute(
        code=_code(o["code"], f"{path}.code"),
        group=group,
        localizable=localizable,
        labels=_labels(o, path),
        type=kind,
        scopable=scopable,
        options=options,
        metric_family=family,
        default_metric_unit=unit,
        decimals_allowed=_optional_boolean(o, "decimals_allowed", path),
        negative_allowed=_optional_boolean(o, "negative_allowed", path),
        available_locales=_codes(o, "available_locales", path, "locale", locales),
        max_characters=max_characters,
        reference_data_name=_optional_code(o, "reference_data_name", path),
        allowed_extensions=_codes(o, "allowed_extensions", path, "extension"),
        unique=_boolean(o.get("unique", False), f"{path}.unique"),
    )


def _optional_boolean(item: Mapping[str, object], key: str, path: str) -> bool | None:
    value = item.get(key)
    return None if value is None else _boolean(value, f"{path}.{key}")


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
    o: Mapping[str, object], path: str, attributes: Mapping[str, Attribute], channels: frozenset[str]
) -> Family:
    known = frozenset(attributes)
    codes = _codes(o, "attributes", path, "attribute", known)
    as_label = _optional_code(o, "attribute_as_label", path)
    as_image = _optional_code(o, "attribute_as_image", path)
    for key, chosen in (("attribute_as_label", as_label), ("attribute_as_image", as_image)):
        if chosen is not None and chosen not in codes:
            raise CatalogError(f"{path}.{key}", f'"{chosen}" is not one of the family\'s attributes')
    raw = o.get("attribute_requirements", {})
    if not isinstance(raw, dict):
        raise _expected("an object", raw, f"{path}.attribute_requirements")
    requirements: dict[str, tuple[str, ...]] = {}
    for channel in raw:
        if channel not in channels:
            raise CatalogError(f"{path}.attribute_requirements.{channel}", f'unknown channel "{channel}"')
        requirements[channel] = _codes(raw, channel, f"{path}.attribute_requirements", "attribute", frozenset(codes))
    return Family(_code(o["code"], f"{path}.code"), codes, as_label, as_image, requirements, _labels(o, path))


def _family_code(item: Mapping[str, object], path: str, known: frozenset[str] | None) -> str:
    code = _text(item.get("family", ""), f"{path}.family")
    if code and known is not None and code not in known:
        raise CatalogError(f"{path}.family", f'unknown family "{code}"')
    return code


def _uuid_field(item: Mapping[str, object], path: str) -> str:
    given = item.get("uuid")
    if given is None:
        return ""
    text = _text(given, f"{path}.uuid")
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise CatalogError(f"{path}.uuid", f'"{text}" is not a uuid') from None


def _categories(
    item: Mapping[str, object], path: str, known: frozenset[str]
) -> tuple[str, ...]:
    return _codes(item, "categories", path, "category", known)


def _codes(
    item: Mapping[str, object], key: str, path: str, kind: str, known: frozenset[str] | None = None
) -> tuple[str, ...]:
    """An optional list of distinct codes, each in ``known`` when it is given."""
    codes: list[str] = []
    for value, value_path in _items(item, key, False, base=path):
        code = _code(value, value_path)
        if known is not None and code not in known:
            raise CatalogError(value_path, f'unknown {kind} "{code}"')
        if code in codes:
            raise CatalogError(value_path, f'{kind} "{code}" given twice')
        codes.append(code)
    return tuple(codes)


class _AssociationsReader:
    """Reads ``associations`` objects. A product may be associated with one that comes
    later in the file, so the linked codes are checked once every code is known."""

    def __init__(self, types: frozenset[str] | None) -> None:
        self._types = types
        self._links: list[tuple[str, str, str]] = []  # (path, kind, code)

    def read(self, item: Mapping[str, object], path: str) -> tuple[Association, ...]:
        raw = item.get("associations", {})
        path = f"{path}.associations"
        if not isinstance(raw, dict):
            raise _expected("an object", raw, path)
        associations = []
        for type_code, links in raw.items():
            type_path = f"{path}.{type_code}"
            if not type_code.strip():
                raise CatalogError(path, "an association type must not be empty")
            if self._types is not None and type_code not in self._types:
                raise CatalogError(type_path, f'unknown association type "{type_code}"')
            linked = _object(links, type_path, (), ("products", "product_models"))
            associations.append(Association(
                type_code,
                self._linked(linked, "products", type_path, "product"),
                self._linked(linked, "product_models", type_path, "product model"),
            ))
        return tuple(associations)

    def _linked(self, linked: Mapping[str, object], key: str, path: str, kind: str) -> tuple[str, ...]:
        codes = _codes(linked, key, path, kind)
        self._links.extend((f"{path}.{key}[{index}]", kind, code) for index, code in enumerate(codes))
        return codes

    def check(self, products: frozenset[str], models: frozenset[str]) -> None:
        for path, kind, code in self._links:
            if code not in (products if kind == "product" else models):
                raise CatalogError(path, f'unknown {kind} "{code}"')


class _ValuesReader:
    """Reads ``values`` objects against the catalog's attributes, locales and channels:
    each value in the place its attribute's flags say, with data of its type."""

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

    def read(self, item: Mapping[str, object], path: str) -> tuple[Value, ...]:
        raw = item.get("values", {})
        path = f"{path}.values"
        if not isinstance(raw, dict):
            raise _expected("an object", raw, path)
        values: list[Value] = []
        for code, given in raw.items():
            value_path = f"{path}.{code}"
            attribute = self._attributes.get(code)
            if attribute is None:
                raise CatalogError(value_path, f'unknown attribute "{code}"')
            if isinstance(given, list) and attribute.type not in _LIST_TYPES or (
                isinstance(given, list) and given and all(isinstance(e, dict) and "data" in e for e in given)
            ):
                places = self._api_form(attribute, given, value_path)
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
                raise CatalogError(path, f'"{code}" is not localizable: its value takes no locale')
            return [(None, None, given, path)]
        if not isinstance(given, dict):
            per = "per channel, then per locale" if attribute.scopable and attribute.localizable else (
                "per channel" if attribute.scopable else "per locale")
            kind = "scopable" if attribute.scopable else "localizable"
            raise CatalogError(path, f'"{code}" is {kind}: give its value {per}, as an object, not {_type_name(given)}')
        if not attribute.scopable:
            return [(locale, None, data, f"{path}.{locale}") for locale, data in given.items()]
        places: list[tuple[str | None, str | None, object, str]] = []
        for scope, inner in given.items():
            if not attribute.localizable:
                places.append((None, scope, inner, f"{path}.{scope}"))
                continue
            if not isinstance(inner, dict):
                raise CatalogError(
                    f"{path}.{scope}", f'"{code}" is localizable: give its value per locale, as an object, '
                    f"not {_type_name(inner)}",
                )
            places.extend((locale, scope, data, f"{path}.{scope}.{locale}") for locale, data in inner.items())
        return places

    def _api_form(
        self, attribute: Attribute, given: list[object], path: str
    ) -> list[tuple[str | None, str | None, object, str]]:
        places: list[tuple[str | None, str | None, object, str]] = []
        for index, entry in enumerate(given):
            entry_path = f"{path}[{index}]"
            o = _object(entry, entry_path, ("data",), ("locale", "scope"))
            locale, scope = o.get("locale"), o.get("scope")
            for key, part in (("locale", locale), ("scope", scope)):
                if part is not None and not isinstance(part, str):
                    raise _expected("a string or null", part, f"{entry_path}.{key}")
            places.append((locale, scope, o["data"], f"{entry_path}.data"))  # type: ignore[arg-type]
        return places

    def _check_place(self, attribute: Attribute, locale: str | None, scope: str | None, path: str) -> None:
        code = attribute.code
        if attribute.localizable and locale is None:
            raise CatalogError(path, f'"{code}" is localizable: its value needs a locale')
        if not attribute.localizable and locale is not None:
            raise CatalogError(path, f'"{code}" is not localizable: its value takes no locale')
        if attribute.scopable and scope is None:
            raise CatalogError(path, f'"{code}" is scopable: its value needs a channel')
        if not attribute.scopable and scope is not None:
            raise CatalogError(path, f'"{code}" is not scopable: its value takes no channel')
        if scope is not None and scope not in self._channels:
            raise CatalogError(path, f'unknown channel "{scope}"')
        if locale is not None:
            if locale not in self._locales:
                raise CatalogError(path, f'unknown locale "{locale}"')
            if scope is not None and locale not in self._channels[scope].locales:
                raise CatalogError(path, f'the locale "{locale}" is not one of the channel "{scope}"\'s locales')
            if attribute.available_locales and locale not in attribute.available_locales:
                raise CatalogError(path, f'"{code}" is locale specific: "{locale}" is not one of its locales')


_LIST_TYPES = frozenset({
    PRICE_COLLECTION, MULTI_SELECT, REFERENCE_DATA_MULTI_SELECT, REFERENCE_ENTITY_COLLECTION, ASSET_COLLECTION,
})
_STRING_TYPES = frozenset({
    IDENTIFIER, TEXT, TEXTAREA, IMAGE, FILE, REFERENCE_DATA_SIMPLE_SELECT, REFERENCE_ENTITY,
})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _data(attribute: Attribute, data: object, path: str, currencies: frozenset[str]) -> object:
    """A stored value's data, checked against its attribute's type (the REST API's
    data format, so that a catalog holds only what the PIM could hold)."""
    kind = attribute.type
    if kind in _STRING_TYPES:
        return _code(data, path)
    if kind == DATE:
        text = _text(data, path)
        if not _DATE.match(text):
            raise CatalogError(path, f'expected a date as YYYY-MM-DD, got "{text}"')
        return text
    if kind == BOOLEAN:
        return _boolean(data, path)
    if kind == NUMBER:
        return _number(data, path)
    if kind == SIMPLE_SELECT:
        option = _code(data, path)
        if option not in attribute.option_codes:
            raise CatalogError(path, f'unknown option "{option}" of "{attribute.code}"')
        return option
    if kind == METRIC:
        o = _object(data, path, ("amount", "unit"))
        unit = _code(o["unit"], f"{path}.unit")
        return {"amount": _number(o["amount"], f"{path}.amount"), "unit": unit}
    if kind == PRICE_COLLECTION:
        if not isinstance(data, list):
            raise _expected("a list of prices", data, path)
        prices = []
        for index, price in enumerate(data):
            price_path = f"{path}[{index}]"
            o = _object(price, price_path, ("amount", "currency"))
            currency = _code(o["currency"], f"{price_path}.currency")
            if currency not in currencies:
                raise CatalogError(f"{price_path}.currency", f'"{currency}" is not an activated currency')
            prices.append({"amount": _number(o["amount"], f"{price_path}.amount"), "currency": currency})
        return sorted(prices, key=lambda p: str(p["currency"]))
    # Multi selects, reference data and asset collections: lists of codes.
    if not isinstance(data, list):
        raise _expected("a list of codes", data, path)
    codes = tuple(_code(item, f"{path}[{index}]") for index, item in enumerate(data))
    if kind == MULTI_SELECT:
        for index, option in enumerate(codes):
            if option not in attribute.option_codes:
                raise CatalogError(f"{path}[{index}]", f'unknown option "{option}" of "{attribute.code}"')
    return sorted(dict.fromkeys(codes)) if kind == MULTI_SELECT else list(dict.fromkeys(codes))


def _number(value: object, path: str) -> object:
    """A number, or a number written as a string (the REST API gives decimals as strings)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _expected("a number", value, path)
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            raise CatalogError(path, f'expected a number, got "{value}"') from None
    return value


def _unique(codes: Iterable[str], key: str, field: str, kind: str) -> None:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            raise CatalogError(f"{key}[{index}].{field}", f'duplicate {kind} "{code}"')
        seen.add(code)


def _check_parents(
    links: Sequence[tuple[str, str | None]], key: str, kind: str, plural: str
) -> None:
    """Every parent exists and no chain of parents loops back on itself."""
    parent_of = dict(links)
    index_of = {code: index for index, (code, _) in enumerate(links)}
    for index, (code, parent) in enumerate(links):
        if parent is not None and parent not in parent_of:
            raise CatalogError(f"{key}[{index}].parent", f'unknown {kind} "{parent}"')
    settled: set[str] = set()
    for code, _ in links:
        chain = [code]
        node = parent_of[code]
        while node is not None and node not in settled:
            if node in chain:
                loop = " → ".join(chain[chain.index(node):] + [node])
                raise CatalogError(
                    f"{key}[{index_of[node]}].parent", f"cycle in {plural}: {loop}"
                )
            chain.append(node)
            node = parent_of[node]
        settled.update(chain)


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
        "parent": None, "family": "", "enabled": True, "localizable": False, "scopable": False, "type": TEXT,
        "uuid": "", "family_variant": "", "label": "", "unique": False, "is_quantified": False, "is_two_way": False,
    }
    return {
        key: value
        for key, value in fields.items()
        if value not in ({}, []) and not (key in defaults and value == defaults[key])
    }
