"""The wizard is played once per reader event (issue 8): one function turns a scenario
into the wizard's clicks (:func:`simulator.scenarios.wizard_play.play`), the grant is the end of
that play and the screen is drawn from the same clicks.

A play starts from the App's marketplace card, so counting the cards made counts the
plays. Every event is sent as the page sends it: the state's JSON through
:func:`simulator.web.handle`, with what Python remembers of earlier events forgotten
first (:func:`simulator.widget.state.forget_plays`), so that each event is answered
as a fresh worker would, from nothing but what the page holds.
"""

from __future__ import annotations

import html
import json
import random
import re
from typing import Any, Final, Iterator

import pytest

import simulator.scenarios.wizard_play as play_module
from simulator.connect import Step
from simulator.model import AxisGrant, Level
from simulator.scenarios import PRESET_IDS, encode_link, evaluate, preset
from simulator.web import handle
from simulator.widget import Origin, initial_state, state_to_dict
from simulator.widget.ops import answer
from simulator.widget.state import forget_plays, from_scenario, played, wizard_of

CONTROL = re.compile(r'<(button|input|select)\s([^>]*data-action="[^"]*"[^>]*)>')
ATTRIBUTE = re.compile(r'([a-z-]+)(?:="([^"]*)")?')
PAGE_ONLY = {"copy-link", "open-link", "import", "export"}
"""Controls the page's script handles itself (clipboard, file picker) or that need the
page's address."""
SELECTED: Final = {
    "edition": ["CE", "GE", "EE"],
    "preset": list(PRESET_IDS),
    "product": ["hat", "braided_hat"],
    "app": ["erp_connector", "translation_app", "no_scope_app"],
    "scope": ["none", "read"],
    "draft": ["PATCH", "json"],
}
"""What a reader picks in each kind of select."""


