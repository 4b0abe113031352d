"""What a reader's click does: ``act(state, event) -> state``.

An event is what the page reads off the control the reader used (its ``data-action``
and ``data-*`` attributes, a checkbox's ``on``, a select's ``value``, a form's
``fields``). Every change goes to the one scenario and re-answers at once:

- the setup pane changes the edition, the role, the App, its scopes, the grants on
  each axis, the title and notes;
- the wizard moves where the reader stands (a button it refuses, such as a disabled
  ``Connect``, leaves the state as it was with the wizard's reason as the notice), and
  its permission fields change the scenario's grants as they are ticked: the answers
  do not wait for ``Confirm``, they say "as if confirmed";
- the requests pane adds, edits, reorders, deletes and pastes the App's requests;
- every change of the setup can be undone (:mod:`simulator.widget.history`); Reset
  and choosing another example say so, and Undo brings the setup back.

:func:`act_on` also names the element the page should focus next.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Callable, Final, Mapping

from simulator.connect import (
    AgreeConsent,
    SetAll,
    SetCodes,
    Step,
    WizardError,
    apply,
    expand,
    is_known,
)
from simulator.model import Axis, AxisGrant, Edition, Layer, Level
from simulator.scenarios import (
    PRESET_IDS,
    Expectation,
    JsonValue,
    Scenario,
    ScenarioError,
    ScenarioRequest,
    preset,
    scenario_from_dict,
)
from simulator.widget import catalog_events, ids, manage
from simulator.widget.cells import Results
from simulator.widget.fragment import fragment_of
from simulator.widget.compare import pin
from simulator.widget.drafts import DraftError, draft_of, new_draft, request_of, with_fields
from simulator.widget.history import record, redo, undo
from simulator.widget.paste import PasteError, read_pasted
from simulator.widget.view_pane import whole_switch
from simulator.widget.setup import (
    SetupError,
    level_named,
    own_words,
    with_all,
    with_app,
    with_axis_grant,
    with_edition,
    with_level,
    with_role,
    with_scope,
    with_words,
)
from simulator.widget.state import (
    AXIS_NAMES,
    ROLE_PERMISSIONS,
    STEP_NAMES,
    Draft,
    Place,
    WidgetState,
    WidgetStateError,
    changed_play,
    in_flow,
    origin_scenario,
    wizard_action,
    wizard_of,
)

Event = Mapping[str, JsonValue]


class EventError(ValueError):
    """An event the widget does not know, or one missing what it needs."""


@dataclass(frozen=True)
class Acted:
    """The state after an event, and the element to focus (empty: where it was)."""

    state: WidgetState
    focus: str = ""


def act(state: WidgetState, event: Event) -> WidgetState:
    """The state after the reader's ``event``."""
    return act_on(state, event).state


def act_on(state: WidgetState, event: Event) -> Acted:
    """The state after ``event`` and where the focus goes."""
    name = event.get("action")
    handler = _HANDLERS.get(name) if isinstance(name, str) else None
    if handler is None:
        raise EventError(f"unknown widget event {name!r}; events: {', '.join(sorted(_HANDLERS))}")
    done = handler(replace(state, notice="", shared="", curl=-1), event)
    return done if isinstance(done, Acted) else Acted(done)


Handler = Callable[[WidgetState, Event], "WidgetState | Acted"]


# The wizard.


def _wizard(state: WidgetState, event: Event) -> Acted:
    try:
        action = wizard_action(_text(event, "do"))
    except WidgetStateError as error:
        raise EventError(str(error)) from None
    before = wizard_of(state)
    try:
        after = apply(before, action)
    except WizardError as error:
        return Acted(replace(state, notice=_sentence(str(error))))
    consent = after.consent_agreed if after.step is Step.CONSENT else state.place.consent
    return Acted(replace(state, place=Place(after.step, consent)), ids.screen(state.key))


def _consent(state: WidgetState, event: Event) -> WidgetState:
    try:
        after = apply(wizard_of(state), AgreeConsent(_on(event)))
    except WizardError as error:
        return replace(state, notice=_sentence(str(error)))
    return replace(state, place=Place(after.step, after.consent_agreed))


