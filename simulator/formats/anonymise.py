"""A catalog with every code and label replaced by neutral ones, its structure kept.

A customer can then send their setup without their data: trees become ``tree_1``,
``tree_2``, their categories ``category_1_1``, ``category_1_2`` (tree, then rank in
the tree), products ``product_1`` … in catalog order, and so on for attribute groups,
attributes, options, families, channels, product models, product groups and the
association types the PIM does not ship. Labels become the neutral name in words
("Category 1.2"), in the locales the label had; a text value becomes ``text_N``, the
same text always the same ``text_N`` (so two equal values stay equal); product uuids
are dropped (stable ones are derived from the new identifiers).

What is not the customer's is kept: locale and currency codes, measurement families
and their units, the PIM's own association types, numbers, dates, yes/no values, and
the attribute types and flags. Everything the rules read is kept in shape (which
category is in which tree, which product in which categories, which attribute in
which group), so the App's answers are the same, codes aside: the :class:`Renaming`
maps every old code to its new one, to rename a scenario's grants and requests the
same way (:mod:`simulator.scenarios.anonymise`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Final, Mapping

from simulator.formats.makers import maker
from simulator.model import (
    FILE,
    IDENTIFIER,
    IMAGE,
    TEXT,
    TEXTAREA,
    MULTI_SELECT,
    REFERENCE_DATA_MULTI_SELECT,
    REFERENCE_DATA_SIMPLE_SELECT,
    REFERENCE_ENTITY,
    REFERENCE_ENTITY_COLLECTION,
    ASSET_COLLECTION,
    SIMPLE_SELECT,
    Association,
    AssociationType,
    Attribute,
    AttributeGroup,
    AttributeOption,
    Catalog,
    Category,
    Channel,
    Family,
    Labels,
    Product,
    ProductModel,
    Value,
)

PIM_ASSOCIATION_TYPES: Final = frozenset({"X_SELL", "UPSELL", "SUBSTITUTION", "PACK"})
"""The association types every PIM is installed with: not the customer's words."""
KEPT_GROUPS: Final = frozenset({"other"})
"""The PIM's default attribute group."""

ANONYMISED_CODE: Final = "anonymised"

_make_product = maker(Product)
_make_value = maker(Value)
_WORDS: Final = frozenset({IDENTIFIER, TEXT, TEXTAREA, IMAGE, FILE, REFERENCE_DATA_SIMPLE_SELECT, REFERENCE_ENTITY})
"""Types whose string data is the customer's words (file paths included)."""
_CODE_LISTS: Final = frozenset({REFERENCE_DATA_MULTI_SELECT, REFERENCE_ENTITY_COLLECTION, ASSET_COLLECTION})


@dataclass(frozen=True)
class Renaming:
    """Old code → new code, by kind; a code not listed keeps its name."""

    categories: Mapping[str, str] = field(default_factory=dict)
    attribute_groups: Mapping[str, str] = field(default_factory=dict)
    attributes: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[tuple[str, str], str] = field(default_factory=dict)
    families: Mapping[str, str] = field(default_factory=dict)
    channels: Mapping[str, str] = field(default_factory=dict)
    product_models: Mapping[str, str] = field(default_factory=dict)
    products: Mapping[str, str] = field(default_factory=dict)
    association_types: Mapping[str, str] = field(default_factory=dict)
    product_groups: Mapping[str, str] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict)
    """Text values (and reference codes) → ``text_N``."""


def _numbered(codes: list[str], prefix: str) -> dict[str, str]:
    return {code: f"{prefix}_{index}" for index, code in enumerate(codes, 1)}


def _words(code: str) -> str:
    """``category_1_2`` → "Category 1.2": the neutral label of a neutral code."""
    head, *numbers = code.split("_")
    if head == "attribute" and numbers and numbers[0] == "group":
        head, numbers = "Attribute group", numbers[1:]
    elif head == "product" and numbers and numbers[0] == "group":
        head, numbers = "Product group", numbers[1:]
    return f"{head[:1].upper()}{head[1:]} {'.'.join(numbers)}".strip()


def _labels(labels: Labels, code: str) -> dict[str, str]:
    return {locale: _words(code) for locale in labels}


