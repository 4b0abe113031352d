"""The widget's state: a scenario, the wizard clicks made on it, and what is on screen.

A :class:`WidgetState` is a small immutable value with a JSON form, so the page can keep
it in a ``data-`` attribute and hand it to Python with every event. The wizard is not
stored: the scenario is played once (:func:`simulator.scenarios.wizard_play.play`), its grant is
the end of that play, and the screen is drawn from the same clicks as far as the
reader's recorded clicks follow them (:func:`wizard_of`), so the engine's state
machine decides every screen and every event plays the wizard once.

Where a block starts (:class:`Origin`) is kept too: ``Reset`` goes back to it, and the
links the simulator's explanations point to are relative to the page it is on.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field, replace
from typing import Final, Mapping

from simulator.connect import (
    Action,
    AgreeConsent,
    Allow,
    AllowAndNext,
    Cancel,
    Confirm,
    Connect,
    Next,
    Previous,
    SetAll,
    SetCodes,
    Step,
    WizardState,
    apply,
)
from simulator.formats import (
    BOOLEAN,
    NULL,
    TEXT,
    Choice,
    Const,
    Either,
    Field,
    FormatError,
    ListOf,
    Record,
    Tagged,
    loads,
)
from simulator.model import Axis, AxisGrant, Catalog, Edition, Level
from simulator.scenarios import (
    PRESET_IDS,
    SCENARIO_VALUE,
    JsonValue,
    Play,
    Scenario,
    play,
    preset,
)

STATE_VERSION: Final = 1


class WidgetStateError(FormatError):
    """A widget state (or block option) that cannot be read; says which field and why."""


class Show(enum.Enum):
    """Which parts of the widget a block shows."""

    ALL = "all"
    WIZARD = "wizard"
    RESULTS = "results"


class Tools(enum.Enum):
    """The article's widgets share links; the full page also imports, exports, resets."""

    SHARE = "share"
    FULL = "full"


STEP_NAMES: Final[dict[str, Step]] = {
    "marketplace": Step.MARKETPLACE,
    "consent": Step.CONSENT,
    "authorizations": Step.AUTHORIZATIONS,
    "permissions": Step.PERMISSIONS,
    "summary": Step.SUMMARY,
    "done": Step.DONE,
}
"""The ``step=`` values of a block: where its wizard stands on first paint."""

SCREEN_NAMES: Final[dict[str, Step]] = {**STEP_NAMES, "cancelled": Step.CANCELLED}
"""Every screen a reader may be on, by the name a state's JSON gives it."""

ROLE_PERMISSIONS: Final[dict[str, str]] = {
    "manage_apps": "Manage apps",
    "manage_category_permissions": "Manage category permissions",
    "manage_locale_permissions": "Manage locale permissions",
    "manage_attribute_group_permissions": "Manage attribute group permissions",
}
"""The role permissions a reader may change (fields of :class:`simulator.connect.wizard.UserRole`),
with the PIM's names for them. Without one of the last three, the EE permission step
shows that field read-only."""

AXIS_NAMES: Final[dict[str, Axis]] = {axis.value: axis for axis in Axis}


@dataclass(frozen=True)
class Origin:
    """How the block was written: what the widget shows first and returns to on Reset."""

    preset: str
    step: str = "done"
    show: Show = Show.ALL
    product: str = ""
    edition: str = ""
    """Empty: the preset's edition."""
    manage_apps: bool | None = None
    """None: the preset's user."""
    tools: Tools = Tools.SHARE
    article: str = "how-to-connect-my-pim-with-apps.html"
    """The article's URL relative to the page, for the explanations' section links."""


