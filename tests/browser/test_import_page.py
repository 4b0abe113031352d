"""A customer's PIM imported in the full page, in Chromium, as support staff do it:
their categories and products exports and their locale list, read in this browser;
the summary and a product's answers on their trees; anonymised; the link copied and
opened in a fresh browser gives the same answers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import widget_page
from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BOOT_MS = widget_page.BOOT_MS
FULL_PAGE = "simulator.html"
KEY = "simulator-erp-owns-master"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
DESKTOP = {"width": 1280, "height": 900}


def state(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(page.locator(f"#{KEY}").get_attribute("data-state") or "{}")
    return found


def wait_state(page: Page, check: str, timeout: int = 30_000) -> None:
    widget_page.wait_state(page, KEY, check, timeout)


def live(page: Page) -> None:
    widget_page.live(page, KEY)


def text(page: Page, selector: str) -> str:
    return " ".join((page.locator(selector).inner_text() or "").split())


def statuses(page: Page) -> list[str]:
    """The answers of the catalog pane's products table, row by row."""
    rows = page.locator(f"#{KEY} .sim-products-table tbody tr")
    return [" ".join(rows.nth(i).inner_text().split()) for i in range(rows.count())]


def test_a_customer_csv_pair_and_locale_list_imported_answers_anonymised_and_shared(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + FULL_PAGE)
    live(page)
    catalog = page.locator(f"#{KEY} [data-region=catalog]")
    assert "Processed in your browser: the files are never uploaded" in catalog.inner_text()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    page.set_input_files(f"#{KEY}-import-files", [str(FIXTURES / n) for n in ("categories.csv", "products.csv", "locales.json")])
    wait_state(page, "typeof s.scenario.catalog === 'object' && s.scenario.catalog.code === 'imported'")
    report = text(page, f"#{KEY} .sim-import-report")
    assert "Imported: 2 trees, 7 categories, 2 locales" in report and "5 products" in report
    assert "products.csv: products (CSV export) (UTF-8)" in report
    assert not [url for url in requests if not url.startswith(site_url)]  # nothing left the page
    assert not any("upload" in url for url in requests)

    # Their trees in the setup; Own on Catalogue FR, View on Marketplace.
    page.click(f"#{KEY}-grants-categories-catalogue_fr-own")
    wait_state(page, "(((s.scenario.permissions || {}).categories || {}).own || []).includes('catalogue_fr')")
    page.click(f"#{KEY}-grants-categories-marketplace-view")
    wait_state(page, "(((s.scenario.permissions || {}).categories || {}).view || []).includes('marketplace')")
    summary = text(page, f"#{KEY} [data-summary]")
    assert summary.startswith("The App can see 5 of 5 products: it can edit 5 directly")
    tree_rows = text(page, f"#{KEY} .sim-catalog-table")
    assert "Catalogue FR" in tree_rows and "Marketplace" in tree_rows

    # A product's answers: Marketplace only is View: chemise_oxford is in Catalogue FR.
    page.click(f"#{KEY}-grants-categories-catalogue_fr-none")
    wait_state(page, "!(((s.scenario.permissions || {}).categories || {}).own || []).includes('catalogue_fr')")
    summary = text(page, f"#{KEY} [data-summary]")
    assert summary == ("The App can see 3 of 5 products: it can edit 1 directly, 0 through drafts, only view 2, "
                       "and cannot see 2.")
    rows = statuses(page)
    oxford = next(row for row in rows if row.startswith("chemise_oxford"))
    assert "Cannot see" in oxford and "404" in oxford
    lin = next(row for row in rows if row.startswith("chemise_lin"))
    assert "Only view" in lin and "200 applied" in lin and "403 refused" in lin
    before = rows

    # Anonymise, copy the link, open it in a fresh browser: the same answers.
    page.click(f"#{KEY}-anonymise")
    wait_state(page, "typeof s.scenario.catalog === 'object' && s.scenario.catalog.code === 'anonymised'")
    page_text = page.locator(f"#{KEY}").inner_text()
    for word in ("chemise", "Catalogue FR", "Marktplaats", "Vêtements", "catalogue_fr"):
        assert word not in page_text, word
    anonymised = statuses(page)
    assert [re.sub(r"^\S+", "", row) for row in anonymised] == [re.sub(r"^\S+", "", row) for row in before]
    assert text(page, f"#{KEY} [data-summary]") == summary
    copied = widget_page.copy(page, KEY, f"#{KEY}-copy-link")
    page.wait_for_function("() => location.hash.length > 10")
    assert "A link to this setup carries the whole catalog (5 products)" in catalog.inner_text()
    context.close()

    fresh = browser.new_context(viewport=DESKTOP)
    other = fresh.new_page()
    other.goto(copied)
    live(other)
    wait_state(other, "typeof s.scenario.catalog === 'object' && s.scenario.catalog.code === 'anonymised'")
    assert text(other, f"#{KEY} [data-summary]") == summary
    assert statuses(other) == anonymised
    fresh.close()


