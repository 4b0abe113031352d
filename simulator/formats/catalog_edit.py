"""Editing a catalog in the page: add, rename, move and delete trees and categories,
locales, channels, attribute groups and attributes, families, product models and
products.

An edit is a name and its form's fields (texts, as the page sends them), and gives a
new catalog — the catalog is immutable — with what it renamed or removed, so that the
scenario's grants follow (a tree renamed keeps its grant). A rename follows every
reference: a category's children and products, a channel's tree, an attribute's
values and families. A delete says what it takes with it, as the PIM does: a category
its whole branch (its products stay, without it), an attribute group the attributes
in it; a tree a channel publishes, a group, family or model still used, are refused
with the reason.

The edited catalog is then read back through the catalog format's own reader
(:func:`simulator.formats.catalog_file.catalog_from_dict`) while it is small, so an
edit can never make a catalog the simulator could not write and read back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import AbstractSet, Callable, Final, Mapping, TypeVar

from simulator.formats.catalog_file import CatalogError, catalog_from_dict, catalog_to_dict
from simulator.formats.codes import identifier_problem, is_code, is_locale, split_list
from simulator.formats.problems import quote
from simulator.model import (
    ATTRIBUTE_TYPES,
    IDENTIFIER,
    METRIC,
    Association,
    Attribute,
    AttributeGroup,
    Catalog,
    Category,
    Channel,
    Family,
    Locale,
    Product,
    ProductModel,
    Value,
)

CHECKED_UP_TO: Final = 5_000
"""Products up to which an edited catalog is read back whole by the catalog reader."""

Fields = Mapping[str, str]


class EditError(ValueError):
    """An edit that cannot be made; the message says why, for the reader."""


@dataclass(frozen=True)
class Renamed:
    """What an edit did to a code the scenario may name (its grants, its requests)."""

    kind: str
    """``tree``, ``locale``, ``attribute_group`` or ``product``."""
    old: str
    new: str | None
    """None when removed."""


@dataclass(frozen=True)
class Edited:
    catalog: Catalog
    renamed: tuple[Renamed, ...] = ()
    said: str = ""
    """What the edit did, in words: the undo history's label."""


def edit_catalog(catalog: Catalog, edit: str, fields: Fields) -> Edited:
    handler = EDITS.get(edit)
    if handler is None:
        raise EditError(f"unknown edit {edit!r}; edits: {', '.join(sorted(EDITS))}")
    done = handler(catalog, _Form(fields))
    if len(done.catalog.products) <= CHECKED_UP_TO:
        try:
            catalog_from_dict(catalog_to_dict(done.catalog))
        except CatalogError as error:
            raise EditError(f"the catalog would not be valid: {error}") from None
    return done


class _Form:
    def __init__(self, fields: Fields) -> None:
        self.fields = fields

    def text(self, name: str, required: bool = True) -> str:
        value = self.fields.get(name, "").strip()
        if required and not value:
            raise EditError(f"{name.replace('_', ' ')}: required")
        return value

    def code(self, name: str, what: str) -> str:
        value = self.text(name)
        if not is_code(value):
            raise EditError(f"{quote(value)} is not a {what} code: letters, digits and _ only")
        return value

    def flag(self, name: str) -> bool:
        return self.fields.get(name, "") in ("on", "true", "1", "yes")

    def codes(self, name: str) -> tuple[str, ...]:
        return tuple(split_list(self.fields.get(name, "")))


def _labels(catalog: Catalog, label: str) -> dict[str, str]:
    """A label typed in the editor, in the catalog's first locale."""
    if not label:
        return {}
    return {catalog.locale_codes[0] if catalog.locale_codes else "en_US": label}


def _known(found: bool, what: str, code: str) -> None:
    if not found:
        raise EditError(f"there is no {what} {quote(code)}")


def _free(taken: bool, what: str, code: str) -> None:
    if taken:
        raise EditError(f"{what} {quote(code)} exists already")


# Categories and trees.


def _category_add(catalog: Catalog, form: _Form) -> Edited:
    code = form.code("code", "category")
    _free(code in catalog.category_by_code, "a category", code)
    parent = form.text("parent", required=False) or None
    if parent is not None:
        _known(parent in catalog.category_by_code, "category", parent)
    added = Category(code, parent, _labels(catalog, form.text("label", required=False)))
    what = f"add the category {code}" if parent else f"add the tree {code}"
    return Edited(replace(catalog, categories=(*catalog.categories, added)), (), what)


