"""The simulator widget in Python: block options, state round trip, events, HTML.

The widget holds no rule of its own: the wizard, the answers and the links come from
the engine. These tests pin what a reader sees and does (reference §3 for the wizard,
§4 for the answers) and that nothing from data is ever read as HTML.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import pytest

from simulator.connect import Step
from simulator.formats import catalog_to_dict, load_catalog
from simulator.model import Level
from simulator.scenarios import PRESET_IDS, encode_link, preset, scenario_from_dict
from simulator.web import handle
from simulator.widget import (
    Origin,
    Pane,
    Show,
    Tools,
    WidgetStateError,
    act,
    initial_state,
    origin_from_block,
    render,
    render_regions,
    state_from_json,
    state_to_json,
)
from simulator.widget.ops import answer
from simulator.widget.state import from_scenario, wizard_of


def text_of(fragment: str) -> str:
    """What a reader reads: the HTML without its tags, entities decoded, spaces joined."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment.replace("<wbr>", ""))).split())  # a line-break chance is no space


def counts_of(summary: str) -> str:
    """The summary's first line: the counts of every answer."""
    found = re.search(r'<p class="sim-summary-text">.*?</p>', summary)
    assert found is not None, summary
    return found[0]


def dialog_of(region: str) -> str:
    """The explanation dialog in a region's HTML."""
    start = region.index('<div class="sim-explanation"')
    return region[start : region.index("</div></div>", start)]


# Blocks.


@pytest.mark.parametrize(
    ("info", "body", "expected"),
    [
        ("erp-owns-master", "", Origin("erp-owns-master")),
        ("translation-app edition=EE step=summary", "", Origin("translation-app", step="summary", edition="EE")),
        ("hat-and-braided-hat", "product: hat\nshow: results\n", Origin("hat-and-braided-hat", product="hat", show=Show.RESULTS)),
        ("erp-owns-master edition=ge manage_apps=no", "", Origin("erp-owns-master", edition="GE", manage_apps=False)),
        ("erp-owns-master", "tools: full", Origin("erp-owns-master", tools=Tools.FULL)),
        ("erp-owns-master step=marketplace view=wizard", "", Origin("erp-owns-master", step="marketplace", view=(Pane.WIZARD,))),
        ("hat-and-braided-hat", "view: summary, grid,summary", Origin("hat-and-braided-hat", view=(Pane.SUMMARY, Pane.GRID))),
        ("translation-app view=all", "", Origin("translation-app")),
    ],
)
def test_a_block_reads_its_preset_and_options(info: str, body: str, expected: Origin) -> None:
    assert origin_from_block(info, body) == expected


