"""The read endpoints: GET one, GET a list, GET the App's draft (reference §4), and the
two calls about the API itself that need no scope (reference §2).

A read shows the product as the App may see it: values in hidden locales or attribute
groups, hidden category codes and associations to hidden products are left out.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Iterator, Mapping

from simulator.engine import messages
from simulator.engine.messages import php_type
from simulator.engine.context import CheckRecord, Context, Deferred, Outcome, Refused
from simulator.engine.paging import OFFSET, Paging, PagingError, page_of, read_paging
from simulator.engine.filters import (
    Criterion,
    decode_search,
    match_categories,
    match_text,
    match_value,
    operators_of,
)
from simulator.engine.rights import Entity, Rights
from simulator.engine.store import Draft, Store, ValueKey, code_of
from simulator.model import (
    API_ROOT,
    SYSTEM_INFORMATION_PATH,
    Action,
    Attribute,
    Channel,
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
    product_uuid,
)

_CATEGORY, _SCOPE, _APPLIED = Layer.CATEGORY, Layer.SCOPE, Effect.APPLIED  # see simulator.engine.context on enum members

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


_STRUCTURE_ROUTES = (
    # (route name, path below the API prefix, methods)
    ("category_list", "categories", "GET"), ("category_get", "categories/{code}", "GET"),
    ("attribute_list", "attributes", "GET"), ("attribute_get", "attributes/{code}", "GET"),
    ("attribute_option_list", "attributes/{attributeCode}/options", "GET"),
    ("attribute_option_get", "attributes/{attributeCode}/options/{code}", "GET"),
    ("attribute_group_list", "attribute-groups", "GET"), ("attribute_group_get", "attribute-groups/{code}", "GET"),
    ("family_list", "families", "GET"), ("family_get", "families/{code}", "GET"),
    ("family_variant_list", "families/{familyCode}/variants", "GET"),
    ("channel_list", "channels", "GET"), ("channel_get", "channels/{code}", "GET"),
    ("locale_list", "locales", "GET"), ("locale_get", "locales/{code}", "GET"),
    ("currency_list", "currencies", "GET"), ("currency_get", "currencies/{code}", "GET"),
    ("association_type_list", "association-types", "GET"), ("association_type_get", "association-types/{code}", "GET"),
)


def _endpoint_list(ee: bool) -> dict[str, object]:
    """The routes the simulated PIM serves, named as the PIM names them (its
    ``routing/external_api/*.yml``); drafts and proposals exist in EE only."""
    routes: dict[str, object] = {}
    for kind in Kind:
        name = kind.value.replace("-", "_")[:-1]  # products → product, product-models → product_model
        one = entity_path(kind, "{code}")
        for action, method, names_one, suffix in _ENTITY_ROUTES:
            path = one + suffix if names_one else entity_path(kind, None)
            routes[f"pim_api_{name}_{action}"] = {"route": path, "methods": [method]}
        routes[f"pim_api_{name}_partial_update_list"] = {"route": entity_path(kind, None), "methods": ["PATCH"]}
        if ee:
            for action, method, suffix in _EE_ROUTES:
                routes[f"pimee_api_{name}_{action}"] = {"route": one + suffix, "methods": [method]}
    uuid_one = entity_path(Kind.PRODUCT, "{uuid}", "", True)
    for action, method, names_one, suffix in _ENTITY_ROUTES:
        path = uuid_one + suffix if names_one else entity_path(Kind.PRODUCT, None, "", True)
        routes[f"pim_api_product_uuid_{action}"] = {"route": path, "methods": [method]}
    routes["pim_api_product_uuid_partial_update_list"] = {"route": entity_path(Kind.PRODUCT, None, "", True),
                                                          "methods": ["PATCH"]}
    if ee:
        for action, method, suffix in _EE_ROUTES:
            routes[f"pimee_api_product_uuid_{action}"] = {"route": uuid_one + suffix, "methods": [method]}
    for name, path, method in _STRUCTURE_ROUTES:
        routes[f"pim_api_{name}"] = {"route": API_ROOT + "/" + path, "methods": [method]}
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
    draft = context.store.draft(kind, code_of(entity))
    if draft is None:
        raise context.refuse(
            Rule.PRODUCT_EDITABLE, Layer.REQUEST, "The App has no draft on it.", 404, messages.no_draft(kind, code)
        )
    context.passed(Rule.PRODUCT_EDITABLE, Layer.CATEGORY, f"The App has a draft on it ({draft.status.value}).")
    values = apply_draft(context.store.values_of(entity), draft)
    response = represent(context, entity, level, values)
    return Outcome(200, "", Effect.APPLIED, Layer.CATEGORY, context.store, response)


def list_entities(context: Context) -> Outcome:
    """GET a list of products (by identifier or by uuid) or product models.

    The checks are those of ``ListProductsQueryValidator::validate``, in its order:
    pagination, the ``attributes`` asked (their existence, then whether the App may see
    them), the ``scope``, the ``locales`` (with the scope's), the search's structure, its
    categories, its properties, its locales; then the filters themselves (the PIM's
    query builder: operators, locale and scope of attribute filters). Products are
    sorted by identifier, products by uuid in the order they were created
    (``ListProductsQueryHandler``, ``ListProductsByUuidQueryHandler``), models by code.
    """
    context.require_scope("read_products")
    context.note_edition()
    query = context.request.query
    kind, store, catalog = context.kind, context.store, context.store.catalog
    search_after_supported = True
    try:
        paging = read_paging(query, search_after_supported)
    except PagingError as error:
        raise context.refuse(Rule.REQUEST, Layer.REQUEST, f"The pagination is refused: {error}", 422, str(error)) from None
    attributes = _attributes_parameter(context, query.get("attributes"))
    channel = _scope_parameter(context, query.get("scope"))
    locales = _locales_parameter(context, query.get("locales"), channel)
    criteria = _search(context, query)
    if channel is not None and locales is None:
        locales = frozenset(channel.locales)
    if channel is not None and not any(c.field == "categories" for c in criteria):
        # ApplyProductSearchQueryParametersToPQB: the channel's tree, unless a category
        # filter is given.
        criteria = (Criterion("categories", "IN CHILDREN", [channel.category_tree]), *criteria)

    matching: list[tuple[Entity, Level]] = []
    hidden = 0
    for entity in _ordered(context, store.entities(kind)):
        level = context.level(entity)
        if level is Level.NONE:
            hidden += 1
            continue
        if criteria and not _matches(context, entity, criteria):
            continue
        matching.append((entity, level))
    if paging.type == OFFSET:
        chosen = matching[(paging.page - 1) * paging.limit : paging.page * paging.limit]
    else:
        after = _after(context, matching, paging.search_after)
        chosen = matching[after : after + paging.limit]
    scope = channel.code if channel is not None else None
    items = [
        represent(context, entity, level, store.values_of(entity), locales=locales, attributes=attributes, scope=scope)
        for entity, level in chosen
    ]
    if context.ee:
        context.passed(
            Rule.PRODUCT_VISIBLE, Layer.CATEGORY,
            (f"1 {kind.noun} is left out: none of its categories is viewable by the App." if hidden == 1 else
             f"{hidden} {kind.noun}s are left out: none of their categories is viewable by the App.")
            if hidden else f"The App may see every {kind.noun} through its categories.",
        )
    response = page_of(
        items, paging, context.path(), _link_parameters(query, paging, criteria_given="search" in query),
        partial(_item_path, context), len(matching) if paging.with_count else None, partial(_next_key, context),
    )
    return Outcome(200, "", Effect.APPLIED, _read_layer(context), store, response)


def _ordered(context: Context, entities: Iterator[Entity]) -> list[Entity]:
    if context.by_uuid:
        return list(entities)  # sorted by the product's id: the order of creation
    if context.kind is Kind.PRODUCT:
        # /products lists products that have an identifier (``IS NOT EMPTY``), sorted.
        return sorted((e for e in entities if isinstance(e, Product) and e.identifier), key=_identifier_order)
    return sorted(entities, key=lambda e: code_of(e).lower())


def _identifier_order(entity: Entity) -> str:
    return code_of(entity).lower()


def _after(context: Context, matching: list[tuple[Entity, Level]], search_after: str | None) -> int:
    """Where a ``search_after`` page starts: after the item the key names."""
    if search_after is None:
        return 0
    key = search_after.lower()
    for index, (entity, _) in enumerate(matching):
        if _key_of(context, entity).lower() > key if not context.by_uuid else False:
            return index
        if _key_of(context, entity).lower() == key:
            return index + 1
    return len(matching)


def _key_of(context: Context, entity: Entity) -> str:
    if context.by_uuid and isinstance(entity, Product):
        return product_uuid(entity)
    return code_of(entity)


def _item_path(context: Context, item: dict[str, object]) -> str:
    key = item.get("uuid") if context.by_uuid else item.get(context.kind.key)
    return entity_path(context.kind, str(key), "", context.by_uuid)


def _next_key(context: Context, item: dict[str, object]) -> str:
    return str(item.get("uuid") if context.by_uuid else item.get(context.kind.key))


_LINK_PARAMETERS = ("search", "scope", "search_scope", "locales", "attributes")


def _link_parameters(query: Mapping[str, str], paging: Paging, criteria_given: bool) -> list[tuple[str, object]]:
    """The query parameters the links repeat, in the controller's order
    (``ProductController::normalizeProductsList``)."""
    parameters: list[tuple[str, object]] = [
        ("with_count", paging.raw_with_count), ("pagination_type", paging.type), ("limit", paging.raw_limit),
    ]
    for name in _LINK_PARAMETERS:
        if name in query and (name != "search" or criteria_given):
            parameters.append((name, _php_json(query[name]) if name == "search" else query[name]))
    if query.get("with_attribute_options") == "true":
        parameters.append(("with_attribute_options", "true"))
    return parameters


def _php_json(text: str) -> str:
    """The search as the controller writes it back into the links: PHP's
    ``json_encode`` of the decoded search (compact, ``/`` escaped, non-ASCII escaped)."""
    decoded = decode_search(text)
    if decoded is None:
        return text
    return json.dumps(decoded, separators=(",", ":")).replace("/", "\\/")


def represent(
    context: Context,
    entity: Entity,
    level: Level,
    values: Mapping[ValueKey, JsonData],
    *,
    locales: frozenset[str] | None = None,
    attributes: frozenset[str] | None = None,
    scope: str | None = None,
) -> dict[str, object]:
    """The entity as the API shows it to the App: only what it may see; with
    ``scope``, only the values of that channel (and those of no channel); with
    ``locales``, only the values in those locales (and those in none)."""
    rights, store = context.rights, context.store
    shown: dict[str, list[dict[str, object]]] = {}
    if level is not Level.NONE:
        visible = rights.visible_in_response
        for key, data in values.items():
            if not visible(key):
                continue
            code, locale, value_scope = key
            if attributes is not None and code not in attributes:
                continue
            if locales is not None and locale is not None and locale not in locales:
                continue
            if scope is not None and value_scope is not None and value_scope != scope:
                continue
            entry: dict[str, object] = {"locale": locale, "scope": value_scope, "data": data}
            listed = shown.get(code)
            if listed is None:
                shown[code] = [entry]
            else:
                listed.append(entry)
    category_level = rights.category_level
    categories = sorted(c for c in store.categories_of(entity) if category_level(c) is not Level.NONE)
    body: dict[str, object]
    if isinstance(entity, Product):
        identifier_attribute = store.catalog.identifier_attribute
        if (identifier_attribute is not None and entity.identifier
                and rights.visible_in_response((identifier_attribute.code, None, None))
                and (attributes is None or identifier_attribute.code in attributes)):
            shown[identifier_attribute.code] = [{"locale": None, "scope": None, "data": entity.identifier}]
        body = {"uuid": product_uuid(entity)}
        if not context.by_uuid:
            body["identifier"] = entity.identifier or None
        body.update({
            "enabled": entity.enabled,
            "family": entity.family or None,
            "categories": categories,
            "groups": list(entity.groups),
            "parent": entity.parent,
            "values": shown,
        })
    else:
        body = {
            "code": entity.code,
            "family": entity.family or None,
            "family_variant": entity.family_variant or None,
            "parent": entity.parent,
            "categories": categories,
            "values": shown,
        }
    body["associations"] = {
        association.type: {
            "products": [_linked_key(context, p) for p in association.products if _visible(context, Kind.PRODUCT, p)],
            "product_models": [m for m in association.product_models if _visible(context, Kind.PRODUCT_MODEL, m)],
            "groups": [],
        }
        for association in entity.associations
    }
    if context.ee:
        kind = Kind.PRODUCT if isinstance(entity, Product) else Kind.PRODUCT_MODEL
        body["metadata"] = {"workflow_status": context.workflow_status(kind, code_of(entity), level)}
    return body


def _linked_key(context: Context, identifier: str) -> str:
    """An associated product, by uuid through ``products-uuid`` (``product_uuids``)."""
    if not context.by_uuid:
        return identifier
    product = context.store.product(identifier)
    return product_uuid(product) if product is not None else identifier


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


def _refuse_query(context: Context, rule: Rule, layer: Layer, description: str, message: str,
                  status: int = 422) -> Refused:
    return context.refuse(rule, layer, description, status, message)


def _attributes_parameter(context: Context, given: str | None) -> frozenset[str] | None:
    """``ValidateAttributes`` (existence), then the EE check that the App may see them."""
    if given is None:
        return None
    codes = [code.strip() for code in given.split(",")]
    unknown = [code for code in codes if context.attribute(code) is None]
    if unknown:
        raise _refuse_query(context, Rule.REQUEST, Layer.REQUEST, f"attributes={given}: unknown {', '.join(unknown)}.",
                            messages.filter_attributes(unknown))
    refused = [code for code in codes if not _attribute_visible(context, code)]
    if refused:
        raise _refuse_query(
            context, Rule.ATTRIBUTE_GROUP_VISIBLE, Layer.ATTRIBUTE_GROUP,
            f"attributes={given}: the App may not see {', '.join(refused)}.", messages.filter_attributes(refused),
        )
    context.passed(Rule.ATTRIBUTE_GROUP_VISIBLE, Layer.ATTRIBUTE_GROUP, f"attributes={given}: the App may see them.")
    return frozenset(codes)


def _scope_parameter(context: Context, given: str | None) -> Channel | None:
    """``ValidateChannel``."""
    if given is None:
        return None
    channel = context.store.catalog.channel_by_code.get(given)
    if channel is None:
        raise _refuse_query(context, Rule.REQUEST, Layer.REQUEST, f'There is no channel "{given}".',
                            messages.unknown_scope(given))
    context.passed(Rule.REQUEST, Layer.REQUEST,
                   f'scope={given}: the values of the channel "{given}" only, and its locales unless others are asked.')
    return channel


def _locales_parameter(context: Context, given: str | None, channel: Channel | None = None) -> frozenset[str] | None:
    """``ValidateLocales`` (activated, then the channel's), then, in EE, the App's view
    of them (``ValidateGrantedLocales``)."""
    if given is None:
        return None
    codes = [code.strip() for code in given.split(",")]
    known = set(context.store.catalog.locale_codes)
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise _refuse_query(context, Rule.REQUEST, Layer.REQUEST, f"locales={given}: no locale {', '.join(unknown)}.",
                            messages.filter_locales(unknown))
    if channel is not None:
        outside = [code for code in codes if code not in channel.locales]
        if outside:
            raise _refuse_query(context, Rule.REQUEST, Layer.REQUEST,
                                f'locales={given}: not locales of the channel "{channel.code}".',
                                messages.locales_not_in_scope(outside, channel.code))
    refused = [code for code in codes if context.rights.locale_level(code) is Level.NONE]
    if refused:
        raise _refuse_query(context, Rule.LOCALE_VISIBLE, Layer.LOCALE,
                            f"locales={given}: the App may not see {', '.join(refused)}.", messages.filter_locales(refused))
    context.passed(Rule.LOCALE_VISIBLE, Layer.LOCALE, f"locales={given}: the App may see these locales.")
    return frozenset(codes)


def _attribute_visible(context: Context, code: str) -> bool:
    attribute = context.attribute(code)
    return attribute is not None and context.rights.attribute_group_level(attribute.group) is not Level.NONE


_PRODUCT_FIELDS = frozenset({
    "uuid", "family", "categories", "completeness", "identifier", "created", "updated", "enabled", "groups",
    "parent", "quality_score",
})
"""``ValidateProperties::$productFields``: what a search may name besides attributes."""
_MODEL_FIELDS = frozenset({"family", "categories", "completeness", "identifier", "code", "created", "updated",
                           "parent", "quality_score"})


def _search(context: Context, query: Mapping[str, str]) -> tuple[Criterion, ...]:
    """Parse ``search`` and check it in ``ListProductsQueryValidator``'s order."""
    search_locale = query.get("search_locale")
    if "search" not in query:
        if search_locale is not None:
            _search_locales(context, [search_locale])
        return ()
    kind = context.kind
    decoded = decode_search(query["search"])
    if not isinstance(decoded, dict):
        # ProductController answers 400 (BadRequestHttpException), ProductModelController 422.
        status = 422 if kind is Kind.PRODUCT_MODEL else 400
        raise _refuse_query(context, Rule.REQUEST, Layer.REQUEST, "The search parameter is not a JSON object.",
                            messages.SEARCH_NOT_JSON, status)
    for name, filters in decoded.items():  # ValidateCriterion
        if not isinstance(filters, list) or not filters:
            raise _refuse_query(context, Rule.REQUEST, Layer.REQUEST, f'The filter "{name}" is not a list of conditions.',
                                messages.filter_structure(name))
        for item in filters:
            if not isinstance(item, dict) or "operator" not in item or item["operator"] is None:
                raise _refuse_query(context, Rule.REQUEST, Layer.REQUEST, f'A condition on "{name}" has no operator.',
                                    messages.operator_missing(name))
            if not isinstance(item["operator"], str):
                raise _refuse_query(context, Rule.REQUEST, Layer.REQUEST, "An operator is not a string.",
                                    messages.operator_not_string(php_type(item["operator"])))
    criteria = tuple(
        Criterion(name, item["operator"], item.get("value"),
                  item.get("locale") if isinstance(item.get("locale"), str) else None,
                  item.get("scope") if isinstance(item.get("scope"), str) else None)
        for name, filters in decoded.items() for item in filters
    )
    _check_categories(context, [c for c in criteria if c.field == "categories"])  # ValidateCategories
    fields = _MODEL_FIELDS if kind is Kind.PRODUCT_MODEL else _PRODUCT_FIELDS
    for name in decoded:  # ValidateProperties: a 404 for /products and /product-models
        if name not in fields and context.attribute(name) is None:
            status = 422 if context.by_uuid else 404
            raise _refuse_query(context, Rule.REQUEST, Layer.REQUEST, f'"{name}" is neither a field nor an attribute.',
                                messages.unknown_filter_property(name), status)
    for name in decoded:  # ValidateGrantedProperties (EE)
        attribute = context.attribute(name)
        if name not in fields and attribute is not None and not _attribute_visible(context, name):
            raise _refuse_query(context, Rule.ATTRIBUTE_GROUP_VISIBLE, Layer.ATTRIBUTE_GROUP,
                                f'The App may not see the attribute "{name}".', messages.filter_attributes([name]))
    for name, filters in decoded.items():  # ValidateSearchLocale
        for item in filters:
            if "locale" in item and item["locale"] is not None and not isinstance(item["locale"], str):
                raise _refuse_query(context, Rule.REQUEST, Layer.REQUEST, f'The locale of a "{name}" condition is not a string.',
                                    messages.filter_locale_not_string(name))
    wanted = [c.locale for c in criteria if c.locale is not None] + ([search_locale] if search_locale else [])
    _search_locales(context, list(dict.fromkeys(wanted)))
    search_scope = query.get("search_scope")
    resolved = []
    for criterion in criteria:  # the query builder's filters
        if criterion.operator not in operators_of(criterion.field):
            raise _refuse_query(context, Rule.REQUEST, Layer.REQUEST,
                                f'"{criterion.operator}" is not an operator of "{criterion.field}".',
                                messages.filter_operator(criterion.field, criterion.operator))
        attribute = context.attribute(criterion.field)
        if criterion.field not in fields and attribute is not None:
            criterion = _check_attribute_filter(context, criterion, attribute, search_locale, search_scope)
        resolved.append(criterion)
    if resolved:
        context.passed(Rule.REQUEST, Layer.REQUEST, f"The search holds {len(resolved)} condition(s) the PIM accepts.")
    return tuple(resolved)


def _search_locales(context: Context, codes: list[str]) -> None:
    """``ValidateSearchLocale`` then, in EE, ``ValidateGrantedSearchLocale``."""
    if not codes:
        return
    known = set(context.store.catalog.locale_codes)
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise _refuse_query(context, Rule.REQUEST, Layer.REQUEST, f"The search names unknown locales: {', '.join(unknown)}.",
                            messages.filter_locales(unknown))
    refused = [code for code in codes if context.rights.locale_level(code) is Level.NONE]
    if refused:
        raise _refuse_query(context, Rule.LOCALE_VISIBLE, Layer.LOCALE,
                            f"The App may not see the locale {', '.join(refused)}.", messages.filter_locales(refused))


def _check_categories(context: Context, criteria: list[Criterion]) -> None:
    """``ValidateCategories`` (existence) then ``ValidateGrantedCategories`` (EE)."""
    catalog = context.store.catalog
    codes = [code for criterion in criteria for code in criterion.codes]
    unknown = [code for code in codes if code not in catalog.category_by_code]
    if unknown:
        raise _refuse_query(context, Rule.REQUEST, Layer.REQUEST, f'There is no category "{unknown[0]}".',
                            messages.filter_categories(unknown))
    hidden = [code for code in codes if context.rights.category_level(code) is Level.NONE]
    if hidden:
        raise _refuse_query(context, Rule.PRODUCT_VISIBLE, Layer.CATEGORY,
                            f'Category "{hidden[0]}" is in a tree the App may not see.', messages.filter_categories(hidden))
    if codes:
        context.passed(Rule.PRODUCT_VISIBLE, Layer.CATEGORY, f"The App may see the categories {', '.join(codes)}.")


def _check_attribute_filter(
    context: Context, criterion: Criterion, attribute: Attribute, search_locale: str | None, search_scope: str | None
) -> Criterion:
    """``AbstractAttributeFilter::checkLocaleAndChannel``: the locale, then the scope,
    with ``AttributeValidatorHelper``'s words; the filter's own locale or scope, else
    ``search_locale`` or ``search_scope``."""
    locale = criterion.locale or search_locale
    scope = criterion.scope or search_scope
    code = attribute.code
    problem = None
    catalog = context.store.catalog
    if attribute.localizable and locale is None:
        problem = messages.locale_expected(code)
    elif not attribute.localizable and locale is not None:
        problem = messages.locale_unexpected(code, locale)
    elif attribute.scopable and scope is None:
        problem = messages.scope_expected(code)
    elif not attribute.scopable and scope is not None:
        problem = messages.scope_unexpected(code, scope)
    elif scope is not None and scope not in catalog.channel_by_code:
        problem = messages.scope_unknown(code, scope)
    if problem is not None:
        raise _refuse_query(context, Rule.REQUEST, Layer.REQUEST,
                            f'The filter on "{code}" does not fit the attribute\'s locale and scope.', problem)
    context.passed(Rule.ATTRIBUTE_GROUP_VISIBLE, Layer.ATTRIBUTE_GROUP, f'The App may see the attribute "{code}".')
    return Criterion(criterion.field, criterion.operator, criterion.value,
                     locale if attribute.localizable else None, scope if attribute.scopable else None)


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
        elif name == "uuid":
            uuid = product_uuid(entity) if isinstance(entity, Product) else None
            if not match_text(criterion.operator, uuid, criterion.value):
                return False
        elif name == "parent":
            if not match_text(criterion.operator, entity.parent, criterion.value):
                return False
        elif name == "groups":
            groups = entity.groups if isinstance(entity, Product) else ()
            if not match_text(criterion.operator, groups[0] if len(groups) == 1 else None, criterion.value) and not (
                criterion.operator == "IN" and set(groups) & set(criterion.codes)
            ):
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
            if not match_value(criterion, store.values_of(entity), attribute):
                return False
    return True


def _descendants(context: Context, codes: tuple[str, ...]) -> frozenset[str]:
    """The categories ``codes`` name and all below them (see :meth:`Catalog.descendants`)."""
    return context.store.catalog.descendants(codes)
