"""The widget's HTML: one renderer for the build (CPython) and the page (Pyodide).

:func:`render` writes the whole widget; :func:`render_regions` the inside of each
region (one per pane of the block's view), which the page swaps when a region's hash
changes. Every name that comes from a catalog, a scenario or a link is escaped
(:mod:`simulator.widget.markup`), so no data is ever read as HTML. There is no script
and no inline event handler: the page's module finds the controls by their
``data-action`` attributes, and everything it says or needs to know (its messages, the
link grammar, which regions to blank while a link loads) is written here as ``data-``
attributes of the widget.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import replace
from typing import Final

from simulator.widget.answers_pane import NOT_CONNECTED, grid_pane, requests_pane, summary_pane, values_pane
from simulator.widget.catalog_events import view_of
from simulator.widget.catalog_pane import catalog_pane
from simulator.widget.cells import Results
from simulator.widget.compare import Comparison, compare
from simulator.widget.fragment import PATTERN
from simulator.widget.markup import e
from simulator.widget.setup_pane import setup_pane
from simulator.widget.state import Pane, Tools, WidgetState, state_to_json
from simulator.widget.view_pane import view_pane
from simulator.widget.wizard_pane import wizard_pane

VIEW_REGION: Final = "view"
"""Under a focused block's panes: its switch to the whole simulator (not a pane of its own)."""
REGIONS: Final = (*(pane.value for pane in Pane), VIEW_REGION)
"""The parts of the widget the page updates one by one, in page order."""

REGION_LABELS: Final = {
    "setup": "Setup",
    "catalog": "The customer's catalog",
    "wizard": "Connection wizard",
    "summary": "Results summary",
    "requests": "The App's requests",
    "grid": "Every product, every request",
    "values": "Values of a product",
    VIEW_REGION: "The rest of the simulator",
}
LIVE_REGIONS: Final = frozenset({"summary"})
"""Regions read out when they change: the counts say what a change did."""

LOADING_SHARED: Final = "Loading the shared scenario…"
STATIC_NOTE: Final = "The results below were computed when this page was built; the simulator starts when you use it."

PAGE_TEXTS: Final = {
    "loadingShared": LOADING_SHARED,
    "starting": "Loading the simulator: {label}…",
    "startingLabel": "getting ready",
    "progress": "Loading the simulator",
    "live": "Live: your changes are evaluated in this browser.",
    "restored": "Live: your work on this page is back as you left it.",
    "bootFailed": "The simulator could not start: {message}. The results shown were computed when the page was built.",
    "refused": "The simulator did not take this change: {message}. What is shown is as it was.",
    "retry": "Retry",
    "retrying": "Loading the simulator…",
    "copied": "Copied to the clipboard.",
    "copyFailed": "The clipboard is not available here: the text is selected, copy it with your keyboard.",
    "badAddress": "The address does not hold a scenario this page can read: {message}.",
    "pending": "Your change is kept and shows as soon as the simulator is ready.",
    "stopped": "The simulator stopped on this input ({message}) and was started again: what is shown is as it was.",
    "notText": "{name} is not UTF-8 or UTF-16 text: save it again as UTF-8.",
}
"""What the page's script says, by name: written once, here, into every widget."""


def region_hash(inner: str) -> str:
    return format(zlib.crc32(inner.encode("utf-8")), "08x")


def render(state: WidgetState) -> str:
    """The whole widget, as the build puts it into the page."""
    regions = render_regions(state)
    kind = "workbench" if state.origin.tools is Tools.FULL else "block"
    parts = [
        f'<div class="sim" id="{e(state.key)}" role="group" aria-labelledby="{e(state.key)}-title" data-kind="{kind}"'
        f' data-simulator data-state="{e(state_to_json(state))}" data-texts="{e(json.dumps(PAGE_TEXTS, ensure_ascii=False))}"'
        f' data-link-pattern="{e(PATTERN)}">',
        f'<p class="sim-runtime" data-runtime>{e(STATIC_NOTE)}</p>',
        '<div class="sim-body">',
    ]
    for name in REGIONS:
        inner = regions[name]
        live = ' aria-live="polite"' if name in LIVE_REGIONS else ""
        loading = ' data-loading="message"' if name == "summary" else (' data-loading="hide"' if name not in ("setup", VIEW_REGION) else "")
        parts.append(
            f'<div class="sim-region sim-{name}" role="group" data-region="{name}" data-hash="{region_hash(inner)}"'
            f' aria-label="{e(REGION_LABELS[name])}"{live}{loading}>{inner}</div>'
        )
    parts.append("</div>")
    parts.append("</div>")
    return "\n".join(parts) + "\n"


def render_regions(state: WidgetState) -> dict[str, str]:
    """The inner HTML of each region of :data:`REGIONS` (empty for a pane the block's
    view does not show)."""
    results = Results(state)
    comparison = _comparison(state, results)
    panes = state.panes
    build = {
        Pane.SETUP: lambda: setup_pane(state),
        Pane.CATALOG: lambda: catalog_region(state),
        Pane.WIZARD: lambda: wizard_pane(state, results.wizard),
        Pane.SUMMARY: lambda: summary_pane(state, results, comparison),
        Pane.REQUESTS: lambda: requests_pane(state, results, comparison),
        Pane.GRID: lambda: grid_pane(state, results, comparison),
        Pane.VALUES: lambda: values_pane(state, results, comparison),
    }
    regions = {pane.value: build[pane]() if pane in panes else "" for pane in Pane}
    regions[VIEW_REGION] = view_pane(state)
    return regions


def catalog_region(state: WidgetState) -> str:
    """The catalog pane, on the full page only (the article's examples keep their catalog)."""
    if state.origin.tools is not Tools.FULL:
        return ""
    view = view_of(state.key)
    if view.edit is not None and not view.edit.refused and view.edit.depth != len(state.past):
        view = replace(view, edit=None)  # undone, or another change since: the outcome is old news
    return catalog_pane(state.scenario, view, state.key)


def _comparison(state: WidgetState, results: Results) -> Comparison | None:
    return None if state.before is None else compare(state.before, results)


__all__ = ["LOADING_SHARED", "NOT_CONNECTED", "PAGE_TEXTS", "REGIONS", "STATIC_NOTE", "region_hash", "render", "render_regions"]
