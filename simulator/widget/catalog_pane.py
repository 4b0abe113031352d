"""The catalog pane of the full page: import a customer's PIM, see what the App may do
with their products at a glance, and find any product among a million.

Its parts are ``<div role="region">``, never ``<section>``: the page wraps a simulator in
the one ``<section>`` that keeps it out of the search index, and mkdocs-material's
search parser would end that exclusion at the first inner ``</section>``.

- **Import**: the files are read by the simulator running in this browser, never
  uploaded (the pane says so); the report lists what each file was found to be and
  every problem with its file, line and column. *Anonymise* replaces every code and
  label with neutral ones before the setup is shared.
- **Summary**: how many products the App can see, edit directly, edit through drafts,
  only view, cannot see — for the catalog, each tree and each category — computed per
  situation (:mod:`simulator.engine.situations`), so it costs the same for a million
  products as for a thousand.
- **Products**: a page of :data:`PAGE_SIZE` products at a time (never a million rows in
  the page), with their access and the answers to the grid's requests; searching by
  code goes straight to the product.

Every text from the catalog is escaped; the controls carry ``data-action`` for the
page's script, which only forwards the events.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from dataclasses import dataclass
from typing import Final

from simulator.engine import ACCESS_ORDER, Access, Counts, Situations, Summary, products_with, summarise
from simulator.formats import ImportResult, Severity, catalog_identity
from simulator.model import ATTRIBUTE_TYPES, METRIC, Catalog, Grant, ProductColumns
from simulator.scenarios import MAX_INLINE_PRODUCTS, Scenario, default_templates, matrix, play

PAGE_SIZE: Final = 50
CATEGORY_ROWS: Final = 200
"""Categories listed under a tree; a larger tree says how many more it has."""
PRIVACY: Final = "Processed in your browser: the files are never uploaded, nothing leaves this page."
ACCESS_LABELS: Final = {
    Access.DIRECT: "Edit directly",
    Access.DRAFTS: "Edit through drafts",
    Access.VIEW: "Only view",
    Access.HIDDEN: "Cannot see",
}
ACCESS_NAMES: Final = {access.name.lower(): access for access in Access}


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class EditOutcome:
    """What the last edit of the catalog editor did, shown under its form."""

    edit: str
    said: str
    refused: bool = False
    fields: tuple[tuple[str, str], ...] = ()
    """What the reader typed in a refused form, given back to them."""
    depth: int = 0
    """How many changes the undo history held once the edit was made: the outcome is
    shown while the setup is still that one."""


@dataclass(frozen=True)
class CatalogView:
    """What the reader looks at in the pane: a page of products, a search, a filter,
    and the outcome of the last edit."""

    page: int = 0
    search: str = ""
    access: str = ""
    """One of :data:`ACCESS_NAMES`, or empty for every product."""
    edit: EditOutcome | None = None


_SITUATIONS: OrderedDict[int, tuple[Catalog, Situations]] = OrderedDict()
_REPORTS_KEPT: Final = 8
_REPORTS: OrderedDict[str, ImportResult] = OrderedDict()
"""The reports of the last imports, by their catalog's identity (its contents, or the
name it is kept under): a catalog carried by a scenario is read again into another,
equal, object at each change, and another import may share its code, label and counts."""


def situations_of(catalog: Catalog) -> Situations:
    """The catalog's situations, indexed once per catalog (by identity: hashing a
    catalog would walk its million products)."""
    found = _SITUATIONS.get(id(catalog))
    if found is not None and found[0] is catalog:
        _SITUATIONS.move_to_end(id(catalog))
        return found[1]
    made = Situations(catalog)
    _SITUATIONS[id(catalog)] = (catalog, made)
    while len(_SITUATIONS) > 3:
        _SITUATIONS.popitem(last=False)
    return made


def remember_report(result: ImportResult, scenario: Scenario) -> None:
    """``result`` is the report of ``scenario``'s catalog, as imported."""
    _REPORTS[catalog_identity(scenario.catalog)] = result
    while len(_REPORTS) > _REPORTS_KEPT:
        _REPORTS.popitem(last=False)


