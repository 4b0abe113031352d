"""The catalog-structure endpoints: categories, attributes and their options, attribute
groups, families, channels, locales, currencies, association types (reads).

Each is answered as akeneo/pim-community-dev answers it:

- **the scope first** (the App role's ACLs come from its scopes: ``CategoriesScopeMapper``,
  ``CatalogStructureScopeMapper``, ``AttributeOptionsScopeMapper``,
  ``ChannelScopeMapper``, ``AssociationTypeScopeMapper``). Without it, the controllers
  guarded by an Oro ACL answer ``Access forbidden. You are not allowed to list
  {entities}.`` (``AccessDeniedHandler``, pinned by ``AttributeAuthorizationEndToEnd``);
  the category controllers throw a plain ``AccessDeniedException``, answered ``You are
  not allowed to access the web API.`` (pinned by ``CategoryAuthorizationEndToEnd``);
- **one item**: 404 with the controller's sentence when it does not exist;
- **a list**: the pagination's checks (``PaginationParametersValidator``, no
  ``search_after`` for these lists), the ``search`` filters each list supports with
  their messages (``ExternalApiSearchFiltersValidator`` and ``SearchFiltersSql`` for
  categories, ``AttributeRepository::validateSearchFilters`` for attributes, the locale
  controller's ``enabled`` filter), sorted by code (categories: by tree, then depth-first,
  as ``root/left``), paged with the ``_links``.

In EE the PIM's code that filters these endpoints is not public. The simulator hides
the categories of trees the App may not view (a list leaves them out, one answers 404
``Category "X" does not exist.``), which is how the product endpoints already treat
such a category (reference §4: it "does not exist" for the App); it does not filter
locales or attribute groups, which the public API documentation says are filtered only
in product values (``content/rest-api/permissions.md``).
"""

from __future__ import annotations

from functools import partial
from typing import Mapping

from simulator.engine import messages
from simulator.engine.messages import php_type
from simulator.engine.context import CheckRecord, Outcome, Refused
from simulator.engine.filters import decode_search
from simulator.engine.paging import Paging, PagingError, page_of, read_paging
from simulator.engine.rights import Rights, effective_permissions
from simulator.engine.bulk import Answerer, update_structure_list
from simulator.engine.store import Store
from simulator.engine.structure_writes import WRITABLE, write_structure
from simulator.engine.unsimulated import not_simulated
from simulator.model import (
    OPTION_TYPES,
    Action,
    Attribute,
    Catalog,
    Category,
    Edition,
    Effect,
    Grant,
    Layer,
    Level,
    Request,
    Resource,
    Rule,
    StructureRoute,
    api_path,
)

Item = dict[str, object]

_READ_SCOPE: Mapping[Resource, str] = {
    Resource.CATEGORIES: "read_categories",
    Resource.ATTRIBUTES: "read_catalog_structure",
    Resource.ATTRIBUTE_GROUPS: "read_catalog_structure",
    Resource.FAMILIES: "read_catalog_structure",
    Resource.FAMILY_VARIANTS: "read_catalog_structure",
    Resource.ATTRIBUTE_OPTIONS: "read_attribute_options",
    Resource.CHANNELS: "read_channel_settings",
    Resource.LOCALES: "read_channel_localization",
    Resource.CURRENCIES: "read_channel_localization",
    Resource.ASSOCIATION_TYPES: "read_association_types",
}
_WRITE_SCOPE: Mapping[Resource, str] = {
    Resource.CATEGORIES: "write_categories",
    Resource.ATTRIBUTES: "write_catalog_structure",
    Resource.ATTRIBUTE_GROUPS: "write_catalog_structure",
    Resource.FAMILIES: "write_catalog_structure",
    Resource.FAMILY_VARIANTS: "write_catalog_structure",
    Resource.ATTRIBUTE_OPTIONS: "write_attribute_options",
    Resource.CHANNELS: "write_channel_settings",
    Resource.ASSOCIATION_TYPES: "write_association_types",
}
_ENTITIES: Mapping[Resource, str] = {
    Resource.ATTRIBUTES: "attributes",
    Resource.ATTRIBUTE_GROUPS: "attribute groups",
    Resource.FAMILIES: "families",
    Resource.FAMILY_VARIANTS: "family variants",
    Resource.ATTRIBUTE_OPTIONS: "attribute options",
    Resource.CHANNELS: "channels",
    Resource.LOCALES: "locales",
    Resource.CURRENCIES: "currencies",
    Resource.ASSOCIATION_TYPES: "association types",
}
"""How ``AccessDeniedHandler`` names each controller's entities (its class name,
pluralised and tableized)."""

