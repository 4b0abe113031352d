"""Changes of the catalog structure: creating (``POST``) and updating (``PATCH``, which
creates what does not exist) categories, attributes and their options, attribute
groups, families, channels and association types, as akeneo/pim-community-dev's
external API controllers do (``CategoryController``, ``AttributeController``,
``AttributeOptionController``, ``AttributeGroupController``, ``FamilyController``,
``ChannelController``, ``AssociationTypeController``: one shape, read in
``CategoryController`` and ``FamilyVariantController``):

1. the write scope (:mod:`simulator.engine.structure` checks it first; 403);
2. the body is a JSON object, else 400 ``Invalid json message received``
   (``getDecodedContent``; pinned by ``CreateAssociationTypeEndToEnd``);
3. ``PATCH`` of a code that does not exist creates it: a ``code`` in the body must be
   the URL's (``validateCodeConsistency``: 422 ``The code "x" provided in the request
   body must match the code "y" provided in the url.``);
4. the updater reads the fields in the body's order: a field the resource does not
   have is 422 ``Property "x" does not exist.``, a ``code`` that is not a scalar 422
   ``Property "code" expects a scalar as data, "array" given.``, ``labels`` not an
   object 422 ``Property "labels" expects an array as data, …`` (``CategoryUpdater``;
   ``UnknownPropertyException``, ``InvalidPropertyTypeException``), each followed by
   `` Check the expected format on the API documentation.`` and the documentation link
   (``updateCategory``: ``DocumentedHttpException``); a category's ``parent`` must exist
   (``InvalidPropertyException::validEntityCodeExpected``);
5. validation, once the updater is through: a ``POST`` of a code that exists is 422 ``Validation failed.`` with
   ``This value is already used.`` on ``code`` (``UniqueEntity``; pinned by
   ``CreateAssociationTypeEndToEnd``);
6. saved: 201 with ``Location`` for a creation, 204 with ``Location`` for an update;
   empty labels are dropped (pinned by ``CreateAssociationTypeEndToEnd``).

The catalog the next requests see holds the change. What the PIM validates beyond that
(an attribute's type rules, a channel's required fields, a family's attribute
requirements…) is not modelled: such a request is answered "not simulated" rather
than with a made-up message.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Mapping

from simulator.engine import messages
from simulator.engine.context import CheckRecord, Outcome
from simulator.engine.messages import CHECK_THE_FORMAT, documented, php_type, validation_failed
from simulator.engine.store import Store
from simulator.engine.unsimulated import not_simulated
from simulator.model import (
    ATTRIBUTE_TYPES,
    OPTION_TYPES,
    Action,
    AssociationType,
    Attribute,
    AttributeGroup,
    AttributeOption,
    Catalog,
    Category,
    Channel,
    Effect,
    Family,
    Layer,
    Resource,
    Rule,
    StructureRoute,
    api_path,
)

Body = Mapping[str, object]

FIELDS: Mapping[Resource, tuple[str, ...]] = {
    # CategoryUpdater::validateDataType: code, parent, labels; anything else is unknown.
    Resource.CATEGORIES: ("code", "parent", "labels"),
    # The standard format of each (the normalizers the GET endpoints use), which the
    # updaters read back.
    Resource.ASSOCIATION_TYPES: ("code", "labels", "is_two_way", "is_quantified"),
    Resource.ATTRIBUTE_GROUPS: ("code", "sort_order", "attributes", "labels"),
    Resource.ATTRIBUTE_OPTIONS: ("code", "attribute", "sort_order", "labels"),
    Resource.FAMILIES: ("code", "attributes", "attribute_as_label", "attribute_as_image", "attribute_requirements",
                        "labels"),
    Resource.CHANNELS: ("code", "currencies", "locales", "category_tree", "conversion_units", "labels"),
    Resource.ATTRIBUTES: (
        "code", "type", "group", "unique", "useable_as_grid_filter", "allowed_extensions", "metric_family",
        "default_metric_unit", "reference_data_name", "available_locales", "max_characters", "validation_rule",
        "validation_regexp", "wysiwyg_enabled", "number_min", "number_max", "decimals_allowed", "negative_allowed",
        "date_min", "date_max", "max_file_size", "minimum_input_length", "sort_order", "localizable", "scopable",
        "labels", "guidelines", "auto_option_sorting", "default_value", "is_read_only",
    ),
}
"""The fields each resource's updater reads."""