def carry_report(before: Scenario, after: Scenario) -> None:
    """``after``'s catalog is ``before``'s edited: the report of the import it was made
    from still tells what the files held."""
    found = report_of(before)
    if found is not None:
        remember_report(found, after)


def report_of(scenario: Scenario) -> ImportResult | None:
    found = _REPORTS.get(catalog_identity(scenario.catalog))
    if found is not None:
        _REPORTS.move_to_end(catalog_identity(scenario.catalog))
    return found


def catalog_pane(scenario: Scenario, view: CatalogView, key: str) -> str:
    catalog = scenario.load_catalog()
    grant = play(scenario, catalog).grant
    parts = [_import_form(key, catalog, scenario), _report(scenario), editor(catalog, key, view.edit)]
    if grant is None:
        parts.append('<p class="sim-catalog-note">The App is not connected: it can do nothing with the products.</p>')
    else:
        situations = situations_of(catalog)
        summary = summarise(situations, grant)
        parts.append(_summary(catalog, summary, key))
        parts.append(_products(catalog, situations, summary, grant, view, key))
    return "\n".join(parts)


def _import_form(key: str, catalog: Catalog, scenario: Scenario) -> str:
    imported = isinstance(scenario.catalog, str) and scenario.catalog.startswith("imported-")
    size = len(catalog.products)
    if imported and size > MAX_INLINE_PRODUCTS:
        sharing = (f"This catalog has {size:,} products: too many for a link. To share the setup, save the scenario "
                   "file (it carries the catalog), or anonymise it first.")
    else:
        sharing = (f"A link to this setup carries the whole catalog ({size:,} products)"
                   + (": anonymise it first if it is a customer's." if imported else "."))
    return (
        f'<div class="sim-import" role="region" aria-labelledby="{e(key)}-import-title">'
        f'<h2 id="{e(key)}-import-title">Import a customer\'s PIM</h2>'
        '<p>CSV exports of the PIM (categories, products, product models, attributes, attribute groups, families, '
        'channels, a locale list), saved REST API responses (pages of <code>/api/rest/v1/…</code>, or JSON lines), '
        'or a catalog or scenario file: each file is recognised by its content.</p>'
        f'<p class="sim-privacy"><strong>{e(PRIVACY)}</strong></p>'
        f'<label class="md-button md-button--primary sim-file" for="{e(key)}-import-files">Import files…'
        f'<input id="{e(key)}-import-files" type="file" multiple '
        'accept=".csv,.json,.jsonl,.ndjson,.txt,text/csv,application/json" data-action="import-catalog"></label>'
        f'<div class="sim-import-progress" data-import-progress hidden>'
        f'<progress max="1" value="0" aria-label="Import progress"></progress> <span data-import-stage></span> '
        f'<button type="button" class="md-button" data-import-cancel>Stop the import</button></div>'
        f'<p class="sim-sharing">{e(sharing)}</p>'
        f'<button type="button" class="md-button" id="{e(key)}-anonymise" data-action="anonymise">Anonymise</button> '
        '<span class="sim-hint">replaces every code and label with neutral ones (tree_1, category_1_2, product_417); '
        'the structure and the answers stay the same.</span>'
        "</div>"
    )


def _report(scenario: Scenario) -> str:
    result = report_of(scenario)
    if result is None:
        return ""
    rows = "".join(
        f"<li><strong>{e(f.name)}</strong>: {e(f.description)}"
        + (f" ({e(f.encoding)})" if f.encoding else "") + "</li>"
        for f in result.files
    )
    counts = result.counts
    problems = "".join(
        f'<li class="sim-problem-{p.severity.value}"><code>{e(p.where)}</code> {e(p.message)}</li>'
        for p in result.report
    )
    more = f"<li>… and {result.report.unlisted:,} more of the same kinds</li>" if result.report.unlisted else ""
    errors, warnings = result.report.errors, result.report.warnings
    heading = "No problem" if not errors and not warnings else f"{errors:,} problems, {warnings:,} warnings"
    opened = " open" if errors else ""
    return (
        '<div class="sim-import-report" role="region" aria-label="Import report">'
        f"<p>Imported: {counts['trees']:,} trees, {counts['categories']:,} categories, {counts['locales']:,} locales, "
        f"{counts['attributes']:,} attributes, {counts['product_models']:,} product models, "
        f"{counts['products']:,} products.</p>"
        f"<ul>{rows}</ul>"
        + (f"<details{opened}><summary>{e(heading)}</summary><ul class=\"sim-problems\">{problems}{more}</ul></details>"
           if problems else f"<p>{e(heading)}.</p>")
        + "</div>"
    )


