"""The rules of the simulator as a table, produced by the engine itself.

"How the simulator decides" lists every rule the engine applies with the answer the PIM
gives. Nothing in that table is written by hand except what a person must say (what is
checked, the example, the PIM source as the reference cites it): each row carries a
*witness*, a small scenario on the article's catalog, and :func:`rulebook` runs it
through :func:`simulator.scenarios.runner.evaluate`. The status, the effect, the message, the
deciding layer and the article section all come from that answer, so the table cannot
drift from the engine. A witness that no longer makes the engine apply its rule raises
:class:`RulebookError`, which fails the site build.

:func:`to_markdown` renders the rows as Markdown tables for the guide; it is pure, so a
build tool other than MkDocs can call it too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Final, Mapping, Sequence

from simulator.model import Effect, Layer, Rule, anchor_of
from simulator.scenarios import JsonValue, ScenarioError, evaluate, scenario_from_dict

API: Final = "/api/rest/v1"
PRODUCT_SCOPES: Final = ("read_products", "write_products", "delete_products")


class RulebookError(Exception):
    """A witness that does not show its rule: the engine and the rulebook disagree."""


@dataclass(frozen=True)
class Source:
    """Where a rule comes from in the PIM, as the reference's bracketed sources cite it."""

    name: str
    """A class, test folder or page, as cited; empty when the reference cites nothing."""
    origin: str
    """The repository or the kind of source."""

    @property
    def markdown(self) -> str:
        return f"`{self.name}` ({self.origin})" if self.name else self.origin


_CODE = "pim-community-dev"
USER_RIGHTS: Final = Source("UserRightsOnProduct", _CODE)
FETCH_RIGHTS: Final = Source("FetchUserRightsOnProduct", _CODE)
VOTER: Final = Source("ProductAndProductModelVoter", _CODE)
UPDATER: Final = Source("GrantedProductUpdater", _CODE)
VALUES_SETTER: Final = Source("EntityWithGrantedValuesPropertySetter", _CODE)
CATEGORY_SETTER: Final = Source("GrantedCategoryFieldSetter", _CODE)
REMOVER: Final = Source("ProductRemover", _CODE)
VALUES_FILTER: Final = Source("NotGrantedValuesFilter", _CODE)
ACCESS_DENIED: Final = Source("AccessDeniedHandler", _CODE)
SCOPE_MAPPER: Final = Source("ProductScopeMapper", _CODE)
WIZARD: Final = Source("AppWizardWithPermissions.tsx", _CODE)
E2E_PRODUCT: Final = Source("tests/back/Pim/Permission/EndToEnd/API/Product/", "EE end-to-end tests")
E2E_WORKFLOW: Final = Source("tests/back/Pim/WorkOrganization/EndToEnd/Workflow/", "EE end-to-end tests")
HELP_RIGHTS: Final = Source("permissions-settings/access-rights-on-products.md", "pim-helpcenter")
HELP_PROPOSALS: Final = Source("productivity/proposals-workflow.md", "pim-helpcenter")
API_VALIDATION: Final = Source("", "the REST API's validation (the reference cites no source)")
PAYLOAD_FORMAT: Final = Source("PayloadFormatValidator", _CODE)
DUPLICATES: Final = Source("DuplicateValueChecker", _CODE)
VALUES_UPDATER: Final = Source("EntityWithValuesUpdater", _CODE)
VALIDATE_ATTRIBUTE: Final = Source("ValidateAttribute", _CODE)
FACTORIES: Final = Source("Factory/Value/", _CODE)
LOCALIZABLE_VALUES: Final = Source("LocalizableValuesValidator", _CODE)
SCOPABLE_VALUES: Final = Source("ScopableValuesValidator", _CODE)
CURRENCY: Final = Source("CurrencyValidator", _CODE)
OPTIONS_EXIST: Final = Source("AttributeOptionsExistValidator", _CODE)
VALID_METRIC: Final = Source("ValidMetricValidator", _CODE)
NOT_DECIMAL: Final = Source("NotDecimalValidator", _CODE)
PRODUCT_E2E: Final = Source("PartialUpdateProductEndToEnd", _CODE)
UUID_CONTROLLERS: Final = Source("UpdateProductByUuidController", _CODE)
CREATE_BY_UUID: Final = Source("CreateProductByUuidController", _CODE)
LIST_VALIDATOR: Final = Source("ListProductsQueryValidator", _CODE)
PAGINATION: Final = Source("PaginationParametersValidator", _CODE)
FILTER_HELPER: Final = Source("AttributeValidatorHelper", _CODE)
STREAM: Final = Source("StreamResourceResponse", _CODE)
STRUCTURE_ACL: Final = Source("AttributeAuthorizationEndToEnd", _CODE)
CATEGORY_ACL: Final = Source("CategoryAuthorizationEndToEnd", _CODE)
CATEGORY_SEARCH: Final = Source("ExternalApiSearchFiltersValidator", _CODE)
ATTRIBUTE_SEARCH: Final = Source("AttributeRepository", _CODE)
LOCALE_CONTROLLER: Final = Source("LocaleController", _CODE)
OPTION_CONTROLLER: Final = Source("AttributeOptionController", _CODE)
FIELD_SETTERS: Final = Source("Updater/Setter/", _CODE)
SIMULATOR: Final = Source("", "the simulator's own answer: it does not model this part of the PIM")
STRUCTURE_CONTROLLERS: Final = Source("CategoryController", _CODE)
CATEGORY_UPDATER: Final = Source("CategoryUpdater", _CODE)
ASSOCIATION_TYPE_E2E: Final = Source("CreateAssociationTypeEndToEnd", _CODE)
ATTRIBUTE_GROUP_E2E: Final = Source("CreateAttributeGroupEndToEnd", _CODE)
STRUCTURE_VALIDATION: Final = Source("Resources/config/validation/category.yml", _CODE)
ROUTE_TABLE: Final = Source("url_matching_routes.php", "the route table of pim-community-dev v7.0.23")
ROUTER: Final = Source("RouterListener", "symfony/http-kernel")
API_REFERENCE: Final = Source("content/swagger/akeneo-web-api.json", "pim-api-docs")


@dataclass(frozen=True)
class RuleEntry:
    """One row of the rulebook: a rule, and the answer the engine gives when it applies."""

    rule: Rule
    checked: str
    """What is checked, in a sentence for people."""
    example: str
    """The witness in words: who asks what."""
    request: str
    """The witness's request, e.g. ``PATCH /api/rest/v1/products/hat``."""
    layer: Layer
    """The layer of the check that applies the rule (for a refusal: the one that refused)."""
    status: int
    effect: Effect
    message: str
    """The PIM's message, word for word; empty when the request succeeds."""
    detail: str
    """The first validation error of a 422 body, when the message alone says little."""
    message_name: str
    """The name in :mod:`simulator.engine.messages` the message comes from; empty on success."""
    anchor: str
    """The article section that describes the rule."""
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class _Witness:
    """A rule to show, and the scenario on the article's catalog that shows it."""

    rule: Rule
    checked: str
    example: str
    message_name: str
    sources: tuple[Source, ...]
    requests: tuple[Mapping[str, JsonValue], ...]
    """The requests, in order; the last one's answer is the row (the earlier ones set
    the state up, e.g. a draft)."""
    permissions: Mapping[str, JsonValue] = field(default_factory=lambda: _everything())
    scopes: tuple[str, ...] = PRODUCT_SCOPES
    edition: str = "EE"
    catalog: str = "article"
    """The shipped catalog the witness runs on: the article's, or ``shop`` for typed
    attributes and channels."""


def _everything() -> dict[str, JsonValue]:
    return {"categories": {"own_all": True}, "locales": {"edit_all": True}, "attribute_groups": {"edit_all": True}}


def _on(categories: Mapping[str, JsonValue] | None = None, locales: Mapping[str, JsonValue] | None = None,
        groups: Mapping[str, JsonValue] | None = None) -> dict[str, JsonValue]:
    """Permissions: everything, except the axes given."""
    permissions = _everything()
    if categories is not None:
        permissions["categories"] = dict(categories)
    if locales is not None:
        permissions["locales"] = dict(locales)
    if groups is not None:
        permissions["attribute_groups"] = dict(groups)
    return permissions


