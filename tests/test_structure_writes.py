"""Changes of the catalog structure, answered as akeneo/pim-community-dev answers them.

Sources, named in each row:
- E2E_CATEGORY_ACL: ``CategoryAuthorizationEndToEnd`` (403 "You are not allowed to access
  the web API."; POST ``{"code": "new_category"}`` 201; PATCH ``{}`` 204);
- ACCESS_DENIED: ``AccessDeniedHandler`` ("Access forbidden. You are not allowed to create
  or update {entities}." for a POST or a PATCH);
- SCOPE_MAPPERS: ``CategoriesScopeMapper``, ``CatalogStructureScopeMapper``,
  ``AttributeOptionsScopeMapper``, ``ChannelScopeMapper``, ``AssociationTypeScopeMapper``;
- E2E_ASSOCIATION_TYPE: ``CreateAssociationTypeEndToEnd`` (201 + Location, empty labels
  dropped, "Invalid json message received", "This value is already used.", "expects a
  scalar", ``post_association_types``);
- E2E_ATTRIBUTE_GROUP: ``CreateAttributeGroupEndToEnd`` (unknown property, labels not an
  object, a label not a scalar, a label's locale that does not exist);
- CATEGORY_UPDATER: ``CategoryUpdater`` (code, parent, labels; the parent must exist);
- CONTROLLERS: ``CategoryController`` / ``FamilyVariantController`` (201/204 with
  Location; ``validateCodeConsistency``);
- VALIDATION: ``Resources/config/validation/category.yml``, ``attributegroup.yml``,
  ``associationtype.yml`` (UniqueEntity and Immutable on code, then each property in the
  file's order: code NotBlank, Regex with its message, Length 100; the labels' Locale),
  ``Immutable`` ("This property cannot be changed.").
"""

from __future__ import annotations

from typing import Any

import pytest

from simulator.scenarios import evaluate, scenario_from_dict

V1 = "/api/rest/v1"
WRITE_SCOPES = ["write_categories", "write_catalog_structure", "write_attribute_options", "write_channel_settings",
                "write_association_types"]


def run(requests: list[dict[str, Any]], scopes: list[str] | None = None, edition: str = "EE") -> list[Any]:
    data = {
        "version": 1, "catalog": "shop", "edition": edition,
        "app": {"id": "structure_app", "name": "Structure App", "scopes": WRITE_SCOPES if scopes is None else scopes},
        "permissions": {"categories": {"own_all": True}, "locales": {"edit_all": True},
                        "attribute_groups": {"edit_all": True}},
        "requests": requests,
    }
    results = evaluate(scenario_from_dict(data)).results
    return [result.answer for result in results]


def write(method: str, path: str, body: Any) -> dict[str, Any]:
    return {"method": method, "path": V1 + path, "body": body}


