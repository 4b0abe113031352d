"""Catalogs to and from JSON, validated field by field.

The format (version 1) is meant to be read and edited by hand::

    {
      "format": 1,
      "code": "article",
      "label": "The article's catalog",
      "locales": [{"code": "en_US", "label": "English (United States)"}],
      "attribute_groups": [{"code": "marketing", "labels": {"en_US": "Marketing"}}],
      "attributes": [
        {"code": "name", "group": "marketing", "localizable": true,
         "labels": {"en_US": "Name"}},
        {"code": "price", "group": "erp"}
      ],
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
        {"identifier": "hat", "family": "accessories", "enabled": true,
         "categories": ["master_accessories"], "labels": {"en_US": "Hat"},
         "values": {"name": {"en_US": "Hat", "fr_FR": "Chapeau"}, "price": "25.00"},
         "groups": ["summer_collection"],
         "associations": {"X_SELL": {"products": ["braided_hat"],
                                     "product_models": ["tshirt"]}}}
      ]
    }

- ``format`` may be left out (it is 1); ``label`` defaults to the code.
- Categories are a flat list; a category without ``parent`` is the root of a tree.
  Any order: a child may come before its parent.
- ``values`` maps an attribute code to its data: a string for a non-localizable
  attribute, an object ``{locale: string}`` for a localizable one.
- A product's ``parent`` is a product model; a model's ``parent`` is another model.
  Variants take their parents' categories (see :meth:`Catalog.categories_of`).
- ``associations`` (products and product models) maps an association type to the
  products and product models linked under it, as the REST API writes them; each
  must be in the catalog. ``groups`` (products) lists the product's group codes.
- Optional fields: ``labels``, ``parent``, ``family``, ``enabled`` (true),
  ``categories``, ``values``, ``associations``, ``groups``, ``localizable`` (false).

Every problem raises a :class:`CatalogError` naming the path of the bad field, e.g.
``products[3].categories[0]: unknown category "x"``. Texts are data: names full of
markup are kept as they are, escaping them is the renderer's job.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from simulator.model import (
    Association,
    Attribute,
    AttributeGroup,
    Catalog,
    Category,
    Locale,
    Product,
    ProductModel,
    Value,
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
                   optional=("format", "label", "product_models", "products"))
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

    attributes = tuple(
        _attribute(o, p, group_codes)
        for o, p in _objects(
            root, "attributes", ("code", "group"), ("localizable", "labels")
        )
    )
    _unique((a.code for a in attributes), "attributes", "code", "attribute")
    attribute_by_code = {a.code: a for a in attributes}

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

    values_reader = _ValuesReader(attribute_by_code, locale_codes)
    associations_reader = _AssociationsReader()
    models = tuple(
        ProductModel(
            code=_code(o["code"], f"{p}.code"),
            parent=_optional_code(o, "parent", p),
            family=_text(o.get("family", ""), f"{p}.family"),
            categories=_categories(o, p, category_codes),
            values=values_reader.read(o, p),
            associations=associations_reader.read(o, p),
        )
        for o, p in _objects(
            root, "product_models", ("code",),
            ("parent", "family", "categories", "values", "associations"), required_list=False,
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
        ("parent", "family", "enabled", "categories", "values", "labels", "groups", "associations"),
        required_list=False,
    ):
        parent = _optional_code(o, "parent", p)
        if parent is not None and parent not in model_codes:
            raise CatalogError(f"{p}.parent", f'unknown product model "{parent}"')
        products.append(
            Product(
                identifier=_code(o["identifier"], f"{p}.identifier"),
                parent=parent,
                family=_text(o.get("family", ""), f"{p}.family"),
                enabled=_boolean(o.get("enabled", True), f"{p}.enabled"),
                categories=_categories(o, p, category_codes),
                values=values_reader.read(o, p),
                labels=_labels(o, p),
                groups=_codes(o, "groups", p, "group"),
                associations=associations_reader.read(o, p),
            )
        )
    _unique((p.identifier for p in products), "products", "identifier", "product")
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
    )


def catalog_to_dict(catalog: Catalog) -> dict[str, object]:
    """The JSON form of a catalog; optional fields left out when at their default."""
    return {
        "format": FORMAT,
        "code": catalog.code,
        "label": catalog.label,
        "locales": [{"code": lo.code, "label": lo.label} for lo in catalog.locales],
        "attribute_groups": [
            _without_defaults({"code": g.code, "labels": dict(g.labels)})
            for g in catalog.attribute_groups
        ],
        "attributes": [
            _without_defaults({
                "code": a.code,
                "group": a.group,
                "localizable": a.localizable,
                "labels": dict(a.labels),
            })
            for a in catalog.attributes
        ],
        "categories": [
            _without_defaults({"code": c.code, "parent": c.parent, "labels": dict(c.labels)})
            for c in catalog.categories
        ],
        "product_models": [
            _without_defaults({
                "code": m.code,
                "parent": m.parent,
                "family": m.family,
                "categories": list(m.categories),
                "values": _values_to_dict(m.values),
                "associations": _associations_to_dict(m.associations),
            })
            for m in catalog.product_models
        ],
        "products": [
            _without_defaults({
                "identifier": p.identifier,
                "parent": p.parent,
                "family": p.family,
                "enabled": p.enabled,
                "categories": list(p.categories),
                "labels": dict(p.labels),
                "values": _values_to_dict(p.values),
                "groups": list(p.groups),
                "associations": _associations_to_dict(p.associations),
            })
            for p in catalog.products
        ],
    }


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
) -> Iterable[tuple[Mapping[str, object], str]]:
    for item, path in _items(parent, key, required_list):
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


def _attribute(o: Mapping[str, object], path: str, groups: frozenset[str]) -> Attribute:
    group = _code(o["group"], f"{path}.group")
    if group not in groups:
        raise CatalogError(f"{path}.group", f'unknown attribute group "{group}"')
    return Attribute(
        code=_code(o["code"], f"{path}.code"),
        group=group,
        localizable=_boolean(o.get("localizable", False), f"{path}.localizable"),
        labels=_labels(o, path),
    )


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

    def __init__(self) -> None:
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
    """Reads ``values`` objects against the catalog's attributes and locales."""

    def __init__(self, attributes: Mapping[str, Attribute], locales: frozenset[str]):
        self._attributes = attributes
        self._locales = locales

    def read(self, item: Mapping[str, object], path: str) -> tuple[Value, ...]:
        raw = item.get("values", {})
        path = f"{path}.values"
        if not isinstance(raw, dict):
            raise _expected("an object", raw, path)
        values: list[Value] = []
        for code, data in raw.items():
            value_path = f"{path}.{code}"
            attribute = self._attributes.get(code)
            if attribute is None:
                raise CatalogError(value_path, f'unknown attribute "{code}"')
            if not attribute.localizable:
                if isinstance(data, dict):
                    raise CatalogError(
                        value_path, f'"{code}" is not localizable: its value takes no locale'
                    )
                values.append(Value(code, None, _text(data, value_path)))
                continue
            if not isinstance(data, dict):
                raise CatalogError(
                    value_path,
                    f'"{code}" is localizable: give its value per locale, '
                    f"as an object, not {_type_name(data)}",
                )
            for locale, text in data.items():
                if locale not in self._locales:
                    raise CatalogError(f"{value_path}.{locale}", f'unknown locale "{locale}"')
                values.append(Value(code, locale, _text(text, f"{value_path}.{locale}")))
        return tuple(values)


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


def _values_to_dict(values: Iterable[Value]) -> dict[str, object]:
    result: dict[str, object] = {}
    for value in values:
        if value.locale is None:
            result[value.attribute] = value.data
        else:
            per_locale = result.setdefault(value.attribute, {})
            assert isinstance(per_locale, dict)
            per_locale[value.locale] = value.data
    return result


def _associations_to_dict(associations: Iterable[Association]) -> dict[str, object]:
    return {
        a.type: _without_defaults({"products": list(a.products), "product_models": list(a.product_models)})
        for a in associations
    }


def _without_defaults(fields: dict[str, object]) -> dict[str, object]:
    defaults: dict[str, object] = {
        "parent": None, "family": "", "enabled": True, "localizable": False
    }
    return {
        key: value
        for key, value in fields.items()
        if value not in ({}, []) and not (key in defaults and value == defaults[key])
    }
