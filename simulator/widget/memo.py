"""What one event computes several times about the same scenario, computed once.

Answering a reader's event reads the scenario, records the change (its link), answers it
(keyed by its JSON form), renders it and writes the state back (its JSON form again):
the same immutable scenario each time. These helpers remember the last few results by
the scenario object itself (compared with ``is``, so a scenario equal but different is
computed again, never mixed up), and the scenario read from the last few states by
their JSON text.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Callable, Final, Hashable, TypeVar

from simulator.scenarios import JsonValue, Scenario, encode_link, scenario_from_dict
from simulator.widget.parts import forget as forget_parts

_SIZE: Final = 8
T = TypeVar("T")


class _ByObject:
    """The last few values of ``compute(obj)``, by the object's identity (the object is
    kept alive with its value, so its id cannot be reused while it is remembered)."""

    def __init__(self, compute: Callable[[Scenario], object]) -> None:
        self.compute = compute
        self.entries: OrderedDict[int, tuple[Scenario, object]] = OrderedDict()

    def __call__(self, scenario: Scenario) -> object:
        found = self.entries.get(id(scenario))
        if found is not None and found[0] is scenario:
            self.entries.move_to_end(id(scenario))
            return found[1]
        value = self.compute(scenario)
        self.entries[id(scenario)] = (scenario, value)
        while len(self.entries) > _SIZE:
            self.entries.popitem(last=False)
        return value


_dicts = _ByObject(lambda scenario: scenario.to_dict())
_texts = _ByObject(lambda scenario: json.dumps(scenario_dict(scenario), sort_keys=True, ensure_ascii=False))
_links = _ByObject(lambda scenario: encode_link(scenario, scenario_dict(scenario)))  # its JSON form made once


def scenario_dict(scenario: Scenario) -> dict[str, JsonValue]:
    """``scenario.to_dict()``; the caller must not change it."""
    found: dict[str, JsonValue] = _dicts(scenario)  # type: ignore[assignment]
    return found


def scenario_key(scenario: Scenario) -> str:
    """The scenario's canonical JSON text: equal scenarios, equal keys."""
    found: str = _texts(scenario)  # type: ignore[assignment]
    return found


def scenario_link(scenario: Scenario) -> str:
    """``encode_link(scenario)``."""
    found: str = _links(scenario)  # type: ignore[assignment]
    return found


_READ: OrderedDict[str, Scenario] = OrderedDict()


DRAWN: OrderedDict[Hashable, str] = OrderedDict()
"""The HTML of the last panes drawn, by what each was drawn from
(:func:`simulator.widget.render.pane_inputs`)."""


def forget() -> None:
    """Drop everything remembered: the next event computes as a fresh worker would."""
    _READ.clear()
    DRAWN.clear()
    forget_parts()
    for memo in (_dicts, _texts, _links):
        memo.entries.clear()


def read_scenario(data: JsonValue, path: str = "") -> Scenario:
    """``scenario_from_dict(data, path)``, remembered by the data's JSON text: the page sends
    the same scenario back with every event until the reader changes it."""
    try:
        text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):  # what the reader names as bad (a number out of range)
        return scenario_from_dict(data, path)
    return remembered(_READ, text, lambda: scenario_from_dict(data, path), _SIZE)


K = TypeVar("K", bound=Hashable)


def remembered(kept: OrderedDict[K, T], key: K, compute: Callable[[], T], size: int) -> T:
    """``kept[key]``, computed first when it is not there; ``kept`` holds the last
    ``size`` keys used."""
    found = kept.get(key)
    if found is None:
        found = compute()
        kept[key] = found
        while len(kept) > size:
            kept.popitem(last=False)
    else:
        kept.move_to_end(key)
    return found