def _category_rename(catalog: Catalog, form: _Form) -> Edited:
    old = form.text("code")
    _known(old in catalog.category_by_code, "category", old)
    new = form.code("new_code", "category")
    _free(new in catalog.category_by_code and new != old, "a category", new)
    label = form.text("label", required=False)
    def rename(code: str) -> str:
        return new if code == old else code
    categories = tuple(
        Category(rename(c.code), rename(c.parent) if c.parent else None,
                 _labels(catalog, label) if c.code == old and label else c.labels)
        for c in catalog.categories
    )
    is_tree = catalog.category_by_code[old].parent is None
    edited = _with_categories(catalog, categories, rename)
    renamed = (Renamed("tree", old, new),) if is_tree else ()
    return Edited(edited, renamed, f"rename {old} to {new}")


def _category_move(catalog: Catalog, form: _Form) -> Edited:
    code = form.text("code")
    _known(code in catalog.category_by_code, "category", code)
    parent = form.text("parent", required=False) or None
    if parent is not None:
        _known(parent in catalog.category_by_code, "category", parent)
        node: str | None = parent
        while node is not None:  # a category cannot go under itself
            if node == code:
                raise EditError(f"{quote(parent)} is below {quote(code)}: a category cannot go into its own branch")
            node = catalog.category_by_code[node].parent
    was_tree = catalog.category_by_code[code].parent is None
    if was_tree and parent is not None:
        users = [c.code for c in catalog.channels if c.category_tree == code]
        if users:
            raise EditError(f"the channel {quote(users[0])} publishes the tree {quote(code)}: it stays a tree")
    categories = tuple(replace(c, parent=parent) if c.code == code else c for c in catalog.categories)
    renamed: tuple[Renamed, ...] = ()
    if was_tree and parent is not None:
        renamed = (Renamed("tree", code, None),)
    return Edited(replace(catalog, categories=categories), renamed,
                  f"move {code} under {parent}" if parent else f"make {code} a tree")


def _category_delete(catalog: Catalog, form: _Form) -> Edited:
    code = form.text("code")
    _known(code in catalog.category_by_code, "category", code)
    branch = catalog.descendants((code,))  # walked once, whatever the order of the list
    users = [c.code for c in catalog.channels if c.category_tree in branch]
    if users:
        raise EditError(f"the channel {quote(users[0])} publishes this tree: change its tree first")
    categories = tuple(c for c in catalog.categories if c.code not in branch)
    edited = replace(
        catalog, categories=categories,
        products=tuple(_without_categories(p, branch) for p in catalog.products),
        product_models=tuple(_without_categories(m, branch) for m in catalog.product_models),
    )
    renamed = (Renamed("tree", code, None),) if catalog.category_by_code[code].parent is None else ()
    return Edited(edited, renamed, f"delete {code}" + (f" and the {len(branch) - 1:,} categories below it"
                                                      if len(branch) > 1 else ""))


E = TypeVar("E", Product, ProductModel)


def _without_categories(entity: E, codes: AbstractSet[str]) -> E:
    if not any(c in codes for c in entity.categories):
        return entity
    return replace(entity, categories=tuple(c for c in entity.categories if c not in codes))


def _with_categories(catalog: Catalog, categories: tuple[Category, ...], rename: Callable[[str], str]) -> Catalog:
    lists: dict[tuple[str, ...], tuple[str, ...]] = {}

    def renamed(codes: tuple[str, ...]) -> tuple[str, ...]:
        found = lists.get(codes)
        if found is None:
            found = lists[codes] = tuple(rename(c) for c in codes)
        return found

    return replace(
        catalog, categories=categories,
        channels=tuple(replace(c, category_tree=rename(c.category_tree)) for c in catalog.channels),
        products=tuple(p if not p.categories else replace(p, categories=renamed(p.categories))
                       for p in catalog.products),
        product_models=tuple(replace(m, categories=renamed(m.categories)) for m in catalog.product_models),
    )


# Locales and channels.


def _locale_add(catalog: Catalog, form: _Form) -> Edited:
    code = form.text("code")
    if not is_locale(code):
        raise EditError(f"{quote(code)} is not a locale code (such as fr_FR)")
    _free(code in catalog.locale_codes, "the locale", code)
    return Edited(replace(catalog, locales=(*catalog.locales, Locale(code, form.text("label", required=False)))),
                  (), f"add the locale {code}")


