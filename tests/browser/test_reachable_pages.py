"""Support staff and authors reach their pages from the home page and the navigation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser]

STAFF_PAGES = [
    ("Permission simulator", "simulator.html", "Permission simulator"),
    ("Share a scenario", "guides/share-a-scenario.html", "Share a scenario"),
    ("Scenario files and the command line", "guides/scenario-files-and-the-command-line.html",
     "Scenario files and the command line"),
    ("How the simulator decides", "guides/how-the-simulator-decides.html", "How the simulator decides"),
    ("Write an article", "guides/write-an-article.html", "Write an article"),
    ("The scenario format", "scenario-format.html", "The scenario format"),
]


@pytest.mark.parametrize(("card", "path", "heading"), STAFF_PAGES, ids=[path for _, path, _ in STAFF_PAGES])
def test_the_home_page_leads_to_each_page_for_staff_and_authors(
    page: Page, site_url: str, card: str, path: str, heading: str
) -> None:
    page.goto(site_url + "index.html")
    group = page.get_by_role("region", name="For support staff and authors")

    group.get_by_role("link", name=card).click()

    expect(page).to_have_url(site_url + path)
    expect(page.locator("article h1").first).to_have_text(f"{heading}¶")


def test_the_navigation_lists_the_pages_for_staff_and_authors(page: Page, site_url: str) -> None:
    page.goto(site_url + "guides/share-a-scenario.html")

    tab = page.locator(".md-tabs__link", has_text="Support and authors")
    expect(tab).to_have_count(1)
    section = page.locator(".md-sidebar--primary .md-nav__item--active.md-nav__item--nested")
    hrefs = section.locator(":scope > nav > ul > li > a.md-nav__link").evaluate_all("(links) => links.map((a) => a.href)")
    assert hrefs == [site_url + path for _, path, _ in STAFF_PAGES]
