"""convert never raises, whatever the input: problems are reported, not thrown."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpcenter import BlockSource, convert

PIECES = st.sampled_from(
    [
        "---\n", "id: a\n", "title: **T**\n", "themes: [a, b\n", "ee: right\n", "ge: yes\n", "related: x, y\n",
        ":::\n", "::: info\n", ":::info Title\n", "::::warning\n", "::::\n", "::: nope\n", "::: simulator s\n",
        "::: panel-link [x](y.html)\n", "::: panel-link ]((\n", "```\n", "~~~python\n", "    code\n",
        "<!--\n", "-->\n", "<!-- x -->", "# Heading :tada:\n", "## [link](a.html) x\n", "- item\n",
        "  - nested\n", "> quote\n", "1. one\n", "\n", "text :) ;) :D\n", "![i](../img/x.png)\n",
        "<img src='../img/y.png'>\n", "| a |\n|---|\n", "&amp; \\* `x`\n", "\t", "\r\n", "\ufeff", "𠀀",
    ]
)


def simulator(block: BlockSource) -> str:
    if "bad" in block.body:
        raise ValueError("bad scenario")
    return "<div></div>"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40))
def test_convert_never_raises(pieces: list[str]) -> None:
    """Random articles built from the dialect's pieces and random text convert without raising."""
    article = convert("".join(pieces), "fuzz.md", {"simulator": simulator})
    assert all(problem.line >= 1 for problem in article.problems)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=60), st.sampled_from([":", ">", "- ", "[", "<!--"]))
def test_deep_nesting_never_raises(depth: int, opener: str) -> None:
    """Deeply nested containers, quotes, lists, brackets and comments convert without raising."""
    if opener == ":":
        body = "".join(":" * (depth - level + 3) + " info\n" for level in range(depth))
    else:
        body = "".join("  " * level + opener + "x\n" for level in range(depth))
    convert("---\nid: a\ntitle: T\n---\n" + body + "---\n" + "[" * 500 + "{" * 500)


def test_deep_yaml_never_raises() -> None:
    """Front matter nested too deep for the YAML parser is a problem, not a crash."""
    article = convert("---\nid: " + "[" * 5000 + "\n---\n")
    assert article.problems
