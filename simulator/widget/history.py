"""Every change to the setup can be undone and redone.

A change is recorded with :func:`record`: the setup before it goes on the undo stack as
a scenario link (compact, and read back by the same codec as shared links), with the
words that say what the change did ("Edit on Master catalog"). :func:`undo` and
:func:`redo` swap the current setup with the one on the other side.
"""

from __future__ import annotations

from dataclasses import replace

from simulator.connect import Step
from simulator.scenarios import LinkError, Scenario, decode_link
from simulator.widget.memo import scenario_link
from simulator.widget.setup import own_words
from simulator.widget.state import HISTORY_SIZE, Change, Place, WidgetState, changed_play


def record(state: WidgetState, scenario: Scenario, label: str, place: Place | None = None) -> WidgetState:
    """``state`` showing ``scenario``, the change undoable; nothing is recorded when
    the scenario is the same (a click on the level already chosen)."""
    scenario = own_words(scenario)
    if scenario == state.scenario and (place is None or place == state.place):
        return state
    changed_play(state.scenario, scenario)
    entry = Change(label, scenario_link(state.scenario), state.place.step)
    changed = replace(
        state,
        scenario=scenario,
        place=state.place if place is None else place,
        past=(*state.past, entry)[-HISTORY_SIZE:],
        future=(),
    )
    return _still_valid(changed)


def undo(state: WidgetState) -> WidgetState:
    if not state.past:
        return replace(state, notice="Nothing to undo.")
    entry = state.past[-1]
    back = _swap(state, entry, state.past[:-1], (_mirror(state, entry), *state.future))
    return replace(back, notice=f"Undone: {entry.label}.") if back.notice == "" else back


def redo(state: WidgetState) -> WidgetState:
    if not state.future:
        return replace(state, notice="Nothing to redo.")
    entry = state.future[0]
    back = _swap(state, entry, (*state.past, _mirror(state, entry)), state.future[1:])
    return replace(back, notice=f"Redone: {entry.label}.") if back.notice == "" else back


def _mirror(state: WidgetState, entry: Change) -> Change:
    """The entry that goes back to where ``state`` is now."""
    return Change(entry.label, scenario_link(state.scenario), state.place.step)


def _swap(state: WidgetState, entry: Change, past: tuple[Change, ...], future: tuple[Change, ...]) -> WidgetState:
    try:
        scenario = decode_link(entry.link)
    except LinkError as error:  # a history from an older simulator, say
        return replace(state, past=past, future=state.future, notice=f"This change cannot be undone: {error}.")
    step = entry.step if entry.step is not Step.CANCELLED else Step.DONE
    place = state.place if step is state.place.step and state.place.manage else Place(step)  # on the App's page: stay
    return _still_valid(replace(state, scenario=scenario, place=place, past=past, future=future))


def _still_valid(state: WidgetState) -> WidgetState:
    """The product and the cell shown, where the new setup still has them."""
    catalog = state.catalog()
    product = state.product
    if product not in catalog.product_by_identifier:
        product = catalog.products[0].identifier if catalog.products else ""
    selected = state.selected
    if selected.startswith("r") and selected[1:].isdigit() and int(selected[1:]) >= len(state.scenario.requests):
        selected = ""
    return replace(state, product=product, selected=selected)
