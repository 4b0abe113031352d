"""The catalog an App works on: locales, attribute groups, category trees, products.

Immutable value objects; the rules read them, never change them. Loading a catalog
from JSON and validating it lives in :mod:`simulator.formats.catalog_file`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping

Labels = Mapping[str, str]
"""Labels per locale code, e.g. ``{"en_US": "Hat", "fr_FR": "Chapeau"}``."""


@dataclass(frozen=True)
class Locale:
    code: str
    label: str = ""


@dataclass(frozen=True)
class AttributeGroup:
    code: str
    labels: Labels = field(default_factory=dict)


@dataclass(frozen=True)
class Attribute:
    code: str
    group: str
    localizable: bool = False
    labels: Labels = field(default_factory=dict)


@dataclass(frozen=True)
class Category:
    """A node of a category tree; a category without parent is the root of a tree."""

    code: str
    parent: str | None = None
    labels: Labels = field(default_factory=dict)


@dataclass(frozen=True)
class Value:
    """One product value: an attribute, in a locale when the attribute is localizable."""

    attribute: str
    locale: str | None
    data: str


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


@dataclass(frozen=True)
class Product:
    """A product; a variant has a parent product model and inherits its categories."""

    identifier: str
    parent: str | None = None
    family: str = ""
    enabled: bool = True
    categories: tuple[str, ...] = ()
    values: tuple[Value, ...] = ()
    labels: Labels = field(default_factory=dict)
    groups: tuple[str, ...] = ()
    associations: tuple[Association, ...] = ()


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
    products: tuple[Product, ...] = ()

    @cached_property
    def category_by_code(self) -> Mapping[str, Category]:
        return {c.code: c for c in self.categories}

    @cached_property
    def attribute_by_code(self) -> Mapping[str, Attribute]:
        return {a.code: a for a in self.attributes}

    @cached_property
    def product_by_identifier(self) -> Mapping[str, Product]:
        return {p.identifier: p for p in self.products}

    @cached_property
    def product_model_by_code(self) -> Mapping[str, ProductModel]:
        return {m.code: m for m in self.product_models}

    @cached_property
    def locale_codes(self) -> tuple[str, ...]:
        return tuple(locale.code for locale in self.locales)

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
