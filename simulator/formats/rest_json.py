"""Saved REST API responses, read into :class:`~simulator.formats.parts.Parts`.

What a support person saves from an App's log or from ``curl``: a page of a list
endpoint (``{"_links": …, "current_page": 1, "_embedded": {"items": [...]}}``), several
pages in one file (a JSON array of pages, or one page a line), a single item
(``GET /api/rest/v1/products/{code}``), or JSON lines of items (the format of the PATCH
bulk endpoints). The endpoint is read from the page's or the item's
``_links.self.href`` (``…/api/rest/v1/categories?page=2``), else from the item's
fields. Items follow the API reference's examples (``akeneo/pim-api-docs``,
``content/swagger/resources/*/routes/*.yaml``, cited in ``tests/fixtures/imports/``):

- ``/categories``: ``code``, ``parent``, ``labels``;
- ``/locales``: ``code``, ``enabled``; ``/currencies``: ``code``, ``enabled``, ``label``;
- ``/channels``: ``code``, ``category_tree``, ``locales``, ``currencies``, ``labels``,
  ``conversion_units``;
- ``/attribute-groups``: ``code``, ``attributes``, ``sort_order``, ``labels``;
- ``/attributes``: ``code``, ``type``, ``group``, ``localizable``, ``scopable``,
  ``labels`` and the type's settings; ``/attributes/{code}/options``: ``code``,
  ``attribute``, ``labels``;
- ``/families``: ``code``, ``attributes``, ``attribute_as_label``,
  ``attribute_as_image``, ``attribute_requirements``, ``labels``;
- ``/association-types``: ``code``, ``labels``, ``is_quantified``, ``is_two_way``;
- ``/products``: ``identifier``, ``enabled``, ``family``, ``categories``, ``groups``,
  ``parent``, ``values``, ``associations``; ``/products-uuid``: the same with ``uuid``
  (the identifier is the identifier attribute's value, and associations name uuids);
- ``/product-models``: ``code``, ``family``, ``family_variant``, ``parent``,
  ``categories``, ``values``, ``associations``.

Fields the simulator does not use (``created``, ``updated``, ``metadata``,
``quality_scores``…) are skipped without a word; a wrong type in a field it uses is a
problem naming the item and the field, and that item is left out.
"""

from __future__ import annotations

import re
from typing import Callable, Final, Iterator, Mapping

from simulator.formats.codes import identifier_problem, is_code, is_currency, is_locale
from simulator.formats.json_documents import Document
from simulator.formats.parts import (
    AssociationTypeRecord,
    AttributeRecord,
    CategoryRecord,
    ChannelRecord,
    CurrencyRecord,
    FamilyRecord,
    GroupRecord,
    LocaleRecord,
    MeasurementFamilyRecord,
    ModelRecord,
    OptionRecord,
    Parts,
    Seen,
    Where,
)
from simulator.formats import value_data
from simulator.formats.pim_csv import make_product, make_value
from simulator.formats.problems import Report, quote
from simulator.model import ATTRIBUTE_TYPES, TEXT, Association, Value

ENDPOINTS: Final = {
    "categories": "categories",
    "locales": "locales",
    "currencies": "currencies",
    "channels": "channels",
    "attribute-groups": "attribute_groups",
    "attributes": "attributes",
    "families": "families",
    "association-types": "association_types",
    "products": "products",
    "products-uuid": "products",
    "product-uuid": "products",
    "product": "products",
    "product-models": "product_models",
    "measurement-families": "measurement_families",
}
"""The REST API's endpoints (the path after ``/api/rest/v1/``) and the kind of item each lists."""

_HREF: Final = re.compile(r"/api/rest/v1/([a-z-]+)(?:/([^/?#]+)/(options))?")


class Item:
    """One item of a response, with where it is (file, line of its document, path)."""

    __slots__ = ("data", "where", "path")

    def __init__(self, data: Mapping[str, object], where: Where, path: str) -> None:
        self.data = data
        self.where = where
        self.path = path