WRITABLE = frozenset(FIELDS)

_NOUN: Mapping[Resource, str] = {
    Resource.CATEGORIES: "category", Resource.ASSOCIATION_TYPES: "association type",
    Resource.ATTRIBUTE_GROUPS: "attribute group", Resource.ATTRIBUTE_OPTIONS: "attribute option",
    Resource.FAMILIES: "family", Resource.CHANNELS: "channel", Resource.ATTRIBUTES: "attribute",
}
_ANCHOR: Mapping[Resource, tuple[str, str]] = {
    # The anchors the controllers pass to the documentation link (post_…, patch_…__code_);
    # post_association_types is pinned by CreateAssociationTypeEndToEnd.
    Resource.CATEGORIES: ("post_categories", "patch_categories__code_"),
    Resource.ASSOCIATION_TYPES: ("post_association_types", "patch_association_types__code_"),
    Resource.ATTRIBUTE_GROUPS: ("post_attribute_groups", "patch_attribute_groups__code_"),
    Resource.ATTRIBUTE_OPTIONS: ("post_attributes__attribute_code__options",
                                 "patch_attributes__attribute_code__options__code_"),
    Resource.FAMILIES: ("post_families", "patch_families__code_"),
    Resource.CHANNELS: ("post_channels", "patch_channels__code_"),
    Resource.ATTRIBUTES: ("post_attributes", "patch_attributes__code_"),
}


class _Stop(Exception):
    """A write stopped by a check: its outcome and the checks made."""

    def __init__(self, outcome: Outcome, checks: tuple[CheckRecord, ...]) -> None:
        super().__init__(outcome.message)
        self.outcome, self.checks = outcome, checks


class _Writing:
    """One structure write being answered."""

    def __init__(self, store: Store, route: StructureRoute, checks: list[CheckRecord]) -> None:
        self.store, self.route, self.checks = store, route, checks
        self.catalog: Catalog = store.catalog
        self.resource = route.resource
        self.creating_by_post = route.action is Action.CREATE
        self.noun = _NOUN[route.resource]

    def passed(self, description: str) -> None:
        self.checks.append((Rule.REQUEST, Layer.REQUEST, description, True))

    def stop(self, status: int, description: str, message: str, response: object = None) -> _Stop:
        self.checks.append((Rule.REQUEST, Layer.REQUEST, description, False))
        body = response if response is not None else {"code": status, "message": message}
        return _Stop(Outcome(status, message, Effect.REFUSED, Layer.REQUEST, self.store, body), tuple(self.checks))

    def documented(self, description: str, message: str, creating: bool) -> _Stop:
        text = message + CHECK_THE_FORMAT
        post, patch = _ANCHOR[self.resource]
        return self.stop(422, description, text, documented(text, post if self.creating_by_post else patch))

    def unsimulated(self, why: str) -> _Stop:
        method = "POST" if self.creating_by_post else "PATCH"
        path = self.route.path()
        self.passed(f"The PIM would now validate the {self.noun}: {why}")
        outcome, checks = not_simulated(self.store, method, path, api_path(path), f"this validation of {_plural(self)}",
                                        tuple(self.checks))
        return _Stop(outcome, checks)


def _plural(writing: _Writing) -> str:
    return {"category": "categories", "family": "families"}.get(writing.noun, writing.noun + "s")


def write_structure(store: Store, route: StructureRoute, body: object,
                    checks: list[CheckRecord]) -> tuple[Outcome, tuple[CheckRecord, ...]]:
    """A ``POST`` or a ``PATCH`` of one item, after its scope was checked."""
    writing = _Writing(store, route, checks)
    try:
        return _write(writing, body)
    except _Stop as stop:
        return stop.outcome, stop.checks


