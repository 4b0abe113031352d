"""The wizard pane: the PIM's App activation screens, where the reader stands.

The words are the PIM's, from :mod:`simulator.connect.wording` and the wizard. The
screen is drawn from the scenario (see :func:`simulator.widget.state.wizard_of`), so
its permission forms always show the setup, and ticking a box there changes the setup.
"""

from __future__ import annotations

from typing import Callable, Final

from simulator.connect import AxisForm, ManageAppPermissions, Step, WizardState, connected_app_notice, wording
from simulator.model import Section
from simulator.widget import ids
from simulator.widget.manage import manage_page, on_page
from simulator.widget.markup import button, e, inline
from simulator.widget.state import ANSWER_PANES, WidgetState

BUTTON_EVENTS: Final = {
    wording.CONNECT: "connect",
    wording.ALLOW: "allow",
    wording.ALLOW_AND_NEXT: "allow_and_next",
    wording.CANCEL: "cancel",
    wording.PREVIOUS: "previous",
    wording.NEXT: "next",
    wording.CONFIRM: "confirm",
}
_PRIMARY: Final = frozenset({wording.CONNECT, wording.ALLOW, wording.ALLOW_AND_NEXT, wording.NEXT, wording.CONFIRM})

LIVE_FORM: Final = "What you tick here is the setup: the answers change at once, as if you had confirmed."


def wizard_pane(state: WidgetState, wizard: WizardState) -> str:
    key = e(state.key)
    page = on_page(state)
    if page is not None:
        return _app_page(state, page)
    out = []
    steps = [Step.MARKETPLACE, *wizard.steps]
    if wizard.step is Step.CANCELLED:
        steps.append(Step.CANCELLED)
    current = ' aria-current="step"'
    items = "".join(f"<li{current if step is wizard.step else ''}>{e(step.label)}</li>" for step in steps)
    out.append(f'<ol class="sim-progress" aria-label="Steps">{items}</ol>')
    out.append(f'<div class="sim-screen" id="{e(ids.screen(state.key))}" tabindex="-1" aria-keyshortcuts="W">')
    out.append(_SCREENS[wizard.step](state, wizard))
    out.append("</div>")
    buttons = [
        button(
            label, f"{key}-do-{BUTTON_EVENTS[label]}", "wizard",
            disabled=label in wizard.disabled_buttons, primary=label in _PRIMARY,
            extra=f' data-do="{BUTTON_EVENTS[label]}"',
        )
        for label in wizard.buttons
    ]
    if buttons:
        out.append(f'<div class="sim-buttons">{"".join(buttons)}</div>')
    return "".join(out)


def _marketplace(state: WidgetState, wizard: WizardState) -> str:
    app = wizard.app
    out = [
        '<div class="sim-card">',
        f'<p class="sim-heading sim-card-name">{e(app.name)}</p>',
        f'<p class="sim-card-publisher">by {e(app.publisher)}</p>' if app.publisher else "",
        f"<p>{inline(app.description)}</p>" if app.description else "",
        "</div>",
    ]
    if wizard.help:
        out.append(f'<p class="sim-help">{inline(wizard.help)}</p>')
    out.extend(f'<p class="sim-note">{e(note)}</p>' for note in wizard.notes)
    return "".join(out)


def _consent(state: WidgetState, wizard: WizardState) -> str:
    key = e(state.key)
    lines = "".join(f"<li>{e(line)}</li>" for line in wizard.consent_lines)
    checked = " checked" if wizard.consent_agreed else ""
    return (
        f'<p class="sim-heading">{e(wizard.app.name)}</p><ul class="sim-lines">{lines}</ul>'
        f'<label class="sim-check" for="{key}-consent"><input type="checkbox" id="{key}-consent"'
        f' data-action="consent"{checked}> {e(wizard.consent_checkbox)}</label>'
    )


