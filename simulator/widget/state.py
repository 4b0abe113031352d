"""The widget's state: one scenario, where the reader stands, and what is on screen.

A :class:`WidgetState` is a small immutable value with a JSON form, so the page can keep
it in a ``data-`` attribute and hand it to Python with every event. The scenario is the
one source of truth: the setup pane edits it, the wizard edits it, and the answers are
always the scenario's. The wizard is not stored, only where the reader stands in it
(:class:`Place`): the scenario is played once (:func:`simulator.scenarios.wizard_play.play`),
its grant is the end of that play, and the screen is the play's at that step
(:func:`wizard_of`), so the engine's state machine decides every screen, and going back
and forth in it never loses a choice.

Where a block starts (:class:`Origin`) is kept too: ``Reset`` goes back to it, and the
links the simulator's explanations point to are relative to the page it is on. What the
reader changed is kept as a history of links (:class:`Change`), for undo and redo.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Final, Mapping

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
    Step,
    WizardError,
    WizardState,
    apply,
)
from simulator.formats import (
    BOOLEAN,
    NULL,
    TEXT,
    AnyObject,
    Choice,
    Const,
    Either,
    Field,
    FormatError,
    Integer,
    ListOf,
    Record,
    Shape,
    loads,
)
from simulator.model import Axis, Catalog, Edition
from simulator.scenarios import (
    PRESET_IDS,
    SCENARIO_VALUE,
    JsonValue,
    Play,
    Scenario,
    play,
    preset,
)
from simulator.widget.memo import forget, read_scenario, scenario_dict
from simulator.widget.pinned import Pinned, pinned_from_dict, pinned_to_dict

STATE_VERSION: Final = 2


class WidgetStateError(FormatError):
    """A widget state (or block option) that cannot be read; says which field and why."""


class Show(enum.Enum):
    """Which view of the widget a block shows (see :data:`PANES`)."""

    ALL = "all"
    WIZARD = "wizard"
    RESULTS = "results"


class Pane(enum.Enum):
    """The parts a view is made of, each one region of the page."""

    SETUP = "setup"
    WIZARD = "wizard"
    SUMMARY = "summary"
    REQUESTS = "requests"
    GRID = "grid"
    VALUES = "values"
    CATALOG = "catalog"
    """The customer's catalog (the full page only), after the answers."""


PANES: Final[dict[Show, frozenset[Pane]]] = {
    Show.ALL: frozenset(Pane),
    Show.WIZARD: frozenset({Pane.SETUP, Pane.WIZARD}),
    Show.RESULTS: frozenset(Pane) - {Pane.WIZARD},
}
"""The panes of each view: a block chooses its view, the page shows those panes only."""

FOCUS_PANES: Final = (Pane.WIZARD, Pane.SUMMARY, Pane.REQUESTS, Pane.GRID, Pane.VALUES)
"""The panes a block may show alone (``view=grid``, ``view=summary,grid``), so that it
shows what its section teaches: the wizard's screen, the answers in one line, the App's
own requests, every product × every request, one product's values. The reader opens the
rest in place ("Show the whole simulator", :attr:`WidgetState.whole`)."""

ANSWER_PANES: Final = frozenset({Pane.SUMMARY, Pane.REQUESTS, Pane.GRID, Pane.VALUES})
"""The panes that show the App's answers: a block showing none of them (the wizard
alone) says what happens next instead."""


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

PLACE_NAMES: Final[dict[str, Step]] = {**STEP_NAMES, "cancelled": Step.CANCELLED}
"""Where a reader may stand in the wizard: a step, or after ``Cancel``."""

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

HISTORY_SIZE: Final = 100
"""Undo goes back this many changes; older ones are forgotten."""


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
    view: tuple[Pane, ...] = ()
    """The panes a focused block shows (of :data:`FOCUS_PANES`); empty: those of ``show``."""
    workbench: str = ""
    """The full-page simulator's URL relative to the page, which a focused block links
    to with its scenario; empty: no link (the page is that simulator)."""

    @property
    def panes(self) -> frozenset[Pane]:
        return frozenset(self.view) if self.view else PANES[self.show]


