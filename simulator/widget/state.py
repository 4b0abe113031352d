"""The widget's state: a scenario, the wizard clicks made on it, and what is on screen.

A :class:`WidgetState` is a small immutable value with a JSON form, so the page can keep
it in a ``data-`` attribute and hand it to Python with every event. The wizard is not
stored: it is replayed from the marketplace card through the recorded clicks
(:func:`wizard_of`), so the engine's state machine decides every screen.

Where a block starts (:class:`Origin`) is kept too: ``Reset`` goes back to it, and the
links the simulator's explanations point to are relative to the page it is on.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, replace
from typing import Final

from simulator.connect import (
    Action,
    AgreeConsent,
    Allow,
    AllowAndNext,
    App,
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
    marketplace,
    wording,
)
from simulator.model import Axis, Catalog, Edition, Level
from simulator.scenarios import (
    PRESET_IDS,
    JsonValue,
    Scenario,
    ScenarioError,
    default_scopes,
    preset,
    scenario_from_dict,
)

STATE_VERSION: Final = 1


class WidgetStateError(ValueError):
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

ROLE_PERMISSIONS: Final[dict[str, str]] = {
    "manage_apps": "Manage apps",
    "manage_category_permissions": "Manage category permissions",
    "manage_locale_permissions": "Manage locale permissions",
    "manage_attribute_group_permissions": "Manage attribute group permissions",
}
"""The role permissions a reader may change (fields of :class:`simulator.connect.wizard.UserRole`),
with the PIM's names for them. Without one of the last three, the EE permission step
shows that field read-only."""

LEVEL_NAMES: Final[dict[str, Level]] = {"own": Level.OWN, "edit": Level.EDIT, "view": Level.VIEW}
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

    def catalog(self) -> Catalog:
        return self.scenario.load_catalog()


# The wizard, replayed.


def wizard_app(scenario: Scenario) -> App:
    """The App as the wizard sees it: asking the scopes the scenario grants (the PIM
    grants all or nothing of what is asked), with its raw request when unchanged, so
    the scopes the PIM drops are still reported."""
    if scenario.scopes == default_scopes(scenario.app):
        return scenario.app
    return replace(scenario.app, scopes=tuple(sorted(scenario.scopes)))


def card_of(scenario: Scenario, catalog: Catalog) -> WizardState:
    return marketplace(wizard_app(scenario), scenario.edition, catalog, scenario.user)


def wizard_of(state: WidgetState) -> WizardState:
    """The wizard screen the recorded clicks lead to."""
    wizard = card_of(state.scenario, state.catalog())
    for action in state.actions:
        wizard = apply(wizard, action)
    return wizard


def script(scenario: Scenario, catalog: Catalog, until: Step = Step.DONE) -> tuple[Action, ...]:
    """The clicks that play the scenario's choices, stopping on the ``until`` screen
    (its permission forms filled, its consent box left for the reader to tick).

    Stops earlier where the flow does: on the card for a user without *Manage apps*,
    on ``Well done!``. Raises :class:`WidgetStateError` when ``until`` is not a step
    of this flow (no permissions step in CE).
    """
    wizard = card_of(scenario, catalog)
    if until is not Step.MARKETPLACE and until not in wizard.steps and scenario.user.manage_apps:
        offered = ", ".join(name for name, step in STEP_NAMES.items() if step in wizard.steps)
        raise WidgetStateError(
            f'step "{_step_name(until)}" is not in this wizard ({scenario.edition.value}, '
            f"{scenario.app.name}); its steps: marketplace, {offered}"
        )
    actions: list[Action] = []

    def click(action: Action) -> None:
        nonlocal wizard
        wizard = apply(wizard, action)
        actions.append(action)

    while wizard.step is not Step.DONE:
        if wizard.step is Step.PERMISSIONS:
            for action in _fill(scenario, wizard):
                click(action)
        if wizard.step is until:
            break
        if wizard.step is Step.MARKETPLACE:
            if wizard.disabled_buttons:
                break
            click(Connect())
        elif wizard.step is Step.CONSENT:
            click(AgreeConsent())
            click(AllowAndNext())
        elif wizard.step is Step.AUTHORIZATIONS:
            click(Allow() if Allow in _offered(wizard) else AllowAndNext())
        elif wizard.step is Step.PERMISSIONS:
            click(Next())
        elif wizard.step is Step.SUMMARY:
            click(Confirm())
        else:
            break
    return tuple(actions)


def _offered(wizard: WizardState) -> set[type]:
    labels = {wording.ALLOW: Allow, wording.ALLOW_AND_NEXT: AllowAndNext}
    return {labels[label] for label in wizard.buttons if label in labels}


def _fill(scenario: Scenario, wizard: WizardState) -> list[Action]:
    """The clicks that pick the scenario's codes in each field the form offers: each
    code at its own level (the form adds it below), then the highest All flag; a
    level the form does not offer (``read_products`` alone) is given as the highest
    it offers."""
    assert wizard.form is not None
    actions: list[Action] = []
    for form in wizard.form.axes:
        if form.read_only:
            continue
        asked = scenario.permissions.axis(form.axis)
        top = form.levels[0]
        picked: dict[Level, list[str]] = {level: [] for level in form.levels}
        for option in form.options:
            level = _explicit_level(asked.own, asked.edit, asked.view, option.code)
            if level is not Level.NONE:
                picked[min(level, top)].append(option.code)
        chosen: set[str] = set()
        for level in form.levels:
            if picked[level]:
                chosen |= set(picked[level])
                actions.append(SetCodes(form.axis, level, tuple(sorted(chosen))))
        flags = [lv for lv, on in ((Level.OWN, asked.own_all), (Level.EDIT, asked.edit_all), (Level.VIEW, asked.view_all)) if on]
        if flags:
            actions.append(SetAll(form.axis, min(flags[0], top), True))
    return actions


def _explicit_level(own: frozenset[str], edit: frozenset[str], view: frozenset[str], code: str) -> Level:
    if code in own:
        return Level.OWN
    if code in edit:
        return Level.EDIT
    if code in view:
        return Level.VIEW
    return Level.NONE


def _step_name(step: Step) -> str:
    return next(name for name, known in STEP_NAMES.items() if known is step)


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
    scenario: Scenario, origin: Origin, key: str, until: Step = Step.DONE, product: str = "", notice: str = ""
) -> WidgetState:
    """A state showing ``scenario``, its wizard played up to ``until``."""
    catalog = scenario.load_catalog()
    if product and product not in catalog.product_by_identifier:
        known = ", ".join(p.identifier for p in catalog.products)
        raise WidgetStateError(f'unknown product "{product}"; products of the catalog: {known}')
    return WidgetState(
        key=key,
        origin=origin,
        scenario=scenario,
        actions=script(scenario, catalog, until),
        product=product or (catalog.products[0].identifier if catalog.products else ""),
        notice=notice,
    )


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
    }


def state_to_json(state: WidgetState) -> str:
    return json.dumps(state_to_dict(state), separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def state_from_dict(data: JsonValue) -> WidgetState:
    """Read a state back; anything malformed raises :class:`WidgetStateError`."""
    root = _object(data, "state")
    if root.get("version") != STATE_VERSION:
        raise WidgetStateError(f"state.version: expected {STATE_VERSION}, got {root.get('version')!r}")
    origin_data = _object(root.get("origin"), "state.origin")
    try:
        origin = Origin(
            preset=_text(origin_data.get("preset"), "state.origin.preset"),
            step=_choice(origin_data.get("step"), "state.origin.step", tuple(STEP_NAMES)),
            show=Show(_choice(origin_data.get("show"), "state.origin.show", tuple(s.value for s in Show))),
            product=_text(origin_data.get("product", ""), "state.origin.product"),
            edition=_text(origin_data.get("edition", ""), "state.origin.edition"),
            manage_apps=_optional_bool(origin_data.get("manage_apps"), "state.origin.manage_apps"),
            tools=Tools(_choice(origin_data.get("tools"), "state.origin.tools", tuple(t.value for t in Tools))),
            article=_text(origin_data.get("article", ""), "state.origin.article"),
        )
        if origin.preset not in PRESET_IDS:
            raise WidgetStateError(f'state.origin.preset: unknown preset "{origin.preset}"')
        scenario = scenario_from_dict(root.get("scenario"))
    except ScenarioError as error:
        raise WidgetStateError(f"state.scenario: {error}") from None
    actions = tuple(
        action_from_dict(item, f"state.actions[{index}]")
        for index, item in enumerate(_list(root.get("actions", []), "state.actions"))
    )
    return WidgetState(
        key=_text(root.get("key"), "state.key"),
        origin=origin,
        scenario=scenario,
        actions=actions,
        product=_text(root.get("product", ""), "state.product"),
        selected=_text(root.get("selected", ""), "state.selected"),
        notice=_text(root.get("notice", ""), "state.notice"),
    )


def state_from_json(text: str) -> WidgetState:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise WidgetStateError("state: not valid JSON") from None
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
_LEVEL_NAME: Final = {level: name for name, level in LEVEL_NAMES.items()}


def action_to_dict(action: Action) -> dict[str, JsonValue]:
    if isinstance(action, AgreeConsent):
        return {"do": "consent", "on": action.agreed}
    if isinstance(action, SetCodes):
        return {"do": "codes", "axis": action.axis.value, "level": _LEVEL_NAME[action.level], "codes": list(action.codes)}
    if isinstance(action, SetAll):
        return {"do": "all", "axis": action.axis.value, "level": _LEVEL_NAME[action.level], "on": action.on}
    return {"do": _SIMPLE_NAME[type(action)]}


def action_from_dict(data: JsonValue, path: str) -> Action:
    item = _object(data, path)
    kind = _text(item.get("do"), f"{path}.do")
    if kind in _SIMPLE:
        action: Action = _SIMPLE[kind]()
        return action
    if kind == "consent":
        return AgreeConsent(_bool(item.get("on"), f"{path}.on"))
    axis = AXIS_NAMES.get(_text(item.get("axis"), f"{path}.axis"))
    level = LEVEL_NAMES.get(_text(item.get("level"), f"{path}.level"))
    if axis is None or level is None:
        raise WidgetStateError(f"{path}: unknown axis or level")
    if kind == "codes":
        codes = tuple(_text(code, f"{path}.codes[]") for code in _list(item.get("codes"), f"{path}.codes"))
        return SetCodes(axis, level, codes)
    if kind == "all":
        return SetAll(axis, level, _bool(item.get("on"), f"{path}.on"))
    raise WidgetStateError(f'{path}.do: unknown action "{kind}"')


def _object(value: JsonValue, path: str) -> dict[str, JsonValue]:
    if not isinstance(value, dict):
        raise WidgetStateError(f"{path}: expected an object")
    return value


def _list(value: JsonValue, path: str) -> list[JsonValue]:
    if not isinstance(value, list):
        raise WidgetStateError(f"{path}: expected a list")
    return value


def _text(value: JsonValue, path: str) -> str:
    if not isinstance(value, str):
        raise WidgetStateError(f"{path}: expected a string")
    return value


def _bool(value: JsonValue, path: str) -> bool:
    if not isinstance(value, bool):
        raise WidgetStateError(f"{path}: expected true or false")
    return value


def _optional_bool(value: JsonValue, path: str) -> bool | None:
    return None if value is None else _bool(value, path)


def _choice(value: JsonValue, path: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise WidgetStateError(f"{path}: expected one of {', '.join(choices)}, got {value!r}")
    assert isinstance(value, str)
    return value