_NOT_FOUND: Mapping[Resource, str] = {
    Resource.CATEGORIES: 'Category "{code}" does not exist.',
    Resource.ATTRIBUTES: 'Attribute "{code}" does not exist.',
    Resource.ATTRIBUTE_GROUPS: 'Attribute group "{code}" does not exist.',
    Resource.FAMILIES: 'Family "{code}" does not exist.',
    Resource.CHANNELS: 'Channel "{code}" does not exist.',
    Resource.LOCALES: 'Locale "{code}" does not exist.',
    Resource.CURRENCIES: 'Currency "{code}" does not exist.',
    Resource.ASSOCIATION_TYPES: 'Association type "{code}" does not exist.',
}
"""The 404 of each ``getAction`` (``GetCategoryController``, ``AttributeController``…)."""

_SOURCES = "akeneo/pim-community-dev"
_METHODS: Mapping[Action, str] = {Action.CREATE: "POST", Action.UPDATE: "PATCH", Action.UPDATE_LIST: "PATCH"}


class _Answering:
    """One structure request being answered: its checks, and how a check refuses."""

    def __init__(self, store: Store, grant: Grant, route: StructureRoute, query: Mapping[str, str]) -> None:
        self.store, self.grant, self.route, self.query = store, grant, route, query
        self.catalog: Catalog = store.catalog
        self.ee = grant.edition is Edition.EE
        self.rights: Rights = store.rights(effective_permissions(grant))
        self.checks: list[CheckRecord] = []

    def passed(self, rule: Rule, layer: Layer, description: str) -> None:
        self.checks.append((rule, layer, description, True))

    def refuse(self, rule: Rule, layer: Layer, description: str, status: int, message: str,
               effect: Effect = Effect.REFUSED) -> Refused:
        self.checks.append((rule, layer, description, False))
        return Refused(status, message, layer, effect)

    def require_scope(self) -> None:
        route = self.route
        reading = route.action in (Action.GET, Action.LIST)
        scope = (_READ_SCOPE if reading else _WRITE_SCOPE)[route.resource]
        if scope in self.grant.scopes:
            self.passed(Rule.SCOPE, Layer.SCOPE, f"The App holds the {scope} scope.")
            return
        rule = Rule.SCOPE if self.grant.scopes else Rule.NO_SCOPE
        held = ", ".join(sorted(self.grant.scopes)) or "no scope"
        raise self.refuse(rule, Layer.SCOPE, f"This endpoint needs the {scope} scope; the App holds {held}.", 403,
                          scope_message(route.resource, reading))


def scope_message(resource: Resource, reading: bool) -> str:
    """The 403 of a structure endpoint the App's scopes do not reach."""
    if resource is Resource.CATEGORIES:
        return messages.NO_WEB_API_ACCESS
    return messages.structure_forbidden("list" if reading else "create or update", _ENTITIES[resource])


def answer_structure(
    store: Store, grant: Grant, request: Request, answer_one: Answerer
) -> tuple[Outcome, tuple[CheckRecord, ...]]:
    """The PIM's answer to a catalog-structure request, and the checks made;
    ``answer_one`` answers each line of a bulk PATCH."""
    route = request.route
    assert isinstance(route, StructureRoute)
    writing = route.action not in (Action.GET, Action.LIST)
    if route.action is Action.UPDATE_LIST and route.resource in WRITABLE:
        return update_structure_list(store, grant, request, route, _WRITE_SCOPE[route.resource],
                                     scope_message(route.resource, False), answer_one)
    answering = _Answering(store, grant, route, request.query)
    try:
        answering.require_scope()
        if route.resource is Resource.FAMILY_VARIANTS and not writing:
            _variant_family(answering)
        elif route.resource is Resource.ATTRIBUTE_OPTIONS and writing:
            _option_attribute(answering)
        if writing and route.resource in WRITABLE and route.action is not Action.UPDATE_LIST:
            return write_structure(store, route, request.body, answering.checks)
        if writing or route.resource is Resource.FAMILY_VARIANTS:
            # The scope is the PIM's (the mappers above); what follows it is not modelled.
            method = "GET" if route.action in (Action.GET, Action.LIST) else _METHODS[route.action]
            path = route.path()
            topic = ("changes of " if method != "GET" else "") + _ENTITIES.get(route.resource, "categories")
            return not_simulated(store, method, path, api_path(path), topic, tuple(answering.checks))
        outcome = _get(answering) if route.action is Action.GET else _list(answering)
    except Refused as refusal:
        outcome = Outcome(refusal.status, refusal.message, refusal.effect, refusal.layer, store, refusal.response)
    return outcome, tuple(answering.checks)