def _authorizations(state: WidgetState, wizard: WizardState) -> str:
    out = [f'<p class="sim-heading">{e(wizard.title)}</p>']
    screen = wizard.no_scope_screen
    if screen is not None:
        out.append(f"<p>{e(screen.message)}</p>")
        abilities = "".join(f"<li>{e(ability)}</li>" for ability in screen.abilities)
        out.append(f'<p>It will still be able to:</p><ul class="sim-lines">{abilities}</ul>')
    else:
        badge = f' <span class="sim-aside">{e(wizard.new_line_badge)}</span>' if wizard.new_line_badge else ""
        out.append('<ul class="sim-lines">' + "".join(f"<li>{e(line)}{badge}</li>" for line in wizard.authorization_lines)
                   + "</ul>")
    if wizard.already_allowed_lines:
        already = "".join(f"<li>{e(line)}</li>" for line in wizard.already_allowed_lines)
        out.append(f'<p>{e(wizard.already_allowed_heading)}</p><ul class="sim-lines">{already}</ul>')
    out.extend(f'<p class="sim-note">{e(note)}</p>' for note in wizard.notes)
    return "".join(out)


def _permissions(state: WidgetState, wizard: WizardState) -> str:
    assert wizard.form is not None
    out = [f'<p class="sim-help">{_help_link(state)}</p>']
    if state.panes & ANSWER_PANES:  # a block showing the form alone has no answers to change
        out.append(f'<p class="sim-note">{e(LIVE_FORM)}</p>')
    out.extend(_axis_form(state, form, index) for index, form in enumerate(wizard.form.axes))
    return "".join(out)


def _help_link(state: WidgetState) -> str:
    href = f"{state.origin.article}#{Section.PERMISSION_STEPS.anchor}"
    return f'<a href="{e(href)}">{e(wording.PERMISSIONS_HELP)}</a>'


def _axis_form(state: WidgetState, form: AxisForm, index: int, where: str = "f", actions: tuple[str, str] = ("all", "code")) -> str:
    """One axis's fields, a checkbox per code and All; ``where`` tells the wizard's
    ids from the App page's, ``actions`` the events they send."""
    key = e(state.key)
    axis = e(form.axis.value)
    every, one = actions
    out = [f'<fieldset class="sim-axis"><legend>{e(form.entity.capitalize())}</legend>']
    if form.read_only:
        out.append(f'<p class="sim-note">Read-only: the user\'s role cannot manage permissions on {e(form.entity)}.</p>')
    for level_field in form.fields:
        level = level_field.label.lower()
        base = f"{key}-{where}{index}-{level}"
        all_off = " disabled" if form.read_only else ""
        all_on = " checked" if level_field.all else ""
        out.append(f'<fieldset class="sim-level"><legend>{e(level_field.label)}</legend>')
        out.append(
            f'<label class="sim-check sim-all" for="{base}-all"><input type="checkbox" id="{base}-all" data-action="{every}"'
            f' data-axis="{axis}" data-level="{level}"{all_on}{all_off}> {e(wording.ALL)}</label>'
        )
        for number, option in enumerate(form.options):
            on = " checked" if level_field.all or option.code in level_field.codes else ""
            off = " disabled" if form.read_only or level_field.all else ""
            out.append(
                f'<label class="sim-check" for="{base}-{number}"><input type="checkbox" id="{base}-{number}" data-action="{one}"'
                f' data-axis="{axis}" data-level="{level}" data-code="{e(option.code)}"{on}{off}> {e(option.label)}</label>'
            )
        out.append("</fieldset>")
    out.append("</fieldset>")
    return "".join(out)


def _summary_step(state: WidgetState, wizard: WizardState) -> str:
    assert wizard.form is not None
    out = [f'<p class="sim-help">{_help_link(state)}</p>']
    for form in wizard.form.axes:
        rows = "".join(
            f"<dt>{e(label)}</dt><dd>{e(', '.join(picked)) if picked else 'nothing'}</dd>"
            for label, picked in form.summary()
        )
        out.append(f'<div class="sim-summary-axis"><p class="sim-heading">{e(form.entity.capitalize())}</p><dl>{rows}</dl></div>')
    return "".join(out)


