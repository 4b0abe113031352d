"""Hostile article sources, generated: the compile step answers each with named problems
(``path:line: message``) in bounded time, never with an exception, and every path it
would write stays inside the docs tree.

The strategies make articles deep (nested containers, lists, quotes, brackets, YAML),
long (long lines, many lines), wide (many keys, headings, links) and full of Unicode
(any code point, lone surrogates encoded as they would reach a file, a BOM, bytes that
are not UTF-8).
"""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpcenter.compile import Source, compile_tree, inside
from helpcenter.model import Problem

DEADLINE_S = 5.0
"""Processor seconds per example: a linear article of this size takes ~0.1 s. The bound is
on the work the compile step does (``time.process_time``), not on the wall clock, which
other jobs on a shared machine stretch."""

FRONT = st.sampled_from([
    "id: a\n", "id: ../x\n", "id: a/b\n", "id: 'é'\n", "id: [a]\n", "title: **T**\n", "title: <b>x</b>\n",
    "themes: connectivity, nope\n", "related: a, b\n", "ee: right\n", "ge: yes\n", "popular: true\n",
    "x: &a [1]\n", "y: *a\n", "z: !!python/object:os.system 'x'\n", "k: {a: {b: {c: 1}}}\n", "- list\n", "\t\n",
])
BODY = st.sampled_from([
    "::: info\n", ":::\n", "::::warning T\n", "::::\n", "::: simulator erp-owns-master\n", "::: nope\n",
    "# H\n", "## H :tada:\n", "- i\n", "  - j\n", "> q\n", "```\n", "<div>\n", "</div>\n", "<!--\n", "-->\n",
    "![a](../img/x.png)\n", "![a](/etc/passwd)\n", "[l](b.html#c)\n", "<script>x()</script>\n", "\n",
])


@st.composite
def article_sources(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["pieces", "deep", "long", "wide", "unicode", "bytes"]))
    if kind == "pieces":
        text = "---\n" + "".join(draw(st.lists(FRONT, max_size=8))) + "---\n" + "".join(draw(st.lists(BODY, max_size=40)))
    elif kind == "deep":
        depth = draw(st.integers(1, 3000))
        opener = draw(st.sampled_from(["> ", "- ", "[", "<div>", "  " * 2, "{", "["]))
        where = draw(st.sampled_from(["body", "front"]))
        nested = opener * depth + "x"
        text = f"---\nid: a\ntitle: T\n---\n{nested}\n" if where == "body" else f"---\nid: a\ntitle: T\nk: {nested}\n---\n"
    elif kind == "long":
        line = draw(st.sampled_from(["word ", "*", "_", "`", "<", "[", ":", "\\"])) * draw(st.integers(1, 30_000))
        text = f"---\nid: a\ntitle: T\n---\n{line}\n"
    elif kind == "wide":
        count = draw(st.integers(1, 2000))
        piece = draw(st.sampled_from(["k{i}: v\n", "# H{i}\n", "[l](#h{i}) ", "::: info\n:::\n", "related: a{i}\n"]))
        lines = "".join(piece.format(i=i) for i in range(count))
        text = f"---\nid: a\ntitle: T\n{lines}---\n" if piece.startswith(("k", "related")) else f"---\nid: a\ntitle: T\n---\n{lines}"
    elif kind == "unicode":
        title = draw(st.text(max_size=200))
        body = draw(st.text(max_size=2000))
        return f"\ufeff---\nid: a\ntitle: {title}\n---\n{body}".encode("utf-8", errors="surrogatepass")
    else:
        return b"---\nid: a\ntitle: T\n---\n" + draw(st.binary(max_size=2000))
    return text.encode("utf-8")


def _named(problem: Problem) -> bool:
    return problem.path == "docs/articles/a.md" and problem.line >= 1 and bool(problem.message.strip())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(article_sources())
def test_a_hostile_article_gets_named_problems_in_bounded_time(data: bytes) -> None:
    start = time.process_time()
    tree = compile_tree([Source("articles/a.md", "docs/articles/a.md", data)])
    elapsed = time.process_time() - start

    assert elapsed < DEADLINE_S, f"{elapsed:.1f} s for {len(data):,} bytes"
    article_problems = [p for p in tree.problems if p.path.startswith("docs/articles/")]
    assert all(_named(problem) for problem in article_problems), article_problems
    for uri in tree.pages:
        inside(Path("/site"), uri)  # raises for a path that would leave the tree


def test_the_yaml_alias_bomb_fails_at_once_with_its_message() -> None:
    """Nine levels of nine aliases (384 bytes) would expand to 387 million strings, more
    with each use of the last one: refused at the first alias."""
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"{chr(98 + n)}: &{chr(98 + n)} [" + ",".join([f"*{chr(97 + n)}"] * 9) + "]" for n in range(8)]
    source = ("---\nid: bomb\ntitle: Bomb\n" + "\n".join(levels) + "\nthemes: [*i]\n---\n").encode()
    assert len(source) < 530

    start = time.process_time()
    tree = compile_tree([Source("articles/a.md", "docs/articles/a.md", source)])

    assert time.process_time() - start < 2.0
    assert [str(p) for p in tree.problems if p.path == "docs/articles/a.md"] == [
        "docs/articles/a.md:5: front matter is not valid YAML: YAML aliases (*name) are not allowed in front matter"
    ]


def test_a_line_too_long_to_be_prose_is_named_and_not_parsed() -> None:
    source = b"---\nid: a\ntitle: T\n---\n\nText.\n" + b"[" * 1_000_000 + b"\n"

    tree = compile_tree([Source("articles/a.md", "docs/articles/a.md", source)])

    assert [str(p) for p in tree.problems if p.path == "docs/articles/a.md"] == [
        "docs/articles/a.md:7: the line is 1,000,000 characters long; a line may be at most 20,000"
    ]