# Items ----------------------------------------------------------------------------


def _visible_categories(answering: _Answering) -> list[Category]:
    """The categories in the order the PIM lists them (``root/left``: tree by tree,
    depth first), without those of trees the App may not view in EE."""
    catalog, rights = answering.catalog, answering.rights
    children: dict[str | None, list[Category]] = {}
    for category in catalog.categories:
        children.setdefault(category.parent, []).append(category)
    ordered: list[Category] = []

    def walk(node: Category) -> None:
        ordered.append(node)
        for child in children.get(node.code, []):
            walk(child)

    for root in children.get(None, []):
        if answering.ee and rights.category_level(root.code) is Level.NONE:
            continue
        walk(root)
    return ordered


def _category(category: Category, catalog: Catalog, with_position: bool) -> Item:
    item: Item = {"code": category.code, "parent": category.parent, "labels": dict(category.labels)}
    if with_position:
        siblings = [c.code for c in catalog.categories if c.parent == category.parent]
        item["position"] = siblings.index(category.code) + 1
    return item


def _attribute(attribute: Attribute, catalog: Catalog) -> Item:
    """``AttributeNormalizer`` (standard format), with what the simulator knows."""
    return {
        "code": attribute.code,
        "type": attribute.type,
        "group": attribute.group,
        "unique": attribute.unique or attribute.type == "pim_catalog_identifier",
        "useable_as_grid_filter": attribute.type == "pim_catalog_identifier",
        "allowed_extensions": list(attribute.allowed_extensions),
        "metric_family": attribute.metric_family,
        "default_metric_unit": attribute.default_metric_unit,
        "reference_data_name": attribute.reference_data_name,
        "available_locales": list(attribute.available_locales),
        "max_characters": attribute.max_characters,
        "validation_rule": None,
        "validation_regexp": None,
        "wysiwyg_enabled": None,
        "number_min": None,
        "number_max": None,
        "decimals_allowed": attribute.decimals_allowed,
        "negative_allowed": attribute.negative_allowed,
        "date_min": None,
        "date_max": None,
        "max_file_size": None,
        "minimum_input_length": None,
        "sort_order": [a.code for a in catalog.attributes if a.group == attribute.group].index(attribute.code),
        "localizable": attribute.localizable,
        "scopable": attribute.scopable,
        "labels": dict(attribute.labels),
    }


def _items(answering: _Answering) -> list[Item]:
    """Every item of the route's collection, in the PIM's order."""
    resource, catalog = answering.route.resource, answering.catalog
    if resource is Resource.CATEGORIES:
        with_position = answering.query.get("with_position") in ("true", "1")
        return [_category(c, catalog, with_position) for c in _visible_categories(answering)]
    if resource is Resource.ATTRIBUTES:
        return [_attribute(a, catalog) for a in sorted(catalog.attributes, key=lambda a: a.code)]
    if resource is Resource.ATTRIBUTE_OPTIONS:
        attribute = _option_attribute(answering)
        return sorted(
            ({"code": o.code, "attribute": attribute.code, "sort_order": index, "labels": dict(o.labels)}
             for index, o in enumerate(attribute.options, 1)),
            key=lambda item: str(item["code"]),
        )
    if resource is Resource.ATTRIBUTE_GROUPS:
        return [
            {"code": g.code, "sort_order": index,
             "attributes": [a.code for a in catalog.attributes if a.group == g.code], "labels": dict(g.labels)}
            for index, g in sorted(enumerate(catalog.attribute_groups), key=lambda pair: pair[1].code)
        ]
    if resource is Resource.FAMILIES:
        return [
            {"code": f.code, "attributes": list(f.attributes), "attribute_as_label": f.attribute_as_label,
             "attribute_as_image": f.attribute_as_image,
             "attribute_requirements": {ch: list(codes) for ch, codes in f.attribute_requirements.items()},
             "labels": dict(f.labels)}
            for f in sorted(catalog.all_families, key=lambda f: f.code)
        ]
    if resource is Resource.CHANNELS:
        return [
            {"code": c.code, "currencies": list(c.currencies), "locales": list(c.locales),
             "category_tree": c.category_tree, "conversion_units": dict(c.conversion_units), "labels": dict(c.labels)}
            for c in sorted(catalog.channels, key=lambda c: c.code)
        ]
    if resource is Resource.LOCALES:
        return [{"code": code, "enabled": True} for code in sorted(catalog.locale_codes)]
    if resource is Resource.CURRENCIES:
        return [{"code": c.code, "enabled": c.enabled} for c in sorted(catalog.all_currencies, key=lambda c: c.code)]
    if resource is Resource.ASSOCIATION_TYPES:
        return [
            {"code": t.code, "labels": dict(t.labels), "is_two_way": t.is_two_way, "is_quantified": t.is_quantified}
            for t in sorted(catalog.all_association_types, key=lambda t: t.code)
        ]
    raise AssertionError(f"{resource} is not read here")  # family variants: answered as not simulated