def _counts_cells(counts: Counts) -> str:
    return "".join(f'<td class="sim-num">{counts.of(access):,}</td>' for access in ACCESS_ORDER)


def _summary(catalog: Catalog, summary: Summary, key: str) -> str:
    total = summary.total
    head = "".join(f'<th scope="col">{e(ACCESS_LABELS[access])}</th>' for access in ACCESS_ORDER)
    lines = [
        f'<div class="sim-catalog-summary" role="region" aria-labelledby="{e(key)}-catalog-title">',
        f'<h2 id="{e(key)}-catalog-title">What the App may do with the {total.total:,} products</h2>',
        f'<p class="sim-summary-line" data-summary data-part="counts">The App can see <strong>{total.visible:,}</strong> of '
        f"{total.total:,} products: it can edit {total.direct:,} directly, {total.drafts:,} through drafts, "
        f"only view {total.view:,}, and cannot see {total.hidden:,}.</p>",
    ]
    if summary.reason:
        lines.append(f"<p>{e(summary.reason)}</p>")
    lines.append(f'<p class="sim-hint">Computed for {summary.situations:,} distinct situations (products sharing '
                 "their categories, their models' included, and family get the same answers).</p>")
    lines.append('<div class="sim-scroll"><table class="sim-table sim-catalog-table">')
    lines.append(f'<thead><tr><th scope="col">Tree</th>{head}</tr></thead><tbody>')
    for tree in catalog.trees:
        counts = summary.by_tree.get(tree.code, Counts())
        lines.append(f'<tr><th scope="row">{e(_label(tree.labels, tree.code))}</th>{_counts_cells(counts)}</tr>')
    if summary.unclassified.total:
        lines.append(f'<tr><th scope="row">Unclassified (owned by everyone)</th>{_counts_cells(summary.unclassified)}</tr>')
    lines.append("</tbody></table></div>")
    lines.append(_by_category(catalog, summary, head, key))
    lines.append("</div>")
    return "\n".join(lines)


def _by_category(catalog: Catalog, summary: Summary, head: str, key: str) -> str:
    parts = [f'<details id="{e(key)}-by-category"><summary>By category</summary>']
    roots = catalog.root_by_category
    by_tree: dict[str, list[str]] = {}
    for category in catalog.categories:
        if category.code in summary.by_category:
            by_tree.setdefault(roots[category.code], []).append(category.code)
    for tree in catalog.trees:
        codes = by_tree.get(tree.code, [])
        if not codes:
            continue
        parts.append(f"<h3>{e(_label(tree.labels, tree.code))}</h3>")
        parts.append(f'<div class="sim-scroll"><table class="sim-table"><thead><tr><th scope="col">Category</th>{head}'
                     "</tr></thead><tbody>")
        for code in codes[:CATEGORY_ROWS]:
            category = catalog.category_by_code[code]
            parts.append(f'<tr><th scope="row">{e(_label(category.labels, code))} <code>{e(code)}</code></th>'
                         f"{_counts_cells(summary.by_category[code])}</tr>")
        parts.append("</tbody></table></div>")
        if len(codes) > CATEGORY_ROWS:
            parts.append(f"<p>… and {len(codes) - CATEGORY_ROWS:,} more categories in this tree.</p>")
    parts.append("</details>")
    return "".join(parts)