def _form_all(state: WidgetState, event: Event) -> WidgetState:
    axis, level = _axis_level(event)
    return _form_change(state, axis, SetAll(axis, level, _on(event)), f"{'' if _on(event) else 'no '}All at {level.name.title()} on {axis.value.replace('_', ' ')} (wizard)")


def _form_code(state: WidgetState, event: Event) -> WidgetState:
    axis, level = _axis_level(event)
    code = _text(event, "code")
    form = wizard_of(state).form
    if form is None:
        return replace(state, notice="The permission fields are on the Permissions step.")
    try:
        picked = list(form.axis(axis).field(level).codes)
    except KeyError:
        return replace(state, notice=f"There is no {level.name.title()} field for {axis.value}.")
    on = _on(event)
    codes = [*picked, code] if on and code not in picked else [c for c in picked if c != code or on]
    said = f"{'' if on else 'no '}{level.name.title()} on {code} (wizard)"
    return _form_change(state, axis, SetCodes(axis, level, tuple(codes)), said)


def _form_change(state: WidgetState, axis: Axis, action: SetCodes | SetAll, label: str) -> WidgetState:
    """A permission field of the wizard changed: the scenario's grant on that axis is
    what the form now holds, at once."""
    try:
        after = apply(wizard_of(state), action)
    except WizardError as error:
        return replace(state, notice=_sentence(str(error)))
    assert after.form is not None
    return record(state, with_axis_grant(state.scenario, axis, after.form.axis(axis).grant()), label)


def _manage_app(state: WidgetState, event: Event) -> Acted:
    done = manage.opened(state)
    return Acted(done, ids.screen(state.key) if done.place.manage else "")


def _manage_close(state: WidgetState, event: Event) -> Acted:
    return Acted(manage.closed(state), ids.manage_button(state.key))


def _manage_all(state: WidgetState, event: Event) -> WidgetState:
    axis, level = _axis_level(event)
    said = f"{'' if _on(event) else 'no '}All at {level.name.title()} on {axis.value.replace('_', ' ')} (Manage app)"
    return _manage_change(state, SetAll(axis, level, _on(event)), said)


def _manage_code(state: WidgetState, event: Event) -> WidgetState:
    axis, level = _axis_level(event)
    page = manage.on_page(state)
    if page is None:
        return replace(state, notice="The App's page is not open: click “Manage app” on the wizard's last screen.")
    try:
        codes = manage.codes_after(page, axis, level, _text(event, "code"), _on(event))
    except KeyError:
        return replace(state, notice=f"There is no {level.name.title()} field for {axis.value.replace('_', ' ')}.")
    said = f"{'' if _on(event) else 'no '}{level.name.title()} on {_text(event, 'code')} (Manage app)"
    return _manage_change(state, SetCodes(axis, level, codes), said)


def _manage_change(state: WidgetState, action: SetCodes | SetAll, label: str) -> WidgetState:
    """A box of the App's page: the setup at once, recorded for undo; the page marks
    the change unsaved until ``Save``."""
    done = manage.changed(state, action)
    if isinstance(done, str):
        return replace(state, notice=_sentence(done))
    return state if done is state else record(state, done.scenario, label, done.place)


def _manage_save(state: WidgetState, event: Event) -> Acted:
    return Acted(manage.saved(state), ids.screen(state.key))


def _restart(state: WidgetState, event: Event) -> Acted:
    said = "The wizard starts again at the Marketplace. The setup is kept: its steps show it, and the answers stay as they are."
    return Acted(replace(state, place=Place(Step.MARKETPLACE), notice=said), ids.screen(state.key))


# The setup.


def _setup(state: WidgetState, scenario: Scenario, label: str) -> WidgetState:
    """A setup change: recorded, and the wizard kept where it stands when the new flow
    has that step (at its end otherwise; after Cancel the App is connected again)."""
    scenario = own_words(scenario)
    if scenario == state.scenario:
        return state  # a click on what is chosen already
    changed_play(state.scenario, scenario)
    return record(state, scenario, label, in_flow(scenario, state.place))


