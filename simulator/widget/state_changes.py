"""A widget's new state sent as its changes from the state the page holds.

The page keeps the state's JSON form (to save it, and to send it whole to a worker
that no longer keeps it). With 50 requests and a long undo history that form is about
60 KB, and one change of a level alters the scenario and adds one undo step: the rest
is what the page already holds. So when the page names the state it holds by its
serial, the answer carries the top-level fields that changed (``set``), the ones gone
(``unset``), and for a list that kept a run of its items (the undo and redo history:
one step added, one dropped from the front when it is full) the run kept and the items
around it (``lists``: ``[drop, keep, before, after]``, the new list being ``before +
old[drop:drop + keep] + after``). The page applies them to the object it holds and ends
with exactly the state's JSON form: :func:`applied` is that rule, which the tests hold
the page to.
"""

from __future__ import annotations

from typing import Final, Mapping

from simulator.scenarios import JsonValue

_MIN_KEPT: Final = 2
"""A list keeping fewer items than this is sent whole: the run would save nothing."""

ListChange = tuple[int, int, list[JsonValue], list[JsonValue]]


def state_changes(held: Mapping[str, JsonValue], new: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
    """What turns ``held`` into ``new``: ``set``, ``unset`` and ``lists``, each left out
    when empty (``{}``: nothing changed)."""
    set_: dict[str, JsonValue] = {}
    lists: dict[str, JsonValue] = {}
    for name, value in new.items():
        if name in held:
            was = held[name]
            if was is value or was == value:
                continue
            if type(was) is list and type(value) is list:
                change = list_change(was, value)
                if change is not None:
                    drop, keep, before, after = change
                    lists[name] = [drop, keep, before, after]
                    continue
        set_[name] = value
    unset: list[JsonValue] = [name for name in held if name not in new]
    changes: dict[str, JsonValue] = {}
    if set_:
        changes["set"] = set_
    if unset:
        changes["unset"] = unset
    if lists:
        changes["lists"] = lists
    return changes


def list_change(old: list[JsonValue], new: list[JsonValue]) -> ListChange | None:
    """The longest run of ``old`` that ``new`` holds in one piece, with the items before
    and after it; None when it is too short to be worth sending. Items are matched by
    identity: a state's undo steps are the same objects from one state to the next
    (:func:`simulator.widget.state.change_to_dict`), and an item matched is then surely
    equal (one equal but not the same is sent again, which is still right)."""
    if len(old) < _MIN_KEPT or len(new) < _MIN_KEPT:
        return None
    where = {id(item): at for at, item in enumerate(old)}
    size, start_old, start_new = 0, 0, 0
    at = 0
    while at < len(new):
        found = where.get(id(new[at]))
        if found is None:
            at += 1
            continue
        run = 1
        while at + run < len(new) and found + run < len(old) and new[at + run] is old[found + run]:
            run += 1
        if run > size:
            size, start_old, start_new = run, found, at
        at += run
    if size < _MIN_KEPT:
        return None
    return start_old, size, new[:start_new], new[start_new + size :]


def applied(held: Mapping[str, JsonValue], changes: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
    """The state the page ends with: ``changes`` applied to ``held`` (what the page's
    script does, ``changedState`` in ``simulator-widget.mjs``)."""
    state = dict(held)
    set_, unset, lists = changes.get("set", {}), changes.get("unset", []), changes.get("lists", {})
    assert isinstance(set_, dict) and isinstance(unset, list) and isinstance(lists, dict)
    state.update(set_)
    for name in unset:
        state.pop(str(name), None)
    for name, (drop, keep, before, after) in lists.items():
        was = held[name]
        assert isinstance(was, list)
        state[name] = [*before, *was[drop : drop + keep], *after]
    return state
