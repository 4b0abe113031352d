"""Front matter and titles (helpcenter-dialect.md, "Front matter")."""

from __future__ import annotations

import pytest

from helpcenter import Edition, Severity, convert


def article_with(*lines: str, body: str = "Body.\n"):  # type: ignore[no-untyped-def]
    return convert("---\n" + "".join(line + "\n" for line in lines) + "---\n" + body, "a.md")


def problems(source: str) -> list[str]:
    return [str(problem) for problem in convert(source, "a.md").problems]


def test_metadata_is_read() -> None:
    """id, themes, title, popular and related are read from the front matter."""
    article = article_with(
        "id: how-to-connect",
        "themes: connectivity, import-export-data",
        "title: How to connect",
        "popular: true",
        "related: connection-dashboard, what-is-an-event-subscription",
        "priority: low",
        "unknown-key: ignored",
    )
    assert article.problems == ()
    assert (article.id, article.themes, article.popular, article.related) == (
        "how-to-connect",
        ("connectivity", "import-export-data"),
        True,
        ("connection-dashboard", "what-is-an-event-subscription"),
    )
    assert article.front_matter_lines == 9


def test_themes_as_a_yaml_list() -> None:
    """themes may also be a YAML list."""
    article = article_with("id: a", "title: A", "themes: [connectivity, first-steps]")
    assert article.themes == ("connectivity", "first-steps")


def test_empty_themes_and_related() -> None:
    """Empty themes and related give empty tuples (built but unlisted)."""
    article = article_with("id: a", "title: A", "themes:", "related: ''")
    assert (article.themes, article.related) == ((), ())


def test_key_lines_are_file_lines() -> None:
    """Each key's line in the file is kept for the site-wide checks."""
    article = article_with("id: a", "title: A", "themes: x")
    assert dict(article.key_lines) == {"id": 2, "title": 3, "themes": 4}


@pytest.mark.parametrize(
    ("title", "html", "text"),
    [
        ("How to **connect my PIM with Apps**?", "How to <strong>connect my PIM with Apps</strong>?", "How to connect my PIM with Apps?"),
        ("'**First** and **second**'", "<strong>First</strong> and **second**", "First and second"),
        ("'**Quoted** start'", "<strong>Quoted</strong> start", "Quoted start"),
        ("Only ** one pair opener", "Only ** one pair opener", "Only one pair opener"),
        ("Tags <b> & co", "Tags &lt;b&gt; &amp; co", "Tags <b> & co"),
    ],
)
def test_title(title: str, html: str, text: str) -> None:
    """Only the first **…** pair is emphasised; the text title has no asterisks."""
    article = article_with("id: a", f"title: {title}")
    assert (article.title_html, article.title_text) == (html, text)


def test_unquoted_title_starting_with_stars_is_a_yaml_error() -> None:
    """A title starting with ** must be quoted: unquoted, YAML fails at that line."""
    assert problems("---\nid: a\ntitle: **Bold** start\n---\n") == [
        "a.md:3: front matter is not valid YAML: expected alphabetic or numeric character, but found '*'"
    ]


@pytest.mark.parametrize(
    ("lines", "edition"),
    [
        ((), Edition.ALL),
        (("ee: true",), Edition.EE),
        (("ee: right",), Edition.EE),
        (("ee: 'yes'",), Edition.EE),
        (("ee: false",), Edition.ALL),
        (("ee: true", "ge: true"), Edition.EE_GE),
        (("ee-only: true",), Edition.EE),
        (("ee-only: true", "ge-only: right"), Edition.EE_GE),
        (("ee-only: false",), Edition.ALL),
    ],
)
def test_edition(lines: tuple[str, ...], edition: Edition) -> None:
    """ee / ge and their old names ee-only / ge-only give the edition."""
    article = article_with("id: a", "title: A", *lines)
    assert (article.edition, article.problems) == (edition, ())


def test_ge_without_ee_is_a_warning() -> None:
    """ge alone does nothing: the article is for all editions, with a warning."""
    article = article_with("id: a", "title: A", "ge: true")
    assert article.edition is Edition.ALL
    assert [(str(p), p.severity) for p in article.problems] == [
        ('a.md:4: "ge" has no effect without "ee"', Severity.WARNING)
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Body only.\n", ['a.md:1: the article has no front matter: "id" is missing', 'a.md:1: the article has no front matter: "title" is missing']),
        ("---\ntitle: T\n---\n", ['a.md:1: "id" is missing']),
        ("---\nid: a\n---\n", ['a.md:1: "title" is missing']),
        ("---\nid: a\ntitle: T\nthemes: [a,\n---\n", ["a.md:4: front matter is not valid YAML: expected the node content, but found '<stream end>'"]),
        ("---\nid: a\ntitle: T\nrelated: [x\nwho: y\n---\n", ["a.md:5: front matter is not valid YAML: expected ',' or ']', but got ':'"]),
        ("---\n- id\n- title\n---\n", ["a.md:2: front matter is not a mapping of keys to values"]),
        ("---\nid: [a, b]\ntitle: T\n---\n", ['a.md:2: "id" must be text, not a YAML list']),
        ("---\nid: a\ntitle: ''\n---\n", ['a.md:3: "title" is empty']),
    ],
)
def test_front_matter_errors(source: str, expected: list[str]) -> None:
    """Front-matter mistakes are errors at their line in the file."""
    assert problems(source) == expected


def test_body_lines_count_the_front_matter() -> None:
    """A problem in the body is reported at its line in the file."""
    assert problems("---\nid: a\ntitle: T\n---\n\n::: nope\n:::\n") == ['a.md:6: unknown container type "nope"']
