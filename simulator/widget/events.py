"""What a reader's click does: ``act(state, event) -> state``.

An event is what the page reads off the control the reader used (its ``data-action``
and ``data-*`` attributes, a checkbox's ``on``, a select's ``value``). Wizard events
become the wizard's own actions, applied by :func:`simulator.connect.wizard.apply`; a click
the wizard refuses (a disabled ``Connect``) leaves the state as it was, with the
wizard's reason as the notice. Confirming the EE wizard makes the permissions picked
the scenario's; changing the edition or a permission of the user's role (see
:data:`simulator.widget.state.ROLE_PERMISSIONS`) replays the scenario's choices.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Final, Mapping

from simulator.connect import (
    Action,
    AgreeConsent,
    SetAll,
    SetCodes,
    WizardError,
)
from simulator.model import Axis, AxisGrant, Edition, Level
from simulator.scenarios import PRESET_IDS, JsonValue, preset
from simulator.widget.state import (
    AXIS_NAMES,
    ROLE_PERMISSIONS,
    WidgetState,
    action_from_dict,
    click,
    from_scenario,
    initial_state,
    replayed,
    restarted,
    wizard_of,
)

Event = Mapping[str, JsonValue]


class EventError(ValueError):
    """An event the widget does not know, or one missing what it needs."""


def act(state: WidgetState, event: Event) -> WidgetState:
    """The state after the reader's ``event``."""
    name = event.get("action")
    handler = _HANDLERS.get(name) if isinstance(name, str) else None
    if handler is None:
        raise EventError(f"unknown widget event {name!r}; events: {', '.join(sorted(_HANDLERS))}")
    return handler(replace(state, notice=""), event)


def _wizard(state: WidgetState, event: Event) -> WidgetState:
    return _click(state, action_from_dict({"do": _text(event, "do")}, "event"))


def _consent(state: WidgetState, event: Event) -> WidgetState:
    return _click(state, AgreeConsent(_on(event)))


def _all(state: WidgetState, event: Event) -> WidgetState:
    axis, level = _axis_level(event)
    return _click(state, SetAll(axis, level, _on(event)))


def _code(state: WidgetState, event: Event) -> WidgetState:
    axis, level = _axis_level(event)
    code = _text(event, "code")
    form = wizard_of(state).form
    if form is None:
        return replace(state, notice="The permission fields are on the Permissions step.")
    try:
        picked = list(form.axis(axis).field(level).codes)
    except KeyError:
        return replace(state, notice=f"There is no {level.name.title()} field for {axis.value}.")
    codes = [*picked, code] if _on(event) and code not in picked else [c for c in picked if c != code or _on(event)]
    return _click(state, SetCodes(axis, level, tuple(codes)))


def _click(state: WidgetState, action: Action) -> WidgetState:
    """Apply one wizard action; confirming in EE makes its permissions the scenario's."""
    try:
        return click(state, action)
    except WizardError as error:
        return replace(state, notice=f"{str(error)[:1].upper()}{str(error)[1:]}.")


def _edition(state: WidgetState, event: Event) -> WidgetState:
    value = _text(event, "value")
    if value not in {edition.value for edition in Edition}:
        raise EventError(f"unknown edition {value!r}")
    return replayed(state, replace(state.scenario, edition=Edition(value)))


def _role(state: WidgetState, event: Event) -> WidgetState:
    permission = _text(event, "permission")
    if permission not in ROLE_PERMISSIONS:
        raise EventError(f"unknown role permission {permission!r}; permissions: {', '.join(ROLE_PERMISSIONS)}")
    user = replace(state.scenario.user, **{permission: _on(event)})
    return replayed(state, replace(state.scenario, user=user))


def _restart(state: WidgetState, event: Event) -> WidgetState:
    return restarted(state)


def _reset(state: WidgetState, event: Event) -> WidgetState:
    return initial_state(state.origin, state.key)


def _preset(state: WidgetState, event: Event) -> WidgetState:
    preset_id = _text(event, "value")
    if preset_id not in PRESET_IDS:
        raise EventError(f"unknown preset {preset_id!r}")
    return from_scenario(preset(preset_id), state.origin, state.key)


def _product(state: WidgetState, event: Event) -> WidgetState:
    identifier = _text(event, "value")
    if identifier not in state.catalog().product_by_identifier:
        raise EventError(f"unknown product {identifier!r}")
    selected = "" if state.selected.startswith("v") else state.selected
    return replace(state, product=identifier, selected=selected)


def _explain(state: WidgetState, event: Event) -> WidgetState:
    cell = _text(event, "cell")
    return replace(state, selected="" if cell == state.selected else cell)


_HANDLERS: Final[dict[str, Callable[[WidgetState, Event], WidgetState]]] = {
    "wizard": _wizard,
    "consent": _consent,
    "all": _all,
    "code": _code,
    "edition": _edition,
    "role": _role,
    "restart": _restart,
    "reset": _reset,
    "preset": _preset,
    "product": _product,
    "explain": _explain,
}
"""Every event the widget answers: reading this table tells what a reader can do."""


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


def _axis_level(event: Event) -> tuple[Axis, Level]:
    axis = AXIS_NAMES.get(_text(event, "axis"))
    level = AxisGrant.level_named(_text(event, "level"))
    if axis is None or level is None:
        raise EventError(f"event {event.get('action')!r}: unknown axis or level")
    return axis, level

