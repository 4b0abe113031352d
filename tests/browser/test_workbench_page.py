"""The workbench in Chromium, tried as support staff and customers use it.

Each point of the workbench, as a reader checks it: a change shows in the answers
before any Confirm; a reload, Back/Forward and an instant navigation away and back
bring back the exact state and scroll position; a link opens on its setup, title and
answer; the comparison marks exactly the changed cells; Apply fixes the refused
request; the keyboard reaches every part; at 390 px nothing pans sideways and every
badge is whole; axe finds nothing, light and dark, desktop and phone. The support task
of the workbench's issue is played action by action and counted.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import widget_page
from widget_page import desk  # noqa: F401 (a fixture)
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page

from helpcenter import harness
from simulator.web import handle
from simulator.widget import render_regions, state_from_dict

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BOOT_MS = widget_page.BOOT_MS
FULL_PAGE = "simulator.html"
ARTICLE = "articles/how-to-connect-my-pim-with-apps.html"
KEY = "simulator-erp-owns-master"
GOLDEN = json.loads(open(__file__.rsplit("/browser/", 1)[0] + "/golden_links.json", encoding="utf-8").read())
PHONE = {"width": 390, "height": 844}


def state(page: Page, key: str = KEY) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(page.locator(f"#{key}").get_attribute("data-state") or "{}")
    return found


def wait_state(page: Page, check: str, key: str = KEY) -> None:
    widget_page.wait_state(page, key, check)


def live(page: Page, key: str = KEY) -> None:
    widget_page.live(page, key)


def cell(page: Page, cell_id: str, key: str = KEY) -> str:
    """What a cell's badge says: its icon, status and effect."""
    return " ".join((page.locator(f"#{key}-{cell_id.replace('.', chr(92) + '.')}").text_content() or "").split())


