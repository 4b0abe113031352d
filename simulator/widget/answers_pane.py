"""The answers: the summary, the App's requests, every product × request, the values.

Each answer is a button naming its cell (see :mod:`simulator.widget.cells`); the
selected one's explanation opens right under its row, as a dialog that takes the
focus. The grids keep one tab stop each (a roving tabindex: the arrow keys move
between cells), so the keyboard reaches every part without tabbing through hundreds
of cells. With a "before" pinned, every cell whose answer changed says how.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Callable, Final

from simulator.connect import Step, wording
from simulator.engine import Answer, GrantIncrement, ValueRight
from simulator.model import Axis, AxisGrant, Effect, Layer, Section
from simulator.scenarios import RequestResult, ScenarioRequest
from simulator.widget import ids
from simulator.widget.cells import GRID_PRODUCTS, Explained, Results
from simulator.widget.compare import Comparison, Shift
from simulator.widget.drafts import BODY_MODES, EFFECT_CHOICES
from simulator.widget.markup import EFFECT_LOOK, VALUE_LOOK, button, e, hidden_text, selected
from simulator.widget.paste import to_curl
from simulator.widget.state import Draft, Tools, WidgetState

NOT_CONNECTED: Final = "The App is not connected: it holds no access token, so none of its calls is answered."
SHIFT_LOOK: Final = {Shift.GAINED: ("▲", "gained"), Shift.LOST: ("▼", "lost"), Shift.CHANGED: ("●", "changed")}
LIST_CHANGES: Final = 12
"""The comparison lists this many changed cells; the rest are counted."""
MODE_LABELS: Final = {"none": "No body", "json": "JSON", "form": "Form"}


# The summary.


def summary_pane(state: WidgetState, results: Results, comparison: Comparison | None) -> str:
    scenario = state.scenario
    who = f"{e(scenario.app.name)} in {e(scenario.edition.value)}"
    if results.matrix is None:
        out = [f'<p class="sim-summary-text"><strong>{who}:</strong> {e(NOT_CONNECTED)}</p>']
    else:
        counts = {effect: 0 for effect in Effect}
        for row in results.matrix.rows:
            for cell in row:
                counts[cell.effect] += 1
        total = sum(counts.values())
        parts = ", ".join(
            f"{counts[effect]} {EFFECT_LOOK[effect][1]}" for effect in Effect
            if counts[effect] or effect is not Effect.UNSIMULATED  # said only when some request is not simulated
        )
        every = len(results.catalog.products)
        shown = len(results.matrix.products)
        products = f"{shown} products" if shown == every else f"the first {shown:,} of {every:,} products"
        out = [
            f'<p class="sim-summary-text"><strong>{who}:</strong> {products} × '
            f"{len(results.matrix.templates)} requests = {total} answers: {parts}.</p>"
        ]
    held = [result for result in results.evaluation.results if result.assertions]
    if held:
        failing = [result for result in held if not result.holds]
        said = "all hold" if not failing else f"{len(failing)} of {len(held)} fail: " + ", ".join(
            f"#{result.index + 1} {result.request.label}" for result in failing[:5]
        ) + ("…" if len(failing) > 5 else "")
        out.append(f'<p class="sim-assertions{" sim-assertions--failing" if failing else ""}">Expected answers: {e(said)}.</p>')
    step = results.wizard.step
    if results.matrix is not None and step not in (Step.DONE, Step.CANCELLED) and scenario.user.manage_apps:
        out.append(
            f'<p class="sim-as-if">As if confirmed: the wizard stands on “{e(step.label)}”. In the PIM the App gets '
            "these answers once the wizard is finished; every change you make shows here at once.</p>"
        )
    if results.matrix is not None and step is Step.DONE and state.place.manage and state.place.unsaved:
        out.append(
            f'<p class="sim-as-if">As if saved: the App’s page has unsaved changes. In the PIM the App gets '
            f"these answers once you click “{e(wording.SAVE)}”; every change you make shows here at once.</p>"
        )
    if comparison is not None:
        out.append(_comparison(state, comparison))
    return "".join(out)


def _comparison(state: WidgetState, comparison: Comparison) -> str:
    counts = ", ".join(f"{comparison.count(shift)} {SHIFT_LOOK[shift][1]}" for shift in Shift)
    out = [
        '<div class="sim-compare">',
        f'<p><strong>Compared with “before”:</strong> {counts} of {comparison.compared} answers.</p>',
    ]
    if comparison.changes:
        items = []
        for change in comparison.changes[:LIST_CHANGES]:
            icon, word = SHIFT_LOOK[change.shift]
            items.append(
                f'<li class="sim-shift--{word}"><span class="sim-icon" aria-hidden="true">{icon}</span> '
                f"<span class=\"sim-said\">{word}:</span> "
                f'<a href="#{e(ids.cell(state.key, change.cell))}" data-action="explain" data-cell="{e(change.cell)}">'
                f"{e(change.label)}</a>: {e(change.before)} → {e(change.after)}</li>"
            )
        if len(comparison.changes) > LIST_CHANGES:
            items.append(f"<li>and {len(comparison.changes) - LIST_CHANGES} more, marked in the grids</li>")
        out.append(f'<ul class="sim-changes">{"".join(items)}</ul>')
    else:
        out.append("<p>No answer changed.</p>")
    out.append("</div>")
    return "".join(out)


# Cells.


class Roving:
    """Hands out the one tab stop of a grid: to the selected cell if it is in this
    grid, else to the grid's first control; the page's script moves it with the
    arrow keys, and its keyboard shortcut with it."""

    def __init__(self, state: WidgetState, prefix: str, shortcut: str) -> None:
        self.target = state.selected if state.selected.startswith(prefix) else None
        self.shortcut = shortcut
        self.given = False

    def tab(self, cell: str = "") -> str:
        """The tabindex (and shortcut) of the next control in this grid."""
        if not self.given and (self.target is None or cell == self.target):
            self.given = True
            return f' data-roving tabindex="0" aria-keyshortcuts="{self.shortcut}"'
        return ' data-roving tabindex="-1"'


def _cell_button(state: WidgetState, cell: str, kind: str, icon: str, text: str, roving: Roving, comparison: Comparison | None) -> str:
    pressed = "true" if state.selected == cell else "false"
    change = comparison.of(cell) if comparison is not None else None
    mark = ""
    extra = ""
    if change is not None:
        arrow, word = SHIFT_LOOK[change.shift]
        extra = f" sim-cell--{word}"
        mark = f'<span class="sim-was"><span aria-hidden="true">{arrow}</span> {e(word)}, was {e(change.before)}</span>'
    return (
        f'<button type="button" class="sim-cell sim-cell--{kind}{extra}" id="{e(ids.cell(state.key, cell))}" data-action="explain"'
        f' data-cell="{cell}" aria-pressed="{pressed}"{roving.tab(cell)}><span class="sim-icon" aria-hidden="true">{icon}</span> '
        f"{e(text)}</button>{mark}"
    )


def _effect_button(state: WidgetState, cell: str, effect: Effect, status: int, roving: Roving, comparison: Comparison | None) -> str:
    icon, word = EFFECT_LOOK[effect]
    return _cell_button(state, cell, effect.value, icon, f"{status} {word}", roving, comparison)


def _answer_button(state: WidgetState, cell: str, found: Answer | None, roving: Roving, comparison: Comparison | None) -> str:
    if found is None:
        return _cell_button(state, cell, "none", "–", "not sent", roving, comparison)
    return _effect_button(state, cell, found.effect, found.status, roving, comparison)


def _value_button(state: WidgetState, cell: str, right: ValueRight | None, roving: Roving, comparison: Comparison | None) -> str:
    if right is None:
        return ""
    icon, word = VALUE_LOOK[right.access]
    return _cell_button(state, cell, right.access.name.lower().replace("_", "-"), icon, word, roving, comparison)


# The requests.


def requests_pane(state: WidgetState, results: Results, comparison: Comparison | None) -> str:
    key = e(state.key)
    out = [f'<p class="sim-heading" id="{e(ids.requests(state.key))}" tabindex="-1">The App\'s requests</p>']
    roving = Roving(state, "r", "R")
    if results.evaluation.results:
        rows = []
        for result in results.evaluation.results:
            rows.append(_request_row(state, result, roving, comparison))
            if state.selected == f"r{result.index}":
                rows.append(_explanation_row(state, results, 4))
            if state.draft is not None and state.draft.index == result.index:
                rows.append(f'<tr class="sim-editor-row"><td colspan="4">{_draft_form(state, results, state.draft)}</td></tr>')
        out.append(
            f'<div class="sim-scroll"><table class="sim-table sim-requests sim-cards" data-grid aria-labelledby="{e(ids.requests(state.key))}">'
            '<thead><tr><th scope="col">Request</th><th scope="col">Answer</th><th scope="col">Expected</th>'
            '<th scope="col">Message</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div>"
        )
    else:
        out.append("<p>The App makes no request yet: add one, or paste one from a log.</p>")
    if state.draft is not None and state.draft.index < 0:
        out.append(_draft_form(state, results, state.draft))
    elif state.draft is None:
        out.append(f'<div class="sim-buttons">{button("Add a request", f"{key}-request-new", "request-new")}</div>')
    if state.origin.tools is Tools.FULL or state.draft is not None or state.paste:
        out.append(_paste_form(state))  # in an article, with the editor: readers rarely paste
    return "".join(out)


def _request_row(state: WidgetState, result: RequestResult, roving: Roving, comparison: Comparison | None) -> str:
    index = result.index
    cell = f"r{index}"
    request = result.request
    holder = not roving.given and roving.target is None  # the grid's tab stop is this row's first tool
    if holder:
        roving.given = True
    head = _request_head(
        state.key, index, len(state.scenario.requests), holder, roving.shortcut,
        request.method, request.path, json.dumps(request.body, sort_keys=True), json.dumps(dict(request.query), sort_keys=True),
    )
    message = e(result.answer.message) if result.answer is not None else ""
    row = (
        f"{head}"
        f'<td data-label="Answer">{_answer_button(state, cell, result.answer, roving, comparison)}</td>'
        f'<td data-label="Expected">{_assertion(result)}</td>'
        f'<td data-label="Message">{message}</td></tr>'
    )
    if state.curl == index:
        curl = e(ids.cell(state.key, cell)) + "-curl"
        row += (
            f'<tr class="sim-curl-row"><td colspan="4"><div class="sim-curl" id="{curl}" tabindex="-1" role="status">'
            f"<p>Request {index + 1} as curl, for your PIM: set <code>PIM_URL</code> and <code>ACCESS_TOKEN</code> first.</p>"
            f'<pre id="{curl}-text" data-copied>{e(to_curl(request))}</pre></div></td></tr>'
        )
    return row


@lru_cache(maxsize=1024)
def _request_head(
    key: str, index: int, count: int, holder: bool, shortcut: str, method: str, path: str, body: str, query: str
) -> str:
    """A request's row up to its answer: what it sends, its tools, its curl command.
    The same for every answer, so it is made once per request and place."""
    request = ScenarioRequest(method, path, json.loads(body), json.loads(query))
    cell = ids.cell(key, f"r{index}")
    tabs = [f' data-roving tabindex="0" aria-keyshortcuts="{shortcut}"' if holder and n == 0 else ' data-roving tabindex="-1"'
            for n in range(6)]
    number = index + 1
    tools = [
        _row_button("Edit", f"{cell}-edit", "request-edit", index, tabs[0], f"Edit request {number}"),
        _row_button("↑", f"{cell}-up", "request-move", index, tabs[1], f"Move request {number} up", disabled=index == 0, to="up"),
        _row_button("↓", f"{cell}-down", "request-move", index, tabs[2], f"Move request {number} down",
                    disabled=index == count - 1, to="down"),
        _row_button("Delete", f"{cell}-delete", "request-delete", index, tabs[3], f"Delete request {number}"),
        _row_button("Expect this", f"{cell}-expect", "request-expect", index, tabs[4], f"Expect the answer request {number} gets now"),
        _row_button("Copy as curl", f"{cell}-copy", "copy-curl", index, tabs[5], f"Copy request {number} as curl"),
    ]
    return (
        f'<tr><th scope="row"><span class="sim-number">{number}.</span> <code class="sim-call">'
        f"{_breakable(request.label)}</code>{_query(request.query)}{_changes(request.body)}"
        f'<span class="sim-row-tools">{"".join(tools)}</span></th>'
    )


LONG_SEGMENT: Final = 32
"""A path segment longer than this (a 200-character product code) may also wrap every
this many characters: it fits no phone's line whole, and the table must not widen."""