def _done(state: WidgetState, wizard: WizardState) -> str:
    out = [f'<p class="sim-heading">{e(wording.PROGRESS_DONE)}</p>']
    out.extend(f'<p class="sim-message" role="status">{e(message)}</p>' for message in wizard.messages)
    notice = connected_app_notice(wizard.grant.scopes) if wizard.grant is not None else ""
    if notice:
        out.append(f"<p>{e(notice)}</p>")
    out.append("<p>Your App can now interact with your PIM: its answers are below.</p>")
    out.extend(f'<p class="sim-note">{e(note)}</p>' for note in wizard.notes)
    if manage_page(state) is not None:
        out.append(
            f"<p>Later, its permissions are changed from {e(wording.CONNECT_MENU)} › {e(wording.CONNECTED_APPS)} › "
            f"<code>{e(wording.MANAGE_APP)}</code> › {e(wording.PERMISSIONS_TAB)}:</p>"
            f'<div class="sim-buttons">{button(wording.MANAGE_APP, ids.manage_button(state.key), "manage-app")}</div>'
        )
    return "".join(out)


LIVE_APP_PAGE: Final = (
    "What you tick here is the setup: the answers change at once, as if you had clicked “{save}”. "
    "Of the App's page, only its {tab} tab is simulated."
)


def _app_page(state: WidgetState, page: ManageAppPermissions) -> str:
    """The connected App's page on its Permissions tab: the PIM's breadcrumb, tabs,
    forms (filled with what the App's user group holds) and ``Save``."""
    key = e(state.key)
    app = e(state.scenario.app.name)
    trail = "".join(f"<li>{e(step)}</li>" for step in (wording.CONNECT_MENU, wording.CONNECTED_APPS))
    current = ' aria-current="page"'
    tabs = "".join(
        f'<li{current if tab == wording.PERMISSIONS_TAB else ""}>{e(tab)}</li>'
        for tab in (wording.SETTINGS_TAB, wording.PERMISSIONS_TAB, wording.ERROR_MONITORING_TAB)
    )
    out = [
        f'<nav class="sim-breadcrumb" aria-label="Where in the PIM"><ol>{trail}<li aria-current="page">{app}</li></ol></nav>',
        f'<div class="sim-screen" id="{e(ids.screen(state.key))}" tabindex="-1" aria-keyshortcuts="W">',
        f'<p class="sim-heading sim-app-name">{app}</p>',
        f'<ul class="sim-tabs" aria-label="The App\'s page">{tabs}</ul>',
        f'<p class="sim-note">{e(LIVE_APP_PAGE.format(save=wording.SAVE, tab=wording.PERMISSIONS_TAB))}</p>',
    ]
    if state.place.unsaved:
        out.append(f'<p class="sim-unsaved" role="status">{e(wording.UNSAVED_CHANGES)}</p>')
    out.extend(_axis_form(state, form, index, "manage-f", ("manage-all", "manage-code"))
               for index, form in enumerate(page.form.axes))
    out.append("</div>")
    save = button(wording.SAVE, f"{key}-do-save", "manage-save", disabled=not state.place.unsaved, primary=True)
    leave = button("Close the App's page", f"{key}-do-close", "manage-close")
    out.append(f'<div class="sim-buttons">{save}{leave}</div>')
    return "".join(out)


def _cancelled(state: WidgetState, wizard: WizardState) -> str:
    return (
        '<p class="sim-heading">Cancelled</p><p>Nothing was granted: the App is not connected, so none of its calls '
        "is answered (the results below). Restart the wizard to connect it; the setup is kept.</p>"
    )


_SCREENS: Final[dict[Step, Callable[[WidgetState, WizardState], str]]] = {
    Step.MARKETPLACE: _marketplace,
    Step.CONSENT: _consent,
    Step.AUTHORIZATIONS: _authorizations,
    Step.PERMISSIONS: _permissions,
    Step.SUMMARY: _summary_step,
    Step.DONE: _done,
    Step.CANCELLED: _cancelled,
}
