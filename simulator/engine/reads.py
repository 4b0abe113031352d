"""The read endpoints: GET one, GET a list, GET the App's draft (reference §4), and the
two calls about the API itself that need no scope (reference §2).

A read shows the product as the App may see it: values in hidden locales or attribute
groups, hidden category codes and associations to hidden products are left out.
"""

from __future__ import annotations

from functools import partial
from typing import Mapping

from simulator.engine import messages
from simulator.engine.context import CheckRecord, Context, Deferred, Outcome
from simulator.engine.filters import (
    Criterion,
    SearchError,
    match_categories,
    match_text,
    match_value,
    operators_of,
    parse_search,
)
from simulator.engine.rights import Entity, Rights
from simulator.engine.store import Draft, Store, ValueKey, code_of
from simulator.model import (
    API_ROOT,
    SYSTEM_INFORMATION_PATH,
    Action,
    Edition,
    Effect,
    Grant,
    JsonData,
    Kind,
    Layer,
    Level,
    Product,
    Rule,
    entity_path,
)

_CATEGORY, _SCOPE, _APPLIED = Layer.CATEGORY, Layer.SCOPE, Effect.APPLIED  # see simulator.engine.context on enum members

DEFAULT_LIMIT = 10
MAX_LIMIT = 100


PIM_VERSION = "7.0.52"
"""The version the simulated PIM reports in its system information."""

_ENTITY_ROUTES = (
    # (route name part, method, names one entity, sub-resource)
    ("list", "GET", False, ""),
    ("get", "GET", True, ""),
    ("create", "POST", False, ""),
    ("partial_update", "PATCH", True, ""),
    ("delete", "DELETE", True, ""),
)
_EE_ROUTES = (("draft_get", "GET", "/draft"), ("proposal_create", "POST", "/proposal"))


def _endpoint_list(ee: bool) -> dict[str, object]:
    """The routes the simulated PIM serves, named as the PIM names them; drafts and
    proposals exist in EE only."""
    routes: dict[str, object] = {}
    for kind in Kind:
        name = kind.value.replace("-", "_")[:-1]  # products → product, product-models → product_model
        one = entity_path(kind, "{code}")
        for action, method, names_one, suffix in _ENTITY_ROUTES:
            path = one + suffix if names_one else entity_path(kind, None)
            routes[f"pim_api_{name}_{action}"] = {"route": path, "methods": [method]}
        if ee:
            for action, method, suffix in _EE_ROUTES:
                routes[f"pimee_api_{name}_{action}"] = {"route": one + suffix, "methods": [method]}
    routes["pim_api_system_information_get"] = {"route": SYSTEM_INFORMATION_PATH, "methods": ["GET"]}
    token = {"fos_oauthserver_token": {"route": "/api/oauth/v1/token", "methods": ["POST"]}}
    return {"authentication": token, "routes": routes}


def about_the_api(store: Store, grant: Grant, action: Action) -> tuple[Outcome, tuple[CheckRecord, ...]]:
    """§2: the list of endpoints and the system information need no scope; every App
    role has overall Web API access, so even an App that asked nothing reaches them."""
    held = ", ".join(sorted(grant.scopes)) or "no scope"
    if action is Action.LIST_ENDPOINTS:
        what = f"The list of endpoints ({API_ROOT}) is public"
        response: object = _endpoint_list(grant.edition is Edition.EE)
    else:
        what = "Every App role has overall Web API access, so any connected App reads the system information"
        response = {"version": PIM_VERSION, "edition": grant.edition.value}
    check: CheckRecord = (Rule.NO_SCOPE, _SCOPE, f"{what}: no scope is needed (the App holds {held}).", True)
    return Outcome(200, "", _APPLIED, _SCOPE, store, response), (check,)


def get_one(context: Context) -> Outcome:
    context.require_scope("read_products")
    code = context.code
    assert code is not None
    store = context.store
    if context.ee:
        entity, level = context.visible_entity(code)
        # The notes hold the rights, not the context: no cycle through its checks.
        context.checks.append(partial(_hidden_notes, context.rights, store, entity))
        layer = _CATEGORY
    else:
        context.note_edition()
        entity, level = context.visible_entity(code)
        layer = _SCOPE
    response = Deferred(_represent_stored, context, entity, level)
    return Outcome(200, "", _APPLIED, layer, store, response)


