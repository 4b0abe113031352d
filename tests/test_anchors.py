"""Heading anchors as the old help center made them (helpcenter-dialect.md, "Heading anchors")."""

from __future__ import annotations

import pytest

from helpcenter import convert
from helpcenter.anchors import slugify

FRONT_MATTER = "---\nid: page\ntitle: Page\n---\n"


def anchors(body: str) -> list[str]:
    return [heading.anchor for heading in convert(FRONT_MATTER + body).headings]


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("A & B", "a-b"),
        ("My attribute is localisable & scopable", "my-attribute-is-localisable-scopable"),
        ("_Step 1_ | Install & Setup the migration tool", "step-1-install-setup-the-migration-tool"),
        ("Café ~ tilde — dash", "café-~-tilde-dash"),
        ("Ünïcode Größe 日本語", "ünïcode-größe-日本語"),
        ("Use `a<b` and `c_d` code", "use-ab-and-c_d-code"),
        ("[Link text](other.html) rest of heading", "link-text"),
        ("![alt words](../img/x.png) Image title", "alt-words-image-title"),
        ('Text <br> more <span class="x">span</span>', "text-br-more-span-classxspanspan"),
        ("Party :tada: time :)", "party-time"),
        (r"Escaped \_under\_ \*star\*", "escaped-_under_-star"),
        ("1. Numbered", "1-numbered"),
        ("Where to find Apps & Connectors?", "where-to-find-apps-connectors"),
        ("Entities &amp; more", "entities-more"),
        ("A [link](x.html) in the middle", "a-link-in-the-middle"),
        ("  -- Leading dashes", "-leading-dashes"),
    ],
)
def test_heading_anchor(heading: str, anchor: str) -> None:
    """Each checked example of the dialect doc gets the old site's anchor."""
    assert anchors(f"## {heading}\n") == [anchor]


def test_third_repeat_gets_suffix_3() -> None:
    """The third heading with one slug gets "-3"."""
    body = "#### Which level should you give to your App?\n\n" * 3
    assert anchors(body)[-1] == "which-level-should-you-give-to-your-app-3"


def test_repeat_counter_is_per_slug_without_collision_check() -> None:
    """Dup, Dup, Dup 2, Dup → dup, dup-2, dup-2, dup-3 (a plain per-slug counter)."""
    assert anchors("# Dup\n# Dup\n# Dup 2\n# Dup\n") == ["dup", "dup-2", "dup-2", "dup-3"]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Hello World", "hello-world"),
        ("a\u00a0b", "a-b"),  # a no-break space is a separator
        ("ﬁle", "file"),  # NFKC
        ("e\u0301", "\u00e9"),  # NFKC composes e + combining acute
        ("x\u0301", "x\u0301"),  # a mark with no composed form stays
        ("emoji 🎉 here", "emoji-here"),
        ("𠀀 astral", "astral"),  # uslug saw UTF-16 halves: beyond the BMP is dropped
        ("", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    """uslug keeps letters, digits, marks and -_~, turns separators into hyphens."""
    assert slugify(text) == slug