def _products(
    catalog: Catalog, situations: Situations, summary: Summary, grant: Grant, view: CatalogView, key: str,
) -> str:
    access = ACCESS_NAMES.get(view.access)
    if view.search:
        found = situations.find(view.search, PAGE_SIZE)
        positions = [situations_position(catalog, code) for code in found]
        shown = [p for p in positions if p is not None and (access is None or summary.access_of(situations.index_of(p)) is access)]
        total = len(shown)
        first = 0
    else:
        total = summary.total.total if access is None else summary.total.of(access)
        last_page = max(0, (total - 1) // PAGE_SIZE)
        page = min(max(view.page, 0), last_page)
        first = page * PAGE_SIZE
        if access is None:  # every product: the page is a slice of the catalog
            shown = list(range(first, min(first + PAGE_SIZE, total)))
        else:
            shown = []
            for index, position in enumerate(products_with(situations, summary, access)):
                if index >= first + PAGE_SIZE:
                    break
                if index >= first:
                    shown.append(position)
    products = [catalog.products[p] for p in shown]
    templates = default_templates(catalog)
    # An identifier may hold a slash in the PIM; the simulator's paths cannot name it.
    routable = [p for p in products if "/" not in p.identifier]
    answered = matrix(catalog, grant, templates, routable) if routable else None
    rows_of = {p.identifier: answered.rows[i] for i, p in enumerate(routable)} if answered is not None else {}
    options = "".join(
        f'<option value="{name}"{" selected" if view.access == name else ""}>{e(ACCESS_LABELS[a])}</option>'
        for name, a in ACCESS_NAMES.items()
    )
    lines = [
        f'<div class="sim-catalog-products" role="region" aria-labelledby="{e(key)}-products-title">',
        f'<h2 id="{e(key)}-products-title">Products</h2>',
        f'<form class="sim-catalog-search" data-action="catalog-search" role="search">'
        f'<label for="{e(key)}-product-search">Product code</label> '
        f'<input id="{e(key)}-product-search" name="search" type="search" value="{e(view.search)}" '
        'autocomplete="off" spellcheck="false"> '
        f'<button type="submit" class="md-button">Find</button></form> ',
        f'<label for="{e(key)}-access-filter">Show</label> '
        f'<select id="{e(key)}-access-filter" data-action="catalog-filter">'
        f'<option value=""{"" if view.access else " selected"}>Every product</option>{options}</select>',
    ]
    if view.search and not products:
        lines.append(f'<p role="status">No product code is or starts with {e(view.search)!r}.</p>')
    header = "".join(f'<th scope="col">{e(t.label)}</th>' for t in templates)
    lines.append('<div class="sim-scroll"><table class="sim-table sim-products-table" data-grid>')
    lines.append(f'<thead><tr><th scope="col">Product</th><th scope="col">Access</th>{header}</tr></thead><tbody>')
    for row, product in enumerate(products):
        position = shown[row]
        product_access = summary.access_of(situations.index_of(position))
        cells = rows_of.get(product.identifier)
        cell_html = "".join(
            f'<td class="sim-status sim-{e(c.effect.value)}" title="{e(c.message)}">{c.status} {e(c.effect.value)}</td>'
            for c in cells
        ) if cells is not None else (f'<td colspan="{len(templates)}">The identifier holds a slash: the simulator '
                                     "cannot name it in a request path.</td>")
        lines.append(
            f'<tr><th scope="row"><button type="button" class="sim-link" data-action="product" '
            f'data-value="{e(product.identifier)}">{e(product.identifier)}</button></th>'
            f"<td>{e(ACCESS_LABELS[product_access])}</td>{cell_html}</tr>"
        )
    lines.append("</tbody></table></div>")
    if not view.search and total > PAGE_SIZE:
        page = first // PAGE_SIZE
        last_page = (total - 1) // PAGE_SIZE
        lines.append(
            '<nav class="sim-pager" aria-label="Pages of products">'
            f'<button type="button" class="md-button" data-action="catalog-page" data-page="{page - 1}"'
            f'{" disabled" if page == 0 else ""}>Previous</button> '
            f'<span>Products {first + 1:,}–{min(first + PAGE_SIZE, total):,} of {total:,}</span> '
            f'<button type="button" class="md-button" data-action="catalog-page" data-page="{page + 1}"'
            f'{" disabled" if page >= last_page else ""}>Next</button></nav>'
        )
    lines.append("</div>")
    return "\n".join(lines)


# The catalog editor: one small form an edit, every field a text the page sends as is.

_TYPE_CHOICES: Final = tuple(t for t in ATTRIBUTE_TYPES if t != METRIC)
LISTED: Final = 500
"""Codes a field suggests (a datalist); any other code may still be typed."""

_EDITOR: Final = (
    ("Trees and categories", (
        ("category-add", "Add", (("code", "Code", ""), ("parent", "Parent (empty: a new tree)", "categories"),
                                 ("label", "Label", ""))),
        ("category-rename", "Rename", (("code", "Category", "categories"), ("new_code", "New code", ""),
                                       ("label", "New label", ""))),
        ("category-move", "Move", (("code", "Category", "categories"),
                                   ("parent", "New parent (empty: a tree)", "categories"))),
        ("category-delete", "Delete with its branch", (("code", "Category", "categories"),)),
    )),
    ("Locales", (
        ("locale-add", "Add", (("code", "Locale code (fr_FR)", ""), ("label", "Label", ""))),
        ("locale-delete", "Delete", (("code", "Locale", "locales"),)),
    )),
    ("Channels", (
        ("channel-add", "Add", (("code", "Code", ""), ("tree", "Tree", "trees"),
                                ("locales", "Locales, comma-separated", ""), ("currencies", "Currencies", ""))),
        ("channel-delete", "Delete", (("code", "Channel", "channels"),)),
    )),
    ("Attribute groups", (
        ("attribute-group-add", "Add", (("code", "Code", ""), ("label", "Label", ""))),
        ("attribute-group-rename", "Rename", (("code", "Attribute group", "groups"), ("new_code", "New code", ""),
                                              ("label", "New label", ""))),
        ("attribute-group-delete", "Delete", (("code", "Attribute group", "groups"),)),
    )),
    ("Attributes", (
        ("attribute-add", "Add", (("code", "Code", ""), ("group", "Attribute group", "groups"),
                                  ("type", "Type", "types"), ("localizable", "Localizable", "flag"),
                                  ("scopable", "Scopable", "flag"), ("label", "Label", ""))),
        ("attribute-update", "Move to a group", (("code", "Attribute", "attributes"),
                                                 ("group", "Attribute group", "groups"))),
        ("attribute-delete", "Delete with its values", (("code", "Attribute", "attributes"),)),
    )),
    ("Families", (
        ("family-add", "Add", (("code", "Code", ""), ("attributes", "Attributes, comma-separated", ""),
                               ("label", "Label", ""))),
        ("family-delete", "Delete", (("code", "Family", "families"),)),
    )),
    ("Product models", (
        ("product-model-add", "Add", (("code", "Code", ""), ("parent", "Parent model (for a sub-model)", "models"),
                                      ("family", "Family", "families"), ("categories", "Categories, comma-separated", ""))),
        ("product-model-delete", "Delete with its variants", (("code", "Product model", "models"),)),
    )),
    ("Products", (
        ("product-add", "Add", (("identifier", "Identifier", ""), ("parent", "Product model (for a variant)", "models"),
                                ("family", "Family", "families"), ("categories", "Categories, comma-separated", ""))),
        ("product-update", "Classify", (("identifier", "Product", "products"),
                                        ("categories", "Categories, comma-separated", ""),
                                        ("parent", "Product model", "models"), ("family", "Family", "families"))),
        ("product-delete", "Delete", (("identifier", "Product", "products"),)),
    )),
)
"""The editor's forms: a heading, then (edit, button, fields), each field (name, label,
what it suggests)."""


def editor(catalog: Catalog, key: str, outcome: EditOutcome | None = None) -> str:
    """The catalog editor: every edit re-answers at once and can be undone. The last
    edit's outcome is said under its form (``{key}-edit-{edit}-said``, where the focus
    goes); a refused form keeps what was typed."""
    k = e(key)
    suggestions = {
        "categories": [c.code for c in catalog.categories],
        "trees": [t.code for t in catalog.trees],
        "locales": list(catalog.locale_codes),
        "channels": [c.code for c in catalog.channels],
        "groups": [g.code for g in catalog.attribute_groups],
        "attributes": [a.code for a in catalog.attributes],
        "families": [f.code for f in catalog.all_families] if len(catalog.products) <= 5_000 else
                    [f.code for f in catalog.families],
        "models": [m.code for m in catalog.product_models],
        "products": [p.identifier for p in catalog.products[:LISTED]],
    }
    lists = "".join(
        f'<datalist id="{k}-list-{name}">' + "".join(f'<option value="{e(code)}">' for code in codes[:LISTED])
        + "</datalist>"
        for name, codes in suggestions.items()
    )
    sections = []
    for heading, forms in _EDITOR:
        rows = []
        for edit, button, fields in forms:
            here = outcome if outcome is not None and outcome.edit == edit else None
            typed = dict(here.fields) if here is not None and here.refused else {}
            said_id = f"{k}-edit-{edit}-said"
            inputs = []
            for name, label, suggest in fields:
                field_id = f"{k}-edit-{edit}-{name.replace('_', '-')}"
                value = typed.get(name, "")
                if suggest == "flag":
                    checked = " checked" if value else ""
                    inputs.append(f'<label class="sim-check"><input type="checkbox" id="{field_id}" name="{name}"'
                                  f"{checked}> {e(label)}</label>")
                elif suggest == "types":
                    options = "".join(f'<option value="{t}"{" selected" if t == value else ""}>{t}</option>'
                                      for t in _TYPE_CHOICES)
                    inputs.append(f'<span class="sim-edit-field"><label class="sim-field" for="{field_id}">{e(label)}'
                                  f'</label><select id="{field_id}" name="{name}">{options}</select></span>')
                else:
                    listed = f' list="{k}-list-{suggest}"' if suggest else ""
                    invalid = f' aria-invalid="true" aria-describedby="{said_id}"' if typed else ""
                    inputs.append(f'<span class="sim-edit-field"><label class="sim-field" for="{field_id}">{e(label)}'
                                  f'</label><input type="text" id="{field_id}" name="{name}" autocomplete="off"'
                                  f' spellcheck="false"{listed} value="{e(value)}"{invalid}></span>')
            said = ""
            if here is not None:
                role, look = ("alert", "sim-notice sim-edit-refused") if here.refused else ("status", "sim-edit-done")
                said = f'<p class="{look}" role="{role}" id="{said_id}" tabindex="-1">{e(here.said)}</p>'
            rows.append(
                f'<form class="sim-edit-form" data-action="catalog-edit" aria-label="{e(heading)}: {e(button)}">'
                f'<input type="hidden" name="edit" value="{edit}">{"".join(inputs)}'
                f'<button type="submit" class="md-button" id="{k}-edit-{edit}">{e(button)}</button>{said}</form>'
            )
        sections.append(f"<fieldset><legend>{e(heading)}</legend>{''.join(rows)}</fieldset>")
    opened = " open" if outcome is not None else ""
    return (
        f'<details class="sim-catalog-editor" id="{k}-catalog-editor"{opened}><summary>Edit the catalog</summary>'
        "<p>Every change re-answers at once, is part of the setup (its links and files) and can be undone.</p>"
        f"{lists}{''.join(sections)}</details>"
    )


def situations_position(catalog: Catalog, identifier: str) -> int | None:
    """The position of a product in catalog order (an index made once per catalog)."""
    index = _POSITIONS.get(id(catalog))
    if index is None or index[0] is not catalog:
        products = catalog.products
        identifiers = products.identifiers if isinstance(products, ProductColumns) else [p.identifier for p in products]
        index = (catalog, dict(zip(identifiers, range(len(identifiers)))))
        _POSITIONS[id(catalog)] = index
        while len(_POSITIONS) > 3:
            _POSITIONS.popitem(last=False)
    return index[1].get(identifier)


_POSITIONS: OrderedDict[int, tuple[Catalog, dict[str, int]]] = OrderedDict()


def _label(labels: object, code: str) -> str:
    """A label in any locale the catalog has, else the code: never ``[code]``."""
    if isinstance(labels, dict):
        for text in labels.values():
            if text:
                return str(text)
    return code


def problems_text(result: ImportResult) -> list[str]:
    return [f"{p.severity.value}: {p}" for p in result.report if p.severity in (Severity.ERROR, Severity.WARNING)]
