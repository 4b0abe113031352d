"""The article body: CommonMark as markdown-it renders it, plus the dialect's extras."""

from __future__ import annotations

import pytest

from helpcenter import convert

FRONT_MATTER = "---\nid: page\ntitle: Page\n---\n"
"""Four lines: the body's first line is file line 5."""


def render(body: str) -> str:
    article = convert(FRONT_MATTER + body, "page.md")
    assert not article.problems, [str(problem) for problem in article.problems]
    return article.html


def test_list_right_after_a_paragraph_line() -> None:
    """A list may start right after a paragraph line (CommonMark; Python-Markdown keeps it text)."""
    assert render("For example, a catalog with three trees:\n- `Master`\n- `Print`\n") == (
        "<p>For example, a catalog with three trees:</p>\n"
        "<ul>\n<li><code>Master</code></li>\n<li><code>Print</code></li>\n</ul>\n"
    )


def test_nested_list_indented_by_two_spaces() -> None:
    """A list nested by 2 spaces is a nested list (Python-Markdown needs 4)."""
    assert render("- a\n  - b\n- c\n") == (
        "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>\n</ul>\n"
    )


def test_ordered_list_after_a_paragraph_line() -> None:
    """Only an ordered list starting at 1 may interrupt a paragraph, as in CommonMark."""
    assert render("Steps:\n1. one\n2. two\n") == (
        "<p>Steps:</p>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n"
    )
    assert render("Steps:\n2. two\n") == "<p>Steps:\n2. two</p>\n"


def test_heading_has_anchor_and_permalink() -> None:
    """A heading gets its anchor as id and material's ¶ permalink."""
    assert render("## What is an App?\n") == (
        '<h2 id="what-is-an-app">What is an App?'
        '<a class="headerlink" href="#what-is-an-app" title="Permanent link">&para;</a></h2>\n'
    )


def test_headings_are_listed_with_levels_and_lines() -> None:
    """Article.headings holds each heading's level, text, inline HTML, anchor and file line."""
    [heading] = convert(FRONT_MATTER + "\n### Use *the* `Edit` level\n").headings
    assert (heading.level, heading.text, heading.html, heading.anchor, heading.line) == (
        3,
        "Use the Edit level",
        "Use <em>the</em> <code>Edit</code> level",
        "use-the-edit-level",
        6,
    )


def test_comment_block_is_dropped() -> None:
    """An HTML comment block leaves nothing in the page."""
    assert render("Before.\n\n<!-- SCREENSHOT TO BE UPDATED-->\n![Shot](../img/a.png)\n") == (
        '<p>Before.</p>\n<p><img src="../img/a.png" alt="Shot" /></p>\n'
    )


def test_comment_swallows_blank_lines_and_headings() -> None:
    """A comment hides everything up to `-->`, blank lines and headings included."""
    assert render("<!--\n## Hidden\n\n- hidden\n--> \nShown.\n") == "<p>Shown.</p>\n"
    assert convert(FRONT_MATTER + "<!--\n## Hidden\n-->\n").headings == ()


def test_text_after_a_comment_on_its_last_line_stays() -> None:
    """Raw HTML after `-->` on the comment's last line is kept."""
    assert render("<!-- note --><b>kept</b>\n") == "<b>kept</b>\n"


def test_inline_comment_is_dropped() -> None:
    """A comment inside a paragraph is dropped."""
    assert render("Keep <!-- not this --> that.\n") == "<p>Keep  that.</p>\n"


def test_raw_html_passes_through() -> None:
    """Raw HTML is kept as written."""
    assert render('<img src="../img/a.png" style="max-width: 500px;">\n') == (
        '<img src="../img/a.png" style="max-width: 500px;">\n'
    )


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("Party :tada:", "<p>Party 🎉</p>\n"),
        ("Thumbs :+1:", "<p>Thumbs 👍</p>\n"),
        ("Smile :)", "<p>Smile 😃</p>\n"),
        ("Wink ;) and :-)", "<p>Wink 😉 and 😃</p>\n"),
        ("Big :D grin", "<p>Big 😄 grin</p>\n"),
        ("Sad :(", "<p>Sad 😦</p>\n"),
        ("Unknown :not_an_emoji: stays", "<p>Unknown :not_an_emoji: stays</p>\n"),
        ("No smiley in a:)b", "<p>No smiley in a:)b</p>\n"),
        ("Code `:tada: :)` stays", "<p>Code <code>:tada: :)</code> stays</p>\n"),
        ("<http://example.com/:D>", '<p><a href="http://example.com/:D">http://example.com/:D</a></p>\n'),
    ],
)
def test_emoji(source: str, html: str) -> None:
    """Shortcodes and smileys become Unicode emoji, never inside code or autolinks."""
    assert render(source + "\n") == html


def test_code_fence_is_highlighted() -> None:
    """A fenced code block is highlighted in the markup material styles."""
    assert render("```json\n{\"a\": 1}\n```\n") == (
        '<div class="language-json highlight"><pre><span></span><code>'
        '<span class="p">{</span><span class="nt">"a"</span><span class="p">:</span>'
        '<span class="w"> </span><span class="mi">1</span><span class="p">}</span>\n'
        "</code></pre></div>\n"
    )


def test_unknown_code_language_is_plain_text() -> None:
    """A fence with an unknown language is escaped plain text under its own class."""
    assert render("```nope\n<a> :)\n```\n") == (
        '<div class="language-nope highlight"><pre><span></span><code>&lt;a&gt; :)\n</code></pre></div>\n'
    )


def test_table() -> None:
    """Tables work, as in the old build's markdown-it "default" preset."""
    assert render("| a |\n|---|\n| b |\n") == (
        "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>b</td>\n</tr>\n</tbody>\n</table>\n"
    )


def test_images_and_links_are_collected_with_file_lines() -> None:
    """Markdown and raw-HTML images and links are listed with their file lines; HTML keeps them."""
    article = convert(
        FRONT_MATTER
        + "![A](../img/a.png)\nSee [B](b.html#x)\nand <a href='#top'>top</a>.\n\n"
        + '<p>\n<img src="../img/c.png">\n</p>\n'
    )
    assert [(r.target, r.line) for r in article.images] == [("../img/a.png", 5), ("../img/c.png", 10)]
    assert [(r.target, r.line) for r in article.links] == [("b.html#x", 6), ("#top", 7)]
    assert '<img src="../img/a.png" alt="A" />' in article.html


def test_references_in_comments_are_not_collected() -> None:
    """An image inside a comment is not on the page, so it is not checked."""
    article = convert(FRONT_MATTER + "<!--\n![A](../img/old.png)\n-->\n")
    assert article.images == ()