def _locale_delete(catalog: Catalog, form: _Form) -> Edited:
    code = form.text("code")
    _known(code in catalog.locale_codes, "locale", code)
    users = [c.code for c in catalog.channels if c.locales == (code,)]
    if users:
        raise EditError(f"{quote(code)} is the only locale of the channel {quote(users[0])}")
    def keep(values: tuple[Value, ...]) -> tuple[Value, ...]:
        return values if all(v.locale != code for v in values) else tuple(v for v in values if v.locale != code)
    edited = replace(
        catalog,
        locales=tuple(locale for locale in catalog.locales if locale.code != code),
        channels=tuple(replace(c, locales=tuple(lo for lo in c.locales if lo != code)) for c in catalog.channels),
        attributes=tuple(replace(a, available_locales=tuple(lo for lo in a.available_locales if lo != code))
                         for a in catalog.attributes),
        products=tuple(p if not p.values else replace(p, values=keep(p.values)) for p in catalog.products),
        product_models=tuple(replace(m, values=keep(m.values)) for m in catalog.product_models),
    )
    return Edited(edited, (Renamed("locale", code, None),), f"delete the locale {code} and its values")


def _channel_add(catalog: Catalog, form: _Form) -> Edited:
    code = form.code("code", "channel")
    _free(code in catalog.channel_by_code, "the channel", code)
    tree = form.text("tree")
    _known(any(t.code == tree for t in catalog.trees), "tree", tree)
    locales = form.codes("locales") or catalog.locale_codes[:1]
    for locale in locales:
        _known(locale in catalog.locale_codes, "locale", locale)
    currencies = form.codes("currencies")
    channel = Channel(code, tree, tuple(locales), currencies, _labels(catalog, form.text("label", required=False)))
    return Edited(replace(catalog, channels=(*catalog.channels, channel)), (), f"add the channel {code}")


def _channel_delete(catalog: Catalog, form: _Form) -> Edited:
    code = form.text("code")
    _known(code in catalog.channel_by_code, "channel", code)
    scoped = [a.code for a in catalog.attributes if a.scopable]
    if scoped and len(catalog.channels) == 1:
        raise EditError(f"{quote(scoped[0])} is scopable: a catalog with scopable attributes keeps a channel")
    def keep(values: tuple[Value, ...]) -> tuple[Value, ...]:
        return values if all(v.scope != code for v in values) else tuple(v for v in values if v.scope != code)
    edited = replace(
        catalog, channels=tuple(c for c in catalog.channels if c.code != code),
        families=tuple(replace(f, attribute_requirements={k: v for k, v in f.attribute_requirements.items() if k != code})
                       for f in catalog.families),
        products=tuple(p if not p.values else replace(p, values=keep(p.values)) for p in catalog.products),
        product_models=tuple(replace(m, values=keep(m.values)) for m in catalog.product_models),
    )
    return Edited(edited, (), f"delete the channel {code}")


# Attribute groups and attributes.


def _group_add(catalog: Catalog, form: _Form) -> Edited:
    code = form.code("code", "attribute group")
    _free(code in catalog.attribute_group_by_code, "the attribute group", code)
    group = AttributeGroup(code, _labels(catalog, form.text("label", required=False)))
    return Edited(replace(catalog, attribute_groups=(*catalog.attribute_groups, group)), (),
                  f"add the attribute group {code}")


def _group_rename(catalog: Catalog, form: _Form) -> Edited:
    old = form.text("code")
    _known(old in catalog.attribute_group_by_code, "attribute group", old)
    new = form.code("new_code", "attribute group")
    _free(new in catalog.attribute_group_by_code and new != old, "the attribute group", new)
    label = form.text("label", required=False)
    edited = replace(
        catalog,
        attribute_groups=tuple(AttributeGroup(new, _labels(catalog, label) if label else g.labels) if g.code == old
                               else g for g in catalog.attribute_groups),
        attributes=tuple(replace(a, group=new) if a.group == old else a for a in catalog.attributes),
    )
    return Edited(edited, (Renamed("attribute_group", old, new),), f"rename the attribute group {old} to {new}")


def _group_delete(catalog: Catalog, form: _Form) -> Edited:
    code = form.text("code")
    _known(code in catalog.attribute_group_by_code, "attribute group", code)
    members = [a.code for a in catalog.attributes if a.group == code]
    if members:
        raise EditError(f"the attribute group {quote(code)} holds {quote(members[0])}"
                        + (f" and {len(members) - 1:,} more attributes" if len(members) > 1 else "")
                        + ": move or delete them first")
    return Edited(replace(catalog, attribute_groups=tuple(g for g in catalog.attribute_groups if g.code != code)),
                  (Renamed("attribute_group", code, None),), f"delete the attribute group {code}")