def kind_of_item(item: Mapping[str, object], endpoint: str | None) -> str | None:
    """The kind of an item: from its own link, else its page's, else its fields."""
    own = _endpoint(item.get("_links"))
    if own is not None:
        return own
    if endpoint is not None:
        return endpoint
    keys = item.keys()
    if "values" in keys or "associations" in keys:
        if "code" in keys and ("family_variant" in keys or "identifier" not in keys and "uuid" not in keys):
            return "product_models"
        return "products"
    if "identifier" in keys or "uuid" in keys:
        return "products"
    if "standard_unit_code" in keys and "units" in keys:
        return "measurement_families"
    if "category_tree" in keys:
        return "channels"
    if "attribute_as_label" in keys or "attribute_requirements" in keys:
        return "families"
    if "type" in keys and "group" in keys:
        return "attributes"
    if "attribute" in keys and "code" in keys:
        return "attribute_options"
    if "sort_order" in keys and "attributes" in keys:
        return "attribute_groups"
    if "is_quantified" in keys or "is_two_way" in keys:
        return "association_types"
    if "parent" in keys and "code" in keys:
        return "categories"
    code = item.get("code")
    if isinstance(code, str) and "enabled" in keys:
        if is_locale(code):
            return "locales"
        if is_currency(code):
            return "currencies"
    return None


def _endpoint(links: object) -> str | None:
    if not isinstance(links, dict):
        return None
    self_link = links.get("self")
    href = self_link.get("href") if isinstance(self_link, dict) else None
    if not isinstance(href, str):
        return None
    match = _HREF.search(href)
    if match is None:
        return None
    if match.group(3) == "options":
        return "attribute_options"
    return ENDPOINTS.get(match.group(1))


def items_of(documents: list[Document], file: str, report: Report) -> dict[str, list[Item]]:
    """The items of the documents, by kind; an item of no kind the simulator reads is
    reported once per document."""
    found: dict[str, list[Item]] = {}

    def take(data: object, where: Where, path: str, endpoint: str | None) -> None:
        if not isinstance(data, dict):
            report.error(file, f"{path}: expected an object, got {_type_name(data)}: left out", where[1], where[2])
            return
        kind = kind_of_item(data, endpoint)
        if kind is None:
            report.error(file, f"{path}: not an item of a REST API endpoint the simulator reads: left out",
                         where[1], where[2])
            return
        found.setdefault(kind, []).append(Item(data, where, path))

    for number, document in enumerate(documents):
        where: Where = (file, document.line, document.column)
        data = document.data
        prefix = f"document {number + 1}" if len(documents) > 1 else "the document"
        pages = data if isinstance(data, list) and all(_is_page(page) for page in data) and data else [data]
        for page_number, page in enumerate(pages):
            base = prefix if pages is not data else f"{prefix}[{page_number}]"
            if _is_page(page):
                assert isinstance(page, dict)
                embedded = page["_embedded"]
                items = embedded.get("items") if isinstance(embedded, dict) else None
                if not isinstance(items, list):
                    report.error(file, f"{base}: _embedded.items is not a list: the page is left out", where[1], where[2])
                    continue
                endpoint = _endpoint(page.get("_links"))
                for index, item in enumerate(items):
                    take(item, where, f"{base}: _embedded.items[{index}]", endpoint)
            elif isinstance(page, list):
                for index, item in enumerate(page):
                    take(item, where, f"{base}[{index}]", None)
            else:
                take(page, where, base, None)
    return found


def _is_page(data: object) -> bool:
    return isinstance(data, dict) and "_embedded" in data


# Reading fields.