def _guard(change: Callable[[], tuple[Scenario, str]]) -> tuple[Scenario, str]:
    try:
        return change()
    except SetupError as error:
        raise EventError(str(error)) from None


def _edition(state: WidgetState, event: Event) -> WidgetState:
    value = _text(event, "value")
    if value not in {edition.value for edition in Edition}:
        raise EventError(f"unknown edition {value!r}")
    return _setup(state, *with_edition(state.scenario, Edition(value)))


def _role(state: WidgetState, event: Event) -> WidgetState:
    permission = _text(event, "permission")
    if permission not in ROLE_PERMISSIONS:
        raise EventError(f"unknown role permission {permission!r}; permissions: {', '.join(ROLE_PERMISSIONS)}")
    return _setup(state, *with_role(state.scenario, permission, _on(event)))


def _app(state: WidgetState, event: Event) -> WidgetState:
    value = _text(event, "value")
    return _setup(state, *_guard(lambda: with_app(state.scenario, value)))


def _scope(state: WidgetState, event: Event) -> WidgetState:
    entity = _text(event, "entity")
    value = ("on" if _on(event) else "none") if "on" in event else _text(event, "value")
    return _setup(state, *_guard(lambda: with_scope(state.scenario, entity, value)))


def _level(state: WidgetState, event: Event) -> WidgetState:
    axis, level = _axis(event), _level_word(event)
    code = _text(event, "code")
    return _setup(state, *_guard(lambda: with_level(state.scenario, axis, code, level)))


def _all_level(state: WidgetState, event: Event) -> WidgetState:
    axis, level = _axis(event), _level_word(event)
    return _setup(state, *_guard(lambda: with_all(state.scenario, axis, level)))


def _words(state: WidgetState, event: Event) -> WidgetState:
    field, value = _text(event, "field"), _text(event, "value")
    if len(value) > 2_000:
        return replace(state, notice=f"The {field} is too long ({len(value):,} characters; at most 2,000).")
    return record(state, *_guard(lambda: with_words(state.scenario, field, value)))


def _toggle_setup(state: WidgetState, event: Event) -> Acted:
    opened = not state.setup_open
    return Acted(replace(state, setup_open=opened), ids.setup(state.key) if opened else ids.setup(state.key) + "-toggle")


def _whole(state: WidgetState, event: Event) -> Acted:
    """A focused block shows the whole simulator, or its section's part again; the focus
    stays on the switch, which the page draws again."""
    return Acted(replace(state, whole=_on(event)), whole_switch(state.key))


def _reset(state: WidgetState, event: Event) -> WidgetState:
    origin = state.origin
    example = preset(origin.preset).title
    reset = record(state, origin_scenario(origin), "reset to the example", Place(STEP_NAMES[origin.step]))
    if reset is state:
        return replace(state, notice=f"This is the example “{example}” as it starts: nothing to reset.")
    product = origin.product or reset.product
    return replace(
        reset, product=product, selected="", draft=None, before=None,
        notice=f"Back to the example “{example}”: its setup, requests and wizard. Undo brings your setup back.",
    )


def _preset(state: WidgetState, event: Event) -> WidgetState:
    preset_id = _text(event, "value")
    if preset_id not in PRESET_IDS:
        raise EventError(f"unknown preset {preset_id!r}")
    chosen = preset(preset_id)
    changed = record(state, chosen, f"the example {chosen.title}", Place(Step.DONE))
    if changed is state:
        return state
    return replace(changed, selected="", draft=None, notice=f"Example “{chosen.title}”. Undo brings your setup back.")


def _undo(state: WidgetState, event: Event) -> WidgetState:
    return undo(state)


def _redo(state: WidgetState, event: Event) -> WidgetState:
    return redo(state)


# Looking at the answers.


def _product(state: WidgetState, event: Event) -> WidgetState:
    identifier = _text(event, "value")
    if identifier not in state.catalog().product_by_identifier:
        raise EventError(f"unknown product {identifier!r}")
    selected = "" if state.selected.startswith("v") else state.selected
    return replace(state, product=identifier, selected=selected)