def _write(writing: _Writing, body: object) -> tuple[Outcome, tuple[CheckRecord, ...]]:
    route = writing.route
    if not isinstance(body, dict):
        raise writing.stop(400, "The body is not a JSON object.", messages.INVALID_JSON)
    existing: object | None = None
    if writing.creating_by_post:
        code = body.get("code")
    else:
        code = route.code
        existing = _find(writing, str(code))
        if existing is None:
            given = body.get("code")
            if given is not None and given != code:
                raise writing.stop(422, f'The body\'s code "{given}" is not the URL\'s "{code}".',
                                   messages.code_mismatch(str(given), str(code)))
            body = {**body, "code": code}
    creating = existing is None
    _read_fields(writing, body, creating)
    code = "" if code is None else str(code)  # a scalar, as the updater checked
    if existing is not None and "code" in body and str(body["code"]) != code and writing.resource not in _VALIDATED:
        raise writing.unsimulated("the body renames it.")
    if not code or existing is not None and "code" in body and str(body["code"]) != code:
        if writing.resource not in _VALIDATED:
            raise writing.unsimulated("the body gives no code.")
        _validate(writing, str(body.get("code") or ""), body, existing)
    catalog = _APPLY[writing.resource](writing, code, body, existing)
    _validate(writing, code, body, existing)
    location = replace(route, code=code).path() if route.code is None else route.path()
    status = 201 if creating else 204
    writing.passed(f'The {writing.noun} "{code}" is {"created" if creating else "updated"} ({status}); '
                   "the next requests see it.")
    outcome = Outcome(status, "", Effect.APPLIED, Layer.SCOPE, writing.store.with_structure(catalog), None,
                      {"Location": location})
    return outcome, tuple(writing.checks)


_VALIDATED: Mapping[Resource, tuple[str, ...]] = {
    # The order of each class's property constraints in its validation file
    # (Resources/config/validation/category.yml, attributegroup.yml, associationtype.yml).
    Resource.CATEGORIES: ("code", "labels"),
    Resource.ATTRIBUTE_GROUPS: ("labels", "code"),
    Resource.ASSOCIATION_TYPES: ("code", "labels"),
}
"""The resources whose validation file is read: code (NotBlank, Regex, Length 100),
the labels' locales, and the class constraints first (UniqueEntity and Immutable on
the code)."""
_CODE_PATTERN = re.compile(r"[a-zA-Z0-9_]+")


def _validate(writing: _Writing, code: str, body: Body, existing: object | None) -> None:
    """The validator, after the updater: every violation in one 422, in the order of
    the class's constraints."""
    errors: list[dict[str, object]] = []
    said: list[str] = []
    if writing.creating_by_post and code and _find(writing, code) is not None:
        errors.append({"property": "code", "message": messages.ALREADY_USED})
        said.append(f'a {writing.noun} "{code}" exists already')
    if existing is not None and code != writing.route.code:
        errors.append({"property": "code", "message": messages.IMMUTABLE})
        said.append(f'the code of "{writing.route.code}" cannot be changed')
    labels = body.get("labels")
    unknown = [locale for locale in labels if locale not in writing.catalog.locale_set] if isinstance(labels, dict) else []
    if unknown and writing.resource not in (*_VALIDATED, Resource.ATTRIBUTES):
        raise writing.unsimulated(f"the labels' locale {unknown[0]} is not one of the catalog's.")
    for part in _VALIDATED.get(writing.resource, ("labels",)):
        if part == "labels":
            for locale in unknown:
                errors.append({"property": "labels", "message": messages.unknown_label_locale(locale)})
                said.append(f'the labels name the locale "{locale}", not one of the catalog\'s')
        elif not code:
            errors.append({"property": "code", "message": messages.NOT_BLANK})
            said.append("the code is blank")
        else:
            if not _CODE_PATTERN.fullmatch(code):
                errors.append({"property": "code", "message": messages.code_pattern(writing.noun)})
                said.append(f'"{code}" holds more than letters, numbers and underscores')
            if len(code) > 100:
                errors.append({"property": "code", "message": messages.code_too_long(100)})
                said.append("the code is longer than 100 characters")
    if errors:
        raise writing.stop(422, "Refused by the validation: " + "; ".join(said) + ".", messages.VALIDATION_FAILED,
                           validation_failed(errors))
    writing.passed("The validation finds nothing wrong.")