@pytest.mark.parametrize(
    ("info", "body", "message"),
    [
        ("", "", "a simulator block names a preset"),
        ("no-such-preset", "", 'unknown simulator preset "no-such-preset"'),
        ("erp-owns-master colour=red", "", 'unknown simulator option "colour"'),
        ("erp-owns-master", "colour: red", 'unknown simulator option "colour"'),
        ("erp-owns-master edition=XE", "", 'simulator option edition="XE": expected one of CE, GE, EE'),
        ("erp-owns-master step=checkout", "", 'simulator option step="checkout"'),
        ("erp-owns-master product=sock", "", 'simulator option product="sock": unknown product'),
        ("erp-owns-master step", "", 'simulator option "step": write it as name=value'),
        ("erp-owns-master", "just words", 'simulator option line 1 "just words"'),
        ("erp-owns-master view=setup", "", 'simulator option view="setup": "setup" is not a part of the simulator; parts: wizard,'
         " summary, requests, grid, values (comma-separated), or all"),
        ("erp-owns-master view=grid,", "", 'simulator option view="grid,": a comma with no part after it; parts: wizard'),
        ("erp-owns-master show=wizard view=wizard", "", "simulator options show= and view= both choose what the block shows"),
    ],
)
def test_a_mistake_in_a_block_names_the_option(info: str, body: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        origin_from_block(info, body)


def test_a_step_the_edition_does_not_have_is_refused_by_name() -> None:
    """§3: CE has no permissions step."""
    with pytest.raises(WidgetStateError, match='step "permissions" is not in this wizard \\(CE, ERP Connector\\)'):
        initial_state(origin_from_block("erp-owns-master edition=CE step=permissions", ""))


# First paint.


@pytest.mark.parametrize(
    ("block", "current", "buttons"),
    [
        ("erp-owns-master step=marketplace", "Marketplace", ["Connect"]),
        ("erp-owns-master step=authorizations", "Authorizations", ["Cancel", "Allow and next"]),
        ("erp-owns-master edition=CE step=authorizations", "Authorizations", ["Cancel", "Allow"]),
        ("erp-owns-master step=permissions", "Permissions", ["Cancel", "Previous", "Next"]),
        ("translation-app step=summary", "Summary", ["Cancel", "Previous", "Confirm"]),
        ("no-scope-app step=authorizations", "Authorizations", ["Cancel", "Allow"]),
        ("erp-owns-master", "Well done!", []),
        ("user-without-manage-apps", "Marketplace", ["Connect"]),
    ],
)
def test_a_block_opens_its_wizard_on_the_step_it_names(block: str, current: str, buttons: list[str]) -> None:
    regions = render_regions(initial_state(origin_from_block(block, "")))

    assert re.search(r'<li aria-current="step">([^<]*)</li>', regions["wizard"])[1] == current  # type: ignore[index]
    assert re.findall(r'data-action="wizard" data-do="[a-z_]+"(?: disabled)?>([^<]*)</button>', regions["wizard"]) == buttons


@pytest.mark.parametrize(
    ("preset_id", "summary"),
    [
        ("erp-owns-master", "ERP Connector in EE: 7 products × 4 requests = 28 answers: 12 applied, 0 draft, 0 refused, 16 invisible."),
        ("hat-and-braided-hat", "ERP Connector in EE: 7 products × 4 requests = 28 answers: 15 applied, 0 draft, 5 refused, 8 invisible."),
        ("translation-app", "Translation App in EE: 7 products × 4 requests = 28 answers: 8 applied, 6 draft, 14 refused, 0 invisible."),
        ("ecommerce-attribute-groups", "E-commerce App in EE: 7 products × 4 requests = 28 answers: 7 applied, 0 draft, 21 refused, 0 invisible."),
        ("no-scope-app", "Dashboard App in EE: 7 products × 4 requests = 28 answers: 0 applied, 0 draft, 28 refused, 0 invisible."),
        ("user-without-manage-apps", "ERP Connector in EE: The App is not connected: it holds no access token, so none of its calls is answered."),
    ],
)
def test_the_first_paint_shows_the_results_of_each_preset(preset_id: str, summary: str) -> None:
    assert text_of(counts_of(render_regions(initial_state(Origin(preset_id)))["summary"])) == summary


def test_connect_is_disabled_for_a_user_without_manage_apps() -> None:
    """§1.2: the button is disabled and the help says to ask an administrator."""
    wizard = render_regions(initial_state(Origin("user-without-manage-apps")))["wizard"]

    assert 'data-do="connect" disabled>Connect</button>' in wizard
    assert "please get in touch with an Administrator" in text_of(wizard)


def test_the_translation_app_sees_french_read_only_and_edits_english_through_drafts() -> None:
    """§4 and the article's locale example: View on fr_FR, Edit on en_US and de_DE, Edit on the trees."""
    results = render_regions(initial_state(Origin("translation-app", product="hat")))["values"]
    name_row = re.search(r"<tr><th scope=\"row\">Name .*?</tr>", results)

    assert name_row is not None
    assert text_of(name_row[0]) == "Name Marketing ✎ through a draft ◐ read-only ✎ through a draft"


@pytest.mark.parametrize(
    ("preset_id", "locale", "level"),
    [("translation-app", "fr_FR", Level.VIEW), ("translation-app", "de_DE", Level.EDIT), ("erp-owns-master", "fr_FR", Level.EDIT)],
)
def test_the_finished_wizard_holds_the_presets_permissions(preset_id: str, locale: str, level: Level) -> None:
    grant = wizard_of(initial_state(Origin(preset_id))).grant

    assert grant is not None
    assert grant.permissions.locales.level_of(locale) is level


# State.


@pytest.mark.parametrize("preset_id", PRESET_IDS)
@pytest.mark.parametrize("step", ["marketplace", "authorizations", "done"])
def test_a_state_survives_its_json_round_trip(preset_id: str, step: str) -> None:
    state = initial_state(Origin(preset_id, step=step))
    back = state_from_json(state_to_json(state))

    assert back == state
    assert render(back) == render(state)  # the page hands Python the JSON form


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[", "state: not valid JSON"),
        ("{}", "state.version: missing; this simulator reads version 2"),
        ('{"version": 1}', "state.version: unknown state version 1; this simulator reads version 2"),
        ('{"version": 2, "key": "k", "origin": {"preset": "nope", "step": "done", "show": "all", "tools": "share"}, "scenario": {}}',
         'state.origin.preset: unknown preset "nope"'),
        ('{"version": 2, "key": "k", "origin": {"preset": "no-scope-app", "step": "later", "show": "all", "tools": "share"}}',
         "state.origin.step: expected one of"),
    ],
)
def test_a_malformed_state_is_refused_by_field(text: str, message: str) -> None:
    with pytest.raises(WidgetStateError, match=re.escape(message)):
        state_from_json(text)