def _get(path: str, query: Mapping[str, str] | None = None) -> dict[str, JsonValue]:
    request: dict[str, JsonValue] = {"method": "GET", "path": API + path}
    if query:
        request["query"] = dict(query)
    return request


def _write(method: str, path: str, body: Mapping[str, JsonValue] | None = None) -> dict[str, JsonValue]:
    request: dict[str, JsonValue] = {"method": method, "path": API + path}
    if body is not None:
        request["body"] = dict(body)
    return request


def _value(attribute: str, locale: str | None, data: JsonValue = "Changed") -> dict[str, JsonValue]:
    return {"values": {attribute: [{"locale": locale, "scope": None, "data": data}]}}


def _scoped(attribute: str, locale: str | None, scope: str, data: JsonValue) -> dict[str, JsonValue]:
    return {"values": {attribute: [{"locale": locale, "scope": scope, "data": data}]}}


def _search(criteria: Mapping[str, JsonValue]) -> dict[str, str]:
    return {"search": json.dumps(criteria, separators=(",", ":"))}


_HAT_NAME = _write("PATCH", "/products/hat", _value("name", "en_US", "Straw hat"))

_WITNESSES: Final[tuple[_Witness, ...]] = (
    # Edition ------------------------------------------------------------------
    _Witness(
        Rule.EDITION, "In CE and GE there are no permissions: only the scopes limit the App.",
        "a CE App changes Braided hat, classified in Print only", "",
        (WIZARD, HELP_RIGHTS), (_write("PATCH", "/products/braided_hat", _value("name", "en_US")),),
        permissions={}, edition="CE",
    ),
    _Witness(
        Rule.EDITION, "Drafts and proposals exist in the Enterprise Edition only.",
        "a GE App sends Hat for approval", "no_route",
        (HELP_PROPOSALS,), (_write("POST", "/products/hat/proposal"),), edition="GE",
    ),
    # Scope --------------------------------------------------------------------
    _Witness(
        Rule.SCOPE, "Reading products and product models needs `read_products`.",
        "an App holding only `read_catalog_structure` reads Hat", "SCOPE_MESSAGES",
        (SCOPE_MAPPER, ACCESS_DENIED), (_get("/products/hat"),), scopes=("read_catalog_structure",),
    ),
    _Witness(
        Rule.SCOPE, "Creating and updating needs `write_products`.",
        "an App holding `read_products` changes Hat", "SCOPE_MESSAGES",
        (SCOPE_MAPPER, ACCESS_DENIED), (_HAT_NAME,), scopes=("read_products",),
    ),
    _Witness(
        Rule.SCOPE, "Deleting needs `delete_products`.",
        "an App holding `write_products` deletes Hat", "SCOPE_MESSAGES",
        (SCOPE_MAPPER, ACCESS_DENIED), (_write("DELETE", "/products/hat"),), scopes=("write_products",),
    ),
    _Witness(
        Rule.NO_SCOPE, "An App that asks no scope reaches no product endpoint.",
        "an App with no scope reads Hat", "SCOPE_MESSAGES",
        (SCOPE_MAPPER, ACCESS_DENIED), (_get("/products/hat"),), scopes=(),
    ),
    # Category -----------------------------------------------------------------
    _Witness(
        Rule.PRODUCT_VISIBLE,
        "A product is visible through at least one category the App may view; otherwise it does not exist for the App.",
        "an App owning Ecommerce reads Braided hat, classified in Print only", "not_found",
        (USER_RIGHTS, VOTER, E2E_PRODUCT), (_get("/products/braided_hat"),),
        permissions=_on(categories={"own": ["ecommerce"]}),
    ),
    _Witness(
        Rule.PRODUCT_VISIBLE, "A variant product takes the categories of its parent models.",
        "an App owning Master catalog reads a T-shirt variant, whose model is in Ecommerce", "not_found",
        (FETCH_RIGHTS, USER_RIGHTS), (_get("/products/tshirt_red_s"),),
        permissions=_on(categories={"own": ["master"]}),
    ),
    _Witness(
        Rule.PRODUCT_VISIBLE, "A list leaves out the products the App may not view.",
        "an App owning Master catalog lists the products", "",
        (VOTER, E2E_PRODUCT), (_get("/products"),),
        permissions=_on(categories={"own": ["master"]}),
    ),
    _Witness(
        Rule.PRODUCT_VISIBLE, "A list filtered on a category of a tree the App may not view is refused.",
        "an App owning Master catalog lists the products of Print", "filter_category",
        (E2E_PRODUCT,), (_get("/products", _search({"categories": [{"operator": "IN", "value": ["print"]}]})),),
        permissions=_on(categories={"own": ["master"]}),
    ),
    _Witness(
        Rule.PRODUCT_VISIBLE, "A product can only be associated with products the App may view.",
        "an App owning Master catalog associates Hat with Braided hat", "hidden_association",
        (UPDATER, E2E_PRODUCT), (_write("PATCH", "/products/hat", {"associations": {"X_SELL": {"products": ["braided_hat"]}}}),),
        permissions=_on(categories={"own": ["master"]}),
    ),
    _Witness(
        Rule.PRODUCT_VISIBLE, "A product can only be attached to a product model the App may view.",
        "an App owning Master catalog creates a T-shirt variant of the T-shirt model, which is in Ecommerce",
        "unknown_parent",
        (UPDATER, E2E_PRODUCT), (_write("POST", "/products", {"identifier": "tshirt_green_s", "parent": "tshirt_red"}),),
        permissions=_on(categories={"own": ["master"]}),
    ),
    _Witness(
        Rule.PRODUCT_EDITABLE, "Changing a product needs at least Edit on one of its categories.",
        "an App with View on every tree changes Hat", "view_only",
        (UPDATER, E2E_PRODUCT), (_HAT_NAME,),
        permissions=_on(categories={"view_all": True}),
    ),
    _Witness(
        Rule.PRODUCT_EDITABLE, "With Edit but not Own, a change of values becomes a draft; the product is unchanged.",
        "an App with Edit on every tree changes Hat's name", "",
        (UPDATER, E2E_WORKFLOW, HELP_PROPOSALS), (_HAT_NAME,),
        permissions=_on(categories={"edit_all": True}),
    ),
    _Witness(
        Rule.PRODUCT_EDITABLE, "A creation is applied directly, whatever the level on its categories: only updates become drafts.",
        "an App with View on every tree creates a product in Ecommerce", "",
        (E2E_PRODUCT,),
        (_write("POST", "/products", {"identifier": "summer_hat", "categories": ["ecommerce_summer_hats"]}),),
        permissions=_on(categories={"view_all": True}),
    ),
    _Witness(
        Rule.PRODUCT_EDITABLE, "A change that changes nothing is accepted, even on a product the App may only view.",
        "an App with View on every tree sends Hat's categories unchanged", "",
        (E2E_PRODUCT,),
        (_write("PATCH", "/products/hat", {"categories": ["ecommerce_summer_hats", "master_accessories_hats"]}),),
        permissions=_on(categories={"view_all": True}),
    ),
    _Witness(
        Rule.PRODUCT_OWNED, "Changing anything but values (enabled, family, groups, categories, associations) needs Own.",
        "an App with Edit on every tree disables Hat", "fields_need_own",
        (UPDATER, E2E_PRODUCT), (_write("PATCH", "/products/hat", {"enabled": False}),),
        permissions=_on(categories={"edit_all": True}),
    ),
    _Witness(
        Rule.PRODUCT_OWNED, "A re-categorized product must stay in at least one category the App owns.",
        "an App owning Ecommerce, with View on Master catalog, moves Hat to Master catalog only", "keep_owned",
        (CATEGORY_SETTER, E2E_PRODUCT),
        (_write("PATCH", "/products/hat", {"categories": ["master_accessories_hats"]}),),
        permissions=_on(categories={"own": ["ecommerce"], "view": ["master"]}),
    ),
    _Witness(
        Rule.PRODUCT_OWNED, "Deleting needs Own on one of the product's categories.",
        "an App with Edit on every tree deletes Hat", "delete_needs_own",
        (REMOVER, E2E_PRODUCT), (_write("DELETE", "/products/hat"),),
        permissions=_on(categories={"edit_all": True}),
    ),
    _Witness(
        Rule.PRODUCT_OWNED, "An unclassified product is owned by everyone.",
        "an App owning Ecommerce only deletes Wool scarf, which is in no category", "",
        (USER_RIGHTS, REMOVER, HELP_RIGHTS), (_write("DELETE", "/products/wool_scarf"),),
        permissions=_on(categories={"own": ["ecommerce"]}),
    ),
    _Witness(
        Rule.PRODUCT_OWNED, "An owner's changes apply directly: it has no draft to send for approval.",
        "an App owning every tree sends Hat for approval", "proposal_by_owner",
        (E2E_WORKFLOW, HELP_PROPOSALS), (_write("POST", "/products/hat/proposal"),),
    ),
    _Witness(
        Rule.PRODUCT_OWNED, "An owner has no draft to retrieve.",
        "an App owning every tree asks for Hat's draft", "draft_by_owner",
        (E2E_WORKFLOW,), (_get("/products/hat/draft"),),
    ),
    _Witness(
        Rule.PRODUCT_EDITABLE, "A draft is sent for approval with `POST …/proposal`.",
        "an App with Edit on every tree changes Hat, then sends its draft", "",
        (E2E_WORKFLOW, HELP_PROPOSALS), (_HAT_NAME, _write("POST", "/products/hat/proposal")),
        permissions=_on(categories={"edit_all": True}),
    ),
    _Witness(
        Rule.PRODUCT_EDITABLE, "A viewer cannot propose changes.",
        "an App with View on every tree sends Hat for approval", "proposal_by_viewer",
        (E2E_WORKFLOW,), (_write("POST", "/products/hat/proposal"),),
        permissions=_on(categories={"view_all": True}),
    ),
    _Witness(
        Rule.PRODUCT_EDITABLE, "A viewer has no draft to retrieve.",
        "an App with View on every tree asks for Hat's draft", "draft_by_viewer",
        (E2E_WORKFLOW,), (_get("/products/hat/draft"),),
        permissions=_on(categories={"view_all": True}),
    ),
    _Witness(
        Rule.PRODUCT_EDITABLE, "Only a draft can be sent for approval.",
        "an App with Edit on every tree sends Hat for approval before changing it", "NO_DRAFT_TO_SUBMIT",
        (E2E_WORKFLOW,), (_write("POST", "/products/hat/proposal"),),
        permissions=_on(categories={"edit_all": True}),
    ),
    _Witness(
        Rule.PRODUCT_EDITABLE, "A draft is sent for approval once.",
        "an App with Edit on every tree sends its draft of Hat twice", "DRAFT_ALREADY_SUBMITTED",
        (E2E_WORKFLOW,),
        (_HAT_NAME, _write("POST", "/products/hat/proposal"), _write("POST", "/products/hat/proposal")),
        permissions=_on(categories={"edit_all": True}),
    ),
    _Witness(
        Rule.PRODUCT_EDITABLE, "There is a draft to retrieve only after a change.",
        "an App with Edit on every tree asks for Hat's draft before changing it", "no_draft",
        (E2E_WORKFLOW,), (_get("/products/hat/draft"),),
        permissions=_on(categories={"edit_all": True}),
    ),
    _Witness(
        Rule.CATEGORY_ASSIGNABLE,
        "A product can only be put in categories of trees the App may view; others answer as if they did not exist.",
        "an App owning Ecommerce puts Hat in a Print category", "unknown_category",
        (CATEGORY_SETTER, E2E_PRODUCT),
        (_write("PATCH", "/products/hat", {"categories": ["ecommerce_summer_hats", "print_flyers"]}),),
        permissions=_on(categories={"own": ["ecommerce"]}),
    ),
    _Witness(
        Rule.CATEGORY_ASSIGNABLE, "A change of categories keeps the categories the App may not view.",
        "an App owning Ecommerce, blind to Master catalog, sets Hat's categories to an Ecommerce one", "",
        (CATEGORY_SETTER, UPDATER),
        (_write("PATCH", "/products/hat", {"categories": ["ecommerce_summer"]}),),
        permissions=_on(categories={"own": ["ecommerce"]}),
    ),
    # Locale -------------------------------------------------------------------
    _Witness(
        Rule.LOCALE_VISIBLE, "Values in a locale the App may not view are left out of what it reads.",
        "an App with View on en_US only reads Hat", "",
        (VALUES_FILTER, E2E_PRODUCT), (_get("/products/hat"),),
        permissions=_on(locales={"view": ["en_US"]}),
    ),
    _Witness(
        Rule.LOCALE_VISIBLE, "A value in a locale the App may not view is refused as if the locale did not exist.",
        "an App with Edit on en_US only changes Hat's German name", "hidden_locale",
        (VALUES_SETTER, E2E_PRODUCT), (_write("PATCH", "/products/hat", _value("name", "de_DE")),),
        permissions=_on(locales={"edit": ["en_US"]}),
    ),
    _Witness(
        Rule.LOCALE_VISIBLE, "A list asked in a locale the App may not view is refused.",
        "an App with Edit on en_US only lists the products in de_DE", "filter_locales",
        (E2E_PRODUCT,), (_get("/products", {"locales": "de_DE"}),),
        permissions=_on(locales={"edit": ["en_US"]}),
    ),
    _Witness(
        Rule.LOCALE_EDITABLE, "Changing a value in a locale needs Edit on it.",
        "the translation App, with View on fr_FR, changes Hat's French name", "view_only_locale",
        (VALUES_SETTER, E2E_PRODUCT), (_write("PATCH", "/products/hat", _value("name", "fr_FR")),),
        permissions=_on(locales={"edit": ["en_US", "de_DE"], "view": ["fr_FR"]}),
    ),
    # Attribute group ----------------------------------------------------------
    _Witness(
        Rule.ATTRIBUTE_GROUP_VISIBLE, "Values of an attribute group the App may not view are left out of what it reads.",
        "the e-commerce App, with View on the ecommerce, marketing and media groups, reads Hat", "",
        (VALUES_FILTER, E2E_PRODUCT), (_get("/products/hat"),),
        permissions=_on(groups={"view": ["ecommerce", "marketing", "media"]}),
    ),
    _Witness(
        Rule.ATTRIBUTE_GROUP_VISIBLE,
        "A value of an attribute group the App may not view is refused as if the attribute did not exist.",
        "an App with Edit on the marketing group only changes Hat's price (erp group)", "unknown_attribute",
        (VALUES_SETTER, E2E_PRODUCT), (_write("PATCH", "/products/hat", _value("price", None, "19.90")),),
        permissions=_on(groups={"edit": ["marketing"]}),
    ),
    _Witness(
        Rule.ATTRIBUTE_GROUP_VISIBLE, "A list filtered on an attribute the App may not view is refused.",
        "the e-commerce App filters the products on erp_code", "filter_attributes",
        (E2E_PRODUCT,), (_get("/products", _search({"erp_code": [{"operator": "=", "value": "ERP-10042"}]})),),
        permissions=_on(groups={"view": ["ecommerce", "marketing", "media"]}),
    ),
    _Witness(
        Rule.ATTRIBUTE_GROUP_EDITABLE, "Changing a value of an attribute group needs Edit on it.",
        "an App with View on every attribute group changes Hat's name (marketing group)", "view_only_attribute_group",
        (VALUES_SETTER, E2E_PRODUCT), (_HAT_NAME,),
        permissions=_on(groups={"view_all": True}),
    ),
    # The request itself -------------------------------------------------------
    _Witness(
        Rule.REQUEST, "The product exists.", "an App owning every tree reads a product nobody created", "not_found",
        (E2E_PRODUCT,), (_get("/products/straw_boater"),),
    ),
    _Witness(
        Rule.REQUEST, "A new product has an identifier.", "an App creates a product without one", "VALIDATION_FAILED",
        (API_VALIDATION,), (_write("POST", "/products", {"family": "accessories"}),),
    ),
    _Witness(
        Rule.REQUEST, "A new product's identifier is not taken.", "an App creates a second Hat", "already_exists",
        (API_VALIDATION,), (_write("POST", "/products", {"identifier": "hat"}),),
    ),
    _Witness(
        Rule.REQUEST, "The identifier in the body is the one in the URL.", "an App sends Cap's identifier to Hat's URL",
        "key_mismatch", (PRODUCT_E2E,), (_write("PATCH", "/products/straw_boater", {"identifier": "cap"}),),
    ),
    _Witness(
        Rule.REQUEST, "Every field of the body is a field of a product.", "an App sends a field named `colour`",
        "unknown_property", (API_VALIDATION,), (_write("PATCH", "/products/hat", {"colour": "red"}),),
    ),
    _Witness(
        Rule.REQUEST, "Every field has the expected type.", "an App sends `\"enabled\": \"yes\"`", "boolean_expected_factory",
        (API_VALIDATION,), (_write("PATCH", "/products/hat", {"enabled": "yes"}),),
    ),
    _Witness(
        Rule.REQUEST, "A category exists.", "an App puts Hat in a category nobody created", "unknown_category",
        (API_VALIDATION,), (_write("PATCH", "/products/hat", {"categories": ["straw_hats"]}),),
    ),
    _Witness(
        Rule.REQUEST, "An associated product exists.", "an App associates Hat with a product nobody created",
        "unknown_association", (API_VALIDATION,),
        (_write("PATCH", "/products/hat", {"associations": {"X_SELL": {"products": ["straw_boater"]}}}),),
    ),
    _Witness(
        Rule.REQUEST, "A localizable attribute's value names a locale.", "an App changes Hat's name with no locale",
        "localizable_not_scopable", (VALIDATE_ATTRIBUTE,), (_write("PATCH", "/products/hat", _value("name", None)),),
    ),
    _Witness(
        Rule.REQUEST, "A non-localizable attribute's value names no locale.", "an App changes Hat's price in en_US",
        "neither_localizable_nor_scopable", (VALIDATE_ATTRIBUTE,),
        (_write("PATCH", "/products/hat", _value("price", "en_US", "19.90")),),
    ),
    _Witness(
        Rule.REQUEST, "A filter on a localizable attribute names a locale.", "an App filters on the name with no locale",
        "locale_expected", (FILTER_HELPER,), (_get("/products", _search({"name": [{"operator": "=", "value": "Hat"}]})),),
    ),
    _Witness(
        Rule.REQUEST, "A filter on an attribute that is not localizable names no locale.",
        "an App filters on the price in en_US", "locale_unexpected", (FILTER_HELPER,),
        (_get("/products", _search({"price": [{"operator": "=", "value": "29.90", "locale": "en_US"}]})),),
    ),
    _Witness(
        Rule.REQUEST, "The search parameter is JSON.", "an App lists the products with `search=enabled`",
        "SEARCH_NOT_JSON", (API_VALIDATION,), (_get("/products", {"search": "enabled"}),),
    ),
    _Witness(
        Rule.REQUEST, "Each filter of the search is a list of conditions.", "an App filters with `{\"enabled\": true}`",
        "filter_structure", (API_VALIDATION,), (_get("/products", {"search": '{"enabled":true}'}),),
    ),
    _Witness(
        Rule.REQUEST, "Each filter's operator applies to its field.", "an App filters `enabled` with `CONTAINS`",
        "filter_operator", (API_VALIDATION,),
        (_get("/products", _search({"enabled": [{"operator": "CONTAINS", "value": True}]})),),
    ),
    _Witness(
        Rule.REQUEST, "A page holds at most 100 items.", "an App lists the products with `limit=101`",
        "TOO_MANY_ITEMS", (API_VALIDATION,), (_get("/products", {"limit": "101"}),),
    ),
    _Witness(
        Rule.REQUEST, "Paging parameters are positive numbers.", "an App lists the products with `page=0`",
        "bad_number", (API_VALIDATION,), (_get("/products", {"page": "0"}),),
    ),
    # Typed values, on the shop catalog ---------------------------------------------
    *(
        _Witness(Rule.REQUEST, checked, example, name, sources, requests, catalog="shop", scopes=scopes, edition=edition)
        for checked, example, name, sources, requests, scopes, edition in (
            ("A value's data fits its attribute's type: a text is a string.",
             "an App sends a list as Cap's name", "string_required", (FACTORIES, PRODUCT_E2E),
             (_write("PATCH", "/products/cap", _value("name", "en_US", ["Cap"])),), PRODUCT_SCOPES, "EE"),
            ("Prices are a list of amounts with their currency.", "an App sends `\"21.90\"` as Cap's price",
             "price_format_wrong", (PAYLOAD_FORMAT,), (_write("PATCH", "/products/cap", _value("price", None, "21.90")),),
             PRODUCT_SCOPES, "EE"),
            ("A boolean is true or false.", "an App sends `\"yes\"` as Cap's on_sale on ecommerce", "boolean_expected",
             (PAYLOAD_FORMAT,), (_write("PATCH", "/products/cap", _scoped("on_sale", None, "ecommerce", "yes")),),
             PRODUCT_SCOPES, "EE"),
            ("Each attribute's values are a list.", "an App sends one object instead of a list of values",
             "payload_not_array", (PAYLOAD_FORMAT,),
             (_write("PATCH", "/products/cap", {"values": {"name": "Cap"}}),), PRODUCT_SCOPES, "EE"),
            ("Each value is an object.", "an App sends a string among Cap's name values",
             "payload_not_array_of_arrays", (PAYLOAD_FORMAT,),
             (_write("PATCH", "/products/cap", {"values": {"name": ["Cap"]}}),), PRODUCT_SCOPES, "EE"),
            ("Each value names its locale, channel and data.", "an App leaves the scope out of Cap's name",
             "payload_missing_key", (PAYLOAD_FORMAT,),
             (_write("PATCH", "/products/cap", {"values": {"name": [{"locale": "en_US", "data": "Cap"}]}}),),
             PRODUCT_SCOPES, "EE"),
            ("A value's locale and channel are strings.", "an App sends a number as the locale of Cap's name",
             "payload_key_not_string", (PAYLOAD_FORMAT,),
             (_write("PATCH", "/products/cap", {"values": {"name": [{"locale": 1, "scope": None, "data": "Cap"}]}}),),
             PRODUCT_SCOPES, "EE"),
            ("One value per locale and channel.", "an App sends Cap's English name twice", "duplicate_value",
             (DUPLICATES,),
             (_write("PATCH", "/products/cap", {"values": {"name": [{"locale": "en_US", "scope": None, "data": "Cap"},
                                                                   {"locale": "en_US", "scope": None, "data": "Hat"}]}}),),
             PRODUCT_SCOPES, "EE"),
            ("The attribute exists.", "an App sets Cap's `colour`", "unknown_attribute", (PRODUCT_E2E,),
             (_write("PATCH", "/products/cap", _value("colour", None, "red")),), PRODUCT_SCOPES, "EE"),
            ("A localizable, scopable attribute's value names both.", "an App sends Cap's SEO title without a channel",
             "localizable_and_scopable", (VALIDATE_ATTRIBUTE,),
             (_write("PATCH", "/products/cap", _value("seo_title", "en_US", "Cap")),), PRODUCT_SCOPES, "EE"),
            ("A localizable attribute's value names a locale and no channel.",
             "an App sends Cap's name for the ecommerce channel", "localizable_not_scopable", (VALIDATE_ATTRIBUTE,),
             (_write("PATCH", "/products/cap", _scoped("name", "en_US", "ecommerce", "Cap")),), PRODUCT_SCOPES, "EE"),
            ("A scopable attribute's value names a channel and no locale.",
             "an App sends Cap's on_sale with no channel", "scopable_not_localizable", (VALIDATE_ATTRIBUTE,),
             (_write("PATCH", "/products/cap", _value("on_sale", None, True)),), PRODUCT_SCOPES, "EE"),
            ("A value of an attribute that is neither localizable nor scopable names neither.",
             "an App sends Cap's stock in en_US", "neither_localizable_nor_scopable", (VALIDATE_ATTRIBUTE,),
             (_write("PATCH", "/products/cap", _value("stock", "en_US", 3)),), PRODUCT_SCOPES, "EE"),
            ("A number is a number.", "an App sends a list as Cap's stock", "numeric_expected", (FACTORIES,),
             (_write("PATCH", "/products/cap", _value("stock", None, [3])),), PRODUCT_SCOPES, "EE"),
            ("A metric is an object with an amount and a unit.", "an App sends `\"0.2 kg\"` as Cap's weight",
             "array_expected", (FACTORIES,), (_write("PATCH", "/products/cap", _value("weight", None, "0.2 kg")),),
             PRODUCT_SCOPES, "EE"),
            ("A metric names its unit.", "an App sends Cap's weight without unit", "array_key_expected",
             (FACTORIES,), (_write("PATCH", "/products/cap", _value("weight", None, {"amount": "0.2"})),),
             PRODUCT_SCOPES, "EE"),
            ("A metric's unit is a string.", "an App sends a number as the unit of Cap's weight",
             "metric_unit_not_string", (FACTORIES,),
             (_write("PATCH", "/products/cap", _value("weight", None, {"amount": "0.2", "unit": 1})),), PRODUCT_SCOPES, "EE"),
            ("A metric's amount is a decimal number.", "an App sends `\"1e3\"` as the amount of Cap's weight",
             "decimal_expected", (FACTORIES,),
             (_write("PATCH", "/products/cap", _value("weight", None, {"amount": "1e3", "unit": "GRAM"})),),
             PRODUCT_SCOPES, "EE"),
            ("A date is written yyyy-mm-dd.", "an App sends `01/05/2024` as Cap's release date", "date_expected",
             (FACTORIES,), (_write("PATCH", "/products/cap", _value("release_date", None, "01/05/2024")),),
             PRODUCT_SCOPES, "EE"),
            ("A file or image value names a media file the PIM holds.", "an App sets Cap's picture to a file never uploaded",
             "unknown_media", (FACTORIES,), (_write("PATCH", "/products/cap", _value("picture", None, "cap.jpg")),),
             PRODUCT_SCOPES, "EE"),
            ("A media value is a file's key, a string.", "an App sends a number as Cap's picture", "string_expected",
             (FACTORIES,), (_write("PATCH", "/products/cap", _value("picture", None, 3)),), PRODUCT_SCOPES, "EE"),
            ("A multi select's options are codes.", "an App sends a number among Cap's tags", "valid_array_structure",
             (FACTORIES,), (_write("PATCH", "/products/cap", _value("tags", None, ["new", 3])),), PRODUCT_SCOPES, "EE"),
            ("A model's prices are objects (products' are checked earlier, by their payload's format).",
             "an App sends a number among the T-shirt model's prices", "array_of_arrays_expected",
             (FACTORIES,), (_write("PATCH", "/product-models/tshirt", _value("price", None, [3])),),
             PRODUCT_SCOPES, "EE"),
        )
    ),
    *(
        _Witness(Rule.REQUEST, checked, example, name, sources, requests, catalog="shop", edition=edition)
        for checked, example, name, sources, requests, edition in (
            ("A price is in an activated currency (one of a channel's).", "an App prices Cap in yen", "invalid_currency",
             (CURRENCY,), (_write("PATCH", "/products/cap", _value("price", None, [{"amount": "9", "currency": "JPY"}])),),
             "EE"),
            ("A price's amount is a number.", "an App prices Cap at `\"cheap\"` euros", "not_a_number",
             (CURRENCY,), (_write("PATCH", "/products/cap", _value("price", None, [{"amount": "cheap", "currency": "EUR"}])),),
             "EE"),
            ("A simple select's option exists.", "an App paints Cap green", "unknown_option", (OPTIONS_EXIST,),
             (_write("PATCH", "/products/cap", _value("color", None, "green")),), "EE"),
            ("A multi select's options exist.", "an App tags Cap `old` and `cheap`", "unknown_options", (OPTIONS_EXIST,),
             (_write("PATCH", "/products/cap", _value("tags", None, ["old", "cheap"])),), "EE"),
            ("A metric's unit belongs to its measurement family.", "an App weighs Cap in meters", "INVALID_METRIC_UNIT",
             (VALID_METRIC,), (_write("PATCH", "/products/cap", _value("weight", None, {"amount": "1", "unit": "METER"})),),
             "EE"),
            ("A number without decimals has none.", "an App sets Cap's stock to 1.5", "not_decimal", (NOT_DECIMAL,),
             (_write("PATCH", "/products/cap", _value("stock", None, "1.5")),), "EE"),
            ("A number that may not be negative is not.", "an App sets Cap's stock to -3", "min_value", (FACTORIES,),
             (_write("PATCH", "/products/cap", _value("stock", None, -3)),), "EE"),
            ("A text is not longer than its attribute allows.", "an App writes an 80-character SEO title",
             "too_long", (FACTORIES,),
             (_write("PATCH", "/products/cap", _scoped("seo_title", "en_US", "ecommerce", "x" * 80)),), "EE"),
            ("A scopable value's locale is one of its channel's.", "an App writes Cap's German SEO title for ecommerce",
             "locale_not_bound", (LOCALIZABLE_VALUES,),
             (_write("PATCH", "/products/cap", _scoped("seo_title", "de_DE", "ecommerce", "Kappe")),), "EE"),
            ("A scopable value's channel exists.", "an App writes Cap's SEO title for a mobile channel", "unknown_channel",
             (SCOPABLE_VALUES,), (_write("PATCH", "/products/cap", _scoped("seo_title", "en_US", "mobile", "Cap")),), "EE"),
            ("In CE, a value's locale exists and is activated.", "a CE App writes Cap's name in nl_BE",
             "locale_does_not_exist", (LOCALIZABLE_VALUES,), (_write("PATCH", "/products/cap", _value("name", "nl_BE", "Pet")),),
             "CE"),
            ("A locale-specific attribute takes values in its locales only.", "an App writes Cap's legal notice in English",
             "locale_not_available", (LOCALIZABLE_VALUES,),
             (_write("PATCH", "/products/cap", _value("legal_notice", "en_US", "Made in France")),), "EE"),
        )
    ),
    # Products by uuid ----------------------------------------------------------------
    *(
        _Witness(Rule.REQUEST, checked, example, name, sources, requests, catalog="shop")
        for checked, example, name, sources, requests in (
            ("Through products-uuid the identifier is a value, not a field.",
             "an App sends an identifier field to products-uuid", "IDENTIFIER_FIELD_UNKNOWN", (UUID_CONTROLLERS,),
             (_write("PATCH", "/products-uuid/7a3c1d0e-5f2b-4a8e-9c61-3e8f2a4b6d03", {"identifier": "cap"}),)),
            ("The uuid in the body is the one in the URL.", "an App creates a product with two uuids", "uuid_mismatch",
             (UUID_CONTROLLERS,),
             (_write("PATCH", "/products-uuid/7a3c1d0e-5f2b-4a8e-9c61-3e8f2a4b6d99",
                     {"uuid": "7a3c1d0e-5f2b-4a8e-9c61-3e8f2a4b6d98"}),)),
            ("A new product's uuid is not taken.", "an App creates a product with Cap's uuid", "uuid_taken",
             (CREATE_BY_UUID,), (_write("POST", "/products-uuid", {"uuid": "7a3c1d0e-5f2b-4a8e-9c61-3e8f2a4b6d03"}),)),
            ("A new product's uuid is a uuid.", "an App creates a product with the uuid `cap`", "NOT_A_UUID",
             (PAYLOAD_FORMAT,), (_write("POST", "/products-uuid", {"uuid": "cap"}),)),
            ("Through /products, the identifier cannot be emptied.", "an App sends a null identifier to Cap",
             "NO_IDENTIFIER", (PRODUCT_E2E,), (_write("PATCH", "/products/cap", {"identifier": None}),)),
            ("A new identifier is not taken.", "an App renames Cap to Hat", "identifier_taken", (PRODUCT_E2E,),
             (_write("PATCH", "/products/cap", {"identifier": "hat"}),)),
            ("A family exists.", "an App puts Cap in the shoes family", "unknown_family", (FIELD_SETTERS,),
             (_write("PATCH", "/products/cap", {"family": "shoes"}),)),
            ("A family is a code.", "an App sends a list as Cap's family", "scalar_expected", (FIELD_SETTERS,),
             (_write("PATCH", "/products/cap", {"family": ["accessories"]}),)),
            ("Enabled is true or false.", "an App sends `\"no\"` as Cap's enabled", "boolean_expected_factory",
             (FIELD_SETTERS, PRODUCT_E2E), (_write("PATCH", "/products/cap", {"enabled": "no"}),)),
            ("Every field of the body is a field of a product.", "an App sends a field named `colour` by uuid",
             "unknown_property_bare", (PRODUCT_E2E,),
             (_write("PATCH", "/products-uuid/7a3c1d0e-5f2b-4a8e-9c61-3e8f2a4b6d03", {"colour": "red"}),)),
        )
    ),
    _Witness(
        Rule.REQUEST, "A product model's values are lists of objects.", "an App sends a string among a model's values",
        "one_value_not_an_array", (VALUES_UPDATER,),
        (_write("PATCH", "/product-models/tshirt", {"values": {"name": ["T-shirt"]}}),), catalog="shop",
    ),
    _Witness(
        Rule.REQUEST, "A product model's values are lists.", "an App sends a model's name as a string",
        "array_expected", (VALUES_UPDATER,),
        (_write("PATCH", "/product-models/tshirt", {"values": {"name": "T-shirt"}}),), catalog="shop",
    ),
    _Witness(
        Rule.REQUEST, "A product model's value names its locale and channel as strings.",
        "an App sends a number as the locale of a model's name", "value_key_not_string", (VALUES_UPDATER,),
        (_write("PATCH", "/product-models/tshirt",
                {"values": {"name": [{"locale": 3, "scope": None, "data": "T-shirt"}]}}),), catalog="shop",
    ),
    # Lists ---------------------------------------------------------------------------
    *(
        _Witness(Rule.REQUEST, checked, example, name, sources, (_get(path, query),), catalog="shop")
        for checked, example, name, sources, path, query in (
            ("The pagination type is page or search_after.", "an App lists with `pagination_type=cursor`",
             "PAGINATION_TYPE_UNKNOWN", (PAGINATION,), "/products", {"pagination_type": "cursor"}),
            ("with_count is true or false.", "an App lists with `with_count=yes`", "with_count_not_boolean",
             (PAGINATION,), "/products", {"with_count": "yes"}),
            ("The scope exists.", "an App lists the products of a mobile channel", "unknown_scope", (LIST_VALIDATOR,),
             "/products", {"scope": "mobile"}),
            ("The locales asked are the scope's.", "an App lists ecommerce in German", "locales_not_in_scope",
             (LIST_VALIDATOR,), "/products", {"scope": "ecommerce", "locales": "de_DE"}),
            ("Each condition names its operator.", "an App filters on enabled without operator", "operator_missing",
             (LIST_VALIDATOR,), "/products", {"search": '{"enabled":[{"value":true}]}'}),
            ("An operator is a string.", "an App filters on enabled with operator 1", "operator_not_string",
             (LIST_VALIDATOR,), "/products", {"search": '{"enabled":[{"operator":1,"value":true}]}'}),
            ("The categories of a search exist.", "an App filters on two categories nobody created", "filter_categories",
             (LIST_VALIDATOR,), "/products", {"search": '{"categories":[{"operator":"IN","value":["x","y"]}]}'}),
            ("A search names fields and attributes that exist.", "an App filters on `colour`", "unknown_filter_property",
             (LIST_VALIDATOR,), "/products", {"search": '{"colour":[{"operator":"=","value":"red"}]}'}),
            ("A condition's locale is a string.", "an App filters on name with a number as locale",
             "filter_locale_not_string", (LIST_VALIDATOR,), "/products",
             {"search": '{"name":[{"operator":"=","value":"Cap","locale":3}]}'}),
            ("A filter on a scopable attribute names a channel.", "an App filters on the SEO title without scope",
             "scope_expected", (FILTER_HELPER,), "/products",
             {"search": '{"seo_title":[{"operator":"CONTAINS","value":"hat","locale":"en_US"}]}'}),
            ("A filter on an attribute that is not scopable names no channel.", "an App filters on stock for ecommerce",
             "scope_unexpected", (FILTER_HELPER,), "/products",
             {"search": '{"stock":[{"operator":">","value":1,"scope":"ecommerce"}]}'}),
            ("A filter's channel exists.", "an App filters on the SEO title for a mobile channel", "scope_unknown",
             (FILTER_HELPER,), "/products",
             {"search": '{"seo_title":[{"operator":"CONTAINS","value":"hat","locale":"en_US","scope":"mobile"}]}'}),
        )
    ),
    # Bulk PATCH ----------------------------------------------------------------------
    *(
        _Witness(Rule.REQUEST, checked, example, name, (STREAM,), requests, catalog="shop")
        for checked, example, name, requests in (
            ("A bulk PATCH holds 100 lines at most.", "an ERP App sends 101 lines", "too_many_resources",
             ({"method": "PATCH", "path": API + "/products", "body": [{"identifier": f"p{n}"} for n in range(101)]},)),
            ("Each line of a bulk PATCH is a JSON object.", "an ERP App sends a line that is not JSON", "INVALID_JSON",
             ({"method": "PATCH", "path": API + "/products", "body": ["{identifier: cap}"]},)),
            ("A line is at most 1,000,000 characters long.", "an ERP App sends a line of 1,000,001 characters",
             "LINE_TOO_LONG", ({"method": "PATCH", "path": API + "/products", "body": ["x" * 1_000_001]},)),
            ("Each line names its product.", "an ERP App sends a line without identifier", "key_missing",
             ({"method": "PATCH", "path": API + "/products", "body": [{"enabled": True}]},)),
            ("A line's identifier is a string.", "an ERP App sends the identifier 42", "key_not_string",
             ({"method": "PATCH", "path": API + "/products", "body": [{"identifier": 42}]},)),
        )
    ),
    # The catalog structure ----------------------------------------------------------
    _Witness(
        Rule.SCOPE, "Reading attributes, attribute groups and families needs `read_catalog_structure`.",
        "an App holding `read_products` lists the attributes", "structure_forbidden",
        (SCOPE_MAPPER, STRUCTURE_ACL), (_get("/attributes"),), scopes=("read_products",), catalog="shop",
    ),
    _Witness(
        Rule.SCOPE, "Reading categories needs `read_categories`; the category endpoints answer in their own words.",
        "an App holding `read_products` lists the categories", "NO_WEB_API_ACCESS",
        (SCOPE_MAPPER, CATEGORY_ACL), (_get("/categories"),), scopes=("read_products",), catalog="shop",
    ),
    *(
        _Witness(Rule.REQUEST, checked, example, name, sources, (_get(path, query),), catalog="shop",
                 scopes=PRODUCT_SCOPES + ("read_categories", "read_catalog_structure", "read_attribute_options",
                                          "read_channel_localization", "read_channel_settings"))
        for checked, example, name, sources, path, query in (
            ("Structure lists page by offset only.", "an App lists the categories with `pagination_type=search_after`",
             "PAGINATION_TYPE_UNSUPPORTED", (PAGINATION,), "/categories", {"pagination_type": "search_after"}),
            ("A category search is JSON.", "an App searches the categories with `search=root`", "category_search_not_json",
             (CATEGORY_SEARCH,), "/categories", {"search": "root"}),
            ("Categories are searched on code, parent, is_root or updated.", "an App searches the categories by label",
             "unavailable_filter", (CATEGORY_SEARCH,), "/categories", {"search": '{"label":[{"operator":"=","value":"x"}]}'}),
            ("Categories are searched by code with IN.", "an App searches a category code with =",
             "category_code_operator", (CATEGORY_SEARCH,), "/categories",
             {"search": '{"code":[{"operator":"=","value":["master"]}]}'}),
            ("A category code search gives a list.", "an App searches a category code with a string",
             "category_code_value", (CATEGORY_SEARCH,), "/categories",
             {"search": '{"code":[{"operator":"IN","value":"master"}]}'}),
            ("A code search's list holds codes.", "an App searches category codes with a number among them",
             "NOT_A_STRING", (CATEGORY_SEARCH,), "/categories",
             {"search": '{"code":[{"operator":"IN","value":["master",7]}]}'}),
            ("A code search's value is a list, not a number.", "an App searches a category code with a number",
             "NOT_ITERABLE", (CATEGORY_SEARCH,), "/categories",
             {"search": '{"code":[{"operator":"IN","value":1234}]}'}),
            ("Categories are searched by parent with =.", "an App searches a parent with IN",
             "category_parent_operator", (CATEGORY_SEARCH,), "/categories",
             {"search": '{"parent":[{"operator":"IN","value":"master"}]}'}),
            ("A parent search gives one code.", "an App searches a parent with a list", "category_parent_value",
             (CATEGORY_SEARCH,), "/categories", {"search": '{"parent":[{"operator":"=","value":["master"]}]}'}),
            ("The parent searched exists.", "an App searches the children of a category nobody created",
             "parent_does_not_exist", (CATEGORY_SEARCH,), "/categories",
             {"search": '{"parent":[{"operator":"=","value":"shoes"}]}'}),
            ("is_root is searched with =.", "an App searches is_root with IN", "category_is_root_operator",
             (CATEGORY_SEARCH,), "/categories", {"search": '{"is_root":[{"operator":"IN","value":true}]}'}),
            ("is_root is true or false.", "an App searches is_root with `\"yes\"`", "category_is_root_value",
             (CATEGORY_SEARCH,), "/categories", {"search": '{"is_root":[{"operator":"=","value":"yes"}]}'}),
            ("updated is searched with >.", "an App searches categories updated = a date", "updated_operator",
             (CATEGORY_SEARCH,), "/categories",
             {"search": '{"updated":[{"operator":"=","value":"2024-01-01T00:00:00+00:00"}]}'}),
            ("An attribute search is JSON.", "an App searches the attributes with `search=color`",
             "ATTRIBUTE_SEARCH_NOT_JSON", (ATTRIBUTE_SEARCH,), "/attributes", {"search": "color"}),
            ("Attributes are searched by code or type with IN.", "an App searches an attribute code with =",
             "attribute_in_operator", (ATTRIBUTE_SEARCH,), "/attributes",
             {"search": '{"code":[{"operator":"=","value":["color"]}]}'}),
            ("An attribute code search gives a list.", "an App searches an attribute code with a string",
             "attribute_in_value", (ATTRIBUTE_SEARCH,), "/attributes",
             {"search": '{"code":[{"operator":"IN","value":"color"}]}'}),
            ("is_main_identifier is searched with =.", "an App searches is_main_identifier with IN",
             "attribute_main_identifier_operator", (ATTRIBUTE_SEARCH,), "/attributes",
             {"search": '{"is_main_identifier":[{"operator":"IN","value":true}]}'}),
            ("is_main_identifier is true or false.", "an App searches is_main_identifier with 1",
             "ATTRIBUTE_MAIN_IDENTIFIER_VALUE", (ATTRIBUTE_SEARCH,), "/attributes",
             {"search": '{"is_main_identifier":[{"operator":"=","value":1}]}'}),
            ("Locales are searched on enabled only.", "an App searches the locales by code", "filter_operator",
             (LOCALE_CONTROLLER,), "/locales", {"search": '{"code":[{"operator":"=","value":"en_US"}]}'}),
            ("A locale search's condition has a value.", "an App searches enabled locales without a value",
             "value_missing", (LOCALE_CONTROLLER,), "/locales", {"search": '{"enabled":[{"operator":"="}]}'}),
            ("A locale search's value is true or false.", "an App searches enabled locales with `\"yes\"`",
             "boolean_filter", (LOCALE_CONTROLLER,), "/locales", {"search": '{"enabled":[{"operator":"=","value":"yes"}]}'}),
            ("The attribute of options exists.", "an App lists the options of `colour`", "filter_attribute_not_found",
             (OPTION_CONTROLLER,), "/attributes/colour/options", {}),
            ("Only select attributes have options.", "an App lists the options of the name", "no_options",
             (OPTION_CONTROLLER,), "/attributes/name/options", {}),
            ("An option exists.", "an App reads the option green of color", "unknown_option_of",
             (OPTION_CONTROLLER,), "/attributes/color/options/green", {}),
            ("Family variants are not modelled.", "an App lists the variants of clothing", "not_simulated",
             (SIMULATOR,), "/families/clothing/variants", {}),
        )
    ),
    _Witness(
        Rule.REQUEST, "A change of the catalog structure is saved: 201 (or 204) with its Location.",
        "an App with write_categories creates a category", "", (CATEGORY_ACL, STRUCTURE_CONTROLLERS),
        (_write("POST", "/categories", {"code": "new_category"}),), catalog="shop", scopes=("write_categories",),
    ),
    _Witness(
        Rule.REQUEST, "A structure write's fields are those of the resource.", "an App creates a category with a position",
        "unknown_property_bare", (CATEGORY_UPDATER,),
        (_write("POST", "/categories", {"code": "new_category", "position": 1}),), catalog="shop",
        scopes=("write_categories",),
    ),
    _Witness(
        Rule.REQUEST, "A PATCH that creates names the URL's code.", "an App creates the category shoes as boots",
        "code_mismatch", (STRUCTURE_CONTROLLERS,),
        (_write("PATCH", "/categories/shoes", {"code": "boots"}),), catalog="shop", scopes=("write_categories",),
    ),
    _Witness(
        Rule.REQUEST, "A category's parent exists.", "an App creates a category below shoes",
        "invalid_entity_code", (CATEGORY_UPDATER,),
        (_write("POST", "/categories", {"code": "boots", "parent": "shoes"}),), catalog="shop",
        scopes=("write_categories",),
    ),
    _Witness(
        Rule.REQUEST, "Labels are text.", "an App labels a category with an object",
        "labels_not_scalar", (CATEGORY_UPDATER,),
        (_write("PATCH", "/categories/master", {"labels": {"en_US": {"text": "Master"}}}),), catalog="shop",
        scopes=("write_categories",),
    ),
    _Witness(
        Rule.REQUEST, "The tree of a channel stays a tree.", "an App moves the Ecommerce tree below Master",
        "TREE_OF_A_CHANNEL", (CATEGORY_UPDATER,),
        (_write("PATCH", "/categories/ecommerce", {"parent": "master"}),), catalog="shop",
        scopes=("write_categories",),
    ),
    _Witness(
        Rule.REQUEST, "Labels are in the catalog's locales.", "an App labels an attribute group in the locale foo",
        "unknown_label_locale", (ATTRIBUTE_GROUP_E2E,),
        (_write("POST", "/attribute-groups", {"code": "sustainability", "labels": {"foo": "Label"}}),), catalog="shop",
        scopes=("write_catalog_structure",),
    ),
    _Witness(
        Rule.REQUEST, "A new category has a code.", "an App creates a category without a code",
        "NOT_BLANK", (STRUCTURE_VALIDATION,),
        (_write("POST", "/categories", {"parent": "master"}),), catalog="shop", scopes=("write_categories",),
    ),
    _Witness(
        Rule.REQUEST, "A code holds letters, numbers and underscores.", "an App creates the category summer-sale",
        "code_pattern", (STRUCTURE_VALIDATION,),
        (_write("POST", "/categories", {"code": "summer-sale"}),), catalog="shop", scopes=("write_categories",),
    ),
    _Witness(
        Rule.REQUEST, "A code is at most 100 characters long.", "an App creates a category with a 101-letter code",
        "code_too_long", (STRUCTURE_VALIDATION,),
        (_write("POST", "/categories", {"code": "c" * 101}),), catalog="shop", scopes=("write_categories",),
    ),
    _Witness(
        Rule.REQUEST, "A code never changes.", "an App renames the category master",
        "IMMUTABLE", (STRUCTURE_VALIDATION,),
        (_write("PATCH", "/categories/master", {"code": "main"}),), catalog="shop", scopes=("write_categories",),
    ),
    _Witness(
        Rule.REQUEST, "A POST creates: its code must be new.", "an App creates the association type X_SELL again",
        "ALREADY_USED", (ASSOCIATION_TYPE_E2E,),
        (_write("POST", "/association-types", {"code": "X_SELL"}),), catalog="shop",
        scopes=("write_association_types",),
    ),
    # Paths the simulator does not model ----------------------------------------
    _Witness(
        Rule.REQUEST, "A path the PIM has no route for is 404.", "an App reads /api/rest/v1/stock-levels", "no_route",
        (ROUTE_TABLE, ROUTER), (_get("/stock-levels"),),
    ),
    _Witness(
        Rule.REQUEST, "A path asked with a method it does not have is 405.", "an App deletes the products collection",
        "method_not_allowed", (ROUTE_TABLE, ROUTER), (_write("DELETE", "/products"),),
    ),
    _Witness(
        Rule.REQUEST, "An endpoint the PIM has and the simulator does not model is marked not simulated.",
        "an App reads the measurement families", "not_simulated", (ROUTE_TABLE, API_REFERENCE, SIMULATOR),
        (_get("/measurement-families"),),
    ),
)


