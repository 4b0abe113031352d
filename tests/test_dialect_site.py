"""Site-wide checks, themes and the table of contents."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.structure.toc import get_toc

from helpcenter import Article, Severity, convert
from helpcenter.site import check_site
from helpcenter.themes import PERSONAS, THEMES, theme
from helpcenter.toc import toc_tree

SEED = Path(__file__).parent.parent / "docs/articles/how-to-connect-my-pim-with-apps.md"


def article(path: str, *front: str, body: str = "Body.\n") -> Article:
    return convert("---\n" + "".join(f"{line}\n" for line in front) + "---\n" + body, path)


def site_problems(*articles: Article, images: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(str(p), p.severity.name) for p in check_site(articles, set(images))]


def test_clean_site_has_no_problems() -> None:
    """Known themes, existing images, links and related articles give no problem."""
    first = article(
        "a.md", "id: a", "title: A", "themes: connectivity", "related: b",
        body="## Top\n![x](../img/x.png)\n[b](b.html#deep) [top](#top) <a href='b.html'>b</a>\n",
    )
    second = article("b.md", "id: b", "title: B", body="## Deep\n")
    assert site_problems(first, second, images=("x.png",)) == []


def test_duplicate_id_is_an_error_at_the_second() -> None:
    """Two articles with one id: an error at the second's id line, naming the first file."""
    assert site_problems(article("a.md", "id: x", "title: A"), article("b.md", "title: B", "id: x")) == [
        ('b.md:3: id "x" is already used by a.md', "ERROR")
    ]


def test_unknown_theme_is_an_error_at_the_themes_line() -> None:
    """An unknown theme id is an error at the themes line."""
    assert site_problems(article("a.md", "id: a", "title: A", "themes: connectivity, nope")) == [
        ('a.md:4: unknown theme "nope"', "ERROR")
    ]


def test_missing_image_is_an_error_at_its_line() -> None:
    """An ../img/ image missing from the img folder is an error at its line."""
    a = article("a.md", "id: a", "title: A", body="\n![x](../img/there.png)\n<img src='../img/gone.png'>\n")
    assert site_problems(a, images=("there.png",)) == [('a.md:7: image "gone.png" is not in the img folder', "ERROR")]


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ("y.png", 'a.md:5: image "y.png" is outside the img folder; write ../img/<name>'),
        ("/etc/passwd", 'a.md:5: image "/etc/passwd" is outside the img folder; write ../img/<name>'),
        ("../img/../../secret.png", 'a.md:5: image "../img/../../secret.png" leaves the img folder; write ../img/<name>'),
        ("https://example.com/x.png",
         'a.md:5: image "https://example.com/x.png" is not one of the site\'s own; put it in the img folder and write ../img/<name>'),
        ("data:image/png;base64,AAAA",
         'a.md:5: image "data:image/png;base64,AAAA" is not one of the site\'s own; put it in the img folder and write ../img/<name>'),
    ],
    ids=["another folder", "absolute", "climbing out", "another site", "data URL"],
)
def test_an_image_outside_the_img_folder_is_an_error(image: str, message: str) -> None:
    """Images come from the flat img folder only: elsewhere is flagged, absolute paths too."""
    a = article("a.md", "id: a", "title: A", body=f"![x]({image})\n")
    assert site_problems(a) == [(message, "ERROR")]


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("nope.html", 'a.md:5: link to article "nope", which does not exist'),
        ("b.html#nope", 'a.md:5: no heading "#nope" in article "b"'),
        ("#nope", 'a.md:5: no heading "#nope" on this page'),
    ],
)
def test_broken_link_is_an_error(link: str, message: str) -> None:
    """A link to a missing article or anchor is an error at its line."""
    a = article("a.md", "id: a", "title: A", body=f"[x]({link})\n")
    assert site_problems(a, article("b.md", "id: b", "title: B", body="# Deep\n")) == [(message, "ERROR")]


@pytest.mark.parametrize("link", ["https://example.com/x.html", "../other/x.pdf", "mailto:a@b.c", "/pim/x.html"])
def test_external_and_non_article_links_are_not_checked(link: str) -> None:
    """External links and links to anything but an article are left alone."""
    assert site_problems(article("a.md", "id: a", "title: A", body=f"[x]({link})\n")) == []


def test_anchor_written_in_raw_html_counts() -> None:
    """An id written in raw HTML is a valid link target."""
    a = article("a.md", "id: a", "title: A", body='<a id="here"></a>\n\n[x](#here)\n')
    assert site_problems(a) == []