@pytest.mark.parametrize(
    ("scopes", "method", "path", "body", "message", "grant"),
    [
        # E2E_CATEGORY_ACL
        (["read_categories"], "POST", "/categories", {"code": "new_category"},
         "You are not allowed to access the web API.", "write_categories"),
        (["read_categories"], "PATCH", "/categories/master", {}, "You are not allowed to access the web API.",
         "write_categories"),
        (["read_categories"], "PATCH", "/categories", [{"code": "a_category"}],
         "You are not allowed to access the web API.", "write_categories"),
        # ACCESS_DENIED + SCOPE_MAPPERS
        (["read_catalog_structure"], "POST", "/attributes",
         {"code": "fabric", "type": "pim_catalog_text", "group": "marketing"},
         "Access forbidden. You are not allowed to create or update attributes.", "write_catalog_structure"),
        (["read_catalog_structure"], "PATCH", "/families/clothing", {},
         "Access forbidden. You are not allowed to create or update families.", "write_catalog_structure"),
        (["write_catalog_structure"], "POST", "/attributes/color/options", {"code": "teal"},
         "Access forbidden. You are not allowed to create or update attribute options.", "write_attribute_options"),
        (["read_channel_settings"], "PATCH", "/channels/ecommerce", {},
         "Access forbidden. You are not allowed to create or update channels.", "write_channel_settings"),
        (["read_catalog_structure"], "PATCH", "/attribute-groups", [{"code": "marketing"}],
         "Access forbidden. You are not allowed to create or update attribute groups.", "write_catalog_structure"),
        (["read_association_types"], "POST", "/association-types", {"code": "NEW_SELL"},
         "Access forbidden. You are not allowed to create or update association types.", "write_association_types"),
    ],
)
def test_a_write_needs_its_write_scope(scopes: list[str], method: str, path: str, body: Any, message: str,
                                       grant: str) -> None:
    (found,) = run([write(method, path, body)], scopes)
    assert (found.status, found.effect.value, found.message, found.decided_by.value) == (403, "refused", message,
                                                                                       "scope")
    assert found.remedy == f"Also grant the {grant} scope."


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "location"),
    [
        # E2E_CATEGORY_ACL, CONTROLLERS
        ("POST", "/categories", {"code": "new_category"}, 201, "/api/rest/v1/categories/new_category"),
        ("PATCH", "/categories/master", {}, 204, "/api/rest/v1/categories/master"),
        ("PATCH", "/categories/master_sale", {"parent": "master"}, 201, "/api/rest/v1/categories/master_sale"),
        # E2E_ASSOCIATION_TYPE
        ("POST", "/association-types", {"code": "NEW_SELL"}, 201, "/api/rest/v1/association-types/NEW_SELL"),
        # CONTROLLERS, each structure controller alike
        ("POST", "/attribute-groups", {"code": "sustainability"}, 201, "/api/rest/v1/attribute-groups/sustainability"),
        ("POST", "/attributes/color/options", {"code": "teal"}, 201, "/api/rest/v1/attributes/color/options/teal"),
        ("PATCH", "/attributes/color/options/teal", {"labels": {"en_US": "Teal"}}, 201,
         "/api/rest/v1/attributes/color/options/teal"),
        ("PATCH", "/families/clothing", {"labels": {"en_US": "Clothes"}}, 204, "/api/rest/v1/families/clothing"),
        ("PATCH", "/channels/ecommerce", {"labels": {"en_US": "Web shop"}}, 204, "/api/rest/v1/channels/ecommerce"),
        ("PATCH", "/attributes/name", {"labels": {"en_US": "Product name"}}, 204, "/api/rest/v1/attributes/name"),
    ],
)
def test_a_write_answers_201_or_204_with_the_location(method: str, path: str, body: Any, status: int,
                                                      location: str) -> None:
    (found,) = run([write(method, path, body)])
    assert (found.status, found.effect.value, found.message, found.headers) == (status, "applied", "",
                                                                                 {"Location": location})
    assert found.response is None


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "response"),
    [
        # E2E_ASSOCIATION_TYPE: a code that exists.
        ("POST", "/association-types", {"code": "X_SELL"}, 422,
         {"code": 422, "message": "Validation failed.",
          "errors": [{"property": "code", "message": "This value is already used."}]}),
        # E2E_ASSOCIATION_TYPE: the updater's type check, documented.
        ("POST", "/association-types", {"code": []}, 422,
         {"code": 422, "message": 'Property "code" expects a scalar as data, "array" given. '
                                  "Check the expected format on the API documentation.",
          "_links": {"documentation": {"href": "http://api.akeneo.com/api-reference.html#post_association_types"}}}),
        # E2E_ATTRIBUTE_GROUP
        ("POST", "/attribute-groups", {"code": "new_attribute_group", "extra_property": ""}, 422,
         {"code": 422, "message": 'Property "extra_property" does not exist. '
                                  "Check the expected format on the API documentation.",
          "_links": {"documentation": {"href": "http://api.akeneo.com/api-reference.html#post_attribute_groups"}}}),
        ("POST", "/attribute-groups", {"labels": None}, 422,
         {"code": 422, "message": 'Property "labels" expects an array as data, "NULL" given. '
                                  "Check the expected format on the API documentation.",
          "_links": {"documentation": {"href": "http://api.akeneo.com/api-reference.html#post_attribute_groups"}}}),
        ("POST", "/attribute-groups", {"labels": {"en_US": []}}, 422,
         {"code": 422, "message": 'Property "labels" expects an array with valid data, one of the "labels" values is '
                                  "not a scalar. Check the expected format on the API documentation.",
          "_links": {"documentation": {"href": "http://api.akeneo.com/api-reference.html#post_attribute_groups"}}}),
        ("POST", "/attribute-groups", {"code": "unknown_locale", "labels": {"foo": "label"}}, 422,
         {"code": 422, "message": "Validation failed.",
          "errors": [{"property": "labels", "message": 'The locale "foo" does not exist.'}]}),
        # CATEGORY_UPDATER
        ("POST", "/categories", {"code": "shoes", "parent": "nope"}, 422,
         {"code": 422, "message": 'Property "parent" expects a valid category code. The category does not exist, '
                                  '"nope" given. Check the expected format on the API documentation.',
          "_links": {"documentation": {"href": "http://api.akeneo.com/api-reference.html#post_categories"}}}),
        ("PATCH", "/categories/shoes", {"code": "shoes", "position": 1}, 422,
         {"code": 422, "message": 'Property "position" does not exist. '
                                  "Check the expected format on the API documentation.",
          "_links": {"documentation": {"href": "http://api.akeneo.com/api-reference.html#patch_categories__code_"}}}),
        ("PATCH", "/categories/master", {"labels": {"en_US": {"text": "Master"}}}, 422,
         {"code": 422, "message": 'Property "labels" expects an array with valid data, one of the labels is not a '
                                  "scalar. Check the expected format on the API documentation.",
          "_links": {"documentation": {"href": "http://api.akeneo.com/api-reference.html#patch_categories__code_"}}}),
        # VALIDATION
        ("POST", "/categories", {"parent": "master"}, 422,
         {"code": 422, "message": "Validation failed.",
          "errors": [{"property": "code", "message": "This value should not be blank."}]}),
        ("POST", "/categories", {"code": "summer-sale"}, 422,
         {"code": 422, "message": "Validation failed.",
          "errors": [{"property": "code", "message": "Category code may contain only letters, numbers and underscores"}]}),
        ("POST", "/association-types", {"code": "x" * 101}, 422,
         {"code": 422, "message": "Validation failed.",
          "errors": [{"property": "code", "message": "This value is too long. It should have 100 characters or less."}]}),
        ("PATCH", "/categories/master", {"code": "main"}, 422,
         {"code": 422, "message": "Validation failed.",
          "errors": [{"property": "code", "message": "This property cannot be changed."}]}),
        ("POST", "/attribute-groups", {"labels": {"foo": "Label"}}, 422,
         {"code": 422, "message": "Validation failed.",
          "errors": [{"property": "labels", "message": 'The locale "foo" does not exist.'},
                     {"property": "code", "message": "This value should not be blank."}]}),
        ("POST", "/categories", {"code": "master", "labels": {"xx_XX": "Main"}}, 422,
         {"code": 422, "message": "Validation failed.",
          "errors": [{"property": "code", "message": "This value is already used."},
                     {"property": "labels", "message": 'The locale "xx_XX" does not exist.'}]}),
        # CONTROLLERS: validateCodeConsistency.
        ("PATCH", "/categories/shoes", {"code": "boots"}, 422,
         {"code": 422, "message": 'The code "boots" provided in the request body must match the code "shoes" '
                                  "provided in the url."}),
    ],
)
def test_a_write_the_pim_refuses_gets_its_message(method: str, path: str, body: Any, status: int,
                                                  response: dict[str, Any]) -> None:
    (found,) = run([write(method, path, body)])
    assert (found.status, found.effect.value, found.response, found.decided_by.value) == (status, "refused", response,
                                                                                       "request")
    assert found.remedy == "Not possible with permissions: the request itself is invalid."


