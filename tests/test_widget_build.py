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


@pytest.mark.parametrize(
    ("widget_id", "current_step", "summary"),
    [
        ("simulator-erp-owns-master", "Marketplace",
         "ERP Connector in EE: 7 products × 4 requests = 28 answers: 12 applied, 0 draft, 0 refused, 16 invisible."),
        ("simulator-erp-owns-master-2", "Authorizations",
         "ERP Connector in EE: 7 products × 4 requests = 28 answers: 12 applied, 0 draft, 0 refused, 16 invisible."),
        ("simulator-no-scope-app", "Authorizations",
         "Dashboard App in EE: 7 products × 4 requests = 28 answers: 0 applied, 0 draft, 28 refused, 0 invisible."),
        ("simulator-erp-owns-master-3", "Permissions",
         "ERP Connector in EE: 7 products × 4 requests = 28 answers: 12 applied, 0 draft, 0 refused, 16 invisible."),
        ("simulator-hat-and-braided-hat", "Summary",
         "ERP Connector in EE: 7 products × 4 requests = 28 answers: 15 applied, 0 draft, 5 refused, 8 invisible."),
        ("simulator-translation-app", "Summary",
         "Translation App in EE: 7 products × 4 requests = 28 answers: 8 applied, 6 draft, 14 refused, 0 invisible."),
    ],
)
def test_each_block_of_the_article_is_prerendered_with_its_results(
    site_dir: Path, widget_id: str, current_step: str, summary: str
) -> None:
    widget = widget_html((site_dir / ARTICLE).read_text(encoding="utf-8"), widget_id)

    assert f'<li aria-current="step">{current_step}</li>' in widget
    assert summary in text_of(widget)
    assert "Every product, every request" in text_of(widget)


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