def anonymise(catalog: Catalog) -> tuple[Catalog, Renaming]:
    """The neutral catalog and how each code was renamed."""
    # Categories: trees in order, then each category numbered in its tree, in order.
    trees = {tree.code: f"tree_{index}" for index, tree in enumerate(catalog.trees, 1)}
    rank: dict[str, int] = {}
    categories: dict[str, str] = {}
    for category in catalog.categories:
        root = catalog.root_by_category[category.code]
        if category.parent is None:
            categories[category.code] = trees[category.code]
            continue
        rank[root] = rank.get(root, 0) + 1
        categories[category.code] = f"category_{trees[root][5:]}_{rank[root]}"
    groups = {g.code: g.code if g.code in KEPT_GROUPS else f"attribute_group_{i}"
              for i, g in enumerate(catalog.attribute_groups, 1)}
    attributes: dict[str, str] = {}
    number = 0
    for attribute in catalog.attributes:
        if attribute.type == IDENTIFIER:
            attributes[attribute.code] = "sku"
        else:
            number += 1
            attributes[attribute.code] = f"attribute_{number}"
    options = {
        (a.code, o.code): f"option_{i}" for a in catalog.attributes for i, o in enumerate(a.options, 1)
    }
    entities: tuple[Product | ProductModel, ...] = (*catalog.product_models, *catalog.products)
    families = _numbered([f.code for f in catalog.families] or
                         list(dict.fromkeys(e.family for e in entities if e.family)), "family")
    channels = _numbered([c.code for c in catalog.channels], "channel")
    models = _numbered([m.code for m in catalog.product_models], "model")
    products = {p.identifier: f"product_{i}" for i, p in enumerate(catalog.products, 1)}
    used_types = [t.code for t in catalog.association_types] or list(dict.fromkeys(
        a.type for e in entities for a in e.associations))
    custom_types = [t for t in used_types if t not in PIM_ASSOCIATION_TYPES]
    types = {**{t: t for t in used_types if t in PIM_ASSOCIATION_TYPES}, **_numbered(custom_types, "association")}
    product_groups = _numbered(list(dict.fromkeys(g for p in catalog.products for g in p.groups)), "product_group")
    renaming = Renaming(categories, groups, attributes, options, families, channels, models, products, types,
                        product_groups, {})
    renamer = Renamer(catalog, renaming)
    neutral = renamer.catalog()
    return neutral, replace(renaming, texts=dict(renamer.texts))