@cache
def rulebook() -> tuple[RuleEntry, ...]:
    """Every rule the engine applies, each with the answer the engine gives its witness.

    Raises :class:`RulebookError` when a witness does not make the engine apply its rule.
    """
    return tuple(_entry(number, witness) for number, witness in enumerate(_WITNESSES))


def _entry(number: int, witness: _Witness) -> RuleEntry:
    where = f"rulebook entry {number} ({witness.rule.name}: {witness.example})"
    data: dict[str, JsonValue] = {
        "version": 1,
        "catalog": witness.catalog,
        "edition": witness.edition,
        "app": {"id": "rulebook_app", "name": "An App", "scopes": list(witness.scopes)},
        "permissions": dict(witness.permissions),
        "requests": [dict(request) for request in witness.requests],
    }
    try:
        result = evaluate(scenario_from_dict(data)).results[-1]
    except ScenarioError as error:
        raise RulebookError(f"{where}: {error}") from None
    found = result.answer
    if found is None:
        raise RulebookError(f"{where}: the App was not connected")
    anchor = anchor_of(witness.rule)
    failed = [check for check in found.checks if not check.passed]
    shown = failed[:1] if failed else list(found.checks)
    applying = [check for check in shown if check.anchor == anchor]
    if not applying:
        raise RulebookError(
            f"{where}: the engine answered {found.status} {found.effect.value} without "
            f'applying the rule (section "#{anchor}")'
        )
    said = found.message or _detail(found.response)
    if bool(witness.message_name) != bool(said):
        raise RulebookError(f"{where}: expected {'a' if witness.message_name else 'no'} message, got {said!r}")
    return RuleEntry(
        rule=witness.rule,
        checked=witness.checked,
        example=witness.example,
        request=result.request.label,
        layer=applying[-1].layer,
        status=found.status,
        effect=found.effect,
        message=found.message,
        detail=_detail(found.response),
        message_name=witness.message_name,
        anchor=anchor,
        sources=witness.sources,
    )


