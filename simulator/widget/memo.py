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
from typing import Final, Hashable

from simulator.scenarios import JsonValue, Scenario, encode_link, scenario_from_dict
from simulator.widget.by_identity import ByIdentity, remembered
from simulator.widget.parts import forget as forget_parts

_SIZE: Final = 8


_dicts: ByIdentity[Scenario, dict[str, JsonValue]] = ByIdentity(lambda scenario: scenario.to_dict(), _SIZE)
_texts: ByIdentity[Scenario, str] = ByIdentity(
    lambda scenario: json.dumps(scenario_dict(scenario), sort_keys=True, ensure_ascii=False), _SIZE
)
_links: ByIdentity[Scenario, str] = ByIdentity(
    lambda scenario: encode_link(scenario, scenario_dict(scenario)), _SIZE  # its JSON form made once
)


def scenario_dict(scenario: Scenario) -> dict[str, JsonValue]:
    """``scenario.to_dict()``; the caller must not change it."""
    return _dicts(scenario)


def scenario_key(scenario: Scenario) -> str:
    """The scenario's canonical JSON text: equal scenarios, equal keys."""
    return _texts(scenario)


def scenario_link(scenario: Scenario) -> str:
    """``encode_link(scenario)``."""
    return _links(scenario)


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
        memo.clear()


def read_scenario(data: JsonValue, path: str = "") -> Scenario:
    """``scenario_from_dict(data, path)``, remembered by the data's JSON text: the page sends
    the same scenario back with every event until the reader changes it."""
    try:
        text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):  # what the reader names as bad (a number out of range)
        return scenario_from_dict(data, path)
    return remembered(_READ, text, lambda: scenario_from_dict(data, path), _SIZE)