def _explain(state: WidgetState, event: Event) -> Acted:
    cell = _text(event, "cell")
    if cell == state.selected:
        return Acted(replace(state, selected=""), ids.cell(state.key, cell))
    if Results(state).explain(cell) is None:
        raise EventError(f"no cell {cell!r} in these results")
    return Acted(replace(state, selected=cell), ids.explanation(state.key))


def _close(state: WidgetState, event: Event) -> Acted:
    return Acted(replace(state, selected=""), ids.cell(state.key, state.selected) if state.selected else "")


def _pin(state: WidgetState, event: Event) -> WidgetState:
    return replace(
        state, before=pin(Results(state)),
        notice="Pinned as “before”. Change the setup: the answers that change are marked, with counts.",
    )


def _unpin(state: WidgetState, event: Event) -> WidgetState:
    return replace(state, before=None)


def _apply(state: WidgetState, event: Event) -> Acted:
    """Give the smallest extra grant an explanation suggests, as its Apply button names
    it (``grants``: the increments, checked here like any setup change)."""
    cell, label = _text(event, "cell"), _text(event, "label")
    try:
        grants = json.loads(_text(event, "grants"))
    except ValueError:
        raise EventError("apply: grants is not JSON") from None
    if not isinstance(grants, list) or not grants:
        raise EventError("apply: grants lists the increments to give")
    scenario = state.scenario
    for increment in grants:
        if not isinstance(increment, list) or not all(isinstance(part, str) for part in increment):
            raise EventError("apply: each increment is a list of texts")
        if len(increment) == 2 and increment[0] == "scope" and is_known(increment[1]):
            scenario = replace(scenario, scopes=scenario.scopes | expand([increment[1]]))
            continue
        axis = AXIS_NAMES.get(increment[0]) if len(increment) == 3 else None
        level = AxisGrant.level_named(increment[2]) if len(increment) == 3 else None
        if axis is None or level is None:
            raise EventError(f"apply: unknown increment {increment!r}")
        if scenario.permissions.axis(axis).explicit_level(increment[1]) < level:
            scenario, _ = _guard(lambda: with_level(scenario, axis, increment[1], level))
    changed = _setup(replace(state, selected=cell), scenario, f"apply {label}")
    after = Results(changed).explain(cell)
    if after is not None and after.answer is not None and not after.answer.allowed:
        why = after.answer.message or f"{after.answer.status} {after.answer.effect.value}"
        changed = replace(changed, notice=f"Applied {label}, but the App is still refused: {why}")
    else:
        changed = replace(changed, notice=f"Applied: {label}. Undo takes it back.")
    return Acted(changed, ids.explanation(state.key))


# Requests.


def _request_new(state: WidgetState, event: Event) -> Acted:
    return Acted(replace(state, draft=new_draft(state.catalog())), ids.draft_field(state.key, "method"))


def _request_edit(state: WidgetState, event: Event) -> Acted:
    index = _index(state, event)
    return Acted(replace(state, draft=draft_of(state.scenario.requests[index], index)), ids.draft_field(state.key, "method"))


def _request_cancel(state: WidgetState, event: Event) -> Acted:
    index = state.draft.index if state.draft is not None else -1
    focus = ids.cell(state.key, f"r{index}") if index >= 0 else ids.requests(state.key)
    return Acted(replace(state, draft=None), focus)


def _draft(state: WidgetState, event: Event) -> WidgetState:
    if state.draft is None:
        return state
    return replace(state, draft=with_fields(state.draft, _fields(event)))


