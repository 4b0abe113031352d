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

import hashlib
import json
from dataclasses import fields, replace
from typing import Callable, Final, Hashable

from simulator.widget.answers_pane import NOT_CONNECTED, grid_pane, requests_pane, summary_pane, values_pane
from simulator.widget.by_identity import ByIdentity, remembered
from simulator.widget.catalog_events import view_of
from simulator.formats import ImportResult
from simulator.widget.catalog_pane import CatalogView, catalog_pane, report_of
from simulator.widget.cells import Results
from simulator.widget.compare import Comparison, compare
from simulator.widget.fragment import PATTERN
from simulator.widget.markup import e
from simulator.widget.memo import DRAWN, scenario_key
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


BOOT: Final = {"workbench": "at-load", "block": "when-near"}
"""When a widget of each kind starts Python, besides a reader's first change. An
article's block waits until it nears the viewport: a reader who never scrolls to it
downloads no Python. The full-page workbench is what its page is for, and on a phone
it sits two screens down, under its introduction: it starts at once, to be live by the
time the reader gets there."""


def region_hash(inner: str) -> str:
    """The region's HTML as 16 hex digits: the page's key to what it shows, and the one
    a patch of its parts is computed from (:mod:`simulator.widget.parts`), so two HTMLs never
    share one in practice. A pane not drawn again is the same text as before: its hash
    is not made again."""
    return _hashes(inner)


_hashes: ByIdentity[str, str] = ByIdentity(
    lambda inner: hashlib.blake2b(inner.encode("utf-8"), digest_size=8).hexdigest(), 64
)


def render(state: WidgetState) -> str:
    """The whole widget, as the build puts it into the page."""
    regions = render_regions(state)
    kind = "workbench" if state.origin.tools is Tools.FULL else "block"
    parts = [
        f'<div class="sim" id="{e(state.key)}" role="group" aria-labelledby="{e(state.key)}-title" data-kind="{kind}"'
        f' data-simulator data-state="{e(state_to_json(state))}" data-texts="{e(json.dumps(PAGE_TEXTS, ensure_ascii=False))}"'
        f' data-link-pattern="{e(PATTERN)}" data-boot="{BOOT[kind]}">',
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
    view does not show).

    A pane is drawn only when what it is drawn from changed (:func:`pane_inputs`): a
    reader who picks a product or opens an explanation gets the other panes back from
    :data:`simulator.widget.memo.DRAWN` rather than drawn again, and the engine's answers are not asked for
    by a pane that is not drawn."""
    results: Results | None = None
    comparison: Comparison | None = None

    def answers() -> tuple[Results, Comparison | None]:
        nonlocal results, comparison
        if results is None:
            results = Results(state)
            comparison = _comparison(state, results)
        return results, comparison

    build: dict[Pane, Callable[[], str]] = {
        Pane.SETUP: lambda: setup_pane(state),
        Pane.CATALOG: lambda: catalog_region(state),
        Pane.WIZARD: lambda: wizard_pane(state, answers()[0].wizard),
        Pane.SUMMARY: lambda: summary_pane(state, *answers()),
        Pane.REQUESTS: lambda: requests_pane(state, *answers()),
        Pane.GRID: lambda: grid_pane(state, *answers()),
        Pane.VALUES: lambda: values_pane(state, *answers()),
    }
    panes = state.panes
    regions = {pane.value: _drawn(pane, state, build[pane]) if pane in panes else "" for pane in Pane}
    regions[VIEW_REGION] = view_pane(state)
    return regions


_DRAWN_SIZE: Final = 64
"""Panes kept drawn: a few widgets, a few states each (the page's undo, a product
picked and picked back)."""

_NOT_READ: Final[dict[Pane, frozenset[str]]] = {
    Pane.SETUP: frozenset({"product", "selected", "draft", "paste", "paste_error", "curl"}),
    Pane.WIZARD: frozenset({"product", "selected", "draft", "paste", "paste_error", "curl", "shared", "before",
                            "past", "future", "setup_open"}),
    Pane.SUMMARY: frozenset({"product", "selected", "draft", "paste", "paste_error", "curl", "shared", "past", "future", "setup_open"}),
    Pane.REQUESTS: frozenset({"product", "shared", "past", "future", "setup_open"}),
    Pane.GRID: frozenset({"product", "draft", "paste", "paste_error", "curl", "shared", "past", "future", "setup_open"}),
    Pane.VALUES: frozenset({"draft", "paste", "paste_error", "curl", "shared", "past", "future", "setup_open"}),
}
"""The fields of a :class:`WidgetState` each pane's HTML never reads (the scenario is
read by every pane, by its canonical JSON)."""

_CELLS_OF: Final = {Pane.REQUESTS: "r", Pane.GRID: "m", Pane.VALUES: "v"}
"""The cells of each answers pane (:mod:`simulator.widget.cells`): the explanation of
another pane's cell changes nothing in it."""

_FIELDS: Final = tuple(field.name for field in fields(WidgetState) if field.name != "scenario")


def pane_inputs(pane: Pane, state: WidgetState) -> Hashable:
    """What ``pane``'s HTML is drawn from: equal inputs, equal HTML."""
    if pane is Pane.CATALOG:
        view = _catalog_view(state)
        return (pane, scenario_key(state.scenario), state.key, state.origin.tools, view, _report_serial(report_of(state.scenario)))
    ignored = set(_NOT_READ[pane])
    if state.before is not None:
        ignored -= {"product", "selected"}  # the comparison reads both
    values: list[object] = []
    for name in _FIELDS:
        if name in ignored:
            continue
        value = getattr(state, name)
        if name == "selected" and pane in _CELLS_OF and not state.selected.startswith(_CELLS_OF[pane]) and state.before is None:
            value = ""
        values.append(value)
    return (pane, scenario_key(state.scenario), state.panes, *values)


def _report_serial(report: ImportResult | None) -> int:
    """The number of an import's result, which no other result gets (its ``id`` is
    reused once it is gone, and would give a new import the old one's pane)."""
    return 0 if report is None else report.serial


def _drawn(pane: Pane, state: WidgetState, draw: Callable[[], str]) -> str:
    key = pane_inputs(pane, state)
    try:
        hash(key)
    except TypeError:  # an input that cannot be a key: drawn every time
        return draw()
    return remembered(DRAWN, key, draw, _DRAWN_SIZE)


def catalog_region(state: WidgetState) -> str:
    """The catalog pane, on the full page only (the article's examples keep their catalog)."""
    if state.origin.tools is not Tools.FULL:
        return ""
    return catalog_pane(state.scenario, _catalog_view(state), state.key)


def _catalog_view(state: WidgetState) -> CatalogView:
    view = view_of(state.key)
    if view.edit is not None and not view.edit.refused and view.edit.depth != len(state.past):
        view = replace(view, edit=None)  # undone, or another change since: the outcome is old news
    return view


def _comparison(state: WidgetState, results: Results) -> Comparison | None:
    return None if state.before is None else compare(state.before, results)


__all__ = ["LOADING_SHARED", "NOT_CONNECTED", "PAGE_TEXTS", "REGIONS", "STATIC_NOTE", "region_hash", "render", "render_regions"]