@pytest.fixture
def cards(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The App of each marketplace card made, in order: one per wizard play."""
    made: list[str] = []
    real = play_module.marketplace

    def counted(*args: Any, **kwargs: Any) -> Any:
        card = real(*args, **kwargs)
        made.append(card.app.id)
        return card

    monkeypatch.setattr(play_module, "marketplace", counted)
    return made


def events(regions: dict[str, Any], pick: random.Random) -> Iterator[dict[str, Any]]:
    """The events the page would send for each control on screen, as its script reads them."""
    for region in regions.values():
        for kind, attributes in CONTROL.findall(region["html"]):
            found = {name: html.unescape(value) for name, value in ATTRIBUTE.findall(attributes)}
            if found["data-action"] in PAGE_ONLY:
                continue
            event: dict[str, Any] = {
                name.removeprefix("data-"): value for name, value in found.items() if name.startswith("data-")
            }
            if kind == "input" and found.get("type") == "checkbox":
                event["on"] = "checked" not in found
            elif kind == "input" and found.get("type") == "radio":
                event["value"] = found["value"]
            elif kind == "input":
                event["value"] = "typed"
            if kind == "select":
                event["value"] = pick.choice(SELECTED[event["action"]])
            if event["action"] == "draft":
                event = {"action": "draft", "fields": {event.get("field", ""): str(event.get("value", ""))}}
            yield event


def act(state: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    forget_plays()
    reply = json.loads(handle("widget.act", json.dumps({"state": state, "event": event})))
    assert "result" in reply, reply
    return reply["result"]  # type: ignore[no-any-return]


def openings() -> list[tuple[str, str]]:
    """Each preset opened on each of its wizard's screens a block may name."""
    found = []
    for preset_id in PRESET_IDS:
        for step in ("marketplace", "authorizations", "permissions", "done"):
            try:
                initial_state(Origin(preset_id, step=step))
            except ValueError:
                continue  # no permissions step for an App without a products scope
            found.append((preset_id, step))
    return found


@pytest.mark.parametrize(("preset_id", "step"), openings())
def test_every_event_plays_the_wizard_once(cards: list[str], preset_id: str, step: str) -> None:
    pick = random.Random(f"{preset_id}-{step}")
    current = answer(initial_state(Origin(preset_id, step=step)))
    for _ in range(40):
        offered = list(events(current["regions"], pick))
        wizard = [event for event in offered if event["action"] in ("wizard", "consent", "code", "all")]
        event = pick.choice(wizard if wizard and pick.random() < 0.6 else offered)
        cards.clear()
        current = act(current["state"], event)
        assert len(cards) == 1, f"{event} played the wizard {len(cards)} times"


@pytest.mark.parametrize(
    "event",
    [
        {"action": "wizard", "do": "confirm"},
        {"action": "wizard", "do": "previous"},
        {"action": "wizard", "do": "cancel"},
        {"action": "code", "axis": "categories", "level": "own", "code": "print", "on": True},
        {"action": "all", "axis": "locales", "level": "view", "on": True},
        {"action": "wizard", "do": "connect"},  # refused: not on the Summary screen
        {"action": "edition", "value": "GE"},
        {"action": "role", "permission": "manage_locale_permissions", "on": False},
        {"action": "restart"},
        {"action": "reset"},
        {"action": "preset", "value": "translation-app"},
        {"action": "product", "value": "braided_hat"},
        {"action": "explain", "cell": "m0.1"},
    ],
    ids=lambda event: "-".join(str(value) for value in event.values()),
)
def test_each_kind_of_event_plays_the_wizard_once(cards: list[str], event: dict[str, Any]) -> None:
    state = state_to_dict(initial_state(Origin("translation-app", step="summary")))
    cards.clear()
    act(state, event)
    assert len(cards) == 1


def test_first_paint_link_and_import_play_the_wizard_once(cards: list[str]) -> None:
    state = initial_state(Origin("erp-owns-master"))
    answer(state)
    assert len(cards) == 1  # the block's first state is drawn from the play that made it

    payload = state_to_dict(state)
    for op, extra in (
        ("widget.render", {}),
        ("widget.open", {"link": encode_link(preset("translation-app"))}),
        ("widget.import", {"text": preset("hat-and-braided-hat").to_json()}),
    ):
        forget_plays()
        cards.clear()
        reply = json.loads(handle(op, json.dumps({"state": payload, **extra})))
        assert "result" in reply
        assert len(cards) == 1, op


def test_the_command_line_plays_the_wizard_once(cards: list[str]) -> None:
    evaluation = evaluate(preset("hat-and-braided-hat"))
    assert evaluation.holds and len(cards) == 1


def test_confirming_gives_the_results_a_fresh_play_of_the_new_scenario_gives() -> None:
    """Confirming reuses the screens the new scenario's play shares with the old one;
    its answers are those of the new scenario played from its card."""
    state = initial_state(Origin("translation-app", step="permissions"))
    current = answer(state)
    for event in (
        {"action": "code", "axis": "categories", "level": "own", "code": "print", "on": True},
        {"action": "code", "axis": "locales", "level": "edit", "code": "fr_FR", "on": True},
        {"action": "wizard", "do": "next"},
        {"action": "wizard", "do": "confirm"},
    ):
        current = act(current["state"], event)
    confirmed = current["state"]["scenario"]["permissions"]
    assert confirmed["categories"]["own"] == ["print"] and "fr_FR" in confirmed["locales"]["edit"]

    from simulator.scenarios import scenario_from_dict

    fresh = answer(from_scenario(scenario_from_dict(current["state"]["scenario"]), state.origin, state.key))
    for region in ("summary", "requests", "grid", "values"):
        assert current["regions"][region] == fresh["regions"][region], region


def test_the_screen_is_drawn_from_the_play_the_grant_comes_from() -> None:
    """The clicks a block opens with are the first clicks of its scenario's play."""
    scenario = preset("erp-owns-master")
    played_again = play_module.play(scenario, scenario.load_catalog())
    state = initial_state(Origin("erp-owns-master", step="permissions"))
    screen = wizard_of(state)
    assert screen is played(state.scenario).screens[played(state.scenario).stop(Step.PERMISSIONS)]
    assert screen.step is Step.PERMISSIONS
    assert screen.form is not None and screen.form.permissions() == scenario.permissions
    assert played_again.grant is not None and played_again.grant.permissions == scenario.permissions


@pytest.mark.parametrize("level", [Level.OWN, Level.EDIT, Level.VIEW])
def test_a_level_and_its_field_name_are_one_table(level: Level) -> None:
    name = AxisGrant.field_name(level)
    grant = AxisGrant.at_levels({level: ["x"]}, [level])
    assert AxisGrant.level_named(name) is level
    assert grant.codes_at(level) == {"x"} and grant.all_at(level)
    assert grant.explicit_level("x") is level and grant.all_level() is level
    assert AxisGrant.level_named(name.upper()) is None
