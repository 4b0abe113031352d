"""Evaluating scenarios: the grant comes from playing the wizard (reference §3), the
answers from the engine (§4), and expectations are held to them."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.model import AxisGrant, Edition, Effect, Grant, Permissions
from simulator.scenarios import (
    PRESET_IDS,
    Cell,
    RequestTemplate,
    default_templates,
    evaluate,
    matrix,
    preset,
    scenario_from_dict,
)

HAT = "/api/rest/v1/products/hat"


def scenario(**fields: Any) -> dict[str, Any]:
    return {"version": 1, "catalog": "article", "edition": "EE", "app": "erp_connector", **fields}


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_every_preset_holds_what_the_article_claims(preset_id: str) -> None:
    evaluation = evaluate(preset(preset_id))
    assert evaluation.failures == ()


def test_the_wizard_grants_what_the_scenario_permits() -> None:
    read = preset("translation-app")
    grant = evaluate(read).grant
    assert grant is not None
    assert grant.permissions == read.permissions
    assert grant.scopes == read.scopes


def test_a_user_without_manage_apps_connects_nothing() -> None:
    """Reference §1.2: Connect is disabled without Manage apps."""
    evaluation = evaluate(preset("user-without-manage-apps"))
    assert evaluation.grant is None
    assert evaluation.results[0].answer is None
    assert "Manage Apps" in evaluation.notes[0]


def test_a_read_only_permission_field_saves_nothing() -> None:
    """Reference §3: without Manage locale permissions, nothing is saved for locales."""
    read = scenario_from_dict(scenario(
        user={"manage_locale_permissions": False},
        permissions={"categories": {"own": ["master"]}, "locales": {"edit_all": True}},
        requests=[{"method": "GET", "path": HAT}],
    ))
    grant = evaluate(read).grant
    assert grant is not None
    assert grant.permissions.locales == AxisGrant()
    assert grant.permissions.categories == AxisGrant.of(own=["master"])


def test_with_read_products_only_the_form_offers_view_so_own_becomes_view() -> None:
    """Reference §3: with only read_products, the permission forms show only View."""
    read = scenario_from_dict(scenario(app="ecommerce_app", permissions={"categories": {"own": ["master"]}}))
    grant = evaluate(read).grant
    assert grant is not None
    assert grant.permissions.categories == AxisGrant.of(view=["master"])


@pytest.mark.parametrize("edition", ["CE", "GE"])
def test_outside_ee_permissions_are_ignored(edition: str) -> None:
    read = scenario_from_dict(scenario(edition=edition, requests=[{"method": "GET", "path": "/api/rest/v1/products/braided_hat"}]))
    evaluation = evaluate(read)
    assert evaluation.grant is not None and evaluation.grant.edition is Edition(edition)
    assert evaluation.results[0].answer is not None and evaluation.results[0].answer.status == 200


def test_the_ecommerce_app_sees_no_erp_nor_technical_values() -> None:
    """Article, Attribute groups example (later version)."""
    found = evaluate(preset("ecommerce-attribute-groups")).results[0].answer
    assert found is not None and isinstance(found.response, dict)
    assert sorted(found.response["values"]) == ["description", "name", "picture", "picture_alt", "seo_description", "seo_title"]


def test_requests_see_what_earlier_requests_changed() -> None:
    read = scenario_from_dict(scenario(
        permissions={"categories": {"own": ["master"]}},
        requests=[{"method": "DELETE", "path": "/api/rest/v1/products/cap"}, {"method": "GET", "path": "/api/rest/v1/products/cap"}],
    ))
    assert [r.answer.status for r in evaluate(read).results if r.answer] == [204, 404]


def test_a_failing_expectation_reports_expected_and_actual() -> None:
    read = scenario_from_dict(scenario(requests=[{"method": "GET", "path": HAT, "expect": {"status": 200, "decided_by": "scope"}}]))
    evaluation = evaluate(read)
    assert [(a.field, a.expected, a.actual) for _, a in evaluation.failures] == [
        ("status", 200, 404), ("decided_by", "scope", "category"),
    ]


def test_the_matrix_answers_every_template_for_every_product() -> None:
    """The article's example grant: Own on Ecommerce, everything on locales and groups."""
    read = preset("hat-and-braided-hat")
    grant = Grant(Edition.EE, read.scopes, read.permissions)
    catalog = read.load_catalog()
    templates = default_templates(catalog)
    assert [t.label for t in templates] == ["GET", "PATCH name (en_US)", "PATCH categories [master]", "DELETE"]
    table = matrix(catalog, grant, templates)
    rows = dict(zip(table.products, table.rows))
    # Master catalog is hidden from the App: it cannot put Hat there (reference §4).
    assert [cell.status for cell in rows["hat"]] == [200, 204, 422, 204]
    assert [cell.status for cell in rows["braided_hat"]] == [404, 404, 404, 404]
    assert rows["braided_hat"][0] == Cell(404, Effect.INVISIBLE, "category", 'Product "braided_hat" does not exist or you do not have permission to access it.')


def test_a_template_names_each_product() -> None:
    catalog = preset("no-scope-app").load_catalog()
    template = RequestTemplate("GET", "GET", "/api/rest/v1/products/{identifier}")
    table = matrix(catalog, Grant(Edition.CE, frozenset({"read_products"}), Permissions()), [template])
    assert table.products[:2] == ("hat", "braided_hat")
    assert {row[0].status for row in table.rows} == {200}
