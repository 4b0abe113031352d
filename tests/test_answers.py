"""What the REST API answers an App, request by request (reference §4, scopes §2).

Each table pins one rule; the expected statuses and messages are the PIM's, quoted from
the reference.
"""

from __future__ import annotations

import pytest
from answer_fixtures import (
    ALL_PRODUCT_SCOPES,
    CATALOG,
    ECOMMERCE_GROUPS_APP,
    ECOMMERCE_OWNER,
    EDITOR_OF_MASTER,
    ERP_APP,
    TRANSLATION_APP,
    VIEWER_OF_MASTER,
    ee,
)

from simulator.engine import Answer, Store, answer, answer_all
from simulator.formats import load_catalog
from simulator.model import (
    RULE_SECTIONS,
    AxisGrant,
    Edition,
    Effect,
    Grant,
    Layer,
    Permissions,
    Request,
    RequestError,
    Rule,
    derived_uuid,
    parse_request,
)

P = "/api/rest/v1/products"
PM = "/api/rest/v1/product-models"
NOT_FOUND_BRAIDED = 'Product "braided_hat" does not exist or you do not have permission to access it.'


def ask(grant: Grant, method: str, path: str, body: dict[str, object] | None = None,
        query: dict[str, str] | None = None, store: Store | None = None) -> Answer:
    return answer(store or CATALOG, grant, Request(method, path, body, query or {}))


def name(locale: str, data: str | None) -> dict[str, object]:
    return {"values": {"name": [{"locale": locale, "scope": None, "data": data}]}}


# §2 "API rights" and §4 "call without the needed scope": the scope check comes first,
# even on a product the App could not see.
@pytest.mark.parametrize(
    ("scopes", "method", "path", "body", "status", "message"),
    [
        (frozenset(), "GET", f"{P}/hat", None, 403, "Access forbidden. You are not allowed to list products."),
        (frozenset(), "GET", P, None, 403, "Access forbidden. You are not allowed to list products."),
        (frozenset({"read_products"}), "PATCH", f"{P}/hat", name("en_US", "Cap"), 403,
         "Access forbidden. You are not allowed to create or update products."),
        (frozenset({"read_products"}), "POST", P, {"identifier": "new"}, 403,
         "Access forbidden. You are not allowed to create or update products."),
        (frozenset({"read_products", "write_products"}), "DELETE", f"{P}/hat", None, 403,
         "Access forbidden. You are not allowed to delete products."),
        (frozenset({"read_products"}), "DELETE", f"{P}/braided_hat", None, 403,
         "Access forbidden. You are not allowed to delete products."),
        (frozenset({"read_products"}), "POST", f"{P}/hat/proposal", {}, 403,
         "Access forbidden. You are not allowed to create or update products."),
        (frozenset({"read_products"}), "GET", f"{P}/scarf", None, 200, ""),
    ],
)
def test_scope_is_checked_first(scopes: frozenset[str], method: str, path: str, body: dict[str, object] | None,
                                status: int, message: str) -> None:
    result = ask(ee(AxisGrant.of(own={"master"}), scopes=scopes), method, path, body)
    assert (result.status, result.message) == (status, message)
    if status == 403:
        assert result.decided_by is Layer.SCOPE
        assert result.checks[0].layer is Layer.SCOPE and not result.checks[0].passed


# Article "Example" (category trees) and §4: Hat (Master catalog + Ecommerce) is editable
# and deletable for the App owning Ecommerce; Braided hat (Print only) answers 404.
@pytest.mark.parametrize(
    ("method", "path", "body", "status", "message", "effect"),
    [
        ("GET", f"{P}/hat", None, 200, "", Effect.APPLIED),
        ("PATCH", f"{P}/hat", name("en_US", "Summer hat"), 204, "", Effect.APPLIED),
        ("DELETE", f"{P}/hat", None, 204, "", Effect.APPLIED),
        ("POST", P, {"identifier": "new_hat", "categories": ["ecommerce_summer"]}, 201, "", Effect.APPLIED),
        ("GET", f"{P}/braided_hat", None, 404, NOT_FOUND_BRAIDED, Effect.INVISIBLE),
        ("PATCH", f"{P}/braided_hat", name("en_US", "Hat"), 404, NOT_FOUND_BRAIDED, Effect.INVISIBLE),
        ("DELETE", f"{P}/braided_hat", None, 404, NOT_FOUND_BRAIDED, Effect.INVISIBLE),
        ("POST", f"{P}/braided_hat/proposal", {}, 404, NOT_FOUND_BRAIDED, Effect.INVISIBLE),
        ("GET", f"{P}/nothing_like_it", None, 404,
         'Product "nothing_like_it" does not exist or you do not have permission to access it.', Effect.INVISIBLE),
        ("GET", f"{PM}/poster", None, 404,
         'Product model "poster" does not exist or you do not have permission to access it.', Effect.INVISIBLE),
    ],
)
def test_hat_and_braided_hat_for_the_app_owning_ecommerce(
    method: str, path: str, body: dict[str, object] | None, status: int, message: str, effect: Effect
) -> None:
    result = ask(ECOMMERCE_OWNER, method, path, body)
    assert (result.status, result.message, result.effect) == (status, message, effect)


def test_braided_hat_is_invisible_because_of_its_category() -> None:
    result = ask(ECOMMERCE_OWNER, "GET", f"{P}/braided_hat")
    assert result.decided_by is Layer.CATEGORY
    assert result.response == {"code": 404, "message": NOT_FOUND_BRAIDED}
    assert [check.anchor for check in result.checks] == ["all-editions-authorization-step", "example"]
    assert "Print (no permission)" in result.checks[-1].description