# Events.


def test_the_whole_ee_wizard_played_by_events_changes_the_results_before_confirm() -> None:
    """§3: Connect, Allow and next, a level picked (Own implies Edit and View), Next, Confirm;
    the answers follow each pick at once, as if confirmed, and Restart keeps the setup."""
    state = act(initial_state(Origin("erp-owns-master")), {"action": "restart"})
    assert state.scenario == initial_state(Origin("erp-owns-master")).scenario  # nothing wiped
    for event in (
        {"action": "wizard", "do": "connect"},
        {"action": "wizard", "do": "allow_and_next"},
        {"action": "code", "axis": "categories", "level": "own", "code": "print", "on": True},
    ):
        state = act(state, event)
    form = render_regions(state)["wizard"]
    for level in ("own", "edit", "view"):
        assert re.search(rf'data-level="{level}" data-code="print" checked>', form), level

    # Still on the Permissions step: Braided hat (Print) is owned already.
    assert wizard_of(state).step is Step.PERMISSIONS
    assert state.scenario.permissions.categories.own == frozenset({"master", "print"})
    assert text_of(counts_of(render_regions(state)["summary"])) == (
        "ERP Connector in EE: 7 products × 4 requests = 28 answers: 16 applied, 0 draft, 0 refused, 12 invisible."
    )
    assert "As if confirmed" in text_of(render_regions(state)["summary"])

    for event in ({"action": "wizard", "do": "next"}, {"action": "wizard", "do": "confirm"}):
        state = act(state, event)

    assert wizard_of(state).step is Step.DONE
    assert state.scenario.permissions.categories.own == frozenset({"master", "print"})
    assert "As if confirmed" not in text_of(render_regions(state)["summary"])


def test_unticking_view_takes_edit_and_own_away() -> None:
    """§3: removing from View removes from Edit and Own."""
    state = initial_state(Origin("erp-owns-master", step="permissions"))
    state = act(state, {"action": "code", "axis": "categories", "level": "view", "code": "master", "on": False})
    form = wizard_of(state).form

    assert form is not None
    assert [f.codes for f in form.axis(form.axes[0].axis).fields] == [(), (), ()]


def test_a_click_the_wizard_refuses_leaves_the_state_and_says_why() -> None:
    state = initial_state(Origin("user-without-manage-apps"))
    after = act(state, {"action": "wizard", "do": "connect"})

    assert after.place == state.place
    assert "lacks the Manage apps permission" in after.notice


def test_changing_the_edition_replays_the_scenario() -> None:
    """§4: CE has no permissions: the ERP App sees every product."""
    state = act(initial_state(Origin("erp-owns-master")), {"action": "edition", "value": "CE"})

    assert [step.label for step in wizard_of(state).steps] == ["Authorizations", "Well done!"]
    assert "0 invisible" in text_of(render_regions(state)["summary"])


