"""The simulator widget in Chromium: prerendered first, then live in Pyodide.

Served as it is deployed (`make dist`, as `make serve-dist` serves it). What a reader
checks: the results are there before Python, the live widget shows the very HTML the
build rendered, the wizard works from the keyboard, a copied link reopens the same
scenario in a fresh browser, a broken link says why, instant navigation keeps working,
and names from a link are shown as text and run nothing.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
import widget_page
from playwright.sync_api import Browser, Page, expect

from simulator.formats import catalog_to_dict, load_catalog
from simulator.scenarios import PRESET_IDS, encode_link, scenario_from_dict
from simulator.widget import (
    Origin,
    Tools,
    act,
    initial_state,
    region_hash,
    render_regions,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTICLE = "articles/how-to-connect-my-pim-with-apps.html"
FULL_PAGE = "simulator.html"
BOOT_MS = widget_page.BOOT_MS
ARTICLE_WIDGETS = [
    "simulator-erp-owns-master",
    "simulator-erp-owns-master-2",
    "simulator-no-scope-app",
    "simulator-erp-owns-master-3",
    "simulator-hat-and-braided-hat",
    "simulator-translation-app",
]
HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=1">'


@pytest.fixture(scope="session")
def site_url(dist_url: str) -> str:
    """The site as it is deployed: `make dist`'s folder, served as `make serve-dist` does."""
    return dist_url


wait_live = widget_page.live


def open_whole(page: Page, widget_id: str) -> None:
    """Show the whole simulator of a block that shows one part of it (as the article's
    blocks do), with the switch under it, and wait for Python to draw it."""
    page.check(f"#{widget_id}-whole")
    page.wait_for_function(
        "(id) => JSON.parse(document.getElementById(id).dataset.state).whole === true"
        " && document.querySelector(`#${id} [data-region=setup]`).innerHTML !== ''",
        arg=widget_id, timeout=BOOT_MS,
    )


def regions(page: Page, widget_id: str) -> dict[str, tuple[str, str]]:
    """Each region's hash and visible text."""
    return page.evaluate(
        """(id) => Object.fromEntries([...document.getElementById(id).querySelectorAll('[data-region]')]
             .map((r) => [r.dataset.region, [r.dataset.hash, r.innerText]]))""",
        widget_id,
    )


def current_step(page: Page, widget_id: str) -> str:
    return page.locator(f'#{widget_id} .sim-progress [aria-current="step"]').inner_text()