@dataclass(frozen=True)
class WidgetState:
    key: str
    """The widget's element id, unique on its page; links name it."""
    origin: Origin
    scenario: Scenario
    actions: tuple[Action, ...] = ()
    """The wizard clicks since the marketplace card, in order."""
    product: str = ""
    """The product whose values grid is shown."""
    selected: str = ""
    """The cell whose explanation is shown (see :mod:`simulator.widget.cells`)."""
    notice: str = ""
    """A message for the reader: a link that did not open, a click the wizard refused."""
    step: Step | None = field(default=None, compare=False)
    """The screen the reader was on when this state was drawn, as the page hands it
    back (None: not known). Never drawn from: only a changed edition or role uses it,
    to replay the scenario up to the same screen, which any reader may reach."""

    def catalog(self) -> Catalog:
        return play_of(self).catalog


# The wizard, played once.


_FOLDS_SIZE: Final = 8
_FOLDS: dict[int, tuple[Scenario, Play, dict[tuple[Action, ...], WizardState]]] = {}
"""The play of the last scenarios shown, by the scenario object (kept, so that its id
is not reused), with the screens drawn from it: a state and the states made from it
by an event (same scenario, one more click) share one play."""


def play_of(state: WidgetState) -> Play:
    """The state's scenario played through the wizard (see :func:`simulator.scenarios.wizard_play.play`)."""
    return _fold(state)[1]


def wizard_of(state: WidgetState) -> WizardState:
    """The wizard screen the recorded clicks lead to, drawn from the scenario's play."""
    _, played, screens = _fold(state)
    screen = screens.get(state.actions)
    if screen is None:
        screen = screens[state.actions] = played.screen_after(state.actions)
    return screen


def _fold(state: WidgetState) -> tuple[Scenario, Play, dict[tuple[Action, ...], WizardState]]:
    found = _FOLDS.pop(id(state.scenario), None)
    if found is None:
        found = (state.scenario, play(state.scenario, state.scenario.load_catalog()), {})
    _FOLDS[id(state.scenario)] = found
    while len(_FOLDS) > _FOLDS_SIZE:
        del _FOLDS[next(iter(_FOLDS))]
    return found


def _drawn(state: WidgetState, played: Play, screen: WizardState) -> WidgetState:
    """``state``, known to be ``screen`` of ``played``: nothing is played again to draw it."""
    _FOLDS.pop(id(state.scenario), None)
    _FOLDS[id(state.scenario)] = (state.scenario, played, {state.actions: screen})
    while len(_FOLDS) > _FOLDS_SIZE:
        del _FOLDS[next(iter(_FOLDS))]
    return state


def click(state: WidgetState, action: Action) -> WidgetState:
    """The state after one wizard click; :class:`WizardError` when the screen does not
    offer it. Confirming the EE wizard makes the permissions picked the scenario's."""
    before = wizard_of(state)
    after = apply(before, action)
    clicked = replace(state, actions=(*state.actions, action), step=after.step)
    played = play_of(state)
    if after.step is Step.DONE and after.grant is not None and after.form is not None:
        scenario = replace(state.scenario, permissions=after.grant.permissions)
        clicked = replace(clicked, scenario=scenario)
        played = play(scenario, played.catalog, along=played)
    return _drawn(clicked, played, after)


def restarted(state: WidgetState) -> WidgetState:
    """Back to the marketplace card, the scenario unchanged."""
    played = play_of(state)
    return _drawn(replace(state, actions=(), step=Step.MARKETPLACE), played, played.card)


def replayed(state: WidgetState, scenario: Scenario) -> WidgetState:
    """The scenario's choices played again under a changed edition or role, up to the
    screen the reader was on when the new flow has it (so a role change made on the
    Permissions step shows its read-only fields at once), to the end otherwise."""
    step = state.step if state.step is not None else wizard_of(state).step
    until = step if step is not Step.CANCELLED else Step.DONE
    changed = from_scenario(scenario, state.origin, state.key, until, state.product, or_end=True)
    return replace(changed, selected=state.selected)


def _step_name(step: Step) -> str:
    return next(name for name, known in SCREEN_NAMES.items() if known is step)


# Building states.


