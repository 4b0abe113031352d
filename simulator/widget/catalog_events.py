"""The catalog pane's events: an import finished, anonymise, an edit of the catalog,
and which products the pane shows (a page, a search, an access).

Importing, anonymising and editing change the scenario (recorded, so Undo brings the
setup back); the products shown and the last edit's outcome are the reader's view,
kept per widget while the page is open (:data:`VIEWS`): they are not part of the setup
a link shares. A refused edit keeps what the reader typed, with the reason under it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final, Mapping

from simulator.connect import Step
from simulator.formats import EditError, edit_catalog
from simulator.scenarios import JsonValue, ScenarioError, anonymise_scenario
from simulator.widget import importing
from simulator.widget.catalog_pane import ACCESS_NAMES, CatalogView, EditOutcome, carry_report, remember_report
from simulator.widget.history import record
from simulator.widget.state import Place, WidgetState, played

Event = Mapping[str, JsonValue]

VIEWS: dict[str, CatalogView] = {}
"""The products each widget's catalog pane shows, by widget key."""


class CatalogEventError(ValueError):
    """An event of the catalog pane that lacks what it needs."""


def view_of(key: str) -> CatalogView:
    return VIEWS.get(key, CatalogView())


def imported(state: WidgetState, event: Event) -> tuple[WidgetState, str]:
    """The import of ``event["session"]`` is done: its catalog becomes the scenario's."""
    session = _text(event, "session")
    try:
        result = importing.result_of(session)
    except importing.ImportRequestError as error:
        return replace(state, notice=f"The import did not finish: {error}."), ""
    scenario = importing.imported_scenario(state.scenario, result)
    remember_report(result, scenario)
    importing.forget(session)
    VIEWS.pop(state.key, None)
    played(scenario)  # its own catalog's play: not one shared with the setup before it
    changed = record(state, scenario, "import a catalog", Place(Step.DONE))
    first = result.catalog.products[0].identifier if result.catalog.products else ""
    counts = result.counts
    said = (f"Imported {counts['products']:,} products in {counts['categories']:,} categories of "
            f"{counts['trees']:,} trees" + (f", {result.report.errors:,} problems (see the report)"
                                          if result.report.errors else "") + ".")
    return replace(changed, product=first, selected="", notice=said), f"{state.key}-import-title"


def stopped(state: WidgetState, event: Event) -> WidgetState:
    session = event.get("session")
    if isinstance(session, str):
        importing.forget(session)
    return replace(state, notice="The import was stopped: the catalog is as it was.")


def anonymised(state: WidgetState, event: Event) -> tuple[WidgetState, str]:
    scenario, _ = anonymise_scenario(state.scenario)
    scenario = replace(scenario, preset=state.scenario.preset)  # the setup says it was anonymised from the example
    catalog = played(scenario).catalog  # its own catalog's play, not the one it was made from
    product = catalog.products[0].identifier if catalog.products else ""
    changed = record(state, scenario, "anonymise the catalog", state.place)
    said = ("Anonymised: every code and label is neutral now (tree_1, category_1_2, product_1…); the answers are "
            "the same. Undo brings the names back.")
    return replace(changed, product=product, selected="", notice=said), f"{state.key}-anonymise"


def edited(state: WidgetState, event: Event) -> tuple[WidgetState, str]:
    """One form of the catalog editor sent: the scenario on the edited catalog, its
    grants following what was renamed; a refusal keeps the form as typed, with why."""
    fields = event.get("fields")
    if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
        raise CatalogEventError("catalog-edit: the form's fields are texts")
    edit = fields.get("edit", "")
    typed = tuple((name, value[:1000]) for name, value in fields.items() if name != "edit")
    view = view_of(state.key)
    try:
        done = edit_catalog(state.catalog(), edit, fields)
        scenario = importing.edited_scenario(state.scenario, done)
    except (EditError, ScenarioError) as error:
        VIEWS[state.key] = replace(view, edit=EditOutcome(edit, _sentence(str(error)), refused=True, fields=typed))
        return state, f"{state.key}-edit-{edit}-said"
    played(scenario)  # its own catalog's play: not one shared with the setup before it
    carry_report(state.scenario, scenario)
    label = done.said or edit.replace("-", " ")
    changed = record(state, scenario, label)
    VIEWS[state.key] = replace(view, edit=EditOutcome(edit, _sentence(f"Done: {label}"), depth=len(changed.past)))
    return replace(changed, selected=""), f"{state.key}-edit-{edit}-said"


def _sentence(text: str) -> str:
    text = text.strip()
    return f"{text[:1].upper()}{text[1:]}" + ("" if text.endswith((".", "!", "?")) else ".")


def page(state: WidgetState, event: Event) -> WidgetState:
    text = _text(event, "page")
    number = int(text) if text.lstrip("-").isdigit() and len(text) < 10 else 0
    VIEWS[state.key] = replace(view_of(state.key), page=max(0, number))
    return state


def search(state: WidgetState, event: Event) -> WidgetState:
    fields = event.get("fields")
    text = fields.get("search", "") if isinstance(fields, dict) else ""
    if not isinstance(text, str):
        raise CatalogEventError("catalog-search: the search is a text")
    VIEWS[state.key] = replace(view_of(state.key), search=text.strip()[:255], page=0)
    return state


def access(state: WidgetState, event: Event) -> WidgetState:
    value = _text(event, "value")
    if value and value not in ACCESS_NAMES:
        raise CatalogEventError(f"catalog-filter: unknown access {value!r}")
    VIEWS[state.key] = replace(view_of(state.key), access=value, page=0)
    return state


def _text(event: Event, name: str) -> str:
    value = event.get(name)
    if not isinstance(value, str):
        raise CatalogEventError(f"event {event.get('action')!r} needs a text {name!r}")
    return value


EVENTS: Final = ("import-catalog", "import-stopped", "anonymise", "catalog-edit", "catalog-page", "catalog-search",
                  "catalog-filter")
