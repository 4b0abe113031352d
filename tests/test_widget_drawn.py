"""A pane is drawn again only when what it is drawn from changed
(:func:`simulator.widget.render.pane_inputs`): on a reader's walk through the widget
(every control the page offers, picked at random), each answer's regions are exactly
those drawn afresh, with nothing remembered, and a change of the view alone (a product
picked, an explanation opened) leaves the setup, the wizard and the other panes as
they were without drawing them."""

from __future__ import annotations

import importlib
import json
import random
from typing import Any

import pytest

from simulator.formats import ImportResult, Report
from simulator.web import handle
from simulator.widget import Origin, initial_state, origin_from_block, state_from_dict
from simulator.widget.memo import DRAWN
from simulator.widget.ops import answer
from simulator.widget.render import render_regions
from test_wizard_played_once import events

WALKS = [
    ("hat-and-braided-hat", origin_from_block("hat-and-braided-hat view=summary,grid", "product: hat\n"), [{"action": "whole", "on": True}]),
    ("erp-owns-master", origin_from_block("erp-owns-master", "tools: full\n"), []),
    ("erp-owns-master-pinned", origin_from_block("erp-owns-master", "tools: full\n"), [{"action": "pin"}]),
    ("erp-owns-master-permissions", Origin("erp-owns-master", step="permissions"), []),
]
"""A block of the article, the full page, the full page with a "before" pinned (the
comparison reads the product and the explanation shown), a wizard on its permissions."""


def fresh(state: dict[str, Any]) -> dict[str, str]:
    """The regions drawn with nothing remembered (what was remembered is kept for the walk)."""
    kept = dict(DRAWN)
    DRAWN.clear()
    try:
        return render_regions(state_from_dict(state))
    finally:
        DRAWN.clear()
        DRAWN.update(kept)


@pytest.mark.parametrize(("name", "origin", "first"), WALKS, ids=[name for name, _, _ in WALKS])
def test_every_answer_of_a_walk_is_what_a_fresh_drawing_gives(name: str, origin: Origin, first: list[dict[str, Any]]) -> None:
    pick = random.Random(name)
    current = answer(initial_state(origin))
    for event in first:
        current = json.loads(handle("widget.act", json.dumps({"state": current["state"], "event": event})))["result"]
    for step in range(80):
        # The catalog pane's own controls are tried by its tests (tests/test_catalog_pane.py).
        offered = list(events({k: v for k, v in current["regions"].items() if k != "catalog"}, pick))
        views = [event for event in offered if event["action"] in ("explain", "product", "pin", "unpin")]
        event = pick.choice(views if views and pick.random() < 0.3 else offered)
        reply = json.loads(handle("widget.act", json.dumps({"state": current["state"], "event": event})))
        assert "result" in reply, (step, event, reply)
        current = reply["result"]
        shown = {region: value["html"] for region, value in current["regions"].items()}
        assert shown == fresh(current["state"]), f"step {step}: {event}"


def test_a_product_picked_draws_the_values_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    render = importlib.import_module("simulator.widget.render")  # the package names its function render

    state = initial_state(Origin("hat-and-braided-hat", product="hat"))
    first = answer(state)
    drawn: list[str] = []
    for pane, function in (("setup", "setup_pane"), ("grid", "grid_pane"), ("requests", "requests_pane"),
                           ("values", "values_pane"), ("summary", "summary_pane")):
        real = getattr(render, function)
        monkeypatch.setattr(render, function, lambda *args, _real=real, _pane=pane: drawn.append(_pane) or _real(*args))

    reply = json.loads(handle("widget.act", json.dumps({"state": first["state"], "event": {"action": "product", "value": "braided_hat"}})))

    assert drawn == ["values"]
    assert reply["result"]["state"]["product"] == "braided_hat"
    assert "Braided hat" in reply["result"]["regions"]["values"]["html"]


def test_the_catalog_pane_of_an_import_gone_is_never_drawn_for_the_next_one() -> None:
    # Each report dropped before the next is made: CPython then often gives the next
    # one the same id, which would have given it the pane drawn for the one before.
    render = importlib.import_module("simulator.widget.render")
    catalog = initial_state(Origin("erp-owns-master")).catalog()
    serials = []
    for _ in range(20):
        report = ImportResult(catalog, Report(), ())
        serials.append(render._report_serial(report))
        assert render._report_serial(report) == serials[-1]  # the same report, the same pane
        del report
    assert len(set(serials)) == 20