def test_a_bad_line_is_reported_and_the_import_can_be_stopped(browser: Browser, site_url: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(site_url + FULL_PAGE)
    live(page)
    bad = tmp_path / "products.csv"
    bad.write_text("sku;categories;enabled\nok;catalogue_fr;1\nlost;nowhere;1\n", "utf-8")
    page.set_input_files(f"#{KEY}-import-files", [str(FIXTURES / "categories.csv"), str(bad)])
    wait_state(page, "typeof s.scenario.catalog === 'object' && s.scenario.catalog.code === 'imported'")
    report = text(page, f"#{KEY} .sim-import-report")
    assert 'products.csv:3:6 category "nowhere" does not exist: 1 product in it left out' in report
    context.close()


def test_the_catalog_edited_in_the_full_page_re_answers_keeps_a_refused_form_and_undoes(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(site_url + FULL_PAGE)
    live(page)
    summary = text(page, f"#{KEY} [data-summary]")
    page.click(f"#{KEY}-catalog-editor summary")

    # Rename the Master catalog tree: its grant follows it, the answers stay.
    page.fill(f"#{KEY}-edit-category-rename-code", "master")
    page.fill(f"#{KEY}-edit-category-rename-new-code", "catalogue_fr")
    page.fill(f"#{KEY}-edit-category-rename-label", "Catalogue FR")
    page.click(f"#{KEY}-edit-category-rename")
    wait_state(page, "typeof s.scenario.catalog === 'object' && "
                     "(((s.scenario.permissions || {}).categories || {}).own || []).includes('catalogue_fr')")
    said = page.locator(f"#{KEY}-edit-category-rename-said")
    assert "catalogue_fr" in said.inner_text()
    assert page.evaluate("() => document.activeElement.id") == f"{KEY}-edit-category-rename-said"
    assert "Catalogue FR" in text(page, f"#{KEY} [data-region=setup]")
    assert text(page, f"#{KEY} [data-summary]") == summary
    assert page.locator(f"#{KEY}-catalog-editor").get_attribute("open") is not None  # still open after the re-render

    # A product added is answered at once, in the grid.
    page.fill(f"#{KEY}-edit-product-add-identifier", "beret")
    page.fill(f"#{KEY}-edit-product-add-categories", "catalogue_fr")
    page.click(f"#{KEY}-edit-product-add")
    wait_state(page, "s.scenario.catalog.products.some((p) => p.identifier === 'beret')")
    assert "beret" in text(page, f"#{KEY} [data-region=grid]")

    # A refused edit: nothing changes, the typed text stays, the reason is under the form.
    page.fill(f"#{KEY}-edit-locale-add-code", "not a locale")
    page.fill(f"#{KEY}-edit-locale-add-label", "Mine")
    page.click(f"#{KEY}-edit-locale-add")
    refused = page.locator(f"#{KEY}-edit-locale-add-said")
    refused.wait_for()
    assert "not a locale code" in refused.inner_text() and refused.get_attribute("role") == "alert"
    assert page.input_value(f"#{KEY}-edit-locale-add-code") == "not a locale"
    assert page.input_value(f"#{KEY}-edit-locale-add-label") == "Mine"

    # Undo twice: the example's catalog is back, after a reload too.
    page.click(f"#{KEY}-undo")
    wait_state(page, "!s.scenario.catalog.products.some((p) => p.identifier === 'beret')")
    page.click(f"#{KEY}-undo")
    wait_state(page, "s.scenario.catalog === 'article' || "
                     "(typeof s.scenario.catalog === 'object' && s.scenario.catalog.categories.some((c) => c.code === 'master'))")
    page.reload()
    live(page)
    assert "catalogue_fr" not in json.dumps(state(page)["scenario"])
    context.close()