class _Fields:
    """Typed access to one item's fields; the first wrong one is reported and the item left out."""

    def __init__(self, item: Item, report: Report) -> None:
        self.item = item
        self.data = item.data
        self.report = report
        self.ok = True

    def fail(self, field: str, message: str) -> None:
        if self.ok:
            file, line, column = self.item.where
            self.report.error(file, f"{self.item.path}.{field}: {message}: the item is left out", line, column)
        self.ok = False

    def text(self, field: str, required: bool = False) -> str:
        value = self.data.get(field)
        if value is None:
            if required:
                self.fail(field, "missing")
            return ""
        if not isinstance(value, str):
            self.fail(field, f"expected a string, got {_type_name(value)}")
            return ""
        return value

    def code(self, field: str, what: str) -> str:
        value = self.text(field, required=True)
        if self.ok and not is_code(value):
            self.fail(field, f"{quote(value)} is not a {what} code (letters, digits and _ only)")
        return value

    def flag(self, field: str, default: bool = False) -> bool:
        value = self.data.get(field, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(field, f"expected true or false, got {_type_name(value)}")
            return default
        return value

    def codes(self, field: str, limit: int = 10_000) -> tuple[str, ...]:
        value = self.data.get(field)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
            self.fail(field, "expected a list of codes")
            return ()
        if len(value) > limit:
            self.fail(field, f"more than {limit:,} codes")
            return ()
        return tuple(dict.fromkeys(value))

    def labels(self, field: str = "labels") -> dict[str, str]:
        value = self.data.get(field)
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(isinstance(text, str) for text in value.values()):
            self.fail(field, "expected an object of texts by locale")
            return {}
        return {locale: text for locale, text in value.items() if text}

    def mapping(self, field: str) -> dict[str, object]:
        value = self.data.get(field)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(field, f"expected an object, got {_type_name(value)}")
            return {}
        return value


def _note_locales(parts: Parts, labels: Mapping[str, str], where: Where) -> None:
    for locale in labels:
        parts.locales_seen.setdefault(locale, where)


def _duplicate(report: Report, item: Item, what: str, code: str, first: Where) -> None:
    file, line, column = item.where
    report.error(file, f"{item.path}: {what} {quote(code)} was already read ({first[0]}:{first[1]}): "
                 "this one is left out", line, column)


def read_categories(items: list[Item], parts: Parts, report: Report) -> None:
    for item in items:
        f = _Fields(item, report)
        code = f.code("code", "category")
        parent = f.text("parent")
        labels = f.labels()
        if not f.ok:
            continue
        if code in parts.categories:
            _duplicate(report, item, "category", code, parts.categories[code].where)
            continue
        _note_locales(parts, labels, item.where)
        parts.categories[code] = CategoryRecord(code, item.where, parent or None, item.where if parent else None, labels)


def read_locales(items: list[Item], parts: Parts, report: Report) -> None:
    for item in items:
        f = _Fields(item, report)
        code = f.text("code", required=True)
        enabled = f.flag("enabled", True)
        if f.ok and not is_locale(code):
            f.fail("code", f"{quote(code)} is not a locale code (such as fr_FR)")
        if not f.ok:
            continue
        if code in parts.locales:
            _duplicate(report, item, "locale", code, parts.locales[code].where)
            continue
        parts.locales[code] = LocaleRecord(code, item.where, "", enabled)


def read_currencies(items: list[Item], parts: Parts, report: Report) -> None:
    for item in items:
        f = _Fields(item, report)
        code = f.text("code", required=True)
        enabled = f.flag("enabled", True)
        label = f.text("label")
        if f.ok and not is_currency(code):
            f.fail("code", f"{quote(code)} is not a currency code (such as EUR)")
        if f.ok and code not in parts.currencies:
            parts.currencies[code] = CurrencyRecord(code, item.where, label, enabled)


def read_channels(items: list[Item], parts: Parts, report: Report) -> None:
    for item in items:
        f = _Fields(item, report)
        code = f.code("code", "channel")
        tree = f.text("category_tree", required=True)
        locales = f.codes("locales")
        currencies = f.codes("currencies")
        labels = f.labels()
        units = f.mapping("conversion_units")
        if not f.ok:
            continue
        if code in parts.channels:
            _duplicate(report, item, "channel", code, parts.channels[code].where)
            continue
        for locale in locales:
            parts.locales_seen.setdefault(locale, item.where)
        parts.channels[code] = ChannelRecord(
            code, item.where, tree, item.where, locales, currencies, labels,
            {attribute: unit for attribute, unit in units.items() if isinstance(unit, str)},
        )


def read_attribute_groups(items: list[Item], parts: Parts, report: Report) -> None:
    for item in items:
        f = _Fields(item, report)
        code = f.code("code", "attribute group")
        attributes = f.codes("attributes")
        labels = f.labels()
        order = item.data.get("sort_order", 0)
        if not f.ok:
            continue
        if code in parts.attribute_groups:
            _duplicate(report, item, "attribute group", code, parts.attribute_groups[code].where)
            continue
        _note_locales(parts, labels, item.where)
        parts.attribute_groups[code] = GroupRecord(
            code, item.where, labels, attributes, order if isinstance(order, int) and not isinstance(order, bool) else 0,
        )


_PROPERTY_FIELDS: Final = (
    "metric_family", "default_metric_unit", "reference_data_name", "decimals_allowed", "negative_allowed",
    "available_locales", "max_characters", "allowed_extensions", "unique", "sort_order",
)


def read_attributes(items: list[Item], parts: Parts, report: Report) -> None:
    for item in items:
        f = _Fields(item, report)
        code = f.code("code", "attribute")
        kind = f.text("type", required=True)
        group = f.text("group")
        localizable = f.flag("localizable")
        scopable = f.flag("scopable")
        labels = f.labels()
        if not f.ok:
            continue
        if code in parts.attributes and not parts.attributes[code].derived:
            _duplicate(report, item, "attribute", code, parts.attributes[code].where)
            continue
        properties: dict[str, object] = {}
        for name in _PROPERTY_FIELDS:
            value = item.data.get(name)
            if value is None or value == [] or value == "":
                continue
            properties[name] = tuple(value) if isinstance(value, list) else value
        group_labels = item.data.get("group_labels")
        if group and group not in parts.attribute_groups and isinstance(group_labels, dict):
            # An attribute page names its group's labels: enough to know the group.
            parts.attribute_groups[group] = GroupRecord(
                group, item.where, {k: v for k, v in group_labels.items() if isinstance(v, str) and v},
            )
        _note_locales(parts, labels, item.where)
        parts.attributes[code] = AttributeRecord(
            code, item.where, kind, group, item.where if group else None, localizable, scopable, labels, properties,
        )


def read_attribute_options(items: list[Item], parts: Parts, report: Report) -> None:
    for item in items:
        f = _Fields(item, report)
        code = f.code("code", "option")
        attribute = f.code("attribute", "attribute")
        labels = f.labels()
        if f.ok and (attribute, code) not in parts.options:
            parts.options[(attribute, code)] = OptionRecord(attribute, code, item.where, labels)
            parts.attributes_with_options.add(attribute)


def read_families(items: list[Item], parts: Parts, report: Report) -> None:
    for item in items:
        f = _Fields(item, report)
        code = f.code("code", "family")
        attributes = f.codes("attributes")
        as_label = f.text("attribute_as_label")
        as_image = f.text("attribute_as_image")
        labels = f.labels()
        raw = f.mapping("attribute_requirements")
        requirements: dict[str, tuple[str, ...]] = {}
        for channel, codes in raw.items():
            if isinstance(codes, list) and all(isinstance(c, str) for c in codes):
                requirements[channel] = tuple(codes)
            else:
                f.fail(f"attribute_requirements.{channel}", "expected a list of attribute codes")
        if not f.ok:
            continue
        if code in parts.families:
            _duplicate(report, item, "family", code, parts.families[code].where)
            continue
        _note_locales(parts, labels, item.where)
        parts.families[code] = FamilyRecord(code, item.where, labels, attributes, as_label or None, as_image or None,
                                            requirements)


def read_association_types(items: list[Item], parts: Parts, report: Report) -> None:
    for item in items:
        f = _Fields(item, report)
        code = f.code("code", "association type")
        labels = f.labels()
        quantified = f.flag("is_quantified")
        two_way = f.flag("is_two_way")
        if f.ok and code not in parts.association_types:
            parts.association_types[code] = AssociationTypeRecord(code, item.where, labels, quantified, two_way)


def _values(f: _Fields, parts: Parts) -> tuple[Value, ...]:
    raw = f.mapping("values")
    values: list[Value] = []
    for attribute, entries in raw.items():
        if not isinstance(entries, list):
            f.fail(f"values.{attribute}", "expected a list of {locale, scope, data}")
            return ()
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or "data" not in entry:
                f.fail(f"values.{attribute}[{index}]", "expected {locale, scope, data}")
                return ()
            locale, scope, data = entry.get("locale"), entry.get("scope"), entry["data"]
            if not (locale is None or isinstance(locale, str)) or not (scope is None or isinstance(scope, str)):
                f.fail(f"values.{attribute}[{index}]", "locale and scope are codes or null")
                return ()
            if data is None or data == "" or data == []:
                continue
            record = parts.attributes.get(attribute)
            if record is None:
                given = entry.get("attribute_type")
                record = parts.attributes[attribute] = AttributeRecord(
                    attribute, f.item.where, given if isinstance(given, str) and given in ATTRIBUTE_TYPES else TEXT,
                    localizable=locale is not None, scopable=scope is not None, derived=True,
                )
            elif record.derived:
                record.localizable = record.localizable or locale is not None
                record.scopable = record.scopable or scope is not None
            if locale is not None:
                parts.locales_seen.setdefault(locale, f.item.where)
            if scope is not None:
                parts.scopes_seen.setdefault(scope, f.item.where)
            parts.places_seen.setdefault((attribute, locale, scope), f.item.where)
            try:
                checked = value_data.check(record, data, parts)
            except value_data.BadValue as bad:
                tally = parts.bad_values.setdefault((f.item.where[0], attribute), [0, f.item.where, str(bad)])
                tally[0] = int(str(tally[0])) + 1
                continue
            values.append(make_value(attribute=attribute, locale=locale, data=checked, scope=scope))
    return tuple(values)


def _associations(
    f: _Fields, parts: Parts, owner_kind: str, owner: str, by_uuid: bool,
) -> tuple[Association, ...]:
    raw = f.mapping("associations")
    associations: list[Association] = []
    for type_code, links in raw.items():
        if not isinstance(links, dict):
            f.fail(f"associations.{type_code}", "expected {products, product_models, groups}")
            return ()
        products = links.get("products", [])
        models = links.get("product_models", [])
        if not isinstance(products, list) or not isinstance(models, list) or not all(
            isinstance(code, str) for code in [*products, *models]
        ):
            f.fail(f"associations.{type_code}", "expected lists of codes")
            return ()
        for code in products:
            parts.associations.append(
                (owner_kind, owner, type_code, "product_uuids" if by_uuid else "products", code, f.item.where)
            )
        for code in models:
            parts.associations.append((owner_kind, owner, type_code, "product_models", code, f.item.where))
        if products or models:
            associations.append(Association(type_code, () if by_uuid else tuple(products), tuple(models)))
    return tuple(associations)


def _identifier_attribute(parts: Parts) -> str:
    for code, record in parts.attributes.items():
        if record.type == "pim_catalog_identifier":
            return code
    return "sku"


def read_products(items: list[Item], parts: Parts, report: Report) -> None:
    identifier_attribute = _identifier_attribute(parts)
    for item in items:
        f = _Fields(item, report)
        data = item.data
        uuid = f.text("uuid")
        identifier = f.text("identifier")
        if not identifier and uuid:
            identifier = _identifier_value(data, identifier_attribute) or ""
            if not identifier:
                identifier = uuid
                file, line, column = item.where
                report.warning(file, f"{item.path}: the product has no identifier: it is named by its uuid",
                               line, column)
        if not identifier and f.ok:
            f.fail("identifier", "missing (and no uuid)")
        problem = identifier_problem(identifier) if f.ok else None
        if problem is not None:
            f.fail("identifier", problem)
        family = f.text("family")
        parent = f.text("parent")
        categories = f.codes("categories")
        groups = f.codes("groups")
        enabled = f.flag("enabled", True)
        values = _values(f, parts) if f.ok else ()
        if identifier_attribute and values:
            values = tuple(v for v in values if v.attribute != identifier_attribute)
        associations = _associations(f, parts, "product", identifier, bool(uuid) and "identifier" not in data) \
            if f.ok else ()
        if not f.ok:
            continue
        if identifier in parts.product_ids:
            _duplicate(report, item, "product", identifier, parts.where_of(identifier))
            continue
        if uuid:
            parts.product_uuids[uuid] = identifier
        where = item.where
        if categories:
            _seen(parts.category_lists, categories, where)
        if family:
            _seen(parts.families_used, family, where)
        if parent:
            _seen(parts.parents_used, parent, where)
        parts.add_product(make_product(
            identifier=identifier, parent=parent or None, family=family, enabled=enabled,
            categories=categories, values=values, groups=groups, associations=associations,
        ), where[0], where[1])


def _identifier_value(data: Mapping[str, object], attribute: str) -> str | None:
    values = data.get("values")
    if not isinstance(values, dict):
        return None
    entries = values.get(attribute)
    if isinstance(entries, list) and entries and isinstance(entries[0], dict):
        value = entries[0].get("data")
        return value if isinstance(value, str) else None
    return None


def _seen(table: dict, key: object, where: Where) -> None:  # type: ignore[type-arg]
    seen = table.get(key)
    if seen is None:
        seen = table[key] = Seen(where)
    seen.count += 1


def read_product_models(items: list[Item], parts: Parts, report: Report) -> None:
    for item in items:
        f = _Fields(item, report)
        code = f.code("code", "product model")
        parent = f.text("parent")
        family = f.text("family")
        variant = f.text("family_variant")
        categories = f.codes("categories")
        values = _values(f, parts) if f.ok else ()
        associations = _associations(f, parts, "product_model", code, False) if f.ok else ()
        if not f.ok:
            continue
        if code in parts.models:
            _duplicate(report, item, "product model", code, parts.models[code].where)
            continue
        parts.models[code] = ModelRecord(
            code, item.where, parent or None, item.where if parent else None, family, variant,
            categories, item.where if categories else None, values,
            {a.type: {"products": a.products, "product_models": a.product_models} for a in associations},
        )


def read_measurement_families(items: list[Item], parts: Parts, report: Report) -> None:
    """``GET /api/rest/v1/measurement-families``: ``code``, ``standard_unit_code``,
    ``units`` (an object by unit code), ``labels``."""
    for item in items:
        f = _Fields(item, report)
        code = f.code("code", "measurement family")
        standard = f.code("standard_unit_code", "unit")
        units = f.mapping("units")
        labels = f.labels()
        if f.ok and standard not in units:
            f.fail("standard_unit_code", f"{quote(standard)} is not one of its units")
        if f.ok and code not in parts.measurement_families:
            parts.measurement_families[code] = MeasurementFamilyRecord(
                code, item.where, standard, tuple(unit for unit in units if is_code(unit)), labels,
            )


READERS: Final[Mapping[str, Callable[[list[Item], Parts, Report], None]]] = {
    "measurement_families": read_measurement_families,
    "categories": read_categories,
    "locales": read_locales,
    "currencies": read_currencies,
    "channels": read_channels,
    "attribute_groups": read_attribute_groups,
    "attributes": read_attributes,
    "attribute_options": read_attribute_options,
    "families": read_families,
    "association_types": read_association_types,
    "products": read_products,
    "product_models": read_product_models,
}


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    return "an object"


def iterate(items: list[Item], size: int) -> Iterator[list[Item]]:
    """The items in batches of ``size``: the import yields between batches."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
