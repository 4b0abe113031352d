"""The import in the page (chunks, steps, the scenario it makes) and the catalog pane
(report, summary, paged products, search), in Python; the browser tests drive them."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from simulator.formats import import_files
from simulator.scenarios import preset, scenario_from_dict
from simulator.widget import importing
from simulator.widget.catalog_pane import PAGE_SIZE, PRIVACY, CatalogView, catalog_pane, remember_report

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"
NAMES = ("categories.csv", "products.csv", "locales.json")


def send(names: tuple[str, ...], chunk: int = 64) -> str:
    """What the page's script does: begin, the files in slices, the steps to the end."""
    started = importing.begin({"files": [{"name": n, "size": (FIXTURES / n).stat().st_size} for n in names]})
    session = started["session"]
    for index, name in enumerate(names):
        data = (FIXTURES / name).read_bytes()
        for start in range(0, len(data), chunk):
            importing.chunk({"session": session, "file": index, "data": base64.b64encode(data[start:start + chunk]).decode()})
    while not importing.step({"session": session})["done"]:
        pass
    return str(session)


def test_files_sent_in_slices_are_imported_and_make_the_scenario() -> None:
    session = send(NAMES)
    result = importing.result_of(session)
    assert [tree.code for tree in result.catalog.trees] == ["catalogue_fr", "marketplace"]
    scenario = importing.imported_scenario(preset("erp-owns-master"), result)
    assert isinstance(scenario.catalog, dict)  # small enough: carried by the scenario and its links
    assert scenario.load_catalog() == result.catalog
    assert scenario.app.id == "erp_connector"
    assert scenario.preset == "erp-owns-master"  # still made from the example: the setup says what changed
    # The example's requests name its own products: requests on the customer's first product instead.
    assert [r.label for r in scenario.requests][0] == "GET /api/rest/v1/products/chemise_lin"
    assert "Imported in this browser from categories.csv, products.csv, locales.json" in scenario.notes


def test_the_grants_that_still_name_the_catalog_are_kept() -> None:
    result = importing.result_of(send(NAMES))
    current = scenario_from_dict({
        "version": 1, "catalog": "article", "edition": "EE", "app": "erp_connector",
        "permissions": {"categories": {"own": ["master"]}, "locales": {"edit": ["en_US", "fr_FR"]}},
    })
    scenario = importing.imported_scenario(current, result)
    assert scenario.permissions.categories.own == frozenset()
    assert scenario.permissions.locales.edit == frozenset({"fr_FR"})


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"session": "nope", "file": 0, "data": ""}, "no import of that session"),
        ({"file": 0, "data": "!!"}, "not base64"),
        ({"file": 7, "data": ""}, "the index of a file"),
        ({"file": 0, "data": base64.b64encode(b"x" * 10_000).decode()}, "more bytes than the file's size"),
    ],
)
def test_a_bad_chunk_is_refused_with_its_reason(payload: dict[str, object], message: str) -> None:
    session = importing.begin({"files": [{"name": "a.csv", "size": 10}]})["session"]
    with pytest.raises(importing.ImportRequestError, match=message):
        importing.chunk({"session": session, **payload})


def test_a_stopped_import_says_so_and_gives_no_catalog() -> None:
    session = importing.begin({"files": [{"name": "a.csv", "size": 3}]})["session"]
    importing.chunk({"session": session, "file": 0, "data": base64.b64encode(b"a;b").decode()})
    importing.cancel({"session": session})
    assert importing.step({"session": session})["cancelled"] is True
    with pytest.raises(importing.ImportRequestError, match="no finished import"):
        importing.result_of(session)


def test_a_file_over_the_size_limit_is_refused_before_any_byte_is_sent() -> None:
    started = importing.begin({"files": [{"name": "huge.csv", "size": 10**10}, {"name": "ok.csv", "size": 5}]})
    assert started["files"] == ["ok.csv"]
    assert "huge.csv: the file is 10,000,000,000 bytes" in started["refused"][0]