def _breakable(path: str) -> str:
    """A path that may wrap after its slashes, never inside a code of a usual length."""
    return "/<wbr>".join(
        "<wbr>".join(e(segment[start:start + LONG_SEGMENT]) for start in range(0, len(segment), LONG_SEGMENT))
        for segment in path.split("/")
    )


def _row_button(label: str, element_id: str, action: str, index: int, tab: str, name: str, *, disabled: bool = False, to: str = "") -> str:
    going = f' data-to="{to}"' if to else ""
    return (
        f'<button type="button" class="sim-link-button" id="{e(element_id)}" data-action="{action}" data-index="{index}"'
        f'{going} aria-label="{e(name)}"{tab}{" disabled" if disabled else ""}>{e(label)}</button>'
    )


def _assertion(result: RequestResult) -> str:
    if not result.assertions:
        return '<span class="sim-aside">—</span>'
    expected = " ".join(str(a.expected) for a in result.assertions if a.field in ("status", "effect"))
    others = [a for a in result.assertions if a.field not in ("status", "effect")]
    expected += "".join(f" {a.field.replace('_', ' ')} “{a.expected}”" for a in others)
    if result.holds:
        return f'<span class="sim-assert sim-assert--holds"><span aria-hidden="true">✓</span> holds: {e(expected)}</span>'
    got = ", ".join(f"{a.field.replace('_', ' ')} {a.actual}" for a in result.assertions if not a.holds)
    return (
        f'<span class="sim-assert sim-assert--fails"><span aria-hidden="true">✗</span> fails: expected {e(expected)}; '
        f"got {e(got)}</span>"
    )