# Article "Example" (locales): the translation App has View on fr_FR, Edit on en_US and de_DE.
@pytest.mark.parametrize(
    ("body", "status", "message", "layer"),
    [
        (name("fr_FR", "Chapeau rond"), 403, 'You only have a view permission on the locale "fr_FR".', Layer.LOCALE),
        (name("en_US", "Round hat"), 204, "", Layer.CATEGORY),
        (name("de_DE", "Runder Hut"), 204, "", Layer.CATEGORY),
        (name("fr_FR", "Chapeau"), 204, "", Layer.CATEGORY),  # unchanged: nothing to refuse
    ],
)
def test_translation_app(body: dict[str, object], status: int, message: str, layer: Layer) -> None:
    result = ask(TRANSLATION_APP, "PATCH", f"{P}/hat", body)
    assert (result.status, result.message, result.decided_by) == (status, message, layer)


# §4 table: value checks, in the axis order locale, category, attribute group. The
# refusals of the updater end with the controllers' advice (ProductController::
# updateProduct appends " Check the expected format on the API documentation.").
ADVICE = " Check the expected format on the API documentation."


@pytest.mark.parametrize(
    ("grant", "body", "status", "message"),
    [
        # EE: CreateProductModelWithPermissionEndToEnd::testCreateWithNotViewableLocale
        (ee(AxisGrant.of(own={"master"}), locales=AxisGrant.of(edit={"en_US"})), name("de_DE", "Hut!"), 422,
         'Attribute "name" expects an existing and activated locale, "de_DE" given.' + ADVICE),
        # UnknownAttributeException, PartialUpdateProductEndToEnd::testResponseWhenSettingAnUnknownAttribute
        (ee(AxisGrant.of(own={"master"}), attribute_groups=AxisGrant.of(edit={"marketing"})),
         {"values": {"price": [{"locale": None, "scope": None, "data": "12"}]}}, 422,
         "The price attribute does not exist in your PIM." + ADVICE),
        (ee(AxisGrant.of(own={"master"}), attribute_groups=AxisGrant.of(view={"erp"}, edit={"marketing"})),
         {"values": {"price": [{"locale": None, "scope": None, "data": "12"}]}}, 403,
         'Attribute "price" belongs to the attribute group "erp" on which you only have view permission.'),
        (ee(AxisGrant.of(own={"master"}), attribute_groups=AxisGrant.of(view={"erp"})),
         {"values": {"price": [{"locale": None, "scope": None, "data": "10"}]}}, 204, ""),
        # locale first: View on fr_FR and View on the product → the locale answers
        (ee(AxisGrant.of(view={"master"}), locales=AxisGrant.of(view={"fr_FR"})), name("fr_FR", "Béret"), 403,
         'You only have a view permission on the locale "fr_FR".'),
        # then the category: a view-only product
        (VIEWER_OF_MASTER, name("en_US", "Beret"), 403,
         'Product "hat" cannot be updated. You only have a view right on this product.'),
        # then the attribute group
        (ee(AxisGrant.of(own={"master"}), attribute_groups=AxisGrant.of(view={"marketing"})), name("en_US", "Beret"),
         403, 'Attribute "name" belongs to the attribute group "marketing" on which you only have view permission.'),
        (ERP_APP, {"values": {"nope": [{"locale": None, "scope": None, "data": "1"}]}}, 422,
         "The nope attribute does not exist in your PIM." + ADVICE),
        # ValidateAttribute: LocalizableAndNotScopableAttributeException,
        # NotLocalizableAndNotScopableAttributeException (and their unit tests)
        (ERP_APP, {"values": {"name": [{"locale": None, "scope": None, "data": "x"}]}}, 422,
         "The name attribute does not require a value per channel (nothing was detected) but requires a value "
         "per locale (nothing was detected)." + ADVICE),
        (ERP_APP, {"values": {"price": [{"locale": "en_US", "scope": None, "data": "1"}]}}, 422,
         "The price attribute requires neither a channel (nothing was detected) nor a locale (en_US was detected)."
         + ADVICE),
        # PartialUpdateProductEndToEnd::testResponseWhenAPropertyIsNotExpected
        (ERP_APP, {"colour": "red"}, 422,
         'Property "colour" does not exist. Check the expected format on the API documentation.'),
        # EnabledFieldSetter, PartialUpdateProductEndToEnd (gettype: "string", "NULL")
        (ERP_APP, {"enabled": "yes"}, 422, 'Property "enabled" expects a boolean as data, "string" given.' + ADVICE),
        # The identifier of the body renames the product (ProductController::partialUpdateAction
        # checks the code's consistency on creations only); "cap" is taken: UniqueProductEntity.
        (ERP_APP, {"identifier": "cap"}, 422, "Validation failed."),
    ],
)
def test_patch_value_checks(grant: Grant, body: dict[str, object], status: int, message: str) -> None:
    result = ask(grant, "PATCH", f"{P}/hat", body)
    assert (result.status, result.message) == (status, message)


