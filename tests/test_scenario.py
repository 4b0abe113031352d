"""Scenarios: reading, validating, normalising and writing the format of
docs/scenario-format.md (reference §2 for the scopes implied, §3 for the levels)."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from simulator.model import AxisGrant, Edition, Level
from simulator.scenarios import (
    PRESET_IDS,
    Expectation,
    ScenarioError,
    load_scenario,
    preset,
    scenario_from_dict,
    scenario_from_json,
)

ROOT = Path(__file__).resolve().parent.parent
MINIMAL: dict[str, Any] = {"version": 1, "catalog": "article", "edition": "EE", "app": "erp_connector"}
HAT = "/api/rest/v1/products/hat"


def scenario(**fields: Any) -> dict[str, Any]:
    return {**MINIMAL, **fields}


def schema() -> dict[str, Any]:
    text = resources.files("simulator").joinpath("schema/scenario.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


BAD_SCENARIOS = [
    pytest.param([MINIMAL], "expected an object, got a list", id="not an object"),
    pytest.param(
        {k: v for k, v in MINIMAL.items() if k != "version"},
        "version: missing; this simulator reads version 1",
        id="no version",
    ),
    pytest.param(
        scenario(version=2),
        "version: unknown format version 2; this simulator reads version 1",
        id="future version",
    ),
    pytest.param(
        scenario(colour="red"),
        "colour: unknown field; expected one of already_granted, app, catalog, edition, notes, permissions, "
        "preset, requests, scopes, title, user, version",
        id="unknown field",
    ),
    pytest.param(
        scenario(catalog="/etc/passwd"),
        'catalog: unknown catalog "/etc/passwd"; shipped catalogs: article, large, shop '
        "(or give a catalog inline)",
        id="catalog is never a file path",
    ),
    pytest.param(scenario(edition="XE"), 'edition: expected one of CE, GE, EE, got "XE"', id="edition"),
    pytest.param(
        scenario(app="photoshop"),
        'app: unknown App "photoshop"; known Apps: erp_connector, translation_app, '
        "ecommerce_app, print_app, no_scope_app, sign_in_app, feed_app",
        id="unknown App",
    ),
    pytest.param(scenario(app={"id": "x", "scopes": []}), "app.name: missing", id="inline App without name"),
    pytest.param(
        scenario(app={"id": "x", "name": "X", "scopes": "read_products"}),
        "app.scopes: expected a list, got a string",
        id="inline App scopes not a list",
    ),
    pytest.param(
        scenario(user={"manage_apps": "yes"}),
        "user.manage_apps: expected true or false, got a string",
        id="role flag not a boolean",
    ),
    pytest.param(
        scenario(scopes=["read_products", "read_everything"]),
        'scopes[1]: unknown scope "read_everything"',
        id="unknown granted scope",
    ),
    pytest.param(
        scenario(permissions={"categories": {"own": ["x"]}}),
        'permissions.categories.own[0]: unknown tree "x"',
        id="unknown tree",
    ),
    pytest.param(
        scenario(permissions={"categories": {"edit": ["master", "ecommerce_summer"]}}),
        'permissions.categories.edit[1]: "ecommerce_summer" is a category of the tree '
        '"ecommerce", not a tree: permissions are given on root trees only',
        id="category that is not a root",
    ),
    pytest.param(
        scenario(permissions={"locales": {"own": ["en_US"]}}),
        "permissions.locales.own: unknown field; expected one of edit, edit_all, view, view_all",
        id="locales have no Own",
    ),
    pytest.param(
        scenario(permissions={"locales": {"view": ["xx_XX"]}}),
        'permissions.locales.view[0]: unknown locale "xx_XX"',
        id="unknown locale",
    ),
    pytest.param(
        scenario(permissions={"attribute_groups": {"edit": ["pricing"]}}),
        'permissions.attribute_groups.edit[0]: unknown attribute group "pricing"',
        id="unknown attribute group",
    ),
    pytest.param(
        scenario(permissions={"categories": {"view_all": 1}}),
        "permissions.categories.view_all: expected true or false, got a number",
        id="All flag not a boolean",
    ),
    pytest.param(
        scenario(requests=[{"method": "GET", "path": HAT}, {"method": "PUT", "path": HAT}]),
        'requests[1].method: expected one of GET, POST, PATCH, DELETE, got "PUT"',
        id="method",
    ),
    pytest.param(
        scenario(requests=[{"method": "GET"}]), "requests[0].path: missing", id="no path"
    ),
    pytest.param(
        scenario(requests=[{"method": "PATCH", "path": HAT, "body": "name=Hat"}]),
        "requests[0].body: expected an object, or a bulk PATCH's list of lines, got a string",
        id="body not an object",
    ),
    pytest.param(
        scenario(requests=[{"method": "GET", "path": HAT, "expect": {"status": 99}}]),
        "requests[0].expect.status: expected an HTTP status code, got 99",
        id="status out of range",
    ),
    pytest.param(
        scenario(requests=[{"method": "GET", "path": HAT, "expect": {"effect": "done"}}]),
        'requests[0].expect.effect: expected one of applied, draft, refused, invisible, unsimulated, got "done"',
        id="unknown effect",
    ),
    pytest.param(
        scenario(requests=[{"method": "GET", "path": HAT, "expect": {}}]),
        "requests[0].expect: expected at least one of status, effect, message, decided_by, lines",
        id="empty expectation",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_SCENARIOS)
def test_a_bad_scenario_is_refused_with_the_path_of_the_bad_field(data: Any, message: str) -> None:
    with pytest.raises(ScenarioError) as raised:
        scenario_from_dict(data)
    assert str(raised.value) == message


def test_a_path_outside_the_api_is_refused_at_reading() -> None:
    """A path under /api/ the engine does not model is read, and answered on its own
    (tests/test_unsimulated.py); a path outside the API is no request at all."""
    with pytest.raises(ScenarioError, match=r'^requests\[0\]\.path: expected a REST API path \(/api/rest/v1/…\), got "/jobs"$'):
        scenario_from_dict(scenario(requests=[{"method": "GET", "path": "/jobs"}]))
    read = scenario_from_dict(scenario(requests=[{"method": "GET", "path": "/api/rest/v1/jobs"}]))
    assert [request.path for request in read.requests] == ["/api/rest/v1/jobs"]


def test_a_bad_inline_catalog_is_refused_with_the_path_inside_the_catalog() -> None:
    catalog = json.loads((ROOT / "simulator/data/article.json").read_text("utf-8"))
    catalog["products"][1]["categories"] = ["nowhere"]
    with pytest.raises(ScenarioError, match=r'^catalog\.products\[1\]\.categories\[0\]: unknown category "nowhere"$'):
        scenario_from_dict(scenario(catalog=catalog))


def test_not_json_names_line_and_column() -> None:
    with pytest.raises(ScenarioError, match=r"^not valid JSON \(line 2, column 1\)$"):
        scenario_from_json('{"version": 1,\n}')


def test_a_missing_file_is_a_scenario_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "nowhere.json")


@pytest.mark.parametrize(
    ("form", "own", "edit", "view", "alls"),
    [
        ({"own": ["master"]}, {"master"}, {"master"}, {"master"}, (False, False, False)),
        ({"edit": ["print"], "view": ["ecommerce"]}, set(), {"print"}, {"print", "ecommerce"}, (False, False, False)),
        ({"own_all": True}, set(), set(), set(), (True, True, True)),
        ({"edit_all": True, "own": ["print"]}, {"print"}, {"print"}, {"print"}, (False, True, True)),
    ],
)
def test_category_levels_are_normalised_own_edit_view(
    form: dict[str, Any], own: set[str], edit: set[str], view: set[str], alls: tuple[bool, bool, bool]
) -> None:
    """Reference §3: adding to Own adds to Edit and View; own.all ⇒ edit.all ⇒ view.all."""
    categories = scenario_from_dict(scenario(permissions={"categories": form})).permissions.categories
    assert (categories.own, categories.edit, categories.view) == (own, edit, view)
    assert (categories.own_all, categories.edit_all, categories.view_all) == alls


def test_permissions_are_written_at_their_highest_level_only() -> None:
    read = scenario_from_dict(
        scenario(permissions={"categories": {"own": ["master"], "edit": ["master", "print"], "view": ["print"]},
                              "locales": {"edit_all": True, "view_all": True}})
    )
    assert read.to_dict()["permissions"] == {
        "categories": {"own": ["master"], "edit": ["print"]},
        "locales": {"edit_all": True},
    }


@pytest.mark.parametrize(
    ("app", "granted"),
    [
        ("translation_app", ["read_catalog_structure", "read_channel_localization", "read_products", "write_products"]),
        ("feed_app", ["read_categories", "read_products"]),  # read_channels: unknown, dropped (§1.3)
        ("no_scope_app", []),
        ("sign_in_app", ["email", "openid", "profile"]),
    ],
)
def test_the_default_scopes_are_what_the_app_asks_expanded(app: str, granted: list[str]) -> None:
    assert sorted(scenario_from_dict(scenario(app=app)).scopes) == granted


def test_granted_scopes_are_expanded_within_their_entity() -> None:
    """Reference §2: delete implies write and read, within one entity only."""
    read = scenario_from_dict(scenario(scopes=["delete_products", "write_channel_settings"]))
    assert sorted(read.scopes) == [
        "delete_products", "read_channel_settings", "read_products", "write_channel_settings", "write_products",
    ]


def test_an_inline_app_is_kept_inline_and_a_marketplace_app_by_id() -> None:
    inline = {"id": "my_app", "name": "<b>My</b> App", "scopes": ["read_products", "read_nothing"]}
    assert scenario_from_dict(scenario(app=inline)).to_dict()["app"] == inline
    assert scenario_from_dict(scenario(app="print_app")).to_dict()["app"] == "print_app"


def test_defaults_user_may_do_everything_and_nothing_is_permitted() -> None:
    read = scenario_from_dict(MINIMAL)
    assert read.to_dict()["user"] == {
        "manage_apps": True,
        "manage_category_permissions": True,
        "manage_locale_permissions": True,
        "manage_attribute_group_permissions": True,
    }
    assert read.permissions.categories == AxisGrant()
    assert read.edition is Edition.EE
    assert read.permissions.locales.level_of("en_US") is Level.NONE
    assert "permissions" not in read.to_dict()


def test_requests_keep_their_body_query_and_expectation() -> None:
    request = {
        "method": "GET",
        "path": "/api/rest/v1/products",
        "query": {"search": '{"enabled":[{"operator":"=","value":true}]}'},
        "expect": {"status": 200, "message": "ok"},
    }
    read = scenario_from_dict(scenario(requests=[request]))
    assert read.requests[0].expect == Expectation(status=200, message="ok")
    assert read.to_dict()["requests"] == [request]


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_every_preset_reads_back_to_itself(preset_id: str) -> None:
    original = preset(preset_id)
    assert scenario_from_dict(original.to_dict()) == original
    assert scenario_from_json(original.to_json()) == original


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_every_preset_follows_the_shipped_schema(preset_id: str) -> None:
    jsonschema.Draft202012Validator(schema()).validate(preset(preset_id).to_dict())


def test_the_shipped_schema_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize(
    "data",
    [
        scenario(version=2),
        scenario(edition="XE"),
        scenario(colour="red"),
        scenario(catalog="/etc/passwd"),
        scenario(permissions={"locales": {"own": ["en_US"]}}),
        scenario(requests=[{"method": "PUT", "path": HAT}]),
        scenario(requests=[{"method": "GET", "path": HAT, "expect": {"effect": "done"}}]),
    ],
)
def test_the_schema_refuses_what_the_reader_refuses(data: dict[str, Any]) -> None:
    with pytest.raises(ScenarioError):
        scenario_from_dict(data)
    assert not jsonschema.Draft202012Validator(schema()).is_valid(data)


def test_the_documented_example_is_a_valid_scenario() -> None:
    page = (ROOT / "docs/scenario-format.md").read_text("utf-8")
    example = re.search(r"## A complete example\s+```json\n(.*?)```", page, re.S)
    assert example is not None
    data = json.loads(example.group(1))
    jsonschema.Draft202012Validator(schema()).validate(data)
    assert scenario_from_dict(data).title.startswith("A translation App")
