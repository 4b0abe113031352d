"""The page names a state Python answered by its serial instead of sending it back
(:func:`simulator.widget.ops.answer`): the answer is the one the state itself gives,
and a serial this worker does not keep (a new worker, an old state) is answered
``forgotten``, so that the page sends the state itself."""

from __future__ import annotations

import json
from typing import Any

from simulator.web import handle
from simulator.widget import initial_state, origin_from_block
from simulator.widget.ops import KEPT_STATES, answer, forget_states
from simulator.widget.state_changes import applied

FULL_PAGE = origin_from_block("erp-owns-master", "tools: full\n")
EVENTS = [
    {"action": "paste", "fields": {"text": 'PATCH hat name[en_US]="Straw hat" → 204 draft'}},
    {"action": "edition", "value": "GE"},
    {"action": "all-level", "axis": "locales", "value": "view"},
    {"action": "explain", "cell": "r1"},
    {"action": "undo"},
    {"action": "redo"},
]


def act(payload: dict[str, Any]) -> dict[str, Any]:
    reply = json.loads(handle("widget.act", json.dumps(payload)))
    assert "result" in reply, reply
    return reply["result"]  # type: ignore[no-any-return]


def test_an_event_on_a_named_state_answers_as_the_state_itself() -> None:
    """Named by its serial, the state is answered as its changes from the one named:
    applied to it, they give the state the state itself is answered with."""
    current = answer(initial_state(FULL_PAGE))
    for event in EVENTS:
        by_serial = act({"serial": current["serial"], "event": event})
        by_state = act({"state": current["state"], "event": event})

        changes = by_serial.pop("changed")
        assert changes.pop("from") == current["serial"]
        whole = by_state.pop("state")
        assert applied(current["state"], changes) == whole
        assert by_serial == by_state
        assert whole != current["state"]
        current = {**by_serial, "state": whole}
    assert current["state"]["past"][-1]["label"] != ""
    assert len(current["state"]["scenario"]["requests"]) == 6


def test_a_serial_not_kept_is_answered_forgotten_and_the_state_itself_still_answers() -> None:
    current = answer(initial_state(FULL_PAGE))
    forget_states()

    assert act({"serial": current["serial"], "event": EVENTS[1]}) == {"forgotten": True}
    assert act({"serial": "not-a-serial", "event": EVENTS[1]}) == {"forgotten": True}
    assert act({"state": current["state"], "event": EVENTS[1]})["state"]["scenario"]["edition"] == "GE"


def test_only_the_last_states_are_kept() -> None:
    first = answer(initial_state(FULL_PAGE))
    current = first
    for index in range(KEPT_STATES):
        current = act({"state": current["state"], "event": {"action": "paste", "fields": {"text": f"GET hat {index}"}}})

    assert act({"serial": first["serial"], "event": EVENTS[1]}) == {"forgotten": True}
    assert act({"serial": current["serial"], "event": EVENTS[1]})["changed"]["set"]["scenario"]["edition"] == "GE"


def test_equal_states_have_equal_serials_and_different_states_different_ones() -> None:
    one = answer(initial_state(FULL_PAGE))
    again = answer(initial_state(FULL_PAGE))
    changed = act({"serial": one["serial"], "event": EVENTS[1]})

    assert one["serial"] == again["serial"]
    assert changed["serial"] != one["serial"]