def get_draft(context: Context) -> Outcome:
    """EE only: the App's draft applied to the product, for an editor that has one."""
    context.require_scope("read_products")
    kind, code = context.kind, context.code
    assert code is not None
    entity, level = context.visible_entity(code)
    if level is Level.OWN:
        raise context.refuse(
            Rule.PRODUCT_OWNED, Layer.CATEGORY, "The App owns it: it edits the product itself, it has no draft.",
            403, messages.draft_by_owner(kind, code),
        )
    if level is Level.VIEW:
        raise context.refuse(
            Rule.PRODUCT_EDITABLE, Layer.CATEGORY, "The App may only view it: it cannot have a draft.",
            403, messages.draft_by_viewer(kind, code),
        )
    draft = context.store.draft(kind, code)
    if draft is None:
        raise context.refuse(
            Rule.PRODUCT_EDITABLE, Layer.REQUEST, "The App has no draft on it.", 404, messages.no_draft(kind, code)
        )
    context.passed(Rule.PRODUCT_EDITABLE, Layer.CATEGORY, f"The App has a draft on it ({draft.status.value}).")
    values = apply_draft(context.store.values_of(entity), draft)
    response = represent(context, entity, level, values)
    return Outcome(200, "", Effect.APPLIED, Layer.CATEGORY, context.store, response)


def list_entities(context: Context) -> Outcome:
    context.require_scope("read_products")
    context.note_edition()
    query = context.request.query
    limit = _number(context, query, "limit", DEFAULT_LIMIT)
    page = _number(context, query, "page", 1)
    if limit > MAX_LIMIT:
        raise context.refuse(Rule.REQUEST, Layer.REQUEST, f"limit={limit} is over {MAX_LIMIT}.", 422, messages.TOO_MANY_ITEMS)
    locales = _locales_parameter(context, query.get("locales"))
    attributes = _attributes_parameter(context, query.get("attributes"))
    criteria = _search(context, query)

    kind, store = context.kind, context.store
    matching: list[tuple[Entity, Level]] = []
    hidden = 0
    for entity in store.entities(kind):
        level = context.level(entity)
        if level is Level.NONE:
            hidden += 1
            continue
        if criteria and not _matches(context, entity, criteria):
            continue
        matching.append((entity, level))
    items = [
        represent(context, entity, level, store.values_of(entity), locales=locales, attributes=attributes)
        for entity, level in matching[(page - 1) * limit : page * limit]
    ]
    if context.ee:
        context.passed(
            Rule.PRODUCT_VISIBLE, Layer.CATEGORY,
            f"{hidden} {kind.noun}s are left out: none of their categories is viewable by the App."
            if hidden else f"The App may see every {kind.noun} through its categories.",
        )
    response = {"current_page": page, "_embedded": {"items": items}}
    return Outcome(200, "", Effect.APPLIED, _read_layer(context), store, response)


def represent(
    context: Context,
    entity: Entity,
    level: Level,
    values: Mapping[ValueKey, JsonData],
    *,
    locales: frozenset[str] | None = None,
    attributes: frozenset[str] | None = None,
) -> dict[str, object]:
    """The entity as the API shows it to the App."""
    rights, store = context.rights, context.store
    shown: dict[str, list[dict[str, object]]] = {}
    if level is not Level.NONE:
        visible = rights.visible_in_response
        for key, data in values.items():
            if not visible(key):
                continue
            code, locale, scope = key
            if attributes is not None and code not in attributes:
                continue
            if locales is not None and locale is not None and locale not in locales:
                continue
            entry: dict[str, object] = {"locale": locale, "scope": scope, "data": data}
            listed = shown.get(code)
            if listed is None:
                shown[code] = [entry]
            else:
                listed.append(entry)
    category_level = rights.category_level
    categories = sorted(c for c in store.categories_of(entity) if category_level(c) is not Level.NONE)
    body: dict[str, object]
    if isinstance(entity, Product):
        body = {
            "identifier": entity.identifier,
            "enabled": entity.enabled,
            "family": entity.family or None,
            "categories": categories,
            "groups": list(entity.groups),
            "parent": entity.parent,
            "values": shown,
        }
    else:
        body = {
            "code": entity.code,
            "family": entity.family or None,
            "parent": entity.parent,
            "categories": categories,
            "values": shown,
        }
    body["associations"] = {
        association.type: {
            "products": [p for p in association.products if _visible(context, Kind.PRODUCT, p)],
            "product_models": [m for m in association.product_models if _visible(context, Kind.PRODUCT_MODEL, m)],
            "groups": [],
        }
        for association in entity.associations
    }
    if context.ee:
        kind = Kind.PRODUCT if isinstance(entity, Product) else Kind.PRODUCT_MODEL
        body["metadata"] = {"workflow_status": context.workflow_status(kind, code_of(entity), level)}
    return body


