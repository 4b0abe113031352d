"""axe finds nothing to fix on the pages readers use, in the light and the dark scheme.

The article is checked as built (the prerendered simulators) and once every simulator is
live with a few screens opened (permission forms, an explanation, a cancelled wizard),
since Python swaps the widgets' HTML.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import widget_page
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BOOT_MS = widget_page.BOOT_MS
ARTICLE = "articles/how-to-connect-my-pim-with-apps.html"
SCHEMES = {"light": "default", "dark": "slate"}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.fixture(params=list(SCHEMES))
def scheme_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page in a browser that prefers the light or the dark scheme."""
    context = browser.new_context(color_scheme=request.param)
    page = context.new_page()
    page.scheme = SCHEMES[request.param]  # type: ignore[attr-defined]
    yield page
    context.close()


def violations(axe: Axe, page: Page) -> list[str]:
    """One line per rule broken: its id, how many elements, the first of them."""
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == page.scheme  # type: ignore[attr-defined]
    found: list[dict[str, Any]] = axe.run(page).response["violations"]
    return [f"{v['id']} ({len(v['nodes'])}×, e.g. {v['nodes'][0]['target']}): {v['help']}" for v in found]


live = widget_page.live


def wait_state(page: Page, widget: str, check: str) -> None:
    widget_page.wait_state(page, widget, check)


@pytest.mark.parametrize(
    "path",
    ["index.html", "setting-up-the-pim.html", ARTICLE, "simulator.html", "guides/how-the-simulator-decides.html"],
    ids=["home", "persona page", "article as built", "full-page simulator as built", "guide"],
)
def test_a_page_as_built_has_no_violation(axe: Axe, scheme_page: Page, site_url: str, path: str) -> None:
    # "As built": the page once loaded, its stylesheets and scripts applied, with Python
    # kept from starting (the article's first simulator is near the top, so it would
    # start at once and swap the widgets' HTML while axe reads them). Not "networkidle":
    # a download may not settle within the wait on a loaded machine.
    for runtime in ("**/assets/pyodide/**", "**/assets/simulator/**"):
        scheme_page.context.route(runtime, lambda route: route.abort())
    scheme_page.goto(site_url + path, wait_until="load")

    assert violations(axe, scheme_page) == []


def test_the_article_with_every_simulator_live_has_no_violation(axe: Axe, scheme_page: Page, site_url: str) -> None:
    page = scheme_page
    page.goto(site_url + ARTICLE)
    widgets: list[str] = page.evaluate("() => [...document.querySelectorAll('[data-simulator]')].map((w) => w.id)")
    for widget in widgets:
        live(page, widget)
        # Each block shows its section's part; the switch under it shows every part.
        page.check(f"#{widget}-whole")
        wait_state(page, widget, "s.whole === true")
    first, second = widgets[0], widgets[-1]
    # Two widgets on other screens: a permission form, a cancelled wizard, an explanation.
    page.click(f"#{first}-restart")
    wait_state(page, first, "s.place.step === 'marketplace'")
    page.click(f"#{first}-do-connect")
    wait_state(page, first, "s.place.step === 'authorizations'")
    page.click(f"#{first}-do-cancel")
    wait_state(page, first, "s.place.step === 'cancelled'")
    page.click(f"#{second}-m0\\.0")
    wait_state(page, second, "s.selected === 'm0.0'")

    assert violations(axe, page) == []


def test_the_full_page_simulator_live_on_its_permission_step_has_no_violation(
    axe: Axe, scheme_page: Page, site_url: str
) -> None:
    page, widget = scheme_page, "simulator-erp-owns-master"
    page.goto(site_url + "simulator.html")
    live(page, widget)
    page.click(f"#{widget}-restart")
    wait_state(page, widget, "s.place.step === 'marketplace'")
    for step in ("connect", "allow_and_next"):
        page.click(f"#{widget}-do-{step}")
    page.wait_for_selector(f"#{widget} .sim-axis")
    page.uncheck(f"#{widget}-manage-category-permissions")
    page.wait_for_selector(f"#{widget} .sim-axis input[disabled]")

    assert violations(axe, page) == []
