"""The harness in Chromium: the browser it starts, and its waits on a widget, on a
small page that behaves as a widget does: it goes live only once it is in view, and
writes its ``data-state`` once a change is answered. The tests and both benchmarks
start, wait and time through these."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Error, Page, Playwright

from helpcenter import harness

pytestmark = pytest.mark.browser

# A widget far below the first screen: live once it has been in view, and answering a
# click on "answer" by writing its state; a click on "ignore" is never answered.
PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>widget</title></head><body>
<div style="height: 5000px"></div>
<div id="w" data-state="{}">
  <button id="w-answer">answer</button><button id="w-ignore">ignore</button>
</div>
<script>
const root = document.getElementById("w");
new IntersectionObserver((seen) => {
  if (seen.some((entry) => entry.isIntersecting)) setTimeout(() => { root.dataset.live = "true"; }, 300);
}).observe(root);
let answers = 0;
document.getElementById("w-answer").addEventListener("click", () => {
  setTimeout(() => { answers += 1; root.dataset.state = JSON.stringify({ answers }); }, 20);
});
</script></body></html>
"""

ANSWERED = "(root, id, i) => { root.querySelector(`#${id}-answer`).click(); return `answer ${i}`; }"
IGNORED = "(root, id, i) => { root.querySelector(`#${id}-ignore`).click(); return 'the ignored click'; }"


@pytest.fixture(scope="module")
def widget_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site: Path = tmp_path_factory.mktemp("site")
    with harness.serve(site, files={"widget.html": PAGE}) as base:
        yield base + "widget.html"


def test_a_widget_below_the_first_screen_is_brought_into_view_until_it_is_live(page: Page, widget_url: str) -> None:
    page.goto(widget_url)
    assert page.evaluate("() => document.getElementById('w').dataset.live") is None

    harness.widget_live(page, "w", 30_000)

    assert page.evaluate("() => document.getElementById('w').dataset.live") == "true"


def test_each_change_is_timed_to_the_widget_s_new_state_and_named(page: Page, widget_url: str) -> None:
    page.goto(widget_url)
    harness.widget_live(page, "w", 30_000)

    samples = harness.time_changes(page, "w", 3, ANSWERED)

    assert [what for what, _ in samples] == ["answer 0", "answer 1", "answer 2"]
    assert all(ms >= 20 for _, ms in samples)  # the page answers each click 20 ms later
    assert page.evaluate("() => JSON.parse(document.getElementById('w').dataset.state)") == {"answers": 3}


def test_a_change_the_widget_never_answers_is_named_rather_than_waited_on(page: Page, widget_url: str) -> None:
    page.goto(widget_url)
    harness.widget_live(page, "w", 30_000)

    with pytest.raises(Error, match="the ignored click: the widget did not update in 0.5 s"):
        harness.time_changes(page, "w", 1, IGNORED, timeout=500)


def disabled_features(browser: Browser) -> set[str]:
    """The features a running Chromium has turned off, as it reports them."""
    page = browser.new_page()
    try:
        page.goto("chrome://version/?show-variations-cmd")
        found = re.search(r'--disable-features="([^"]*)"', page.inner_text("body"))
    finally:
        page.close()
    assert found, "chrome://version names no disabled features"
    return set(found.group(1).split(","))


def pages_of(browser: Browser) -> list[str]:
    """Every page the browser holds, its own included (CDP's targets)."""
    session = browser.new_browser_cdp_session()
    try:
        targets = session.send("Target.getTargets")["targetInfos"]
        return sorted(f"{target['type']} {target['url']}" for target in targets)
    finally:
        session.detach()


def test_a_fresh_context_holds_only_its_page_not_chromiums_window_pages(browser: Browser) -> None:
    context = browser.new_context()
    try:
        context.new_page().goto("about:blank")
        pages = pages_of(browser)

        assert "page about:blank" in pages
        assert [page for page in pages if "chrome://" in page] == []
    finally:
        context.close()


def test_the_harness_keeps_every_feature_playwright_turns_off(browser: Browser, playwright: Playwright) -> None:
    # Playwright's own launch of the same Chromium, with none of the harness's flags.
    chromium = {"executable_path": str(harness.SYSTEM_CHROMIUM)} if harness.SYSTEM_CHROMIUM.exists() else {}
    own = playwright.chromium.launch(**chromium, args=["--no-sandbox"])
    try:
        playwrights = disabled_features(own)
    finally:
        own.close()

    ours = disabled_features(browser)

    assert "PaintHolding" in playwrights
    assert sorted(playwrights - ours) == []
    assert set(harness.NEW_WINDOW_WEBUI) <= ours
