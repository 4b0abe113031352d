"""The widget's operations for :func:`simulator.web.handle`: JSON in, JSON out.

Each takes the widget's state as the page holds it and answers with the new state, the
HTML of every region with its hash (the page swaps the regions whose hash changed),
the address-bar fragment that brings the state back (empty while the block shows its
own example), and the element to focus next. Links go through
:mod:`simulator.widget.fragment` and :mod:`simulator.scenarios.links`, scenario files
through :mod:`simulator.scenarios.scenario`; a link or file that does not open gives
the codec's message as the widget's notice, never an error the page would have to
handle.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import replace
from functools import lru_cache
from typing import Callable, Final, Mapping, NamedTuple

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
from simulator.widget import ids
from simulator.widget.cells import Results
from simulator.widget.events import EventError, act_on
from simulator.widget.fragment import FragmentError, differs_from_its_block, fragment_of, read_fragment
from simulator.widget.history import record
from simulator.widget.memo import scenario_key
from simulator.widget.paste import to_curl
from simulator.widget.render import region_hash, render_regions
from simulator.widget.parts import answered, patch, remember
from simulator.widget.setup import SetupError
from simulator.widget.state import (
    HISTORY_SIZE,
    Change,
    Place,
    WidgetState,
    WidgetStateError,
    change_to_dict,
    from_scenario,
    initial_state,
    state_from_dict,
    state_to_dict,
)
from simulator.widget.state_changes import state_changes

LINK_SEPARATOR: Final = ":"
"""A fragment names the widget it is for: ``#<widget id>:s1.…``; a bare ``#s1.…`` opens
in the page's first widget."""


class WidgetOpError(ValueError):
    """A payload the widget cannot use (a malformed state or event)."""


class _Forgotten(Exception):
    """The payload names a state by a serial this worker does not keep (it was started
    again, or the state is too old): the page sends the state itself."""


KEPT_STATES: Final = 32
"""How many answered states are kept for the page to name by their serial (a few per
widget of a page)."""

class _Kept(NamedTuple):
    """A state as answered, and its JSON form as the page holds it."""

    state: WidgetState
    data: dict[str, JsonValue]


class _Held(NamedTuple):
    """The state a payload names by its serial: the page holds its JSON form, so the
    answer is sent as changes from it (:mod:`simulator.widget.state_changes`)."""

    serial: str
    data: dict[str, JsonValue]


_kept: OrderedDict[str, _Kept] = OrderedDict()

_HISTORY: Final = ("past", "future")


