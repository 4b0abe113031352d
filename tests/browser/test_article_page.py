"""The seed article in Chromium: title, callouts, summary, anchors, related articles."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

ARTICLE = "articles/how-to-connect-my-pim-with-apps.html"


def test_the_title_emphasises_its_phrase(page: Page, site_url: str) -> None:
    page.goto(site_url + ARTICLE)

    expect(page.locator("h1.hc-article-title")).to_have_text("How to connect my PIM with Apps?")
    expect(page.locator("h1.hc-article-title strong")).to_have_text("connect my PIM with Apps")
    expect(page).to_have_title("How to connect my PIM with Apps? - Akeneo Help Center")


@pytest.mark.parametrize(
    ("kind", "title", "text"),
    [
        ("info", "Info", "Want to connect a Connector?"),
        ("info", "Info", "The Edit level turns the App's updates into proposals, not its creations."),
        ("tip", "Tip", "The Connect button may be disabled."),
        ("warning", "Warning", "The App may require some more configuration."),
    ],
)
def test_the_callouts_show_as_admonitions(page: Page, site_url: str, kind: str, title: str, text: str) -> None:
    page.goto(site_url + ARTICLE)

    admonition = page.locator(f".hc-article-body .admonition.{kind}").filter(has_text=text)
    expect(admonition).to_have_count(1)
    expect(admonition).to_be_visible()
    expect(admonition.locator(".admonition-title")).to_have_text(title)
    expect(admonition).to_contain_text(text)


def test_the_seed_is_for_every_edition(page: Page, site_url: str) -> None:
    page.goto(site_url + ARTICLE)

    expect(page.locator(".hc-edition")).to_have_count(0)


def test_the_summary_lists_the_top_level_sections(page: Page, site_url: str) -> None:
    page.goto(site_url + ARTICLE)

    summary = page.locator(".md-sidebar--secondary nav.md-nav--secondary")
    expect(summary.locator("> .md-nav__title")).to_have_text("Summary")
    top_level = summary.locator("> ul > li > a")
    expect(top_level).to_have_text(
        [
            "How to connect Akeneo PIM with third parties",
            "You found the perfect App and want to connect it to your PIM",
            "The App requires some authorizations",
        ]
    )


def test_an_old_anchor_scrolls_to_its_heading(page: Page, site_url: str) -> None:
    page.goto(site_url + ARTICLE + "#which-level-should-you-give-to-your-app-3")

    heading = page.locator("#which-level-should-you-give-to-your-app-3")
    expect(heading).to_contain_text("Which level should you give to your App?")
    expect(heading).to_be_in_viewport()
    section = heading.evaluate(
        """heading => {
            let element = heading.previousElementSibling;
            while (element && element.tagName !== "H3") element = element.previousElementSibling;
            return element && element.id;
        }"""
    )
    assert section == "attribute-groups"


def test_related_articles_not_in_the_site_link_to_the_public_help_center(page: Page, site_url: str) -> None:
    """The seed's related articles live on the public help center: each links there with
    its title, says where it leads, and nothing is requested from there."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + ARTICLE)

    links = page.locator(".hc-related a")
    expect(links).to_have_text(["Monitor your third-party connections", "What is an event subscription?"])
    assert links.evaluate_all("as => as.map(a => a.href)") == [
        "https://help.akeneo.com/pim/serenity/articles/connection-dashboard.html",
        "https://help.akeneo.com/pim/serenity/articles/what-is-an-event-subscription.html",
    ]
    expect(page.locator(".hc-related .hc-elsewhere")).to_have_text(["on help.akeneo.com"] * 2)
    assert [url for url in requested if not url.startswith(site_url)] == []


@pytest.mark.parametrize(("scheme", "shown", "hidden"), [("light", "Pim-marketplace.png", "Pim-marketplace-dark.png"),
                                                        ("dark", "Pim-marketplace-dark.png", "Pim-marketplace.png")])
def test_each_picture_shows_in_its_own_colour_scheme(
    browser: Browser, site_url: str, scheme: str, shown: str, hidden: str
) -> None:
    """On screen the live simulator stands where its pictures are: a picture a block does
    not stand in for shows in its own scheme; printed, the light one shows (paper is light)."""
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(site_url + ARTICLE)
    page.evaluate("""() => {  // the picture out of the simulator's paragraph, as an article without one has it
        const picture = document.querySelector('.hc-article-body p.hc-screen');
        picture.classList.remove('hc-screen');
    }""")

    picture = page.locator(f'.hc-article-body img[src*="/{shown}#only-"]')
    expect(picture).to_be_visible()
    expect(picture).to_have_attribute("alt", re.compile(r"^The Marketplace in the PIM: the card of the ERP Connector App"))
    assert picture.evaluate("img => img.complete && img.naturalWidth") > 0
    expect(page.locator(f'.hc-article-body img[src*="/{hidden}#only-"]')).to_be_hidden()

    page.emulate_media(media="print")
    expect(page.locator('.hc-article-body img[src*="/Pim-marketplace.png#only-"]')).to_be_visible()
    expect(page.locator('.hc-article-body img[src*="/Pim-marketplace-dark.png#only-"]')).to_be_hidden()
    context.close()