# §4 table: PATCH on a view-only, edit-not-own and owned product.
@pytest.mark.parametrize(
    ("grant", "body", "status", "message", "effect", "location"),
    [
        (VIEWER_OF_MASTER, {"enabled": False}, 403,
         'Product "hat" cannot be updated. You only have a view right on this product.', Effect.REFUSED, None),
        (VIEWER_OF_MASTER, {"enabled": True, "family": "accessories"}, 204, "", Effect.APPLIED, f"{P}/hat"),
        (VIEWER_OF_MASTER, {}, 204, "", Effect.APPLIED, f"{P}/hat"),
        (EDITOR_OF_MASTER, name("en_US", "Top hat"), 204, "", Effect.DRAFT, f"{P}/hat/draft"),
        (EDITOR_OF_MASTER, {"enabled": False}, 403,
         'You cannot update the following fields "enabled". You should at least own this product to do it.',
         Effect.REFUSED, None),
        (EDITOR_OF_MASTER, {"family": "hats", **name("en_US", "Top hat"), "groups": ["summer"]}, 403,
         'You cannot update the following fields "family, groups". You should at least own this product to do it.',
         Effect.REFUSED, None),
        (EDITOR_OF_MASTER, {"categories": ["master_hats_caps"]}, 403,
         'You cannot update the following fields "categories". You should at least own this product to do it.',
         Effect.REFUSED, None),
        (EDITOR_OF_MASTER, {"associations": {"X_SELL": {"products": []}}}, 403,
         'You cannot update the following fields "associations". You should at least own this product to do it.',
         Effect.REFUSED, None),
        (ERP_APP, {"enabled": False, "family": "hats", "groups": ["summer"]}, 204, "", Effect.APPLIED, f"{P}/hat"),
        (ERP_APP, {"categories": ["master_hats_caps"]}, 204, "", Effect.APPLIED, f"{P}/hat"),
        (ERP_APP, {"categories": ["print_2024"]}, 422,
         'Property "categories" expects a valid category code. The category does not exist, "print_2024" given.' + ADVICE,
         Effect.REFUSED, None),
        (ERP_APP, {"categories": ["nowhere"]}, 422,
         'Property "categories" expects a valid category code. The category does not exist, "nowhere" given.' + ADVICE,
         Effect.REFUSED, None),
        (ee(AxisGrant.of(own={"master"}, view={"print"})), {"categories": ["print_2024"]}, 403,
         "You should at least keep your product in one category on which you have an own permission.",
         Effect.REFUSED, None),
        # the hidden Master catalog category is kept, but without Ecommerce the App no longer owns Hat
        (ECOMMERCE_OWNER, {"categories": []}, 403,
         "You should at least keep your product in one category on which you have an own permission.",
         Effect.REFUSED, None),
        (EDITOR_OF_MASTER, {"categories": ["master_hats"]}, 204, "", Effect.APPLIED, f"{P}/hat"),  # no change
    ],
)
def test_patch_by_level(grant: Grant, body: dict[str, object], status: int, message: str, effect: Effect,
                        location: str | None) -> None:
    result = ask(grant, "PATCH", f"{P}/hat", body)
    assert (result.status, result.message, result.effect) == (status, message, effect)
    assert result.headers.get("Location") == location


def test_a_draft_leaves_the_product_unchanged() -> None:
    result = ask(EDITOR_OF_MASTER, "PATCH", f"{P}/hat", name("en_US", "Top hat"))
    assert result.store.product("hat") == CATALOG.product_by_identifier["hat"]
    read = ask(EDITOR_OF_MASTER, "GET", f"{P}/hat", store=result.store)
    assert read.response["values"]["name"][0] == {"locale": "en_US", "scope": None, "data": "Hat"}  # type: ignore[index]
    assert read.response["metadata"] == {"workflow_status": "draft_in_progress"}  # type: ignore[index]


# §4: "Writes keep what the App cannot see: a PATCH never erases hidden categories or values."
def test_a_patch_keeps_hidden_categories_values_and_associations() -> None:
    grant = ee(AxisGrant.of(own={"ecommerce"}), locales=AxisGrant.of(edit={"en_US"}),
               attribute_groups=AxisGrant.of(edit={"marketing"}))
    body = {"categories": ["ecommerce"], "associations": {"X_SELL": {"products": ["scarf"]}}, **name("en_US", "Sun hat")}
    result = ask(grant, "PATCH", f"{P}/hat", body)
    assert result.status == 204
    hat = result.store.product("hat")
    assert hat is not None
    assert sorted(hat.categories) == ["ecommerce", "master_hats"]
    assert {(v.attribute, v.locale, v.data) for v in hat.values} == {
        ("name", "en_US", "Sun hat"), ("name", "fr_FR", "Chapeau"), ("name", "de_DE", "Hut"),
        ("price", None, "10"), ("weight", None, "0.2"),
    }
    assert hat.associations[0].products == ("braided_hat", "scarf")


# §4: reads leave out what the App may not see.
def test_get_leaves_out_hidden_values_categories_and_associations() -> None:
    grant = ee(AxisGrant.of(own={"ecommerce"}), locales=AxisGrant.of(edit={"en_US"}, view={"fr_FR"}),
               attribute_groups=AxisGrant.of(edit={"marketing"}, view={"erp"}))
    result = ask(grant, "GET", f"{P}/hat")
    assert result.status == 200
    assert result.response == {
        # A product without uuid in the catalog gets a stable one (GetProductEndToEnd:
        # the uuid comes first, then the identifier).
        "uuid": derived_uuid("hat"),
        "identifier": "hat",
        "enabled": True,
        "family": "accessories",
        "categories": ["ecommerce_summer"],
        "groups": [],
        "parent": None,
        "values": {
            "name": [
                {"locale": "en_US", "scope": None, "data": "Hat"},
                {"locale": "fr_FR", "scope": None, "data": "Chapeau"},
            ],
            "price": [{"locale": None, "scope": None, "data": "10"}],
        },
        "associations": {"X_SELL": {"products": ["scarf"], "product_models": [], "groups": []}},
        "metadata": {"workflow_status": "working_copy"},
    }