def initial_state(origin: Origin, key: str = "") -> WidgetState:
    """The state a block shows on first paint."""
    scenario = preset(origin.preset)
    if origin.edition:
        scenario = replace(scenario, edition=Edition(origin.edition))
    if origin.manage_apps is not None:
        scenario = replace(scenario, user=replace(scenario.user, manage_apps=origin.manage_apps))
    return from_scenario(
        scenario, origin, key or f"simulator-{origin.preset}", STEP_NAMES[origin.step], origin.product
    )


def from_scenario(
    scenario: Scenario,
    origin: Origin,
    key: str,
    until: Step = Step.DONE,
    product: str = "",
    notice: str = "",
    *,
    or_end: bool = False,
) -> WidgetState:
    """A state showing ``scenario``, its wizard played up to ``until`` (its permission
    forms filled, its consent box left for the reader to tick).

    Stops earlier where the flow does: on the card for a user without *Manage apps*.
    When ``until`` is not a step of this flow (no permissions step in CE), raises
    :class:`WidgetStateError`, or with ``or_end`` plays to the end.
    """
    catalog = scenario.load_catalog()
    if product and product not in catalog.product_by_identifier:
        known = ", ".join(p.identifier for p in catalog.products)
        raise WidgetStateError("", f'unknown product "{product}"; products of the catalog: {known}')
    played = play(scenario, catalog)
    steps = played.card.steps
    if until is not Step.MARKETPLACE and until not in steps and scenario.user.manage_apps:
        if not or_end:
            offered = ", ".join(name for name, step in STEP_NAMES.items() if step in steps)
            raise WidgetStateError(
                "",
                f'step "{_step_name(until)}" is not in this wizard ({scenario.edition.value}, '
                f"{scenario.app.name}); its steps: marketplace, {offered}"
            )
        until = Step.DONE
    stop = played.stop(until)
    state = WidgetState(
        key=key,
        origin=origin,
        scenario=scenario,
        actions=played.clicks[:stop],
        product=product or (catalog.products[0].identifier if catalog.products else ""),
        notice=notice,
        step=played.screens[stop].step,
    )
    return _drawn(state, played, played.screens[stop])


# JSON.


def state_to_dict(state: WidgetState) -> dict[str, JsonValue]:
    origin = state.origin
    return {
        "version": STATE_VERSION,
        "key": state.key,
        "origin": {
            "preset": origin.preset,
            "step": origin.step,
            "show": origin.show.value,
            "product": origin.product,
            "edition": origin.edition,
            "manage_apps": origin.manage_apps,
            "tools": origin.tools.value,
            "article": origin.article,
        },
        "scenario": state.scenario.to_dict(),
        "actions": [action_to_dict(action) for action in state.actions],
        "product": state.product,
        "selected": state.selected,
        "notice": state.notice,
        "step": _step_name(wizard_of(state).step),
    }