class Reader:
    """Plays the reader's actions and counts them: a click, a choice, a typed text."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.actions = 0

    def click(self, selector: str) -> None:
        self.page.click(selector)
        self.actions += 1

    def type(self, selector: str, text: str) -> None:
        self.page.fill(selector, text)
        self.actions += 1

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.actions += 1


def build_support_setup(reader: Reader) -> None:
    """Edit (not Own) on Master catalog, View on Print, Edit on all locales and groups
    (the example's); the two requests the customer asks about; the DELETE explained."""
    page = reader.page
    reader.click(f"#{KEY}-grants-categories-master-edit")
    wait_state(page, "(s.scenario.permissions.categories.edit || []).includes('master')")
    reader.click(f"#{KEY}-grants-categories-print-view")
    wait_state(page, "(s.scenario.permissions.categories.view || []).includes('print')")
    reader.type(f"#{KEY}-title-field", "ACME: why DELETE cap 403, PATCH hat name 204?")
    reader.press("Tab")
    wait_state(page, "(s.scenario.title || '').startsWith('ACME')")
    reader.click(f"#{KEY}-paste")
    reader.type(f"#{KEY}-paste", 'PATCH hat name[en_US]="Straw hat"')
    reader.click(f"#{KEY}-paste-add")
    wait_state(page, "s.scenario.requests.length === 6")
    reader.click(f"#{KEY}-r2")
    wait_state(page, "s.selected === 'r2'")


def test_the_support_task_is_built_in_under_20_actions_and_its_link_opens_on_the_delete_explanation(
    desk: Page, browser: Browser, site_url: str
) -> None:
    desk.goto(site_url + FULL_PAGE)
    live(desk)
    reader = Reader(desk)
    build_support_setup(reader)
    copied = widget_page.copy(desk, KEY, f"#{KEY}-copy-link")
    reader.actions += 1
    desk.wait_for_function("() => location.hash.includes(';open=r2')")

    assert reader.actions < 20
    assert copied == desk.url
    assert f"Link ({len(copied):,} characters)" in desk.locator(f"#{KEY}-share").inner_text()
    assert cell(desk, "r2") == "✗ 403 refused"
    assert cell(desk, "r5") == "✎ 204 draft"

    fresh: BrowserContext = browser.new_context(viewport=widget_page.DESKTOP)
    other = fresh.new_page()
    other.goto(copied)
    other.wait_for_selector(f"#{KEY}-explanation", timeout=BOOT_MS)
    head = other.locator(f"#{KEY} .sim-head").inner_text()
    explanation = other.locator(f"#{KEY}-explanation").inner_text()
    focused = other.evaluate("() => document.activeElement.id")
    visible = other.locator(f"#{KEY}-explanation").is_visible() and other.locator(f"#{KEY} .sim-grants").is_visible()
    fresh.close()

    assert head.startswith("ACME: why DELETE cap 403, PATCH hat name 204?")
    assert "Changed from the example “An ERP App owning the Master catalog”" in head
    assert "Edit on Master catalog, View on Print" in head
    assert "Own on the Master catalog tree only" not in head  # the example's notes are gone
    assert explanation.startswith("Why: DELETE /api/rest/v1/products/cap")
    assert "Deleting needs Own; the App has Edit." in explanation
    assert focused == f"{KEY}-explanation"
    assert visible


def test_a_change_in_the_wizard_shows_in_the_answers_before_confirm(page: Page, site_url: str) -> None:
    key = "simulator-erp-owns-master-3"  # the article's block on the Permissions step
    page.goto(site_url + ARTICLE)
    live(page, key)
    page.check(f"#{key}-whole")  # the block shows the permission form alone
    wait_state(page, "s.whole === true", key)
    assert cell(page, "r2", key) == "✓ 204 applied"
    page.uncheck(f'#{key} [data-action=code][data-level="own"][data-code="master"]')
    wait_state(page, "!(s.scenario.permissions.categories.own || []).includes('master')", key)

    assert page.locator(f'#{key} .sim-progress [aria-current="step"]').inner_text() == "Permissions"
    assert cell(page, "r2", key) == "✗ 403 refused"
    assert "As if confirmed" in page.locator(f'#{key} [data-region="summary"]').inner_text()
    assert "Edit on Master catalog" in page.locator(f"#{key} .sim-grants").inner_text()


def _work(page: Page) -> None:
    """A few changes of every kind: a grant, a request, a pinned before, an answer open."""
    page.click(f"#{KEY}-pin")
    wait_state(page, "s.before !== null")
    build_support_setup(Reader(page))


def _snapshot(page: Page) -> tuple[dict[str, Any], str, int]:
    regions = page.evaluate(
        """(k) => [...document.getElementById(k).querySelectorAll('[data-region]')].map((r) => r.dataset.hash).join(' ')""",
        KEY,
    )
    return state(page), regions, page.evaluate("() => Math.round(scrollY)")


def _scroll_to_values(page: Page) -> None:
    page.locator(f"#{KEY}-product").scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, 120)")
    page.wait_for_timeout(600)  # the page keeps the position a quarter of a second after scrolling


def test_a_reload_brings_back_the_exact_state_and_scroll_position(desk: Page, site_url: str) -> None:
    desk.goto(site_url + FULL_PAGE)
    live(desk)
    _work(desk)
    _scroll_to_values(desk)
    before = _snapshot(desk)
    desk.reload()
    desk.wait_for_function("(k) => JSON.parse(document.getElementById(k).dataset.state).selected === 'r2'", arg=KEY)
    desk.wait_for_timeout(300)

    after = _snapshot(desk)
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert abs(after[2] - before[2]) <= 2
    assert desk.locator(f"#{KEY}-undo").is_enabled()  # the history came back too


