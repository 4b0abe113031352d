"""The simulator as readers meet it in a page: state, events and HTML, all in Python.

The same functions run when the site is built (CPython prerenders each block) and in
the browser (Pyodide, behind :mod:`simulator.web`), so a page shows the same HTML for
the same state wherever it was computed. The page's script only forwards events and
swaps the regions whose HTML changed.
"""

from simulator.widget.block import origin_from_block
from simulator.widget.events import EventError, act, act_on
from simulator.widget.render import REGIONS, region_hash, render, render_regions
from simulator.widget.state import (
    Origin,
    Pane,
    Place,
    Show,
    Tools,
    WidgetState,
    WidgetStateError,
    initial_state,
    state_from_dict,
    state_from_json,
    state_to_dict,
    state_to_json,
)

__all__ = [
    "REGIONS",
    "EventError",
    "Origin",
    "Pane",
    "Place",
    "Show",
    "Tools",
    "WidgetState",
    "WidgetStateError",
    "act",
    "act_on",
    "initial_state",
    "origin_from_block",
    "region_hash",
    "render",
    "render_regions",
    "state_from_dict",
    "state_from_json",
    "state_to_dict",
    "state_to_json",
]