def apply_draft(values: Mapping[ValueKey, JsonData], draft: Draft) -> dict[ValueKey, JsonData]:
    applied: dict[ValueKey, JsonData] = dict(values)
    for key, data in draft.changes.items():
        if data is None:
            applied.pop(key, None)
        else:
            applied[key] = data
    return applied


def _visible(context: Context, kind: Kind, code: str) -> bool:
    entity = context.store.entity(kind, code)
    return entity is not None and context.level(entity) is not Level.NONE


def _read_layer(context: Context) -> Layer:
    return Layer.CATEGORY if context.ee else Layer.SCOPE


def _represent_stored(context: Context, entity: Entity, level: Level) -> dict[str, object]:
    return represent(context, entity, level, context.store.values_of(entity))


def _hidden_notes(rights: Rights, store: Store, entity: Entity) -> list[CheckRecord]:
    """Say which values the response leaves out, and why, layer by layer."""
    hidden_by = rights.hidden_by
    hidden_locales: set[str] = set()
    hidden_groups: set[str] = set()
    for key in store.values_of(entity):
        locale, group = hidden_by(key)
        if locale is not None:
            hidden_locales.add(locale)
        if group is not None:
            hidden_groups.add(group)
    notes: list[CheckRecord] = []
    if hidden_locales:
        locales = ", ".join(sorted(hidden_locales))
        notes.append((
            Rule.LOCALE_VISIBLE, Layer.LOCALE,
            f"Values in {locales} are left out: the App has no permission on these locales.", True,
        ))
    if hidden_groups:
        groups = ", ".join(sorted(hidden_groups))
        notes.append((
            Rule.ATTRIBUTE_GROUP_VISIBLE, Layer.ATTRIBUTE_GROUP,
            f"Values of the attribute groups {groups} are left out: the App has no permission on them.", True,
        ))
    return notes


def _number(context: Context, query: Mapping[str, str], name: str, default: int) -> int:
    given = query.get(name)
    if given is None:
        return default
    if not given.isdigit() or int(given) < 1:
        raise context.refuse(Rule.REQUEST, Layer.REQUEST, f"{name}={given} is not a positive number.", 422,
                             messages.bad_number(name, given))
    return int(given)


def _locales_parameter(context: Context, given: str | None) -> frozenset[str] | None:
    if given is None:
        return None
    codes = [code for code in given.split(",") if code]
    known = set(context.store.catalog.locale_codes)
    refused = [code for code in codes if code not in known or context.rights.locale_level(code) is Level.NONE]
    if refused:
        layer = Layer.LOCALE if all(code in known for code in refused) else Layer.REQUEST
        raise context.refuse(
            Rule.LOCALE_VISIBLE, layer, f"locales={given}: the App may not see {', '.join(refused)}.",
            422, messages.filter_locales(refused),
        )
    context.passed(Rule.LOCALE_VISIBLE, Layer.LOCALE, f"locales={given}: the App may see these locales.")
    return frozenset(codes)


def _attributes_parameter(context: Context, given: str | None) -> frozenset[str] | None:
    if given is None:
        return None
    codes = [code for code in given.split(",") if code]
    refused = [code for code in codes if not _attribute_visible(context, code)]
    if refused:
        layer = Layer.ATTRIBUTE_GROUP if all(context.attribute(c) for c in refused) else Layer.REQUEST
        raise context.refuse(
            Rule.ATTRIBUTE_GROUP_VISIBLE, layer, f"attributes={given}: the App may not see {', '.join(refused)}.",
            422, messages.filter_attributes(refused),
        )
    context.passed(Rule.ATTRIBUTE_GROUP_VISIBLE, Layer.ATTRIBUTE_GROUP, f"attributes={given}: the App may see them.")
    return frozenset(codes)


def _attribute_visible(context: Context, code: str) -> bool:
    attribute = context.attribute(code)
    return attribute is not None and context.rights.attribute_group_level(attribute.group) is not Level.NONE