def _find(writing: _Writing, code: str) -> object | None:
    catalog, resource = writing.catalog, writing.resource
    if resource is Resource.CATEGORIES:
        return catalog.category_by_code.get(code)
    if resource is Resource.ATTRIBUTES:
        return catalog.attribute_by_code.get(code)
    if resource is Resource.ATTRIBUTE_GROUPS:
        return catalog.attribute_group_by_code.get(code)
    if resource is Resource.FAMILIES:
        return catalog.family_by_code.get(code)
    if resource is Resource.CHANNELS:
        return catalog.channel_by_code.get(code)
    if resource is Resource.ASSOCIATION_TYPES:
        return catalog.association_type_by_code.get(code)
    attribute = _option_attribute(writing)
    return next((option for option in attribute.options if option.code == code), None)


def _option_attribute(writing: _Writing) -> Attribute:
    """Checked before by :mod:`simulator.engine.structure` (``AttributeOptionController``)."""
    attribute = writing.catalog.attribute_by_code.get(writing.route.parent or "")
    assert attribute is not None and attribute.type in OPTION_TYPES
    return attribute


def _read_fields(writing: _Writing, body: Body, creating: bool) -> None:
    """The updater: each field in the body's order, its type, then its meaning."""
    known = FIELDS[writing.resource]
    for name, value in body.items():
        if name not in known:
            raise writing.documented(f'{_plural(writing).capitalize()} have no "{name}" field.',
                                     messages.unknown_property_bare(name), creating)
        if name == "labels":
            if not isinstance(value, dict):
                raise writing.documented("The labels are not an object.", messages.array_expected(name, php_type(value)),
                                         creating)
            if any(label is not None and not isinstance(label, (str, int, float, bool)) for label in value.values()):
                raise writing.documented("A label is not a scalar.",
                                         messages.labels_not_scalar(writing.resource is Resource.CATEGORIES), creating)
        elif name in ("code", "parent") and value is not None and not isinstance(value, (str, int, float, bool)):
            raise writing.documented(f"The {name} is not a scalar.", messages.scalar_expected(name, php_type(value)),
                                     creating)
        elif name == "parent" and writing.resource is Resource.CATEGORIES and value not in (None, ""):
            if str(value) not in writing.catalog.category_by_code:
                raise writing.documented(f'There is no category "{value}".',
                                         messages.invalid_entity_code("parent", "category code",
                                                                      "The category does not exist", str(value)),
                                         creating)
    writing.passed(f"The body's fields are those of {'a' if writing.noun[0] not in 'aeiou' else 'an'} {writing.noun}: "
                   + ", ".join(body) + ".")


def _labels(current: Mapping[str, str], body: Body) -> dict[str, str]:
    """The labels after the update: the body's replace the current ones per locale, an
    empty or null one removes its locale (``CreateAssociationTypeEndToEnd``)."""
    given = body.get("labels")
    labels = dict(current)
    if isinstance(given, dict):
        for locale, label in given.items():
            if label is None or label == "":
                labels.pop(locale, None)
            else:
                labels[locale] = str(label)
    return labels


def _codes(writing: _Writing, body: Body, name: str) -> tuple[str, ...] | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise writing.unsimulated(f'"{name}" is not a list of codes.')
    return tuple(value)


