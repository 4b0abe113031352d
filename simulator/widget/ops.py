"""The widget's operations for :func:`simulator.web.handle`: JSON in, JSON out.

Each takes the widget's state as the page holds it and answers with the new state and
the HTML of every region with its hash; the page swaps the regions whose hash changed.
Links go through :mod:`simulator.scenarios.links`, scenario files through
:mod:`simulator.scenarios.scenario`; a link or file that does not open gives the codec's message
as the widget's notice, never an error the page would have to handle.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Final, Mapping

from simulator.connect import Step
from simulator.scenarios import (
    JsonValue,
    LinkError,
    Scenario,
    ScenarioError,
    decode_link,
    encode_link,
    scenario_from_json,
)
from simulator.widget.events import EventError, act
from simulator.widget.render import region_hash, render_regions
from simulator.widget.state import (
    WidgetState,
    WidgetStateError,
    from_scenario,
    initial_state,
    state_from_dict,
    state_to_dict,
)

LINK_SEPARATOR: Final = ":"
"""A fragment names the widget it is for: ``#<widget id>:s1.…``; a bare ``#s1.…`` opens
in the page's first widget."""


class WidgetOpError(ValueError):
    """A payload the widget cannot use (a malformed state or event)."""


def answer(state: WidgetState) -> dict[str, JsonValue]:
    """The state and its regions, as every widget operation answers."""
    regions = render_regions(state)
    return {
        "state": state_to_dict(state),
        "regions": {name: {"html": inner, "hash": region_hash(inner)} for name, inner in regions.items()},
    }


def _render(payload: JsonValue) -> JsonValue:
    return answer(_state(payload))


def _act(payload: JsonValue) -> JsonValue:
    state = _state(payload)
    event = _field(payload, "event")
    if not isinstance(event, dict):
        raise WidgetOpError("event: expected an object")
    try:
        return answer(act(state, event))
    except (EventError, WidgetStateError) as error:
        raise WidgetOpError(str(error)) from None


def _link(payload: JsonValue) -> JsonValue:
    state = _state(payload)
    link = encode_link(state.scenario)
    return {"link": link, "fragment": f"{state.key}{LINK_SEPARATOR}{link}"}


def _open(payload: JsonValue) -> JsonValue:
    """Open a link: its scenario with the wizard finished, or the block's default
    scenario with the codec's message."""
    state = _state(payload)
    text = _field(payload, "link")
    if not isinstance(text, str):
        raise WidgetOpError("link: expected text")
    _, separator, link = text.rpartition(LINK_SEPARATOR)
    try:
        scenario = decode_link(link if separator else text)
        opened = from_scenario(scenario, state.origin, state.key, Step.DONE, _product(state, scenario))
    except (LinkError, WidgetStateError) as error:
        default = initial_state(state.origin, state.key)
        return {"opened": False, **answer(replace(default, notice=f"The shared link does not open: {error}."))}
    return {"opened": True, **answer(opened)}


def _import(payload: JsonValue) -> JsonValue:
    state = _state(payload)
    text = _field(payload, "text")
    if not isinstance(text, str):
        raise WidgetOpError("text: expected the file's text")
    try:
        scenario = scenario_from_json(text)
    except ScenarioError as error:
        return answer(replace(state, notice=f"This file is not a scenario: {error}."))
    return answer(from_scenario(scenario, state.origin, state.key, Step.DONE, _product(state, scenario)))


def _export(payload: JsonValue) -> JsonValue:
    state = _state(payload)
    name = state.scenario.preset or state.scenario.app.id
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name) or "scenario"
    return {"filename": f"{safe}.scenario.json", "text": state.scenario.to_json()}


def _product(state: WidgetState, scenario: Scenario) -> str:
    """Keep the product shown when the new scenario's catalog has it."""
    return state.product if state.product in scenario.load_catalog().product_by_identifier else ""


def _state(payload: JsonValue) -> WidgetState:
    try:
        return state_from_dict(_field(payload, "state"))
    except WidgetStateError as error:
        raise WidgetOpError(str(error)) from None


def _field(payload: JsonValue, name: str) -> JsonValue:
    if not isinstance(payload, dict):
        raise WidgetOpError("payload: expected an object")
    return payload.get(name)


WIDGET_OPS: Final[Mapping[str, Callable[[JsonValue], JsonValue]]] = {
    "widget.render": _render,
    "widget.act": _act,
    "widget.link": _link,
    "widget.open": _open,
    "widget.import": _import,
    "widget.export": _export,
}
"""The operations the widget's script asks for, by name."""