def test_a_reload_started_as_an_answer_is_shown_brings_back_that_answer(desk: Page, site_url: str) -> None:
    """The reader presses Undo and reloads at once: the address bar still says the
    state before Undo (it is written in the frame that shows the answer), yet the page
    comes back with the answer that was on the screen."""
    desk.goto(site_url + FULL_PAGE)
    live(desk)
    _work(desk)
    desk.wait_for_function("() => location.hash.includes(';open=r2')")
    before_undo = state(desk)
    desk.evaluate(
        """(k) => {
            const root = document.getElementById(k);
            const before = root.dataset.state;
            const observer = new MutationObserver(() => {
                if (root.dataset.state === before) return;  // an earlier change's regions, drawn late
                observer.disconnect();
                window.name = root.dataset.state;  // kept by the tab across the reload
                location.reload();  // before any frame is drawn
            });
            observer.observe(root, { attributes: true, attributeFilter: ["data-state"] });
        }""",
        KEY,
    )
    with desk.expect_event("load"):  # the reloaded document (the address's writes are navigations too)
        desk.click(f"#{KEY}-undo")
    shown = json.loads(desk.evaluate("() => window.name"))
    live(desk)

    assert shown != before_undo  # Undo took back the last action
    assert state(desk) == shown


def test_back_and_forward_bring_back_the_exact_state(desk: Page, site_url: str) -> None:
    desk.goto(site_url + FULL_PAGE)
    live(desk)
    _work(desk)
    _scroll_to_values(desk)
    before = _snapshot(desk)
    desk.goto(site_url + "guides/share-a-scenario.html")  # a full page load
    desk.go_back()
    desk.wait_for_function("(k) => JSON.parse(document.getElementById(k)?.dataset.state ?? '{}').selected === 'r2'", arg=KEY)
    desk.wait_for_timeout(300)
    after_back = _snapshot(desk)
    desk.go_forward()
    desk.wait_for_function("() => location.pathname.endsWith('share-a-scenario.html')")
    desk.go_back()
    desk.wait_for_function("(k) => JSON.parse(document.getElementById(k)?.dataset.state ?? '{}').selected === 'r2'", arg=KEY)
    desk.wait_for_timeout(300)

    assert after_back[0] == before[0] and after_back[1] == before[1]
    assert abs(after_back[2] - before[2]) <= 2
    assert _snapshot(desk)[0] == before[0]


def test_an_instant_navigation_away_and_back_brings_back_the_exact_state(desk: Page, site_url: str) -> None:
    desk.goto(site_url + FULL_PAGE)
    live(desk)
    _work(desk)
    _scroll_to_values(desk)
    before = _snapshot(desk)
    desk.evaluate("() => { window.sameWindow = true; }")
    desk.locator(".md-header__button.md-logo").first.click()
    desk.wait_for_function("() => !location.pathname.endsWith('simulator.html')")
    desk.go_back()
    desk.wait_for_function("(k) => JSON.parse(document.getElementById(k)?.dataset.state ?? '{}').selected === 'r2'", arg=KEY)
    desk.wait_for_timeout(600)

    after = _snapshot(desk)
    assert desk.evaluate("() => window.sameWindow") is True  # no reload: material's instant navigation
    assert after[0] == before[0] and after[1] == before[1]
    assert abs(after[2] - before[2]) <= 2


def test_the_address_bar_follows_every_change_without_a_history_entry_each(desk: Page, site_url: str) -> None:
    desk.goto(site_url + FULL_PAGE)
    live(desk)
    length = desk.evaluate("() => history.length")
    desk.click(f"#{KEY}-grants-categories-print-view")
    wait_state(desk, "(s.scenario.permissions.categories.view || []).includes('print')")
    desk.wait_for_function("(k) => location.hash.startsWith(`#${k}:s1.`)", arg=KEY)
    first = desk.url
    desk.click(f"#{KEY}-grants-categories-print-edit")
    wait_state(desk, "(s.scenario.permissions.categories.edit || []).includes('print')")
    desk.wait_for_function("(first) => location.href !== first", arg=first)  # written in the frame that shows it

    assert desk.url != first
    assert desk.evaluate("() => history.length") == length
    desk.click(f"#{KEY}-undo")
    desk.click(f"#{KEY}-undo")
    wait_state(desk, "s.past.length === 0")
    desk.wait_for_function("() => location.hash === ''")  # back to the example as it starts


