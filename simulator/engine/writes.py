"""The write endpoints: POST, PATCH, DELETE, and submitting a draft (reference §4).

A write checks the scope, then that the App may see the product (category), then each
value in the reference's axis order: locale, category, attribute group. What the App
cannot see is kept: a PATCH never erases hidden categories, values or associations.
An editor that does not own the product gets a draft instead of a change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import partial
from typing import Callable

from simulator.engine import messages
from simulator.engine.context import (
    EDIT,
    NO_LEVEL,
    OWN,
    VIEW,
    Context,
    Outcome,
    Refused,
)
from simulator.engine.rights import Entity
from simulator.engine.store import Draft, DraftStatus, Store, ValueKey, code_of
from simulator.model import (
    Association,
    Effect,
    JsonData,
    Kind,
    Layer,
    Level,
    Product,
    ProductModel,
    Rule,
    Value,
)

_APPLIED = {
    kind: (Rule.PRODUCT_OWNED, Layer.CATEGORY, f"The App owns the {kind.noun}: the change is applied.", True) for kind in Kind
}
_DELETED = {
    kind: (Rule.PRODUCT_OWNED, Layer.CATEGORY, f"The App owns the {kind.noun}: it may delete it.", True) for kind in Kind
}
_DRAFTED = {
    kind: (
        Rule.PRODUCT_EDITABLE, Layer.CATEGORY,
        f"The App may edit but does not own the {kind.noun}: the values go to its draft, the {kind.noun} is unchanged.",
        True,
    )
    for kind in Kind
}
# Read for every write: module names, not enum members (see simulator.engine.context).
_APPLIED_EFFECT, _DRAFT_EFFECT = Effect.APPLIED, Effect.DRAFT
_CATEGORY, _SCOPE = Layer.CATEGORY, Layer.SCOPE
_LOCALE_EDITABLE = (Rule.LOCALE_EDITABLE, Layer.LOCALE)
_GROUP_EDITABLE = (Rule.ATTRIBUTE_GROUP_EDITABLE, Layer.ATTRIBUTE_GROUP)
_KEYS = {kind: kind.key for kind in Kind}

PRODUCT_FIELDS = ("identifier", "enabled", "family", "categories", "groups", "parent", "values", "associations")
MODEL_FIELDS = ("code", "family", "categories", "parent", "values", "associations")


class _Changes:
    """What a body changes, field by field, in the order the body gives them."""

    __slots__ = ("fields", "values")

    def __init__(self) -> None:
        self.fields: dict[str, object] = {}
        self.values: dict[ValueKey, JsonData] = {}

    @property
    def empty(self) -> bool:
        return not self.fields and not self.values

    def names(self) -> list[str]:
        return list(self.fields)


def create(context: Context) -> Outcome:
    context.require_scope("write_products")
    context.note_edition()
    body = _body(context)
    key = context.kind.key
    code = body.get(key)
    if not isinstance(code, str) or not code:
        raise context.refuse(
            Rule.REQUEST, Layer.REQUEST, f'The body has no "{key}".', 422, messages.VALIDATION_FAILED,
            response=_validation_failed(key, "This value should not be blank."),
        )
    return _create(context, code, body)


def update(context: Context) -> Outcome:
    context.require_scope("write_products")
    if not context.ee:
        context.note_edition()
    kind, code, store = context.kind, context.code, context.store
    assert code is not None
    body = context.body or {}
    given = body.get(_KEYS[kind], code)
    if given != code:
        raise context.refuse(
            Rule.REQUEST, Layer.REQUEST, f"The body names {given!r}, the path {code!r}.",
            422, messages.key_mismatch(kind, str(given), code),
        )
    found = store.entity(kind, code)
    if found is None:
        context.passed(Rule.REQUEST, Layer.REQUEST, f'There is no {kind.noun} "{code}" yet: PATCH creates it.')
        return _create(context, code, body)
    entity, level = context.visible(code, found)
    draft = store.draft(kind, code)
    drafted = draft.changes if level is EDIT and draft is not None else None
    if drafted:
        def present(key: ValueKey) -> JsonData:
            """The value a change is compared with: the App's draft applied."""
            return drafted[key] if key in drafted else store.value_of(entity, key)
    else:
        present = partial(store.value_of, entity)

    changes = _read_body(context, body, entity, level, present)
    if changes.empty:
        context.passed(Rule.PRODUCT_EDITABLE, Layer.REQUEST, "The body changes nothing.")
        location = {"Location": context.path()}
        return Outcome(204, "", _APPLIED_EFFECT, _write_layer(context), store, None, location)
    if level is EDIT:
        return _propose(context, code, changes, draft)
    if "categories" in changes.fields or "parent" in changes.fields:
        updated = _applied(entity, changes)
        _check_still_owned(context, updated)
        after: Store | Callable[[], Store] = store.with_entity(kind, updated)
    else:
        after = partial(_with_applied, store, kind, entity, changes)
    context.checks.append(_APPLIED[kind])
    location = {"Location": context.path()}
    return Outcome(204, "", _APPLIED_EFFECT, _write_layer(context), after, None, location)