def tab_to(page: Page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focus is on ``selector``, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("(s) => !!document.activeElement?.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_the_prerendered_results_stay_and_a_retry_is_offered_when_python_cannot_load(page: Page, site_url: str) -> None:
    page.route("**/assets/pyodide/**", lambda route: route.abort())
    page.goto(site_url + ARTICLE)
    widget = page.locator("#simulator-hat-and-braided-hat")
    widget.scroll_into_view_if_needed()

    page.wait_for_selector("#simulator-hat-and-braided-hat[data-failed=true]", state="attached", timeout=BOOT_MS)
    assert "15 applied, 0 draft, 5 refused, 8 invisible" in widget.locator('[data-region="summary"]').inner_text()
    assert "The simulator could not start" in widget.locator("[data-runtime]").inner_text()
    assert widget.get_by_role("button", name="Retry").is_visible()


def test_the_live_widgets_show_exactly_what_the_build_rendered(page: Page, site_url: str) -> None:
    page.goto(site_url + ARTICLE)
    before = {widget_id: regions(page, widget_id) for widget_id in ARTICLE_WIDGETS}

    for widget_id in ARTICLE_WIDGETS:
        wait_live(page, widget_id)
        page.evaluate("(id) => document.getElementById(id).dataset.live = 'checked'", widget_id)

    # Python renders every region again after boot; none differs from the build's.
    after = {widget_id: regions(page, widget_id) for widget_id in ARTICLE_WIDGETS}
    changed = [(w, name, before[w][name], after[w][name]) for w in before for name in before[w] if before[w][name] != after[w][name]]
    assert changed == []


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_every_preset_renders_in_the_browser_as_in_cpython(page: Page, site_url: str, preset_id: str) -> None:
    page.goto(site_url + FULL_PAGE)
    wait_live(page, "simulator-erp-owns-master")
    page.select_option("#simulator-erp-owns-master-preset", preset_id)
    page.wait_for_function(
        "(p) => JSON.parse(document.getElementById('simulator-erp-owns-master').dataset.state).scenario.preset === p",
        arg=preset_id,
    )
    origin = Origin("erp-owns-master", tools=Tools.FULL, article="articles/how-to-connect-my-pim-with-apps.html")
    expected = render_regions(act(initial_state(origin), {"action": "preset", "value": preset_id}))

    shown = regions(page, "simulator-erp-owns-master")
    assert {name: hash_ for name, (hash_, _) in shown.items()} == {name: region_hash(inner) for name, inner in expected.items()}


@pytest.mark.parametrize(
    ("preset_id", "last_step", "own"),
    [
        ("erp-owns-master", "Well done!", ["ecommerce", "master"]),
        ("hat-and-braided-hat", "Well done!", []),
        ("translation-app", "Well done!", ["ecommerce"]),
        ("ecommerce-attribute-groups", "Well done!", []),
        ("no-scope-app", "Well done!", []),
        ("user-without-manage-apps", "Marketplace", ["master"]),
    ],
)
def test_the_whole_wizard_works_from_the_keyboard(
    page: Page, site_url: str, preset_id: str, last_step: str, own: list[str]
) -> None:
    key = "simulator-erp-owns-master"
    page.goto(site_url + FULL_PAGE)
    wait_live(page, key)
    page.select_option(f"#{key}-preset", preset_id)
    page.wait_for_function(
        "([k, p]) => JSON.parse(document.getElementById(k).dataset.state).scenario.preset === p", arg=[key, preset_id]
    )
    page.locator(f"#{key}-preset").focus()
    tab_to(page, f"#{key}-restart")
    page.keyboard.press("Enter")
    page.wait_for_function("(k) => JSON.parse(document.getElementById(k).dataset.state).place.step === 'marketplace'", arg=key)

    for _ in range(8):
        step = current_step(page, key)
        if step in ("Well done!",) or page.locator(f"#{key}-do-connect[disabled]").count():
            break
        if step == "Authentication":
            tab_to(page, f"#{key} [data-action=consent]")
            page.keyboard.press("Space")
            page.wait_for_selector(f"#{key}-do-allow_and_next:not([disabled])")
        if step == "Permissions" and page.locator(f'#{key} [data-level="own"][data-code="ecommerce"]').count():
            tab_to(page, f'#{key} [data-level="own"][data-code="ecommerce"]')
            page.keyboard.press("Space")
            page.wait_for_selector(f'#{key} [data-level="view"][data-code="ecommerce"]:checked')
        tab_to(page, f"#{key} .sim-buttons .md-button--primary:not([disabled])")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "([k, s]) => document.querySelector(`#${k} .sim-progress [aria-current=step]`)?.innerText !== s", arg=[key, step]
        )

    assert current_step(page, key) == last_step
    state = json.loads(page.locator(f"#{key}").get_attribute("data-state") or "{}")
    assert state["scenario"].get("permissions", {}).get("categories", {}).get("own", []) == own


def test_a_copied_link_reopens_the_same_scenario_in_a_fresh_browser(page: Page, browser: Browser, site_url: str) -> None:
    key = "simulator-hat-and-braided-hat"
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_url + ARTICLE)
    wait_live(page, key)
    open_whole(page, key)
    page.select_option(f"#{key}-edition", "GE")
    page.wait_for_function("(k) => JSON.parse(document.getElementById(k).dataset.state).scenario.edition === 'GE'", arg=key)
    page.click(f"#{key}-product")
    page.select_option(f"#{key}-product", "braided_hat")
    page.wait_for_function("(k) => JSON.parse(document.getElementById(k).dataset.state).product === 'braided_hat'", arg=key)
    page.click(f"#{key}-copy-link")
    page.wait_for_function("() => location.hash.includes(':s1.')")
    url = page.url
    shown = regions(page, key)

    fresh = browser.new_context()
    requested: list[str] = []
    other = fresh.new_page()
    other.on("request", lambda request: requested.append(request.url))
    other.goto(url)
    other.wait_for_selector(f"#{key}:not([data-loading-shared])", state="attached", timeout=BOOT_MS)
    reopened = regions(other, key)
    other_head = other.locator(f"#{key} .sim-head").inner_text()
    fresh.close()

    assert url.split("#")[1].startswith(f"{key}:s1.")
    assert reopened["summary"] == shown["summary"]
    assert reopened["grid"] == shown["grid"]
    assert other_head == page.locator(f"#{key} .sim-head").inner_text()
    assert {urlsplit(u).netloc for u in requested} == {urlsplit(site_url).netloc}


