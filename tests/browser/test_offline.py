"""Every request a page makes stays on the site: no web fonts, CDNs or trackers."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("data:", "blob:", "about:")


@pytest.mark.parametrize(
    "path",
    ["index.html", "articles/how-to-connect-my-pim-with-apps.html", "using-akeneo.html", "setting-up-the-pim.html"],
)
def test_a_page_requests_nothing_from_elsewhere(page: Page, site_url: str, path: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    page.locator(".md-search__input").fill("permission")  # the search worker and its index
    page.wait_for_load_state("networkidle")

    assert requested, "no request recorded: the listener is not working"
    assert [url for url in requested if not url.startswith((site_url, *LOCAL_SCHEMES))] == []