def test_the_comparison_marks_exactly_the_changed_cells_and_apply_fixes_the_refusal(desk: Page, site_url: str) -> None:
    desk.goto(site_url + FULL_PAGE)
    live(desk)
    desk.click(f"#{KEY}-pin")
    wait_state(desk, "s.before !== null")
    desk.click(f"#{KEY}-grants-categories-master-edit")
    wait_state(desk, "(s.scenario.permissions.categories.edit || []).includes('master')")

    lost = desk.evaluate(f"() => [...document.querySelectorAll('#{KEY} .sim-cell--lost')].map((b) => b.dataset.cell)")
    changed = desk.evaluate(f"() => [...document.querySelectorAll('#{KEY} .sim-cell--changed')].map((b) => b.dataset.cell)")
    assert lost == ["r2", "m0.2", "m0.3", "m2.2", "m2.3", "m3.2"]
    assert changed[:3] == ["r1", "m0.1", "m2.1"] and len(changed) == 25  # and the 22 values of Hat, now drafts
    assert "0 gained, 6 lost, 25 changed of 55 answers" in desk.locator(f"#{KEY} .sim-compare").inner_text()
    assert desk.locator(f"#{KEY}-m2\\.3 + .sim-was").inner_text() == "▼ lost, was 204 applied"

    desk.click(f"#{KEY}-r2")
    desk.wait_for_selector(f"#{KEY}-explanation-apply")
    desk.click(f"#{KEY}-explanation-apply")
    wait_state(desk, "(s.scenario.permissions.categories.own || []).includes('master')")
    assert cell(desk, "r2") == "✓ 204 applied"
    assert desk.evaluate("() => document.activeElement.id") == f"{KEY}-explanation"
    assert "Applied: Own on the Master catalog tree." in desk.locator(f"#{KEY} .sim-notice").inner_text()


def test_the_keyboard_reaches_each_part_and_escape_returns_to_the_cell(desk: Page, site_url: str) -> None:
    desk.goto(site_url + FULL_PAGE)
    live(desk)
    desk.locator(f"#{KEY}-copy-link").focus()
    desk.keyboard.press("g")
    assert desk.evaluate("() => document.activeElement.dataset.cell") == "m0.0"
    desk.keyboard.press("ArrowRight")
    desk.keyboard.press("ArrowDown")
    desk.keyboard.press("ArrowDown")
    assert desk.evaluate("() => document.activeElement.dataset.cell") == "m2.1"
    desk.keyboard.press("Enter")
    wait_state(desk, "s.selected === 'm2.1'")
    desk.wait_for_function(f"() => document.activeElement.id === '{KEY}-explanation'")
    assert desk.locator(f"#{KEY}-explanation").get_attribute("role") == "dialog"
    desk.keyboard.press("Escape")
    wait_state(desk, "s.selected === ''")
    desk.wait_for_function(f"() => document.activeElement.id === '{KEY}-m2.1'")

    # One tab stop per grid: Tab leaves the grid for what follows it (the product's
    # select, where letters choose a product: the shortcuts wait outside text fields).
    desk.keyboard.press("Tab")
    assert desk.evaluate("() => document.activeElement.closest('[data-region]').dataset.region") == "values"
    desk.keyboard.press("Shift+Tab")
    desk.keyboard.press("r")
    assert desk.evaluate("() => document.activeElement.closest('[data-region]').dataset.region") == "requests"
    desk.keyboard.press("s")
    assert desk.evaluate("() => document.activeElement.id") == f"{KEY}-setup"
    desk.click(f"#{KEY}-grants-categories-master-edit")
    wait_state(desk, "s.past.length === 1")
    desk.locator(f"#{KEY}-copy-link").focus()
    desk.keyboard.press("Control+z")
    wait_state(desk, "s.past.length === 0 && s.future.length === 1")
    desk.keyboard.press("Control+Shift+Z")
    wait_state(desk, "s.past.length === 1")


