"""The widget's HTML: one renderer for the build (CPython) and the page (Pyodide).

:func:`render` writes the whole widget; :func:`render_regions` the inside of each
region, which the page swaps when a region's hash changes. The words are the PIM's,
from :mod:`simulator.connect.wording` and the wizard; every name that comes from a catalog, a
scenario or a link goes through :func:`html.escape`, so no data is ever read as HTML.
There is no script and no inline event handler: the page's module finds the controls
by their ``data-action`` attributes.
"""

from __future__ import annotations

import html
import zlib
from typing import Final

from simulator.connect import (
    AxisForm,
    Step,
    WizardState,
    connected_app_notice,
    wording,
)
from simulator.engine import Answer, ValueAccess, ValueRight
from simulator.model import AxisGrant, Edition, Effect, Section
from simulator.scenarios import PRESET_IDS, preset
from simulator.widget.cells import Explained, Results
from simulator.widget.state import (
    ROLE_PERMISSIONS,
    Show,
    Tools,
    WidgetState,
    state_to_json,
)

REGIONS: Final = ("setup", "wizard", "summary", "results", "explain")
"""The parts of the widget the page updates one by one, in page order."""

REGION_LABELS: Final = {
    "setup": "Scenario",
    "wizard": "Connection wizard",
    "summary": "Results summary",
    "results": "What the App may do",
    "explain": "Explanation",
}

EFFECT_LOOK: Final = {
    Effect.APPLIED: ("✓", "applied"),
    Effect.DRAFT: ("✎", "draft"),
    Effect.REFUSED: ("✗", "refused"),
    Effect.INVISIBLE: ("⊘", "invisible"),
}
"""Each outcome told apart by an icon and a word, never by colour alone."""

VALUE_LOOK: Final = {
    ValueAccess.EDITABLE: ("✓", "editable"),
    ValueAccess.THROUGH_DRAFT: ("✎", "through a draft"),
    ValueAccess.READ_ONLY: ("◐", "read-only"),
    ValueAccess.HIDDEN: ("⊘", "hidden"),
}

EDITION_NAMES: Final = {
    Edition.CE: "Community Edition (CE)",
    Edition.GE: "Growth Edition (GE)",
    Edition.EE: "Enterprise Edition (EE)",
}

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

NOT_CONNECTED: Final = "The App is not connected: it holds no access token, so none of its calls is answered."
LOADING_SHARED: Final = "Loading the shared scenario…"
STATIC_NOTE: Final = "The results below were computed when this page was built; the simulator starts when you use it."


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _inline(text: str) -> str:
    """Escaped text with its `backticked` words as code, as the article writes them."""
    parts = _e(text).split("`")
    return "".join(f"<code>{part}</code>" if index % 2 else part for index, part in enumerate(parts))


def region_hash(inner: str) -> str:
    return format(zlib.crc32(inner.encode("utf-8")), "08x")


def render(state: WidgetState) -> str:
    """The whole widget, as the build puts it into the page."""
    regions = render_regions(state)
    parts = [
        f'<div class="sim" id="{_e(state.key)}" role="group" aria-labelledby="{_e(state.key)}-title"'
        f' data-simulator data-state="{_e(state_to_json(state))}">',
        f'<p class="sim-runtime" data-runtime>{_e(STATIC_NOTE)}</p>',
    ]
    for name in REGIONS:
        inner = regions[name]
        live = ' aria-live="polite"' if name in ("summary", "explain") else ""
        parts.append(
            f'<div class="sim-region sim-{name}" role="group" data-region="{name}" data-hash="{region_hash(inner)}"'
            f' aria-label="{_e(REGION_LABELS[name])}"{live}>{inner}</div>'
        )
    parts.append("</div>")
    return "\n".join(parts) + "\n"


