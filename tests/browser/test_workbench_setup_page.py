"""The workbench's setup in Chromium, as support staff read and change it: the head says
what changed from the example when the catalog is edited or imported (and the link
says the same in a fresh browser), the example's notes fold away; the connected App's
Permissions tab changes the grants after the wizard, by keyboard; long request paths
never widen the requests table, on a desktop or a phone. Light and dark, axe finds
nothing on the App's page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page
from widget_page import DESKTOP, copy, desk, live, wait_state  # noqa: F401 (desk: a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

IMPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
FULL_PAGE = "simulator.html"
KEY = "simulator-erp-owns-master"
PHONE = {"width": 390, "height": 844}
EXAMPLE = "An ERP App owning the Master catalog"
EXAMPLE_NOTES = "Own on the Master catalog tree only, as you would give an ERP App"


def words(page: Page, selector: str) -> str:
    """An element's text as a reader reads it, its white space folded."""
    return " ".join(page.locator(selector).inner_text().split())


def cell(page: Page, cell_id: str) -> str:
    """What a cell's badge says: its icon, status and effect."""
    return words(page, f"#{KEY}-{cell_id}")


def head(page: Page) -> str:
    return words(page, f"#{KEY} .sim-head")


# A link is a faithful explanation, catalog included.


def test_a_catalog_edit_is_said_in_the_head_the_examples_notes_fold_and_the_link_says_the_same(
    desk: Page, browser: Browser, site_url: str
) -> None:
    desk.goto(site_url + FULL_PAGE)
    live(desk, KEY)
    assert head(desk).startswith(f"{EXAMPLE} {EXAMPLE_NOTES}")
    desk.click(f"#{KEY}-catalog-editor summary")
    desk.fill(f"#{KEY}-edit-product-add-identifier", "beret")
    desk.fill(f"#{KEY}-edit-product-add-categories", "master")
    desk.click(f"#{KEY}-edit-product-add")
    wait_state(desk, KEY, "typeof s.scenario.catalog === 'object' && s.scenario.preset === 'erp-owns-master'")

    said = head(desk)
    assert said.startswith(
        f"Untitled scenario Changed from the example “{EXAMPLE}”: the catalog (edited: 1 product added). "
        "The example’s notes, before your changes Edition Enterprise Edition (EE)"
    )
    notes = desk.locator(f"#{KEY}-example-notes p")
    assert not notes.is_visible()  # folded: they describe the example's catalog, not this one
    desk.locator(f"#{KEY}-example-notes summary").focus()
    desk.keyboard.press("Enter")
    assert notes.is_visible() and notes.inner_text().startswith(EXAMPLE_NOTES)

    link = copy(desk, KEY, f"#{KEY}-copy-link")
    fresh = browser.new_context(viewport=DESKTOP)
    other = fresh.new_page()
    other.goto(link)
    live(other, KEY)
    wait_state(other, KEY, "typeof s.scenario.catalog === 'object'")
    opened = head(other)
    fresh.close()
    assert opened.startswith(f"Untitled scenario Changed from the example “{EXAMPLE}”: the catalog (edited: 1 product added).")

    desk.click(f"#{KEY}-undo")
    wait_state(desk, KEY, "s.past.length === 0")
    assert head(desk).startswith(f"{EXAMPLE} {EXAMPLE_NOTES}")  # the example again, its own words back
    assert "Changed from the example" not in head(desk)


def test_a_catalog_imported_in_the_full_page_is_said_in_the_head(desk: Page, site_url: str) -> None:
    desk.goto(site_url + FULL_PAGE)
    live(desk, KEY)
    desk.set_input_files(f"#{KEY}-import-files", [str(IMPORTS / n) for n in ("categories.csv", "products.csv", "locales.json")])
    wait_state(desk, KEY, "typeof s.scenario.catalog === 'object' && s.scenario.catalog.code === 'imported'")

    said = head(desk)
    assert said.startswith(
        "Imported from categories.csv, products.csv, locales.json "
        f"Changed from the example “{EXAMPLE}”: the catalog (imported: “Imported from categories.csv, products.csv, "
        "locales.json”, 5 products in 2 trees), the permissions on trees, the requests (4 added, 5 removed). "
        "The example’s notes, before your changes Imported in this browser from categories.csv, products.csv, locales.json"
    )
    assert desk.locator(f"#{KEY}-example-notes").get_attribute("open") is None


# Connected Apps > Manage app > Permissions.