def _detail(response: object) -> str:
    """The first validation error of a body such as ``{"errors": [{"message": …}]}``, or
    the first refused line of a bulk PATCH's answer."""
    if isinstance(response, list):
        for line in response:
            if isinstance(line, Mapping) and isinstance(line.get("message"), str):
                return f"line {line.get('line')}: {line.get('status_code')} {line['message']}"
        return ""
    if not isinstance(response, Mapping):
        return ""
    errors = response.get("errors")
    if not isinstance(errors, list) or not errors or not isinstance(errors[0], Mapping):
        return ""
    message = errors[0].get("message")
    return message if isinstance(message, str) else ""


# Rendering --------------------------------------------------------------------

RULE_LAYERS: Final[Mapping[Rule, Layer]] = {
    Rule.REQUEST: Layer.REQUEST,
    Rule.SCOPE: Layer.SCOPE,
    Rule.NO_SCOPE: Layer.SCOPE,
    Rule.EDITION: Layer.EDITION,
    Rule.PRODUCT_VISIBLE: Layer.CATEGORY,
    Rule.PRODUCT_EDITABLE: Layer.CATEGORY,
    Rule.PRODUCT_OWNED: Layer.CATEGORY,
    Rule.CATEGORY_ASSIGNABLE: Layer.CATEGORY,
    Rule.LOCALE_VISIBLE: Layer.LOCALE,
    Rule.LOCALE_EDITABLE: Layer.LOCALE,
    Rule.ATTRIBUTE_GROUP_VISIBLE: Layer.ATTRIBUTE_GROUP,
    Rule.ATTRIBUTE_GROUP_EDITABLE: Layer.ATTRIBUTE_GROUP,
}
"""The layer each rule belongs to, which groups the tables. A row's own ``layer`` can
differ: sending a proposal without a draft is a category rule refused on the request."""