# §4 "Reads": associations to hidden products are left out. On the shipped article
# catalog, Hat cross-sells Braided hat (in Print only) and Wool scarf (unclassified).
@pytest.mark.parametrize(
    ("categories", "cross_sells"),
    [
        (AxisGrant.of(own={"ecommerce"}), ["wool_scarf"]),
        (AxisGrant.of(view={"master"}), ["wool_scarf"]),
        (AxisGrant.of(own={"ecommerce"}, view={"print"}), ["braided_hat", "wool_scarf"]),
    ],
)
def test_hat_cross_sells_only_what_the_app_may_see(categories: AxisGrant, cross_sells: list[str]) -> None:
    result = answer(load_catalog("article"), ee(categories), Request("GET", f"{P}/hat"))
    assert result.status == 200
    assert result.response["associations"] == {  # type: ignore[index]
        "X_SELL": {"products": cross_sells, "product_models": [], "groups": []},
    }


def test_ecommerce_app_sees_only_its_attribute_groups() -> None:
    # Reference §5: View on the ecommerce, marketing and media groups, nothing on ERP or technical.
    values = ask(ECOMMERCE_GROUPS_APP, "GET", f"{P}/hat").response["values"]  # type: ignore[index]
    assert sorted(values) == ["name"]


@pytest.mark.parametrize(
    ("grant", "product", "status"),
    [
        (ERP_APP, "hat", "working_copy"),
        (EDITOR_OF_MASTER, "hat", "working_copy"),
        (VIEWER_OF_MASTER, "hat", "read_only"),
        (VIEWER_OF_MASTER, "scarf", "working_copy"),  # unclassified: owned by everyone
        (ECOMMERCE_OWNER, "tshirt_blue_m", "working_copy"),  # inherits the model's category
    ],
)
def test_workflow_status(grant: Grant, product: str, status: str) -> None:
    assert ask(grant, "GET", f"{P}/{product}").response["metadata"] == {"workflow_status": status}  # type: ignore[index]


def test_variant_takes_its_models_categories() -> None:
    result = ask(ECOMMERCE_OWNER, "GET", f"{P}/tshirt_blue_m")
    assert result.response["categories"] == ["ecommerce_summer"]  # type: ignore[index]
    assert result.response["values"] == {  # type: ignore[index]
        "name": [{"locale": "en_US", "scope": None, "data": "T-shirt"}],
        "color": [{"locale": None, "scope": None, "data": "blue"}],
        "weight": [{"locale": None, "scope": None, "data": "0.3"}],
    }
    assert ask(ERP_APP, "GET", f"{P}/tshirt_blue_m").status == 404


# §4: "an unclassified product is owned by everyone".
@pytest.mark.parametrize(
    ("method", "body", "status"),
    [("GET", None, 200), ("PATCH", {"enabled": False}, 204), ("DELETE", None, 204)],
)
def test_unclassified_product_is_owned_by_everyone(method: str, body: dict[str, object] | None, status: int) -> None:
    result = ask(ee(AxisGrant()), method, f"{P}/scarf", body)
    assert (result.status, result.effect) == (status, Effect.APPLIED)


# §4: "DELETE without owning".
@pytest.mark.parametrize(
    ("grant", "status", "message"),
    [
        (ERP_APP, 204, ""),
        (EDITOR_OF_MASTER, 403,
         "You can delete a product only if it is classified in at least one category on which you have an own permission."),
        (VIEWER_OF_MASTER, 403,
         "You can delete a product only if it is classified in at least one category on which you have an own permission."),
    ],
)
def test_delete_needs_own(grant: Grant, status: int, message: str) -> None:
    result = ask(grant, "DELETE", f"{P}/hat")
    assert (result.status, result.message) == (status, message)
    assert (result.store.product("hat") is None) == (status == 204)


# §4: "POST a product classified in a category the App may only view or edit: 201,
# created directly"; "assign a category the App cannot view: 422".
@pytest.mark.parametrize(
    ("grant", "body", "status", "message"),
    [
        (VIEWER_OF_MASTER, {"identifier": "beret", "categories": ["master_hats"]}, 201, ""),
        (EDITOR_OF_MASTER, {"identifier": "beret", "categories": ["master_hats"], **name("en_US", "Beret")}, 201, ""),
        (ERP_APP, {"identifier": "beret", "categories": ["print"]}, 422,
         'Property "categories" expects a valid category code. The category does not exist, "print" given.' + ADVICE),
        (TRANSLATION_APP, {"identifier": "beret", **name("fr_FR", "Béret")}, 403,
         'You only have a view permission on the locale "fr_FR".'),
        (ERP_APP, {"identifier": "hat"}, 422, "Validation failed."),
        (ERP_APP, {"family": "hats"}, 422, "Validation failed."),
    ],
)
def test_post(grant: Grant, body: dict[str, object], status: int, message: str) -> None:
    result = ask(grant, "POST", P, body)
    assert (result.status, result.message) == (status, message)
    if status == 201:
        assert result.headers == {"Location": f"{P}/beret"}
        assert result.store.product("beret") is not None


def test_post_on_an_existing_identifier_names_the_field() -> None:
    result = ask(ERP_APP, "POST", P, {"identifier": "hat"})
    # UniqueProductEntity, pinned by CreateProductEndToEnd ("The simple identifier is already used…")
    assert result.response == {"code": 422, "message": "Validation failed.", "errors": [
        {"property": "identifier", "message": "The hat identifier is already used for another product."}]}


def test_patch_on_an_unknown_identifier_creates_it() -> None:
    result = ask(ERP_APP, "PATCH", f"{P}/beret", {"categories": ["master"]})
    assert (result.status, result.headers) == (201, {"Location": f"{P}/beret"})


