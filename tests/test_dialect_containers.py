"""Containers: ``::: type [title]`` … ``:::`` (helpcenter-dialect.md, "Containers")."""

from __future__ import annotations

import pytest

from helpcenter import BlockSource, Severity, convert

FRONT_MATTER = "---\nid: page\ntitle: Page\n---\n"
"""Four lines: the body's first line is file line 5."""


def render(body: str, **kwargs: object) -> str:
    article = convert(FRONT_MATTER + body, "page.md", **kwargs)  # type: ignore[arg-type]
    assert not article.problems, [str(problem) for problem in article.problems]
    return article.html


def problems(body: str) -> list[tuple[str, str]]:
    return [(str(p), p.severity.name) for p in convert(FRONT_MATTER + body, "page.md").problems]


@pytest.mark.parametrize(
    ("kind", "css_class", "title"),
    [
        ("info", "info", "Info"),
        ("tips", "tip", "Tip"),
        ("warning", "warning", "Warning"),
        ("danger", "danger", "Danger"),
        ("success", "success", "Success"),
        ("ee", "ee", "Enterprise Edition"),
    ],
)
def test_admonition_with_default_title(kind: str, css_class: str, title: str) -> None:
    """Each admonition type becomes material's admonition markup with its default title."""
    assert render(f"::: {kind}\nBody text.\n:::\n") == (
        f'<div class="admonition {css_class}">\n'
        f'<p class="admonition-title">{title}</p>\n'
        "<p>Body text.</p>\n"
        "</div>\n"
    )


def test_type_glued_to_the_fence() -> None:
    """`:::info` is the same container as `::: info`."""
    assert render(":::info\nBody.\n:::\n") == render("::: info\nBody.\n:::\n")


def test_rest_of_the_line_is_the_title() -> None:
    """The rest of the info line is the title, rendered inline."""
    assert render("::: warning Mind the **scope**\nBody.\n:::\n") == (
        '<div class="admonition warning">\n'
        '<p class="admonition-title">Mind the <strong>scope</strong></p>\n'
        "<p>Body.</p>\n"
        "</div>\n"
    )


def test_longer_fence_wraps_a_shorter_one() -> None:
    """A `::::` container holds a `:::` one."""
    assert render("::::warning\nOuter.\n:::tips\nInner.\n:::\n::::\n") == (
        '<div class="admonition warning">\n'
        '<p class="admonition-title">Warning</p>\n'
        "<p>Outer.</p>\n"
        '<div class="admonition tip">\n'
        '<p class="admonition-title">Tip</p>\n'
        "<p>Inner.</p>\n"
        "</div>\n"
        "</div>\n"
    )


def test_body_is_markdown() -> None:
    """A container's body is Markdown: lists, links, code."""
    assert render("::: info\nSee:\n- [this](other.html)\n- `that`\n:::\n") == (
        '<div class="admonition info">\n'
        '<p class="admonition-title">Info</p>\n'
        "<p>See:</p>\n"
        "<ul>\n"
        '<li><a href="other.html">this</a></li>\n'
        "<li><code>that</code></li>\n"
        "</ul>\n"
        "</div>\n"
    )


def test_panel_link() -> None:
    """`panel-link Text [Link title](url)` is a centred button to the url."""
    assert render("::: panel-link Want more details? [Check it here!](other.html#x)\n:::\n") == (
        '<div class="panel-link"><a class="md-button md-button--primary" href="other.html#x">'
        '<span class="panel-link__text">Want more details?</span> '
        '<span class="panel-link__title">Check it here!</span></a>\n'
        "</div>\n"
    )


def test_panel_link_without_text() -> None:
    """A panel-link may be only `[Link title](url)`."""
    assert render("::: panel-link [Next step](step-3.html)\n:::\n") == (
        '<div class="panel-link"><a class="md-button md-button--primary" href="step-3.html">'
        '<span class="panel-link__title">Next step</span></a>\n'
        "</div>\n"
    )


def test_panel_link_is_collected_as_a_link() -> None:
    """The panel-link's url is checked like any other link."""
    article = convert(FRONT_MATTER + "::: panel-link Go [Next](other.html)\n:::\n")
    assert [(link.target, link.line) for link in article.links] == [("other.html", 5)]