def test_the_apps_permissions_tab_changes_the_grants_after_the_wizard_by_keyboard(desk: Page, site_url: str) -> None:
    desk.goto(site_url + FULL_PAGE)
    live(desk, KEY)
    assert cell(desk, "r3") == "⊘ 404 invisible"  # GET braided_hat: only in Print
    desk.locator(f"#{KEY}-do-manage").focus()
    desk.keyboard.press("Enter")
    wait_state(desk, KEY, "s.place.manage === true")
    desk.wait_for_function(f"() => document.activeElement.id === '{KEY}-screen'")
    wizard = f"#{KEY} [data-region=wizard]"
    assert words(desk, f"{wizard} .sim-breadcrumb") == "Connect Connected Apps ERP Connector"
    assert words(desk, f"{wizard} .sim-tabs") == "Settings Permissions Error monitoring"
    assert desk.locator(f"#{KEY}-do-save").is_disabled()

    desk.locator(f"#{KEY}-manage-f0-view-2").focus()  # Categories, View, Print
    desk.keyboard.press("Space")
    wait_state(desk, KEY, "s.place.unsaved === true")
    assert cell(desk, "r3") == "✓ 200 applied"  # at once, as if saved
    assert "There are unsaved changes." in words(desk, wizard)
    assert words(desk, f"#{KEY} .sim-as-if").startswith("As if saved: the App’s page has unsaved changes.")
    assert "Category trees Own on Master catalog, View on Print" in head(desk)

    desk.locator(f"#{KEY}-do-save").focus()
    desk.keyboard.press("Enter")
    wait_state(desk, KEY, "s.place.unsaved === false")
    assert words(desk, f"#{KEY} .sim-notice") == "App settings successfully updated."
    assert desk.locator(f"#{KEY} .sim-as-if").count() == 0
    desk.locator(f"#{KEY}-do-close").focus()
    desk.keyboard.press("Enter")
    wait_state(desk, KEY, "!s.place.manage")
    desk.wait_for_function(f"() => document.activeElement.id === '{KEY}-do-manage'")
    assert cell(desk, "r3") == "✓ 200 applied"

    desk.select_option(f"#{KEY}-edition", "GE")
    wait_state(desk, KEY, "s.scenario.edition === 'GE'")
    assert desk.locator(f"#{KEY}-do-manage").count() == 0  # no Permissions tab outside EE


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_apps_permissions_tab_has_no_axe_violation(browser: Browser, site_url: str, scheme: str, viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport, color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(site_url + FULL_PAGE)
    live(page, KEY)
    page.click(f"#{KEY}-do-manage")
    wait_state(page, KEY, "s.place.manage === true")
    page.click(f"#{KEY}-manage-f0-view-2")
    wait_state(page, KEY, "s.place.unsaved === true")
    overflow = page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    found: list[dict[str, Any]] = Axe().run(page).response["violations"]
    context.close()

    assert overflow
    assert [f"{v['id']} ({len(v['nodes'])}×, e.g. {v['nodes'][0]['target']}): {v['help']}" for v in found] == []


# Long request paths.

LONG_CODE = "GET /api/rest/v1/products/" + "x" * 178  # a 200-character path, one 178-character code
LONG_OPTION = "GET /api/rest/v1/attributes/" + "a" * 82 + "/options/" + "b" * 85  # 200 characters, two codes


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_200_character_path_never_widens_the_requests_table(browser: Browser, site_url: str, viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(site_url + FULL_PAGE)
    live(page, KEY)
    for count, line in enumerate((LONG_CODE, LONG_OPTION), start=6):
        page.fill(f"#{KEY}-paste", line)
        page.click(f"#{KEY}-paste-add")
        wait_state(page, KEY, f"s.scenario.requests.length === {count}")
    page.click(f"#{KEY}-r5-copy")
    page.wait_for_selector(f"#{KEY}-r5-curl-text")
    wait_state(page, KEY, "s.selected === 'r6'")  # the pasted request's explanation, its long code in it
    sizes = page.evaluate(
        """(k) => {
          const box = document.querySelector(`#${k} [data-region=requests] .sim-scroll`);
          const badges = [...box.querySelectorAll('.sim-cell')].map((b) => b.getBoundingClientRect());
          return {page: document.documentElement.scrollWidth, view: innerWidth, table: box.scrollWidth, box: box.clientWidth,
                  outside: badges.filter((b) => b.left < 0 || b.right > innerWidth).length};
        }""",
        KEY,
    )
    paths = [words(page, f"#{KEY}-r{n}-edit >> xpath=ancestor::th//code") for n in (5, 6)]
    context.close()

    assert sizes["page"] <= sizes["view"]  # no sideways pan
    assert sizes["table"] <= sizes["box"]  # the table is as wide as its box: nothing to scroll
    assert sizes["outside"] == 0  # every answer on screen
    assert [len(path) for path in paths] == [204, 204]  # the method, a space and the 200 characters, all shown