def _query(query: object) -> str:
    if not isinstance(query, dict) or not query:
        return ""
    return f' <span class="sim-aside">?{e("&".join(f"{k}={v}" for k, v in query.items()))}</span>'


def _changes(body: object) -> str:
    """What a request's body changes, in a few words: ``name (fr_FR)``, ``categories``."""
    if not isinstance(body, dict) or not body:
        return ""
    parts: list[str] = []
    # Sorted: the state's JSON form sorts keys, and the same state must render the same.
    for name, value in sorted(body.items()):
        if name == "values" and isinstance(value, dict):
            for attribute, entries in sorted(value.items()):
                locales = [entry.get("locale") for entry in entries if isinstance(entry, dict)] if isinstance(entries, list) else []
                where = ", ".join(str(locale) for locale in locales if locale)
                parts.append(f"{attribute} ({where})" if where else str(attribute))
        else:
            parts.append(str(name))
    return f' <span class="sim-aside">{e(", ".join(parts))}</span>'


def _draft_form(state: WidgetState, results: Results, draft: Draft) -> str:
    key = state.key
    catalog = results.catalog

    def field(name: str) -> str:
        return e(ids.draft_field(key, name))

    title = "Edit request " + str(draft.index + 1) if draft.index >= 0 else "New request"
    methods = "".join(f'<option{selected(m == draft.method)}>{m}</option>' for m in ("GET", "POST", "PATCH", "DELETE"))
    modes = "".join(
        f'<label class="sim-check" for="{field("body_mode")}-{mode}"><input type="radio" name="body_mode" id="{field("body_mode")}-{mode}"'
        f' value="{mode}" data-action="draft" data-field="body_mode"{" checked" if draft.body_mode == mode else ""}> {MODE_LABELS[mode]}</label>'
        for mode in BODY_MODES
    )
    out = [
        f'<form class="sim-draft" data-action="request-save" aria-labelledby="{field("title")}" novalidate>',
        f'<p class="sim-heading" id="{field("title")}">{e(title)}</p>',
        '<div class="sim-controls">',
        f'<label class="sim-field" for="{field("method")}">Method</label>'
        f'<select id="{field("method")}" name="method" data-action="draft" data-field="method">{methods}</select>',
        f'<label class="sim-field" for="{field("path")}">Path</label>'
        f'<input type="text" id="{field("path")}" name="path" class="sim-path" value="{e(draft.path)}"'
        f' data-action="draft" data-field="path" spellcheck="false" list="{e(key)}-paths"'
        ' placeholder="/api/rest/v1/products/hat, or a product such as hat">',
        "</div>",
        f'<datalist id="{e(key)}-paths">'
        + "".join(f'<option value="/api/rest/v1/products/{e(p.identifier)}">' for p in catalog.products[:GRID_PRODUCTS])
        + '<option value="/api/rest/v1/products"></datalist>',
        f'<fieldset class="sim-modes"><legend>Body</legend>{modes}</fieldset>',
    ]
    if draft.body_mode == "json":
        out.append(
            f'<label class="sim-field" for="{field("body")}">Body (JSON)</label>'
            f'<textarea id="{field("body")}" name="body" rows="6" spellcheck="false" data-action="draft" data-field="body">'
            f"{e(draft.body)}</textarea>"
        )
    elif draft.body_mode == "form":
        out.append(_body_form(state, results, draft, field))
    effects = "".join(
        f'<option value="{effect}"{selected(effect == draft.expect_effect)}>{e(effect or "any")}</option>' for effect in EFFECT_CHOICES
    )
    out.append(
        '<fieldset class="sim-expect"><legend>Expected answer (optional)</legend><div class="sim-controls">'
        f'<label class="sim-field" for="{field("expect_status")}">Status</label>'
        f'<input type="text" inputmode="numeric" id="{field("expect_status")}" name="expect_status" size="4"'
        f' value="{e(draft.expect_status)}" data-action="draft" data-field="expect_status" placeholder="204">'
        f'<label class="sim-field" for="{field("expect_effect")}">Effect</label>'
        f'<select id="{field("expect_effect")}" name="expect_effect" data-action="draft" data-field="expect_effect">{effects}</select>'
        "</div></fieldset>"
    )
    if draft.error:
        out.append(f'<p class="sim-notice" role="alert" id="{field("error")}">{e(draft.error)}</p>')
    out.append(
        '<div class="sim-buttons">'
        f'<button type="submit" class="md-button md-button--primary" id="{field("save")}">'
        f'{"Save the request" if draft.index >= 0 else "Add the request"}</button>'
        + button("Cancel", ids.draft_field(key, "cancel"), "request-cancel")
        + "</div></form>"
    )
    return "".join(out)


