"""A request the engine does not model refuses that request, not the scenario: each one
is answered on its own, with the PIM's answer where the PIM's route table tells it, else
marked "not simulated", on the command line and in the page alike.

Sources of the expected answers (see simulator/model/api_paths.py):
- ROUTES: the route table of akeneo/pim-community-dev v7.0.23 (``url_matching_routes.php``);
- ROUTER: symfony/http-kernel ``RouterListener`` (404 "No route found for", 405 "Method
  Not Allowed (Allow: …)");
- REFERENCE: akeneo/pim-api-docs ``content/swagger/akeneo-web-api.json`` (x-ee, x-versions);
- VARIANTS: pim-community-dev ``FamilyVariantController::listAction`` (404 'Family "%s"
  does not exist.', ``@AclAncestor("pim_api_family_variant_list")``) and
  ``CatalogStructureScopeMapper`` (read_catalog_structure grants that ACL).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from answer_fixtures import CATALOG, ERP_APP

from simulator.engine import answer
from simulator.model import Edition, Effect, Grant, Layer, Request, UnsimulatedRoute, parse_request
from simulator.scenarios import evaluate, load_scenario, scenario_from_dict
from simulator.web import handle
from simulator.widget import Origin, Tools, initial_state, state_to_dict

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "tests" / "fixtures" / "unsimulated-log.scenario.json"
V1 = "/api/rest/v1"
NOT_SIMULATED_TAIL = (
    "; it answers products and product models, the catalog structure and the calls about the API. "
    "(This is the simulator's sentence, not the PIM's.)"
)
CE_APP = Grant(Edition.CE, ERP_APP.scopes, ERP_APP.permissions)


@pytest.mark.parametrize(
    ("grant", "method", "path", "status", "effect", "message", "layer"),
    [
        # ROUTER + ROUTES: neither the route table nor the reference has the path.
        (ERP_APP, "GET", f"{V1}/stock-levels", 404, Effect.REFUSED,
         'No route found for "GET /api/rest/v1/stock-levels"', Layer.REQUEST),
        (ERP_APP, "GET", f"{V1}/attributes/color/options/red/x", 404, Effect.REFUSED,
         'No route found for "GET /api/rest/v1/attributes/color/options/red/x"', Layer.REQUEST),
        (ERP_APP, "GET", "/api/oauth/v2/token", 404, Effect.REFUSED,
         'No route found for "GET /api/oauth/v2/token"', Layer.REQUEST),
        # ROUTER + ROUTES: the path is there, the method is not; Allow in the router's order.
        (ERP_APP, "DELETE", f"{V1}/products", 405, Effect.REFUSED,
         'No route found for "DELETE /api/rest/v1/products": Method Not Allowed (Allow: GET, POST, PATCH)',
         Layer.REQUEST),
        (ERP_APP, "PUT", f"{V1}/products/hat", 405, Effect.REFUSED,
         'No route found for "PUT /api/rest/v1/products/hat": Method Not Allowed (Allow: GET, PATCH, DELETE)',
         Layer.REQUEST),
        (ERP_APP, "POST", f"{V1}/locales", 405, Effect.REFUSED,
         'No route found for "POST /api/rest/v1/locales": Method Not Allowed (Allow: GET)', Layer.REQUEST),
        (ERP_APP, "DELETE", f"{V1}/attributes/color", 405, Effect.REFUSED,
         'No route found for "DELETE /api/rest/v1/attributes/color": Method Not Allowed (Allow: PATCH, GET)',
         Layer.REQUEST),
        (ERP_APP, "DELETE", f"{V1}/attributes/color/options", 405, Effect.REFUSED,
         'No route found for "DELETE /api/rest/v1/attributes/color/options": Method Not Allowed '
         "(Allow: GET, POST, PATCH)", Layer.REQUEST),
        (ERP_APP, "GET", "/api/oauth/v1/token", 405, Effect.REFUSED,
         'No route found for "GET /api/oauth/v1/token": Method Not Allowed (Allow: POST)', Layer.REQUEST),
        # REFERENCE + ROUTES: an Enterprise Edition path asked of the Community Edition.
        (CE_APP, "GET", f"{V1}/reference-entities", 404, Effect.REFUSED,
         'No route found for "GET /api/rest/v1/reference-entities"', Layer.EDITION),
        (CE_APP, "GET", f"{V1}/assets", 404, Effect.REFUSED, 'No route found for "GET /api/rest/v1/assets"',
         Layer.EDITION),
        # The PIM has the endpoint; the simulator does not model it.
        (ERP_APP, "GET", f"{V1}/measurement-families", 501, Effect.UNSIMULATED,
         "Not simulated: the simulator does not model measurement families, so it does not answer "
         "GET /api/rest/v1/measurement-families" + NOT_SIMULATED_TAIL, Layer.REQUEST),
        (CE_APP, "POST", f"{V1}/media-files", 501, Effect.UNSIMULATED,
         "Not simulated: the simulator does not model media files, so it does not answer POST /api/rest/v1/media-files"
         + NOT_SIMULATED_TAIL,
         Layer.REQUEST),
        (ERP_APP, "GET", f"{V1}/media-files/7/5/8/e/hat.jpg/download", 501, Effect.UNSIMULATED,
         "Not simulated: the simulator does not model media files, so it does not answer "
         "GET /api/rest/v1/media-files/7/5/8/e/hat.jpg/download" + NOT_SIMULATED_TAIL, Layer.REQUEST),
        (ERP_APP, "GET", f"{V1}/reference-entities/brands/records", 501, Effect.UNSIMULATED,
         "Not simulated: the simulator does not model reference entity records, so it does not answer "
         "GET /api/rest/v1/reference-entities/brands/records" + NOT_SIMULATED_TAIL, Layer.REQUEST),
        (ERP_APP, "GET", f"{V1}/assets", 501, Effect.UNSIMULATED,
         "Not simulated: the simulator does not model the former asset manager's assets, so it does not answer "
         "GET /api/rest/v1/assets" + NOT_SIMULATED_TAIL, Layer.REQUEST),
        (ERP_APP, "POST", f"{V1}/products-uuid/search", 501, Effect.UNSIMULATED,
         "Not simulated: the simulator does not model the product search, so it does not answer "
         "POST /api/rest/v1/products-uuid/search" + NOT_SIMULATED_TAIL, Layer.REQUEST),
    ],
)
def test_each_request_the_engine_does_not_model_gets_its_own_answer(
    grant: Grant, method: str, path: str, status: int, effect: Effect, message: str, layer: Layer
) -> None:
    result = answer(CATALOG, grant, Request(method, path))

    assert isinstance(result.request.route, UnsimulatedRoute)
    assert (result.status, result.effect, result.message, result.decided_by) == (status, effect, message, layer)


def test_a_no_route_answer_explains_itself_and_says_no_grant_helps() -> None:
    result = answer(CATALOG, ERP_APP, Request("GET", f"{V1}/stock-levels"))

    assert result.response == {"code": 404, "message": 'No route found for "GET /api/rest/v1/stock-levels"'}
    assert [(c.layer, c.passed, c.description) for c in result.checks] == [
        (Layer.REQUEST, False, "The PIM has no route for /api/rest/v1/stock-levels: neither the PIM's route table "
         "(v7.0) nor the API reference knows this path."),
    ]
    assert result.remedy == "Not possible with permissions: the request itself is invalid."


def test_a_not_simulated_answer_names_its_reference_page_and_suggests_no_grant() -> None:
    result = answer(CATALOG, ERP_APP, Request("GET", f"{V1}/measurement-families"))

    assert result.documentation == "http://api.akeneo.com/api-reference.html#measurement_families_get_list"
    assert result.response is None
    assert result.smallest_grant is None
    assert result.remedy == (
        "The simulator does not model this endpoint: it cannot tell which grant the PIM would need. It answers "
        "products and product models (by identifier and by uuid, one or in bulk; drafts and proposals in EE), the "
        "catalog structure (categories, attributes and their options, attribute groups, families, channels, locales, "
        "currencies, association types), the list of endpoints and the system information.")
    assert [c.description for c in result.checks] == [
        "Not simulated: the PIM has GET /api/rest/v1/measurement-families (the API reference's "
        "measurement_families_get_list), but the simulator does not model measurement families, so it cannot tell "
        "what the PIM answers.",
    ]


def test_the_former_asset_manager_s_paths_say_where_assets_are_served_now() -> None:
    result = answer(CATALOG, ERP_APP, Request("GET", f"{V1}/assets/hat_picture"))

    assert result.checks[-1].description == (
        "Not simulated: the PIM has GET /api/rest/v1/assets/hat_picture (the API reference's get_pam_assets__code_); "
        "the API reference documents it for EE 2.1 to 3.x only, the former asset manager: since 3.2 the assets are "
        "served under /api/rest/v1/asset-families/{code}/assets, but the simulator does not model the former asset "
        "manager's assets, so it cannot tell what the PIM answers."
    )


SHOP = {"version": 1, "catalog": "shop", "edition": "EE", "permissions": {
    "categories": {"own": ["master"]}, "locales": {"edit_all": True}, "attribute_groups": {"edit_all": True}}}


@pytest.mark.parametrize(
    ("scopes", "path", "status", "effect", "message"),
    [
        # VARIANTS: the scope first (CatalogStructureScopeMapper, AccessDeniedHandler).
        (["read_products"], f"{V1}/families/clothing/variants", 403, "refused",
         "Access forbidden. You are not allowed to list family variants."),
        # VARIANTS: the family exists, else listAction's 404.
        (["read_catalog_structure"], f"{V1}/families/shoes/variants", 404, "invisible", 'Family "shoes" does not exist.'),
        (["read_catalog_structure"], f"{V1}/families/shoes/variants/shoes_by_size", 404, "invisible",
         'Family "shoes" does not exist.'),
        # The variants themselves are not in the simulator's catalogs.
        (["read_catalog_structure"], f"{V1}/families/clothing/variants", 501, "unsimulated",
         "Not simulated: the simulator does not model family variants, so it does not answer "
         "GET /api/rest/v1/families/clothing/variants" + NOT_SIMULATED_TAIL),
    ],
)
def test_family_variants_are_checked_as_far_as_the_catalog_knows(
    scopes: list[str], path: str, status: int, effect: str, message: str
) -> None:
    data = {**SHOP, "app": {"id": "variants_app", "name": "Variants App", "scopes": scopes},
            "requests": [{"method": "GET", "path": path}]}
    found = evaluate(scenario_from_dict(data)).results[0].answer

    assert found is not None
    assert (found.status, found.effect.value, found.message) == (status, effect, message)


def test_a_body_the_engine_does_not_read_is_kept_as_it_came() -> None:
    lines = '{"code":"shoes_by_size"}\n{"code":"shoes_by_color"}'
    request = parse_request("PATCH", f"{V1}/families/shoes/variants/x/y", lines)
    assert isinstance(request.route, UnsimulatedRoute)
    assert request.body == lines
    listed = parse_request("PATCH", f"{V1}/measurement-families", '[{"code": "Weight"}]')
    assert listed.body == [{"code": "Weight"}]


EXPECTED_LOG = [
    (200, "applied"), (501, "unsimulated"), (501, "unsimulated"), (501, "unsimulated"), (501, "unsimulated"),
    (501, "unsimulated"), (200, "applied"), (501, "unsimulated"), (404, "invisible"), (404, "refused"),
    (405, "refused"), (200, "applied"),
]


def test_a_pasted_log_is_answered_line_by_line_on_the_command_line() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "simulator", "evaluate", "--json", str(LOG)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    items = json.loads(run.stdout)

    assert [(item["status"], item["effect"]) for item in items] == EXPECTED_LOG
    assert items[1]["message"].startswith(
        "Not simulated: the simulator does not model measurement families, so it does not answer GET "
        "/api/rest/v1/measurement-families; it answers ")
    assert items[2]["message"].startswith(
        "Not simulated: the simulator does not model media files, so it does not answer GET /api/rest/v1/media-files;")
    assert items[9]["message"] == 'No route found for "GET /api/rest/v1/stock-levels"'
    assert items[10]["message"] == (
        'No route found for "DELETE /api/rest/v1/categories/master": Method Not Allowed (Allow: GET, PATCH)')

    table = subprocess.run(
        [sys.executable, "-m", "simulator", "evaluate", str(LOG)], capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert table.returncode == 0, table.stderr
    assert re.search(r"^1\s+GET /api/rest/v1/measurement-families\s+501\s+unsimulated\s+request\s+Not simulated: ",
                     table.stdout, re.M)


def test_the_page_answers_the_same_log_line_by_line() -> None:
    state = state_to_dict(initial_state(Origin("erp-owns-master", tools=Tools.FULL)))
    reply = json.loads(handle("widget.import", json.dumps({"state": state, "text": LOG.read_text("utf-8")})))
    assert "error" not in reply, reply
    html = reply["result"]["regions"]["requests"]["html"]
    key = reply["result"]["state"]["key"]
    shown = []
    for index in range(len(EXPECTED_LOG)):
        found = re.search(rf'id="{re.escape(key)}-r{index}"[^>]*>(.*?)</button>', html, re.S)
        assert found is not None, index
        words = unescape(re.sub(r"<[^>]+>", "", found.group(1))).split()
        shown.append(" ".join(words[-3:]) if words[-1] == "simulated" else " ".join(words[-2:]))

    assert shown == [
        "200 applied", "501 not simulated", "501 not simulated", "501 not simulated", "501 not simulated",
        "501 not simulated", "200 applied", "501 not simulated", "404 invisible", "404 refused", "405 refused",
        "200 applied",
    ]


def test_the_log_s_answers_hold_in_the_scenario_runner() -> None:
    evaluation = evaluate(load_scenario(LOG))
    assert [(r.answer.status, r.answer.effect.value) for r in evaluation.results if r.answer] == EXPECTED_LOG


@pytest.mark.parametrize(
    ("method", "path", "documentation"),
    [
        ("GET", f"{V1}/media-files", "http://api.akeneo.com/api-reference.html#get_media_files"),
        # A 405: the path's first page.
        ("DELETE", f"{V1}/categories/master", "http://api.akeneo.com/api-reference.html#get_categories__code_"),
        # No route: the reference itself.
        ("GET", f"{V1}/stock-levels", "http://api.akeneo.com/api-reference.html"),
    ],
)
def test_each_answer_names_the_reference_page_it_rests_on(method: str, path: str, documentation: str) -> None:
    assert answer(CATALOG, ERP_APP, Request(method, path)).documentation == documentation