def _apply_category(writing: _Writing, code: str, body: Body, existing: object | None) -> Catalog:
    catalog = writing.catalog
    parent = body.get("parent", existing.parent if isinstance(existing, Category) else None)
    parent_code = None if parent in (None, "") else str(parent)
    if isinstance(existing, Category):
        if parent_code is not None and (parent_code == code or parent_code in catalog.descendants((code,))):
            raise writing.unsimulated(f'"{parent_code}" is {code} itself or below it.')
        if existing.parent is None and parent_code is not None and any(c.category_tree == code for c in catalog.channels):
            raise writing.documented(f'"{code}" is the tree of a channel.', messages.TREE_OF_A_CHANNEL, False)
        changed = Category(code, parent_code, _labels(existing.labels, body))
        categories = tuple(changed if c.code == code else c for c in catalog.categories)
    else:
        categories = (*catalog.categories, Category(code, parent_code, _labels({}, body)))
    return replace(catalog, categories=categories)


def _apply_association_type(writing: _Writing, code: str, body: Body, existing: object | None) -> Catalog:
    catalog = writing.catalog
    old = existing if isinstance(existing, AssociationType) else AssociationType(code)
    if isinstance(existing, AssociationType) and ("is_quantified" in body or "is_two_way" in body):
        if body.get("is_quantified", old.is_quantified) != old.is_quantified or body.get(
                "is_two_way", old.is_two_way) != old.is_two_way:
            raise writing.unsimulated("is_quantified and is_two_way are set when the type is created.")
    changed = AssociationType(code, _labels(old.labels, body), bool(body.get("is_quantified", old.is_quantified)),
                              bool(body.get("is_two_way", old.is_two_way)))
    types = catalog.all_association_types
    kept = tuple(changed if t.code == code else t for t in types)
    return replace(catalog, association_types=kept if existing is not None else (*types, changed))


def _apply_attribute_group(writing: _Writing, code: str, body: Body, existing: object | None) -> Catalog:
    catalog = writing.catalog
    moved = _codes(writing, body, "attributes")
    if moved is not None:
        unknown = [a for a in moved if a not in catalog.attribute_by_code]
        if unknown:
            raise writing.unsimulated(f"there is no attribute {', '.join(unknown)}.")
    old = existing if isinstance(existing, AttributeGroup) else AttributeGroup(code)
    changed = AttributeGroup(code, _labels(old.labels, body))
    groups = (tuple(changed if g.code == code else g for g in catalog.attribute_groups) if existing is not None
              else (*catalog.attribute_groups, changed))
    attributes = catalog.attributes
    if moved is not None:
        attributes = tuple(replace(a, group=code) if a.code in moved else a for a in attributes)
    return replace(catalog, attribute_groups=groups, attributes=attributes)


def _apply_option(writing: _Writing, code: str, body: Body, existing: object | None) -> Catalog:
    catalog = writing.catalog
    attribute = _option_attribute(writing)
    if body.get("attribute") not in (None, attribute.code):
        raise writing.unsimulated(f"the body's attribute is not {attribute.code}.")
    old = existing if isinstance(existing, AttributeOption) else AttributeOption(code)
    changed = AttributeOption(code, _labels(old.labels, body))
    options = (tuple(changed if o.code == code else o for o in attribute.options) if existing is not None
               else (*attribute.options, changed))
    updated = replace(attribute, options=options)
    return replace(catalog, attributes=tuple(updated if a.code == attribute.code else a for a in catalog.attributes))


def _apply_family(writing: _Writing, code: str, body: Body, existing: object | None) -> Catalog:
    catalog = writing.catalog
    old = existing if isinstance(existing, Family) else Family(code)
    attributes = _codes(writing, body, "attributes")
    if attributes is not None:
        unknown = [a for a in attributes if a not in catalog.attribute_by_code]
        if unknown:
            raise writing.unsimulated(f"there is no attribute {', '.join(unknown)}.")
    if "attribute_requirements" in body or "attribute_as_image" in body:
        raise writing.unsimulated("the attribute requirements and the image attribute are not modelled.")
    label = body.get("attribute_as_label", old.attribute_as_label)
    chosen = attributes if attributes is not None else old.attributes
    if label is not None and label not in chosen:
        raise writing.unsimulated(f'"{label}" is not an attribute of the family.')
    changed = Family(code, chosen, None if label is None else str(label), old.attribute_as_image,
                     old.attribute_requirements, _labels(old.labels, body))
    families = catalog.all_families
    kept = tuple(changed if f.code == code else f for f in families)
    return replace(catalog, families=kept if existing is not None else (*families, changed))