LAYER_HEADINGS: Final[Mapping[Layer, str]] = {
    Layer.SCOPE: "Scope",
    Layer.EDITION: "Edition",
    Layer.CATEGORY: "Category",
    Layer.LOCALE: "Locale",
    Layer.ATTRIBUTE_GROUP: "Attribute group",
    Layer.REQUEST: "The request itself",
}
"""The tables, in the order the page shows them: the permission layers in the order
the PIM checks them, then the checks of the request's own form (made as the PIM reads
the request, after the scope)."""

HEADER: Final = "| Rule, and an example | Answer | Article section and PIM source |\n|---|---|---|"


def to_markdown(entries: Sequence[RuleEntry], article: str, titles: Mapping[str, str]) -> str:
    """One ``###`` heading and table per layer, rows in the order of ``entries``.

    ``article`` is the link to the article (its anchors are added); ``titles`` names
    each anchor's section for the link text (the anchor itself when missing).
    """
    parts = []
    for layer, heading in LAYER_HEADINGS.items():
        rows = [entry for entry in entries if RULE_LAYERS[entry.rule] is layer]
        if not rows:
            continue
        parts.append(f"### {heading}\n\n{HEADER}")
        parts.extend(_row(entry, article, titles) for entry in rows)
        parts.append("")
    return "\n".join(parts)