@dataclass(frozen=True)
class Place:
    """Where the reader stands in the wizard: a step (or Cancelled), and whether the
    consent box is ticked there. The screen itself is drawn from the scenario."""

    step: Step = Step.DONE
    consent: bool = False
    manage: bool = False
    """On the connected App's page (Connected Apps > Manage app > Permissions), once
    the wizard is done: EE, an App that may view products."""
    unsaved: bool = False
    """Changes made on that page and not saved yet (the answers show them already)."""


@dataclass(frozen=True)
class Draft:
    """A request being written in the requests pane, as the reader typed it: kept
    whole (even when it does not read yet) so that nothing typed is lost."""

    index: int = -1
    """The request it replaces; -1 for a new one."""
    method: str = "GET"
    path: str = ""
    body_mode: str = "none"
    """``none``, ``json`` (``body`` holds JSON text) or ``form`` (the fields below)."""
    body: str = ""
    attribute: str = ""
    locale: str = ""
    data: str = ""
    categories: str = ""
    """Comma-separated category codes: the form's "move to categories"."""
    expect_status: str = ""
    expect_effect: str = ""
    error: str = ""
    """Why the draft was not saved, for the reader."""


DRAFT_FIELDS: Final = (
    "method", "path", "body_mode", "body", "attribute", "locale", "data", "categories", "expect_status", "expect_effect",
)
"""The fields of a :class:`Draft` the reader types in (``data-field`` names)."""


@dataclass(frozen=True)
class Change:
    """One step of the undo (or redo) history: what it did, and the setup on the other
    side of it, as a scenario link with the wizard's place."""

    label: str
    link: str
    step: Step = Step.DONE


@dataclass(frozen=True)
class WidgetState:
    key: str
    """The widget's element id, unique on its page; links name it."""
    origin: Origin
    scenario: Scenario
    place: Place = Place()
    product: str = ""
    """The product whose values grid is shown."""
    selected: str = ""
    """The cell whose explanation is shown (see :mod:`simulator.widget.cells`)."""
    notice: str = ""
    """A message for the reader: a link that did not open, a click the wizard refused."""
    setup_open: bool = True
    """Whether the setup's editor is unfolded (the grants summary is always shown)."""
    draft: Draft | None = None
    paste: str = ""
    """What the reader pasted to become a request, while it does not read."""
    paste_error: str = ""
    shared: str = ""
    """The link just copied, shown with its length until the next change."""
    curl: int = -1
    """The request whose curl command was just copied, shown under it; -1 for none."""
    before: Pinned | None = None
    """The answers of the setup pinned as "before"; None when nothing is pinned."""
    past: tuple[Change, ...] = ()
    """Undo history, oldest first."""
    future: tuple[Change, ...] = ()
    """Redo history, next first."""
    whole: bool = False
    """Whether a focused block (:attr:`Origin.view`) shows the whole simulator, as the
    reader asked, instead of its section's part."""

    def catalog(self) -> Catalog:
        return play_of(self).catalog

    @property
    def panes(self) -> frozenset[Pane]:
        """The panes on screen: the block's view, or all of them once the reader opened
        the whole simulator."""
        return PANES[Show.ALL] if self.whole and self.origin.view else self.origin.panes


# The wizard, played once.


_PLAYS_SIZE: Final = 8
_PLAYS: dict[int, tuple[Scenario, Play, dict[Place, WizardState]]] = {}
"""The play of the last scenarios shown, by the scenario object (kept, so that its id
is not reused), with the screens drawn from it: every event plays the wizard once, for
the scenario it shows."""


def played(scenario: Scenario) -> Play:
    """The scenario played through the wizard (:func:`simulator.scenarios.wizard_play.play`)."""
    return _play(scenario)[1]


def play_of(state: WidgetState) -> Play:
    return played(state.scenario)