def test_a_pasted_curl_command_becomes_a_request_and_each_request_copies_as_curl(desk: Page, site_url: str) -> None:
    desk.goto(site_url + FULL_PAGE)
    live(desk)
    desk.fill(f"#{KEY}-paste", "curl -X DELETE 'https://acme.cloud.akeneo.com/api/rest/v1/products/hat' -H 'Authorization: Bearer abc'")
    desk.click(f"#{KEY}-paste-add")
    wait_state(desk, "s.scenario.requests.length === 6")
    assert cell(desk, "r5") == "✓ 204 applied"
    copied = widget_page.copy(desk, KEY, f"#{KEY}-r5-copy")
    desk.wait_for_selector(f"#{KEY}-r5-curl-text")

    assert copied == (
        'curl -X DELETE "$PIM_URL/api/rest/v1/products/hat" \\\n  -H "Authorization: Bearer $ACCESS_TOKEN"'
    )
    desk.fill(f"#{KEY}-paste", "curl https://example.com/")
    desk.click(f"#{KEY}-paste-add")
    desk.wait_for_selector(f"#{KEY}-paste-error")
    assert "is not a PIM REST API URL" in desk.locator(f"#{KEY}-paste-error").inner_text()
    assert desk.locator(f"#{KEY}-paste").input_value() == "curl https://example.com/"


def regions_unlike_a_fresh_drawing(desk: Page) -> list[str]:
    """The regions whose HTML on the page differs from what Python draws for the state
    shown (but for the empty ``class`` that the theme's focus-visible script leaves on a
    field it focused, where the page changed only rows)."""
    expected = render_regions(state_from_dict(state(desk)))
    differing: list[str] = desk.evaluate(
        """([key, expected]) => Object.entries(expected).filter(([name, html]) => {
             const drawn = document.createElement("div");
             drawn.innerHTML = html;
             const shown = document.querySelector(`#${key} [data-region="${name}"]`).cloneNode(true);
             for (const field of shown.querySelectorAll("[class='']")) field.removeAttribute("class");
             return shown.innerHTML !== drawn.innerHTML;
           }).map(([name]) => name)""",
        [KEY, expected],
    )
    return differing


def test_an_edition_change_changes_the_two_answers_it_touches_and_shows_what_python_draws(desk: Page, site_url: str) -> None:
    desk.goto(site_url + FULL_PAGE)
    live(desk)
    for index in range(3):
        desk.fill(f"#{KEY}-paste", f'PATCH hat name[en_US]="Straw hat {index}" → 204 draft')
        desk.click(f"#{KEY}-paste-add")
        wait_state(desk, f"s.scenario.requests.length === {6 + index}")
    rows = f"#{KEY} [data-region=requests] tr"
    cells = f"{rows} > *"
    desk.evaluate(f"() => document.querySelectorAll('{rows}, {cells}').forEach((node) => node.setAttribute('data-seen', ''))")

    desk.select_option(f"#{KEY}-edition", "GE")
    wait_state(desk, "s.scenario.edition === 'GE'")

    assert cell(desk, "r3") == "✓ 200 applied"  # GET braided_hat: no category permission in GE
    assert "fails: expected 404" in desk.locator(f"#{KEY}-r3").locator("xpath=ancestor::tr").inner_text()
    # The rows and cells whose answer did not change were left as they were, even the page's own mark:
    # only the answer, assertion and message of request 4 and the open explanation changed.
    assert desk.locator(rows).count() == 10 and desk.locator(f"{rows}:not([data-seen])").count() == 0
    assert desk.locator(f"{cells}:not([data-seen])").count() == 4
    assert desk.locator(f"#{KEY}-r3").locator("xpath=ancestor::tr").locator("> :not([data-seen])").count() == 3
    desk.evaluate("() => document.querySelectorAll('[data-seen]').forEach((node) => node.removeAttribute('data-seen'))")
    assert regions_unlike_a_fresh_drawing(desk) == []


ANSWERS = """(() => {
  const Worker = window.Worker;
  window.simulatorAnswers = [];
  window.Worker = class extends Worker {
    constructor(url, options) {
      super(url, options);
      this.addEventListener("message", (event) => {
        if (event.data?.kind === "answer" && event.data.ok) window.simulatorAnswers.push(event.data.result);
      });
    }
  };
})()"""
"""Every answer the simulator's worker sends, kept in ``window.simulatorAnswers``."""


