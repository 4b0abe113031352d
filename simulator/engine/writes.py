"""The write endpoints: POST, PATCH, DELETE, and submitting a draft (reference §4),
for products by identifier and by uuid (``products-uuid``) and for product models.

A write checks the scope; for products, the body's structure (the PIM's
``PayloadFormatValidator`` and ``DuplicateValueChecker`` run before the product is
looked up); then that the App may see the product (category); then each value, as
:mod:`simulator.engine.values` describes: the attribute and, in EE, the locale must be
visible, the data must fit the attribute's type, and a change must be editable on the
locale, the product and the attribute group, in the reference's axis order; last, the
product's validation answers every problem of the values set at once. What the App
cannot see is kept: a PATCH never erases hidden categories, values or associations.
An editor that does not own the product gets a draft instead of a change.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Mapping
from dataclasses import replace
from functools import partial
from typing import Callable

from simulator.engine import messages
from simulator.engine.messages import CHECK_THE_FORMAT, documented, php_type, validation_failed
from simulator.engine import values as values_module
from simulator.engine.values import ChangedValue
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
    TEXT,
    TEXTAREA,
    Rule,
    Value,
    derived_uuid,
    entity_path,
    product_uuid,
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
_PRODUCT, _PRODUCT_MODEL = Kind.PRODUCT, Kind.PRODUCT_MODEL

PRODUCT_FIELDS = ("identifier", "enabled", "family", "categories", "groups", "parent", "values", "associations")
UUID_PRODUCT_FIELDS = ("uuid", "enabled", "family", "categories", "groups", "parent", "values", "associations")
MODEL_FIELDS = ("code", "family", "family_variant", "categories", "parent", "values", "associations")


class _Changes:
    """What a body changes, field by field, in the order the body gives them, and the
    values it sets (for the product's validation once the body is read)."""

    __slots__ = ("fields", "values", "set_values")

    def __init__(self) -> None:
        self.fields: dict[str, object] = {}
        self.values: dict[ValueKey, JsonData] = {}
        self.set_values: list[ChangedValue] = []

    @property
    def empty(self) -> bool:
        return not self.fields and not self.values

    def names(self) -> list[str]:
        return list(self.fields)


def _anchor(context: Context, creating: bool) -> str:
    """The API reference's anchor of the endpoint, for ``_links.documentation``
    (``Documentation::URL`` followed by the route's anchor in the PIM's controllers)."""
    if context.kind is Kind.PRODUCT_MODEL:
        return "post_product_models" if creating else "patch_product_models__code_"
    if context.by_uuid:
        return "post_products_uuid" if creating else "patch_products_uuid__uuid_"
    return "post_products" if creating else "patch_products__code_"


def _documented(context: Context, rule: Rule, layer: Layer, description: str, message: str, creating: bool) -> Refused:
    """A refusal the PIM words as a ``DocumentedHttpException``: the message, the
    advice to check the format, and the link to the endpoint's documentation."""
    # Appended even to a message that has it already (PayloadFormatValidator's missing
    # keys): the product controllers' sprintf('%s Check the expected format…') does so.
    text = message + CHECK_THE_FORMAT
    return context.refuse(rule, layer, description, 422, text, response=documented(text, _anchor(context, creating)))


def _body_of(context: Context) -> Mapping[str, object]:
    body = context.body
    if type(body) is dict:
        return body
    return body if isinstance(body, Mapping) else {}


def _check_payload(context: Context, body: Mapping[str, object], creating: bool) -> None:
    """What the product controllers check before they look the product up: the
    identifier field, the values' structure (``PayloadFormatValidator``), duplicated
    values (``DuplicateValueChecker``). Product models have none of these."""
    if context.kind is not _PRODUCT or ("values" not in body and "identifier" not in body):
        return
    if context.by_uuid:
        if "identifier" in body and body["identifier"] is not None:
            raise _documented(context, Rule.REQUEST, Layer.REQUEST,
                              'A products-uuid body names the identifier in its values, not in an "identifier" field.',
                              messages.IDENTIFIER_FIELD_UNKNOWN, creating)
    elif not creating and "identifier" in body and body["identifier"] in (None, ""):
        raise context.refuse(
            Rule.REQUEST, Layer.REQUEST, "The body empties the identifier.", 422, messages.NO_IDENTIFIER,
            response=documented(messages.NO_IDENTIFIER, "patch_products_uuid__uuid_"),
        )
    values = body.get("values")
    catalog = context.store.catalog
    if values_module.plainly_well_formed(values, catalog.attribute_by_code):
        return
    problem = values_module.payload_problem(values, catalog) or values_module.duplicate_problem(values)
    if problem is not None:
        raise _documented(context, Rule.REQUEST, Layer.REQUEST, "The body's values are not in the API's format.",
                          problem, creating)


def create(context: Context) -> Outcome:
    context.require_scope("write_products")
    context.note_edition()
    body = _body_of(context)
    _check_payload(context, body, True)
    kind = context.kind
    if context.by_uuid:
        return _create_by_uuid(context, body)
    key = kind.key
    code = body.get(key)
    if not isinstance(code, str) or not code:
        raise context.refuse(
            Rule.REQUEST, Layer.REQUEST, f'The body has no "{key}".', 422, messages.VALIDATION_FAILED,
            response=_validation_failed(key, "This value should not be blank."),
        )
    return _create(context, code, body)


def _create_by_uuid(context: Context, body: Mapping[str, object]) -> Outcome:
    """``CreateProductByUuidController``: the uuid is the body's or a new one; the
    identifier, if any, is the value of the identifier attribute."""
    store = context.store
    given = body.get("uuid")
    if isinstance(given, str) and store.product_by_uuid(given) is not None:
        message = messages.uuid_taken(given)
        raise context.refuse(Rule.REQUEST, Layer.REQUEST, f"A product with the uuid {given} exists already.", 422,
                             messages.VALIDATION_FAILED, response=_validation_failed("uuid", message))
    if given is not None and (not isinstance(given, str) or not _is_uuid(given)):
        raise _documented(context, Rule.REQUEST, Layer.REQUEST, "The uuid is not a uuid.", messages.NOT_A_UUID, True)
    identifier = _identifier_in_values(context, body)
    uuid = str(given).lower() if given is not None else derived_uuid(f"{identifier or ''}#{len(store.changed_products)}")
    return _create(context, identifier or "", body, uuid)


def _identifier_in_values(context: Context, body: Mapping[str, object]) -> str | None:
    attribute = context.store.catalog.identifier_attribute
    values = body.get("values")
    if attribute is None or not isinstance(values, Mapping):
        return None
    entries = values.get(attribute.code)
    if isinstance(entries, list) and entries and isinstance(entries[0], Mapping):
        data = entries[0].get("data")
        return data if isinstance(data, str) and data.strip() else None
    return None


def _is_uuid(text: str) -> bool:
    try:
        uuid_module.UUID(text)
    except ValueError:
        return False
    return True


def update(context: Context) -> Outcome:
    context.require_scope("write_products")
    if not context.ee:
        context.note_edition()
    kind, code, store = context.kind, context.code, context.store
    assert code is not None
    body = context.body if type(context.body) is dict else _body_of(context)
    if kind is _PRODUCT and (
        context.by_uuid or "identifier" in body
        or ("values" in body and not values_module.plainly_well_formed(body["values"], store.catalog.attribute_by_code))
    ):
        _check_payload(context, body, False)
    found = store.product_by_uuid(code) if context.by_uuid else store.entity(kind, code)
    if found is None:
        context.passed(Rule.REQUEST, Layer.REQUEST, f'There is no {kind.noun} "{code}" yet: PATCH creates it.')
        if context.by_uuid:
            given = body.get("uuid", code)
            if given != code:
                raise context.refuse(Rule.REQUEST, Layer.REQUEST, f"The body names {given!r}, the path {code!r}.",
                                     422, messages.uuid_mismatch(str(given), code))
            return _create(context, _identifier_in_values(context, body) or "", body, code.lower())
        given = body.get(_KEYS[kind], code)
        if given != code:
            raise context.refuse(
                Rule.REQUEST, Layer.REQUEST, f"The body names {given!r}, the path {code!r}.",
                422, messages.key_mismatch(kind, str(given), code),
            )
        return _create(context, code, body)
    if context.by_uuid and body.get("uuid", code) != code:
        raise context.refuse(Rule.REQUEST, Layer.REQUEST, f"The body names {body.get('uuid')!r}, the path {code!r}.",
                             422, messages.uuid_mismatch(str(body.get("uuid")), code))
    entity, level = context.visible(code, found)
    key = code_of(entity) if context.by_uuid else code
    draft = store.draft(kind, key)
    drafted = draft.changes if level is EDIT and draft is not None else None
    if drafted:
        def present(value_key: ValueKey) -> JsonData:
            """The value a change is compared with: the App's draft applied."""
            return drafted[value_key] if value_key in drafted else store.value_of(entity, value_key)
    else:
        present = partial(store.value_of, entity)

    changes = _read_body(context, body, entity, level, present)
    if changes.empty:
        context.passed(Rule.PRODUCT_EDITABLE, Layer.REQUEST, "The body changes nothing.")
        location = {"Location": context.path()}
        return Outcome(204, "", _APPLIED_EFFECT, _write_layer(context), store, None, location)
    if level is EDIT:
        return _propose(context, key, changes, draft)
    if "categories" in changes.fields or "parent" in changes.fields or "identifier" in changes.fields:
        updated = _applied(entity, changes)
        _check_still_owned(context, updated)
        moved = store.without_entity(kind, key) if code_of(updated) != key else store
        after: Store | Callable[[], Store] = moved.with_entity(kind, updated)
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
    entity, level = context.visible_entity(code)
    if level is not OWN:
        raise context.refuse(
            Rule.PRODUCT_OWNED, Layer.CATEGORY, f"Deleting needs Own; the App has {level.name.title()}.",
            403, messages.delete_needs_own(kind),
        )
    context.checks.append(_DELETED[kind])
    key = code_of(entity) if context.by_uuid else code
    return Outcome(204, "", _APPLIED_EFFECT, _write_layer(context), partial(_without, context.store, kind, key))


def _without(store: Store, kind: Kind, code: str) -> Store:
    """The store after deleting: a product model takes its sub-models and variants along."""
    store = store.without_entity(kind, code)
    if kind is Kind.PRODUCT_MODEL:
        below: dict[str, list[str]] = {}  # each model's sub-models: the branch is walked once
        for model in store.entities(Kind.PRODUCT_MODEL):
            if model.parent is not None:
                below.setdefault(model.parent, []).append(code_of(model))
        removed, pending = {code}, [code]
        while pending:
            for child in below.get(pending.pop(), ()):
                if child not in removed:
                    removed.add(child)
                    pending.append(child)
        store = store.without_entities(Kind.PRODUCT_MODEL, removed - {code})
        store = store.without_entities(
            Kind.PRODUCT, [code_of(p) for p in store.entities(Kind.PRODUCT) if p.parent in removed]
        )
    return store


def submit_draft(context: Context) -> Outcome:
    context.require_scope("write_products")
    kind, code = context.kind, context.code
    assert code is not None
    entity, level = context.visible_entity(code)
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
    key = code_of(entity)
    draft = context.store.draft(kind, key)
    if draft is None:
        raise context.refuse(Rule.PRODUCT_EDITABLE, Layer.REQUEST, "The App has no draft on it.", 422,
                             messages.NO_DRAFT_TO_SUBMIT)
    if draft.status is DraftStatus.WAITING_FOR_APPROVAL:
        raise context.refuse(Rule.PRODUCT_EDITABLE, Layer.REQUEST, "The draft already waits for approval.", 422,
                             messages.DRAFT_ALREADY_SUBMITTED)
    context.passed(Rule.PRODUCT_EDITABLE, Layer.CATEGORY, "The draft is sent to the owners for approval.")
    store = context.store.with_draft(kind, key, replace(draft, status=DraftStatus.WAITING_FOR_APPROVAL))
    return Outcome(201, "", Effect.APPLIED, Layer.CATEGORY, store)


# Creating ---------------------------------------------------------------------


def _create(context: Context, code: str, body: Mapping[str, object], uuid: str = "") -> Outcome:
    """Reference §4: a creation is applied directly whatever the category level."""
    kind = context.kind
    changes = _read_body(context, body, None, None, _nothing, creating=True)
    if code and context.store.entity(kind, code) is not None:
        if kind is Kind.PRODUCT:
            message = messages.identifier_taken(code)
            raise context.refuse(Rule.REQUEST, Layer.REQUEST, f'A product "{code}" already exists.', 422,
                                 messages.VALIDATION_FAILED, response=_validation_failed("identifier", message))
        raise context.refuse(
            Rule.REQUEST, Layer.REQUEST, f'A {kind.noun} "{code}" already exists.', 422, messages.VALIDATION_FAILED,
            response=_validation_failed(kind.key, messages.already_exists(kind)),
        )
    blank: Entity = Product(identifier=code, uuid=uuid) if kind is Kind.PRODUCT else ProductModel(code=code)
    created = _applied(blank, changes)
    context.passed(Rule.PRODUCT_EDITABLE, Layer.CATEGORY, "A creation is applied directly, whatever the category level.")
    if context.by_uuid:
        location = entity_path(kind, product_uuid(created) if isinstance(created, Product) else code, "", True)
    else:
        location = context.path() if context.code else f"{context.path()}/{code}"
    return Outcome(201, "", Effect.APPLIED, _write_layer(context), context.store.with_entity(kind, created), None,
                   {"Location": location})


# Reading a body ---------------------------------------------------------------


def _read_body(
    context: Context,
    body: Mapping[str, object],
    entity: Entity | None,
    level: Level | None,
    present: Callable[[ValueKey], JsonData],
    creating: bool = False,
) -> _Changes:
    """Validate the body in its own order and collect what it changes; ``present``
    gives the value a change is compared with. Once every field is read, the values
    set are validated together, as the PIM validates the updated product."""
    kind = context.kind
    allowed = MODEL_FIELDS if kind is Kind.PRODUCT_MODEL else (UUID_PRODUCT_FIELDS if context.by_uuid else PRODUCT_FIELDS)
    key = "uuid" if context.by_uuid else _KEYS[kind]
    changes = _Changes()
    for name, given in body.items():
        if name not in allowed:
            raise _documented(context, Rule.REQUEST, Layer.REQUEST, f'"{name}" is not a field of a {kind.noun}.',
                              messages.unknown_property_bare(name), creating)
        if name == key and (entity is None or kind is not Kind.PRODUCT or context.by_uuid or given == code_of(entity)):
            continue
        if name == "values":
            _read_values(context, given, level, present, changes, creating)
            continue
        new = _read_field(context, name, given, entity, creating)
        current = _current(entity, name) if entity is not None else None
        if entity is None or new != current:
            if level is VIEW:
                raise _view_only(context)
            changes.fields[name] = new
    if context.by_uuid and entity is not None:
        _read_identifier_value(context, entity, changes)
    if changes.set_values or "identifier" in changes.fields:
        _validate(context, changes, creating)
    return changes


def _read_identifier_value(context: Context, entity: Entity, changes: _Changes) -> None:
    """Through ``products-uuid`` the identifier is a value: changing it renames."""
    attribute = context.store.catalog.identifier_attribute
    if attribute is None:
        return
    new = changes.values.pop((attribute.code, None, None), _UNSET)
    if new is _UNSET or not isinstance(entity, Product):
        return
    identifier = "" if new is None else str(new)
    if identifier != entity.identifier:
        changes.fields["identifier"] = identifier


_UNSET = object()


def _validate(context: Context, changes: _Changes, creating: bool) -> None:
    """The product's validation once updated: every problem of the values it sets,
    and an identifier already used by another product."""
    if not changes.set_values and "identifier" not in changes.fields:
        return
    catalog = context.store.catalog
    errors = [v.to_json() for v in values_module.violations(catalog, changes.set_values, check_locales=not context.ee)]
    new_identifier = changes.fields.get("identifier")
    if isinstance(new_identifier, str) and new_identifier and context.store.product(new_identifier) is not None:
        errors.insert(0, {"property": "identifier", "message": messages.identifier_taken(new_identifier)})
    if errors:
        first = str(errors[0]["message"])
        raise context.refuse(
            Rule.REQUEST, Layer.REQUEST, lambda: f"The product's validation fails: {first}", 422, messages.VALIDATION_FAILED,
            response=validation_failed(errors),
        )


def _read_field(context: Context, name: str, given: object, entity: Entity | None, creating: bool) -> object:
    if name == "identifier":
        if not isinstance(given, str):
            raise _documented(context, Rule.REQUEST, Layer.REQUEST, '"identifier" is not a string.',
                              messages.string_expected("identifier", php_type(given)), creating)
        return given
    if name == "enabled":
        if not isinstance(given, bool):
            raise _documented(context, Rule.REQUEST, Layer.REQUEST, '"enabled" is not true or false.',
                              messages.boolean_expected_factory(name, php_type(given)), creating)
        return given
    if name in ("family", "family_variant"):
        if given is not None and (isinstance(given, (list, dict))):
            raise _documented(context, Rule.REQUEST, Layer.REQUEST, f'"{name}" is not a code.',
                              messages.scalar_expected(name, php_type(given)), creating)
        family = "" if given is None else str(given)
        known = context.store.catalog.family_by_code
        if name == "family" and family and context.store.catalog.families and family not in known:
            raise _documented(context, Rule.REQUEST, Layer.REQUEST, f'There is no family "{family}".',
                              messages.unknown_family(family), creating)
        return family
    if name == "groups":
        return _codes(context, name, given, creating)
    if name == "parent":
        if given is None:
            return None
        if not isinstance(given, str):
            raise _documented(context, Rule.REQUEST, Layer.REQUEST, '"parent" is not a code.',
                              messages.string_expected(name, php_type(given)), creating)
        model = context.store.product_model(given)
        if model is None or context.level(model) is Level.NONE:
            raise context.refuse(Rule.PRODUCT_VISIBLE, Layer.CATEGORY if model else Layer.REQUEST,
                                 f'The App may not see a product model "{given}".', 422, messages.unknown_parent(given))
        return given
    if name == "categories":
        return _read_categories(context, _codes(context, name, given, creating), entity, creating)
    assert name == "associations"
    return _read_associations(context, given, entity, creating)


def _read_categories(
    context: Context, codes: tuple[str, ...], entity: Entity | None, creating: bool
) -> tuple[str, ...]:
    catalog, rights = context.store.catalog, context.rights
    category_level = rights.category_level
    for code in codes:
        if code not in catalog.category_by_code:
            raise _documented(context, Rule.REQUEST, Layer.REQUEST, f'There is no category "{code}".',
                              messages.unknown_category(code), creating)
        if category_level(code) is NO_LEVEL:
            raise _documented(
                context, Rule.CATEGORY_ASSIGNABLE, Layer.CATEGORY, f'Category "{code}" is in a tree the App may not see.',
                messages.unknown_category(code), creating,
            )
    hidden = rights.hidden_categories(entity.categories) if entity else ()
    if hidden:
        context.passed(Rule.CATEGORY_ASSIGNABLE, Layer.CATEGORY,
                       f"The categories the App cannot see are kept: {', '.join(hidden)}.")
    return tuple(sorted(set(codes) | set(hidden)))


def _read_associations(
    context: Context, given: object, entity: Entity | None, creating: bool
) -> tuple[Association, ...]:
    if not isinstance(given, Mapping):
        raise _documented(context, Rule.REQUEST, Layer.REQUEST, '"associations" is not an object.',
                          messages.array_expected("associations", php_type(given)), creating)
    existing = {a.type: a for a in (entity.associations if entity else ())}
    result = dict(existing)
    for type_code, links in given.items():
        if not isinstance(links, Mapping):
            raise _documented(context, Rule.REQUEST, Layer.REQUEST, f'"associations.{type_code}" is not an object.',
                              messages.array_expected("associations", php_type(links)), creating)
        old = existing.get(type_code, Association(type_code))
        products = _linked(context, Kind.PRODUCT, links.get("products"), old.products, creating)
        models = _linked(context, Kind.PRODUCT_MODEL, links.get("product_models"), old.product_models, creating)
        result[type_code] = Association(type_code, products, models)
    return tuple(
        Association(a.type, tuple(sorted(a.products)), tuple(sorted(a.product_models)))
        for a in sorted(result.values(), key=lambda a: a.type)
    )


def _linked(context: Context, kind: Kind, given: object, old: tuple[str, ...], creating: bool) -> tuple[str, ...]:
    if given is None:
        return old
    codes = _codes(context, "associations", given, creating)
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
    context: Context,
    given: object,
    level: Level | None,
    present: Callable[[ValueKey], JsonData],
    changes: _Changes,
    creating: bool,
) -> None:
    if context.kind is Kind.PRODUCT_MODEL:
        problem = values_module.structure_problem(given)
        if problem is not None:
            raise _documented(context, Rule.REQUEST, Layer.REQUEST, "The values are not in the API's format.",
                              problem, creating)
    elif type(given) is not dict and not isinstance(given, Mapping):
        if isinstance(given, list) and not given:
            return
        raise _documented(context, Rule.REQUEST, Layer.REQUEST, "The values are not in the API's format.",
                          messages.array_expected("values", php_type(given)), creating)
    for code, entries in given.items():  # type: ignore[attr-defined]
        if type(entries) is not list and not isinstance(entries, (list, Mapping)):
            raise _documented(context, Rule.REQUEST, Layer.REQUEST, f'The values of "{code}" are not a list.',
                              messages.array_expected(code, php_type(entries)), creating)
        for entry in (entries if type(entries) is list else entries.values()):  # type: ignore[union-attr]
            if type(entry) is not dict and not isinstance(entry, Mapping):
                raise _documented(context, Rule.REQUEST, Layer.REQUEST, f'A value of "{code}" is not an object.',
                                  messages.one_value_not_an_array(code), creating)
            _read_value(context, code, entry, level, present, changes, creating)


def _read_value(
    context: Context,
    code: str,
    entry: Mapping[str, object],
    level: Level | None,
    present: Callable[[ValueKey], JsonData],
    changes: _Changes,
    creating: bool,
) -> None:
    """One value. Visibility first: the attribute (its group) and, in EE, the locale;
    then empty data removes the value unchecked; then the channel and locale against
    the attribute's flags and the data against its type; a value equal to the stored
    one changes nothing; then a change must be editable on the locale, the product and
    the attribute group, in that order."""
    rights, catalog = context.rights, context.store.catalog
    attribute = catalog.attribute_by_code.get(code)
    if attribute is None:
        raise _documented(context, Rule.REQUEST, Layer.REQUEST, f'There is no attribute "{code}".',
                          messages.unknown_attribute(code), creating)
    locale = entry.get("locale")
    scope = entry.get("scope")
    data = entry.get("data")
    if locale is not None and type(locale) is not str or scope is not None and type(scope) is not str:
        wrong = "locale" if locale is not None and not isinstance(locale, str) else "scope"
        raise _documented(context, Rule.REQUEST, Layer.REQUEST, f'The {wrong} of a "{code}" value is not a string.',
                          messages.value_key_not_string(code, wrong, php_type(entry.get(wrong))), creating)
    group_level = rights.attribute_group_level(attribute.group)
    if group_level is NO_LEVEL:
        raise _documented(
            context, Rule.ATTRIBUTE_GROUP_VISIBLE, Layer.ATTRIBUTE_GROUP,
            f'The App may not see the attribute group "{attribute.group}" of "{code}".',
            messages.unknown_attribute(code), creating,
        )
    locale_level = EDIT
    if locale is not None and context.ee:
        locale_level = rights.locale_level(locale) if locale in catalog.locale_set else NO_LEVEL
        if locale_level is NO_LEVEL:
            layer = Layer.LOCALE if locale in catalog.locale_set else Layer.REQUEST
            raise _documented(context, Rule.LOCALE_VISIBLE, layer, f"The App may not see the locale {locale}.",
                              messages.hidden_locale(code, locale), creating)
    key = (code, locale, scope)
    plain = type(data) is str and attribute.type in _PLAIN_TYPES and bool(data) and not data.isspace()
    if not plain:
        data = values_module.without_empty_prices(attribute, data)
    if not plain and values_module.is_empty(attribute, data):
        if present(key) is None:
            return  # nothing to remove (EntityWithValuesBuilder::addOrReplaceValue)
        data = None
    else:
        problem = None
        if attribute.localizable is not (locale is not None) or attribute.scopable is not (scope is not None):
            problem = values_module.place_problem(attribute, locale, scope)
        if problem is None and not plain:
            problem = values_module.data_problem(attribute, data, catalog)
        if problem is not None:
            raise _documented(context, Rule.REQUEST, Layer.REQUEST,
                              f'The "{code}" value does not fit the attribute ({attribute.type}).', problem, creating)
        if not plain:
            data = values_module.normalized(attribute, data)
        if level is not None and (present(key) == data if plain else values_module.same_data(attribute, present(key), data)):
            return
    if locale is not None and context.ee:
        if locale_level is VIEW:
            raise context.refuse(Rule.LOCALE_EDITABLE, Layer.LOCALE,
                                 f"Changing {_where(code, locale, scope)} needs Edit on {locale}; the App has View.",
                                 403, messages.view_only_locale(locale))
        context.checks.append((*_LOCALE_EDITABLE, f"The App may edit values in {locale}.", True))
    if level is VIEW:
        raise _view_only(context)
    if group_level is VIEW:
        raise context.refuse(
            Rule.ATTRIBUTE_GROUP_EDITABLE, Layer.ATTRIBUTE_GROUP,
            f'Changing {_where(code, locale, scope)} needs Edit on the attribute group "{attribute.group}"; '
            "the App has View.",
            403, messages.view_only_attribute_group(code, attribute.group),
        )
    context.checks.append((*_GROUP_EDITABLE, f'The App may edit the attribute group "{attribute.group}".', True))
    changes.values[key] = data
    if data is not None and not (
        plain and scope is None and not attribute.available_locales
        and (locale is None or locale in catalog.locale_set)
        and len(data) <= (attribute.max_characters or values_module.PLAIN_TEXT_LENGTHS[attribute.type])  # type: ignore[arg-type]
    ):
        # A plain text in a known locale, of an allowed length, has nothing to validate.
        changes.set_values.append((attribute, locale, scope, data))