def _play(scenario: Scenario) -> tuple[Scenario, Play, dict[Place, WizardState]]:
    found = _PLAYS.pop(id(scenario), None)
    if found is None or found[0] is not scenario:
        found = (scenario, play(scenario, scenario.load_catalog()), {})
    _PLAYS[id(scenario)] = found
    while len(_PLAYS) > _PLAYS_SIZE:
        del _PLAYS[next(iter(_PLAYS))]
    return found


def forget_plays() -> None:
    """Drop the plays and the scenarios remembered from earlier events."""
    _PLAYS.clear()
    forget()


def changed_play(before: Scenario, after: Scenario) -> None:
    """``after`` is ``before`` with other grants or requests: its play shares the
    screens it can with ``before``'s instead of playing the wizard from its card again.
    It is played on its own catalog (an example, a file or an import may bring
    another); :func:`play` shares screens only when that is ``before``'s very catalog."""
    if id(after) in _PLAYS or id(before) not in _PLAYS:
        return
    if after.catalog is not before.catalog and after.catalog != before.catalog:
        return  # another catalog: played from its own card
    old = _PLAYS[id(before)][1]
    _PLAYS[id(after)] = (after, play(after, after.load_catalog(), along=old), {})
    while len(_PLAYS) > _PLAYS_SIZE:
        del _PLAYS[next(iter(_PLAYS))]


def wizard_of(state: WidgetState) -> WizardState:
    """The wizard screen where the reader stands, its forms filled with the scenario."""
    _, scenario_play, screens = _play(state.scenario)
    found = screens.get(state.place)
    if found is None:
        found = screens[state.place] = _screen(scenario_play, state.place)
    return found


def _screen(scenario_play: Play, place: Place) -> WizardState:
    """The screen of ``place`` in the play; a step the flow does not have shows where
    the flow ends (``Well done!``, or the card when the user cannot connect)."""
    if place.step is Step.CANCELLED:
        first = scenario_play.screens[min(1, len(scenario_play.clicks))]
        try:
            return apply(first, Cancel())
        except WizardError:
            return first
    steps = scenario_play.card.steps
    until = place.step if place.step is Step.MARKETPLACE or place.step in steps else Step.DONE
    screen = scenario_play.screens[scenario_play.stop(until)]
    if screen.step is Step.CONSENT and place.consent:
        screen = apply(screen, AgreeConsent(True))
    return screen


def in_flow(scenario: Scenario, place: Place) -> Place:
    """``place`` where the scenario's flow has that step; its end otherwise (and after
    Cancel: a changed setup connects the App again, as if confirmed)."""
    steps = played(scenario).card.steps
    if place.step is Step.CANCELLED or (place.step is not Step.MARKETPLACE and place.step not in steps):
        return Place(Step.DONE)
    return place


def step_name(step: Step) -> str:
    return next(name for name, known in PLACE_NAMES.items() if known is step)


# Building states.


def initial_state(origin: Origin, key: str = "") -> WidgetState:
    """The state a block shows on first paint."""
    return from_scenario(
        origin_scenario(origin), origin, key or f"simulator-{origin.preset}", STEP_NAMES[origin.step], origin.product
    )


def origin_scenario(origin: Origin) -> Scenario:
    """The scenario a block starts from: its preset with the block's options."""
    scenario = preset(origin.preset)
    if origin.edition:
        scenario = replace(scenario, edition=Edition(origin.edition))
    if origin.manage_apps is not None:
        scenario = replace(scenario, user=replace(scenario.user, manage_apps=origin.manage_apps))
    return scenario