def state_to_json(state: WidgetState) -> str:
    return json.dumps(state_to_dict(state), separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def state_from_dict(data: JsonValue) -> WidgetState:
    """Read a state back; anything malformed raises :class:`WidgetStateError`."""
    try:
        root = STATE.read(data, "state")
    except FormatError as error:
        raise WidgetStateError(error.path, error.message) from None
    origin = root["origin"]
    return WidgetState(
        key=root["key"],
        origin=Origin(
            preset=origin["preset"],
            step=origin["step"],
            show=Show(origin["show"]),
            product=origin["product"],
            edition=origin["edition"],
            manage_apps=origin["manage_apps"],
            tools=Tools(origin["tools"]),
            article=origin["article"],
        ),
        scenario=root["scenario"],
        actions=tuple(_action(item) for item in root["actions"]),
        product=root["product"],
        selected=root["selected"],
        notice=root["notice"],
        step=SCREEN_NAMES[root["step"]] if "step" in root else None,
    )


def state_from_json(text: str) -> WidgetState:
    try:
        data = loads(text)
    except FormatError as error:
        raise WidgetStateError("state", error.message) from None
    return state_from_dict(data)


_SIMPLE: Final[dict[str, type]] = {
    "connect": Connect,
    "allow": Allow,
    "allow_and_next": AllowAndNext,
    "cancel": Cancel,
    "previous": Previous,
    "next": Next,
    "confirm": Confirm,
}
_SIMPLE_NAME: Final = {kind: name for name, kind in _SIMPLE.items()}


def action_to_dict(action: Action) -> dict[str, JsonValue]:
    if isinstance(action, AgreeConsent):
        return {"do": "consent", "on": action.agreed}
    if isinstance(action, SetCodes):
        return {"do": "codes", "axis": action.axis.value, "level": AxisGrant.field_name(action.level), "codes": list(action.codes)}
    if isinstance(action, SetAll):
        return {"do": "all", "axis": action.axis.value, "level": AxisGrant.field_name(action.level), "on": action.on}
    return {"do": _SIMPLE_NAME[type(action)]}


def action_from_dict(data: JsonValue, path: str) -> Action:
    try:
        return _action(ACTION.read(data, path))
    except FormatError as error:
        raise WidgetStateError(error.path, error.message) from None


def _action(read: Mapping[str, JsonValue]) -> Action:
    kind = read["do"]
    if kind in _SIMPLE:
        action: Action = _SIMPLE[kind]()
        return action
    if kind == "consent":
        return AgreeConsent(read["on"])
    axis = AXIS_NAMES[read["axis"]]
    level = AxisGrant.level_named(read["level"])
    assert level is not None  # the table lists the field names only
    if kind == "codes":
        return SetCodes(axis, level, tuple(read["codes"]))
    return SetAll(axis, level, read["on"])


# The JSON form of a state, field by field.

_AXIS: Final = Field("axis", Choice(tuple(AXIS_NAMES)), required=True)
_LEVEL: Final = Field("level", Choice(tuple(AxisGrant.field_name(level) for level in Level if level)), required=True)
_ON: Final = Field("on", BOOLEAN, required=True)
ACTION: Final = Tagged("do", {
    **{name: Record((Field("do", Const(name, "")),)) for name in _SIMPLE},
    "consent": Record((Field("do", Const("consent", "")), _ON)),
    "codes": Record((Field("do", Const("codes", "")), _AXIS, _LEVEL, Field("codes", ListOf(TEXT), required=True))),
    "all": Record((Field("do", Const("all", "")), _AXIS, _LEVEL, _ON)),
})
"""A wizard click, as a state records it."""

ORIGIN: Final = Record((
    Field("preset", Choice(PRESET_IDS, unknown="unknown preset {value}"), required=True),
    Field("step", Choice(tuple(STEP_NAMES)), required=True),
    Field("show", Choice(tuple(show.value for show in Show)), required=True),
    Field("product", TEXT, default=""),
    Field("edition", Choice(("", *(edition.value for edition in Edition))), default=""),
    Field("manage_apps", Either((BOOLEAN, NULL), "true, false or null"), default=None),
    Field("tools", Choice(tuple(tools.value for tools in Tools)), required=True),
    Field("article", TEXT, default=""),
))
STATE: Final = Record((
    Field("version", Const(STATE_VERSION, f"unknown state version {{value}}; this simulator reads version {STATE_VERSION}"),
          required=True, missing=f"missing; this simulator reads version {STATE_VERSION}"),
    Field("origin", ORIGIN, required=True),
    Field("scenario", SCENARIO_VALUE, required=True),
    Field("actions", ListOf(ACTION), default=[]),
    Field("key", TEXT, required=True),
    Field("product", TEXT, default=""),
    Field("selected", TEXT, default=""),
    Field("notice", TEXT, default=""),
    Field("step", Choice(tuple(SCREEN_NAMES))),
))
"""A widget's state as the page holds it (:func:`state_to_dict` writes it)."""
