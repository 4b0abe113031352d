"""The setup pane: the scenario's title and grants first, the tools, and the editor.

What a link opens on: the title and notes the scenario carries (never a stale
example's), "changed from the example …" when it was made from one, and the grants
summary, so the reader sees what was set up before any answer. The editor below
changes every part of the setup; each control sends one event and the answers follow.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from simulator.connect import ENTITIES, IDENTITY_SCOPES, MARKETPLACE, Entity
from simulator.model import Axis, AxisGrant, Edition, Level
from simulator.scenarios import PRESET_IDS, preset
from simulator.widget import ids
from simulator.widget.markup import attrs, button, checked, e, hidden_text, inline, selected
from simulator.widget.setup import (
    ACCESS_WORDS,
    AXES_SHOWN,
    AXIS_NOUNS,
    AXIS_TITLES,
    LEVEL_WORDS,
    differences,
    own_words,
    setup_differences,
    grants_summary,
    options,
    level_name,
    scope_access,
    scopes_summary,
)
from simulator.widget.state import ROLE_PERMISSIONS, Tools, WidgetState

EDITION_NAMES: Final = {
    Edition.CE: "Community Edition (CE)",
    Edition.GE: "Growth Edition (GE)",
    Edition.EE: "Enterprise Edition (EE)",
}
LONG_LINK: Final = 2_000
"""Links longer than this are cut by some mail and chat tools: the file is offered."""
UNTITLED: Final = "Untitled scenario"
SHORTCUTS: Final = (
    ("S", "the setup"),
    ("W", "the wizard's screen"),
    ("R", "the requests"),
    ("G", "the grid of every product"),
    ("V", "the values of a product"),
    ("Escape", "close an explanation, back to its cell"),
    ("Control+Z", "undo"),
    ("Control+Shift+Z", "redo"),
    ("Arrow keys", "move between the cells of a grid"),
)


def setup_pane(state: WidgetState) -> str:
    return (
        _head(state) + _controls(state) + _role(state) + _tools(state) + _messages(state)
        + (_editor(state) if state.setup_open else "")
    )


EXAMPLE_NOTES: Final = "The example’s notes, before your changes"
"""The fold the example's notes go into once the setup is no longer the example's."""


def _head(state: WidgetState) -> str:
    """The title and notes the scenario has of its own, what changed from its example,
    and the grants.

    Once the setup differs from the example, the example's notes describe a catalog,
    grants or requests that no longer hold: they are folded away under a summary that
    says whose they are (one click, or Enter, opens them) rather than shown struck
    through, as struck text is still read first, and read out as if true by most
    screen readers, and would double the head's height on a phone.
    """
    scenario, key = state.scenario, state.key
    own = own_words(scenario)  # a link from an older simulator may still carry the example's words
    out = [f'<p class="sim-title" id="{e(ids.title(key))}">{e(own.title or UNTITLED)}</p>']
    changed = setup_differences(scenario) or differences(scenario)
    if changed and scenario.preset is not None:
        example = preset(scenario.preset)
        out.append(f'<p class="sim-changed">Changed from the example “{e(example.title)}”: {e(", ".join(changed))}.</p>')
        if example.notes and setup_differences(scenario) and own.notes != example.notes:
            out.append(
                f'<details class="sim-example-notes" id="{e(key)}-example-notes"><summary>{e(EXAMPLE_NOTES)}</summary>'
                f"<p>{inline(example.notes)}</p></details>"
            )
    if own.notes:
        out.append(f'<p class="sim-notes">{inline(own.notes)}</p>')
    rows = [
        ("Edition", EDITION_NAMES[scenario.edition]),
        ("App", f"{scenario.app.name} ({scopes_summary(scenario)})"),
        ("User's role", _role_words(state)),
        *grants_summary(scenario),
    ]
    items = "".join(f"<dt>{e(name)}</dt><dd>{e(value)}</dd>" for name, value in rows)
    out.append(f'<dl class="sim-grants" aria-label="The setup">{items}</dl>')
    return f'<div class="sim-head" data-part="head">{"".join(out)}</div>'


def _role_words(state: WidgetState) -> str:
    user = state.scenario.user
    shown = [name for name in ROLE_PERMISSIONS if name == "manage_apps" or state.scenario.edition is Edition.EE]
    has = [ROLE_PERMISSIONS[name] for name in shown if getattr(user, name)]
    lacks = [ROLE_PERMISSIONS[name] for name in shown if not getattr(user, name)]
    words = ", ".join(has) if has else "no App permission"
    return words + (f"; not {', '.join(lacks)}" if lacks else "")


def _tools(state: WidgetState) -> str:
    key = e(state.key)
    full = state.origin.tools is Tools.FULL
    undo = state.past[-1].label if state.past else ""
    redo = state.future[0].label if state.future else ""
    out = ['<div class="sim-tools" data-part="tools">']
    undo_label, redo_label = (f"Undo {undo}" if undo else "Undo"), (f"Redo {redo}" if redo else "Redo")
    out.append(button(undo_label, f"{key}-undo", "undo", disabled=not undo,
                      extra=f' title="{e(undo_label)}" aria-keyshortcuts="Control+Z"'))
    out.append(button(redo_label, f"{key}-redo", "redo", disabled=not redo,
                      extra=f' title="{e(redo_label)}" aria-keyshortcuts="Control+Shift+Z Control+Y"'))
    out.append(button("Copy link", f"{key}-copy-link", "copy-link", extra=" data-send-page"))
    if state.before is not None:
        out.append(button("Unpin “before”", f"{key}-unpin", "unpin"))
    else:
        out.append(button("Pin as “before”", f"{key}-pin", "pin"))
    out.append(button("Restart the wizard", f"{key}-restart", "restart"))
    if full:
        out.append(button("Export the scenario", f"{key}-export", "export"))
        out.append(
            f'<label class="md-button sim-file" for="{key}-import">Import a scenario'
            f'<input type="file" id="{key}-import" accept=".json,application/json" data-action="import"></label>'
        )
    out.append(button("Reset", f"{key}-reset", "reset"))
    if not full:
        label = "Hide the grants" if state.setup_open else "Change the grants"
        out.append(button(label, f"{ids.setup(state.key)}-toggle", "toggle-setup",
                          extra=f' aria-expanded="{"true" if state.setup_open else "false"}"'
                          + (f' aria-controls="{key}-editor"' if state.setup_open else ' aria-keyshortcuts="S"')))
    out.append("</div>")
    keys = "".join(f"<dt><kbd>{e(k)}</kbd></dt><dd>{e(what)}</dd>" for k, what in SHORTCUTS)
    out.append(
        f'<details class="sim-keys" id="{key}-keys"><summary>Keyboard shortcuts</summary>'
        f'<p>With the focus in this simulator, outside a text field:</p><dl>{keys}</dl></details>'
    )
    return "".join(out)


def _messages(state: WidgetState) -> str:
    out = []
    if state.notice:
        out.append(f'<p class="sim-notice" role="status">{e(state.notice)}</p>')
    if state.shared:
        out.append(_share(state))
    return "".join(out)


def _share(state: WidgetState) -> str:
    key = e(state.key)
    length = len(state.shared)
    out = [
        f'<div class="sim-share" id="{e(ids.share(state.key))}" role="status">',
        f'<label class="sim-field" for="{key}-share-link">Link ({length:,} characters)</label>',
        f'<input type="text" id="{key}-share-link" readonly data-copied value="{e(state.shared)}">',
    ]
    if length > LONG_LINK:
        out.append(
            f"<p>This link is {length:,} characters long: some mail and chat tools cut links longer than "
            f"{LONG_LINK:,} characters. Send the scenario file instead; it opens with “Import a scenario” "
            "on the simulator page.</p>"
        )
        out.append(button("Download the scenario file", f"{key}-share-export", "export"))
    else:
        out.append("<p>It opens this setup, and the answer shown, in any browser.</p>")
    out.append("</div>")
    return "".join(out)


# The editor.


def _controls(state: WidgetState) -> str:
    """The example, the edition and the App: always at hand."""
    scenario, key = state.scenario, e(state.key)
    out = ['<div class="sim-controls" data-part="controls">']
    if state.origin.tools is Tools.FULL:
        choices = "".join(
            f'<option value="{e(pid)}"{selected(pid == scenario.preset)}>{e(preset(pid).title)}</option>'
            for pid in PRESET_IDS
        )
        out.append(f'<label class="sim-field" for="{key}-preset">Example</label>'
                   f'<select id="{key}-preset" data-action="preset">{choices}</select>')
    editions = "".join(
        f'<option value="{edition.value}"{selected(edition is scenario.edition)}>{EDITION_NAMES[edition]}</option>'
        for edition in Edition
    )
    out.append(f'<label class="sim-field" for="{key}-edition">Edition</label>'
               f'<select id="{key}-edition" data-action="edition">{editions}</select>')
    apps = list(MARKETPLACE)
    if scenario.app not in apps:
        apps.insert(0, scenario.app)
    app_options = "".join(
        f'<option value="{e(app.id)}"{selected(app == scenario.app)}>{e(app.name)}</option>' for app in apps
    )
    out.append(f'<label class="sim-field" for="{key}-app">App</label>'
               f'<select id="{key}-app" data-action="app">{app_options}</select>')
    out.append("</div>")
    return "".join(out)


def _editor(state: WidgetState) -> str:
    """The grants on every axis, the scopes, the title and notes."""
    scenario, key = state.scenario, e(state.key)
    out = [f'<div class="sim-editor" id="{key}-editor">']
    out.append('<div class="sim-editor-head" data-part="grants">')
    out.append(f'<p class="sim-heading" id="{e(ids.setup(state.key))}" tabindex="-1" aria-keyshortcuts="S">Grants</p>')
    if scenario.edition is not Edition.EE:
        out.append(f'<p class="sim-note">{e(scenario.edition.value)} has no permissions: the grants below count in EE only.</p>')
    out.append("</div>")
    out.extend(_grant_table(state, axis) for axis in AXES_SHOWN)
    out.append(_scopes(state))
    out.append(_words(state))
    out.append("</div>")
    return "".join(out)


def _role(state: WidgetState) -> str:
    """The role permissions of the user who connects: ``Manage apps`` in every edition,
    the three permission-managing ones where they matter (the EE permission step)."""
    key, user = e(state.key), state.scenario.user
    shown = [name for name in ROLE_PERMISSIONS if name == "manage_apps" or state.scenario.edition is Edition.EE]
    boxes = "".join(
        f'<label class="sim-check" for="{key}-{name.replace("_", "-")}"><input type="checkbox"'
        f' id="{key}-{name.replace("_", "-")}" data-action="role" data-permission="{name}"'
        f'{checked(getattr(user, name))}> <code>{e(ROLE_PERMISSIONS[name])}</code></label>'
        for name in shown
    )
    return f'<fieldset class="sim-role" data-part="role"><legend>The user\'s role has</legend>{boxes}</fieldset>'


def _scopes(state: WidgetState) -> str:
    return _scopes_of(e(state.key), state.scenario.scopes)


@lru_cache(maxsize=32)
def _scopes_of(key: str, scopes: frozenset[str]) -> str:
    products = next(entity for entity in ENTITIES if entity.code == "products")
    out = ['<fieldset class="sim-scopes" data-part="scopes"><legend>Scopes the App was granted</legend>']
    out.append(_scope_select(key, products, scopes, "Products"))
    others = [entity for entity in ENTITIES if entity.code != "products"]
    granted = sum(1 for entity in others if scope_access(scopes, entity) is not None) + sum(1 for s in IDENTITY_SCOPES if s in scopes)
    out.append(f'<details class="sim-more" id="{key}-more-scopes"><summary>Other scopes ({granted} granted)</summary>'
               '<div class="sim-scope-grid">')
    out.extend(_scope_select(key, entity, scopes, entity.label.capitalize()) for entity in others)
    for scope in IDENTITY_SCOPES:
        out.append(
            f'<label class="sim-check" for="{key}-scope-{scope}"><input type="checkbox" id="{key}-scope-{scope}"'
            f' data-action="scope" data-entity="{scope}" value="on"{checked(scope in scopes)}> <code>{scope}</code></label>'
        )
    out.append("</div></details></fieldset>")
    return "".join(out)


def _scope_select(key: str, entity: Entity, scopes: frozenset[str], label: str) -> str:
    current = scope_access(scopes, entity)
    choices = [("none", "none")] + [(ACCESS_WORDS[access], entity.scope(access)) for access in entity.accesses]
    rendered = "".join(
        f'<option value="{word}"{selected((current is None and word == "none") or (current is not None and word == ACCESS_WORDS[current]))}>'
        f"{e(scope if word != 'none' else 'no scope')}</option>"
        for word, scope in choices
    )
    element = f"{key}-scope-{entity.code}"
    return (
        f'<label class="sim-field sim-scope" for="{element}">{e(label)}'
        f'<select id="{element}" data-action="scope" data-entity="{entity.code}">{rendered}</select></label>'
    )


def _grant_table(state: WidgetState, axis: Axis) -> str:
    scenario = state.scenario
    return _grant_table_of(
        e(state.key), axis, scenario.permissions.axis(axis), options(state.catalog(), axis), scenario.user.may_manage(axis)
    )


@lru_cache(maxsize=64)
def _grant_table_of(key: str, axis: Axis, grant: AxisGrant, choices: tuple[tuple[str, str], ...], managed: bool) -> str:
    """One axis's grants as a table of levels, a row per code (and one for All)."""
    levels = [Level.NONE, *sorted(axis.levels)]
    everything = grant.all_level()
    one, many = AXIS_NOUNS[axis]
    caption = f"{key}-grants-{axis.value}"
    head = "".join(f'<th scope="col" id="{caption}-{level_name(lv)}">{LEVEL_WORDS[lv]}</th>' for lv in levels)
    rows = [_grant_row(key, axis, "", f"All {many}", everything, Level.NONE, levels, caption)]
    for code, label in choices:
        rows.append(_grant_row(key, axis, code, label, max(grant.explicit_level(code), everything), everything, levels, caption))
    read_only = "" if managed else (
        f'<p class="sim-note">The user\'s role cannot manage {e(many)}: the wizard saves nothing here.</p>'
    )
    return (
        f'<div class="sim-scroll"><table class="sim-table sim-grant-table" aria-labelledby="{caption}">'
        f'<caption id="{caption}">{e(AXIS_TITLES[axis])}</caption>'
        f'<thead><tr><th scope="col">{e(one.capitalize())}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{read_only}"
    )