def _variant_family(answering: _Answering) -> None:
    """``FamilyVariantController::getAction`` and ``listAction``: the family exists
    (the variants themselves are not in the simulator's catalogs)."""
    code = answering.route.parent or ""
    if code not in answering.catalog.family_by_code:
        raise answering.refuse(Rule.REQUEST, Layer.REQUEST, f'There is no family "{code}".', 404,
                               _NOT_FOUND[Resource.FAMILIES].format(code=code), Effect.INVISIBLE)
    answering.passed(Rule.REQUEST, Layer.REQUEST, f'The family "{code}" exists.')


def _option_attribute(answering: _Answering) -> Attribute:
    """``AttributeOptionController``: the attribute exists and has options."""
    code = answering.route.parent or ""
    attribute = answering.catalog.attribute_by_code.get(code)
    if attribute is None:
        raise answering.refuse(Rule.REQUEST, Layer.REQUEST, f'There is no attribute "{code}".', 404,
                               messages.filter_attribute_not_found(code), Effect.INVISIBLE)
    if attribute.type not in OPTION_TYPES:
        raise answering.refuse(Rule.REQUEST, Layer.REQUEST, f'"{code}" is not a select attribute.', 404,
                               messages.no_options(code))
    return attribute


def _get(answering: _Answering) -> Outcome:
    route = answering.route
    code = route.code
    assert code is not None
    found = next((item for item in _items(answering) if item["code"] == code), None)
    if found is None:
        hidden = (route.resource is Resource.CATEGORIES and answering.ee and code in answering.catalog.category_by_code)
        if route.resource is Resource.ATTRIBUTE_OPTIONS:
            message = messages.unknown_option_of(code, route.parent or "")
        else:
            message = _NOT_FOUND[route.resource].format(code=code)
        raise answering.refuse(
            Rule.CATEGORY_ASSIGNABLE if hidden else Rule.REQUEST, Layer.CATEGORY if hidden else Layer.REQUEST,
            f'"{code}" is in a tree the App may not view.' if hidden else f'There is no {route.resource.value} "{code}".',
            404, message, Effect.INVISIBLE,
        )
    if route.resource is Resource.CATEGORIES and answering.ee:
        answering.passed(Rule.CATEGORY_ASSIGNABLE, Layer.CATEGORY, f'The App may view the tree of "{code}".')
    return Outcome(200, "", Effect.APPLIED, Layer.SCOPE, answering.store, found)


def _list(answering: _Answering) -> Outcome:
    route, query = answering.route, answering.query
    try:
        paging = read_paging(query, supports_search_after=False)
    except PagingError as error:
        raise answering.refuse(Rule.REQUEST, Layer.REQUEST, f"The pagination is refused: {error}", 422, str(error)) from None
    items = _items(answering)
    if "search" in query:
        items = _searched(answering, items, query["search"])
    chosen = items[(paging.page - 1) * paging.limit : paging.page * paging.limit]
    if route.resource is Resource.CATEGORIES and answering.ee:
        hidden = [t.code for t in answering.catalog.trees if answering.rights.category_level(t.code) is Level.NONE]
        answering.passed(
            Rule.CATEGORY_ASSIGNABLE, Layer.CATEGORY,
            f"The categories of the trees the App may not view are left out: {', '.join(hidden)}."
            if hidden else "The App may view every tree.",
        )
    path = route.path()
    parameters = _list_parameters(query, paging)
    body = page_of(chosen, paging, path, parameters, partial(_item_path, path),
                   len(items) if paging.with_count else None)
    return Outcome(200, "", Effect.APPLIED, Layer.SCOPE, answering.store, body)