def _body_form(state: WidgetState, results: Results, draft: Draft, field: Callable[[str], str]) -> str:
    catalog = results.catalog
    attributes = '<option value="">no value</option>' + "".join(
        f'<option value="{e(a.code)}"{selected(a.code == draft.attribute)}>{e(a.labels.get("en_US") or a.code)} ({e(a.code)})</option>'
        for a in catalog.attributes
    )
    locales = '<option value="">every locale (not localizable)</option>' + "".join(
        f'<option value="{e(code)}"{selected(code == draft.locale)}>{e(code)}</option>' for code in catalog.locale_codes
    )
    categories = "".join(f'<option value="{e(c.code)}">' for c in catalog.categories)
    return (
        '<fieldset class="sim-body-form"><legend>Change</legend><div class="sim-controls">'
        f'<label class="sim-field" for="{field("attribute")}">Set</label>'
        f'<select id="{field("attribute")}" name="attribute" data-action="draft" data-field="attribute">{attributes}</select>'
        f'<label class="sim-field" for="{field("locale")}">in</label>'
        f'<select id="{field("locale")}" name="locale" data-action="draft" data-field="locale">{locales}</select>'
        f'<label class="sim-field" for="{field("data")}">to</label>'
        f'<input type="text" id="{field("data")}" name="data" value="{e(draft.data)}" data-action="draft" data-field="data">'
        "</div><div class=\"sim-controls\">"
        f'<label class="sim-field" for="{field("categories")}">Move to the categories</label>'
        f'<input type="text" id="{field("categories")}" name="categories" value="{e(draft.categories)}" list="{e(state.key)}-categories"'
        f' data-action="draft" data-field="categories" spellcheck="false" placeholder="master_accessories_hats, print">'
        f'<datalist id="{e(state.key)}-categories">{categories}</datalist>'
        "</div></fieldset>"
    )