def _grant_row(
    key: str, axis: Axis, code: str, label: str, level: Level, floor: Level, levels: list[Level], caption: str
) -> str:
    row_id = f"{caption}-{code or 'all'}"
    action = "level" if code else "all-level"
    cells = []
    for option in levels:
        word = level_name(option)
        element = f"{row_id}-{word}"
        covered = bool(code) and option < floor
        cells.append(
            f'<td><input type="radio" name="{row_id}" id="{element}" value="{word}"'
            f"{attrs(data_action=action, data_axis=axis.value, data_code=code or None)}"
            f' aria-labelledby="{row_id}-label {caption}-{word}"{checked(option is level)}{" disabled" if covered else ""}></td>'
        )
    note = hidden_text(" (through All)") if code and floor is not Level.NONE and level is floor else ""
    return f'<tr><th scope="row" id="{row_id}-label">{e(label)}{note}</th>{"".join(cells)}</tr>'


def _words(state: WidgetState) -> str:
    key = e(state.key)
    scenario = state.scenario
    return (
        '<div class="sim-words" data-part="words">'
        f'<label class="sim-field" for="{key}-title-field">Title</label>'
        f'<input type="text" id="{key}-title-field" data-action="words" data-field="title" maxlength="200"'
        f' value="{e(scenario.title)}" placeholder="{e(UNTITLED)}">'
        f'<label class="sim-field" for="{key}-notes-field">Notes</label>'
        f'<textarea id="{key}-notes-field" data-action="words" data-field="notes" rows="2" maxlength="2000"'
        f' placeholder="What the customer asked, what this setup shows">{e(scenario.notes)}</textarea>'
        "</div>"
    )