def test_a_level_and_an_edition_change_send_the_parts_of_the_setup_and_the_catalog_they_change(
    desk: Page, site_url: str
) -> None:
    desk.add_init_script(ANSWERS)
    desk.goto(site_url + FULL_PAGE)
    live(desk)
    setup, catalog = f"#{KEY} [data-region=setup]", f"#{KEY} [data-region=catalog]"
    mark = f"""() => document.querySelectorAll(
      '{setup} .sim-editor, {setup} [data-part], {catalog} .sim-catalog-summary, {catalog} [data-part]'
    ).forEach((node) => node.setAttribute('data-seen', ''))"""
    unmark = "() => document.querySelectorAll('[data-seen]').forEach((node) => node.removeAttribute('data-seen'))"
    desk.evaluate(mark)

    desk.click(f"#{KEY}-grants-locales-all-view")
    wait_state(desk, "s.scenario.permissions.locales.view_all === true")

    sent = desk.evaluate("() => window.simulatorAnswers.at(-1).regions.setup")
    assert "html" not in sent
    # The head, the tools, the View and Edit cells of the four locales' rows, the title's field.
    assert [part[:-1] for part in sent["parts"]] == [[0], [3], *([row, cell] for row in (11, 12, 13, 14) for cell in (2, 3)), [23]]
    assert desk.locator(f"#{KEY}-grants-locales-fr_FR-view").is_checked()
    assert "Locales View on all locales" in " ".join(desk.locator(f"{setup} [data-part=head]").inner_text().split())
    assert desk.locator(f"{setup} [data-part=head][data-seen]").count() == 0  # changed
    # The editor around the rows and the parts that did not change are as they were, even the page's own mark.
    assert desk.locator(f"{setup} .sim-editor[data-seen]").count() == 1
    assert desk.locator(f"{setup} [data-part=scopes][data-seen]").count() == 1
    desk.evaluate(unmark)
    assert regions_unlike_a_fresh_drawing(desk) == []
    desk.evaluate(mark)

    desk.select_option(f"#{KEY}-edition", "GE")
    wait_state(desk, "s.scenario.edition === 'GE'")

    regions = desk.evaluate("() => window.simulatorAnswers.at(-1).regions")
    assert "html" not in regions["setup"] and "html" not in regions["catalog"]
    assert desk.locator(f"{catalog} [data-summary]").inner_text().startswith("The App can see 7 of 7 products")
    assert desk.locator(f"{catalog} .sim-catalog-summary[data-seen]").count() == 1
    assert "GE has no permissions" in desk.locator(f"{setup} [data-part=grants]").inner_text()
    desk.evaluate(unmark)
    assert regions_unlike_a_fresh_drawing(desk) == []


REQUESTS = """(() => {
  const post = Worker.prototype.postMessage;
  window.simulatorRequests = [];
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message?.op === "widget.act") window.simulatorRequests.push(structuredClone(message.payload));
    return post.call(this, message, ...rest);
  };
})()"""
"""Every event the page asks the simulator's worker to answer, kept in ``window.simulatorRequests``."""