def _request_save(state: WidgetState, event: Event) -> Acted:
    draft = with_fields(state.draft or new_draft(state.catalog()), _fields(event))
    try:
        request = request_of(draft, state.catalog())
    except DraftError as error:
        return Acted(replace(state, draft=replace(draft, error=str(error))), ids.draft_field(state.key, error.field))
    requests = list(state.scenario.requests)
    if 0 <= draft.index < len(requests):
        requests[draft.index] = request
        index, label = draft.index, f"edit {request.label}"
    else:
        requests.append(request)
        index, label = len(requests) - 1, f"add {request.label}"
    scenario = _with_requests(state.scenario, requests)
    if isinstance(scenario, str):
        return Acted(replace(state, draft=replace(draft, error=scenario)), ids.draft_field(state.key, "path"))
    saved = replace(record(state, scenario, label), draft=None, selected=f"r{index}")
    return Acted(saved, ids.explanation(state.key))


def _request_delete(state: WidgetState, event: Event) -> Acted:
    index = _index(state, event)
    requests = list(state.scenario.requests)
    gone = requests.pop(index)
    scenario = _with_requests(state.scenario, requests)
    if isinstance(scenario, str):
        return Acted(replace(state, notice=_sentence(scenario)))
    deleted = record(replace(state, selected=""), scenario, f"delete {gone.label}")
    return Acted(replace(deleted, notice=f"Deleted {gone.label}. Undo brings it back."), ids.requests(state.key))


def _request_move(state: WidgetState, event: Event) -> Acted:
    index = _index(state, event)
    to = index + (-1 if _text(event, "to") == "up" else 1)
    requests = list(state.scenario.requests)
    if not 0 <= to < len(requests):
        return Acted(state)
    requests[index], requests[to] = requests[to], requests[index]
    scenario = _with_requests(state.scenario, requests)
    if isinstance(scenario, str):
        return Acted(replace(state, notice=_sentence(scenario)))
    moved = record(replace(state, selected=""), scenario, f"move {requests[to].label} {'up' if to < index else 'down'}")
    return Acted(moved, f"{ids.cell(state.key, f'r{to}')}-{'up' if to < index else 'down'}")


def _request_expect(state: WidgetState, event: Event) -> WidgetState:
    """Expect the answer the request gets now: an assertion that later changes break."""
    index = _index(state, event)
    result = Results(state).evaluation.results[index]
    if result.answer is None:
        return replace(state, notice="The App is not connected: this request gets no answer to expect.")
    expect = Expectation(status=result.answer.status, effect=result.answer.effect.value)
    requests = list(state.scenario.requests)
    requests[index] = replace(requests[index], expect=expect)
    scenario = _with_requests(state.scenario, requests)
    if isinstance(scenario, str):
        return replace(state, notice=_sentence(scenario))
    return record(state, scenario, f"expect {expect.status or ''} {expect.effect} for {requests[index].label}".replace("  ", " "))


def _paste(state: WidgetState, event: Event) -> Acted:
    text = _text(event, "text") if "text" in event else str(_fields(event).get("text", ""))
    try:
        request = read_pasted(text)
    except PasteError as error:
        return Acted(replace(state, paste=text, paste_error=_sentence(str(error))), ids.paste(state.key))
    requests = [*state.scenario.requests, request]
    scenario = _with_requests(state.scenario, requests)
    if isinstance(scenario, str):
        return Acted(replace(state, paste=text, paste_error=_sentence(scenario)), ids.paste(state.key))
    index = len(requests) - 1
    added = replace(record(state, scenario, f"add {request.label}"), paste="", paste_error="", selected=f"r{index}")
    return Acted(added, ids.explanation(state.key))


def _with_requests(scenario: Scenario, requests: list[ScenarioRequest]) -> Scenario | str:
    """The scenario with these requests, read back through the scenario format (the
    one judge of what a request may hold), or the format's message."""
    try:
        return scenario_from_dict(replace(scenario, requests=tuple(requests)).to_dict())
    except ScenarioError as error:
        return str(error)


def _copy_curl(state: WidgetState, event: Event) -> Acted:
    """Show (and have the page copy) a request as a curl command for the user's PIM."""
    return Acted(replace(state, curl=_index(state, event)))


def _copy_link(state: WidgetState, event: Event) -> WidgetState:
    page = _text(event, "page")
    if not page.startswith(("http://", "https://", "file:")):
        raise EventError("copy-link needs the page's address")
    return replace(state, shared=f"{page.split('#')[0]}#{fragment_of(state)}")