def _row(entry: RuleEntry, article: str, titles: Mapping[str, str]) -> str:
    method, _, path = entry.request.partition(" ")
    example = entry.example[:1].upper() + entry.example[1:]
    rule = f"{_cell(entry.checked)}<br>*{_cell(example)}:* `{method} {path.removeprefix(API + '/')}`"
    answer = f"**{entry.status}** {entry.effect.value}"
    for said in (entry.message, entry.detail):
        if said:
            answer += f"<br>“{_plain(said)}”"
    section = f"[{_cell(titles.get(entry.anchor, entry.anchor))}]({article}#{entry.anchor})"
    where = "<br>".join([section, *(_cell(source.markdown) for source in entry.sources)])
    return f"| {rule} | {answer} | {where} |"


_MARKDOWN_SPECIALS: Final = str.maketrans({c: "\\" + c for c in "\\`*_[]{}|"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"})
"""What could be read as markup inside a table cell: emphasis, code, links, attribute
lists (``{…}``), HTML; a PIM message may hold any of them (``{"enabled":[…]}``)."""


def _plain(text: str) -> str:
    """A PIM message shown as it is: no character of it read as Markdown or HTML."""
    return text.translate(_MARKDOWN_SPECIALS).replace("\n", " ")


def _cell(text: str) -> str:
    """Markdown written here, made safe inside a table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def section_titles(headings: Sequence[tuple[int, str, str]]) -> dict[str, str]:
    """Link text for each anchor, from the article's headings as (level, text, anchor).

    A heading whose text is used more than once on the page ("Example") is named with
    its parent heading ("Locales › Example"), so each link says where it leads.
    """
    counts: dict[str, int] = {}
    for _, text, _ in headings:
        counts[text] = counts.get(text, 0) + 1
    titles: dict[str, str] = {}
    parents: list[tuple[int, str]] = []
    for level, text, anchor in headings:
        while parents and parents[-1][0] >= level:
            parents.pop()
        titles[anchor] = f"{parents[-1][1]} › {text}" if counts[text] > 1 and parents else text
        parents.append((level, text))
    return titles
