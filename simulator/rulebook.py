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


def _value(attribute: str, locale: str | None, data: str = "Changed") -> dict[str, JsonValue]:
    return {"values": {attribute: [{"locale": locale, "scope": None, "data": data}]}}


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
        "an App with Edit on the marketing group only changes Hat's price (erp group)", "hidden_attribute",
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
        "key_mismatch", (API_VALIDATION,), (_write("PATCH", "/products/hat", {"identifier": "cap"}),),
    ),
    _Witness(
        Rule.REQUEST, "Every field of the body is a field of a product.", "an App sends a field named `colour`",
        "unknown_property", (API_VALIDATION,), (_write("PATCH", "/products/hat", {"colour": "red"}),),
    ),
    _Witness(
        Rule.REQUEST, "Every field has the expected type.", "an App sends `\"enabled\": \"yes\"`", "wrong_type",
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
        "locale_expected", (API_VALIDATION,), (_write("PATCH", "/products/hat", _value("name", None)),),
    ),
    _Witness(
        Rule.REQUEST, "A non-localizable attribute's value names no locale.", "an App changes Hat's price in en_US",
        "locale_unexpected", (API_VALIDATION,), (_write("PATCH", "/products/hat", _value("price", "en_US", "19.90")),),
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
        "catalog": "article",
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
    if bool(witness.message_name) != bool(found.message):
        raise RulebookError(f"{where}: expected {'a' if witness.message_name else 'no'} message, got {found.message!r}")
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
    """The first validation error of a body such as ``{"errors": [{"message": …}]}``."""
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
