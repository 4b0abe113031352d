"""Typed values, channels, the catalog structure and the lists, on the shop catalog:
each table pins one rule with the PIM's words; the comment above each row names the
PIM's code or end-to-end test it comes from (akeneo/pim-community-dev)."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.connect import expand
from simulator.engine import Answer, Store, answer
from simulator.formats import load_catalog
from simulator.model import AxisGrant, Edition, Grant, Permissions, Request, parse_request, product_uuid

SHOP = load_catalog("shop")
P = "/api/rest/v1/products"
U = "/api/rest/v1/products-uuid"
A = "/api/rest/v1"
ADVICE = " Check the expected format on the API documentation."
EVERY_SCOPE = expand([
    "delete_products", "read_catalog_structure", "read_attribute_options", "read_categories",
    "read_channel_localization", "read_channel_settings", "read_association_types",
])
CE = Grant(Edition.CE, EVERY_SCOPE)
EE_MASTER = Grant(Edition.EE, EVERY_SCOPE, Permissions(
    AxisGrant.of(own={"master"}), AxisGrant.of(edit={"en_US", "fr_FR"}, view={"de_DE"}), AxisGrant.of(edit_all=True),
))
CAP_UUID = product_uuid(SHOP.product_by_identifier["cap"])


def ask(grant: Grant, method: str, path: str, body: Any = None, store: Store | None = None) -> Answer:
    return answer(store or SHOP, grant, parse_request(method, path, body))


def value(code: str, data: object, locale: str | None = None, scope: str | None = None) -> dict[str, object]:
    return {"values": {code: [{"locale": locale, "scope": scope, "data": data}]}}


# The issue's own requests (issue 11): typed data accepted, a scope on a non-scopable
# attribute refused with ValidateAttribute's words.
@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (value("price", [{"amount": "21.90", "currency": "EUR"}]), 204, ""),
        (value("weight", {"amount": "1.2", "unit": "KILOGRAM"}), 204, ""),
        # LocalizableAndNotScopableAttributeException (and its unit test)
        (value("name", "Cap", "en_US", "ecommerce"), 422,
         "The name attribute does not require a value per channel (ecommerce was detected) but requires a value "
         "per locale (en_US was detected)." + ADVICE),
        # PayloadFormatValidator: a price collection's data
        (value("price", "21.90"), 422,
         'The data format sent for the "price" attribute is wrong. Please, fill in one value per amount field.' + ADVICE),
        # TextValueFactory via InvalidAttributeValueTypeException::stringExpected (PartialUpdateProductEndToEnd)
        (value("erp_code", {"amount": "1.2", "unit": "KILOGRAM"}), 422,
         "The erp_code attribute requires a string, a array was detected." + ADVICE),
    ],
)
def test_the_issues_requests(body: dict[str, object], status: int, message: str) -> None:
    result = ask(CE, "PATCH", f"{P}/cap", body)
    assert (result.status, result.message) == (status, message)


# One type after another: the factory's refusal (a documented 422), then the product's
# validation ("Validation failed." with one error per problem).
@pytest.mark.parametrize(
    ("body", "message", "errors"),
    [
        # NumberValueFactory: InvalidPropertyTypeException::numericExpected
        (value("stock", True), 'Property "stock" expects a numeric as data, "boolean" given.' + ADVICE, None),
        # BooleanValueFactory behind PayloadFormatValidator's Boolean constraint
        (value("on_sale", 1, None, "ecommerce"),
         "The on_sale attribute requires a boolean value (true or false) as data, a integer was detected." + ADVICE, None),
        # DateValueFactory: InvalidDateAttributeException
        (value("release_date", "2024-13-45"),
         "The release_date attribute requires a valid date. Please use the following format yyyy-mm-dd for dates."
         + ADVICE, None),
        # MetricValueFactory: arrayKeyExpected
        (value("weight", {"unit": "GRAM"}), 'Property "weight" expects an array with the key "amount".' + ADVICE, None),
        # OptionsValueFactory: validArrayStructureExpected
        (value("tags", ["new", ""]),
         'Property "tags" expects an array with valid data, one of the options is an empty string.' + ADVICE, None),
        # OptionValueFactory: stringExpected
        (value("color", ["red"]), "The color attribute requires a string, a array was detected." + ADVICE, None),
        # AttributeOptionsExistValidator: compared lowercased, so "RED" exists
        (value("color", "RED"), "", None),
        (value("color", "purple"), "Validation failed.",
         ["The purple value is not in the color attribute option list."]),
        # ... and a multi select always says it in the plural
        (value("tags", ["eco", "vintage"]), "Validation failed.",
         ["The vintage values are not in the tags attribute option list."]),
        # CurrencyValidator: the activated currencies are the channels' (GBP is disabled)
        (value("price", [{"amount": "9", "currency": "GBP"}]), "Validation failed.",
         ["Please specify a valid currency for the price attribute, the GBP code was sent."]),
        # ValidMetricValidator
        (value("weight", {"amount": "2", "unit": "INCH"}), "Validation failed.", ["Please specify a valid metric unit"]),
        # NotDecimalValidator, and the Range of a non-negative number
        (value("stock", "2.5"), "Validation failed.",
         ["The stock attribute requires a non-decimal value, and 2.5 is not a valid value."]),
        (value("stock", -1), "Validation failed.", ["The stock attribute requires an equal or greater than 0 value."]),
        # LocalizableValuesValidator and ScopableValuesValidator
        (value("seo_title", "Kappe", "de_DE", "ecommerce"), "Validation failed.",
         ["The seo_title attribute requires a valid locale. The de_DE locale is not bound to the ecommerce channel."]),
        (value("seo_title", "Cap", "en_US", "mobile"), "Validation failed.",
         ["The seo_title attribute requires a value per channel. The mobile channel (scope) must exist in your PIM"]),
        (value("name", "Pet", "nl_BE"), "Validation failed.",
         ["The name attribute requires a valid locale. The nl_BE locale does not exist."]),
        # The length of a text (max_characters, else 255)
        (value("erp_code", "x" * 256), "Validation failed.",
         ["The erp_code attribute must not contain more than 255 characters. The submitted value is too long."]),
    ],
)
def test_each_type_is_checked_as_the_pim_checks_it(
    body: dict[str, object], message: str, errors: list[str] | None
) -> None:
    result = ask(CE, "PATCH", f"{P}/cap", body)
    assert result.message == message
    if errors is not None:
        assert [error["message"] for error in result.response["errors"]] == errors  # type: ignore[index]


def test_every_problem_of_the_values_is_answered_at_once() -> None:
    body = {"values": {
        "color": [{"locale": None, "scope": None, "data": "purple"}],
        "seo_title": [{"locale": "de_DE", "scope": "ecommerce", "data": "Kappe"}],
    }}
    result = ask(CE, "PATCH", f"{P}/cap", body)
    # the collection's constraints first (LocalizableValues), then each value's own
    assert result.response == {"code": 422, "message": "Validation failed.", "errors": [
        {"property": "values", "attribute": "seo_title", "locale": "de_DE", "scope": "ecommerce",
         "message": "The seo_title attribute requires a valid locale. The de_DE locale is not bound to the ecommerce channel."},
        {"property": "values", "attribute": "color", "locale": None, "scope": None,
         "message": "The purple value is not in the color attribute option list."},
    ]}


def test_empty_data_removes_a_value_without_checking_it() -> None:
    # EntityWithValuesBuilder::addOrReplaceValue: null or blank data removes the value;
    # nothing to remove, nothing checked (not even the scope).
    removed = ask(CE, "PATCH", f"{P}/cap", value("stock", None))
    assert removed.status == 204
    assert ("stock", None, None) not in removed.store.values_of(removed.store.product("cap"))  # type: ignore[arg-type]
    assert ask(CE, "PATCH", f"{P}/cap", value("seo_title", None, "en_US")).status == 204


# Channels: a scopable value per channel; a write to one channel keeps the others'.
def test_a_value_per_channel_is_kept_apart() -> None:
    result = ask(CE, "PATCH", f"{P}/hat", value("description", "Sunny straw hat.", "en_US", "ecommerce"))
    assert result.status == 204
    values = result.store.values_of(result.store.product("hat"))  # type: ignore[arg-type]
    assert values[("description", "en_US", "ecommerce")] == "Sunny straw hat."
    assert values[("description", "en_US", "print")] == "Straw hat, wide brim."


@pytest.mark.parametrize(
    ("product", "query", "expected"),
    [
        ("hat", "", {("en_US", "ecommerce"), ("fr_FR", "ecommerce"), ("en_US", "print"), ("de_DE", "print")}),
        # scope: the channel's values, in the channel's locales (ListProductsQueryHandler::getLocales)
        ("hat", "?scope=ecommerce", {("en_US", "ecommerce"), ("fr_FR", "ecommerce")}),
        ("braided_hat", "?scope=print&locales=en_US", {("en_US", "print")}),
    ],
)
def test_reads_filter_values_by_channel_and_locale(product: str, query: str, expected: set[tuple[str, str]]) -> None:
    search = f'search={{"identifier":[{{"operator":"=","value":"{product}"}}]}}'
    result = ask(CE, "GET", f"{P}{query}" + ("&" if query else "?") + search)
    [item] = result.response["_embedded"]["items"]  # type: ignore[index]
    assert {(entry["locale"], entry["scope"]) for entry in item["values"]["description"]} == expected


def test_with_a_scope_a_list_holds_the_channels_tree_only() -> None:
    # ApplyProductSearchQueryParametersToPQB: categories IN CHILDREN of the channel's tree
    result = ask(CE, "GET", f"{P}?scope=print")
    assert [item["identifier"] for item in result.response["_embedded"]["items"]] == ["braided_hat"]  # type: ignore[index]


def test_ee_hides_a_channels_values_in_a_locale_the_app_cannot_see() -> None:
    grant = Grant(Edition.EE, EVERY_SCOPE, Permissions(
        AxisGrant.of(own_all=True), AxisGrant.of(view={"en_US"}), AxisGrant.of(edit_all=True)))
    result = ask(grant, "GET", f"{P}/hat")
    assert {(e["locale"], e["scope"]) for e in result.response["values"]["description"]} == {  # type: ignore[index]
        ("en_US", "ecommerce"), ("en_US", "print")}
    refused = ask(grant, "PATCH", f"{P}/hat", value("description", "Hut", "de_DE", "print"))
    assert (refused.status, refused.message) == (
        422, 'Attribute "description" expects an existing and activated locale, "de_DE" given.' + ADVICE)


# products-uuid (UpdateProductByUuidController, GetProductByUuidController…)
def test_products_uuid_get_has_the_uuid_and_the_identifier_value() -> None:
    result = ask(CE, "GET", f"{U}/{CAP_UUID}")
    assert result.status == 200
    assert result.response["uuid"] == CAP_UUID  # type: ignore[index]
    assert "identifier" not in result.response  # type: ignore[operator]
    assert result.response["values"]["sku"] == [{"locale": None, "scope": None, "data": "cap"}]  # type: ignore[index]
    assert result.documentation == "http://api.akeneo.com/api-reference.html#get_products_uuid__uuid_"


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "message"),
    [
        ("GET", f"{U}/0f9a6c2e-3b7d-4e1a-8c5f-2d6b9e0a1c34", None, 404,
         'Product "0f9a6c2e-3b7d-4e1a-8c5f-2d6b9e0a1c34" does not exist or you do not have permission to access it.'),
        ("PATCH", f"{U}/{CAP_UUID}", {"identifier": "cap"}, 422, 'Property "identifier" does not exist.' + ADVICE),
        ("PATCH", f"{U}/{CAP_UUID}", {"uuid": "0f9a6c2e-3b7d-4e1a-8c5f-2d6b9e0a1c34"}, 422,
         f'The uuid "0f9a6c2e-3b7d-4e1a-8c5f-2d6b9e0a1c34" provided in the request body must match the uuid '
         f'"{CAP_UUID}" provided in the url.'),
        ("PATCH", f"{U}/{CAP_UUID}", value("sku", "casquette"), 204, ""),
        ("PATCH", f"{U}/{CAP_UUID}", value("sku", "hat"), 422, "Validation failed."),
        ("POST", U, {"uuid": CAP_UUID}, 422, "Validation failed."),
        ("POST", U, {"values": {"sku": [{"locale": None, "scope": None, "data": "beret"}]}}, 201, ""),
        ("DELETE", f"{U}/{CAP_UUID}", None, 204, ""),
    ],
)
def test_products_uuid(method: str, path: str, body: Any, status: int, message: str) -> None:
    result = ask(CE, method, path, body)
    assert (result.status, result.message) == (status, message)


def test_a_renamed_product_keeps_its_uuid() -> None:
    renamed = ask(CE, "PATCH", f"{U}/{CAP_UUID}", value("sku", "casquette"))
    again = ask(CE, "GET", f"{P}/casquette", store=renamed.store)
    assert (again.status, again.response["uuid"]) == (200, CAP_UUID)  # type: ignore[index]
    assert ask(CE, "GET", f"{P}/cap", store=renamed.store).status == 404


# The catalog structure: its scopes first (AccessDeniedHandler, AttributeAuthorizationEndToEnd,
# CategoryAuthorizationEndToEnd), then its own 404s.
@pytest.mark.parametrize(
    ("path", "scope", "message"),
    [
        ("/categories", "read_categories", "You are not allowed to access the web API."),
        ("/categories/master", "read_categories", "You are not allowed to access the web API."),
        ("/attributes", "read_catalog_structure", "Access forbidden. You are not allowed to list attributes."),
        ("/attribute-groups", "read_catalog_structure", "Access forbidden. You are not allowed to list attribute groups."),
        ("/families/accessories", "read_catalog_structure", "Access forbidden. You are not allowed to list families."),
        ("/attributes/color/options", "read_attribute_options",
         "Access forbidden. You are not allowed to list attribute options."),
        ("/channels", "read_channel_settings", "Access forbidden. You are not allowed to list channels."),
        ("/locales", "read_channel_localization", "Access forbidden. You are not allowed to list locales."),
        ("/currencies/EUR", "read_channel_localization", "Access forbidden. You are not allowed to list currencies."),
        ("/association-types", "read_association_types",
         "Access forbidden. You are not allowed to list association types."),
    ],
)
def test_each_structure_endpoint_needs_its_scope(path: str, scope: str, message: str) -> None:
    without = Grant(Edition.CE, EVERY_SCOPE - {scope})
    refused = ask(without, "GET", A + path)
    assert (refused.status, refused.message) == (403, message)
    assert refused.smallest_grant is not None and refused.smallest_grant.sentence == f"Also grant the {scope} scope."
    assert ask(CE, "GET", A + path).status == 200


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/categories/shoes", 'Category "shoes" does not exist.'),
        ("/attributes/colour", 'Attribute "colour" does not exist.'),
        ("/attribute-groups/logistics", 'Attribute group "logistics" does not exist.'),
        ("/families/shoes", 'Family "shoes" does not exist.'),
        ("/channels/mobile", 'Channel "mobile" does not exist.'),
        ("/locales/nl_BE", 'Locale "nl_BE" does not exist.'),
        ("/currencies/JPY", 'Currency "JPY" does not exist.'),
        ("/association-types/PACK", 'Association type "PACK" does not exist.'),
    ],
)
def test_a_structure_item_that_does_not_exist(path: str, message: str) -> None:
    result = ask(CE, "GET", A + path)
    assert (result.status, result.message) == (404, message)


def test_ee_lists_only_the_categories_of_trees_the_app_may_view() -> None:
    listed = ask(EE_MASTER, "GET", f"{A}/categories?limit=100")
    codes = [item["code"] for item in listed.response["_embedded"]["items"]]  # type: ignore[index]
    assert codes == ["master", "master_accessories", "master_accessories_hats", "master_accessories_scarves",
                     "master_clothing", "master_clothing_tshirts"]
    assert ask(CE, "GET", f"{A}/categories/print").status == 200
    assert ask(EE_MASTER, "GET", f"{A}/categories/print").status == 404


def test_a_category_search_finds_every_category_below_a_parent() -> None:
    # SearchFiltersSql: parent = X is lft > left AND rgt < right, so grand-children too
    result = ask(CE, "GET", f'{A}/categories?search={{"parent":[{{"operator":"=","value":"ecommerce"}}]}}')
    codes = [item["code"] for item in result.response["_embedded"]["items"]]  # type: ignore[index]
    assert codes == ["ecommerce_summer", "ecommerce_summer_hats", "ecommerce_men", "ecommerce_men_tshirts"]


# The structure searches' validators: ExternalApiSearchFiltersValidator (categories) and
# ExternalApi\AttributeRepository::validateSearchFilters (attributes). Akeneo's Type
# constraint names PHP's gettype of the value; Symfony's All adds its own message for a
# value that is not iterable, and one per item that is not a string; null passes both.
@pytest.mark.parametrize(
    ("resource", "search", "message"),
    [
        # GetCategoryEndToEnd::testGetACategoryWithWrongCategoryCodeType
        ("categories", '{"code":[{"operator":"IN","value":1234}]}',
         "In order to search on category codes you must send an array of category codes as value, integer given. "
         "This value should be of type iterable."),
        ("categories", '{"code":[{"operator":"IN","value":"master"}]}',
         "In order to search on category codes you must send an array of category codes as value, string given. "
         "This value should be of type iterable."),
        ("categories", '{"code":[{"operator":"IN","value":["master",7]}]}', "This value should be of type string."),
        ("categories", '{"code":[{"operator":"=","value":1.5}]}',
         'In order to search on category codes you must use "IN" operator, "=" given. '
         "In order to search on category codes you must send an array of category codes as value, double given. "
         "This value should be of type iterable."),
        ("attributes", '{"code":[{"operator":"IN","value":true}]}',
         "In order to search on attribute codes you must send an array of attribute codes as value, boolean given. "
         "This value should be of type iterable."),
        # Symfony's Type: {{ type }} is the type expected
        ("attributes", '{"type":[{"operator":"IN","value":"pim_catalog_text"}]}',
         "In order to search on attribute types you must send an array of attribute types as value, array given. "
         "This value should be of type iterable."),
    ],
)
def test_a_structure_search_with_a_wrong_value(resource: str, search: str, message: str) -> None:
    result = ask(CE, "GET", f"{A}/{resource}?search={search}")
    assert (result.status, result.message) == (400, message)


def test_a_structure_search_by_codes_takes_a_list_or_an_object() -> None:
    for value in ('["master","print"]', '{"a":"master","b":"print"}'):
        result = ask(CE, "GET", f'{A}/categories?search={{"code":[{{"operator":"IN","value":{value}}}]}}')
        assert [item["code"] for item in result.response["_embedded"]["items"]] == ["master", "print"]  # type: ignore[index]


# Pagination (PaginationParametersValidator, OffsetHalPaginator, SearchAfterHalPaginator)
@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("limit=0", 422, '"0" is not a valid limit number.'),
        ("limit=01", 422, '"01" is not a valid limit number.'),
        ("limit=101", 422, "You cannot request more than 100 items."),
        ("page=-1", 422, '"-1" is not a valid page number.'),
        ("with_count=1", 422, 'Parameter "with_count" has to be a boolean. Only "true" or "false" allowed, "1" given.'),
        ("pagination_type=cursor", 422, "Pagination type does not exist."),
        ("pagination_type=search_after&with_count=1", 200, ""),  # with_count is checked for offset pages only
        ("scope=mobile", 422, 'Scope "mobile" does not exist.'),
        ("scope=print&locales=fr_FR", 422, 'Locale "fr_FR" is not activated for the scope "print".'),
        ("search=enabled", 400, "Search query parameter should be valid JSON."),
        ('search={"colour":[{"operator":"=","value":"red"}]}', 404,
         '"colour" does not exist or you do not have permission to access it.'),
    ],
)
def test_list_parameters(query: str, status: int, message: str) -> None:
    result = ask(CE, "GET", f"{P}?{query}")
    assert (result.status, result.message) == (status, message)


def test_a_page_has_its_links_and_count() -> None:
    result = ask(CE, "GET", f"{P}?limit=2&page=2&with_count=true")
    assert result.response["_links"] == {  # type: ignore[index]
        "self": {"href": f"{P}?page=2&with_count=true&pagination_type=page&limit=2"},
        "first": {"href": f"{P}?page=1&with_count=true&pagination_type=page&limit=2"},
        "previous": {"href": f"{P}?page=1&with_count=true&pagination_type=page&limit=2"},
        "next": {"href": f"{P}?page=3&with_count=true&pagination_type=page&limit=2"},
    }
    assert (result.response["current_page"], result.response["items_count"]) == (2, 7)  # type: ignore[index]
    assert [i["_links"]["self"]["href"] for i in result.response["_embedded"]["items"]] == [  # type: ignore[index]
        f"{P}/hat", f"{P}/tshirt_blue_m"]


def test_search_after_pages_follow_each_other() -> None:
    seen: list[str] = []
    path = f"{U}?pagination_type=search_after&limit=3"
    while path:
        page = ask(CE, "GET", path)
        seen += [item["uuid"] for item in page.response["_embedded"]["items"]]  # type: ignore[index]
        path = page.response["_links"].get("next", {}).get("href", "")  # type: ignore[union-attr,index]
    assert seen == [product_uuid(p) for p in SHOP.products]


def test_a_path_with_a_query_string_reads_it_as_the_query() -> None:
    request = Request("GET", f"{P}?limit=2&search_locale=en_US")
    assert (request.path, request.query) == (P, {"limit": "2", "search_locale": "en_US"})
    assert len(answer(SHOP, CE, request).response["_embedded"]["items"]) == 2  # type: ignore[index]