def test_malformed_panel_link_is_an_error() -> None:
    """A panel-link without `[title](url)` is an error at its line."""
    assert problems("\n::: panel-link Next step\n:::\n") == [
        ('page.md:6: panel-link needs "Text [Link title](url)", not "Next step"', "ERROR")
    ]


def test_extra_block_gets_raw_source_and_line() -> None:
    """A caller-given type gets its raw body, its info and its file line; its HTML replaces it."""
    seen: list[BlockSource] = []

    def simulator(block: BlockSource) -> str:
        seen.append(block)
        return '<div class="simulator"></div>'

    html = render("Intro.\n\n::: simulator erp-owns-master\nscope: *x*\n  - a\n:::\n", blocks={"simulator": simulator})
    assert html == '<p>Intro.</p>\n<div class="simulator"></div>\n'
    assert seen == [BlockSource("simulator", "erp-owns-master", "scope: *x*\n  - a\n", 7, "page.md")]


def test_extra_block_value_error_is_a_problem() -> None:
    """A renderer's ValueError becomes an error at the block's line."""

    def broken(block: BlockSource) -> str:
        raise ValueError("unknown scenario")

    article = convert(FRONT_MATTER + "::: simulator nope\n:::\n", "page.md", {"simulator": broken})
    assert [str(p) for p in article.problems] == ["page.md:5: simulator block: unknown scenario"]
    assert article.html == ""


def test_unknown_type_is_an_error() -> None:
    """An unknown container type is an error at its line; its body still renders."""
    article = convert(FRONT_MATTER + "\n::: note\nBody.\n:::\n", "page.md")
    assert [(str(p), p.severity) for p in article.problems] == [
        ('page.md:6: unknown container type "note"', Severity.ERROR)
    ]
    assert article.html == "<p>Body.</p>\n"


def test_unclosed_container_is_an_error() -> None:
    """A container that runs to the end of the file is an error at its opening line."""
    assert problems("Text.\n\n::: info\nBody.\n") == [
        ('page.md:7: container "info" opened here is never closed', "ERROR")
    ]


def test_inner_container_closed_by_its_parent_is_unclosed() -> None:
    """An inner `:::` container left open when its `::::` parent closes is reported."""
    assert problems("::::info\n:::tips\nBody.\n::::\n") == [
        ('page.md:6: container "tips" opened here is never closed', "ERROR")
    ]


def test_stray_fence_is_dropped_with_a_warning() -> None:
    """A `:::` that closes nothing is dropped and named in a warning (not an error)."""
    article = convert(FRONT_MATTER + "Some text.\n\n:::\n", "page.md")
    assert article.html == "<p>Some text.</p>\n"
    assert [(str(p), p.severity) for p in article.problems] == [
        ('page.md:7: ":::" closes no container; it was dropped', Severity.WARNING)
    ]


def test_stray_fence_right_after_a_paragraph_line() -> None:
    """A stray `:::` glued to a paragraph is dropped from it."""
    article = convert(FRONT_MATTER + "::: info\nBody.\n:::\nAfter.\n:::\n", "page.md")
    assert article.html.endswith("</div>\n<p>After.</p>\n")
    assert [str(p) for p in article.problems] == ['page.md:9: ":::" closes no container; it was dropped']


def test_fence_inside_code_is_code() -> None:
    """`:::` in a fenced code block, also inside a container, stays code."""
    assert render("::: info\n```\n:::\n```\n:::\n") == (
        '<div class="admonition info">\n'
        '<p class="admonition-title">Info</p>\n'
        '<div class="language-text highlight"><pre><span></span><code>:::\n</code></pre></div>\n'
        "</div>\n"
    )


def test_fence_inside_indented_code_is_code() -> None:
    """`:::` in an indented code block stays code."""
    assert render("Text.\n\n    :::\n") == "<p>Text.</p>\n<pre><code>:::\n</code></pre>\n"


def test_comment_hides_containers_and_fences() -> None:
    """A comment swallows `:::` lines and blank lines up to `-->`."""
    assert render("<!--\n::: info\nHidden.\n\n:::\n-->\nShown.\n") == "<p>Shown.</p>\n"


def test_comment_inside_a_container_does_not_close_it() -> None:
    """A `:::` inside a comment inside a container does not close the container."""
    assert render("::: info\n<!--\n:::\n-->\nShown.\n:::\n") == (
        '<div class="admonition info">\n'
        '<p class="admonition-title">Info</p>\n'
        "<p>Shown.</p>\n"
        "</div>\n"
    )