def _apply_channel(writing: _Writing, code: str, body: Body, existing: object | None) -> Catalog:
    catalog = writing.catalog
    old = existing if isinstance(existing, Channel) else None
    locales = _codes(writing, body, "locales")
    currencies = _codes(writing, body, "currencies")
    tree = body.get("category_tree", old.category_tree if old is not None else None)
    if old is None and (not locales or not currencies or tree is None):
        raise writing.unsimulated("a channel needs its category tree, locales and currencies.")
    if locales is not None and any(locale not in catalog.locale_set for locale in locales):
        raise writing.unsimulated("a locale of the body is not one of the catalog's.")
    known_currencies = {c.code for c in catalog.all_currencies}
    if currencies is not None and any(currency not in known_currencies for currency in currencies):
        raise writing.unsimulated("a currency of the body is not one of the catalog's.")
    if tree not in {t.code for t in catalog.trees}:
        raise writing.unsimulated(f'"{tree}" is not a category tree.')
    if "conversion_units" in body:
        raise writing.unsimulated("the conversion units are not modelled.")
    changed = Channel(
        code, str(tree), locales if locales is not None else old.locales if old is not None else (),
        currencies if currencies is not None else old.currencies if old is not None else (),
        _labels(old.labels if old is not None else {}, body), old.conversion_units if old is not None else {},
    )
    channels = (tuple(changed if c.code == code else c for c in catalog.channels) if old is not None
                else (*catalog.channels, changed))
    return replace(catalog, channels=channels)


_MODELLED_ATTRIBUTE_FIELDS = frozenset({"code", "type", "group", "labels", "localizable", "scopable", "sort_order"})


def _apply_attribute(writing: _Writing, code: str, body: Body, existing: object | None) -> Catalog:
    catalog = writing.catalog
    others = [name for name in body if name not in _MODELLED_ATTRIBUTE_FIELDS]
    if others:
        raise writing.unsimulated(f"the simulator does not model {', '.join(others)}.")
    group = body.get("group")
    if group is not None and group not in catalog.attribute_group_by_code:
        raise writing.unsimulated(f'there is no attribute group "{group}".')
    if isinstance(existing, Attribute):
        for name in ("type", "localizable", "scopable"):
            if name in body and body[name] != getattr(existing, name):
                raise writing.unsimulated(f"{name} is set when the attribute is created.")
        changed = replace(existing, group=str(group or existing.group), labels=_labels(existing.labels, body))
        return replace(catalog, attributes=tuple(changed if a.code == code else a for a in catalog.attributes))
    kind = body.get("type")
    if kind not in ATTRIBUTE_TYPES or group is None or kind == "pim_catalog_identifier":
        raise writing.unsimulated("a new attribute needs a type the simulator knows and an attribute group.")
    created = Attribute(code, str(group), localizable=body.get("localizable") is True, labels=_labels({}, body),
                        type=str(kind), scopable=body.get("scopable") is True)
    return replace(catalog, attributes=(*catalog.attributes, created))


_APPLY: Mapping[Resource, Callable[[_Writing, str, Body, object | None], Catalog]] = {
    Resource.CATEGORIES: _apply_category,
    Resource.ASSOCIATION_TYPES: _apply_association_type,
    Resource.ATTRIBUTE_GROUPS: _apply_attribute_group,
    Resource.ATTRIBUTE_OPTIONS: _apply_option,
    Resource.FAMILIES: _apply_family,
    Resource.CHANNELS: _apply_channel,
    Resource.ATTRIBUTES: _apply_attribute,
}