def delete(context: Context) -> Outcome:
    context.require_scope("delete_products")
    if not context.ee:
        context.note_edition()
    kind, code = context.kind, context.code
    assert code is not None
    _, level = context.visible_entity(code)
    if level is not OWN:
        raise context.refuse(
            Rule.PRODUCT_OWNED, Layer.CATEGORY, f"Deleting needs Own; the App has {level.name.title()}.",
            403, messages.delete_needs_own(kind),
        )
    context.checks.append(_DELETED[kind])
    return Outcome(204, "", _APPLIED_EFFECT, _write_layer(context), partial(_without, context.store, kind, code))


def _without(store: Store, kind: Kind, code: str) -> Store:
    """The store after deleting: a product model takes its sub-models and variants along."""
    store = store.without_entity(kind, code)
    if kind is Kind.PRODUCT_MODEL:
        removed = {code}
        models = list(store.entities(Kind.PRODUCT_MODEL))
        while found := [m for m in models if m.parent in removed and code_of(m) not in removed]:
            for model in found:
                removed.add(code_of(model))
                store = store.without_entity(Kind.PRODUCT_MODEL, code_of(model))
        for product in list(store.entities(Kind.PRODUCT)):
            if product.parent in removed:
                store = store.without_entity(Kind.PRODUCT, code_of(product))
    return store


def submit_draft(context: Context) -> Outcome:
    context.require_scope("write_products")
    kind, code = context.kind, context.code
    assert code is not None
    _, level = context.visible_entity(code)
    if level is Level.OWN:
        raise context.refuse(
            Rule.PRODUCT_OWNED, Layer.CATEGORY, "The App owns it: its changes apply directly, there is nothing to approve.",
            403, messages.proposal_by_owner(kind, code),
        )
    if level is Level.VIEW:
        raise context.refuse(
            Rule.PRODUCT_EDITABLE, Layer.CATEGORY, "The App may only view it: it cannot propose changes.",
            403, messages.proposal_by_viewer(kind, code),
        )
    draft = context.store.draft(kind, code)
    if draft is None:
        raise context.refuse(Rule.PRODUCT_EDITABLE, Layer.REQUEST, "The App has no draft on it.", 422,
                             messages.NO_DRAFT_TO_SUBMIT)
    if draft.status is DraftStatus.WAITING_FOR_APPROVAL:
        raise context.refuse(Rule.PRODUCT_EDITABLE, Layer.REQUEST, "The draft already waits for approval.", 422,
                             messages.DRAFT_ALREADY_SUBMITTED)
    context.passed(Rule.PRODUCT_EDITABLE, Layer.CATEGORY, "The draft is sent to the owners for approval.")
    store = context.store.with_draft(kind, code, replace(draft, status=DraftStatus.WAITING_FOR_APPROVAL))
    return Outcome(201, "", Effect.APPLIED, Layer.CATEGORY, store)


# Creating ---------------------------------------------------------------------


def _create(context: Context, code: str, body: Mapping[str, object]) -> Outcome:
    """Reference §4: a creation is applied directly whatever the category level."""
    kind = context.kind
    changes = _read_body(context, body, None, None, _nothing)
    if context.store.entity(kind, code) is not None:
        raise context.refuse(
            Rule.REQUEST, Layer.REQUEST, f'A {kind.noun} "{code}" already exists.', 422, messages.VALIDATION_FAILED,
            response=_validation_failed(kind.key, messages.already_exists(kind)),
        )
    blank: Entity = Product(identifier=code) if kind is Kind.PRODUCT else ProductModel(code=code)
    created = _applied(blank, changes)
    context.passed(Rule.PRODUCT_EDITABLE, Layer.CATEGORY, "A creation is applied directly, whatever the category level.")
    headers = {"Location": context.path() if context.code else f"{context.path()}/{code}"}
    return Outcome(201, "", Effect.APPLIED, _write_layer(context), context.store.with_entity(kind, created), None, headers)