# §4: the draft, then its proposal; GET …/draft.
def test_draft_then_proposal_flow() -> None:
    answers = answer_all(CATALOG, EDITOR_OF_MASTER, [
        Request("POST", f"{P}/hat/proposal", {}),
        Request("GET", f"{P}/hat/draft"),
        Request("PATCH", f"{P}/hat", name("en_US", "Top hat")),
        Request("PATCH", f"{P}/hat", name("de_DE", "Zylinder")),
        Request("GET", f"{P}/hat/draft"),
        Request("POST", f"{P}/hat/proposal", {}),
        Request("GET", f"{P}/hat"),
        Request("POST", f"{P}/hat/proposal", {}),
    ])
    assert [(a.status, a.message) for a in answers] == [
        (422, "You should create a draft before submitting it for approval."),
        (404, 'There is no draft created for the product "hat".'),
        (204, ""),
        (204, ""),
        (200, ""),
        (201, ""),
        (200, ""),
        (422, "You already submit your draft for approval."),
    ]
    draft = answers[4].response
    assert draft["values"]["name"] == [  # type: ignore[index]
        {"locale": "en_US", "scope": None, "data": "Top hat"},
        {"locale": "fr_FR", "scope": None, "data": "Chapeau"},
        {"locale": "de_DE", "scope": None, "data": "Zylinder"},
    ]
    assert draft["metadata"] == {"workflow_status": "draft_in_progress"}  # type: ignore[index]
    assert answers[6].response["metadata"] == {  # type: ignore[index]
        "workflow_status": "proposal_waiting_for_approval"}
    assert answers[6].response["values"]["name"][0]["data"] == "Hat"  # type: ignore[index]


@pytest.mark.parametrize(
    ("grant", "method", "suffix", "status", "message"),
    [
        (ERP_APP, "POST", "proposal", 403, 'You have ownership on the product "hat", you cannot send a draft for approval.'),
        (VIEWER_OF_MASTER, "POST", "proposal", 403,
         'You only have view permission on the product "hat", you cannot send a draft for approval.'),
        (ERP_APP, "GET", "draft", 403,
         'You have ownership on the product "hat", you cannot create or retrieve a draft from this product.'),
        (VIEWER_OF_MASTER, "GET", "draft", 403,
         'You only have view permission on the product "hat", you cannot create or retrieve a draft from this product.'),
    ],
)
def test_proposal_and_draft_refusals(grant: Grant, method: str, suffix: str, status: int, message: str) -> None:
    result = ask(grant, method, f"{P}/hat/{suffix}", {} if method == "POST" else None)
    assert (result.status, result.message) == (status, message)


# §4: "Product models follow the same rules"; "when the PIM checks that a re-categorized
# product model stays owned, Edit on the model counts as ownership".
@pytest.mark.parametrize(
    ("grant", "method", "body", "status", "message"),
    [
        (ee(AxisGrant.of(own={"ecommerce"}, edit={"master"})), "PATCH", {"categories": ["master_hats"]}, 204, ""),
        (ee(AxisGrant.of(own={"ecommerce"}, view={"master"})), "PATCH", {"categories": ["master_hats"]}, 403,
         "You should at least keep your product model in one category on which you have an own permission."),
        (ee(AxisGrant.of(edit={"ecommerce"})), "PATCH", name("en_US", "Tee"), 204, ""),
        (ee(AxisGrant.of(edit={"ecommerce"})), "DELETE", None, 403,
         "You can delete a product model only if it is classified in at least one category on which you have an own "
         "permission."),
        (ee(AxisGrant.of(own={"ecommerce"})), "POST", None, 403,
         'You have ownership on the product model "tshirt", you cannot send a draft for approval.'),
    ],
)
def test_product_models(grant: Grant, method: str, body: dict[str, object] | None, status: int, message: str) -> None:
    path = f"{PM}/tshirt/proposal" if method == "POST" else f"{PM}/tshirt"
    result = ask(grant, method, path, body if method != "POST" else {})
    assert (result.status, result.message) == (status, message)


def test_a_product_model_product_by_the_owner_is_the_same_for_the_product() -> None:
    # The quirk is the model's only: a product re-categorized to Edit is no longer owned.
    grant = ee(AxisGrant.of(own={"master"}, edit={"ecommerce"}))
    result = ask(grant, "PATCH", f"{P}/cap", {"categories": ["ecommerce"]})
    assert (result.status, result.message) == (
        403, "You should at least keep your product in one category on which you have an own permission.")


def test_deleting_a_product_model_deletes_its_variants() -> None:
    result = ask(ECOMMERCE_OWNER, "DELETE", f"{PM}/tshirt")
    assert result.status == 204
    assert result.store.product_model("tshirt_blue") is None
    assert result.store.product("tshirt_blue_m") is None