def _paste_form(state: WidgetState) -> str:
    element = e(ids.paste(state.key))
    error = (
        f'<p class="sim-notice" role="alert" id="{element}-error">{e(state.paste_error)}</p>' if state.paste_error else ""
    )
    described = f' aria-describedby="{element}-error"' if state.paste_error else ""
    return (
        '<form class="sim-paste" data-action="paste">'
        f'<label class="sim-field" for="{element}">Paste a request: a curl command, a log line, or words such as '
        '<code>PATCH hat name[en_US]="Straw hat"</code></label>'
        f'<textarea id="{element}" name="text" rows="2" spellcheck="false"{described}>{e(state.paste)}</textarea>{error}'
        f'<div class="sim-buttons"><button type="submit" class="md-button" id="{element}-add">Add the pasted request</button></div>'
        "</form>"
    )


# Every product, every request.


def grid_pane(state: WidgetState, results: Results, comparison: Comparison | None) -> str:
    matrix = results.matrix
    if matrix is None:
        return ""
    roving = Roving(state, "m", "G")
    heading = f"{e(state.key)}-grid-heading"
    out = [f'<p class="sim-heading" id="{heading}">Every product, every request</p>']
    head = "".join(f'<th scope="col"><code>{e(t.label)}</code></th>' for t in matrix.templates)
    labels = [t.label for t in matrix.templates]
    rows = []
    for p, (identifier, row) in enumerate(zip(matrix.products, matrix.rows)):
        product = results.catalog.product_by_identifier[identifier]
        name = product.labels.get("en_US") or identifier
        cells = "".join(
            f'<td data-label="{e(labels[t])}">{_effect_button(state, f"m{p}.{t}", cell.effect, cell.status, roving, comparison)}</td>'
            for t, cell in enumerate(row)
        )
        rows.append(f'<tr><th scope="row">{e(name)} <code class="sim-code">{e(identifier)}</code></th>{cells}</tr>')
        if state.selected.startswith(f"m{p}."):
            rows.append(_explanation_row(state, results, len(labels) + 1))
    out.append(
        f'<div class="sim-scroll"><table class="sim-table sim-matrix sim-cards" data-grid aria-labelledby="{heading}">'
        '<thead><tr><th scope="col">Product</th>' + head + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>"
    )
    return "".join(out)