def render_regions(state: WidgetState) -> dict[str, str]:
    """The inner HTML of each region of :data:`REGIONS`."""
    results = Results(state)
    show = state.origin.show
    return {
        "setup": _setup(state),
        "wizard": _wizard(state, results.wizard) if show is not Show.RESULTS else "",
        "summary": _summary(state, results) if show is not Show.WIZARD else "",
        "results": _results(state, results) if show is not Show.WIZARD else "",
        "explain": _explain(state, results) if show is not Show.WIZARD else "",
    }


# The scenario: title, edition, role, tools.


def _setup(state: WidgetState) -> str:
    scenario, key = state.scenario, _e(state.key)
    out = [f'<p class="sim-title" id="{key}-title">{_e(scenario.title or scenario.app.name)}</p>']
    if scenario.notes:
        out.append(f'<p class="sim-notes">{_inline(scenario.notes)}</p>')
    out.append('<div class="sim-controls">')
    if state.origin.tools is Tools.FULL:
        options = "".join(
            f'<option value="{_e(pid)}"{_selected(pid == scenario.preset)}>{_e(preset(pid).title)}</option>'
            for pid in PRESET_IDS
        )
        out.append(
            f'<label class="sim-field" for="{key}-preset">Example</label>'
            f'<select id="{key}-preset" data-action="preset">{options}</select>'
        )
    editions = "".join(
        f'<option value="{edition.value}"{_selected(edition is scenario.edition)}>{EDITION_NAMES[edition]}</option>'
        for edition in Edition
    )
    out.append(
        f'<label class="sim-field" for="{key}-edition">Edition</label>'
        f'<select id="{key}-edition" data-action="edition">{editions}</select>'
    )
    out.append("</div>")
    out.append(_role(state))
    out.append('<div class="sim-tools">')
    out.append(_button("Copy link", f"{key}-copy-link", "copy-link"))
    out.append(_button("Restart the wizard", f"{key}-restart", "restart"))
    if state.origin.tools is Tools.FULL:
        out.append(_button("Export the scenario", f"{key}-export", "export"))
        out.append(
            f'<label class="md-button sim-file" for="{key}-import">Import a scenario'
            f'<input type="file" id="{key}-import" accept=".json,application/json" data-action="import"></label>'
        )
        out.append(_button("Reset", f"{key}-reset", "reset"))
    out.append("</div>")
    if state.notice:
        out.append(f'<p class="sim-notice" role="alert">{_e(state.notice)}</p>')
    return "".join(out)


def _role(state: WidgetState) -> str:
    """The role permissions of the user who connects: ``Manage apps`` in every edition,
    the three permission-managing ones where they matter (the EE permission step)."""
    key, user = _e(state.key), state.scenario.user
    shown = [name for name in ROLE_PERMISSIONS if name == "manage_apps" or state.scenario.edition is Edition.EE]
    boxes = "".join(
        f'<label class="sim-check" for="{key}-{name.replace("_", "-")}"><input type="checkbox"'
        f' id="{key}-{name.replace("_", "-")}" data-action="role" data-permission="{name}"'
        f'{" checked" if getattr(user, name) else ""}> <code>{_e(ROLE_PERMISSIONS[name])}</code></label>'
        for name in shown
    )
    return f'<fieldset class="sim-role"><legend>The user\'s role has</legend>{boxes}</fieldset>'


def _selected(on: bool) -> str:
    return " selected" if on else ""


def _button(label: str, element_id: str, action: str, *, disabled: bool = False, primary: bool = False, extra: str = "") -> str:
    classes = "md-button md-button--primary" if primary else "md-button"
    off = " disabled" if disabled else ""
    return (
        f'<button type="button" class="{classes}" id="{element_id}" data-action="{action}"{extra}{off}>'
        f"{_e(label)}</button>"
    )


# The wizard.