def _keep(state: WidgetState, data: dict[str, JsonValue]) -> str:
    """The serial of a state as answered (a digest of its JSON form, so that equal
    serials are equal states in any worker), kept for the page's next event: then the
    page does not send the state back and it is not read again, and what was computed
    from its scenario is still remembered (:mod:`simulator.widget.memo` remembers by the
    scenario object). The scenario, most of the state, is digested in the canonical
    JSON its panes were drawn by (:func:`simulator.widget.memo.scenario_key`, encoded
    once per scenario); each undo and redo step by its own digest, made once per step;
    the rest encoded here; a newline, which none of them holds, parts them."""
    rest = {name: value for name, value in data.items() if name != "scenario" and name not in _HISTORY}
    text = "\n".join((
        scenario_key(state.scenario),
        json.dumps(rest, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
        "".join(map(_step_digest, state.past)),
        "".join(map(_step_digest, state.future)),
    ))
    serial = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
    _kept[serial] = _Kept(state, data)
    _kept.move_to_end(serial)
    while len(_kept) > KEPT_STATES:
        _kept.popitem(last=False)
    return serial


@lru_cache(maxsize=4 * HISTORY_SIZE)
def _step_digest(change: Change) -> str:
    """An undo step's digest (its JSON form's): a step is the same object from one
    state to the next, so it is digested once."""
    text = json.dumps(change_to_dict(change), sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def forget_states() -> None:
    """Drop the kept states: the page's next event sends its state again."""
    _kept.clear()


def answer(
    state: WidgetState, focus: str = "", shown: Mapping[str, str] | None = None, held: _Held | None = None
) -> dict[str, JsonValue]:
    """The state and its regions, as every widget operation answers. The state is sent
    whole (``state``), or, when the page holds one it named by its serial (``held``), as
    its changes from that one (``changed``: ``from``, the serial, and the changes of
    :func:`simulator.widget.state_changes.state_changes`). ``shown`` holds the
    hash of each region as the page shows it: a region that did not change is answered
    with its hash alone, and one whose shown HTML was answered before and differs in a
    few parts only (table rows, marked elements) with those parts (``parts``: place and
    HTML, or a row's place, a cell's place and its HTML for a row that changed in some
    cells; ``from``: the hash they apply to; :mod:`simulator.widget.parts`), and parts
    taken out and put in (``splices``: for each, the place of the first part taken, how
    many, the parts put in), so the page receives only what it has to change."""
    regions = render_regions(state)
    known = shown or {}
    out: dict[str, JsonValue] = {}
    for name, inner in regions.items():
        digest = region_hash(inner)
        place = f"{state.key}/{name}"
        was = known.get(name, "")
        if was == digest:
            out[name] = {"hash": digest}
            remember(place, digest, inner)  # the page shows it: the next change may be sent as parts of it
            continue
        old = answered(place, was) if was else None
        changes = patch(old, inner) if old is not None else None
        out[name] = {"html": inner, "hash": digest} if changes is None else {"hash": digest, "from": was, **changes}
        remember(place, digest, inner)
    data = state_to_dict(state)
    sent: dict[str, JsonValue] = (
        {"state": data} if held is None else {"changed": {"from": held.serial, **state_changes(held.data, data)}}
    )
    return {
        **sent,
        "serial": _keep(state, data),
        "regions": out,
        "fragment": fragment_of(state) if differs_from_its_block(state) else "",
        "focus": focus,
    }


def _render(payload: JsonValue) -> JsonValue:
    try:
        state, held = _state_held(payload)
    except _Forgotten:
        return {"forgotten": True}
    return answer(state, shown=_shown(payload), held=None if _field(payload, "whole") is True else held)


def _act(payload: JsonValue) -> JsonValue:
    try:
        state, held = _state_held(payload)
    except _Forgotten:
        return {"forgotten": True}
    event = _field(payload, "event")
    if not isinstance(event, dict):
        raise WidgetOpError("event: expected an object")
    try:
        done = act_on(state, event)
    except (EventError, WidgetStateError, SetupError) as error:
        raise WidgetOpError(str(error)) from None
    reply = answer(done.state, done.focus, _shown(payload), held)
    if event.get("action") == "copy-link":
        reply["copy"] = done.state.shared
    elif event.get("action") == "copy-curl":
        reply["copy"] = to_curl(done.state.scenario.requests[done.state.curl])
    return reply


def _link(payload: JsonValue) -> JsonValue:
    state = _state(payload)
    link = encode_link(state.scenario)
    return {"link": link, "fragment": fragment_of(state)}


def _open(payload: JsonValue) -> JsonValue:
    """Open a link: its scenario with the wizard finished (and the answer it names
    shown), or the block's default scenario with the codec's message."""
    state = _state(payload)
    text = _field(payload, "link")
    if not isinstance(text, str):
        raise WidgetOpError("link: expected text")
    try:
        try:
            fragment = read_fragment(text)
            link = fragment.link
        except FragmentError:
            fragment, link = None, text  # a bare link, or what the codec will name
        scenario = decode_link(link)
        product = fragment.product if fragment is not None and fragment.product else _product(state, scenario)
        opened = from_scenario(scenario, state.origin, state.key, Step.DONE, product)
        opened = replace(opened, whole=bool(state.origin.view))  # a shared setup is seen whole
    except (LinkError, WidgetStateError) as error:
        default = initial_state(state.origin, state.key)
        return {"opened": False, **answer(replace(default, notice=f"The shared link does not open: {error}."))}
    focus = ""
    if fragment is not None and fragment.open:
        if Results(opened).explain(fragment.open) is not None:
            opened, focus = replace(opened, selected=fragment.open), ids.explanation(state.key)
        else:
            opened = replace(opened, notice=f"The link names an answer ({fragment.open}) this scenario does not have.")
    return {"opened": True, **answer(opened, focus)}


def _import(payload: JsonValue) -> JsonValue:
    state = _state(payload)
    text = _field(payload, "text")
    if not isinstance(text, str):
        raise WidgetOpError("text: expected the file's text")
    name = _field(payload, "name")
    try:
        scenario = scenario_from_json(text)
    except ScenarioError as error:
        return answer(replace(state, notice=f"This file is not a scenario: {error}."))
    product = _product(state, scenario)
    imported = record(replace(state, selected="", draft=None), scenario, f"import {name}" if isinstance(name, str) and name else "import a file", Place(Step.DONE))
    catalog = scenario.load_catalog()
    imported = replace(imported, product=product or (catalog.products[0].identifier if catalog.products else ""))
    return answer(replace(imported, notice="Imported the scenario. Undo brings back the setup you had."))


def _export(payload: JsonValue) -> JsonValue:
    state = _state(payload)
    name = state.scenario.title or state.scenario.preset or state.scenario.app.id
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name.lower()).strip("-")[:60] or "scenario"
    if state.scenario.title == "" and state.scenario.preset:
        safe = state.scenario.preset
    return {"filename": f"{safe}.scenario.json", "text": state.scenario.to_json()}


def _shown(payload: JsonValue) -> dict[str, str]:
    """The hashes of the regions the page shows (``hashes`` of the payload), if any."""
    hashes = _field(payload, "hashes")
    if not isinstance(hashes, dict):
        return {}
    return {str(name): value for name, value in hashes.items() if isinstance(value, str)}


def _product(state: WidgetState, scenario: Scenario) -> str:
    """Keep the product shown when the new scenario's catalog has it."""
    return state.product if state.product in scenario.load_catalog().product_by_identifier else ""


def _state(payload: JsonValue) -> WidgetState:
    """The state the payload holds, or the one it names by its ``serial``."""
    return _state_held(payload)[0]


def _state_held(payload: JsonValue) -> tuple[WidgetState, _Held | None]:
    """The state the payload holds, or the one it names by its ``serial`` when it holds
    none, with what the page holds of it (:class:`_Forgotten` when that one is not kept)."""
    if isinstance(payload, dict) and "state" not in payload and "serial" in payload:
        serial = payload["serial"]
        if not isinstance(serial, str) or serial not in _kept:
            raise _Forgotten
        _kept.move_to_end(serial)
        kept = _kept[serial]
        return kept.state, _Held(serial, kept.data)
    try:
        return state_from_dict(_field(payload, "state")), None
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