# The values of a product.


def values_pane(state: WidgetState, results: Results, comparison: Comparison | None) -> str:
    key = e(state.key)
    catalog = results.catalog
    if results.matrix is None:
        return ""
    listed = list(catalog.products[:GRID_PRODUCTS])
    if results.product is not None and results.product not in listed:
        listed.append(results.product)  # chosen in the catalog pane, past the first ones
    choices = "".join(
        f'<option value="{e(p.identifier)}"{selected(p.identifier == state.product)}>{e(p.labels.get("en_US") or p.identifier)}</option>'
        for p in listed
    )
    heading = f"{key}-values-heading"
    out = [
        f'<p class="sim-heading" id="{heading}">Values of a product</p><p><label class="sim-field" for="{key}-product">Product</label>'
        f'<select id="{key}-product" data-action="product">{choices}</select></p>'
    ]
    if not results.value_rows:
        return "".join(out)
    roving = Roving(state, "v", "V")
    head = "".join(f'<th scope="col">{e(code)}</th>' for code in catalog.locale_codes)
    rows = []
    locales = len(catalog.locale_codes)
    for a, (attribute, rights) in enumerate(results.value_rows):
        label = attribute.labels.get("en_US") or attribute.code
        group = _group_label(results, attribute.group)
        if attribute.localizable:
            cells = "".join(
                f'<td data-label="{e(catalog.locale_codes[loc])}">{_value_button(state, f"v{a}.{loc}", right, roving, comparison)}</td>'
                for loc, right in enumerate(rights)
            )
        else:
            cells = (
                f'<td colspan="{locales}" data-label="every locale">{_value_button(state, f"v{a}.-", rights[0], roving, comparison)}'
                ' <span class="sim-aside">every locale</span></td>'
            )
        rows.append(f'<tr><th scope="row">{e(label)} <span class="sim-aside">{e(group)}</span></th>{cells}</tr>')
        if state.selected.startswith(f"v{a}."):
            rows.append(_explanation_row(state, results, locales + 1))
    out.append(
        f'<div class="sim-scroll"><table class="sim-table sim-values sim-cards" data-grid aria-labelledby="{heading}">'
        '<thead><tr><th scope="col">Attribute</th>' + head + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>"
    )
    return "".join(out)


def _group_label(results: Results, code: str) -> str:
    for group in results.catalog.attribute_groups:
        if group.code == code:
            return group.labels.get("en_US") or code
    return code


# The explanation, under the selected cell's row.