def test_choosing_a_cell_shows_its_checks_deciding_layer_and_smallest_grant() -> None:
    """§4: Braided hat is only in Print: 404, decided by the category layer."""
    state = act(initial_state(Origin("hat-and-braided-hat")), {"action": "explain", "cell": "m1.0"})
    explained = dialog_of(render_regions(state)["grid"])

    assert text_of(explained).startswith("Why: GET /api/rest/v1/products/braided_hat ⊘ 404 invisible")
    assert "Decided by: category" in text_of(explained)
    assert "Also grant View on the Print tree." in text_of(explained)
    assert 'href="how-to-connect-my-pim-with-apps.html#example"' in explained


def test_only_the_regions_an_event_changes_get_a_new_hash() -> None:
    state = initial_state(Origin("hat-and-braided-hat"))
    before = answer(state)["regions"]
    after = answer(act(state, {"action": "explain", "cell": "r0"}))["regions"]

    changed = sorted(name for name in before if before[name]["hash"] != after[name]["hash"])
    assert changed == ["requests"]


@pytest.mark.parametrize(
    "event",
    [{"action": "fly"}, {"action": "edition", "value": "XE"}, {"action": "code", "axis": "moods", "level": "own", "code": "x", "on": True},
     {"action": "role", "permission": "open_apps", "on": False}],
)
def test_an_unknown_event_is_a_bad_payload_for_the_page(event: dict[str, object]) -> None:
    state = json.loads(state_to_json(initial_state(Origin("no-scope-app"))))
    reply = json.loads(handle("widget.act", json.dumps({"state": state, "event": event})))

    assert reply["error"]["type"] == "BadPayload"


# Links and files.


def _payload(state: object, **more: object) -> str:
    return json.dumps({"state": json.loads(state_to_json(state)), **more})  # type: ignore[arg-type]


def test_a_copied_link_opens_the_same_scenario() -> None:
    state = act(initial_state(Origin("erp-owns-master")), {"action": "edition", "value": "GE"})
    fragment = json.loads(handle("widget.link", _payload(state)))["result"]["fragment"]
    fresh = initial_state(Origin("erp-owns-master"))
    opened = json.loads(handle("widget.open", _payload(fresh, link=fragment)))["result"]

    assert fragment.startswith("simulator-erp-owns-master:s1.")
    assert opened["opened"] is True
    assert opened["state"]["scenario"]["edition"] == "GE"


def test_a_tampered_link_shows_the_codecs_message_and_the_default_scenario() -> None:
    state = initial_state(Origin("hat-and-braided-hat"))
    link = encode_link(preset("translation-app"))[:-7]
    opened = json.loads(handle("widget.open", _payload(state, link=f"simulator-hat-and-braided-hat:{link}")))["result"]

    assert opened["opened"] is False
    assert opened["state"]["notice"].startswith("The shared link does not open: the link")
    assert opened["regions"]["grid"]["html"] == render_regions(state)["grid"]


def test_importing_a_file_that_is_not_a_scenario_says_what_is_wrong() -> None:
    state = initial_state(Origin("erp-owns-master", tools=Tools.FULL))
    reply = json.loads(handle("widget.import", _payload(state, text='{"version": 1, "edition": "XE"}')))["result"]

    assert "This file is not a scenario: catalog: missing" in text_of(reply["regions"]["setup"]["html"])


def test_an_exported_scenario_imports_back() -> None:
    state = act(initial_state(Origin("translation-app")), {"action": "edition", "value": "CE"})
    exported = json.loads(handle("widget.export", _payload(state)))["result"]
    imported = json.loads(handle("widget.import", _payload(initial_state(Origin("no-scope-app")), text=exported["text"])))

    assert exported["filename"] == "translation-app.scenario.json"
    assert imported["result"]["state"]["scenario"]["edition"] == "CE"


# Hostile names.

HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=1">'