def test_the_state_sent_as_changes_is_the_state_python_answers_for_the_same_events(desk: Page, site_url: str) -> None:
    """After the first answer the page names its state by its serial and receives the
    state's changes, not the state: applied, they give the state Python answers when it
    is sent the state itself, event after event (requests added, an edition change, undo,
    redo, an explanation)."""
    desk.add_init_script(ANSWERS)
    desk.add_init_script(REQUESTS)
    desk.goto(site_url + FULL_PAGE)
    live(desk)
    start = state(desk)
    for index in range(3):
        desk.fill(f"#{KEY}-paste", f'PATCH hat name[en_US]="Straw hat {index}" → 204 draft')
        desk.click(f"#{KEY}-paste-add")
        wait_state(desk, f"s.scenario.requests.length === {6 + index}")
    desk.select_option(f"#{KEY}-edition", "GE")
    wait_state(desk, "s.scenario.edition === 'GE'")
    desk.click(f"#{KEY}-undo")
    wait_state(desk, "s.scenario.edition === 'EE' && s.future.length === 1")
    desk.click(f"#{KEY}-redo")
    wait_state(desk, "s.scenario.edition === 'GE' && s.future.length === 0")
    desk.click(f"#{KEY}-r6")
    wait_state(desk, "s.selected === 'r6'")

    answers = desk.evaluate("() => window.simulatorAnswers.filter((answer) => answer.regions)")
    last = answers[-1]["changed"]  # an explanation shown: the scenario and the history are not sent again
    assert "state" not in answers[-1] and last["set"]["selected"] == "r6"
    assert not {"scenario", "past", "future"} & {*last["set"], *last.get("lists", {})}
    assert all("changed" in answer for answer in answers[1:])
    replayed = start
    for payload in desk.evaluate("() => window.simulatorRequests"):
        reply = json.loads(handle("widget.act", json.dumps({"state": replayed, "event": payload["event"]})))
        replayed = reply["result"]["state"]
    assert state(desk) == replayed
    assert [step["label"] for step in replayed["past"]][-4:] == [
        "add PATCH /api/rest/v1/products/hat", "add PATCH /api/rest/v1/products/hat",
        "add PATCH /api/rest/v1/products/hat", "edition GE",
    ]


def test_an_explanation_opens_and_closes_as_its_rows_alone_and_shows_what_python_draws(desk: Page, site_url: str) -> None:
    desk.goto(site_url + FULL_PAGE)
    live(desk)
    rows = f"#{KEY} [data-region=requests] tr"
    desk.evaluate(f"() => document.querySelectorAll('{rows}').forEach((row) => row.setAttribute('data-seen', ''))")

    desk.click(f"#{KEY}-r1")
    wait_state(desk, "s.selected === 'r1'")

    explanation = desk.locator(f"{rows}.sim-explain-row")
    assert explanation.count() == 1 and "Decided by" in explanation.inner_text()
    assert explanation.locator("xpath=preceding-sibling::tr[1]").locator(f"#{KEY}-r1").count() == 1  # right below its request
    # Only the rows of request 1 (its tab stop moved), of the clicked request 2 and of the
    # explanation were sent: the table's head and requests 3 to 5 are as they were.
    assert desk.locator(rows).count() == 7 and desk.locator(f"{rows}:not([data-seen])").count() <= 3
    assert desk.locator(f"{rows}[data-seen]").count() >= 4
    desk.click(f"#{KEY}-explanation-close")
    wait_state(desk, "s.selected === ''")

    assert desk.locator(rows).count() == 6 and desk.locator(f"{rows}.sim-explain-row").count() == 0
    assert desk.locator(f"{rows}[data-seen]").count() >= 4
    desk.evaluate(f"() => document.querySelectorAll('{rows}').forEach((row) => row.removeAttribute('data-seen'))")
    assert regions_unlike_a_fresh_drawing(desk) == []


def test_a_request_python_refuses_is_told_apart_from_a_boot_failure(desk: Page, site_url: str) -> None:
    desk.goto(site_url + FULL_PAGE)
    live(desk)
    desk.evaluate(f"() => document.getElementById('{KEY}-m0.0').dataset.cell = 'nowhere'")
    desk.click(f"#{KEY}-m0\\.0")
    desk.wait_for_selector(f"#{KEY}[data-refused=true]", state="attached")
    status = desk.locator(f"#{KEY} [data-runtime]").inner_text()

    assert status.startswith("The simulator did not take this change: no cell 'nowhere' in these results.")
    assert "could not start" not in status and desk.locator(f"#{KEY} .sim-retry").count() == 0
    desk.click(f"#{KEY}-m1\\.0")  # the simulator still answers
    wait_state(desk, "s.selected === 'm1.0'")