_PLAIN_TYPES = frozenset({TEXT, TEXTAREA})
"""Types whose data is a plain string: a non-blank string passes their factory as it is."""


def _where(code: str, locale: str | None, scope: str | None) -> str:
    place = ", ".join(part for part in (locale, scope) if part)
    return f"{code} ({place})" if place else code


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


def _codes(context: Context, name: str, given: object, creating: bool) -> tuple[str, ...]:
    """A list of codes (``CategoryFieldSetter``, ``GroupFieldSetter``: an array, each a
    string)."""
    if not isinstance(given, list):
        raise _documented(context, Rule.REQUEST, Layer.REQUEST, f'"{name}" is not a list.',
                          messages.array_expected(name, php_type(given)), creating)
    for item in given:
        if not isinstance(item, str):
            noun = {"categories": "category", "groups": "group"}.get(name, "")
            because = f'one of the {noun} codes is not a string, "{php_type(item)}" given' if noun else (
                "one of the values is not a string")
            raise _documented(context, Rule.REQUEST, Layer.REQUEST, f'"{name}" holds something else than codes.',
                              messages.valid_array_structure(name, because), creating)
    return tuple(given)


def _view_only(context: Context) -> Refused:
    code = context.code
    assert code is not None
    return context.refuse(
        Rule.PRODUCT_EDITABLE, Layer.CATEGORY, f"Changing the {context.kind.noun} needs Edit; the App has View.",
        403, messages.view_only(context.kind, code),
    )


def _validation_failed(property_name: str, message: str) -> dict[str, object]:
    return {"code": 422, "message": messages.VALIDATION_FAILED, "errors": [{"property": property_name, "message": message}]}


def _write_layer(context: Context) -> Layer:
    return _CATEGORY if context.ee else _SCOPE