def _item_path(path: str, item: Item) -> str:
    return f"{path}/{item['code']}"


def _list_parameters(query: Mapping[str, str], paging: Paging) -> list[tuple[str, object]]:
    """``array_merge(['page', 'limit', 'with_count'], $request->query->all())``: the
    defaults first, then the request's other parameters, without ``page``."""
    parameters: list[tuple[str, object]] = [("limit", paging.raw_limit), ("with_count", paging.raw_with_count)]
    parameters += [(name, value) for name, value in query.items() if name not in ("page", "limit", "with_count")]
    return parameters


# Search ----------------------------------------------------------------------------


def _searched(answering: _Answering, items: list[Item], text: str) -> list[Item]:
    resource = answering.route.resource
    if resource is Resource.CATEGORIES:
        return _search_categories(answering, items, text)
    if resource is Resource.ATTRIBUTES:
        return _search_attributes(answering, items, text)
    if resource is Resource.LOCALES:
        return _search_locales(answering, items, text)
    return items  # the other lists take no search: the PIM ignores the parameter


def _decoded(answering: _Answering, text: str, message: str, status: int = 400) -> dict[str, object]:
    decoded = decode_search(text)
    if decoded is None:
        raise answering.refuse(Rule.REQUEST, Layer.REQUEST, "The search parameter is not JSON.", status, message) from None
    if isinstance(decoded, list) and not decoded:
        return {}
    if not isinstance(decoded, dict):
        raise answering.refuse(Rule.REQUEST, Layer.REQUEST, "The search parameter is not a JSON object.", status, message)
    return decoded


def _conditions(filters: object) -> list[dict[str, object]]:
    return [f for f in filters if isinstance(f, dict)] if isinstance(filters, list) else []


def _array_of_strings(value: object, type_message: str) -> list[str]:
    """``[Type('array'), All([Type('string')])]`` as Symfony runs them: both let ``null``
    pass; a scalar gets the type's message and then ``All``'s "iterable" one; in an array
    (a JSON list or object) each item that is not a string gets its own message."""
    if value is None:
        return []
    if not isinstance(value, (list, dict)):
        return [type_message, messages.NOT_ITERABLE]
    items = value.values() if isinstance(value, dict) else value
    return [messages.NOT_A_STRING for item in items if not isinstance(item, str)]


def _codes(value: object) -> set[str]:
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return {item for item in items if isinstance(item, str)}


def _search_categories(answering: _Answering, items: list[Item], text: str) -> list[Item]:
    """``ExternalApiSearchFiltersValidator`` then ``SearchFiltersSql``: 400s."""
    search = _decoded(answering, text, messages.category_search_not_json())
    available = ("code", "parent", "is_root", "updated")
    problems: list[str] = []
    for name, filters in search.items():
        if name not in available:
            raise answering.refuse(Rule.REQUEST, Layer.REQUEST, f'Categories have no "{name}" filter.', 400,
                                   messages.unavailable_filter(available, name))
        for condition in _conditions(filters):
            operator, value = condition.get("operator"), condition.get("value")
            if name == "code":
                if operator != "IN":
                    problems.append(messages.category_code_operator(operator))
                problems += _array_of_strings(value, messages.category_code_value(php_type(value)))
            elif name == "parent":
                if operator != "=":
                    problems.append(messages.category_parent_operator(operator))
                if not isinstance(value, str):
                    problems.append(messages.category_parent_value(php_type(value)))
            elif name == "is_root":
                if operator != "=":
                    problems.append(messages.category_is_root_operator(operator))
                if not isinstance(value, bool):
                    problems.append(messages.category_is_root_value(value))
            elif operator != ">":
                problems.append(messages.updated_operator(operator))
    if problems:
        raise answering.refuse(Rule.REQUEST, Layer.REQUEST, "The search's conditions are refused.", 400, " ".join(problems))
    catalog = answering.catalog
    kept = items
    for name, filters in search.items():
        for condition in _conditions(filters):
            value = condition.get("value")
            if name == "code":
                wanted = _codes(value)
                kept = [item for item in kept if item["code"] in wanted]
            elif name == "parent":
                parent = catalog.category_by_code.get(str(value))
                if parent is None:
                    raise answering.refuse(Rule.REQUEST, Layer.REQUEST, f'There is no category "{value}".', 400,
                                           messages.parent_does_not_exist(str(value)))
                below = _descendants(catalog, parent.code)
                kept = [item for item in kept if item["code"] in below]
            elif name == "is_root":
                kept = [item for item in kept if (item["parent"] is None) == bool(value)]
            else:
                kept = []  # the simulator's catalog has no dates: nothing was updated after any date
    answering.passed(Rule.REQUEST, Layer.REQUEST, f"The search keeps {len(kept)} categories.")
    return kept


