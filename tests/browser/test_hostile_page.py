"""The page never dies of input, in Chromium: a hostile address, link or file leaves
every simulator usable, with what it showed still shown, a message that says what was
wrong (never "could not start" once it started), and Python answering the next change
without Retry. Files in UTF-8 with a BOM or in UTF-16 are read; others are named."""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path
from typing import Any

import pytest
import widget_page
from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BOOT_MS = widget_page.BOOT_MS
FULL_PAGE = "simulator.html"
ARTICLE = "articles/how-to-connect-my-pim-with-apps.html"
KEY = "simulator-erp-owns-master"
DESKTOP = {"width": 1280, "height": 900}
DEPTH = 5_000


def link_of(text: str) -> str:
    """A link holding ``text`` as its JSON, made as the codec makes one."""
    return "s1." + base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 9)).rstrip(b"=").decode("ascii")


DEEP_LINK = link_of('{"scenario":' + '{"a":' * DEPTH + "1" + "}" * DEPTH + "}")
DEEP_PATCH = link_of('{"preset":"erp-owns-master","patch":{"notes":' + "[" * DEPTH + "]" * DEPTH + "}}")


def state(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(page.locator(f"#{KEY}").get_attribute("data-state") or "{}")
    return found


def wait_state(page: Page, check: str, timeout: int = 60_000) -> None:
    widget_page.wait_state(page, KEY, check, timeout)


def live(page: Page, key: str = KEY) -> None:
    widget_page.live(page, key)


def said(page: Page) -> str:
    """The status line and the notice: what the widget tells the reader."""
    return " ".join(page.locator(f"#{KEY} [data-runtime], #{KEY} .sim-notice").all_inner_texts())


def still_answers(page: Page, tree: str = "print") -> None:
    """The results are shown, no Retry is offered, and a change is answered."""
    assert page.locator(f"#{KEY} [data-region=grid] table").count() == 1
    assert page.locator(f"#{KEY} [data-region=requests] table").count() == 1
    assert page.locator(f"#{KEY} .sim-retry").count() == 0
    assert "could not start" not in said(page)
    page.click(f"#{KEY}-grants-categories-{tree}-view")
    wait_state(page, f"((s.scenario.permissions.categories || {{}}).view || []).includes('{tree}')")
    assert page.locator(f"#{KEY} [data-region=grid] table").count() == 1


@pytest.mark.parametrize("link", [DEEP_LINK, DEEP_PATCH], ids=["scenario", "patch"])
def test_a_link_nested_5000_levels_leaves_the_simulator_answering(browser: Browser, site_url: str, link: str) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}{FULL_PAGE}#{KEY}:{link}")
    live(page)
    page.wait_for_function("(k) => /stopped|nested/.test(document.getElementById(k).innerText)", arg=KEY, timeout=BOOT_MS)
    page.wait_for_function("(k) => !document.querySelector(`#${k} [aria-busy=true]`)", arg=KEY, timeout=BOOT_MS)
    message = said(page)
    assert "nested" in message or "stopped" in message, message
    assert link not in page.url  # a reload does not give it again
    still_answers(page)
    assert errors == []
    context.close()


def test_a_malformed_fragment_leaves_every_simulator_of_the_article_live(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}{ARTICLE}#%E0%A4%A")
    roots = page.locator("[data-simulator]")
    assert roots.count() >= 2
    for index in range(roots.count()):
        key = roots.nth(index).get_attribute("id") or ""
        live(page, key)
    assert errors == []
    context.close()