def hostile_state() -> object:
    catalog = catalog_to_dict(load_catalog("article"))
    catalog["products"][0]["labels"]["en_US"] = HOSTILE  # type: ignore[index]
    catalog["attribute_groups"][0]["labels"]["en_US"] = HOSTILE  # type: ignore[index]
    scenario = scenario_from_dict({
        "version": 1, "catalog": catalog, "edition": "EE",
        "app": {"id": "x", "name": HOSTILE, "scopes": ["read_products", "write_products"]},
        "title": HOSTILE, "notes": HOSTILE,
        "permissions": {"categories": {"view_all": True}, "locales": {"view_all": True}},
    })
    origin = Origin("erp-owns-master")
    return from_scenario(scenario, origin, "simulator-x", Step.PERMISSIONS)


def test_names_from_data_are_shown_as_text_and_never_as_markup() -> None:
    page = render(hostile_state())  # type: ignore[arg-type]
    elements = Elements()
    elements.feed(page)

    assert {"script", "img"} & elements.tags == set()
    assert [name for name in elements.attributes if name.startswith("on")] == []
    assert text_of(page).count(HOSTILE) >= 4


class Elements(HTMLParser):
    """The tags and attribute names a browser would build from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def test_a_different_product_keeps_the_explanation_of_a_request() -> None:
    state = act(initial_state(Origin("translation-app")), {"action": "explain", "cell": "r1"})
    state = act(state, {"action": "product", "value": "cap"})

    assert (state.product, state.selected) == ("cap", "r1")


def test_after_cancel_the_results_show_that_nothing_was_granted() -> None:
    """§3: Cancel grants nothing: every request is not sent, as for a user who cannot connect."""
    state = act(initial_state(Origin("erp-owns-master")), {"action": "restart"})
    for event in ({"action": "wizard", "do": "connect"}, {"action": "wizard", "do": "cancel"}):
        state = act(state, event)
    regions = render_regions(state)

    assert text_of(counts_of(regions["summary"])) == (
        "ERP Connector in EE: The App is not connected: it holds no access token, so none of its calls is answered."
    )
    assert "Expected answers: 5 of 5 fail" in text_of(regions["summary"])
    assert re.findall(r"– not sent", text_of(regions["requests"])) == ["– not sent"] * 5
    assert "Nothing was granted" in text_of(regions["wizard"])


@pytest.mark.parametrize(
    ("permission", "read_only"),
    [
        ("manage_category_permissions", ["Categories"]),
        ("manage_locale_permissions", ["Locales"]),
        ("manage_attribute_group_permissions", ["Attribute groups"]),
    ],
)
def test_a_role_without_a_manage_permission_sees_that_field_read_only(permission: str, read_only: list[str]) -> None:
    """§3: a user lacking "Manage category permissions" (likewise locale, attribute group) sees that field read-only."""
    state = initial_state(Origin("erp-owns-master", step="permissions"))
    state = act(state, {"action": "role", "permission": permission, "on": False})
    form = wizard_of(state).form

    assert wizard_of(state).step is Step.PERMISSIONS
    assert form is not None
    assert [axis.entity.capitalize() for axis in form.axes if axis.read_only] == read_only
    assert f'data-permission="{permission}">' in render_regions(state)["setup"]


def test_the_role_offers_manage_apps_everywhere_and_the_permission_rights_in_ee_only() -> None:
    ee = render_regions(initial_state(Origin("erp-owns-master")))["setup"]
    ce = render_regions(initial_state(Origin("erp-owns-master", edition="CE")))["setup"]

    assert re.findall(r'data-permission="(\w+)"', ee) == [
        "manage_apps", "manage_category_permissions", "manage_locale_permissions", "manage_attribute_group_permissions",
    ]
    assert re.findall(r'data-permission="(\w+)"', ce) == ["manage_apps"]


def test_taking_manage_apps_away_disables_connect() -> None:
    state = act(initial_state(Origin("erp-owns-master")), {"action": "role", "permission": "manage_apps", "on": False})

    assert wizard_of(state).step is Step.MARKETPLACE
    assert 'data-do="connect" disabled' in render_regions(state)["wizard"]
