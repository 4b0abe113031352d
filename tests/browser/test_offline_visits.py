"""The site offline after a first visit, as `make dist` deploys it.

A reader opens the article once, online; the simulator goes live, the service worker
keeps the site and the simulator's worker keeps the snapshot. The server then goes away
(the reader on a train): the article opens again, its simulator goes live from the kept
snapshot and answers a click, and a page of the site never opened online opens too.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page

from helpcenter.dist import Dist, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTICLE = "articles/how-to-connect-my-pim-with-apps.html"
WIDGET = "simulator-hat-and-braided-hat"
BOOT_MS = 120_000

KEPT = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  const snapshot = await caches.open("pim-apps-simulator-snapshot").then((c) => c.keys());
  return registration?.active?.state === "activated" && snapshot.length > 0;
}"""


def _wait_until(page: Page, predicate: str) -> None:
    """Until the async ``predicate`` answers true (``wait_for_function`` does not await)."""
    for _ in range(BOOT_MS // 250):
        if page.evaluate(predicate):
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"never true: {predicate}")


def _live(page: Page) -> None:
    page.locator(f"#{WIDGET}").scroll_into_view_if_needed()
    page.wait_for_selector(f"#{WIDGET}[data-live=true]", state="attached", timeout=BOOT_MS)


def test_the_article_and_its_simulator_work_offline_after_a_first_visit(page: Page, dist_site: Dist) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in {"error", "warning"} else None)
    page.set_default_timeout(BOOT_MS)
    with serve(dist_site.directory) as url:
        page.goto(url + ARTICLE)
        _live(page)
        _wait_until(page, KEPT)
        kept = page.evaluate("caches.keys()")
    assert problems == []
    assert any(name.startswith("pim-apps-offline-") for name in kept)

    # No server any more: nothing answers at this address.
    offline = page.context.browser.new_context(service_workers="block")  # type: ignore[union-attr]
    try:
        with pytest.raises(Exception, match="ERR_CONNECTION_REFUSED"):
            offline.new_page().goto(url + ARTICLE)
    finally:
        offline.close()

    # Nor is anything left in the HTTP cache (a browser may empty it): the kept copies answer.
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")
    page.goto(url + ARTICLE)
    assert page.title().startswith("How to connect my PIM with Apps")
    assert page.evaluate("navigator.serviceWorker.controller?.scriptURL") == url + "simulator-offline.js"
    _live(page)
    boot = page.evaluate("globalThis[Symbol.for('pim-apps-helpcenter.simulator-runtime')].status.boot")
    assert boot == {"from": "snapshot", "note": None}, "the snapshot kept at the first visit"

    widget = page.locator(f"#{WIDGET}")
    before = widget.get_attribute("data-state")
    widget.locator("[data-region=grid] [data-action=explain]").first.click()
    page.wait_for_function(
        "([id, before]) => document.getElementById(id).dataset.state !== before", arg=[WIDGET, before]
    )

    page.goto(url + "guides/share-a-scenario.html")  # never opened online
    assert page.title() == "Share a scenario - Akeneo Help Center"
    assert problems == []


def test_the_service_worker_keeps_every_page_python_and_the_simulator(dist_site: Dist) -> None:
    worker = (dist_site.directory / "simulator-offline.js").read_text(encoding="utf-8")
    listed = _listed(worker)
    assert {ARTICLE, "index.html", "simulator.html"} <= listed
    assert {dist_site.renamed[name] for name in ("assets/js/simulator-widget.mjs", "assets/js/simulator-worker.mjs")} <= listed
    assert any(name.endswith(".whl") for name in listed)
    assert {f"assets/pyodide/314.0.7/{name}" for name in ("pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip")} <= listed
    assert not [name for name in listed if name.endswith((".br", ".gz", ".snapshot"))]
    assert not [name for name in listed if not (dist_site.directory / name).is_file()]


def _listed(worker: str) -> set[str]:
    match = re.search(r"^const PRECACHE = (\[.*?\]);$", worker, re.M | re.S)
    assert match, "no list of files in the service worker"
    return set(json.loads(match[1]))

