"""One docs tree, two site generators: MkDocs (mkdocs-material) and Zensical render the
compiled tree to the same site, page by page.

For every page both build: the same URLs, the same headings with the same anchors, the
same table of contents, the same admonitions, the same prerendered simulators (their
HTML byte for byte) and the same search entries (location, title, words). What
Zensical does differently is listed in :data:`ZENSICAL_DIFFERENCES`, each with its
upstream reference, as the README lists it; the test fails on any other difference,
and on a listed one that went away.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Page

from helpcenter import harness
from helpcenter.harness import PROJECT_ROOT

ARTICLE = "articles/how-to-connect-my-pim-with-apps.html"
BOOT_MS = 90_000

ZENSICAL_DIFFERENCES: dict[str, str] = {
    # page or "site" → what differs; the README's "Zensical" section names the upstream reference.
}


@pytest.fixture(scope="session")
def zensical_build(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    return harness.build(PROJECT_ROOT, tmp_path_factory.mktemp("zensical") / "site", ssg="zensical")


@pytest.fixture(scope="session")
def zensical_dir(zensical_build: subprocess.CompletedProcess[str]) -> Path:
    assert zensical_build.returncode == 0, zensical_build.stderr
    return Path(zensical_build.args[zensical_build.args.index("--site-dir") + 1])


@dataclass
class Page:
    """What a reader gets of a page's content, whichever generator made it."""

    headings: list[tuple[str, str, str]] = field(default_factory=list)
    """(tag, id, text) of each heading of the content."""
    toc: list[tuple[str, str]] = field(default_factory=list)
    """(anchor, text) of each entry of the page's table of contents."""
    admonitions: list[str] = field(default_factory=list)
    simulators: list[str] = field(default_factory=list)
    """The HTML of each prerendered simulator."""


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._content = 0  # depth inside <article class="md-content__inner">
        self._toc = 0  # depth inside the secondary nav
        self._heading: tuple[str, str, list[str]] | None = None
        self._link: tuple[str, list[str]] | None = None
        self._permalink = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        classes = attributes.get("class", "").split()
        if tag == "article" and "md-content__inner" in classes:
            self._content = 1
            return
        if tag == "nav" and "md-nav--secondary" in classes:
            self._toc = 1
            return
        if self._toc:
            self._toc += tag == "nav"
            if tag == "a" and attributes.get("href", "").startswith("#"):
                self._link = (attributes["href"][1:], [])
            return
        if not self._content:
            return
        self._content += tag == "article"
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = (tag, attributes.get("id", ""), [])
        elif tag == "a" and "headerlink" in classes:
            self._permalink += 1
        elif tag == "div" and "admonition" in classes:
            self.page.admonitions.append(" ".join(c for c in classes if c != "admonition"))

    def handle_endtag(self, tag: str) -> None:
        if self._toc:
            if tag == "a" and self._link:
                self.page.toc.append((self._link[0], " ".join("".join(self._link[1]).split())))
                self._link = None
            self._toc -= tag == "nav"
            return
        if not self._content:
            return
        self._content -= tag == "article"
        if self._heading and tag == self._heading[0]:
            name, anchor, text = self._heading
            self.page.headings.append((name, anchor, " ".join("".join(text).split())))
            self._heading = None
        elif tag == "a" and self._permalink:
            self._permalink -= 1

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link[1].append(data)
        if self._heading is not None and not self._permalink:
            self._heading[2].append(data)


_SIMULATOR = re.compile(r'<div class="sim" id="[^"]+".*?\n</div>\n', re.S)


def read_page(text: str) -> Page:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    parser.page.simulators = _SIMULATOR.findall(text)
    return parser.page


def pages(site: Path) -> Iterator[str]:
    for path in sorted(site.rglob("*.html")):
        if "assets" not in path.relative_to(site).parts:
            yield path.relative_to(site).as_posix()