# Reading a body ---------------------------------------------------------------


def _read_body(
    context: Context,
    body: Mapping[str, object],
    entity: Entity | None,
    level: Level | None,
    present: Callable[[ValueKey], JsonData],
) -> _Changes:
    """Validate the body in its own order and collect what it changes; ``present``
    gives the value a change is compared with."""
    kind = context.kind
    allowed = PRODUCT_FIELDS if kind is Kind.PRODUCT else MODEL_FIELDS
    key = _KEYS[kind]
    changes = _Changes()
    for name, given in body.items():
        if name not in allowed:
            raise context.refuse(Rule.REQUEST, Layer.REQUEST, f'"{name}" is not a field of a {kind.noun}.', 422,
                                 messages.unknown_property(name))
        if name == key:
            continue
        if name == "values":
            _read_values(context, given, level, present, changes)
            continue
        new = _read_field(context, name, given, entity)
        current = _current(entity, name) if entity is not None else None
        if entity is None or new != current:
            if level is VIEW:
                raise _view_only(context)
            changes.fields[name] = new
    return changes


def _read_field(context: Context, name: str, given: object, entity: Entity | None) -> object:
    if name == "enabled":
        if not isinstance(given, bool):
            raise _wrong_type(context, name, "a boolean", given)
        return given
    if name == "family":
        if given is not None and not isinstance(given, str):
            raise _wrong_type(context, name, "a string", given)
        return given or ""
    if name == "groups":
        return _codes(context, name, given)
    if name == "parent":
        if given is None:
            return None
        if not isinstance(given, str):
            raise _wrong_type(context, name, "a string", given)
        model = context.store.product_model(given)
        if model is None or context.level(model) is Level.NONE:
            raise context.refuse(Rule.PRODUCT_VISIBLE, Layer.CATEGORY if model else Layer.REQUEST,
                                 f'The App may not see a product model "{given}".', 422, messages.unknown_parent(given))
        return given
    if name == "categories":
        return _read_categories(context, _codes(context, name, given), entity)
    assert name == "associations"
    return _read_associations(context, given, entity)


def _read_categories(context: Context, codes: tuple[str, ...], entity: Entity | None) -> tuple[str, ...]:
    catalog, rights = context.store.catalog, context.rights
    category_level = rights.category_level
    for code in codes:
        if code not in catalog.category_by_code:
            raise context.refuse(Rule.REQUEST, Layer.REQUEST, f'There is no category "{code}".', 422,
                                 messages.unknown_category(code))
        if category_level(code) is NO_LEVEL:
            raise context.refuse(
                Rule.CATEGORY_ASSIGNABLE, Layer.CATEGORY, f'Category "{code}" is in a tree the App may not see.',
                422, messages.unknown_category(code),
            )
    hidden = rights.hidden_categories(entity.categories) if entity else ()
    if hidden:
        context.passed(Rule.CATEGORY_ASSIGNABLE, Layer.CATEGORY,
                       f"The categories the App cannot see are kept: {', '.join(hidden)}.")
    return tuple(sorted(set(codes) | set(hidden)))


def _read_associations(context: Context, given: object, entity: Entity | None) -> tuple[Association, ...]:
    if not isinstance(given, Mapping):
        raise _wrong_type(context, "associations", "an array", given)
    existing = {a.type: a for a in (entity.associations if entity else ())}
    result = dict(existing)
    for type_code, links in given.items():
        if not isinstance(links, Mapping):
            raise _wrong_type(context, "associations", "an array", links)
        old = existing.get(type_code, Association(type_code))
        products = _linked(context, Kind.PRODUCT, links.get("products"), old.products)
        models = _linked(context, Kind.PRODUCT_MODEL, links.get("product_models"), old.product_models)
        result[type_code] = Association(type_code, products, models)
    return tuple(
        Association(a.type, tuple(sorted(a.products)), tuple(sorted(a.product_models)))
        for a in sorted(result.values(), key=lambda a: a.type)
    )