def pane(view: CatalogView = CatalogView(), **grants: dict[str, object]) -> str:
    result = importing.result_of(send(NAMES))
    scenario = importing.imported_scenario(preset("erp-owns-master"), result)
    remember_report(result, scenario)
    data = scenario.to_dict()
    data["permissions"] = grants or {"categories": {"own": ["catalogue_fr"], "view": ["marketplace"]}}
    return catalog_pane(scenario_from_dict(data), view, "sim")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_pane_says_the_files_stay_in_the_browser_and_reports_the_import() -> None:
    html = pane()
    assert PRIVACY in html
    shown = text(html)
    assert "categories.csv : categories (CSV export) (UTF-8)" in shown
    assert "Imported: 2 trees, 7 categories, 2 locales" in shown
    assert "1 locale not activated" in shown


def test_the_summary_counts_what_the_app_may_do() -> None:
    shown = text(pane())
    assert "The App can see 5 of 5 products: it can edit 5 directly, 0 through drafts, only view 0, and cannot see 0." in shown
    shown = text(pane(categories={"view": ["marketplace"]}))
    assert "The App can see 3 of 5 products: it can edit 1 directly, 0 through drafts, only view 2, and cannot see 2." in shown
    assert "Unclassified (owned by everyone)" in shown


def test_products_are_paged_and_found_by_code() -> None:
    shown = text(pane(CatalogView(search="chemise")))
    assert "chemise_lin" in shown and "chemise_oxford" in shown and "basket_blanche" not in shown
    shown = text(pane(CatalogView(access="hidden"), categories={"view": ["marketplace"]}))
    assert "chemise_oxford" in shown and "chemise_lin" not in shown


def test_a_large_catalog_shows_one_page_of_products() -> None:
    rows = "\n".join(f"p{n};catalogue_fr;1" for n in range(PAGE_SIZE * 3 + 7))
    result = import_files({"categories.csv": (FIXTURES / "categories.csv").read_bytes(),
                           "products.csv": f"sku;categories;enabled\n{rows}\n".encode()})
    scenario = importing.imported_scenario(preset("erp-owns-master"), result)
    html = catalog_pane(scenario, CatalogView(page=2), "sim")
    assert isinstance(scenario.catalog, dict)
    assert html.count('data-action="product"') == PAGE_SIZE
    assert "Products 101–150 of 157" in text(html)
    last = catalog_pane(scenario, CatalogView(page=99), "sim")
    assert "Products 151–157 of 157" in text(last) and last.count('data-action="product"') == 7


def test_names_from_the_files_are_text_not_markup() -> None:
    hostile = b'code;parent;label-fr_FR\nevil;;<img src=x onerror=alert(1)>\n'
    result = import_files({"categories.csv": hostile, "products.csv": b"sku;categories\n<b>x;evil\n"})
    scenario = importing.imported_scenario(preset("erp-owns-master"), result)
    remember_report(result, scenario)
    html = catalog_pane(scenario, CatalogView(), "sim")
    assert "<img" not in html and "<b>x" not in html and "&lt;b&gt;x" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_an_edit_re_answers_and_a_renamed_tree_keeps_its_grant() -> None:
    from simulator.formats import edit_catalog

    result = importing.result_of(send(NAMES))
    data = importing.imported_scenario(preset("erp-owns-master"), result).to_dict()
    data["permissions"] = {"categories": {"own": ["catalogue_fr"], "view": ["marketplace"]}}
    scenario = scenario_from_dict(data)
    edited = edit_catalog(scenario.load_catalog(), "category-rename", {"code": "catalogue_fr", "new_code": "catalogue_be"})
    renamed = importing.edited_scenario(scenario, edited)
    assert renamed.permissions.categories.own == frozenset({"catalogue_be"})
    assert "catalogue_be" in {t.code for t in renamed.load_catalog().trees}
    gone = importing.edited_scenario(renamed, edit_catalog(renamed.load_catalog(), "category-delete", {"code": "marketplace"}))
    assert "marketplace" not in gone.permissions.categories.view
    html = catalog_pane(gone, CatalogView(), "sim")
    assert 'data-action="catalog-edit"' in html and 'value="category-rename"' in html
    assert "The App can see 5 of 5 products" in text(html)  # chemise_lin stays in Catalogue BE