_HANDLERS: Final[dict[str, Handler]] = {
    "wizard": _wizard,
    "consent": _consent,
    "all": _form_all,
    "code": _form_code,
    "restart": _restart,
    "manage-app": _manage_app,
    "manage-close": _manage_close,
    "manage-all": _manage_all,
    "manage-code": _manage_code,
    "manage-save": _manage_save,
    "edition": _edition,
    "role": _role,
    "app": _app,
    "scope": _scope,
    "level": _level,
    "all-level": _all_level,
    "words": _words,
    "toggle-setup": _toggle_setup,
    "whole": _whole,
    "reset": _reset,
    "preset": _preset,
    "undo": _undo,
    "redo": _redo,
    "product": _product,
    "explain": _explain,
    "close": _close,
    "pin": _pin,
    "unpin": _unpin,
    "apply": _apply,
    "request-new": _request_new,
    "request-edit": _request_edit,
    "request-cancel": _request_cancel,
    "draft": _draft,
    "request-save": _request_save,
    "request-delete": _request_delete,
    "request-move": _request_move,
    "request-expect": _request_expect,
    "paste": _paste,
    "copy-link": _copy_link,
    "copy-curl": _copy_curl,
}
"""Every event the widget answers: reading this table tells what a reader can do."""


# The catalog pane (simulator.widget.catalog_events).


def _catalog(change: Callable[[WidgetState, Event], "WidgetState | tuple[WidgetState, str]"]) -> Handler:
    def handle(state: WidgetState, event: Event) -> Acted:
        try:
            done = change(state, event)
        except catalog_events.CatalogEventError as error:
            raise EventError(str(error)) from None
        return Acted(*done) if isinstance(done, tuple) else Acted(done)
    return handle


_HANDLERS.update({
    "import-catalog": _catalog(catalog_events.imported),
    "import-stopped": _catalog(catalog_events.stopped),
    "anonymise": _catalog(catalog_events.anonymised),
    "catalog-edit": _catalog(catalog_events.edited),
    "catalog-page": _catalog(catalog_events.page),
    "catalog-search": _catalog(catalog_events.search),
    "catalog-filter": _catalog(catalog_events.access),
})


def _sentence(text: str) -> str:
    text = text.strip()
    return f"{text[:1].upper()}{text[1:]}" + ("" if text.endswith((".", "!", "?")) else ".")


def _text(event: Event, name: str) -> str:
    value = event.get(name)
    if not isinstance(value, str):
        raise EventError(f"event {event.get('action')!r} needs a text {name!r}")
    return value


def _on(event: Event) -> bool:
    value = event.get("on")
    if not isinstance(value, bool):
        raise EventError(f"event {event.get('action')!r} needs on: true or false")
    return value


def _fields(event: Event) -> dict[str, str]:
    fields = event.get("fields", {})
    if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
        raise EventError(f"event {event.get('action')!r}: fields are texts by name")
    return {str(name): str(value) for name, value in fields.items()}


def _index(state: WidgetState, event: Event) -> int:
    text = _text(event, "index")
    if not text.isdigit() or int(text) >= len(state.scenario.requests):
        raise EventError(f"no request {text!r}: the scenario has {len(state.scenario.requests)}")
    return int(text)


def _axis(event: Event) -> Axis:
    axis = AXIS_NAMES.get(_text(event, "axis"))
    if axis is None:
        raise EventError(f"event {event.get('action')!r}: unknown axis")
    return axis


def _level_word(event: Event) -> Level:
    level = level_named(_text(event, "value"))
    if level is None:
        raise EventError(f"event {event.get('action')!r}: unknown level; levels: none, own, edit, view")
    return level


def _axis_level(event: Event) -> tuple[Axis, Level]:
    axis = AXIS_NAMES.get(_text(event, "axis"))
    level = AxisGrant.level_named(_text(event, "level"))
    if axis is None or level is None:
        raise EventError(f"event {event.get('action')!r}: unknown axis or level")
    return axis, level


__all__ = ["Acted", "Draft", "EventError", "act", "act_on"]