def _attribute_add(catalog: Catalog, form: _Form) -> Edited:
    code = form.code("code", "attribute")
    _free(code in catalog.attribute_by_code, "the attribute", code)
    group = form.text("group")
    _known(group in catalog.attribute_group_by_code, "attribute group", group)
    kind = form.text("type", required=False) or "pim_catalog_text"
    if kind not in ATTRIBUTE_TYPES or kind == METRIC:
        raise EditError(f"{quote(kind)}: the editor adds the attribute types but metrics "
                        "(which need a measurement family: import them, or edit the catalog file)")
    if kind == IDENTIFIER and catalog.identifier_attribute is not None:
        raise EditError(f"the catalog has an identifier attribute already: {quote(catalog.identifier_attribute.code)}")
    attribute = Attribute(code, group, form.flag("localizable") and kind != IDENTIFIER,
                          _labels(catalog, form.text("label", required=False)), kind,
                          form.flag("scopable") and kind != IDENTIFIER)
    if attribute.scopable and not catalog.channels:
        raise EditError("a scopable attribute needs a channel: add one first")
    return Edited(replace(catalog, attributes=(*catalog.attributes, attribute)), (), f"add the attribute {code}")


def _attribute_update(catalog: Catalog, form: _Form) -> Edited:
    """Move an attribute to another group (its values stay)."""
    code = form.text("code")
    _known(code in catalog.attribute_by_code, "attribute", code)
    group = form.text("group")
    _known(group in catalog.attribute_group_by_code, "attribute group", group)
    attributes = tuple(replace(a, group=group) if a.code == code else a for a in catalog.attributes)
    return Edited(replace(catalog, attributes=attributes), (), f"move {code} to the attribute group {group}")


def _attribute_delete(catalog: Catalog, form: _Form) -> Edited:
    code = form.text("code")
    _known(code in catalog.attribute_by_code, "attribute", code)
    def keep(values: tuple[Value, ...]) -> tuple[Value, ...]:
        return values if all(v.attribute != code for v in values) else tuple(v for v in values if v.attribute != code)
    edited = replace(
        catalog,
        attributes=tuple(a for a in catalog.attributes if a.code != code),
        families=tuple(_family_without(f, code) for f in catalog.families),
        channels=tuple(replace(c, conversion_units={k: u for k, u in c.conversion_units.items() if k != code})
                       for c in catalog.channels),
        products=tuple(p if not p.values else replace(p, values=keep(p.values)) for p in catalog.products),
        product_models=tuple(replace(m, values=keep(m.values)) for m in catalog.product_models),
    )
    return Edited(edited, (), f"delete the attribute {code} and its values")


def _family_without(family: Family, attribute: str) -> Family:
    if attribute not in family.attributes:
        return family
    return replace(
        family, attributes=tuple(a for a in family.attributes if a != attribute),
        attribute_as_label=None if family.attribute_as_label == attribute else family.attribute_as_label,
        attribute_as_image=None if family.attribute_as_image == attribute else family.attribute_as_image,
        attribute_requirements={k: tuple(a for a in v if a != attribute) for k, v in family.attribute_requirements.items()},
    )


# Families.


def _family_add(catalog: Catalog, form: _Form) -> Edited:
    code = form.code("code", "family")
    _free(any(f.code == code for f in catalog.families), "the family", code)
    attributes = form.codes("attributes")
    for attribute in attributes:
        _known(attribute in catalog.attribute_by_code, "attribute", attribute)
    family = Family(code, attributes, labels=_labels(catalog, form.text("label", required=False)))
    families = catalog.families or catalog.all_families  # declared from now on
    return Edited(replace(catalog, families=(*families, family)), (), f"add the family {code}")


def _family_delete(catalog: Catalog, form: _Form) -> Edited:
    code = form.text("code")
    families = catalog.families or catalog.all_families
    _known(any(f.code == code for f in families), "family", code)
    users = [p.identifier for p in catalog.products if p.family == code][:1] or \
        [m.code for m in catalog.product_models if m.family == code][:1]
    if users:
        raise EditError(f"{quote(users[0])} is of the family {quote(code)}: change its family first")
    return Edited(replace(catalog, families=tuple(f for f in families if f.code != code)), (),
                  f"delete the family {code}")


# Product models and products.