def _descendants(catalog: Catalog, code: str) -> set[str]:
    """Every category below ``code`` (``lft > :left AND rgt < :right``), itself excluded."""
    return set(catalog.descendants((code,))) - {code}  # walked once (Catalog.descendants)


def _search_attributes(answering: _Answering, items: list[Item], text: str) -> list[Item]:
    """``AttributeRepository::validateSearchFilters`` and ``addFilters``: 400s."""
    search = _decoded(answering, text, messages.ATTRIBUTE_SEARCH_NOT_JSON)
    available = ("code", "updated", "type", "is_main_identifier")
    problems: list[str] = []
    for name, filters in search.items():
        if name not in available:
            raise answering.refuse(Rule.REQUEST, Layer.REQUEST, f'Attributes have no "{name}" filter.', 400,
                                   messages.unavailable_filter(available, name))
        for condition in _conditions(filters):
            operator, value = condition.get("operator"), condition.get("value")
            if name in ("code", "type"):
                if operator != "IN":
                    problems.append(messages.attribute_in_operator(name, operator))
                problems += _array_of_strings(value, messages.attribute_in_value(name, php_type(value)))
            elif name == "is_main_identifier":
                if operator != "=":
                    problems.append(messages.attribute_main_identifier_operator(operator))
                if not isinstance(value, bool):
                    problems.append(messages.ATTRIBUTE_MAIN_IDENTIFIER_VALUE)
            elif operator != ">":
                problems.append(messages.updated_operator(operator, compared=True))
    if problems:
        raise answering.refuse(Rule.REQUEST, Layer.REQUEST, "The search's conditions are refused.", 400, " ".join(problems))
    kept = items
    for name, filters in search.items():
        for condition in _conditions(filters):
            value = condition.get("value")
            if name in ("code", "type"):
                wanted = _codes(value)
                kept = [item for item in kept if item[name] in wanted]
            elif name == "is_main_identifier":
                kept = [item for item in kept if (item["type"] == "pim_catalog_identifier") == bool(value)]
            else:
                kept = []
    answering.passed(Rule.REQUEST, Layer.REQUEST, f"The search keeps {len(kept)} attributes.")
    return kept


def _search_locales(answering: _Answering, items: list[Item], text: str) -> list[Item]:
    """``LocaleController::validateSearchCriterias``: ``enabled`` with ``=`` only; 422s."""
    search = _decoded(answering, text, messages.SEARCH_NOT_JSON, 400)  # QueryParametersChecker
    kept = items
    for name, filters in search.items():
        if not isinstance(filters, list) or not filters or not all(isinstance(f, dict) for f in filters):
            raise answering.refuse(Rule.REQUEST, Layer.REQUEST, f'The filter "{name}" is not a list of conditions.', 422,
                                   messages.filter_structure(name))
        for condition in filters:
            operator = condition.get("operator")
            if operator is None:
                raise answering.refuse(Rule.REQUEST, Layer.REQUEST, f'A condition on "{name}" has no operator.', 422,
                                       messages.operator_missing(name))
            if not isinstance(operator, str):
                raise answering.refuse(Rule.REQUEST, Layer.REQUEST, "An operator is not a string.", 422,
                                       messages.operator_not_string(php_type(operator)))
        for condition in filters:
            operator = condition.get("operator")
            if name != "enabled" or operator != "=":
                raise answering.refuse(Rule.REQUEST, Layer.REQUEST, f'Locales are filtered on "enabled" only.', 422,
                                       messages.filter_operator(name, str(operator)) + ".")
            if condition.get("value") is None:
                raise answering.refuse(Rule.REQUEST, Layer.REQUEST, "The condition has no value.", 422,
                                       messages.value_missing(name))
            if not isinstance(condition["value"], bool):
                raise answering.refuse(Rule.REQUEST, Layer.REQUEST, "The condition's value is not true or false.", 422,
                                       messages.boolean_filter(name, "="))
            kept = [item for item in kept if item["enabled"] is condition["value"]]
    return kept