def from_scenario(
    scenario: Scenario, origin: Origin, key: str, until: Step = Step.DONE, product: str = "", notice: str = ""
) -> WidgetState:
    """A state showing ``scenario``, its wizard at ``until`` (its permission forms
    filled, its consent box left for the reader to tick); :class:`WidgetStateError`
    for a step the flow does not have (no permissions step in CE) or a product the
    catalog does not hold."""
    catalog = scenario.load_catalog()
    if product and product not in catalog.product_by_identifier:
        known = ", ".join(p.identifier for p in catalog.products)
        raise WidgetStateError("", f'unknown product "{product}"; products of the catalog: {known}')
    steps = played(scenario).card.steps
    if until not in (Step.MARKETPLACE, Step.CANCELLED) and until not in steps and scenario.user.manage_apps:
        offered = ", ".join(name for name, step in STEP_NAMES.items() if step in steps)
        raise WidgetStateError(
            "",
            f'step "{step_name(until)}" is not in this wizard ({scenario.edition.value}, '
            f"{scenario.app.name}); its steps: marketplace, {offered}"
        )
    return WidgetState(
        key=key,
        origin=origin,
        scenario=scenario,
        place=Place(until),
        product=product or (catalog.products[0].identifier if catalog.products else ""),
        notice=notice,
        setup_open=origin.tools is Tools.FULL,
    )


# JSON.


def state_to_dict(state: WidgetState) -> dict[str, JsonValue]:
    origin = state.origin
    data: dict[str, JsonValue] = {
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
            "view": [pane.value for pane in origin.view],
            "workbench": origin.workbench,
        },
        "scenario": scenario_dict(state.scenario),
        "place": {"step": step_name(state.place.step), "consent": state.place.consent}
        | ({"manage": True, "unsaved": state.place.unsaved} if state.place.manage else {}),
        "product": state.product,
        "selected": state.selected,
        "notice": state.notice,
        "setup_open": state.setup_open,
        "before": None if state.before is None else pinned_to_dict(state.before),
        "past": [change_to_dict(change) for change in state.past],
        "future": [change_to_dict(change) for change in state.future],
    }
    if state.draft is not None:
        data["draft"] = {"index": state.draft.index, "error": state.draft.error} | {
            name: getattr(state.draft, name) for name in DRAFT_FIELDS
        }
    for name in ("paste", "paste_error", "shared"):
        if getattr(state, name):
            data[name] = getattr(state, name)
    if state.curl >= 0:
        data["curl"] = state.curl
    if state.whole:
        data["whole"] = True
    return data


def state_to_json(state: WidgetState) -> str:
    return json.dumps(state_to_dict(state), separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def state_from_dict(data: JsonValue) -> WidgetState:
    """Read a state back; anything malformed raises :class:`WidgetStateError`."""
    try:
        root = STATE.read(data, "state")
    except FormatError as error:
        raise WidgetStateError(error.path, error.message) from None
    origin = root["origin"]
    place = root["place"]
    draft = root.get("draft")
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
            view=tuple(Pane(name) for name in origin["view"]),
            workbench=origin["workbench"],
        ),
        scenario=root["scenario"],
        place=Place(PLACE_NAMES[place["step"]], place["consent"], place["manage"] and place["step"] == "done",
                    place["unsaved"] and place["manage"]),
        product=root["product"],
        selected=root["selected"],
        notice=root["notice"],
        setup_open=root["setup_open"],
        draft=None if draft is None else Draft(**draft),
        paste=root["paste"],
        paste_error=root["paste_error"],
        shared=root["shared"],
        curl=root["curl"],
        before=_pinned(root["before"]),
        past=_changes(root["past"]),
        future=_changes(root["future"]),
        whole=root["whole"],
    )


def state_from_json(text: str) -> WidgetState:
    try:
        data = loads(text)
    except FormatError as error:
        raise WidgetStateError("state", error.message) from None
    return state_from_dict(data)


@lru_cache(maxsize=4 * HISTORY_SIZE)
def change_to_dict(change: Change) -> dict[str, JsonValue]:
    """An undo step's JSON form, made once per step (a step stays from one state to the
    next); the caller must not change it."""
    return {"label": change.label, "link": change.link, "step": step_name(change.step)}


def _changes(read: list[Mapping[str, Any]]) -> tuple[Change, ...]:
    return tuple(Change(item["label"], item["link"], PLACE_NAMES[item["step"]]) for item in read[-HISTORY_SIZE:])


_SIMPLE: Final[dict[str, type]] = {
    "connect": Connect,
    "allow": Allow,
    "allow_and_next": AllowAndNext,
    "cancel": Cancel,
    "previous": Previous,
    "next": Next,
    "confirm": Confirm,
}
"""The wizard's buttons, by the ``data-do`` name the page sends."""


