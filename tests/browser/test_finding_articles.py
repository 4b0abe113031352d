"""Readers find the article from the home page, the persona pages and search."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

TITLE = "How to connect my PIM with Apps?"
HREF = "articles/how-to-connect-my-pim-with-apps.html"


@pytest.mark.parametrize(
    ("persona_page", "theme", "theme_title"),
    [
        ("setting-up-the-pim.html", "connectivity", "Connect your PIM"),
        ("using-akeneo.html", "import-export-data", "Import/export data"),
    ],
)
def test_a_theme_section_lists_the_article(page: Page, site_url: str, persona_page: str, theme: str, theme_title: str) -> None:
    page.goto(f"{site_url}{persona_page}#{theme}")

    section = page.locator(f"section.hc-theme:has(> h2#{theme})")
    expect(section.locator("h2")).to_contain_text(theme_title)
    expect(section.locator("h2")).to_be_in_viewport()
    link = section.get_by_role("link", name=TITLE)
    expect(link.locator("strong")).to_have_text("connect my PIM with Apps")
    assert link.evaluate("a => a.href") == site_url + HREF


def test_the_home_page_lists_the_article_in_popular_guides(page: Page, site_url: str) -> None:
    page.goto(site_url)

    popular = page.locator("section.hc-popular")
    expect(popular.get_by_role("heading")).to_have_text("Popular guides")
    assert popular.get_by_role("link", name=TITLE).evaluate("a => a.href") == site_url + HREF


@pytest.mark.parametrize(
    ("card", "url", "heading"),
    [
        ("Using Akeneo", "using-akeneo.html", "Using Akeneo"),
        ("Setting up the PIM", "setting-up-the-pim.html", "Setting up the PIM"),
    ],
)
def test_a_persona_card_opens_its_page(page: Page, site_url: str, card: str, url: str, heading: str) -> None:
    page.goto(site_url)

    page.locator("a.hc-persona", has_text=card).click()

    expect(page).to_have_url(site_url + url)
    expect(page.locator("article h1")).to_have_text(heading)


def test_the_home_search_box_opens_search(page: Page, site_url: str) -> None:
    page.goto(site_url)

    page.locator(".hc-hero__search").click()

    expect(page.locator(".md-search__input")).to_be_focused()


@pytest.mark.parametrize("word", ["proofread", "Marketplace"])
def test_search_finds_the_article_by_a_body_word(page: Page, site_url: str, word: str) -> None:
    page.goto(site_url)

    page.locator(".hc-hero__search").click()
    page.locator(".md-search__input").press_sequentially(word)

    # Results link with absolute URLs (and ?h=<word> to highlight it on arrival).
    result = page.locator(f'.md-search-result__list a.md-search-result__link[href^="{site_url}{HREF}"]')
    expect(result.first).to_be_visible()
