"""Broken articles fail ``mkdocs build --strict`` with ``file:line: message``.

Each case builds a project holding one deliberately broken article (and a sound one it
can link to), with the site's own mkdocs.yml and overrides. What the old help center
accepted (a stray ``:::``, an unknown related id) is reported but does not fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import BuildSite

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
]

WARNING_ONLY = [
    pytest.param(
        "---\nid: broken\ntitle: Broken\n---\n\nIntro.\n\n:::\n\nAfter.\n",
        'docs/articles/broken.md:8: ":::" closes no container; it was dropped',
        id="stray fence",
    ),
    pytest.param(
        "---\nid: broken\ntitle: Broken\nrelated: target, no-such-article\n---\n\nIntro.\n",
        'docs/articles/broken.md:4: related article "no-such-article" does not exist; it is left out',
        id="unknown related id",
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


def test_an_unknown_related_id_never_becomes_a_link(
    project_copy: Path, build_site: BuildSite, tmp_path: Path
) -> None:
    broken = "---\nid: broken\ntitle: Broken\nrelated: no-such-article, target\n---\n\nIntro.\n"
    build = build_site(_project_with(project_copy, broken), tmp_path / "site")

    page = (tmp_path / "site" / "articles" / "broken.html").read_text(encoding="utf-8")
    related = page.split('class="hc-related"', 1)[1].split("</aside>", 1)[0]
    assert build.returncode == 0, build.stderr
    assert re.findall(r'href="([^"]*)"', related) == ["target.html"]


def test_the_sound_project_builds(project_copy: Path, build_site: BuildSite, tmp_path: Path) -> None:
    """The cases above fail because of their one broken article, not the project."""
    (project_copy / "docs" / "articles").mkdir()
    (project_copy / "docs" / "articles" / "a-target.md").write_text(TARGET, encoding="utf-8")

    build = build_site(project_copy, tmp_path / "site")

    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr
