"""The page of the PIM's API reference each endpoint is documented on.

The anchors are the ``operationId`` of each route in the API reference's sources
(akeneo/pim-api-docs, ``content/swagger/resources/*/routes/*.yaml``); the base is the
one the PIM's own error links use (``Akeneo\\Tool\\Component\\Api\\Documentation::URL``).
Every answer names its page, so a refusal that the App's permissions cannot explain
("the request itself is invalid") still points to what the App should send.
"""

from __future__ import annotations

from typing import Mapping

from simulator.engine.messages import API_DOCUMENTATION
from simulator.model import AnyRoute, Action, ApiRoute, Kind, Resource, StructureRoute, UnsimulatedRoute, api_path

_PRODUCTS: Mapping[Action, str] = {
    Action.GET: "get_products__code_", Action.LIST: "get_products", Action.CREATE: "post_products",
    Action.UPDATE: "patch_products__code_", Action.UPDATE_LIST: "patch_products", Action.DELETE: "delete_products__code_",
    Action.GET_DRAFT: "get_draft__code_", Action.SUBMIT_DRAFT: "post_proposal",
}
_UUID_PRODUCTS: Mapping[Action, str] = {
    Action.GET: "get_products_uuid__uuid_", Action.LIST: "get_products_uuid", Action.CREATE: "post_products_uuid",
    Action.UPDATE: "patch_products_uuid__uuid_", Action.UPDATE_LIST: "patch_products_uuid",
    Action.DELETE: "delete_products_uuid__uuid_", Action.GET_DRAFT: "get_draft_uuid__uuid_",
    Action.SUBMIT_DRAFT: "post_proposal_uuid",
}
_MODELS: Mapping[Action, str] = {
    Action.GET: "get_product_models__code_", Action.LIST: "get_product_models", Action.CREATE: "post_product_models",
    Action.UPDATE: "patch_product_models__code_", Action.UPDATE_LIST: "patch_product_models",
    Action.DELETE: "delete_product_models__code_", Action.GET_DRAFT: "get_product_model_draft__code_",
    Action.SUBMIT_DRAFT: "post_product_model_proposal",
}
_STRUCTURE: Mapping[Resource, Mapping[Action, str]] = {
    Resource.CATEGORIES: {Action.GET: "get_categories__code_", Action.LIST: "get_categories",
                          Action.CREATE: "post_categories", Action.UPDATE: "patch_categories__code_",
                          Action.UPDATE_LIST: "patch_categories"},
    Resource.ATTRIBUTES: {Action.GET: "get_attributes__code_", Action.LIST: "get_attributes",
                          Action.CREATE: "post_attributes", Action.UPDATE: "patch_attributes__code_",
                          Action.UPDATE_LIST: "patch_attributes"},
    Resource.ATTRIBUTE_OPTIONS: {Action.GET: "get_attributes__attribute_code__options__code_",
                                 Action.LIST: "get_attributes__attribute_code__options",
                                 Action.CREATE: "post_attributes__attribute_code__options",
                                 Action.UPDATE: "patch_attributes__attribute_code__options__code_",
                                 Action.UPDATE_LIST: "patch_attributes__attribute_code__options"},
    Resource.ATTRIBUTE_GROUPS: {Action.GET: "attribute_groups_get", Action.LIST: "attribute_groups_get_list",
                                Action.CREATE: "attribute_groups_post", Action.UPDATE: "attribute_groups_patch",
                                Action.UPDATE_LIST: "several_attribute_groups_patch"},
    Resource.FAMILIES: {Action.GET: "get_families__code_", Action.LIST: "get_families", Action.CREATE: "post_families",
                        Action.UPDATE: "patch_families__code_", Action.UPDATE_LIST: "patch_families"},
    Resource.FAMILY_VARIANTS: {Action.GET: "get_families__family_code__variants__code__",
                               Action.LIST: "get_families__family_code__variants",
                               Action.CREATE: "post_families__family_code__variants",
                               Action.UPDATE: "patch_families__family_code__variants__code__",
                               Action.UPDATE_LIST: "patch_families__family_code__variants"},
    Resource.CHANNELS: {Action.GET: "get_channels__code_", Action.LIST: "get_channels", Action.CREATE: "channels_post",
                        Action.UPDATE: "channels_patch", Action.UPDATE_LIST: "several_channels_patch"},
    Resource.LOCALES: {Action.GET: "get_locales__code_", Action.LIST: "get_locales"},
    Resource.CURRENCIES: {Action.GET: "currencies_get", Action.LIST: "currencies_get_list"},
    Resource.ASSOCIATION_TYPES: {Action.GET: "association_types_get", Action.LIST: "association_types_get_list",
                                 Action.CREATE: "association_types_post", Action.UPDATE: "association_types_patch",
                                 Action.UPDATE_LIST: "several_association_types_patch"},
}


def api_reference(route: AnyRoute) -> str:
    """The API reference's page of the endpoint ``route`` reaches (for a path the PIM
    has no route for, the reference's first page)."""
    if isinstance(route, UnsimulatedRoute):
        known = api_path(route.path.rstrip("/") or route.path)
        # The method's page, else the path's first (a 405), else the reference itself.
        anchor = "" if known is None else known.operation(route.method) or known.methods[0][1]
        if not anchor:
            return API_DOCUMENTATION.rstrip("#")
    elif isinstance(route, ApiRoute):
        anchor = "get_endpoints" if route.action is Action.LIST_ENDPOINTS else "get_system_information"
    elif isinstance(route, StructureRoute):
        anchor = _STRUCTURE[route.resource].get(route.action, "")
    elif route.kind is Kind.PRODUCT_MODEL:
        anchor = _MODELS[route.action]
    else:
        anchor = (_UUID_PRODUCTS if route.by_uuid else _PRODUCTS)[route.action]
    return API_DOCUMENTATION + anchor