def test_unknown_related_is_an_error() -> None:
    """A related id that no article has, here or in the public help center, is an error
    at the related line: the old site dropped it silently."""
    assert site_problems(article("a.md", "id: a", "title: A", "related: gone")) == [
        ('a.md:4: related article "gone" is neither in this site nor listed under extra.public_help_center'
         " in mkdocs.yml", "ERROR")
    ]


def test_a_related_article_of_the_public_help_center_is_no_problem() -> None:
    a = article("a.md", "id: a", "title: A", "related: connection-dashboard")
    assert [str(p) for p in check_site([a], images=set(), public={"connection-dashboard"})] == []


def test_themes_in_persona_order() -> None:
    """The 14 themes sit on the two persona pages in the old site's order."""
    assert [(p.slug, p.title, [t.id for t in p.themes]) for p in PERSONAS] == [
        ("using-akeneo", "Using Akeneo", [
            "first-steps", "products-super-power", "boost-your-productivity", "import-export-data",
            "manage-your-assets", "collaborative-work", "manage-your-reference-entities",
        ]),
        ("setting-up-the-pim", "Setting up the PIM", [
            "catalog-settings", "akeneo-concepts", "connectivity", "permissions-settings",
            "administration", "user-management", "language-and-translations",
        ]),
    ]
    assert len(THEMES) == 14


def test_theme_lookup() -> None:
    """theme(id) gives the title and persona; an unknown id raises KeyError naming it."""
    assert (theme("connectivity").title, theme("connectivity").persona) == ("Connect your PIM", "setting-up-the-pim")
    with pytest.raises(KeyError, match='unknown theme "nope"'):
        theme("nope")


def test_toc_tree_nests_levels_one_and_two() -> None:
    """# and ## headings form the summary, nested; deeper headings are left out."""
    a = article("a.md", "id: a", "title: A", body="## Lead\n# One\n## A & B\n### Deep\n# Two\n")
    assert toc_tree(a.headings) == [
        {"level": 2, "id": "lead", "name": "Lead", "children": []},
        {"level": 1, "id": "one", "name": "One", "children": [
            {"level": 2, "id": "a-b", "name": "A &amp; B", "children": []},
        ]},
        {"level": 1, "id": "two", "name": "Two", "children": []},
    ]


def test_toc_tree_feeds_mkdocs() -> None:
    """MkDocs' get_toc accepts the tree."""
    toc = get_toc(toc_tree(article("a.md", "id: a", "title: A", body="# One\n## Sub\n").headings))
    assert [(item.title, item.id, [child.id for child in item.children]) for item in toc] == [("One", "one", ["sub"])]


def test_seed_article_converts_without_errors() -> None:
    """The seed article has no ERROR problem and keeps the old site's anchors."""
    # Its `::: simulator` blocks are the site's extension (tested with the site build):
    # here they only need to be accepted as a known container type.
    seed = convert(SEED.read_text(encoding="utf-8"), str(SEED), blocks={"simulator": lambda block: "<div></div>"})
    assert [p for p in seed.problems if p.severity is Severity.ERROR] == []
    assert [heading.anchor for heading in seed.headings] == [
        "how-to-connect-akeneo-pim-with-third-parties",
        "what-is-an-app",
        "where-to-find-apps-connectors",
        "you-found-the-perfect-app-and-want-to-connect-it-to-your-pim",
        "the-app-requires-some-authorizations",
        "all-editions-authorization-step",
        "no-specific-authorizations-have-been-requested",
        "only-for-ee-customers-permission-steps",
        "category-trees",
        "which-level-should-you-give-to-your-app",
        "example",
        "locales",
        "which-level-should-you-give-to-your-app-2",
        "example-2",
        "attribute-groups",
        "which-level-should-you-give-to-your-app-3",
        "example-3",
    ]
    assert (seed.id, seed.title_text, seed.themes) == (
        "how-to-connect-my-pim-with-apps",
        "How to connect my PIM with Apps?",
        ("connectivity", "import-export-data"),
    )
    assert "<li><code>Master catalog</code>: where you categorize all your products,</li>" in seed.html
    assert "SCREENSHOT" not in seed.html and "activation by link" not in seed.html


def test_id_shown_inside_a_code_block_is_no_anchor() -> None:
    """An id="…" written inside a code block is text, not a link target."""
    a = article("a.md", "id: a", "title: A", body='```\n<a id="here">\n```\n\n[x](#here)\n')
    assert site_problems(a) == [('a.md:9: no heading "#here" on this page', "ERROR")]
