"""The wizard played as a scenario says: one sequence of clicks and every screen along it.

:func:`play` is the only place where a scenario becomes the wizard's clicks. The
runner takes the grant from the end of the sequence; the widget draws its screen from
a point in the same sequence (:meth:`Play.screen_after`), applying only the clicks a
reader made that the scenario did not. The clicks are those a user would make: tick
the consent box, allow, pick the scenario's codes in each permission field the form
offers, confirm. The wizard's rules decide the rest (which steps exist, read-only
fields, what CE and GE amount to, a disabled ``Connect``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from simulator.connect import (
    Action,
    AgreeConsent,
    Allow,
    AllowAndNext,
    App,
    Confirm,
    Connect,
    Next,
    SetAll,
    SetCodes,
    Step,
    WizardState,
    apply,
    marketplace,
    wording,
)
from simulator.model import Catalog, Grant, Level
from simulator.scenarios.scenario import Scenario, default_scopes


@dataclass(frozen=True)
class Play:
    """A sequence of wizard clicks and the screens it goes through."""

    clicks: tuple[Action, ...]
    screens: tuple[WizardState, ...]
    """``screens[i]`` is the wizard before ``clicks[i]``: the card first, the end last."""

    @property
    def card(self) -> WizardState:
        return self.screens[0]

    @property
    def end(self) -> WizardState:
        """Where the clicks lead: ``Well done!``, or the card for a user who cannot connect."""
        return self.screens[-1]

    @property
    def grant(self) -> Grant | None:
        return self.end.grant

    @property
    def catalog(self) -> Catalog:
        return self.card.catalog

    def stop(self, until: Step) -> int:
        """How many clicks lead to the ``until`` screen with its permission forms filled
        and its consent box left for the reader to tick; all of them when the flow
        never shows that screen."""
        for index, screen in enumerate(self.screens):
            if screen.step is until and (
                index == len(self.clicks) or not isinstance(self.clicks[index], (SetCodes, SetAll))
            ):
                return index
        return len(self.clicks)

    def screen_after(self, clicks: Sequence[Action]) -> WizardState:
        """The screen ``clicks`` lead to: taken from this play as far as they follow it,
        then each click of the reader's own applied."""
        shared = 0
        limit = min(len(clicks), len(self.clicks))
        while shared < limit and clicks[shared] == self.clicks[shared]:
            shared += 1
        screen = self.screens[shared]
        for action in clicks[shared:]:
            screen = apply(screen, action)
        return screen


def wizard_app(scenario: Scenario) -> App:
    """The App as the wizard sees it: asking the scopes the scenario grants (the PIM
    grants all or nothing of what is asked), with its raw request when unchanged, so
    the scopes the PIM drops are still reported."""
    if scenario.scopes == default_scopes(scenario.app):
        return scenario.app
    return replace(scenario.app, scopes=tuple(sorted(scenario.scopes)))


def play(scenario: Scenario, catalog: Catalog, along: Play | None = None) -> Play:
    """The scenario's clicks from the marketplace card to the end, and their screens.

    ``along`` is an earlier play of the same App, edition, user and catalog (a scenario
    whose permissions changed): the screens it shares with this one are taken from it
    rather than played again.
    """
    app = wizard_app(scenario)
    if along is not None and not (
        along.catalog is catalog
        and along.card.app == app
        and along.card.edition is scenario.edition
        and along.card.role == scenario.user
        and along.card.already_granted == scenario.already_granted
    ):
        along = None
    clicks: list[Action] = []
    # An App already connected: the wizard is the re-authorization, and the EE
    # permissions given at the first connection are kept (reference §2).
    screens = [along.card if along is not None else marketplace(
        app, scenario.edition, catalog, scenario.user,
        already_granted=scenario.already_granted, previous_permissions=scenario.permissions,
    )]

    def click(action: Action) -> WizardState:
        index = len(clicks)
        reused = (
            along is not None
            and index < len(along.clicks)
            and along.clicks[index] == action
            and along.screens[index] is screens[-1]
        )
        clicks.append(action)
        screens.append(along.screens[index + 1] if reused and along is not None else apply(screens[-1], action))
        return screens[-1]

    wizard = screens[0]
    while wizard.step is not Step.DONE:
        if wizard.step is Step.MARKETPLACE:
            if wizard.disabled_buttons:
                break
            wizard = click(Connect())
        elif wizard.step is Step.CONSENT:
            click(AgreeConsent())
            wizard = click(AllowAndNext())
        elif wizard.step is Step.AUTHORIZATIONS:
            wizard = click(Allow() if wording.ALLOW in wizard.buttons else AllowAndNext())
        elif wizard.step is Step.PERMISSIONS:
            for action in fill(scenario, wizard):
                click(action)
            wizard = click(Next())
        elif wizard.step is Step.SUMMARY:
            wizard = click(Confirm())
        else:  # pragma: no cover - a step the wizard grew must be played here
            raise AssertionError(f"the wizard stopped on {wizard.step.label}")
    return Play(tuple(clicks), tuple(screens))


def fill(scenario: Scenario, wizard: WizardState) -> list[Action]:
    """The clicks that pick the scenario's codes in each field the form offers: each
    code at its own level (the form adds it below), then the highest All flag.

    Read-only fields are left alone (the wizard saves nothing for them). A level the
    form does not offer (``read_products`` alone: View only) is given as the highest
    it offers.
    """
    assert wizard.form is not None
    actions: list[Action] = []
    for form in wizard.form.axes:
        if form.read_only:
            continue
        asked = scenario.permissions.axis(form.axis)
        top = form.levels[0]
        picked: dict[Level, list[str]] = {level: [] for level in form.levels}
        for option in form.options:
            level = asked.explicit_level(option.code)
            if level is not Level.NONE:
                picked[min(level, top)].append(option.code)
        chosen: set[str] = set()
        for level in form.levels:
            if picked[level]:
                chosen |= set(picked[level])
                actions.append(SetCodes(form.axis, level, tuple(sorted(chosen))))
        flagged = asked.all_level()
        if flagged is not Level.NONE:
            actions.append(SetAll(form.axis, min(flagged, top), True))
    return actions