def test_a_scenario_file_nested_5000_levels_or_in_utf_16_is_named_or_read(
    browser: Browser, site_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(site_url + FULL_PAGE)
    live(page)

    deep = tmp_path / "deep.scenario.json"
    deep.write_text('{"format": 1, "title": ' + "[" * DEPTH + "]" * DEPTH + "}", "utf-8")
    page.set_input_files(f"#{KEY}-import", str(deep))
    # Refused by name before Python parses it, or (should Python stop on it) started again.
    page.wait_for_function("(k) => /stopped|nested/.test(document.getElementById(k).innerText)", arg=KEY, timeout=BOOT_MS)
    live(page)
    assert "deep.scenario.json" in said(page) or "nested" in said(page) or "stopped" in said(page), said(page)
    still_answers(page)

    # The same page's own export, saved again as UTF-16 (as Windows' Notepad may): read.
    with page.expect_download() as download:
        page.click(f"#{KEY}-export")
    exported = Path(download.value.path()).read_text("utf-8")
    scenario = json.loads(exported)
    scenario["title"] = "Saved as UTF-16"
    utf16 = tmp_path / "utf16.scenario.json"
    utf16.write_bytes(json.dumps(scenario, ensure_ascii=False).encode("utf-16"))
    page.set_input_files(f"#{KEY}-import", str(utf16))
    wait_state(page, "s.scenario.title === 'Saved as UTF-16'")

    latin = tmp_path / "latin.scenario.json"
    latin.write_bytes(json.dumps({**scenario, "title": "Catalogue été"}, ensure_ascii=False).encode("latin-1"))
    page.set_input_files(f"#{KEY}-import", str(latin))
    page.wait_for_function("(k) => document.querySelector(`#${k} [data-runtime]`).textContent.includes('latin.scenario')",
                           arg=KEY, timeout=30_000)
    assert "latin.scenario.json is not UTF-8 or UTF-16 text" in said(page)
    assert state(page)["scenario"]["title"] == "Saved as UTF-16"
    context.close()


def test_catalog_exports_with_a_bom_or_in_utf_16_are_imported_and_latin_1_is_named(
    browser: Browser, site_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(site_url + FULL_PAGE)
    live(page)
    csv = "code;parent;label-fr_FR\ncatalogue_fr;;Catalogue FR\nvetements;catalogue_fr;Vêtements\n"
    (tmp_path / "bom.csv").write_bytes(b"\xef\xbb\xbf" + csv.encode("utf-8"))
    (tmp_path / "utf16.csv").write_bytes(csv.replace("catalogue_fr", "marketplace").replace("vetements", "mode")
                                         .encode("utf-16"))
    (tmp_path / "latin.csv").write_bytes(csv.replace("catalogue_fr", "outlet").replace("vetements", "soldes")
                                         .encode("latin-1"))
    page.set_input_files(f"#{KEY}-import-files", [str(tmp_path / n) for n in ("bom.csv", "utf16.csv", "latin.csv")])
    wait_state(page, "typeof s.scenario.catalog === 'object' && s.scenario.catalog.code === 'imported'", BOOT_MS)
    codes = {c["code"] for c in state(page)["scenario"]["catalog"]["categories"]}
    assert {"catalogue_fr", "vetements", "marketplace", "mode"} <= codes and "outlet" not in codes
    report = " ".join(page.locator(f"#{KEY} .sim-import-report").inner_text().split())
    assert "bom.csv: categories (CSV export) (UTF-8 with a byte-order mark)" in report, report
    assert "utf16.csv: categories (CSV export) (UTF-16)" in report, report
    assert "latin.csv:3:16 not UTF-8 text" in report, report
    still_answers(page, "marketplace")
    context.close()


def test_a_catalog_file_nested_5000_levels_is_named_and_the_rest_imported(
    browser: Browser, site_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url + FULL_PAGE)
    live(page)
    (tmp_path / "deep.json").write_text('{"categories": ' + "[" * DEPTH + "]" * DEPTH + "}", "utf-8")
    (tmp_path / "trees.csv").write_text("code;parent;label-fr_FR\nmarketplace;;Marketplace\nmode;marketplace;Mode\n",
                                        "utf-8")
    page.set_input_files(f"#{KEY}-import-files", [str(tmp_path / "deep.json"), str(tmp_path / "trees.csv")])
    wait_state(page, "typeof s.scenario.catalog === 'object' && s.scenario.catalog.code === 'imported'", BOOT_MS)
    codes = {c["code"] for c in state(page)["scenario"]["catalog"]["categories"]}
    assert {"marketplace", "mode"} <= codes
    report = " ".join(page.locator(f"#{KEY} .sim-import-report").inner_text().split())
    assert "deep.json" in report and "nested more than 64 levels deep" in report, report
    assert "stopped" not in said(page)
    still_answers(page, "marketplace")
    assert errors == []
    context.close()