def _wizard(state: WidgetState, wizard: WizardState) -> str:
    key = _e(state.key)
    out = []
    steps = [Step.MARKETPLACE, *wizard.steps]
    if wizard.step is Step.CANCELLED:
        steps.append(Step.CANCELLED)
    current = ' aria-current="step"'
    items = "".join(f"<li{current if step is wizard.step else ''}>{_e(step.label)}</li>" for step in steps)
    out.append(f'<ol class="sim-progress" aria-label="Steps">{items}</ol>')
    out.append(f'<div class="sim-screen" id="{key}-screen" tabindex="-1">')
    out.append(_SCREENS[wizard.step](state, wizard))
    out.append("</div>")
    buttons = [
        _button(
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
        f'<p class="sim-heading sim-card-name">{_e(app.name)}</p>',
        f'<p class="sim-card-publisher">by {_e(app.publisher)}</p>' if app.publisher else "",
        f"<p>{_inline(app.description)}</p>" if app.description else "",
        "</div>",
    ]
    if wizard.help:
        out.append(f'<p class="sim-help">{_inline(wizard.help)}</p>')
    out.extend(f'<p class="sim-note">{_e(note)}</p>' for note in wizard.notes)
    return "".join(out)


def _consent(state: WidgetState, wizard: WizardState) -> str:
    key = _e(state.key)
    lines = "".join(f"<li>{_e(line)}</li>" for line in wizard.consent_lines)
    checked = " checked" if wizard.consent_agreed else ""
    return (
        f'<p class="sim-heading">{_e(wizard.app.name)}</p><ul class="sim-lines">{lines}</ul>'
        f'<label class="sim-check" for="{key}-consent"><input type="checkbox" id="{key}-consent"'
        f' data-action="consent"{checked}> {_e(wizard.consent_checkbox)}</label>'
    )


def _authorizations(state: WidgetState, wizard: WizardState) -> str:
    out = [f'<p class="sim-heading">{_e(wizard.title)}</p>']
    screen = wizard.no_scope_screen
    if screen is not None:
        out.append(f"<p>{_e(screen.message)}</p>")
        abilities = "".join(f"<li>{_e(ability)}</li>" for ability in screen.abilities)
        out.append(f'<p>It will still be able to:</p><ul class="sim-lines">{abilities}</ul>')
    else:
        badge = f' <span class="sim-aside">{_e(wizard.new_line_badge)}</span>' if wizard.new_line_badge else ""
        out.append('<ul class="sim-lines">' + "".join(f"<li>{_e(line)}{badge}</li>" for line in wizard.authorization_lines)
                   + "</ul>")
    if wizard.already_allowed_lines:
        already = "".join(f"<li>{_e(line)}</li>" for line in wizard.already_allowed_lines)
        out.append(f'<p>{_e(wizard.already_allowed_heading)}</p><ul class="sim-lines">{already}</ul>')
    out.extend(f'<p class="sim-note">{_e(note)}</p>' for note in wizard.notes)
    return "".join(out)


def _permissions(state: WidgetState, wizard: WizardState) -> str:
    assert wizard.form is not None
    out = [f'<p class="sim-help">{_help_link(state)}</p>']
    out.extend(_axis_form(state, form, index) for index, form in enumerate(wizard.form.axes))
    return "".join(out)


def _help_link(state: WidgetState) -> str:
    href = f"{state.origin.article}#{Section.PERMISSION_STEPS.anchor}"
    return f'<a href="{_e(href)}">{_e(wording.PERMISSIONS_HELP)}</a>'


def _axis_form(state: WidgetState, form: AxisForm, index: int) -> str:
    key = _e(state.key)
    axis = _e(form.axis.value)
    out = [f'<fieldset class="sim-axis"><legend>{_e(form.entity.capitalize())}</legend>']
    if form.read_only:
        out.append(f'<p class="sim-note">Read-only: the user\'s role cannot manage permissions on {_e(form.entity)}.</p>')
    for level_field in form.fields:
        level = AxisGrant.field_name(level_field.level)
        base = f"{key}-f{index}-{level}"
        all_off = " disabled" if form.read_only else ""
        all_on = " checked" if level_field.all else ""
        out.append(f'<fieldset class="sim-level"><legend>{_e(level_field.label)}</legend>')
        out.append(
            f'<label class="sim-check sim-all" for="{base}-all"><input type="checkbox" id="{base}-all" data-action="all"'
            f' data-axis="{axis}" data-level="{level}"{all_on}{all_off}> {_e(wording.ALL)}</label>'
        )
        for number, option in enumerate(form.options):
            on = " checked" if level_field.all or option.code in level_field.codes else ""
            off = " disabled" if form.read_only or level_field.all else ""
            out.append(
                f'<label class="sim-check" for="{base}-{number}"><input type="checkbox" id="{base}-{number}" data-action="code"'
                f' data-axis="{axis}" data-level="{level}" data-code="{_e(option.code)}"{on}{off}> {_e(option.label)}</label>'
            )
        out.append("</fieldset>")
    out.append("</fieldset>")
    return "".join(out)


def _summary_step(state: WidgetState, wizard: WizardState) -> str:
    assert wizard.form is not None
    out = [f'<p class="sim-help">{_help_link(state)}</p>']
    for form in wizard.form.axes:
        rows = "".join(
            f"<dt>{_e(label)}</dt><dd>{_e(', '.join(picked)) if picked else 'nothing'}</dd>"
            for label, picked in form.summary()
        )
        out.append(f'<div class="sim-summary-axis"><p class="sim-heading">{_e(form.entity.capitalize())}</p><dl>{rows}</dl></div>')
    return "".join(out)


def _done(state: WidgetState, wizard: WizardState) -> str:
    out = [f'<p class="sim-heading">{_e(wording.PROGRESS_DONE)}</p>']
    out.extend(f'<p class="sim-message" role="status">{_e(message)}</p>' for message in wizard.messages)
    notice = connected_app_notice(wizard.grant.scopes) if wizard.grant is not None else ""
    if notice:
        out.append(f"<p>{_e(notice)}</p>")
    out.append("<p>Your App can now interact with your PIM: its answers are below.</p>")
    out.extend(f'<p class="sim-note">{_e(note)}</p>' for note in wizard.notes)
    return "".join(out)


def _cancelled(state: WidgetState, wizard: WizardState) -> str:
    return (
        '<p class="sim-heading">Cancelled</p><p>Nothing was granted: the App is not connected, so none of its calls '
        "is answered (the results below). Restart the wizard to connect it.</p>"
    )


_SCREENS: Final = {
    Step.MARKETPLACE: _marketplace,
    Step.CONSENT: _consent,
    Step.AUTHORIZATIONS: _authorizations,
    Step.PERMISSIONS: _permissions,
    Step.SUMMARY: _summary_step,
    Step.DONE: _done,
    Step.CANCELLED: _cancelled,
}


# The results.


def _summary(state: WidgetState, results: Results) -> str:
    scenario = state.scenario
    who = f"{_e(scenario.app.name)} in {_e(scenario.edition.value)}"
    if results.matrix is None:
        return f'<p class="sim-summary-text"><strong>{who}:</strong> {_e(NOT_CONNECTED)}</p>'
    counts = {effect: 0 for effect in Effect}
    for row in results.matrix.rows:
        for cell in row:
            counts[cell.effect] += 1
    total = sum(counts.values())
    parts = ", ".join(f"{counts[effect]} {EFFECT_LOOK[effect][1]}" for effect in Effect)
    text = (
        f"<strong>{who}:</strong> {len(results.matrix.products)} products × {len(results.matrix.templates)} "
        f"requests = {total} answers: {parts}."
    )
    return f'<p class="sim-summary-text">{text}</p>'


def _results(state: WidgetState, results: Results) -> str:
    key = _e(state.key)
    out = []
    if results.evaluation.results:
        out.append('<p class="sim-heading">The App\'s requests</p>')
        rows = []
        for result in results.evaluation.results:
            cell = f"r{result.index}"
            rows.append(
                f"<tr><th scope=\"row\"><code>{_e(result.request.label)}</code>{_changes(result.request.body)}</th>"
                f"<td>{_answer_button(state, cell, result.answer)}</td>"
                f"<td>{_e(result.answer.message) if result.answer is not None else ''}</td></tr>"
            )
        out.append(
            '<div class="sim-scroll"><table class="sim-table sim-requests"><thead><tr><th scope="col">Request</th>'
            '<th scope="col">Answer</th><th scope="col">Message</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div>"
        )
    matrix = results.matrix
    if matrix is not None:
        out.append('<p class="sim-heading">Every product, every request</p>')
        head = "".join(f'<th scope="col"><code>{_e(t.label)}</code></th>' for t in matrix.templates)
        rows = []
        for p, (identifier, row) in enumerate(zip(matrix.products, matrix.rows)):
            product = results.catalog.product_by_identifier[identifier]
            name = product.labels.get("en_US") or identifier
            cells = "".join(
                f"<td>{_effect_button(state, f'm{p}.{t}', cell.effect, cell.status)}</td>" for t, cell in enumerate(row)
            )
            rows.append(f'<tr><th scope="row">{_e(name)} <code>{_e(identifier)}</code></th>{cells}</tr>')
        out.append(
            '<div class="sim-scroll"><table class="sim-table sim-matrix"><thead><tr><th scope="col">Product</th>'
            + head + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>"
        )
        out.append(_values(state, results, key))
    return "".join(out)


def _changes(body: object) -> str:
    """What a request's body changes, in a few words: ``name (fr_FR)``, ``categories``."""
    if not isinstance(body, dict) or not body:
        return ""
    parts: list[str] = []
    # Sorted: the state's JSON form sorts keys, and the same state must render the same.
    for name, value in sorted(body.items()):
        if name == "values" and isinstance(value, dict):
            for attribute, entries in sorted(value.items()):
                locales = [e.get("locale") for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []
                where = ", ".join(str(locale) for locale in locales if locale)
                parts.append(f"{attribute} ({where})" if where else str(attribute))
        else:
            parts.append(str(name))
    return f' <span class="sim-aside">{_e(", ".join(parts))}</span>'


def _values(state: WidgetState, results: Results, key: str) -> str:
    catalog = results.catalog
    options = "".join(
        f'<option value="{_e(p.identifier)}"{_selected(p.identifier == state.product)}>'
        f'{_e(p.labels.get("en_US") or p.identifier)}</option>'
        for p in catalog.products
    )
    out = [
        f'<p class="sim-heading">Values of a product</p><p><label class="sim-field" for="{key}-product">Product</label>'
        f'<select id="{key}-product" data-action="product">{options}</select></p>'
    ]
    if not results.value_rows:
        return "".join(out)
    head = "".join(f'<th scope="col">{_e(code)}</th>' for code in catalog.locale_codes)
    rows = []
    locales = len(catalog.locale_codes)
    for a, (attribute, rights) in enumerate(zip(catalog.attributes, (cells for _, cells in results.value_rows))):
        label = attribute.labels.get("en_US") or attribute.code
        group = _group_label(results, attribute.group)
        if attribute.localizable:
            cells = "".join(f"<td>{_value_button(state, f'v{a}.{loc}', right)}</td>" for loc, right in enumerate(rights))
        else:
            cells = f'<td colspan="{locales}">{_value_button(state, f"v{a}.-", rights[0])} <span class="sim-aside">every locale</span></td>'
        rows.append(f'<tr><th scope="row">{_e(label)} <span class="sim-aside">{_e(group)}</span></th>{cells}</tr>')
    out.append(
        '<div class="sim-scroll"><table class="sim-table sim-values"><thead><tr><th scope="col">Attribute</th>'
        + head + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>"
    )
    return "".join(out)


def _group_label(results: Results, code: str) -> str:
    for group in results.catalog.attribute_groups:
        if group.code == code:
            return group.labels.get("en_US") or code
    return code


def _cell_button(state: WidgetState, cell: str, kind: str, icon: str, text: str) -> str:
    pressed = "true" if state.selected == cell else "false"
    return (
        f'<button type="button" class="sim-cell sim-cell--{kind}" id="{_e(state.key)}-{cell}" data-action="explain"'
        f' data-cell="{cell}" aria-pressed="{pressed}"><span class="sim-icon" aria-hidden="true">{icon}</span> {_e(text)}</button>'
    )


def _effect_button(state: WidgetState, cell: str, effect: Effect, status: int) -> str:
    icon, word = EFFECT_LOOK[effect]
    return _cell_button(state, cell, effect.value, icon, f"{status} {word}")


def _answer_button(state: WidgetState, cell: str, found: Answer | None) -> str:
    if found is None:
        return _cell_button(state, cell, "none", "–", "not sent")
    return _effect_button(state, cell, found.effect, found.status)


def _value_button(state: WidgetState, cell: str, right: ValueRight | None) -> str:
    if right is None:
        return ""
    icon, word = VALUE_LOOK[right.access]
    return _cell_button(state, cell, right.access.name.lower().replace("_", "-"), icon, word)


# The explanation.


def _explain(state: WidgetState, results: Results) -> str:
    explained = results.explain(state.selected) if state.selected else None
    if explained is None:
        return '<p class="sim-hint">Choose any answer or value above to see why the PIM answers so.</p>'
    return _explanation(state, explained)


def _explanation(state: WidgetState, explained: Explained) -> str:
    out = [f'<p class="sim-heading">Why: <code>{_e(explained.title)}</code></p>']
    if explained.value is not None:
        icon, word = VALUE_LOOK[explained.value.access]
        out.append(
            f'<p><span class="sim-icon" aria-hidden="true">{icon}</span> The value is {_e(word)}; '
            f"decided by the {_e(explained.value.decided_by.value.replace('_', ' '))} permissions.</p>"
        )
    found = explained.answer
    if found is None:
        out.append(f"<p>{_e(NOT_CONNECTED)}</p>")
        return "".join(out)
    icon, word = EFFECT_LOOK[found.effect]
    message = f" — {_e(found.message)}" if found.message else ""
    out.append(f'<p class="sim-answer"><span class="sim-icon" aria-hidden="true">{icon}</span> {found.status} {word}{message}</p>')
    out.append(f"<p>Decided by: <strong>{_e(found.decided_by.value)}</strong>.</p>")
    checks = []
    for check in found.checks:
        mark, said = ("✓", "passed") if check.passed else ("✗", "failed")
        link = f' <a href="{_e(state.origin.article)}#{_e(check.anchor)}">{_e(_section_title(check.anchor))}</a>'
        checks.append(
            f'<li class="sim-check-{said}"><span class="sim-icon" aria-hidden="true">{mark}</span>'
            f' <span class="sim-said">{said}:</span> {_e(check.description)}{link}</li>'
        )
    out.append(f'<ol class="sim-checks">{"".join(checks)}</ol>')
    if found.remedy:
        out.append(f'<p class="sim-suggestion">{_e(found.remedy)}</p>')
    out.append(f'<p class="sim-aside">The endpoint in the API reference: <a href="{_e(found.documentation)}"'
               f' rel="noopener noreferrer">{_e(found.documentation.rsplit("#", 1)[-1])}</a></p>')
    return "".join(out)


def _section_title(anchor: str) -> str:
    for section in Section:
        if section.anchor == anchor:
            return "Read: " + section.name.replace("_", " ").capitalize()
    return "Read the article"
