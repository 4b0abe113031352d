"""The nouns every other wing speaks: catalogs, grants and their levels, requests,
the article's sections, and what an answer is made of (effect, layer, check).

What other wings may use is listed in ``__all__``; the modules inside import one
another directly."""

from simulator.model.catalog import (
    Association,
    Attribute,
    AttributeGroup,
    Catalog,
    Category,
    Labels,
    Locale,
    Product,
    ProductModel,
    Value,
)
from simulator.model.grants import Axis, AxisGrant, Edition, Grant, Level, Permissions
from simulator.model.outcome import Check, Effect, Layer
from simulator.model.requests import (
    API_PREFIX,
    API_ROOT,
    SYSTEM_INFORMATION_PATH,
    Action,
    ApiRoute,
    Kind,
    Request,
    RequestError,
    RequestPattern,
    Route,
    entity_path,
    parse_request,
    routes_as_is,
)
from simulator.model.sections import ARTICLE, RULE_SECTIONS, Rule, Section, anchor_of

__all__ = [
    "Action",
    "anchor_of",
    "API_PREFIX",
    "API_ROOT",
    "ApiRoute",
    "ARTICLE",
    "Association",
    "Attribute",
    "AttributeGroup",
    "Axis",
    "AxisGrant",
    "Catalog",
    "Category",
    "Check",
    "Edition",
    "Effect",
    "entity_path",
    "Grant",
    "Kind",
    "Labels",
    "Layer",
    "Level",
    "Locale",
    "parse_request",
    "Permissions",
    "Product",
    "ProductModel",
    "Request",
    "RequestError",
    "RequestPattern",
    "Route",
    "routes_as_is",
    "Rule",
    "RULE_SECTIONS",
    "Section",
    "SYSTEM_INFORMATION_PATH",
    "Value",
]