def test_an_empty_body_is_invalid_json() -> None:
    # E2E_ASSOCIATION_TYPE: testResponseWhenContentIsEmpty.
    (found,) = run([{"method": "POST", "path": f"{V1}/association-types"}])
    assert (found.status, found.response) == (400, {"code": 400, "message": "Invalid json message received"})


def test_the_next_requests_see_the_change() -> None:
    found = run([
        write("POST", "/categories", {"code": "master_shoes", "parent": "master",
                                      "labels": {"en_US": "Shoes", "fr_FR": ""}}),
        {"method": "GET", "path": f"{V1}/categories/master_shoes"},
        write("PATCH", "/categories/master_shoes", {"labels": {"de_DE": "Schuhe", "en_US": None}}),
        {"method": "GET", "path": f"{V1}/categories/master_shoes"},
        write("POST", "/attributes/color/options", {"code": "teal", "labels": {"en_US": "Teal"}}),
        write("PATCH", "/products/cap", {"values": {"color": [{"locale": None, "scope": None, "data": "teal"}]}}),
        write("POST", "/association-types", {"code": "NEW_SELL", "labels": {"en_US": None, "fr_FR": ""}}),
        {"method": "GET", "path": f"{V1}/association-types/NEW_SELL"},
    ], WRITE_SCOPES + ["write_products"])
    assert found[1].response == {"code": "master_shoes", "parent": "master", "labels": {"en_US": "Shoes"}}
    assert found[3].response == {"code": "master_shoes", "parent": "master", "labels": {"de_DE": "Schuhe"}}
    assert (found[5].status, found[5].message) == (204, "")
    assert found[7].response == {"code": "NEW_SELL", "labels": {}, "is_two_way": False, "is_quantified": False}


