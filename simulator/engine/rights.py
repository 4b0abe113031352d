"""The EE permission rules on products: pure functions of a catalog and a grant.

Reference §4: a product's level is the most permissive level of its categories, the
categories of its parent and grand-parent models included; an unclassified product is
owned by everyone. A value is visible only if its locale (for a localizable attribute),
the product and its attribute group are all viewable, checked in that order.

The engine asks these rules for every product of a list, so :class:`Rights` computes a
grant's levels once (per root tree, locale and attribute group) and answers each
product with a few dictionary lookups.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Iterable

from simulator.model import (
    Attribute,
    Axis,
    Catalog,
    Edition,
    Grant,
    Level,
    Permissions,
    Product,
    ProductModel,
)

Entity = Product | ProductModel


def effective_permissions(grant: Grant) -> Permissions:
    """What the rules apply: CE has no permissions (scopes alone limit the App) and a GE
    App's user group gets every permission, so both amount to everything."""
    if grant.edition is Edition.EE:
        return grant.permissions
    return _EVERYTHING


_EVERYTHING = Permissions.everything()
_NO_LEVEL, _OWN = Level.NONE, Level.OWN  # read per request: see simulator.engine.context on enum members


class ValueAccess(enum.Enum):
    HIDDEN = "hidden"
    READ_ONLY = "read-only"
    EDITABLE = "editable"
    THROUGH_DRAFT = "editable through a draft"


@dataclass(frozen=True)
class ValueRight:
    """What the App may do with one value, and the axis that decided it."""

    access: ValueAccess
    decided_by: Axis


class _Levels(dict[str, Level]):
    """Levels by code; a code the catalog does not know has none."""

    def __missing__(self, code: str) -> Level:
        return Level.NONE


class Rights:
    """One set of permissions applied to one catalog, with its lookups precomputed."""

    def __init__(self, catalog: Catalog, permissions: Permissions) -> None:
        self.catalog = catalog
        self.permissions = permissions
        categories = permissions.categories
        tree_level = {tree.code: categories.level_of(tree.code) for tree in catalog.trees}
        self._category_level = _Levels(
            (code, tree_level.get(root, Level.NONE)) for code, root in catalog.root_by_category.items()
        )
        self._locale_level: dict[str, Level] = {}
        self._group_level: dict[str, Level] = {}
        self._visible_values: dict[tuple[str, str | None, str | None], bool] = {}
        self._hidden_by: dict[tuple[str, str | None, str | None], tuple[str | None, str | None]] = {}

    def category_level(self, category: str) -> Level:
        """The level on a category: its root tree's level (unknown categories: none)."""
        return self._category_level.get(category, Level.NONE)

    def hidden_categories(self, categories: Iterable[str]) -> tuple[str, ...]:
        """The categories, in their order, that are in a tree the App may not see."""
        levels = self._category_level
        return tuple(code for code in categories if levels[code] is _NO_LEVEL)

    def level_of_categories(self, categories: Iterable[str]) -> Level:
        """The most permissive level among ``categories``; none at all means Own."""
        return max(map(self._category_level.__getitem__, categories), default=_OWN)

    def product_level(self, entity: Entity) -> Level:
        return self.level_of_categories(self.catalog.categories_of(entity))

    def locale_level(self, locale: str) -> Level:
        level = self._locale_level.get(locale)
        if level is None:
            level = self._locale_level[locale] = locale_level(self.permissions, locale)
        return level

    def attribute_group_level(self, group: str) -> Level:
        level = self._group_level.get(group)
        if level is None:
            level = self._group_level[group] = attribute_group_level(self.permissions, group)
        return level

    def value_access(self, product_level: Level, attribute: Attribute, locale: str | None) -> ValueRight:
        """Visibility first (locale, category, attribute group), then editability in
        the same order; Edit without Own on the product means a draft."""
        locale_level = self.locale_level(locale) if attribute.localizable and locale else Level.EDIT
        group_level = self.attribute_group_level(attribute.group)
        if locale_level is Level.NONE:
            return ValueRight(ValueAccess.HIDDEN, Axis.LOCALE)
        if product_level is Level.NONE:
            return ValueRight(ValueAccess.HIDDEN, Axis.CATEGORY)
        if group_level is Level.NONE:
            return ValueRight(ValueAccess.HIDDEN, Axis.ATTRIBUTE_GROUP)
        if locale_level is Level.VIEW:
            return ValueRight(ValueAccess.READ_ONLY, Axis.LOCALE)
        if product_level is Level.VIEW:
            return ValueRight(ValueAccess.READ_ONLY, Axis.CATEGORY)
        if group_level is Level.VIEW:
            return ValueRight(ValueAccess.READ_ONLY, Axis.ATTRIBUTE_GROUP)
        if product_level is Level.EDIT:
            return ValueRight(ValueAccess.THROUGH_DRAFT, Axis.CATEGORY)
        return ValueRight(ValueAccess.EDITABLE, Axis.CATEGORY)

    def value_visible(self, product_level: Level, attribute: Attribute, locale: str | None) -> bool:
        """The fast path of :meth:`value_access` for reads."""
        if product_level is Level.NONE:
            return False
        if attribute.localizable and locale and self.locale_level(locale) is Level.NONE:
            return False
        return self.attribute_group_level(attribute.group) is not Level.NONE

    def visible_in_response(self, key: tuple[str, str | None, str | None]) -> bool:
        """Whether a stored value (attribute code, locale) shows on a product the App
        may see; a value of an attribute the catalog does not know never shows.
        Remembered per value key: a response asks it for every value of the product."""
        visible = self._visible_values.get(key)
        if visible is None:
            attribute = self.catalog.attribute_by_code.get(key[0])
            visible = attribute is not None and self.value_visible(Level.VIEW, attribute, key[1])
            self._visible_values[key] = visible
        return visible

    def hidden_by(self, key: tuple[str, str | None, str | None]) -> tuple[str | None, str | None]:
        """The hidden locale and the hidden attribute group (None where not hidden)
        that leave a stored value out of a response, to name them in the explanation."""
        reasons = self._hidden_by.get(key)
        if reasons is None:
            code, locale, _ = key
            attribute = self.catalog.attribute_by_code.get(code)
            reasons = (
                locale if locale and self.locale_level(locale) is Level.NONE else None,
                attribute.group
                if attribute is not None and self.attribute_group_level(attribute.group) is Level.NONE
                else None,
            )
            self._hidden_by[key] = reasons
        return reasons


def product_level(catalog: Catalog, permissions: Permissions, product: Entity) -> Level:
    """The App's level on a product or product model (most permissive category wins)."""
    return Rights(catalog, permissions).product_level(product)


def locale_level(permissions: Permissions, locale: str) -> Level:
    """Edit at most: locales have no Own level (an All grant may say Own)."""
    return min(permissions.locales.level_of(locale), Level.EDIT)


def attribute_group_level(permissions: Permissions, group: str) -> Level:
    """Edit at most: attribute groups have no Own level."""
    return min(permissions.attribute_groups.level_of(group), Level.EDIT)


def value_access(
    catalog: Catalog, permissions: Permissions, product: Entity, attribute: Attribute, locale: str | None
) -> ValueRight:
    """What the App may do with ``product``'s value of ``attribute`` in ``locale``."""
    rights = Rights(catalog, permissions)
    return rights.value_access(rights.product_level(product), attribute, locale)
