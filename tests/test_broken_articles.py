"""Broken articles fail ``mkdocs build --strict`` with ``file:line: message``.

Each case builds a project holding one deliberately broken article (and a sound one it
can link to), with the site's own mkdocs.yml and overrides. What the old help center
accepted (a stray ``:::``) is reported but does not fail; an unknown related id, which the
old help center dropped silently, fails (a related article of the public help center is
listed in mkdocs.yml).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from conftest import BuildSite
from playwright.sync_api import Page

from helpcenter.harness import serve

TARGET = """\
---
id: target
title: The **target** article
themes: connectivity
---

# Target heading

Text.
"""

FAILING = [
    pytest.param(
        "---\nid: broken\ntitle: Broken\n---\n\nIntro.\n\n::: note\nA note.\n:::\n",
        'docs/articles/broken.md:8: unknown container type "note"',
        id="unknown container type",
    ),
    pytest.param(
        "---\nid: broken\ntitle: Broken\n---\n\nIntro.\n\n::: info\nNever closed.\n",
        'docs/articles/broken.md:8: container "info" opened here is never closed',
        id="unclosed container",
    ),
    pytest.param(
        "---\nid: broken\ntitle: [oops\n---\n\nIntro.\n",
        "docs/articles/broken.md:3: front matter is not valid YAML: ",
        id="invalid YAML front matter",
    ),
    pytest.param(
        "---\ntitle: Broken\nthemes: connectivity\n---\n\nIntro.\n",
        'docs/articles/broken.md:1: "id" is missing',
        id="missing id",
    ),
    pytest.param(
        "---\nid: broken\nthemes: connectivity\n---\n\nIntro.\n",
        'docs/articles/broken.md:1: "title" is missing',
        id="missing title",
    ),
    pytest.param(
        "---\nid: target\ntitle: Another target\n---\n\nIntro.\n",
        'docs/articles/broken.md:2: id "target" is already used by docs/articles/a-target.md',
        id="two articles with one id",
    ),
    pytest.param(
        "---\nid: broken\ntitle: Broken\nthemes: connectivity, no-such-theme\n---\n\nIntro.\n",
        'docs/articles/broken.md:4: unknown theme "no-such-theme"',
        id="unknown theme id",
    ),
    pytest.param(
        "---\nid: broken\ntitle: Broken\n---\n\nIntro.\n\n![Missing](../img/missing.png)\n",
        'docs/articles/broken.md:8: image "missing.png" is not in the img folder',
        id="missing image",
    ),
    pytest.param(
        "---\nid: broken\ntitle: Broken\n---\n\nIntro.\n\nSee [the other](no-such-article.html).\n",
        'docs/articles/broken.md:8: link to article "no-such-article", which does not exist',
        id="link to a missing article",
    ),
    pytest.param(
        "---\nid: broken\ntitle: Broken\n---\n\nIntro.\n\nSee [it](target.html#no-such-heading).\n",
        'docs/articles/broken.md:8: no heading "#no-such-heading" in article "target"',
        id="link to a missing anchor",
    ),
    pytest.param(
        "---\nid: broken\ntitle: Broken\nrelated: target, no-such-article\n---\n\nIntro.\n",
        'docs/articles/broken.md:4: related article "no-such-article" is neither in this site nor listed under'
        " extra.public_help_center in mkdocs.yml",
        id="unknown related id",
    ),
]

WARNING_ONLY = [
    pytest.param(
        "---\nid: broken\ntitle: Broken\n---\n\nIntro.\n\n:::\n\nAfter.\n",
        'docs/articles/broken.md:8: ":::" closes no container; it was dropped',
        id="stray fence",
    ),
]


def _project_with(project: Path, broken: str) -> Path:
    articles = project / "docs" / "articles"
    articles.mkdir()
    (articles / "a-target.md").write_text(TARGET, encoding="utf-8")
    (articles / "broken.md").write_text(broken, encoding="utf-8")
    return project


def _reported(stderr: str, message: str) -> bool:
    """Whether the build printed the message on a line of its own, as a warning."""
    return re.search(rf"^WARNING\s+-\s+{re.escape(message)}", stderr, re.MULTILINE) is not None


@pytest.mark.parametrize(("broken", "message"), FAILING)
def test_a_broken_article_fails_the_strict_build(
    project_copy: Path, build_site: BuildSite, tmp_path: Path, broken: str, message: str
) -> None:
    build = build_site(_project_with(project_copy, broken), tmp_path / "site")

    assert build.returncode != 0
    assert _reported(build.stderr, message), build.stderr


@pytest.mark.parametrize(("broken", "message"), WARNING_ONLY)
def test_what_the_old_help_center_accepted_only_warns(
    project_copy: Path, build_site: BuildSite, tmp_path: Path, broken: str, message: str
) -> None:
    build = build_site(_project_with(project_copy, broken), tmp_path / "site")

    assert build.returncode == 0, build.stderr
    assert _reported(build.stderr, message), build.stderr


def test_a_related_article_of_the_public_help_center_links_there(
    project_copy: Path, build_site: BuildSite, tmp_path: Path
) -> None:
    """``connection-dashboard`` is not in the site but is listed in mkdocs.yml: the related
    block links to the public page, says where it leads, and the build passes."""
    article = "---\nid: broken\ntitle: Broken\nrelated: connection-dashboard, target\n---\n\nIntro.\n"
    build = build_site(_project_with(project_copy, article), tmp_path / "site")

    assert build.returncode == 0, build.stderr
    page = (tmp_path / "site" / "articles" / "broken.html").read_text(encoding="utf-8")
    related = page.split('class="hc-related"', 1)[1].split("</aside>", 1)[0]
    assert re.findall(r'href="([^"]*)"', related) == [
        "https://help.akeneo.com/pim/serenity/articles/connection-dashboard.html", "target.html",
    ]
    assert re.findall(r'<a class="([^"]*)"', related) == ["hc-article-link hc-article-link--external", "hc-article-link"]
    assert "Monitor your third-party <strong>connections</strong></a> " in related
    assert '<span class="hc-elsewhere">on help.akeneo.com</span>' in related


def test_the_sound_project_builds(project_copy: Path, build_site: BuildSite, tmp_path: Path) -> None:
    """The cases above fail because of their one broken article, not the project."""
    (project_copy / "docs" / "articles").mkdir()
    (project_copy / "docs" / "articles" / "a-target.md").write_text(TARGET, encoding="utf-8")

    build = build_site(project_copy, tmp_path / "site")

    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr


# Hostile articles: what an attacker or a careless author may drop into docs/.

BOMB = (
    '---\nid: bomb\ntitle: Bomb\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "themes: [*g]\n---\n\nBody.\n"
)

HUGE_FRONT_MATTER = "".join(f"note{n}: a note\n" for n in range(1500))
"""Front matter of 1,500 keys: the YAML between the "---" lines is 17 bytes more."""

HOSTILE = {
    "home.md": ("---\nid: ../index\ntitle: Home replaced\n---\n\nBody.\n",
                'docs/articles/home.md:2: "id" must be a slug of letters, digits, "-" and "_" (it names the page articles/<id>.html), not "../index"'),
    "escape.md": ("---\nid: ../../../../../../ESCAPED\ntitle: Out\n---\n\nBody.\n",
                  'docs/articles/escape.md:2: "id" must be a slug of letters, digits, "-" and "_" (it names the page articles/<id>.html), not "../../../../../../ESCAPED"'),
    "spaces.md": ("---\nid: two words\ntitle: T\n---\n\nBody.\n",
                  'docs/articles/spaces.md:2: "id" must be a slug of letters, digits, "-" and "_" (it names the page articles/<id>.html), not "two words"'),
    "bomb.md": (BOMB, "docs/articles/bomb.md:5: front matter is not valid YAML: YAML aliases (*name) are not allowed in front matter"),
    "latin1.md": ("---\nid: latin1\ntitle: Caf\xe9\n---\n".encode("latin-1"),
                  "docs/articles/latin1.md:3: the file is not valid UTF-8: byte 25 (0xe9 0a 2d 2d) invalid continuation byte; save it as UTF-8"),
    "huge-front-matter.md": (f"---\nid: huge\ntitle: T\n{HUGE_FRONT_MATTER}---\n",
                             f"docs/articles/huge-front-matter.md:1: front matter is {len(HUGE_FRONT_MATTER) + 17:,} bytes; it may be at most 16,384"),
    "huge.md": ("---\nid: huge-body\ntitle: T\n---\n" + "word " * 500_000,
                "docs/articles/huge.md:1: the article is 2,500,031 bytes; an article may be at most 2,097,152"),
    "outside-image.md": ("---\nid: outside-image\ntitle: T\n---\n\n![x](/etc/passwd)\n",
                         'docs/articles/outside-image.md:6: image "/etc/passwd" is outside the img folder; write ../img/<name>'),
}
"""File name → (its content, the message the build must print for it)."""


def _files_outside(root: Path, site: Path, project: Path) -> list[str]:
    """Files under ``root`` other than the project's own and the site's."""
    return [str(path) for path in root.rglob("*") if path.is_file()
            and not path.is_relative_to(site) and not path.is_relative_to(project)]


def test_hostile_articles_each_fail_with_their_message_and_nothing_leaves_the_site(
    project_copy: Path, build_site: BuildSite, tmp_path: Path
) -> None:
    articles = project_copy / "docs" / "articles"
    articles.mkdir()
    for name, (content, _) in HOSTILE.items():
        target = articles / name
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = set(_files_outside(tmp_path, tmp_path / "site", project_copy))

    build = build_site(project_copy, tmp_path / "site")

    assert build.returncode != 0
    for name, (_, message) in HOSTILE.items():
        assert _reported(build.stderr, message), f"{name}: {message}\n{build.stderr}"
    assert "Traceback" not in build.stderr
    assert set(_files_outside(tmp_path, tmp_path / "site", project_copy)) == before
    compiled = project_copy / "build" / "docs"
    assert not list(project_copy.rglob("ESCAPED*"))
    assert (compiled / "index.md").read_text(encoding="utf-8").startswith("---\ntemplate: home.html\n")
    assert sorted(p.name for p in (compiled / "articles").iterdir()) == [
        "bomb.md", "escape.md", "home.md", "outside-image.md", "spaces.md",  # under their own names, listed nowhere
    ]


XSS_TITLE = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\"> & </title><script>window.__xss=3</script>"


@pytest.fixture
def hostile_title_site(project_copy: Path, build_site: BuildSite, tmp_path: Path) -> Path:
    """A site whose one article has markup in its title and a script in its body."""
    articles = project_copy / "docs" / "articles"
    articles.mkdir()
    (articles / "hostile.md").write_text(
        f"---\nid: hostile\ntitle: {json.dumps(XSS_TITLE)}\nthemes: connectivity\npopular: true\n---\n\n"
        "# Body\n\nText.\n\n<script>window.__xss=4</script>\n",
        encoding="utf-8",
    )
    build = build_site(project_copy, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    return tmp_path / "site"


def test_a_title_is_text_in_the_page_its_header_the_lists_and_search(hostile_title_site: Path) -> None:
    escaped = html.escape(XSS_TITLE)
    page = (hostile_title_site / "articles" / "hostile.html").read_text(encoding="utf-8")
    assert f"<title>{escaped} - Akeneo Help Center</title>" in page
    assert f'<h1 class="hc-article-title">{escaped}</h1>' in page
    for listing in ("setting-up-the-pim.html", "index.html"):
        assert f">{escaped}</a>" in (hostile_title_site / listing).read_text(encoding="utf-8")
    for other in ("articles/hostile.html", "setting-up-the-pim.html", "index.html"):
        assert "<script>window.__xss=1" not in (hostile_title_site / other).read_text(encoding="utf-8")
    index = json.loads((hostile_title_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {entry["title"] for entry in index["docs"] if entry["location"] == "articles/hostile.html"}
    assert titles == {escaped}


def test_the_policy_hashes_only_the_themes_scripts(hostile_title_site: Path) -> None:
    from helpcenter.csp import script_hash

    policy = json.loads((hostile_title_site / "csp.json").read_text(encoding="utf-8"))
    assert script_hash("window.__xss=4") not in policy["policy"]
    assert policy["refused_inline_scripts"] == [{"page": "articles/hostile.html", "script": "window.__xss=4"}]


@pytest.mark.browser
def test_no_script_from_a_title_or_an_article_runs_in_the_browser(page: Page, hostile_title_site: Path) -> None:
    policy = json.loads((hostile_title_site / "csp.json").read_text(encoding="utf-8"))["policy"]
    with serve(hostile_title_site, headers={"Content-Security-Policy": policy}) as url:
        for path in ("articles/hostile.html", "index.html", "setting-up-the-pim.html"):
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("() => window.__xss") is None, path
        page.goto(url + "articles/hostile.html")
        assert page.title() == f"{XSS_TITLE} - Akeneo Help Center"
        assert page.locator(".hc-article-title").inner_text() == XSS_TITLE
        assert page.locator(".md-header__topic").last.inner_text().strip() == XSS_TITLE
