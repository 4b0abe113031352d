"""A state named by its serial is answered as its changes from the one the page holds
(:mod:`simulator.widget.state_changes`): applied, they give exactly the new state, and
with a long undo history they carry the step added, not the history again."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.web import handle
from simulator.widget import initial_state, origin_from_block
from simulator.widget.ops import answer
from simulator.widget.state import HISTORY_SIZE
from simulator.widget.state_changes import applied, state_changes

FULL_PAGE = origin_from_block("erp-owns-master", "tools: full\n")

scalars = st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=3)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=2), inner, max_size=3), max_leaves=8)
steps = st.fixed_dictionaries({"label": st.sampled_from(["add", "edit", "undo"]), "link": st.text("ab", max_size=3)})


@st.composite
def held_and_new(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A state, and one made from it: fields changed, added and dropped, its history
    with steps dropped from the front and back and steps added on either side."""
    held: dict[str, Any] = draw(st.dictionaries(st.sampled_from("abcde"), values, max_size=4))
    held["past"] = draw(st.lists(steps, max_size=8))
    new = {name: value for name, value in held.items() if draw(st.booleans())}
    new.update(draw(st.dictionaries(st.sampled_from("abcdef"), values, max_size=3)))
    past = held["past"]
    front, back = draw(st.integers(0, len(past))), draw(st.integers(0, len(past)))
    new["past"] = draw(st.lists(steps, max_size=2)) + past[front : max(front, len(past) - back)] + draw(st.lists(steps, max_size=2))
    return held, new


@settings(max_examples=300, deadline=None)
@given(held_and_new())
def test_the_changes_applied_to_the_state_held_give_the_new_state(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    held, new = case
    sent = json.loads(json.dumps(state_changes(held, new)))  # as the page receives them

    assert applied(held, sent) == new


def test_the_same_state_has_no_changes() -> None:
    state = answer(initial_state(FULL_PAGE))["state"]

    assert state_changes(state, json.loads(json.dumps(state))) == {}


def act(payload: dict[str, Any]) -> dict[str, Any]:
    reply = json.loads(handle("widget.act", json.dumps(payload)))
    assert "result" in reply, reply
    return reply["result"]  # type: ignore[no-any-return]


def test_with_a_full_undo_history_a_change_sends_the_step_it_adds_and_not_the_history() -> None:
    first = answer(initial_state(FULL_PAGE))
    state, serial = first["state"], first["serial"]
    for index in range(HISTORY_SIZE + 5):
        reply = act({"serial": serial, "event": {"action": "paste", "fields": {"text": f'PATCH hat name[en_US]="Straw hat {index}"'}}})
        state, serial = applied(state, reply["changed"]), reply["serial"]
    assert len(state["past"]) == HISTORY_SIZE

    reply = act({"serial": serial, "event": {"action": "edition", "value": "GE"}})
    changes = reply["changed"]
    drop, keep, before, after = changes["lists"]["past"]

    assert (drop, keep, before, [step["label"] for step in after]) == (1, HISTORY_SIZE - 1, [], ["edition GE"])
    assert set(changes["set"]) == {"scenario"}
    assert applied(state, changes)["scenario"]["edition"] == "GE"
    assert len(json.dumps(changes)) < len(json.dumps(state)) / 3


def test_undo_sends_the_history_as_steps_kept() -> None:
    first = answer(initial_state(FULL_PAGE))
    state, serial = first["state"], first["serial"]
    for index in range(4):
        reply = act({"serial": serial, "event": {"action": "paste", "fields": {"text": f'PATCH hat name[en_US]="Straw hat {index}"'}}})
        state, serial = applied(state, reply["changed"]), reply["serial"]

    changes = act({"serial": serial, "event": {"action": "undo"}})["changed"]

    assert changes["lists"]["past"][:3] == [0, 3, []] and changes["lists"]["past"][3] == []
    assert [step["label"] for step in changes["set"]["future"]] == ["add PATCH /api/rest/v1/products/hat"]
