"""The connected App's page, Permissions tab (Connected Apps > Manage app > Permissions):
where an EE admin changes the App's permissions after the wizard was confirmed.

The page is the engine's (:func:`simulator.connect.manage_app_permissions`): which forms
it has (View fields only with ``read_products``), which are read-only (the role lacks
"Manage … permissions"), what ``Save`` does. As everywhere in the workbench, a box
ticked here is the setup at once (the answers say "as if saved"); ``Save`` then says
what the PIM says and the changes count as saved.
"""

from __future__ import annotations

from dataclasses import replace

from simulator.connect import (
    ManageAppPermissions,
    Save,
    SetAll,
    SetCodes,
    Step,
    WizardError,
    apply_to_settings,
    manage_app_permissions,
    wording,
)
from simulator.model import Axis, Edition, Level
from simulator.widget.setup import with_axis_grant
from simulator.widget.state import Place, WidgetState, play_of


def manage_page(state: WidgetState) -> ManageAppPermissions | None:
    """The Permissions tab of the App the wizard connected, showing what its user group
    holds; None when the PIM shows no such tab (not EE, no product scope, not
    connected)."""
    grant = play_of(state).grant
    if grant is None or state.place.step is not Step.DONE:
        return None
    try:
        return manage_app_permissions(grant, state.catalog(), state.scenario.user)
    except WizardError:
        return None


def on_page(state: WidgetState) -> ManageAppPermissions | None:
    """The page, when the reader stands on it."""
    return manage_page(state) if state.place.manage else None


def opened(state: WidgetState) -> WidgetState:
    """``Manage app`` clicked: the reader stands on the App's Permissions tab."""
    if manage_page(state) is None:
        return replace(state, notice=f"“{wording.MANAGE_APP}” is not offered here: {_why_not(state)}.")
    return replace(state, place=Place(Step.DONE, manage=True))


def closed(state: WidgetState) -> WidgetState:
    """Back to where the wizard ended; what was ticked stays (it is the setup)."""
    return replace(state, place=Place(Step.DONE))


def changed(state: WidgetState, action: SetCodes | SetAll) -> WidgetState | str:
    """A box of the page ticked: the new setup (to record), or why the page did not
    take it (a read-only form, a field it does not have); ``state`` itself when the
    box said what the field held already."""
    page = on_page(state)
    if page is None:
        return "The App's page is not open: click “Manage app” on the wizard's last screen."
    try:
        after = apply_to_settings(page, action)
    except WizardError as error:
        return str(error)
    if after is page:
        return state
    form = after.form.axis(action.axis)
    scenario = with_axis_grant(state.scenario, action.axis, form.grant())
    return replace(state, scenario=scenario, place=Place(Step.DONE, manage=True, unsaved=True))


def saved(state: WidgetState) -> WidgetState:
    """``Save``: what the PIM says; the changes, already in the answers, count as saved."""
    page = on_page(state)
    if page is None:
        return replace(state, notice="The App's page is not open: there is nothing to save.")
    try:
        after = apply_to_settings(replace(page, unsaved=state.place.unsaved), Save())
    except WizardError as error:
        return replace(state, notice=_sentence(str(error)))
    return replace(state, place=Place(Step.DONE, manage=True), notice=" ".join(after.messages))


def _why_not(state: WidgetState) -> str:
    scenario = state.scenario
    if state.place.step is not Step.DONE or play_of(state).grant is None:
        return "the App is not connected yet (the wizard is not finished)"
    if scenario.edition is not Edition.EE:
        return f"{scenario.edition.value} has no permissions, so the App's page has no Permissions tab"
    return "the App may not view products, so its page has no Permissions tab"


def _sentence(text: str) -> str:
    text = text.strip()
    return f"{text[:1].upper()}{text[1:]}" + ("" if text.endswith((".", "!", "?")) else ".")


def codes_after(page: ManageAppPermissions, axis: Axis, level: Level, code: str, on: bool) -> tuple[str, ...]:
    """The codes of one field once ``code`` is ticked (``on``) or unticked."""
    picked = list(page.form.axis(axis).field(level).codes)
    if on:
        return tuple(picked if code in picked else [*picked, code])
    return tuple(c for c in picked if c != code)
