"""The simulator as a workbench, in Python: one scenario edited from the setup pane and
the wizard, requests written and pasted, undo, before/after, Apply, and links that
bring a state back with the answer it shows.

What a support person checks: every change re-answers at once, nothing is wiped
without saying so and everything can be undone, a pasted curl command becomes the very
request, the comparison lists exactly the cells that changed, Apply fixes the refused
request, and the page's script restates nothing Python decides.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.connect import Step
from simulator.formats import catalog_to_dict, load_catalog
from simulator.scenarios import ScenarioRequest, decode_link, encode_link, preset, scenario_from_dict
from simulator.web import handle
from simulator.widget import Origin, Tools, act, initial_state, render, render_regions, state_to_json
from simulator.widget.cells import Results
from simulator.widget.compare import Shift
from simulator.widget.events import act_on
from simulator.widget.fragment import PATTERN, fragment_of, read_fragment
from simulator.widget.paste import PasteError, read_pasted, to_curl
from simulator.widget.render import PAGE_TEXTS, REGIONS, _comparison
from simulator.widget.state import HISTORY_SIZE, from_scenario, wizard_of

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WIDGET_SCRIPT = PROJECT_ROOT / "overrides" / "assets" / "js" / "simulator-widget.mjs"
GOLDEN = json.loads((PROJECT_ROOT / "tests" / "golden_links.json").read_text(encoding="utf-8"))
FULL = Origin("erp-owns-master", tools=Tools.FULL)


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment.replace("<wbr>", ""))).split())  # a line-break chance is no space


def counts(state: object) -> str:
    summary = render_regions(state)["summary"]  # type: ignore[arg-type]
    found = re.search(r'<p class="sim-summary-text">(.*?)</p>', summary)
    assert found is not None
    return text_of(found[1])


def support_setup() -> object:
    """The support task: Edit (not Own) on Master catalog, View on Print, Edit on all
    locales and attribute groups (the example's), and the PATCH hat name request."""
    state = initial_state(FULL)
    state = act(state, {"action": "level", "axis": "categories", "code": "master", "value": "edit"})
    state = act(state, {"action": "level", "axis": "categories", "code": "print", "value": "view"})
    return act(state, {"action": "paste", "text": 'PATCH hat name[en_US]="Straw hat"'})


# Live setup, one source of state.


def test_a_grant_changed_in_the_setup_re_answers_at_once() -> None:
    state = initial_state(FULL)
    before = Results(state).evaluation.results[2].answer
    state = act(state, {"action": "level", "axis": "categories", "code": "master", "value": "edit"})
    after = Results(state).evaluation.results[2].answer

    assert before is not None and after is not None
    assert (before.status, after.status) == (204, 403)  # DELETE cap needs Own
    assert "Category trees Edit on Master catalog" in text_of(render_regions(state)["setup"])


def test_a_box_ticked_in_the_wizard_is_the_setup_and_answers_before_confirm() -> None:
    """§3: on the Permissions step, untick Own on Master catalog: DELETE cap is refused
    at once, the setup says Edit, and the summary says the answers are as if confirmed."""
    state = initial_state(Origin("erp-owns-master", step="permissions"))
    state = act(state, {"action": "code", "axis": "categories", "level": "own", "code": "master", "on": False})

    assert wizard_of(state).step is Step.PERMISSIONS
    assert state.scenario.permissions.categories.level_of("master").name == "EDIT"
    answer = Results(state).evaluation.results[2].answer
    assert answer is not None and (answer.status, answer.effect.value) == (403, "refused")
    assert "As if confirmed" in text_of(render_regions(state)["summary"])
    assert "Category trees Edit on Master catalog" in text_of(render_regions(state)["setup"])


def test_going_back_in_the_wizard_keeps_what_was_chosen() -> None:
    state = initial_state(Origin("erp-owns-master", step="permissions"))
    state = act(state, {"action": "code", "axis": "locales", "level": "view", "code": "fr_FR", "on": True})
    state = act(state, {"action": "all", "axis": "locales", "level": "edit", "on": False})
    picked = wizard_of(state).form
    for event in ("next", "previous", "previous", "allow_and_next"):
        state = act(state, {"action": "wizard", "do": event})

    assert wizard_of(state).step is Step.PERMISSIONS
    assert wizard_of(state).form == picked


def test_the_setup_changes_the_wizard_shown_where_the_reader_stands() -> None:
    state = initial_state(Origin("erp-owns-master", step="permissions"))
    state = act(state, {"action": "all-level", "axis": "locales", "value": "view"})
    form = wizard_of(state).form

    assert form is not None
    assert [(f.label, f.all) for f in form.axis(form.axes[1].axis).fields] == [("Edit", False), ("View", True)]


def test_restart_keeps_the_setup_and_says_so() -> None:
    state = act(initial_state(FULL), {"action": "level", "axis": "locales", "code": "fr_FR", "value": "view"})
    restarted = act(state, {"action": "restart"})

    assert restarted.scenario == state.scenario
    assert wizard_of(restarted).step is Step.MARKETPLACE
    assert "The setup is kept" in restarted.notice


def test_reset_says_what_it_resets_and_undo_brings_the_setup_back() -> None:
    state = support_setup()
    reset = act(state, {"action": "reset"})  # type: ignore[arg-type]

    assert reset.scenario == preset("erp-owns-master")
    assert "Back to the example" in reset.notice and "Undo brings your setup back" in reset.notice
    assert act(reset, {"action": "undo"}).scenario == state.scenario  # type: ignore[attr-defined]


def test_every_change_can_be_undone_and_redone() -> None:
    events = [
        {"action": "edition", "value": "GE"},
        {"action": "edition", "value": "EE"},
        {"action": "role", "permission": "manage_locale_permissions", "on": False},
        {"action": "app", "value": "translation_app"},
        {"action": "scope", "entity": "products", "value": "read"},
        {"action": "level", "axis": "attribute_groups", "code": "erp", "value": "view"},
        {"action": "all-level", "axis": "attribute_groups", "value": "none"},
        {"action": "words", "field": "title", "value": "ACME"},
        {"action": "paste", "text": "DELETE cap"},
        {"action": "request-move", "index": "5", "to": "up"},
        {"action": "request-delete", "index": "0"},
    ]
    states = [initial_state(FULL)]
    for event in events:
        states.append(act(states[-1], event))
    assert all(a.scenario != b.scenario for a, b in zip(states, states[1:]))  # each event changed something
    assert states[2].scenario == states[0].scenario  # GE then EE: the example again, its title and notes back

    undone = states[-1]
    for expected in reversed(states[:-1]):
        undone = act(undone, {"action": "undo"})
        assert undone.scenario == expected.scenario
    redone = undone
    for expected in states[1:]:
        redone = act(redone, {"action": "redo"})
        assert redone.scenario == expected.scenario
    assert act(undone, {"action": "undo"}).notice == "Nothing to undo."


def test_undo_remembers_a_bounded_history() -> None:
    state = initial_state(FULL)
    for index in range(HISTORY_SIZE + 5):
        state = act(state, {"action": "words", "field": "title", "value": f"title {index}"})

    assert len(state.past) == HISTORY_SIZE
    assert len(state_to_json(state)) < 200_000


# A link is a faithful explanation.


def test_a_changed_example_loses_its_stale_title_and_notes_and_says_what_changed() -> None:
    state = support_setup()
    setup = text_of(render_regions(state)["setup"])  # type: ignore[arg-type]

    assert state.scenario.title == "" and state.scenario.notes == ""  # type: ignore[attr-defined]
    assert setup.startswith("Untitled scenario Changed from the example “An ERP App owning the Master catalog”:")
    assert "the permissions on trees, the requests (1 added)." in setup
    head = render_regions(state)["setup"]  # type: ignore[arg-type]
    notes = re.search(r'<details class="sim-example-notes" id="simulator-erp-owns-master-example-notes">(.*?)</details>', head)
    assert notes is not None  # the example's notes, folded under who wrote them
    assert text_of(notes[1]).startswith("The example’s notes, before your changes Own on the Master catalog tree only")
    assert "Own on the Master catalog tree only" not in text_of(head.replace(notes[0], ""))
    assert "Changed from the example" not in text_of(render_regions(initial_state(FULL))["setup"])


def head_of(state: object) -> str:
    setup = render_regions(state)["setup"]  # type: ignore[arg-type]
    return text_of(setup[: setup.index("</dl>")])


def test_a_catalog_edited_in_the_page_takes_the_examples_words_away_and_says_so() -> None:
    fields = {"edit": "product-add", "identifier": "beret", "categories": "master"}
    edited = act(initial_state(FULL), {"action": "catalog-edit", "fields": fields})
    head = head_of(edited)

    assert edited.scenario.preset == "erp-owns-master"  # type: ignore[attr-defined]
    assert head.startswith(
        "Untitled scenario Changed from the example “An ERP App owning the Master catalog”: "
        "the catalog (edited: 1 product added). The example’s notes, before your changes Own on the Master"
    )
    renamed = act(edited, {"action": "catalog-edit", "fields": {
        "edit": "category-rename", "code": "print", "new_code": "print_fr", "label": "Impression"}})
    assert "the catalog (edited: 1 product added, 1 tree renamed or replaced, 2 categories changed, 1 channel changed)." in head_of(renamed)

    opened = json.loads(handle("widget.open", json.dumps({
        "state": json.loads(state_to_json(initial_state(FULL))), "link": fragment_of(renamed)})))["result"]
    assert text_of(opened["regions"]["setup"]["html"]).startswith(head_of(renamed))  # the link says the same

    undone = act(act(renamed, {"action": "undo"}), {"action": "undo"})
    assert head_of(undone).startswith("An ERP App owning the Master catalog Own on the Master catalog tree only")
    assert "Changed from the example" not in head_of(undone)


def test_a_catalog_imported_or_anonymised_is_said_in_the_setup() -> None:
    catalog = catalog_to_dict(load_catalog("article"))
    catalog["code"], catalog["label"] = "acme", "ACME export"
    data = preset("erp-owns-master").to_dict() | {"catalog": catalog, "title": "ACME's PIM", "notes": "From the ticket."}
    imported = from_scenario(scenario_from_dict(data), FULL, "simulator-erp-owns-master")
    assert head_of(imported).startswith(
        "ACME's PIM Changed from the example “An ERP App owning the Master catalog”: "
        "the catalog (imported: “ACME export”, 7 products in 3 trees). "
        "The example’s notes, before your changes Own on the Master catalog tree only"
    )
    assert "From the ticket." in head_of(imported)
    anonymised = act(initial_state(FULL), {"action": "anonymise"})
    assert head_of(anonymised).startswith(
        "Anonymised scenario Changed from the example “An ERP App owning the Master catalog”: "
        "the catalog (anonymised: every code and label neutral, 7 products in 3 trees), the permissions on trees,"
    )


def test_a_link_opens_on_its_setup_with_the_answer_it_names_explained() -> None:
    state = act(support_setup(), {"action": "words", "field": "title", "value": "ACME: DELETE cap"})  # type: ignore[arg-type]
    state = act(state, {"action": "explain", "cell": "r2"})
    fragment = fragment_of(state)
    fresh = initial_state(FULL)
    opened = json.loads(handle("widget.open", json.dumps({"state": json.loads(state_to_json(fresh)), "link": fragment})))["result"]

    assert fragment.endswith(";open=r2")
    assert opened["opened"] is True
    assert opened["focus"] == "simulator-erp-owns-master-explanation"
    assert opened["state"]["selected"] == "r2"
    setup = text_of(opened["regions"]["setup"]["html"])
    assert setup.startswith("ACME: DELETE cap Changed from the example")
    assert "Category trees Edit on Master catalog, View on Print" in setup
    requests = opened["regions"]["requests"]["html"]
    assert text_of(requests[requests.index('<div class="sim-explanation"') :]).startswith(
        "Why: DELETE /api/rest/v1/products/cap ✗ 403 refused — You can delete a product only if"
    )


@pytest.mark.parametrize("golden", GOLDEN, ids=[golden["name"] for golden in GOLDEN])
def test_every_golden_link_opens_in_the_widget(golden: dict[str, object]) -> None:
    fresh = json.loads(state_to_json(initial_state(FULL)))
    for link in (golden["link"], f"simulator-erp-owns-master:{golden['link']}", f"#{golden['link']}"):
        opened = json.loads(handle("widget.open", json.dumps({"state": fresh, "link": link})))["result"]
        assert opened["opened"] is True, opened["state"]["notice"]
        assert opened["state"]["scenario"] == scenario_from_dict(golden["scenario"]).to_dict()


def test_the_link_grammar_reads_the_same_in_javascript() -> None:
    """The page's script matches fragments with the pattern Python writes into the HTML."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    samples = [
        "#simulator-erp-owns-master:s1.eNqrVipILEnOULKqrtVRKihKLU4tUbJSKilKzCvOSSzJzM_TTSwoUKoFABVnDh0",
        "#s1.eNqrVipILEnOULKqrtVRKihKLU4tUbJSKilKzCvOSSzJzM_TTSwoUKoFABVnDh0",
        "#simulator-x:s1.abc;open=r2;product=braided_hat",
        "#simulator-x:s2.future",
        "#example",
        "#simulator-x:s1.abc;open=r2;evil=<",
        "#s1.a b",
    ]
    script = f"const p = new RegExp({json.dumps(PATTERN)}); console.log(JSON.stringify({json.dumps(samples)}.map((s) => p.exec(s)?.slice(1, 3) ?? null)));"
    in_js = json.loads(subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout)
    in_python = [[found.key or None, found.link] if (found := _read(sample)) else None for sample in samples]

    assert in_js == in_python
    assert in_python[:3] == [
        ["simulator-erp-owns-master", samples[0].split(":", 1)[1]],
        [None, samples[1][1:]],
        ["simulator-x", "s1.abc"],
    ]


def _read(sample: str) -> object:
    try:
        return read_fragment(sample)
    except ValueError:
        return None


def test_copy_link_tells_its_length_and_offers_the_file_over_2000_characters() -> None:
    short = act(support_setup(), {"action": "copy-link", "page": "https://help.example.com/simulator.html"})  # type: ignore[arg-type]
    setup = text_of(render_regions(short)["setup"])
    assert f"Link ({len(short.shared):,} characters)" in setup
    assert "Download the scenario file" not in setup

    catalog = catalog_to_dict(load_catalog("large"))
    big = scenario_from_dict({"version": 1, "catalog": catalog, "edition": "EE", "app": "erp_connector",
                              "permissions": {"categories": {"view_all": True}}})
    long_state = act(replace_scenario(initial_state(FULL), big), {"action": "copy-link", "page": "https://help.example.com/simulator.html"})
    setup = text_of(render_regions(long_state)["setup"])
    assert len(long_state.shared) > 2_000
    assert f"This link is {len(long_state.shared):,} characters long" in setup
    assert "Download the scenario file" in setup


def replace_scenario(state: object, scenario: object) -> object:
    from dataclasses import replace

    return replace(state, scenario=scenario)  # type: ignore[type-var]


# Requests the user writes.


def test_a_request_written_in_the_form_is_answered_with_its_assertion() -> None:
    state = act(initial_state(FULL), {"action": "request-new"})
    fields = {
        "method": "PATCH", "path": "hat", "body_mode": "form", "attribute": "name", "locale": "fr_FR",
        "data": "Chapeau de paille", "categories": "", "expect_status": "403", "expect_effect": "refused",
    }
    state = act(state, {"action": "request-save", "fields": fields})
    added = state.scenario.requests[-1]

    assert added.path == "/api/rest/v1/products/hat"
    assert added.body == {"values": {"name": [{"locale": "fr_FR", "scope": None, "data": "Chapeau de paille"}]}}
    assert state.draft is None and state.selected == "r5"
    row = _row(render_regions(state)["requests"], 6)
    assert "✗ fails: expected 403 refused; got status 204, effect applied" in row


def test_a_request_that_does_not_read_keeps_what_was_typed_and_says_why() -> None:
    state = act(initial_state(FULL), {"action": "request-new"})
    typed = {"method": "PATCH", "path": "/api/rest/v1/products/hat", "body_mode": "json", "body": '{"values": {'}
    done = act_on(state, {"action": "request-save", "fields": typed})

    assert done.state.draft is not None and done.state.draft.body == '{"values": {'
    assert done.state.draft.error == "the body is not JSON (line 1, column 13)"
    assert done.focus == "simulator-erp-owns-master-draft-body"
    assert len(done.state.scenario.requests) == 5
    assert "{&quot;values&quot;: {</textarea>" in render_regions(done.state)["requests"]


def test_requests_are_edited_reordered_and_deleted() -> None:
    state = act(initial_state(FULL), {"action": "request-edit", "index": "1"})
    assert state.draft is not None and state.draft.body_mode == "form" and state.draft.attribute == "price"
    state = act(state, {"action": "request-save", "fields": {"data": "19.90"}})
    assert state.scenario.requests[1].body == {"values": {"price": [{"locale": None, "scope": None, "data": "19.90"}]}}

    state = act(state, {"action": "request-move", "index": "1", "to": "down"})
    assert [r.method for r in state.scenario.requests[:3]] == ["GET", "DELETE", "PATCH"]
    state = act(state, {"action": "request-delete", "index": "0"})
    assert [r.label for r in state.scenario.requests][:1] == ["DELETE /api/rest/v1/products/cap"]
    assert state.notice == "Deleted GET /api/rest/v1/products/hat. Undo brings it back."


def test_expect_this_pins_the_current_answer_as_an_assertion() -> None:
    state = act(support_setup(), {"action": "request-expect", "index": "5"})  # type: ignore[arg-type]
    expect = state.scenario.requests[5].expect

    assert expect is not None and (expect.status, expect.effect) == (204, "draft")
    assert "✓ holds: 204 draft" in _row(render_regions(state)["requests"], 6)


def _row(requests_html: str, number: int) -> str:
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", requests_html, re.S)
    return text_of(rows[number - 1])


@pytest.mark.parametrize(
    ("pasted", "method", "path", "body", "status"),
    [
        ("curl -X DELETE 'https://acme.cloud.akeneo.com/api/rest/v1/products/cap' -H 'Authorization: Bearer x'",
         "DELETE", "/api/rest/v1/products/cap", None, None),
        ('curl https://acme.example/api/rest/v1/products/hat \\\n  -H "Content-Type: application/json" \\\n'
         '  -X PATCH --data-raw \'{"values":{"name":[{"locale":"en_US","scope":null,"data":"Straw hat"}]}}\'',
         "PATCH", "/api/rest/v1/products/hat", {"values": {"name": [{"locale": "en_US", "scope": None, "data": "Straw hat"}]}}, None),
        ('10.0.0.7 - - [02/May/2026:10:12:01 +0000] "DELETE /api/rest/v1/products/cap HTTP/1.1" 403 152 "-" "ERP/2.1"',
         "DELETE", "/api/rest/v1/products/cap", None, 403),
        ('[2026-05-02T10:12:01] request.INFO: Matched route. {"method":"PATCH","request_uri":"https://acme.example/api/rest/v1/products/hat","status":204}',
         "PATCH", "/api/rest/v1/products/hat", None, 204),
        ("GET /api/rest/v1/products?search=%7B%22enabled%22%3A%5B%7B%22operator%22%3A%22%3D%22%2C%22value%22%3Atrue%7D%5D%7D HTTP/1.1",
         "GET", "/api/rest/v1/products", None, None),
        ('PATCH hat name[fr_FR]="Chapeau" → 403 refused', "PATCH", "/api/rest/v1/products/hat",
         {"values": {"name": [{"locale": "fr_FR", "scope": None, "data": "Chapeau"}]}}, 403),
    ],
    ids=["curl", "curl on several lines", "access log", "structured log", "log line with a query", "shorthand"],
)
def test_a_pasted_command_or_log_line_becomes_the_request(
    pasted: str, method: str, path: str, body: object, status: int | None
) -> None:
    request = read_pasted(pasted)

    assert (request.method, request.path, request.body) == (method, path, body)
    assert (request.expect.status if request.expect else None) == status


@pytest.mark.parametrize(
    ("pasted", "message"),
    [
        ("", "paste a curl command"),
        ("hello", "this is not a request"),
        ("curl https://example.com/index.html", "is not a PIM REST API URL"),
        ("curl -X PUT https://x/api/rest/v1/products/hat", "PUT requests are not simulated"),
        ("curl -d @body.json https://x/api/rest/v1/products", "paste the file's JSON instead"),
        ("curl 'https://x/api/rest/v1/products/hat", "a quote is not closed"),
        ('PATCH /api/rest/v1/products/hat {"values": ', "the body is not JSON"),
        ("POST /api/oauth/v1/token HTTP/1.1", "is not a PIM REST API URL"),
        ("x" * 200_000, "too long"),
    ],
)
def test_a_paste_that_is_not_a_request_says_why(pasted: str, message: str) -> None:
    with pytest.raises(PasteError, match=re.escape(message)):
        read_pasted(pasted)


def test_a_bad_paste_stays_in_its_box_with_the_reason() -> None:
    done = act_on(initial_state(FULL), {"action": "paste", "text": "curl https://example.com/"})

    assert done.state.paste == "curl https://example.com/"
    assert done.focus == "simulator-erp-owns-master-paste"
    assert "Is not a PIM REST API URL" in done.state.paste_error or "is not a PIM REST API URL" in done.state.paste_error
    assert len(done.state.scenario.requests) == 5


_codes = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=12)
_texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)


@st.composite
def api_requests(draw: st.DrawFn) -> ScenarioRequest:
    code = draw(_codes)
    kind = draw(st.sampled_from(["get", "delete", "patch", "create", "list"]))
    if kind == "list":
        query = {"search": json.dumps({"name": [{"operator": "CONTAINS", "value": draw(_texts)}]}), "limit": str(draw(st.integers(1, 100)))}
        return ScenarioRequest("GET", "/api/rest/v1/products", None, query)
    if kind in ("get", "delete"):
        return ScenarioRequest(kind.upper(), f"/api/rest/v1/products/{code}", None, {})
    values = {"values": {draw(_codes): [{"locale": draw(st.sampled_from([None, "en_US"])), "scope": None, "data": draw(_texts)}]}}
    if kind == "patch":
        return ScenarioRequest("PATCH", f"/api/rest/v1/products/{code}", values, {})
    return ScenarioRequest("POST", "/api/rest/v1/products", {"identifier": code, **values}, {})


@settings(max_examples=200, deadline=None)
@given(api_requests())
def test_a_request_copied_as_curl_pastes_back_as_the_same_request(request: ScenarioRequest) -> None:
    command = to_curl(request)

    assert command.startswith(f"curl -X {request.method}")
    assert '"$PIM_URL/api/rest/v1/' in command and "Bearer $ACCESS_TOKEN" in command
    assert read_pasted(command) == request


def test_every_request_copies_as_curl_shown_under_its_row() -> None:
    state = initial_state(FULL)
    assert render_regions(state)["requests"].count('data-action="copy-curl"') == 5
    reply = json.loads(handle("widget.act", json.dumps({"state": json.loads(state_to_json(state)),
                                                        "event": {"action": "copy-curl", "index": "2"}})))["result"]

    assert reply["copy"] == 'curl -X DELETE "$PIM_URL/api/rest/v1/products/cap" \\\n  -H "Authorization: Bearer $ACCESS_TOKEN"'
    shown = html.unescape(reply["regions"]["requests"]["html"])
    assert shown.count(reply["copy"]) == 1
    words, curl = text_of(shown), " ".join(reply["copy"].split())
    assert words.index("3. DELETE") < words.index(curl) < words.index("4. GET")


# Compare and fix.


def test_the_comparison_lists_exactly_the_cells_a_known_change_changed() -> None:
    """Own → Edit on Master catalog: writes on Master products become drafts, deletes and
    re-categorisations are refused; reads and the other trees do not change."""
    state = act(initial_state(FULL), {"action": "pin"})
    state = act(state, {"action": "level", "axis": "categories", "code": "master", "value": "edit"})
    comparison = _comparison(state, Results(state))

    assert comparison is not None
    found = [(c.cell, c.label, c.before, c.after, c.shift) for c in comparison.changes if not c.cell.startswith("v")]
    assert found == [
        ("r1", "PATCH /api/rest/v1/products/cap", "204 applied", "204 draft", Shift.CHANGED),
        ("r2", "DELETE /api/rest/v1/products/cap", "204 applied", "403 refused", Shift.LOST),
        ("m0.1", "PATCH name (en_US) hat", "204 applied", "204 draft", Shift.CHANGED),
        ("m0.2", "PATCH categories [master] hat", "204 applied", "403 refused", Shift.LOST),
        ("m0.3", "DELETE hat", "204 applied", "403 refused", Shift.LOST),
        ("m2.1", "PATCH name (en_US) cap", "204 applied", "204 draft", Shift.CHANGED),
        ("m2.2", "PATCH categories [master] cap", "204 applied", "403 refused", Shift.LOST),
        ("m2.3", "DELETE cap", "204 applied", "403 refused", Shift.LOST),
        ("m3.2", "PATCH categories [master] wool_scarf", "204 applied", "403 refused", Shift.LOST),
    ]
    values = {c.shift for c in comparison.changes if c.cell.startswith("v")}
    assert values == {Shift.CHANGED}  # Hat's values: editable, now through a draft
    summary = text_of(render_regions(state)["summary"])
    assert "Compared with “before”: 0 gained, 6 lost, 25 changed of 55 answers." in summary
    grid = render_regions(state)["grid"]
    assert grid.count("sim-cell--lost") == 5 and "lost, was 204 applied" in text_of(grid)


def test_apply_gives_the_smallest_extra_grant_and_the_refused_request_is_allowed() -> None:
    state = act(support_setup(), {"action": "explain", "cell": "r2"})  # type: ignore[arg-type]
    requests = render_regions(state)["requests"]
    assert "Also grant Own on the Master catalog tree." in text_of(requests)
    applied = act_on(state, control_event(requests, "apply"))

    answer = Results(applied.state).evaluation.results[2].answer
    assert answer is not None and (answer.status, answer.effect.value) == (204, "applied")
    assert applied.state.scenario.permissions.categories.level_of("master").name == "OWN"
    assert applied.state.scenario.permissions.categories.level_of("print").name == "VIEW"
    assert applied.state.notice == "Applied: Own on the Master catalog tree. Undo takes it back."
    assert applied.focus == "simulator-erp-owns-master-explanation"
    assert act(applied.state, {"action": "undo"}).scenario == state.scenario


def control_event(region: str, action: str) -> dict[str, str]:
    """The event the page sends for the region's control of ``action``: its data- attributes."""
    found = re.search(rf'<button[^>]*data-action="{action}"[^>]*>', region)
    assert found is not None, action
    return {name: html.unescape(value) for name, value in re.findall(r'data-([a-z-]+)="([^"]*)"', found[0])}


def test_apply_refuses_an_increment_it_does_not_know() -> None:
    state = initial_state(FULL)
    for grants in ('[["scope","read_everything"]]', '[["locales","xx_XX","edit"]]', '[["moods","x","own"]]', "nope"):
        reply = json.loads(handle("widget.act", json.dumps({"state": json.loads(state_to_json(state)),
                                                            "event": {"action": "apply", "cell": "r2", "label": "x", "grants": grants}})))
        assert reply["error"]["type"] == "BadPayload", grants


# The explanation where the eye is, and the keyboard.


def test_the_explanation_is_a_dialog_under_the_row_of_its_cell_and_closes_back_to_it() -> None:
    done = act_on(initial_state(FULL), {"action": "explain", "cell": "m2.3"})
    grid = render_regions(done.state)["grid"]
    rows = re.findall(r"<tr[ >].*?</tr>", grid[grid.index("<tbody>") :], re.S)

    assert done.focus == "simulator-erp-owns-master-explanation"
    assert "Cap" in rows[2] and 'class="sim-explain-row"' in rows[3]
    assert 'role="dialog"' in rows[3] and 'aria-labelledby="simulator-erp-owns-master-explanation-title"' in rows[3]
    assert 'aria-keyshortcuts="Escape"' in rows[3]
    closed = act_on(done.state, {"action": "close"})
    assert closed.state.selected == "" and closed.focus == "simulator-erp-owns-master-m2.3"


def test_each_grid_has_one_tab_stop_and_a_shortcut() -> None:
    state = act(initial_state(FULL), {"action": "explain", "cell": "m3.1"})
    regions = render_regions(state)
    for name, shortcut, holder in (("requests", "R", None), ("grid", "G", "m3.1"), ("values", "V", None)):
        stops = re.findall(r'<[^>]*data-roving tabindex="0"[^>]*>', regions[name])
        assert len(stops) == 1, name
        assert f'aria-keyshortcuts="{shortcut}"' in stops[0]
        if holder:
            assert f'data-cell="{holder}"' in stops[0]
        assert regions[name].count('data-roving tabindex="-1"') > 10


def test_the_full_page_starts_python_at_load_and_an_articles_block_once_it_is_near() -> None:
    workbench = render(initial_state(FULL))
    block = render(initial_state(Origin("erp-owns-master")))

    assert re.search(r'<div class="sim"[^>]* data-boot="at-load"', workbench)
    assert re.search(r'<div class="sim"[^>]* data-boot="when-near"', block)


# The page restates nothing.


def test_the_page_script_restates_no_python_fact() -> None:
    """Its messages, the region names, the link grammar and the element ids come from
    the widget's HTML (data- attributes, the answer's focus), never from the script."""
    script = WIDGET_SCRIPT.read_text(encoding="utf-8")
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith(("//", "*", "/**")))
    page = render(initial_state(FULL))

    for text in PAGE_TEXTS.values():
        for words in re.split(r"\{\w+\}", text):
            if len(words.strip(" .:…")) > 3:
                assert words.strip(" .:…") not in code, words
    for name in REGIONS:
        assert f'"{name}"' not in code and f"'{name}'" not in code and f"={name}" not in code, name
    for fact in ("s1.", "-screen", "-explanation", ":s", "Loading the", "could not start", "Retry"):
        assert fact not in code, fact
    assert f'data-link-pattern="{html.escape(PATTERN)}"' in page
    assert json.loads(html.unescape(re.search(r'data-texts="([^"]*)"', page)[1])) == PAGE_TEXTS  # type: ignore[index]


def test_a_state_from_an_older_simulator_is_refused_by_name() -> None:
    reply = json.loads(handle("widget.render", json.dumps({"state": {"version": 1}})))

    assert reply["error"] == {"type": "BadPayload", "message": "state.version: unknown state version 1; this simulator reads version 2"}


def test_the_history_holds_links_the_codec_reads() -> None:
    state = support_setup()
    for change in state.past:  # type: ignore[attr-defined]
        assert decode_link(change.link).preset == "erp-owns-master"
    assert encode_link(state.scenario).startswith("s1.")  # type: ignore[attr-defined]