class Renamer:
    """Renames the parts of a catalog; also what a scenario's requests carry (the same
    text always the same ``text_N``, continuing the renaming's texts)."""

    def __init__(self, catalog: Catalog, renaming: Renaming) -> None:
        self.source = catalog
        self.renaming = renaming
        self.texts: dict[str, str] = dict(renaming.texts)
        self.attribute_types = {a.code: a.type for a in catalog.attributes}
        self.category_lists: dict[tuple[str, ...], tuple[str, ...]] = {}

    def catalog(self) -> Catalog:
        source, r = self.source, self.renaming
        categories = tuple(
            Category(r.categories[c.code], r.categories[c.parent] if c.parent else None,
                     _labels(c.labels, r.categories[c.code]))
            for c in source.categories
        )
        groups = tuple(AttributeGroup(r.attribute_groups[g.code], _labels(g.labels, r.attribute_groups[g.code]))
                       for g in source.attribute_groups)
        attributes = tuple(self._attribute(a) for a in source.attributes)
        channels = tuple(
            replace(c, code=r.channels[c.code], category_tree=r.categories[c.category_tree],
                    labels=_labels(c.labels, r.channels[c.code]),
                    conversion_units={r.attributes.get(a, a): unit for a, unit in c.conversion_units.items()})
            for c in source.channels
        )
        families = tuple(
            Family(r.families[f.code], tuple(r.attributes[a] for a in f.attributes),
                   r.attributes[f.attribute_as_label] if f.attribute_as_label else None,
                   r.attributes[f.attribute_as_image] if f.attribute_as_image else None,
                   {r.channels[ch]: tuple(r.attributes[a] for a in codes)
                    for ch, codes in f.attribute_requirements.items()},
                   _labels(f.labels, r.families[f.code]))
            for f in source.families
        )
        types = tuple(
            AssociationType(r.association_types[t.code], _labels(t.labels, r.association_types[t.code]),
                            t.is_quantified, t.is_two_way)
            for t in source.association_types
        )
        models = tuple(
            replace(m, code=r.product_models[m.code],
                    parent=r.product_models[m.parent] if m.parent else None,
                    family=r.families.get(m.family, m.family),
                    family_variant=f"variant_of_{r.families[m.family]}" if m.family_variant and m.family else "",
                    categories=self._categories(m.categories), values=self._values(m.values),
                    associations=self._associations(m.associations))
            for m in source.product_models
        )
        identifier = source.identifier_attribute
        products = tuple(self._product(p, identifier.code if identifier else None) for p in source.products)
        return replace(
            source, code=ANONYMISED_CODE, label="Anonymised catalog", categories=categories,
            attribute_groups=groups, attributes=attributes, channels=channels, families=families,
            association_types=types, product_models=models, products=products,
        )

    def _attribute(self, attribute: Attribute) -> Attribute:
        r = self.renaming
        code = r.attributes[attribute.code]
        return replace(
            attribute, code=code, group=r.attribute_groups[attribute.group], labels=_labels(attribute.labels, code),
            options=tuple(AttributeOption(r.options[(attribute.code, o.code)],
                                          _labels(o.labels, r.options[(attribute.code, o.code)]))
                          for o in attribute.options),
            reference_data_name=f"reference_data_{code}" if attribute.reference_data_name else None,
        )

    def _categories(self, codes: tuple[str, ...]) -> tuple[str, ...]:
        """Renamed once per distinct list: products share a few thousand lists."""
        found = self.category_lists.get(codes)
        if found is None:
            found = self.category_lists[codes] = tuple(self.renaming.categories[c] for c in codes)
        return found

    def text(self, text: str) -> str:
        found = self.texts.get(text)
        if found is None:
            found = self.texts[text] = f"text_{len(self.texts) + 1}"
        return found

    def data(self, attribute: str, data: object) -> object:
        kind = self.attribute_types.get(attribute)
        r = self.renaming
        if kind == SIMPLE_SELECT and isinstance(data, str):
            return r.options.get((attribute, data), data)
        if kind == MULTI_SELECT and isinstance(data, list):
            return sorted(r.options.get((attribute, code), code) for code in data)
        if kind in _CODE_LISTS and isinstance(data, list):
            return [self.text(code) for code in data]
        if kind in _WORDS and isinstance(data, str):
            return self.text(data)
        return data  # numbers, dates, yes/no, prices and metrics: not the customer's words

    def _values(self, values: tuple[Value, ...], identifier: str | None = None, new_identifier: str = "") -> tuple[Value, ...]:
        if not values:
            return values
        r = self.renaming
        made = []
        for value in values:
            if value.attribute == identifier:
                data: object = new_identifier
            else:
                data = self.data(value.attribute, value.data)
            made.append(_make_value(
                attribute=r.attributes.get(value.attribute, value.attribute), locale=value.locale, data=data,
                scope=r.channels.get(value.scope, value.scope) if value.scope else None,
            ))
        return tuple(made)

    def _associations(self, associations: tuple[Association, ...]) -> tuple[Association, ...]:
        r = self.renaming
        return tuple(
            Association(r.association_types.get(a.type, a.type), tuple(r.products.get(p, p) for p in a.products),
                        tuple(r.product_models.get(m, m) for m in a.product_models))
            for a in associations
        )

    def _product(self, product: Product, identifier_attribute: str | None) -> Product:
        r = self.renaming
        new = r.products[product.identifier]
        return _make_product(
            identifier=new,
            parent=r.product_models[product.parent] if product.parent else None,
            family=r.families.get(product.family, product.family) if product.family else "",
            enabled=product.enabled,
            categories=self._categories(product.categories),
            values=self._values(product.values, identifier_attribute, new),
            labels=_labels(product.labels, new) if product.labels else product.labels,
            groups=tuple(r.product_groups[g] for g in product.groups) if product.groups else (),
            associations=self._associations(product.associations) if product.associations else (),
            uuid="",
        )

