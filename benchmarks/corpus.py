"""Build a corpus of help-center articles: the pipeline against plain mkdocs-material.

Not a test: ``make bench-build`` runs it and prints the figures. It writes a corpus of
articles in the help-center dialect (front matter with ids, themes, related articles and
editions; containers, nested ones too; lists right after a paragraph line and nested by
2 spaces; images from the flat ``img/`` folder; repeated headings and links to anchors
of other articles), then times, alternately and best of ``--runs``:

- *plain*: ``mkdocs build`` of the very same files with mkdocs-material and its search,
  no hooks (what a site with no dialect, no checks and no simulator costs);
- *pipeline, warm*: ``python -m helpcenter build`` (compile → render → finish) with the
  article cache filled by an earlier build, as a rebuild after an edit sees it;
- *pipeline, cold*: the same with the cache emptied first.

and prints each ratio to *plain* (aim: warm ≤ 1.5 ×).

    python benchmarks/corpus.py [--articles 112] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from struct import pack

from helpcenter import harness
from helpcenter.themes import THEMES

ROOT = harness.PROJECT_ROOT
AIM = 1.5
CONTAINERS = ("info", "tips", "warning", "danger", "success", "ee")
WORDS = (
    "product family attribute channel locale category tree permission import export asset "
    "completeness enrichment catalog option value model variant group association workflow "
    "proposal draft review connector app scope grant level edit view own"
).split()


def png(width: int = 4, height: int = 4) -> bytes:
    """A small valid PNG: the image check looks for the file, the page shows it."""
    raw = b"".join(b"\0" + b"\x80\x80\x80" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return pack(">I", len(data)) + kind + data + pack(">I", zlib.crc32(kind + data))

    header = pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def article(index: int, total: int, rng: random.Random) -> str:
    """One article of the corpus; it links to the article before it and its anchors."""
    themes = ", ".join(rng.sample(sorted(THEMES), 2))
    related = ", ".join(f"article-{(index + k) % total}" for k in (1, 2))
    edition = rng.choice(["", "ee: true\n", "ee: true\nge: true\n"])
    lines = [
        "---",
        f"id: article-{index}",
        f"themes: {themes}",
        f'title: "**Article {index}**: {sentence(rng, 4)[:-1]}"',
        f"popular: {'true' if index % 10 == 0 else 'false'}",
        f"related: {related}",
        edition + "---",
        "",
    ]
    previous = (index - 1) % total
    for section in range(6):
        lines += [f"# Section {section} of the article", "", sentence(rng), sentence(rng), ""]
        lines += ["For example, a list right after this line:"]
        lines += [f"- {sentence(rng, 6)}" for _ in range(4)]
        lines += ["  - a nested item, indented by 2 spaces", "  - another nested item", ""]
        lines += ["## Example", "", sentence(rng), ""]
        kind = CONTAINERS[(index + section) % len(CONTAINERS)]
        lines += [f"::: {kind}", sentence(rng), "", f"1. {sentence(rng, 5)}", f"2. {sentence(rng, 5)}", ":::", ""]
        if section % 2:
            lines += ["::::tips A tip with a warning inside", sentence(rng), "::: warning", sentence(rng), ":::", "::::", ""]
        lines += [f"![A picture of section {section}](../img/corpus-{index}-{section % 2}.png)", ""]
        lines += [
            f"See [the example](#example-{section + 1 if section else ''})".replace("#example-)", "#example)"),
            f"and [the same section elsewhere](article-{previous}.html#section-{section}-of-the-article).",
            "",
            "| Attribute | Value |",
            "|---|---|",
            f"| `{rng.choice(WORDS)}` | {sentence(rng, 3)} |",
            "",
            "```json",
            '{"code": "%s", "values": [1, 2, 3]}' % rng.choice(WORDS),
            "```",
            "",
        ]
    return "\n".join(lines) + "\n"


def write_corpus(docs: Path, total: int, seed: int = 20) -> None:
    rng = random.Random(seed)
    (docs / "articles").mkdir(parents=True)
    (docs / "img").mkdir(exist_ok=True)
    image = png()
    for index in range(total):
        (docs / "articles" / f"article-{index}.md").write_text(article(index, total, rng), encoding="utf-8")
        for variant in (0, 1):
            (docs / "img" / f"corpus-{index}-{variant}.png").write_bytes(image)


def pipeline_project(work: Path, total: int) -> Path:
    """The site's configuration and templates, its home page, stand-ins for the guides."""
    project = work / "pipeline"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", project / "overrides", ignore=shutil.ignore_patterns("__pycache__"))
    docs = project / "docs"
    write_corpus(docs, total)
    shutil.copy(ROOT / "docs" / "index.md", docs / "index.md")
    from helpcenter.build import load_config
    from helpcenter.compile import nav_pages

    for title, page in nav_pages(load_config(ROOT / "mkdocs.yml")["nav"]):
        if (ROOT / "docs" / page).is_file() and not (docs / page).exists():
            (docs / page).parent.mkdir(parents=True, exist_ok=True)
            (docs / page).write_text(f"# {title}\n\nA stand-in for the site's page.\n", encoding="utf-8")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


def plain_project(work: Path, pipeline: Path) -> Path:
    """The same files under plain mkdocs-material: no hooks, no dialect, no checks."""
    project = work / "plain"
    shutil.copytree(pipeline / "docs", project / "docs")
    (project / "docs" / "index.md").write_text("# Corpus\n\nThe articles.\n", encoding="utf-8")  # no site template
    (project / "mkdocs.yml").write_text(
        "site_name: Corpus\nuse_directory_urls: false\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\nmarkdown_extensions:\n  - toc:\n      permalink: true\n  - admonition\n",
        encoding="utf-8",
    )
    return project


def timed(command: list[str], cwd: Path) -> float:
    env = {**os.environ, **harness.BUILD_ENV}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed in {cwd}:\n{done.stderr[-3000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=112, help="articles in the corpus (default 112)")
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind; the best counts (default 3)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as folder:
        work = Path(folder)
        pipeline = pipeline_project(work, args.articles)
        plain = plain_project(work, pipeline)
        ours = [sys.executable, "-m", "helpcenter", "build", "--quiet", "--site-dir", str(work / "site-pipeline")]
        theirs = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(work / "site-plain")]
        print(f"corpus: {args.articles} articles; machine: {os.cpu_count()} cores, {platform.machine()}, "
              f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}", flush=True)
        timed(ours, pipeline)  # fills the cache; the Pyodide core is copied once
        times: dict[str, list[float]] = {"plain": [], "warm": [], "cold": []}
        for _ in range(args.runs):  # alternated, so that a busy moment of the machine hits all
            times["plain"].append(timed(theirs, plain))
            times["warm"].append(timed(ours, pipeline))
            shutil.rmtree(pipeline / "build" / "cache")
            times["cold"].append(timed(ours, pipeline))
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")

    plain_best = min(times["plain"])

    def runs(kind: str) -> str:
        return ", ".join(f"{value:.2f}" for value in times[kind])

    print()
    print(f"plain mkdocs-material      {plain_best:6.2f} s   ({runs('plain')})")
    for kind, label in (("warm", "pipeline, warm cache"), ("cold", "pipeline, cold cache")):
        best = min(times[kind])
        ratio = best / plain_best
        aim = f"   aim ≤ {AIM}: {'met' if ratio <= AIM else 'missed'}" if kind == "warm" else ""
        print(f"{label:<26} {best:6.2f} s   ({runs(kind)})   ratio {ratio:.2f} ×{aim}")


if __name__ == "__main__":
    main()