def _search(context: Context, query: Mapping[str, str]) -> tuple[Criterion, ...]:
    """Parse ``search`` and refuse filters on what the App may not see."""
    search_locale = query.get("search_locale")
    if search_locale is not None:
        _locales_parameter(context, search_locale)
    if "search" not in query:
        return ()
    try:
        criteria = parse_search(query["search"])
    except SearchError as error:
        raise context.refuse(Rule.REQUEST, Layer.REQUEST, "The search parameter is malformed.", 422, str(error)) from None
    resolved = []
    for criterion in criteria:
        if criterion.operator not in operators_of(criterion.field):
            raise context.refuse(
                Rule.REQUEST, Layer.REQUEST, f'"{criterion.operator}" is not an operator of "{criterion.field}".',
                422, messages.filter_operator(criterion.field, criterion.operator),
            )
        if criterion.field == "categories":
            _check_category_filter(context, criterion)
        elif criterion.field not in ("enabled", "family", "identifier", "code"):
            criterion = _check_attribute_filter(context, criterion, search_locale)
        resolved.append(criterion)
    return tuple(resolved)


def _check_category_filter(context: Context, criterion: Criterion) -> None:
    catalog = context.store.catalog
    for code in criterion.codes:
        if code not in catalog.category_by_code:
            raise context.refuse(Rule.REQUEST, Layer.REQUEST, f'There is no category "{code}".', 422,
                                 messages.filter_category(code))
        if context.rights.category_level(code) is Level.NONE:
            raise context.refuse(
                Rule.PRODUCT_VISIBLE, Layer.CATEGORY, f'Category "{code}" is in a tree the App may not see.',
                422, messages.filter_category(code),
            )
    if criterion.codes:
        context.passed(Rule.PRODUCT_VISIBLE, Layer.CATEGORY, f"The App may see the categories {', '.join(criterion.codes)}.")


def _check_attribute_filter(context: Context, criterion: Criterion, search_locale: str | None) -> Criterion:
    """Locale first, then attribute group (reference §4's axis order)."""
    attribute = context.attribute(criterion.field)
    locale = criterion.locale or search_locale
    if attribute is not None and attribute.localizable:
        if locale is None:
            raise context.refuse(Rule.REQUEST, Layer.REQUEST, f'Filtering on "{attribute.code}" needs a locale.', 422,
                                 messages.locale_expected(attribute.code))
        if locale not in context.store.catalog.locale_codes or context.rights.locale_level(locale) is Level.NONE:
            layer = Layer.LOCALE if locale in context.store.catalog.locale_codes else Layer.REQUEST
            raise context.refuse(Rule.LOCALE_VISIBLE, layer, f"The App may not see the locale {locale}.", 422,
                                 messages.filter_locales([locale]))
    if attribute is None or context.rights.attribute_group_level(attribute.group) is Level.NONE:
        layer = Layer.ATTRIBUTE_GROUP if attribute is not None else Layer.REQUEST
        raise context.refuse(
            Rule.ATTRIBUTE_GROUP_VISIBLE, layer, f'The App may not see the attribute "{criterion.field}".',
            422, messages.filter_attributes([criterion.field]),
        )
    context.passed(Rule.ATTRIBUTE_GROUP_VISIBLE, Layer.ATTRIBUTE_GROUP, f'The App may see the attribute "{attribute.code}".')
    if attribute.localizable and criterion.locale is None:
        return Criterion(criterion.field, criterion.operator, criterion.value, locale)
    return criterion


def _matches(context: Context, entity: Entity, criteria: tuple[Criterion, ...]) -> bool:
    store = context.store
    for criterion in criteria:
        name = criterion.field
        if name == "categories":
            if not match_categories(criterion, store.categories_of(entity), _descendants(context, criterion.codes)):
                return False
        elif name in ("identifier", "code"):
            if not match_text(criterion.operator, code_of(entity), criterion.value):
                return False
        elif name == "enabled":
            if not isinstance(entity, Product) or not match_text(criterion.operator, entity.enabled, criterion.value):
                return False
        elif name == "family":
            if not match_text(criterion.operator, entity.family or None, criterion.value):
                return False
        else:
            attribute = context.attribute(name)
            assert attribute is not None
            if not match_value(criterion, store.values_of(entity), attribute.localizable):
                return False
    return True


def _descendants(context: Context, codes: tuple[str, ...]) -> frozenset[str]:
    catalog = context.store.catalog
    wanted = set(codes)
    for category in catalog.categories:
        node = category
        while node.parent is not None and node.code not in wanted:
            node = catalog.category_by_code[node.parent]
        if node.code in wanted:
            wanted.add(category.code)
    return frozenset(wanted)
