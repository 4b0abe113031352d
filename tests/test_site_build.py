"""The site build: articles keep their URLs and render as markdown-it rendered them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT_ROOT, BuildSite
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

SEED_ID = "how-to-connect-my-pim-with-apps"
SEED = PROJECT_ROOT / "docs" / "articles" / f"{SEED_ID}.md"

CONTAINER_TYPES = ("info", "tips", "warning", "danger", "success", "ee", "panel-link")
ADMONITION_CLASS = {"info": "info", "tips": "tip", "warning": "warning", "danger": "danger",
                    "success": "success", "ee": "ee", "panel-link": "panel-link"}
"""Container type in the source → the class of the block on the page."""

EXTRA_BLOCK_TYPES = ("simulator",)
"""Containers rendered by their own renderer (``blocks=`` of the conversion), not by the
dialect: the page marks them ``hc-block`` and the comparison leaves them out, with the
"Try it" link next to the heading each stands under."""

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Outline:
    """What a reader sees of a body: headings, list items, links, images, containers."""

    headings: list[tuple[str, str]] = field(default_factory=list)
    list_items: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)
    lists: list[tuple[str, int]] = field(default_factory=list)
    """(text of the paragraph just before a list, how many items the list has)."""


class _OutlineParser(HTMLParser):
    """Builds an :class:`Outline` from HTML, reading only inside ``scope`` (a class)."""

    def __init__(self, scope: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.outline = Outline()
        self._scope = scope
        self._depth = 0 if scope else 1  # > 0: inside the scope
        self._open: list[tuple[str, list[str], dict[str, str]]] = []
        self._last_paragraph = ""
        self._list_sizes: list[list[int]] = []
        self._skip = 0  # inside a permalink: not part of the heading's text
        self._extra = 0  # > 0: inside an extra block (its div depth)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        classes = attributes.get("class", "").split()
        if self._depth == 0:
            if tag == "div" and self._scope in classes:
                self._depth = 1
            return
        if self._extra:
            self._extra += tag == "div"
            return
        if tag == "div" and "hc-block" in classes:
            self._extra = 1
            return
        if tag == "img":
            self.outline.images.append((attributes.get("src", ""), attributes.get("alt", "")))
        if tag in VOID_ELEMENTS:
            return
        if tag == "div":
            self._depth += 1
            kind = next((c for c in classes if c in ADMONITION_CLASS.values()), None)
            if kind and ("admonition" in classes or kind == "panel-link"):
                self.outline.containers.append(kind)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._last_paragraph = ""
        if tag == "a" and "headerlink" in classes:
            self._skip += 1
        if tag in ("ul", "ol"):
            self.outline.lists.append((self._last_paragraph, 0))
            self._list_sizes.append([len(self.outline.lists) - 1])
        if tag == "li" and self._list_sizes:
            index = self._list_sizes[-1][0]
            text, count = self.outline.lists[index]
            self.outline.lists[index] = (text, count + 1)
        self._open.append((tag, [], attributes))

    def handle_endtag(self, tag: str) -> None:
        if self._depth == 0 or tag in VOID_ELEMENTS:
            return
        if self._extra:
            self._extra -= tag == "div"
            return
        if tag == "div":
            self._depth -= 1
            if self._depth == 0:
                return
        if tag == "a" and self._open and "headerlink" in self._open[-1][2].get("class", ""):
            self._skip -= 1
        while self._open:
            open_tag, chunks, attributes = self._open.pop()
            text = " ".join("".join(chunks).split())
            if self._open:
                self._open[-1][1].append("".join(chunks))
            if open_tag == tag:
                break
        else:
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.outline.headings.append((tag, text))
        elif tag == "li":
            self.outline.list_items.append(text)
        elif tag == "a" and not {"headerlink", "hc-try__link"} & set(attributes.get("class", "").split()):
            self.outline.links.append((attributes.get("href", ""), text))
        elif tag == "p":
            self._last_paragraph = text
        elif tag in ("ul", "ol"):
            self._list_sizes.pop()

    def handle_data(self, data: str) -> None:
        if self._depth > 0 and self._open and not self._skip and not self._extra:
            self._open[-1][1].append(data)


def outline(html: str, scope: str | None = None) -> Outline:
    parser = _OutlineParser(scope)
    parser.feed(html)
    parser.close()
    return parser.outline


def commonmark_outline(source: str) -> Outline:
    """The outline of the article as markdown-it (CommonMark, raw HTML on) renders it."""
    md = MarkdownIt("commonmark", {"html": True}).use(front_matter_plugin)
    for kind in CONTAINER_TYPES + EXTRA_BLOCK_TYPES:
        md.use(container_plugin, name=kind, validate=lambda params, *_, kind=kind: params.strip().startswith(kind))
    tokens = _without_extra_blocks(md.parse(source))
    result = outline(md.renderer.render(tokens, md.options, {}))
    result.containers = [ADMONITION_CLASS[t.type.removeprefix("container_").removesuffix("_open")]
                         for t in tokens if t.type.startswith("container_") and t.type.endswith("_open")]
    return result


def _without_extra_blocks(tokens: list[Token]) -> list[Token]:
    kept: list[Token] = []
    inside = 0
    for token in tokens:
        if token.type.removeprefix("container_").removesuffix("_open").removesuffix("_close") in EXTRA_BLOCK_TYPES:
            inside += token.nesting
            continue
        if not inside:
            kept.append(token)
    return kept


def articles() -> Iterator[tuple[str, Path]]:
    """Every article of the site: (id, source file)."""
    for path in sorted((PROJECT_ROOT / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            meta = yaml.safe_load(text.split("\n---", 2)[0][4:]) or {}
            if "id" in meta:
                yield meta["id"], path


ARTICLES = list(articles())


def test_the_site_builds_strictly(site_build: subprocess.CompletedProcess[str]) -> None:
    assert site_build.returncode == 0, site_build.stderr


def test_the_seed_article_is_served_at_its_old_url(site_dir: Path) -> None:
    assert (site_dir / "articles" / f"{SEED_ID}.html").is_file()


@pytest.mark.parametrize(("article_id", "source"), ARTICLES, ids=[i for i, _ in ARTICLES])
def test_the_page_body_renders_as_commonmark(site_dir: Path, article_id: str, source: Path) -> None:
    built = outline((site_dir / "articles" / f"{article_id}.html").read_text(encoding="utf-8"), scope="hc-article-body")
    expected = commonmark_outline(source.read_text(encoding="utf-8"))
    assert built.headings == expected.headings
    assert built.list_items == expected.list_items
    assert built.links == expected.links
    assert built.images == expected.images
    assert built.containers == expected.containers


def test_a_list_right_after_a_paragraph_line_is_a_list(site_dir: Path) -> None:
    built = outline((site_dir / "articles" / f"{SEED_ID}.html").read_text(encoding="utf-8"), scope="hc-article-body")
    assert ("For example, a catalog with three trees:", 3) in built.lists


@pytest.mark.parametrize(("article_id", "source"), ARTICLES, ids=[i for i, _ in ARTICLES])
def test_the_browser_title_has_no_asterisks(site_dir: Path, article_id: str, source: Path) -> None:
    page = (site_dir / "articles" / f"{article_id}.html").read_text(encoding="utf-8")
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "*" not in title


def test_the_seed_title_is_plain_in_the_browser_title_and_emphasised_on_the_page(site_dir: Path) -> None:
    page = (site_dir / "articles" / f"{SEED_ID}.html").read_text(encoding="utf-8")
    assert "<title>How to connect my PIM with Apps? - Akeneo Help Center</title>" in page
    assert '<h1 class="hc-article-title">How to <strong>connect my PIM with Apps</strong>?</h1>' in page


def test_search_finds_the_article_by_a_word_of_its_body(site_dir: Path) -> None:
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = {entry["location"].split("#")[0] for entry in index["docs"] if "proofread" in entry["text"]}
    assert f"articles/{SEED_ID}.html" in found


def test_search_titles_have_no_asterisks(site_dir: Path) -> None:
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    page_titles = {entry["title"] for entry in index["docs"] if entry["location"] == f"articles/{SEED_ID}.html"}
    assert page_titles == {"How to connect my PIM with Apps?"}
    assert not [entry["title"] for entry in index["docs"] if "*" in entry["title"]]


def test_an_article_is_served_by_id_whatever_its_file_is_called(
    project_copy: Path, build_site: BuildSite, tmp_path: Path
) -> None:
    folder = project_copy / "docs" / "Old help center" / "connectivity"
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder / "Apps_FINAL (2).md")

    build = build_site(project_copy, tmp_path / "site")

    assert build.returncode == 0, build.stderr
    assert (tmp_path / "site" / "articles" / f"{SEED_ID}.html").is_file()
    assert not list((tmp_path / "site").rglob("Apps_FINAL*"))


EDITION_ARTICLES = {
    "ee-article.md": "---\nid: ee-article\ntitle: An **Enterprise** article\nthemes: permissions-settings\n"
    "popular: true\nee: true\n---\n\nBody.\n",
    "ee-ge-article.md": "---\nid: ee-ge-article\ntitle: A **Growth** article\nthemes: permissions-settings\n"
    "popular: true\nee-only: true\nge-only: true\n---\n\nBody.\n",
    "all-editions.md": "---\nid: all-editions\ntitle: For **everyone**\nthemes: permissions-settings\n"
    "popular: true\nrelated: ee-article, ee-ge-article\n---\n\nBody.\n",
}


@pytest.fixture
def edition_site(project_copy: Path, build_site: BuildSite, tmp_path: Path) -> Path:
    """A site of three articles: Enterprise only, Enterprise & Growth, every edition."""
    articles = project_copy / "docs" / "articles"
    articles.mkdir()
    for name, text in EDITION_ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    build = build_site(project_copy, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    return tmp_path / "site"


def _badges(html: str) -> dict[str, str]:
    """Linked article title → its badge ("" for none), for every article link in the page."""
    found = re.findall(
        r'<a class="hc-article-link" href="[^"]*">(.*?)</a>(?:\s*<span class="hc-badge">(.*?)</span>)?', html
    )
    return {re.sub(r"<[^>]+>", "", title): badge for title, badge in found}


@pytest.mark.parametrize(
    ("page", "badges"),
    [
        ("setting-up-the-pim.html", {"A Growth article": "EE | GE", "An Enterprise article": "EE", "For everyone": ""}),
        ("index.html", {"A Growth article": "EE | GE", "An Enterprise article": "EE", "For everyone": ""}),
        ("articles/all-editions.html", {"An Enterprise article": "EE", "A Growth article": "EE | GE"}),
    ],
    ids=["theme page", "home page", "related block"],
)
def test_links_to_an_article_carry_its_edition_badge(edition_site: Path, page: str, badges: dict[str, str]) -> None:
    assert _badges((edition_site / page).read_text(encoding="utf-8")) == badges


@pytest.mark.parametrize(
    ("article_id", "edition_line"),
    [
        ("ee-article", "Available in the Enterprise Edition"),
        ("ee-ge-article", "Available in the Enterprise Edition &amp; Growth Edition"),
        ("all-editions", None),
    ],
)
def test_the_edition_line_sits_under_the_title(edition_site: Path, article_id: str, edition_line: str | None) -> None:
    page = (edition_site / "articles" / f"{article_id}.html").read_text(encoding="utf-8")
    header = re.split(r'<header class="hc-article-header"[^>]*>', page, maxsplit=1)[1].split("</header>", 1)[0]

    lines = re.findall(r'<p class="hc-edition">.*?</span>\s*(.*?)\s*</p>', header, re.DOTALL)
    assert lines == ([edition_line] if edition_line else [])