def _linked(context: Context, kind: Kind, given: object, old: tuple[str, ...]) -> tuple[str, ...]:
    if given is None:
        return old
    codes = _codes(context, "associations", given)
    for code in codes:
        linked = context.store.entity(kind, code)
        if linked is None:
            raise context.refuse(Rule.REQUEST, Layer.REQUEST, f'There is no {kind.noun} "{code}".', 422,
                                 messages.unknown_association(kind, code))
        if context.level(linked) is Level.NONE:
            raise context.refuse(Rule.PRODUCT_VISIBLE, Layer.CATEGORY, f'The App may not see the {kind.noun} "{code}".',
                                 403, messages.hidden_association(kind))
    hidden = [code for code in old if (e := context.store.entity(kind, code)) is not None and context.level(e) is Level.NONE]
    return tuple(sorted(set(codes) | set(hidden)))


def _read_values(
    context: Context, given: object, level: Level | None, present: Callable[[ValueKey], JsonData], changes: _Changes
) -> None:
    if type(given) is not dict and not isinstance(given, Mapping):
        raise _wrong_type(context, "values", "an array", given)
    for code, entries in given.items():
        if not isinstance(entries, list):
            raise _wrong_type(context, "values", "an array", entries)
        for entry in entries:
            if type(entry) is not dict and not isinstance(entry, Mapping):
                raise _wrong_type(context, "values", "an array", entry)
            _read_value(context, code, entry, level, present, changes)


def _read_value(
    context: Context,
    code: str,
    entry: Mapping[str, object],
    level: Level | None,
    present: Callable[[ValueKey], JsonData],
    changes: _Changes,
) -> None:
    """One value: attribute and locale must be visible; a change must be editable on
    the locale, the product and the attribute group, in that order."""
    rights, catalog = context.rights, context.store.catalog
    attribute = catalog.attribute_by_code.get(code)
    if attribute is None:
        raise context.refuse(Rule.REQUEST, Layer.REQUEST, f'There is no attribute "{code}".', 422,
                             messages.hidden_attribute(code))
    locale = entry.get("locale")
    data = entry.get("data")
    if locale is not None and not isinstance(locale, str):
        raise _wrong_type(context, code, "a string", locale)
    if data is not None and not isinstance(data, str):
        raise _wrong_type(context, code, "a string", data)
    if attribute.localizable and locale is None:
        raise context.refuse(Rule.REQUEST, Layer.REQUEST, f'"{code}" is localizable.', 422, messages.locale_expected(code))
    if not attribute.localizable and locale is not None:
        raise context.refuse(Rule.REQUEST, Layer.REQUEST, f'"{code}" is not localizable.', 422,
                             messages.locale_unexpected(code, locale))
    locale_level = EDIT
    if locale is not None:
        locale_level = rights.locale_level(locale) if locale in catalog.locale_codes else NO_LEVEL
        if locale_level is NO_LEVEL:
            layer = Layer.LOCALE if locale in catalog.locale_codes else Layer.REQUEST
            raise context.refuse(Rule.LOCALE_VISIBLE, layer, f"The App may not see the locale {locale}.", 422,
                                 messages.hidden_locale(code, locale))
    group_level = rights.attribute_group_level(attribute.group)
    if group_level is NO_LEVEL:
        raise context.refuse(
            Rule.ATTRIBUTE_GROUP_VISIBLE, Layer.ATTRIBUTE_GROUP,
            f'The App may not see the attribute group "{attribute.group}" of "{code}".', 422, messages.hidden_attribute(code),
        )
    key = (code, locale, None)
    if level is not None and present(key) == data:
        return
    where = f"{code} ({locale})" if locale else code
    if locale is not None:
        if locale_level is VIEW:
            raise context.refuse(Rule.LOCALE_EDITABLE, Layer.LOCALE, f"Changing {where} needs Edit on {locale}; the App has View.",
                                 403, messages.view_only_locale(locale))
        context.checks.append((*_LOCALE_EDITABLE, f"The App may edit values in {locale}.", True))
    if level is VIEW:
        raise _view_only(context)
    if group_level is VIEW:
        raise context.refuse(
            Rule.ATTRIBUTE_GROUP_EDITABLE, Layer.ATTRIBUTE_GROUP,
            f'Changing {where} needs Edit on the attribute group "{attribute.group}"; the App has View.',
            403, messages.view_only_attribute_group(code, attribute.group),
        )
    context.checks.append((*_GROUP_EDITABLE, f'The App may edit the attribute group "{attribute.group}".', True))
    changes.values[key] = data


