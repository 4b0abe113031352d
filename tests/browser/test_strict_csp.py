"""The site under its strict Content-Security-Policy, as the build computed it.

The test server sends the policy of ``csp.json`` with every answer: only the site's own
scripts, material's inline scripts by hash, WebAssembly for Pyodide, the site's own
images, workers and connections. A reader's pages load without one violation and the
simulators go live.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import widget_page
from playwright.sync_api import ConsoleMessage, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BOOT_MS = widget_page.BOOT_MS
ARTICLE = "articles/how-to-connect-my-pim-with-apps.html"

RECORD_VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
});
"""


@pytest.fixture
def problems(page: Page) -> Iterator[list[str]]:
    """Console errors and uncaught exceptions of the page and its worker.

    Images the article references but another change has not produced yet (``img/``)
    are left to the image check of the build.
    """
    found: list[str] = []

    def record(message: ConsoleMessage) -> None:
        missing_image = message.text.startswith("Failed to load resource") and "/img/" in message.location.get("url", "")
        if message.type == "error" and not missing_image:
            found.append(message.text)

    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", record)
    page.on("pageerror", lambda error: found.append(f"uncaught: {error}"))
    yield found


def violations(page: Page) -> list[str]:
    found: list[str] = page.evaluate("() => window.violations")
    return found


def test_the_policy_is_the_one_the_build_computed(page: Page, strict_site_url: str, site_csp: str) -> None:
    response = page.goto(strict_site_url + ARTICLE)

    assert response is not None
    assert response.headers["content-security-policy"] == site_csp
    assert "'unsafe-inline'" not in site_csp.split("script-src")[1].split(";")[0]


@pytest.mark.parametrize(
    ("path", "widget"),
    [(ARTICLE, "simulator-hat-and-braided-hat"), ("simulator.html", "simulator-erp-owns-master")],
    ids=["article", "full-page simulator"],
)
def test_a_page_with_simulators_goes_live_without_a_violation(
    page: Page, strict_site_url: str, problems: list[str], path: str, widget: str
) -> None:
    page.goto(strict_site_url + path)
    page.locator(f"#{widget}").scroll_into_view_if_needed()
    page.wait_for_selector(f"#{widget}[data-live=true]", state="attached", timeout=BOOT_MS)
    page.click(f"#{widget}-m0\\.0")
    page.wait_for_function("(w) => document.querySelector(`#${w} .sim-explanation .sim-checks`)", arg=widget)

    assert violations(page) == []
    assert problems == []


@pytest.mark.parametrize("path", ["index.html", "setting-up-the-pim.html", "guides/share-a-scenario.html"])
def test_a_page_without_simulators_loads_without_a_violation(
    page: Page, strict_site_url: str, problems: list[str], path: str
) -> None:
    page.goto(strict_site_url + path)
    page.wait_for_load_state("networkidle")

    assert violations(page) == []
    assert problems == []


def test_instant_navigation_and_search_work_under_the_policy(
    page: Page, strict_site_url: str, problems: list[str]
) -> None:
    page.goto(strict_site_url + "index.html")
    page.evaluate("() => { window.sameWindow = true; }")
    page.locator(".hc-persona--setting-up-the-pim").click()
    page.wait_for_function("() => location.pathname.endsWith('setting-up-the-pim.html')")
    page.locator(".hc-article-link").first.click()
    page.wait_for_function("() => location.pathname.includes('/articles/')")
    page.locator("[data-md-component=search-query]").click()
    page.locator("[data-md-component=search-query]").press_sequentially("permissions")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)

    assert page.evaluate("() => window.sameWindow") is True
    assert violations(page) == []
    assert problems == []