# §4 "filter a list on a hidden category, locale or attribute": 422.
@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"search": '{"categories":[{"operator":"IN","value":["print"]}]}'}, 422, 'Category "print" does not exist.'),
        ({"search": '{"categories":[{"operator":"IN","value":["nowhere"]}]}'}, 422, 'Category "nowhere" does not exist.'),
        ({"search": '{"name":[{"operator":"CONTAINS","value":"Hut","locale":"de_DE"}]}'}, 422,
         'Locale "de_DE" does not exist or is not activated.'),
        ({"search": '{"price":[{"operator":"=","value":"10"}]}'}, 422, 'Attribute "price" does not exist.'),
        ({"locales": "en_US,de_DE"}, 422, 'Locale "de_DE" does not exist or is not activated.'),
        # ValidateLocales (existence) comes before ValidateGrantedLocales (the App's view)
        ({"locales": "de_DE,xx_XX"}, 422, 'Locale "xx_XX" does not exist or is not activated.'),
        ({"locales": "xx_XX,yy_YY"}, 422, 'Locales "xx_XX, yy_YY" do not exist or are not activated.'),
        ({"attributes": "name,price"}, 422, 'Attribute "price" does not exist.'),
        # ProductController::listAction: a BadRequestHttpException
        ({"search": "{"}, 400, "Search query parameter should be valid JSON."),
        ({"search": '{"name":[{"operator":"NEAR","value":"x","locale":"en_US"}]}'}, 422,
         'Filter on property "name" is not supported or does not support operator "NEAR"'),
        ({"limit": "101"}, 422, "You cannot request more than 100 items."),
        ({"locales": "en_US", "attributes": "name"}, 200, ""),
    ],
)
def test_list_filters_on_hidden_data(query: dict[str, str], status: int, message: str) -> None:
    grant = ee(AxisGrant.of(own={"master", "ecommerce"}), locales=AxisGrant.of(edit={"en_US", "fr_FR"}),
               attribute_groups=AxisGrant.of(edit={"marketing"}))
    result = ask(grant, "GET", P, query=query)
    assert (result.status, result.message) == (status, message)


def identifiers(result: Answer) -> list[str]:
    return [item["identifier"] for item in result.response["_embedded"]["items"]]  # type: ignore[index]


# Sorted by identifier (ListProductsQueryHandler: addSorter('identifier', ASC)).
@pytest.mark.parametrize(
    ("grant", "query", "expected"),
    [
        (ECOMMERCE_OWNER, {}, ["hat", "scarf", "tshirt_blue_m"]),
        (ERP_APP, {}, ["cap", "hat", "scarf"]),
        (ERP_APP, {"search": '{"categories":[{"operator":"IN CHILDREN","value":["master_hats"]}]}'}, ["cap", "hat"]),
        (ERP_APP, {"search": '{"categories":[{"operator":"UNCLASSIFIED"}]}'}, ["scarf"]),
        (ERP_APP, {"search": '{"name":[{"operator":"STARTS WITH","value":"ha","locale":"en_US"}]}'}, ["hat"]),
        (ERP_APP, {"limit": "2", "page": "2"}, ["scarf"]),
        (ERP_APP, {"limit": "2", "pagination_type": "search_after", "search_after": "cap"}, ["hat", "scarf"]),
        (ee(AxisGrant.of(own_all=True)), {}, ["braided_hat", "cap", "hat", "scarf", "tshirt_blue_m"]),
    ],
)
def test_list_leaves_out_products_the_app_cannot_see(grant: Grant, query: dict[str, str], expected: list[str]) -> None:
    result = ask(grant, "GET", P, query=query)
    assert (result.status, identifiers(result)) == (200, expected)


def test_list_restricts_values_to_the_locales_and_attributes_asked() -> None:
    result = ask(ERP_APP, "GET", P, query={"locales": "fr_FR", "attributes": "name",
                                           "search": '{"identifier":[{"operator":"=","value":"hat"}]}'})
    assert result.response["_embedded"]["items"][0]["values"] == {  # type: ignore[index]
        "name": [{"locale": "fr_FR", "scope": None, "data": "Chapeau"}]}


# §4 "CE and GE": scopes alone in CE; every permission in GE; no drafts, no proposals.
@pytest.mark.parametrize("edition", [Edition.CE, Edition.GE])
@pytest.mark.parametrize(
    ("scopes", "method", "path", "body", "status", "message"),
    [
        (ALL_PRODUCT_SCOPES, "GET", f"{P}/braided_hat", None, 200, ""),
        (ALL_PRODUCT_SCOPES, "PATCH", f"{P}/braided_hat", {"values": {"name": [
            {"locale": "fr_FR", "scope": None, "data": "Chapeau tressé"}]}}, 204, ""),
        (ALL_PRODUCT_SCOPES, "DELETE", f"{P}/braided_hat", None, 204, ""),
        (frozenset({"read_products", "write_products"}), "DELETE", f"{P}/hat", None, 403,
         "Access forbidden. You are not allowed to delete products."),
        (ALL_PRODUCT_SCOPES, "POST", f"{P}/hat/proposal", {}, 404,
         'No route found for "POST /api/rest/v1/products/hat/proposal"'),
    ],
)
def test_ce_and_ge(edition: Edition, scopes: frozenset[str], method: str, path: str,
                   body: dict[str, object] | None, status: int, message: str) -> None:
    grant = Grant(edition, scopes, Permissions(categories=AxisGrant.of(view={"master"})))
    result = ask(grant, method, path, body)
    assert (result.status, result.message) == (status, message)
    if status < 400:
        assert result.decided_by is Layer.SCOPE
        assert "metadata" not in (result.response or {})