def test_a_bulk_patch_answers_each_line_as_the_same_patch_alone() -> None:
    lines = [{"code": "master_sale", "parent": "master"}, {"code": "master_sale", "labels": {"en_US": "Sale"}},
             {"code": "master_gone", "parent": "nope"}, {"parent": "master"}]
    found = run([write("PATCH", "/categories", lines), {"method": "GET", "path": f"{V1}/categories/master_sale"}])
    assert (found[0].status, found[0].effect.value) == (200, "applied")
    assert found[0].response == [
        {"line": 1, "code": "master_sale", "status_code": 201},
        {"line": 2, "code": "master_sale", "status_code": 204},
        {"line": 3, "code": "master_gone", "status_code": 422,
         "message": 'Property "parent" expects a valid category code. The category does not exist, "nope" given. '
                    "Check the expected format on the API documentation.",
         "_links": {"documentation": {"href": "http://api.akeneo.com/api-reference.html#patch_categories__code_"}}},
        {"line": 4, "status_code": 422, "message": "Code is missing."},
    ]
    assert found[1].response == {"code": "master_sale", "parent": "master", "labels": {"en_US": "Sale"}}

    # The same PATCHes sent one by one, in order, answer as the lines did.
    alone = run([write("PATCH", f"/categories/{line['code']}", line) for line in lines[:3]])
    assert [(a.status, a.message) for a in alone] == [
        (201, ""), (204, ""),
        (422, 'Property "parent" expects a valid category code. The category does not exist, "nope" given. '
              "Check the expected format on the API documentation."),
    ]


def test_what_the_simulator_cannot_validate_is_marked_not_simulated() -> None:
    (found,) = run([write("POST", "/channels", {"code": "mobile", "labels": {"en_US": "Mobile"}})])
    assert (found.status, found.effect.value) == (501, "unsimulated")
    assert found.message.startswith("Not simulated: the simulator does not model this validation of channels, so it "
                                    "does not answer POST /api/rest/v1/channels;")
    assert [c.description for c in found.checks][-2:] == [
        "The PIM would now validate the channel: a channel needs its category tree, locales and currencies.",
        "Not simulated: the PIM has POST /api/rest/v1/channels (the API reference's channels_post), but the simulator "
        "does not model this validation of channels, so it cannot tell what the PIM answers.",
    ]


def test_a_new_category_tree_follows_the_all_flags_in_ee() -> None:
    found = run([write("POST", "/categories", {"code": "outlet"}),
                 {"method": "GET", "path": f"{V1}/categories?search={{\"is_root\":[{{\"operator\":\"=\",\"value\":true}}]}}"}])
    assert found[0].status == 201
    codes = [item["code"] for item in found[1].response["_embedded"]["items"]]
    assert "outlet" in codes