def test_every_golden_link_opens_in_the_page(page: Page, site_url: str) -> None:
    page.goto(site_url + FULL_PAGE)
    live(page)
    for golden in GOLDEN:
        page.evaluate("(link) => { location.hash = link; }", f"{KEY}:{golden['link']}")
        page.wait_for_function(
            "([k, title]) => !document.getElementById(k).dataset.loadingShared && "
            "document.querySelector(`#${k} .sim-title`).textContent === title",
            arg=[KEY, golden["scenario"].get("title") or "Untitled scenario"],
            timeout=30_000,
        )
        assert state(page)["scenario"]["edition"] == golden["scenario"]["edition"], golden["name"]


OVERFLOW = r"""() => {
  const out = [];
  if (document.documentElement.scrollWidth > innerWidth) out.push(`page ${document.documentElement.scrollWidth} > ${innerWidth}`);
  for (const badge of document.querySelectorAll('.sim-cell')) {
    const box = badge.getBoundingClientRect();
    if (box.width === 0) continue;
    if (box.left < 0 || box.right > innerWidth) out.push(`${badge.id} outside the viewport`);
    for (let up = badge.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const clip = up.getBoundingClientRect();
      if (box.left < clip.left - 0.5 || box.right > clip.right + 0.5) { out.push(`${badge.id} cut by ${up.className}`); break; }
    }
  }
  // A code may wrap between its words (and a path after its slashes, where the page
  // offers a break), never inside a word.
  for (const code of document.querySelectorAll('.sim code')) {
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.textContent.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) out.push(`code broken inside "${word[0]}"`);
      }
    }
  }
  return out;
}"""


def test_on_a_phone_the_full_page_simulator_is_live_before_the_reader_scrolls_to_it(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(site_url + FULL_PAGE)
        below: float = page.evaluate(f"() => document.getElementById('{KEY}').getBoundingClientRect().top - innerHeight")

        page.wait_for_selector(f"#{KEY}[data-live]", state="attached", timeout=harness.WIDGET_LIVE_MS)

        assert below > 400  # under its introduction, beyond the distance at which a block starts
        assert page.evaluate("() => scrollY") == 0
    finally:
        context.close()


@pytest.mark.parametrize("path", [FULL_PAGE, ARTICLE])
def test_at_390_px_nothing_pans_sideways_and_every_badge_is_whole(browser: Browser, site_url: str, path: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + path)
    key = KEY if path == FULL_PAGE else "simulator-hat-and-braided-hat"
    live(page, key)
    if path == ARTICLE:
        page.check(f"#{key}-whole")  # the block shows the summary and the grid alone
        wait_state(page, "s.whole === true", key)
    page.click(f"#{key}-pin")
    wait_state(page, "s.before !== null", key)
    page.select_option(f"#{key}-edition", "GE")
    wait_state(page, "s.scenario.edition === 'GE'", key)
    page.click(f"#{key}-m1\\.3")
    wait_state(page, "s.selected === 'm1.3'", key)
    problems = page.evaluate(OVERFLOW)
    message = page.locator(f"#{key} [data-region=requests] td[data-label=Message]").first
    readable = message.bounding_box() if message.count() else None
    context.close()

    assert problems == []
    assert readable is None or readable["x"] + readable["width"] <= PHONE["width"]


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("viewport", [widget_page.DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_workbench_in_use_has_no_axe_violation(
    axe: Axe, browser: Browser, site_url: str, scheme: str, viewport: dict[str, int]
) -> None:
    context = browser.new_context(viewport=viewport, color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(site_url + FULL_PAGE)
    live(page)
    _work(page)  # a comparison, a pasted request, an open explanation, a share box
    page.click(f"#{KEY}-copy-link")
    page.wait_for_selector(f"#{KEY}-share")
    page.click(f"#{KEY}-request-new")
    page.wait_for_selector(f"#{KEY}-draft-method")
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    found: list[dict[str, Any]] = axe.run(page).response["violations"]
    context.close()

    assert [f"{v['id']} ({len(v['nodes'])}×, e.g. {v['nodes'][0]['target']}): {v['help']}" for v in found] == []