def _explanation_row(state: WidgetState, results: Results, columns: int) -> str:
    explained = results.explain(state.selected)
    if explained is None:
        return ""
    return f'<tr class="sim-explain-row"><td colspan="{columns}">{explanation(state, explained)}</td></tr>'


def explanation(state: WidgetState, explained: Explained) -> str:
    key = state.key
    dialog = e(ids.explanation(key))
    out = [
        f'<div class="sim-explanation" role="dialog" aria-modal="false" id="{dialog}" tabindex="-1"'
        f' aria-labelledby="{dialog}-title">',
        f'<p class="sim-heading" id="{dialog}-title">Why: <code>{_breakable(explained.title)}</code></p>',
    ]
    if explained.value is not None:
        icon, word = VALUE_LOOK[explained.value.access]
        out.append(
            f'<p><span class="sim-icon" aria-hidden="true">{icon}</span> The value is {e(word)}; '
            f"decided by the {e(explained.value.decided_by.value.replace('_', ' '))} permissions.</p>"
        )
    found = explained.answer
    if found is None:
        out.append(f"<p>{e(NOT_CONNECTED)}</p>")
    else:
        icon, word = EFFECT_LOOK[found.effect]
        message = f" — {e(found.message)}" if found.message else ""
        out.append(f'<p class="sim-answer"><span class="sim-icon" aria-hidden="true">{icon}</span> {found.status} {word}{message}</p>')
        if found.headers:
            headers = "; ".join(f"{name}: {value}" for name, value in sorted(found.headers.items()))
            out.append(f'<p class="sim-headers">Headers: <code>{e(headers)}</code></p>')
        out.append(f"<p>Decided by: <strong>{e(found.decided_by.value)}</strong>.</p>")
        checks = []
        for check in found.checks:
            mark, said = ("✓", "passed") if check.passed else ("✗", "failed")
            link = f' <a href="{e(state.origin.article)}#{e(check.anchor)}">{e(_section_title(check.anchor))}</a>'
            checks.append(
                f'<li class="sim-check-{said}"><span class="sim-icon" aria-hidden="true">{mark}</span>'
                f' <span class="sim-said">{said}:</span> {e(check.description)}{link}</li>'
            )
        out.append(f'<ol class="sim-checks">{"".join(checks)}</ol>')
        suggestion = found.smallest_grant
        if suggestion is not None:
            grants = json.dumps([_increment(increment) for increment in suggestion.increments], separators=(",", ":"))
            label = suggestion.sentence.removeprefix("Also grant ").rstrip(".")
            extra = f' data-cell="{e(state.selected)}" data-grants="{e(grants)}" data-label="{e(label)}"'
            out.append(
                f'<p class="sim-suggestion">{e(suggestion.sentence)} '
                + button("Apply", f"{dialog}-apply", "apply", primary=True, extra=extra)
                + "</p>"
            )
        elif found.remedy:
            out.append(f'<p class="sim-suggestion">{e(found.remedy)}</p>')  # why no grant helps
        out.append(f'<p class="sim-aside">The endpoint in the API reference: <a href="{e(found.documentation)}"'
                   f' rel="noopener noreferrer">{e(found.documentation.rsplit("#", 1)[-1])}</a></p>')
    out.append(
        '<div class="sim-buttons">'
        + button("Close", f"{dialog}-close", "close", extra=' aria-keyshortcuts="Escape"')
        + "</div></div>"
    )
    return "".join(out)


_AXIS_OF_LAYER: Final = {Layer.CATEGORY: Axis.CATEGORY, Layer.LOCALE: Axis.LOCALE, Layer.ATTRIBUTE_GROUP: Axis.ATTRIBUTE_GROUP}


def _increment(increment: GrantIncrement) -> list[str]:
    """An increment as the Apply button names it: ``["scope", code]`` or
    ``[axis, code, level]``."""
    if increment.layer is Layer.SCOPE or increment.level is None:
        return ["scope", increment.code]
    return [_AXIS_OF_LAYER[increment.layer].value, increment.code, AxisGrant.field_name(increment.level)]


def _section_title(anchor: str) -> str:
    for section in Section:
        if section.anchor == anchor:
            return "Read: " + section.name.replace("_", " ").capitalize()
    return "Read the article"


__all__ = ["explanation", "grid_pane", "hidden_text", "requests_pane", "summary_pane", "values_pane"]