def _words(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def search_entries(site: Path) -> dict[str, tuple[str, str]]:
    """Location → (title, words of its text), from either generator's search index."""
    if (site / "search" / "search_index.json").is_file():  # MkDocs (mkdocs-material)
        entries = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    else:  # Zensical
        entries = json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]
    return {entry["location"]: (_words(entry["title"]), _words(entry["text"])) for entry in entries}


def differences(mkdocs_site: Path, zensical_site: Path) -> dict[str, str]:
    """Page (or "site") → what differs between the two renderings."""
    found: dict[str, str] = {}
    ours, theirs = set(pages(mkdocs_site)), set(pages(zensical_site))
    if ours != theirs:
        found["site"] = f"pages only in MkDocs' site {sorted(ours - theirs)}, only in Zensical's {sorted(theirs - ours)}"
    for page in sorted(ours & theirs):
        a = read_page((mkdocs_site / page).read_text(encoding="utf-8"))
        b = read_page((zensical_site / page).read_text(encoding="utf-8"))
        for aspect in ("headings", "toc", "admonitions", "simulators"):
            if getattr(a, aspect) != getattr(b, aspect):
                found[page] = f"{aspect}: MkDocs {getattr(a, aspect)!r:.300} ≠ Zensical {getattr(b, aspect)!r:.300}"
                break
    a_index, b_index = search_entries(mkdocs_site), search_entries(zensical_site)
    for location in sorted(set(a_index) | set(b_index)):
        if a_index.get(location) != b_index.get(location):
            found[f"search {location}"] = f"MkDocs {a_index.get(location)!r:.200} ≠ Zensical {b_index.get(location)!r:.200}"
    return found


def test_both_generators_build_the_article(site_dir: Path, zensical_dir: Path) -> None:
    for site in (site_dir, zensical_dir):
        page = read_page((site / ARTICLE).read_text(encoding="utf-8"))
        assert len(page.simulators) == 8
        assert ("h1", "how-to-connect-akeneo-pim-with-third-parties", "How to connect Akeneo PIM with third parties") in page.headings
        assert (site / "csp.json").is_file() and (site / "assets" / "simulator" / "runtime.json").is_file()


def test_each_generator_keeps_its_own_search_box(site_dir: Path, zensical_dir: Path) -> None:
    """material's search partial (overridden to name its dialog) is not Zensical's."""
    assert 'class="md-search__input"' in (site_dir / ARTICLE).read_text(encoding="utf-8")
    zensical_page = (zensical_dir / ARTICLE).read_text(encoding="utf-8")
    assert 'class="md-search__button"' in zensical_page and 'class="md-search__input"' not in zensical_page


def test_zensical_renders_the_tree_as_mkdocs_does(site_dir: Path, zensical_dir: Path) -> None:
    assert differences(site_dir, zensical_dir) == ZENSICAL_DIFFERENCES


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("renderer", ["mkdocs", "zensical"])
def test_the_articles_simulators_go_live_with_either_generator(
    page: Page, site_dir: Path, zensical_dir: Path, renderer: str
) -> None:
    site = site_dir if renderer == "mkdocs" else zensical_dir
    policy = json.loads((site / "csp.json").read_text(encoding="utf-8"))["policy"]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    with harness.serve(site, headers={"Content-Security-Policy": policy}) as url:
        page.goto(url + ARTICLE)
        widget = page.locator("#simulator-hat-and-braided-hat")
        widget.scroll_into_view_if_needed()
        page.wait_for_selector("#simulator-hat-and-braided-hat[data-live=true]", state="attached", timeout=BOOT_MS)
        summary = widget.locator('[data-region="summary"]')
        assert "15 applied, 0 draft, 5 refused, 8 invisible" in summary.inner_text()

        page.check("#simulator-hat-and-braided-hat-whole")  # the edition is in the setup, with the whole simulator
        page.select_option("#simulator-hat-and-braided-hat-edition", "CE")
        page.wait_for_function(
            "() => JSON.parse(document.getElementById('simulator-hat-and-braided-hat').dataset.state).scenario.edition === 'CE'"
        )
        assert "in CE" in summary.inner_text()
    assert errors == []