def wizard_action(name: str) -> Action:
    """The wizard action a button's ``data-do`` names; :class:`WidgetStateError` otherwise."""
    if name not in _SIMPLE:
        raise WidgetStateError("event.do", f'unknown wizard button "{name}"; buttons: {", ".join(_SIMPLE)}')
    action: Action = _SIMPLE[name]()
    return action


def _pinned(value: JsonValue) -> Pinned | None:
    if value is None:
        return None
    try:
        return pinned_from_dict(value)
    except ValueError as error:
        raise WidgetStateError("state.before", str(error)) from None


# The JSON form of a state, field by field.


class _Remembered(Shape[Scenario]):
    """A scenario, read once for the same JSON (:func:`simulator.widget.memo.read_scenario`):
    the page sends the same scenario back with every event until the reader changes it."""

    expected = "an object"
    types = frozenset({"object"})

    def read(self, value: JsonValue, path: str) -> Scenario:
        return read_scenario(value, path)

    def schema(self) -> dict[str, JsonValue]:
        return SCENARIO_VALUE.schema()


_PLACE_STEP: Final = Choice(tuple(PLACE_NAMES))
ORIGIN: Final = Record((
    Field("preset", Choice(PRESET_IDS, unknown="unknown preset {value}"), required=True),
    Field("step", Choice(tuple(STEP_NAMES)), required=True),
    Field("show", Choice(tuple(show.value for show in Show)), required=True),
    Field("product", TEXT, default=""),
    Field("edition", Choice(("", *(edition.value for edition in Edition))), default=""),
    Field("manage_apps", Either((BOOLEAN, NULL), "true, false or null"), default=None),
    Field("tools", Choice(tuple(tools.value for tools in Tools)), required=True),
    Field("article", TEXT, default=""),
    Field("view", ListOf(Choice(tuple(pane.value for pane in FOCUS_PANES)), unique="part"), default=[]),
    Field("workbench", TEXT, default=""),
))
PLACE: Final = Record((
    Field("step", _PLACE_STEP, required=True),
    Field("consent", BOOLEAN, default=False),
    Field("manage", BOOLEAN, default=False),
    Field("unsaved", BOOLEAN, default=False),
))
DRAFT: Final = Record((
    Field("index", Integer(-1, 1_000_000, "a request's position, or -1 for a new one"), default=-1),
    Field("error", TEXT, default=""),
    *(Field(name, TEXT, default=getattr(Draft(), name)) for name in DRAFT_FIELDS),
))
CHANGE: Final = Record((
    Field("label", TEXT, required=True),
    Field("link", TEXT, required=True),
    Field("step", _PLACE_STEP, default="done"),
))
STATE: Final = Record((
    Field("version", Const(STATE_VERSION, f"unknown state version {{value}}; this simulator reads version {STATE_VERSION}"),
          required=True, missing=f"missing; this simulator reads version {STATE_VERSION}"),
    Field("key", TEXT, required=True),
    Field("origin", ORIGIN, required=True),
    Field("scenario", _Remembered(), required=True),
    Field("place", PLACE, default={"step": "done"}),
    Field("product", TEXT, default=""),
    Field("selected", TEXT, default=""),
    Field("notice", TEXT, default=""),
    Field("setup_open", BOOLEAN, default=True),
    Field("draft", Either((NULL, DRAFT), "a draft or null")),
    Field("paste", TEXT, default=""),
    Field("paste_error", TEXT, default=""),
    Field("shared", TEXT, default=""),
    Field("curl", Integer(-1, 1_000_000, "a request's position, or -1"), default=-1),
    Field("before", Either((NULL, AnyObject()), "the pinned answers or null"), default=None),
    Field("past", ListOf(CHANGE), default=[]),
    Field("future", ListOf(CHANGE), default=[]),
    Field("whole", BOOLEAN, default=False),
))
"""A widget's state as the page holds it (:func:`state_to_dict` writes it)."""