# Deciding ---------------------------------------------------------------------


def _propose(context: Context, code: str, changes: _Changes, draft: Draft | None) -> Outcome:
    kind = context.kind
    if changes.fields:
        raise context.refuse(
            Rule.PRODUCT_OWNED, Layer.CATEGORY,
            f"The App may edit but does not own the {kind.noun}: only values can become a draft.",
            403, messages.fields_need_own(kind, changes.names()),
        )
    merged = {**(draft.changes if draft else {}), **changes.values}
    context.checks.append(_DRAFTED[kind])
    headers = {"Location": context.path("/draft")}
    return Outcome(204, "", _DRAFT_EFFECT, _CATEGORY, partial(_with_draft, context.store, kind, code, merged), None, headers)


def _with_draft(store: Store, kind: Kind, code: str, changes: dict[ValueKey, JsonData]) -> Store:
    return store.with_draft(kind, code, Draft(changes, DraftStatus.IN_PROGRESS))


def _check_still_owned(context: Context, moved: Entity) -> None:
    """Reference §4: the App may not re-categorize a product out of its ownership;
    for a product model, Edit counts as ownership."""
    kind = context.kind
    level = context.level(moved)
    needed = Level.OWN if kind is Kind.PRODUCT else Level.EDIT
    if level < needed:
        raise context.refuse(
            Rule.PRODUCT_OWNED, Layer.CATEGORY,
            f"After the change the App would have {level.name.title()} on the {kind.noun}; it must keep "
            f"{'Own' if needed is Level.OWN else 'Edit or Own'}.",
            403, messages.keep_owned(kind),
        )


def _with_applied(store: Store, kind: Kind, entity: Entity, changes: _Changes) -> Store:
    return store.with_entity(kind, _applied(entity, changes))


def _applied(entity: Entity, changes: _Changes) -> Entity:
    updates: dict[str, object] = dict(changes.fields)
    if changes.values:
        values = {(v.attribute, v.locale, v.scope): v for v in entity.values}
        for key, data in changes.values.items():
            if data is None:
                values.pop(key, None)
            else:
                values[key] = Value(key[0], key[1], data, key[2])
        updates["values"] = tuple(values.values())
    # What dataclasses.replace does, without its per-call introspection of the fields:
    # a product's instance dictionary holds its fields and nothing else.
    return type(entity)(**{**vars(entity), **updates})


def _current(entity: Entity, name: str) -> object:
    """A field as stored, in the form :func:`_read_field` gives, to compare them."""
    if name == "categories":
        return tuple(sorted(entity.categories))
    if name == "associations":
        return tuple(
            Association(a.type, tuple(sorted(a.products)), tuple(sorted(a.product_models)))
            for a in sorted(entity.associations, key=lambda a: a.type)
        )
    return getattr(entity, name)


def _nothing(key: ValueKey) -> None:
    """A creation has no value yet."""
    return None


def _codes(context: Context, name: str, given: object) -> tuple[str, ...]:
    if isinstance(given, list):
        for item in given:
            if not isinstance(item, str):
                break
        else:
            return tuple(given)
    raise _wrong_type(context, name, "an array of strings", given)


def _body(context: Context) -> Mapping[str, object]:
    return context.body or {}


def _view_only(context: Context) -> Refused:
    code = context.code
    assert code is not None
    return context.refuse(
        Rule.PRODUCT_EDITABLE, Layer.CATEGORY, f"Changing the {context.kind.noun} needs Edit; the App has View.",
        403, messages.view_only(context.kind, code),
    )


def _wrong_type(context: Context, name: str, expected: str, given: object) -> Refused:
    return context.refuse(Rule.REQUEST, Layer.REQUEST, f'"{name}" has the wrong type.', 422,
                          messages.wrong_type(name, expected, given))


def _validation_failed(property_name: str, message: str) -> dict[str, object]:
    return {"code": 422, "message": messages.VALIDATION_FAILED, "errors": [{"property": property_name, "message": message}]}


def _write_layer(context: Context) -> Layer:
    return _CATEGORY if context.ee else _SCOPE

