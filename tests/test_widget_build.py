"""The build prerenders every ``::: simulator`` block: the results are in the page's HTML
(readable without JavaScript, printable, indexed by search), and a mistake in a block
fails the build at the block's line."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from subprocess import CompletedProcess
from typing import Callable

import pytest

ARTICLE = "articles/how-to-connect-my-pim-with-apps.html"


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def widget_html(page: str, widget_id: str) -> str:
    start = page.index(f'<div class="sim" id="{widget_id}"')
    return page[start : page.index("\n</div>\n", start)]


def regions_of(widget: str) -> dict[str, str]:
    """The text of each region the build filled, by name (each region is one line)."""
    found = {}
    for line in widget.split("\n"):
        region = re.match(r'<div class="sim-region [^"]*" role="group" data-region="([a-z]+)"[^>]*>(.*)</div>$', line)
        if region and region[2]:
            found[region[1]] = text_of(region[2])
    return found


@pytest.mark.parametrize(
    ("widget_id", "shown", "said"),
    [
        # (the block, the regions it is prerendered with, what one of them says)
        ("simulator-erp-owns-master", {"wizard"}, "ERP Connector by Acme Integrations"),
        ("simulator-user-without-manage-apps", {"wizard"}, "please get in touch with an Administrator"),
        ("simulator-erp-owns-master-2", {"wizard"}, "ERP Connector needs to"),
        ("simulator-no-scope-app", {"wizard"}, "No specific authorizations have been requested."),
        ("simulator-erp-owns-master-3", {"wizard"}, "Master catalog"),
        ("simulator-hat-and-braided-hat", {"summary", "grid"},
         "ERP Connector in EE: 7 products × 4 requests = 28 answers: 15 applied, 0 draft, 5 refused, 8 invisible."),
        ("simulator-translation-app", {"values"}, "Name Marketing ✎ through a draft ◐ read-only ✎ through a draft"),
        ("simulator-ecommerce-attribute-groups", {"values"}, "Name Marketing ◐ read-only"),
    ],
)
def test_each_block_of_the_article_is_prerendered_with_its_view(
    site_dir: Path, widget_id: str, shown: set[str], said: str
) -> None:
    regions = regions_of(widget_html((site_dir / ARTICLE).read_text(encoding="utf-8"), widget_id))

    assert set(regions) == shown | {"view"}
    assert any(said in text for text in regions.values()), regions
    assert regions["view"].endswith("Show the whole simulator Open this example in the full-page simulator")


def test_the_hat_example_shows_braided_hat_invisible_and_hat_deletable(site_dir: Path) -> None:
    """The article's claim: the App updates and deletes Hat, cannot retrieve Braided hat."""
    widget = widget_html((site_dir / ARTICLE).read_text(encoding="utf-8"), "simulator-hat-and-braided-hat")
    rows = {text_of(row).split(" ")[0]: text_of(row) for row in re.findall(r'<tr><th scope="row">.*?</tr>', widget)}

    assert rows["Hat"] == "Hat hat ✓ 200 applied ✓ 204 applied ✗ 422 refused ✓ 204 applied"
    assert rows["Braided"] == "Braided hat braided_hat ⊘ 404 invisible ⊘ 404 invisible ⊘ 404 invisible ⊘ 404 invisible"


def test_the_full_page_simulator_offers_import_export_and_reset(site_dir: Path) -> None:
    page = (site_dir / "simulator.html").read_text(encoding="utf-8")
    widget = widget_html(page, "simulator-erp-owns-master")

    for control in ('data-action="preset"', 'data-action="export"', 'data-action="import"', 'data-action="reset"', 'data-action="copy-link"'):
        assert control in widget
    state = json.loads(html.unescape(re.search(r'data-state="([^"]*)"', widget)[1]))  # type: ignore[index]
    # The explanations' section links lead from simulator.html to the article.
    assert state["origin"]["article"] == "articles/how-to-connect-my-pim-with-apps.html"


def test_the_widget_adds_no_inline_script(site_dir: Path) -> None:
    page = (site_dir / ARTICLE).read_text(encoding="utf-8")
    widgets = "".join(widget_html(page, widget_id) for widget_id in re.findall(r'<div class="sim" id="([^"]+)"', page))

    assert "<script" not in widgets
    assert not re.search(r"\son[a-z]+=", widgets)
    assert '<script src="../assets/js/simulator-widget.mjs" type="module"></script>' in page


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("::: simulator no-such-preset\n:::", 'docs/articles/broken.md:8: simulator block: unknown simulator preset "no-such-preset"'),
        ("::: simulator erp-owns-master\ncolour: red\n:::", 'docs/articles/broken.md:8: simulator block: unknown simulator option "colour"'),
        ("::: simulator erp-owns-master view=wizard,cards\n:::",
         'docs/articles/broken.md:8: simulator block: simulator option view="wizard,cards": "cards" is not a part of the simulator'),
    ],
)
def test_a_broken_block_fails_the_build_at_its_line(
    project_copy: Path, build_site: Callable[[Path, Path], CompletedProcess[str]], block: str, message: str
) -> None:
    articles = project_copy / "docs" / "articles"
    articles.mkdir()
    (articles / "broken.md").write_text(
        f"---\nid: broken\nthemes: connectivity\ntitle: Broken\n---\n\n# Broken\n{block}\n", encoding="utf-8"
    )
    built = build_site(project_copy, project_copy / "site")

    assert built.returncode != 0
    assert message in built.stderr


def test_a_simulator_block_shown_as_code_on_a_plain_page_stays_code(
    project_copy: Path, build_site: Callable[[Path, Path], CompletedProcess[str]]
) -> None:
    """A guide that shows the `::: simulator` syntax in a fence gets the text, no widget."""
    (project_copy / "docs" / "syntax.md").write_text(
        "# Syntax\n\n```text\n::: simulator translation-app\n:::\n```\n\n"
        "::: simulator translation-app\n:::\n",
        encoding="utf-8",
    )
    built = build_site(project_copy, project_copy / "site")
    assert built.returncode == 0, built.stderr
    page = (project_copy / "site" / "syntax.html").read_text(encoding="utf-8")
    code = page[page.index("<code>"):page.index("</code>")]
    assert "::: simulator translation-app" in code
    assert page.count("data-simulator") == 1  # the block outside the fence is a widget
    assert "helpcenter-simulator-" not in page