# The smallest extra grant: found by re-running the rules on single increments.
@pytest.mark.parametrize(
    ("grant", "method", "path", "body", "sentence"),
    [
        (ECOMMERCE_OWNER, "GET", f"{P}/braided_hat", None, "Also grant View on the Print tree."),
        (ECOMMERCE_OWNER, "PATCH", f"{P}/braided_hat", name("en_US", "B"), "Also grant Edit on the Print tree."),
        (ECOMMERCE_OWNER, "DELETE", f"{P}/braided_hat", None, "Also grant Own on the Print tree."),
        (TRANSLATION_APP, "PATCH", f"{P}/hat", name("fr_FR", "Béret"), "Also grant Edit on locale fr_FR."),
        (ee(AxisGrant.of(own={"master"}), scopes=frozenset({"read_products"})), "PATCH", f"{P}/hat",
         name("en_US", "B"), "Also grant the write_products scope."),
        (ee(AxisGrant.of(own={"master"}), attribute_groups=AxisGrant.of(view={"erp"})), "PATCH", f"{P}/hat",
         {"values": {"price": [{"locale": None, "scope": None, "data": "3"}]}}, "Also grant Edit on the Erp attribute group."),
        (ee(AxisGrant(), scopes=frozenset({"read_products"})), "PATCH", f"{P}/braided_hat",
         name("en_US", "B"), "Also grant the write_products scope and Edit on the Print tree."),
        (EDITOR_OF_MASTER, "PATCH", f"{P}/hat", {"enabled": False}, "Also grant Own on the Master catalog tree."),
    ],
)
def test_smallest_grant(grant: Grant, method: str, path: str, body: dict[str, object] | None, sentence: str) -> None:
    result = ask(grant, method, path, body)
    suggestion = result.smallest_grant
    assert suggestion is not None
    assert suggestion.sentence == sentence
    assert ask(suggestion.grant, method, path, body).allowed


@pytest.mark.parametrize(
    ("grant", "method", "path"),
    [(ERP_APP, "GET", f"{P}/hat"), (ERP_APP, "GET", f"{P}/no_such_product")],
)
def test_no_grant_is_suggested_when_none_helps_or_none_is_needed(grant: Grant, method: str, path: str) -> None:
    assert ask(grant, method, path).smallest_grant is None


def test_every_check_names_an_article_section() -> None:
    result = ask(TRANSLATION_APP, "PATCH", f"{P}/hat", name("fr_FR", "Béret"))
    assert [(c.layer, c.passed, c.anchor) for c in result.checks] == [
        (Layer.SCOPE, True, "all-editions-authorization-step"),
        (Layer.CATEGORY, True, "example"),
        (Layer.LOCALE, False, "example-2"),
    ]


def test_a_path_outside_the_api_is_refused_when_built() -> None:
    """Paths under /api/ the engine does not model are answered one by one
    (tests/test_unsimulated.py); a path that is no API call at all is bad input."""
    with pytest.raises(RequestError, match='expected it to start with "/api/rest/v1/"'):
        Request("GET", "/products/hat")


def test_parse_request_reads_the_query_string_and_a_json_body() -> None:
    request = parse_request("patch", f"{P}/hat?with_attribute_options=false", '{"enabled": false}')
    assert (request.method, request.path, request.body, request.query) == (
        "PATCH", f"{P}/hat", {"enabled": False}, {"with_attribute_options": "false"})
    with pytest.raises(RequestError, match="body: invalid JSON"):
        parse_request("PATCH", f"{P}/hat", "{enabled")
    with pytest.raises(RequestError, match="body: expected a JSON object, got a list"):
        parse_request("PATCH", f"{P}/hat", "[1]")


def test_the_section_table_covers_every_rule_with_an_article_anchor() -> None:
    assert set(RULE_SECTIONS) == set(Rule)
    assert {section.anchor for section in RULE_SECTIONS.values()} <= {
        "what-is-an-app", "all-editions-authorization-step", "no-specific-authorizations-have-been-requested",
        "only-for-ee-customers-permission-steps", "category-trees", "which-level-should-you-give-to-your-app",
        "example", "locales", "which-level-should-you-give-to-your-app-2", "example-2", "attribute-groups",
        "which-level-should-you-give-to-your-app-3", "example-3",
    }


def test_an_app_without_scopes_is_pointed_to_the_no_authorization_section() -> None:
    result = ask(ee(AxisGrant.of(own_all=True), scopes=frozenset()), "GET", f"{P}/hat")
    assert result.checks[-1].anchor == "no-specific-authorizations-have-been-requested"
    assert result.smallest_grant is not None
    assert result.smallest_grant.sentence == "Also grant the read_products scope."