def test_a_shared_link_shows_that_it_is_loading_never_the_default_results(page: Page, site_url: str) -> None:
    key = "simulator-translation-app"
    link = encode_link(scenario_from_dict({"version": 1, "preset": "translation-app", "catalog": "article",
                                           "edition": "CE", "app": "translation_app"}))
    page.goto(f"{site_url}{ARTICLE}#{key}:{link}", wait_until="domcontentloaded")

    assert page.locator(f'#{key} [data-region="summary"]').inner_text() == "Loading the shared scenario…"
    assert page.locator(f'#{key} [data-region="requests"]').inner_text() == ""
    assert page.locator(f'#{key} [data-region="grid"]').inner_text() == ""
    page.wait_for_selector(f"#{key}:not([data-loading-shared])", state="attached", timeout=BOOT_MS)
    assert "Translation App in CE" in page.locator(f'#{key} [data-region="summary"]').inner_text()


def test_a_tampered_link_shows_the_codecs_message_and_the_default_scenario(
    page: Page, browser: Browser, site_url: str
) -> None:
    key = "simulator-hat-and-braided-hat"
    page.goto(site_url + ARTICLE)
    default = regions(page, key)
    # Opened as its receiver opens it: in a browser of its own, no work on the page yet.
    # (In the tab above, the link put in the address bar then reloaded raced the work
    # that tab keeps when it is left: once kept, a reload rightly brings it back.)
    receiver = browser.new_context()
    try:
        tab = receiver.new_page()
        tab.goto(f"{site_url}{ARTICLE}#{key}:s1.eJzLSM3JyQcABiwCFQx")
        notice = tab.locator(f"#{key} .sim-notice")
        expect(notice).to_contain_text("The shared link does not open: the link", timeout=BOOT_MS)
        tab.wait_for_selector(f"#{key}:not([data-loading-shared])", state="attached", timeout=BOOT_MS)

        assert regions(tab, key)["grid"] == default["grid"]
    finally:
        receiver.close()


def test_instant_navigation_away_and_back_keeps_the_widget_working(page: Page, site_url: str) -> None:
    key = "simulator-no-scope-app"
    wasm: list[str] = []
    page.on("request", lambda request: wasm.append(request.url) if request.url.endswith(".wasm") else None)
    page.goto(site_url + ARTICLE)
    wait_live(page, key)
    open_whole(page, key)  # the block shows the wizard alone; its grid comes with the whole simulator
    page.evaluate(
        """() => {
             window.sameWindow = true;
             window.mounts = [];
             document.addEventListener("simulator:mounted", (event) => window.mounts.push(event.target.id));
           }"""
    )
    page.locator(".md-header__title, .md-logo").first.click()
    page.wait_for_function("() => !location.pathname.includes('articles/')")
    page.go_back()
    page.wait_for_selector(f"#{key}", state="attached")
    wait_live(page, key)
    assert page.is_checked(f"#{key}-whole")  # the reader's choice came back with their work
    page.click(f"#{key}-m0\\.0")
    page.wait_for_function("(k) => document.getElementById(`${k}-explanation`)?.innerText.includes('403')", arg=key)

    on_page = page.evaluate("() => [...document.querySelectorAll('[data-simulator]')].map((root) => root.id)")
    assert page.evaluate("() => window.sameWindow") is True  # the page was never reloaded
    assert sorted(page.evaluate("() => window.mounts")) == sorted(on_page)  # each widget mounted once
    assert page.locator(f"#{key}[data-simulator]").count() == 1
    assert len(wasm) == 1  # the worker (and its Python) outlived the navigation


def test_names_full_of_markup_from_a_link_are_text_and_run_nothing(page: Page, site_url: str) -> None:
    key = "simulator-hat-and-braided-hat"
    catalog = catalog_to_dict(load_catalog("article"))
    catalog["products"][0]["labels"]["en_US"] = HOSTILE  # type: ignore[index]
    link = encode_link(scenario_from_dict({
        "version": 1, "catalog": catalog, "edition": "EE", "title": HOSTILE,
        "app": {"id": "x", "name": HOSTILE, "scopes": ["read_products"]},
        "permissions": {"categories": {"view_all": True}},
    }))
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{site_url}{ARTICLE}#{key}:{link}")
    page.wait_for_selector(f"#{key}:not([data-loading-shared])", state="attached", timeout=BOOT_MS)

    assert page.evaluate("() => window.pwned") is None
    assert page.locator(f"#{key} script, #{key} img").count() == 0
    assert HOSTILE in page.locator(f"#{key} .sim-title").inner_text()
    assert dialogs == []