def _model_add(catalog: Catalog, form: _Form) -> Edited:
    code = form.code("code", "product model")
    _free(code in catalog.product_model_by_code, "the product model", code)
    parent = form.text("parent", required=False) or None
    if parent is not None:
        _known(parent in catalog.product_model_by_code, "product model", parent)
        if catalog.product_model_by_code[parent].parent is not None:
            raise EditError(f"{quote(parent)} is a sub-model: the PIM has a model and a sub-model at most")
    categories = _category_codes(catalog, form)
    model = ProductModel(code, parent, form.text("family", required=False), categories)
    return Edited(replace(catalog, product_models=(*catalog.product_models, model)), (), f"add the product model {code}")


def _model_delete(catalog: Catalog, form: _Form) -> Edited:
    code = form.text("code")
    _known(code in catalog.product_model_by_code, "product model", code)
    below = {code} | {m.code for m in catalog.product_models if m.parent == code}
    products = tuple(p for p in catalog.products if p.parent not in below)
    dropped = len(catalog.products) - len(products)
    edited = replace(catalog, product_models=tuple(m for m in catalog.product_models if m.code not in below),
                     products=_unlinked(products, set(), below))
    said = f"delete the product model {code}" + (f" and its {dropped:,} variants" if dropped else "")
    return Edited(edited, tuple(Renamed("product", p.identifier, None) for p in catalog.products
                                if p.parent in below), said)


def _product_add(catalog: Catalog, form: _Form) -> Edited:
    identifier = form.text("identifier")
    problem = identifier_problem(identifier)
    if problem is not None:
        raise EditError(problem)
    _free(identifier in catalog.product_by_identifier, "the product", identifier)
    parent = form.text("parent", required=False) or None
    if parent is not None:
        _known(parent in catalog.product_model_by_code, "product model", parent)
    family = form.text("family", required=False)
    product = Product(identifier, parent, family, categories=_category_codes(catalog, form))
    return Edited(replace(catalog, products=(*catalog.products, product)), (), f"add the product {identifier}")


def _product_update(catalog: Catalog, form: _Form) -> Edited:
    """Classify a product in other categories, or give it another model or family."""
    identifier = form.text("identifier")
    _known(identifier in catalog.product_by_identifier, "product", identifier)
    parent = form.text("parent", required=False) or None
    if parent is not None:
        _known(parent in catalog.product_model_by_code, "product model", parent)
    categories = _category_codes(catalog, form)
    family = form.text("family", required=False)
    products = tuple(replace(p, categories=categories, parent=parent, family=family or p.family)
                     if p.identifier == identifier else p for p in catalog.products)
    return Edited(replace(catalog, products=products), (), f"change {identifier}'s categories")


def _product_delete(catalog: Catalog, form: _Form) -> Edited:
    identifier = form.text("identifier")
    _known(identifier in catalog.product_by_identifier, "product", identifier)
    products = tuple(p for p in catalog.products if p.identifier != identifier)
    return Edited(replace(catalog, products=_unlinked(products, {identifier}, set())),
                  (Renamed("product", identifier, None),), f"delete the product {identifier}")


def _unlinked(products: tuple[Product, ...], gone: set[str], gone_models: set[str]) -> tuple[Product, ...]:
    """The products without their associations to products or models deleted."""
    def keep(product: Product) -> Product:
        if not product.associations or not any(
            set(a.products) & gone or set(a.product_models) & gone_models for a in product.associations
        ):
            return product
        return replace(product, associations=tuple(
            Association(a.type, tuple(p for p in a.products if p not in gone),
                        tuple(m for m in a.product_models if m not in gone_models))
            for a in product.associations
        ))
    return tuple(keep(p) for p in products)


def _category_codes(catalog: Catalog, form: _Form) -> tuple[str, ...]:
    codes = form.codes("categories")
    for code in codes:
        _known(code in catalog.category_by_code, "category", code)
    return codes


EDITS: Final[Mapping[str, Callable[[Catalog, _Form], Edited]]] = {
    "category-add": _category_add,
    "category-rename": _category_rename,
    "category-move": _category_move,
    "category-delete": _category_delete,
    "locale-add": _locale_add,
    "locale-delete": _locale_delete,
    "channel-add": _channel_add,
    "channel-delete": _channel_delete,
    "attribute-group-add": _group_add,
    "attribute-group-rename": _group_rename,
    "attribute-group-delete": _group_delete,
    "attribute-add": _attribute_add,
    "attribute-update": _attribute_update,
    "attribute-delete": _attribute_delete,
    "family-add": _family_add,
    "family-delete": _family_delete,
    "product-model-add": _model_add,
    "product-model-delete": _model_delete,
    "product-add": _product_add,
    "product-update": _product_update,
    "product-delete": _product_delete,
}
"""Every edit the catalog editor makes, by the name its form sends."""