# §2 "With no authorization scope at all": the list of endpoints is public and every App
# role has overall Web API access, so these two calls answer whatever the App's scopes.
NO_SCOPE_CE = Grant(Edition.CE, frozenset())
NO_SCOPE_GE = Grant(Edition.GE, frozenset())
NO_SCOPE_EE = ee(AxisGrant(), scopes=frozenset())
PRODUCT_ROUTES = {
    "pim_api_product_list": {"route": P, "methods": ["GET"]},
    "pim_api_product_get": {"route": f"{P}/{{code}}", "methods": ["GET"]},
    "pim_api_product_create": {"route": P, "methods": ["POST"]},
    "pim_api_product_partial_update": {"route": f"{P}/{{code}}", "methods": ["PATCH"]},
    "pim_api_product_delete": {"route": f"{P}/{{code}}", "methods": ["DELETE"]},
    "pim_api_product_partial_update_list": {"route": P, "methods": ["PATCH"]},
}
PRODUCT_MODEL_ROUTES = {
    "pim_api_product_model_list": {"route": PM, "methods": ["GET"]},
    "pim_api_product_model_get": {"route": f"{PM}/{{code}}", "methods": ["GET"]},
    "pim_api_product_model_create": {"route": PM, "methods": ["POST"]},
    "pim_api_product_model_partial_update": {"route": f"{PM}/{{code}}", "methods": ["PATCH"]},
    "pim_api_product_model_delete": {"route": f"{PM}/{{code}}", "methods": ["DELETE"]},
    "pim_api_product_model_partial_update_list": {"route": PM, "methods": ["PATCH"]},
}
U = "/api/rest/v1/products-uuid"
UUID_ROUTES = {
    "pim_api_product_uuid_list": {"route": U, "methods": ["GET"]},
    "pim_api_product_uuid_get": {"route": f"{U}/{{uuid}}", "methods": ["GET"]},
    "pim_api_product_uuid_create": {"route": U, "methods": ["POST"]},
    "pim_api_product_uuid_partial_update": {"route": f"{U}/{{uuid}}", "methods": ["PATCH"]},
    "pim_api_product_uuid_delete": {"route": f"{U}/{{uuid}}", "methods": ["DELETE"]},
    "pim_api_product_uuid_partial_update_list": {"route": U, "methods": ["PATCH"]},
}
A = "/api/rest/v1"
STRUCTURE_ROUTES = {
    f"pim_api_{name}": {"route": f"{A}/{path}", "methods": ["GET"]}
    for name, path in [
        ("category_list", "categories"), ("category_get", "categories/{code}"),
        ("attribute_list", "attributes"), ("attribute_get", "attributes/{code}"),
        ("attribute_option_list", "attributes/{attributeCode}/options"),
        ("attribute_option_get", "attributes/{attributeCode}/options/{code}"),
        ("attribute_group_list", "attribute-groups"), ("attribute_group_get", "attribute-groups/{code}"),
        ("family_list", "families"), ("family_get", "families/{code}"),
        ("family_variant_list", "families/{familyCode}/variants"),
        ("channel_list", "channels"), ("channel_get", "channels/{code}"),
        ("locale_list", "locales"), ("locale_get", "locales/{code}"),
        ("currency_list", "currencies"), ("currency_get", "currencies/{code}"),
        ("association_type_list", "association-types"), ("association_type_get", "association-types/{code}"),
    ]
}
SYSTEM_ROUTE = {"pim_api_system_information_get": {"route": "/api/rest/v1/system-information", "methods": ["GET"]}}
CE_ROUTES = {**PRODUCT_ROUTES, **PRODUCT_MODEL_ROUTES, **UUID_ROUTES, **STRUCTURE_ROUTES, **SYSTEM_ROUTE}
TOKEN_ROUTE = {"fos_oauthserver_token": {"route": "/api/oauth/v1/token", "methods": ["POST"]}}


@pytest.mark.parametrize(
    ("grant", "path", "response"),
    [
        (NO_SCOPE_CE, "/api/rest/v1/system-information", {"version": "7.0.52", "edition": "CE"}),
        (NO_SCOPE_GE, "/api/rest/v1/system-information", {"version": "7.0.52", "edition": "GE"}),
        (NO_SCOPE_EE, "/api/rest/v1/system-information", {"version": "7.0.52", "edition": "EE"}),
        (EDITOR_OF_MASTER, "/api/rest/v1/system-information", {"version": "7.0.52", "edition": "EE"}),
        (NO_SCOPE_CE, "/api/rest/v1", {"authentication": TOKEN_ROUTE, "routes": CE_ROUTES}),
        (NO_SCOPE_GE, "/api/rest/v1/", {"authentication": TOKEN_ROUTE, "routes": CE_ROUTES}),
        (NO_SCOPE_EE, "/api/rest/v1", {"authentication": TOKEN_ROUTE, "routes": {
            **PRODUCT_ROUTES,
            "pimee_api_product_draft_get": {"route": f"{P}/{{code}}/draft", "methods": ["GET"]},
            "pimee_api_product_proposal_create": {"route": f"{P}/{{code}}/proposal", "methods": ["POST"]},
            **PRODUCT_MODEL_ROUTES,
            "pimee_api_product_model_draft_get": {"route": f"{PM}/{{code}}/draft", "methods": ["GET"]},
            "pimee_api_product_model_proposal_create": {"route": f"{PM}/{{code}}/proposal", "methods": ["POST"]},
            **UUID_ROUTES,
            "pimee_api_product_uuid_draft_get": {"route": f"{U}/{{uuid}}/draft", "methods": ["GET"]},
            "pimee_api_product_uuid_proposal_create": {"route": f"{U}/{{uuid}}/proposal", "methods": ["POST"]},
            **STRUCTURE_ROUTES,
            **SYSTEM_ROUTE,
        }}),
    ],
)
def test_the_endpoint_list_and_system_information_need_no_scope(grant: Grant, path: str, response: object) -> None:
    result = ask(grant, "GET", path)
    assert (result.status, result.message, result.effect, result.decided_by) == (200, "", Effect.APPLIED, Layer.SCOPE)
    assert result.response == response
    assert [(check.layer, check.passed, check.anchor) for check in result.checks] == [
        (Layer.SCOPE, True, "no-specific-authorizations-have-been-requested")]
    assert "no scope is needed" in result.checks[0].description
    assert result.smallest_grant is None


@pytest.mark.parametrize(
    ("method", "path", "status", "message"),
    [
        # The PIM's route table (v7.0.23) and Symfony's RouterListener: GET only.
        ("POST", "/api/rest/v1/system-information", 405,
         'No route found for "POST /api/rest/v1/system-information": Method Not Allowed (Allow: GET)'),
        ("DELETE", "/api/rest/v1", 405, 'No route found for "DELETE /api/rest/v1": Method Not Allowed (Allow: GET)'),
        ("GET", "/api/rest/v1/system-information/version", 404,
         'No route found for "GET /api/rest/v1/system-information/version"'),
    ],
)
def test_the_calls_about_the_api_answer_get_only(method: str, path: str, status: int, message: str) -> None:
    result = ask(ERP_APP, method, path)
    assert (result.status, result.message, result.decided_by) == (status, message, Layer.REQUEST)
