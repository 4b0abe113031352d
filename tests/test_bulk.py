"""Bulk PATCH of products and product models: one answer a line, as the PIM's
``StreamResourceResponse`` answers (akeneo/pim-community-dev), pinned by
``PartialUpdateListProductEndToEnd`` and ``PartialUpdateListProductWithUuidEndToEnd``."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.connect import expand
from simulator.engine import Store, answer
from simulator.formats import load_catalog
from simulator.model import AxisGrant, Edition, Grant, Permissions, Request, entity_path, Kind, product_uuid

SHOP = load_catalog("shop")
P = "/api/rest/v1/products"
U = "/api/rest/v1/products-uuid"
PM = "/api/rest/v1/product-models"
WRITER = Grant(Edition.EE, expand(["delete_products"]), Permissions(
    AxisGrant.of(own={"master"}, edit={"ecommerce"}), AxisGrant.of(edit_all=True), AxisGrant.of(edit_all=True),
))


def bulk(path: str, lines: list[object], grant: Grant = WRITER) -> Any:
    return answer(SHOP, grant, Request("PATCH", path, lines))


@pytest.mark.parametrize(
    ("path", "lines", "expected"),
    [
        # PartialUpdateListProductEndToEnd::testCreateAndUpdateAListOfProducts
        (P, [{"identifier": "cap"}, {"identifier": "my_identifier"}],
         [{"line": 1, "identifier": "cap", "status_code": 204},
          {"line": 2, "identifier": "my_identifier", "status_code": 201}]),
        # testCreateAndUpdateSameProduct: the second line sees the first one's creation
        (P, [{"identifier": "my_identifier"}, {"identifier": "my_identifier"}],
         [{"line": 1, "identifier": "my_identifier", "status_code": 201},
          {"line": 2, "identifier": "my_identifier", "status_code": 204}]),
        # testPartialUpdateListWithInvalidAndTooLongLines
        (P, ["{identifier: cap}", "x" * 1_000_001, {"identifier": 12}],
         [{"line": 1, "status_code": 400, "message": "Invalid json message received"},
          {"line": 2, "status_code": 413, "message": "Line is too long."},
          {"line": 3, "status_code": 422, "message": "identifier must be of type string."}]),
        # testErrorWhenIdentifierIsMissing
        (P, [{"enabled": True}, {"identifier": " "}],
         [{"line": 1, "status_code": 422, "message": "Identifier is missing."},
          {"line": 2, "status_code": 422, "message": "Identifier is missing."}]),
        # testUpdateWhenUpdaterFailed: the refusal's body, without its code, joins the line
        (P, [{"identifier": "cap", "group": []}],
         [{"line": 1, "identifier": "cap", "status_code": 422,
           "message": 'Property "group" does not exist. Check the expected format on the API documentation.',
           "_links": {"documentation": {"href": "http://api.akeneo.com/api-reference.html#patch_products__code_"}}}]),
        # products-uuid: the key is the uuid (PartialUpdateListProductWithUuidEndToEnd)
        (U, [{"values": {}}],
         [{"line": 1, "status_code": 422, "message": "Uuid is missing."}]),
        (U, [{"uuid": product_uuid(SHOP.product_by_identifier["cap"]).upper()}],
         [{"line": 1, "uuid": product_uuid(SHOP.product_by_identifier["cap"]), "status_code": 204}]),
        # product models: the key is the code
        (PM, [{"code": "tshirt"}, {"family": "clothing"}],
         [{"line": 1, "code": "tshirt", "status_code": 204},
          {"line": 2, "status_code": 422, "message": "Code is missing."}]),
    ],
)
def test_each_line_has_its_own_answer(path: str, lines: list[object], expected: list[dict[str, object]]) -> None:
    result = bulk(path, lines)
    assert (result.status, result.response) == (200, expected)


def test_the_scope_is_checked_before_any_line() -> None:
    # testAccessDeniedWhenPartialUpdateOnProductsWithoutTheAcl
    result = bulk(P, [{"identifier": "cap"}], Grant(Edition.CE, expand(["read_products"])))
    assert (result.status, result.message) == (403, "Access forbidden. You are not allowed to create or update products.")


def test_a_hundred_lines_at_most() -> None:
    # testPartialUpdateListWithTooManyResources: api_input_max_resources_number is 100
    result = bulk(P, [{"identifier": f"p{n}"} for n in range(101)])
    assert (result.status, result.response) == (
        413, {"code": 413, "message": "Too many resources to process, 100 is the maximum allowed."})
    assert bulk(P, [{"identifier": f"p{n}"} for n in range(100)]).status == 200


def test_a_bulk_body_is_read_from_json_lines() -> None:
    from simulator.model import parse_request

    request = parse_request("PATCH", P, '{"identifier": "cap"}\n\n{"identifier":"hat"}\nnot json\n')
    assert request.body == [{"identifier": "cap"}, {"identifier": "hat"}, "not json"]


# Property: a bulk request answers each line as the same request sent alone would, in
# order, each seeing what the earlier lines changed.

_IDENTIFIERS = ["cap", "hat", "braided_hat", "wool_scarf", "tshirt_red_s", "new_product"]
_VALUES: list[dict[str, object]] = [
    {"stock": [{"locale": None, "scope": None, "data": 3}]},
    {"stock": [{"locale": None, "scope": None, "data": "1.5"}]},
    {"price": [{"locale": None, "scope": None, "data": [{"amount": "9.90", "currency": "EUR"}]}]},
    {"price": [{"locale": None, "scope": None, "data": [{"amount": "9.90", "currency": "JPY"}]}]},
    {"price": [{"locale": None, "scope": None, "data": "9.90"}]},
    {"name": [{"locale": "en_US", "scope": None, "data": "Renamed"}]},
    {"name": [{"locale": "de_DE", "scope": None, "data": "Umbenannt"}]},
    {"seo_title": [{"locale": "en_US", "scope": "ecommerce", "data": "SEO"}]},
    {"color": [{"locale": None, "scope": None, "data": "green"}]},
    {"weight": [{"locale": None, "scope": None, "data": {"amount": "2", "unit": "KILOGRAM"}}]},
]
_LINES = st.one_of(
    st.builds(lambda identifier, values: {"identifier": identifier, "values": values},
              st.sampled_from(_IDENTIFIERS), st.sampled_from(_VALUES)),
    st.builds(lambda identifier, enabled: {"identifier": identifier, "enabled": enabled},
              st.sampled_from(_IDENTIFIERS), st.booleans()),
    st.builds(lambda identifier, tree: {"identifier": identifier, "categories": [tree]},
              st.sampled_from(_IDENTIFIERS), st.sampled_from(["master_accessories", "ecommerce_summer", "print"])),
    st.just("{broken"),
    st.just({"values": {}}),
)
_GRANTS = st.builds(
    lambda own, edit, view, locales: Grant(Edition.EE, expand(["delete_products"]), Permissions(
        AxisGrant.of(own=own, edit=edit, view=view), AxisGrant.of(edit=locales), AxisGrant.of(edit_all=True))),
    st.sets(st.sampled_from(["master", "ecommerce", "print"])),
    st.sets(st.sampled_from(["master", "ecommerce", "print"])),
    st.sets(st.sampled_from(["master", "ecommerce", "print"])),
    st.sets(st.sampled_from(["en_US", "fr_FR", "de_DE"]), min_size=1),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINES, min_size=1, max_size=8), _GRANTS)
def test_a_bulk_answers_each_line_as_the_same_patch_alone(lines: list[object], grant: Grant) -> None:
    result = bulk(P, lines, grant)
    store = Store.of(SHOP)
    expected: list[dict[str, object]] = []
    for number, line in enumerate(lines, 1):
        if not isinstance(line, dict):
            expected.append({"line": number, "status_code": 400, "message": "Invalid json message received"})
            continue
        if "identifier" not in line:
            expected.append({"line": number, "status_code": 422, "message": "Identifier is missing."})
            continue
        alone = answer(store, grant, Request("PATCH", entity_path(Kind.PRODUCT, str(line["identifier"])), line))
        body: dict[str, object] = {"line": number, "identifier": line["identifier"], "status_code": alone.status}
        if isinstance(alone.response, dict):
            body.update({key: value for key, value in alone.response.items() if key != "code"})
        expected.append(body)
        store = alone.store
    assert result.status == 200
    assert result.response == expected
    after = result.store
    assert [after.product(code) for code in _IDENTIFIERS] == [store.product(code) for code in _IDENTIFIERS]
    assert after.drafts == store.drafts
