"""The compile step: help-center sources → a standard docs tree, plus the nav.

Reads ``docs/`` and returns, without touching it, every page of the site as a Markdown
file a site generator renders unchanged (MkDocs with mkdocs-material, or Zensical):

- each article at ``articles/<id>.md``: the dialect converted by :func:`helpcenter.convert`
  (its simulators prerendered), with its header and related articles, as HTML;
- the persona pages (``using-akeneo.md``, ``setting-up-the-pim.md``) and the home page's
  persona cards and popular guides;
- the other pages (guides, the full-page simulator) as their Markdown, with their
  ``::: simulator`` blocks prerendered and the ``<!-- rulebook -->`` table filled in;
- the images of every ``img/`` folder in one flat ``img/`` folder; other files as they are;
- the nav of ``mkdocs.yml``, checked against the pages;
- every problem, as ``path:line: message``.

An article's conversion is cached by the content hash of its source (and of the code that
converts it), in memory and in a folder, so a rebuild converts only what changed.
:func:`write_tree` lays the tree into a folder and never writes outside it.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import markdown_it
import yaml

from helpcenter import front_matter
from helpcenter.convert import convert
from helpcenter.model import Article, Edition, Heading, Problem, Reference, Severity
from helpcenter.pages import Link, article_page, home_lists, link_to, link_to_public, persona_page, sorted_links
from helpcenter.public import PublicHelpCenter
from helpcenter.simulators import PageSimulators, article_block, article_link_from, prerender_page, workbench_link_from
from simulator.model import ARTICLE as SEED_ARTICLE
from helpcenter.site import check_site
from helpcenter.themes import PERSONAS

MAX_ARTICLE_BYTES = 2 * 1024 * 1024
"""The public corpus's longest article is under 100 KB; a larger file is a mistake."""
MAX_LINE_CHARS = 20_000
"""A line longer than this is no prose (the corpus's longest is under 2,000): the
Markdown parser's time grows faster than the line on some of them (``[[[…``)."""
IMAGE_FOLDER = "img"
ARTICLE_FOLDER = "articles"
HOME = "index.md"
RULEBOOK_MARKER = re.compile(r"^<!--\s*rulebook\s*-->[ \t]*$", re.M)
SOURCE_EXAMPLE = re.compile(r"^(?P<fence>```+|~~~+)[ \t]*(?P<language>markdown|md)[ \t]*$", re.M)
"""A fence showing an article's source: search gives prose, not Markdown syntax."""


@dataclass(frozen=True)
class Source:
    """One file of ``docs/``."""

    uri: str
    """Its path inside ``docs/`` (``articles/x.md``)."""
    path: str
    """Its path as messages name it (``docs/articles/x.md``)."""
    data: bytes


@dataclass
class Tree:
    """What compiling gives: the docs tree, its nav and the problems found."""

    pages: dict[str, str] = field(default_factory=dict)
    """Tree path (``articles/<id>.md``) → the page's Markdown."""
    files: dict[str, bytes] = field(default_factory=dict)
    """Tree path → the bytes of an image or another file, copied as it is."""
    nav: list[Any] = field(default_factory=list)
    not_in_nav: list[str] = field(default_factory=list)
    """Tree paths of pages reached through persona pages and search, not the sidebar."""
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity is Severity.ERROR]


def read_sources(docs_dir: Path, shown_as: str = "docs") -> list[Source]:
    """Every file under ``docs_dir`` (hidden ones left out), in path order."""
    sources = []
    for path in sorted(docs_dir.rglob("*")):
        relative = path.relative_to(docs_dir)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        uri = relative.as_posix()
        sources.append(Source(uri, f"{shown_as}/{uri}" if shown_as else uri, path.read_bytes()))
    return sources


def compile_tree(
    sources: Sequence[Source], nav: Sequence[Any] = (), cache: ArticleCache | None = None,
    public: PublicHelpCenter | None = None,
) -> Tree:
    """The docs tree of these sources; ``nav`` is the project's (mkdocs.yml's), and
    ``public`` the articles of the public help center a related id may name."""
    tree = Tree()
    public = public if public is not None else PublicHelpCenter()
    cache = cache if cache is not None else ArticleCache()
    pages = [source for source in sources if source.uri.endswith(".md")]
    articles = {source.uri: cache.article(source) for source in pages if _is_article(source)}
    tree.articles = list(articles.values())
    generated = {f"{persona.slug}.md" for persona in PERSONAS}
    reserved = generated | {source.uri for source in pages if source.uri not in articles}
    served = _serve_articles(articles, reserved, tree.problems)

    images = _images(sources, tree.problems)
    tree.files.update(images)
    for source in sources:
        if not source.uri.endswith(".md") and not _in_image_folder(source.uri):
            tree.files[source.uri] = source.data

    tree.problems += [problem for article in articles.values() for problem in article.problems]
    tree.problems += check_site(tree.articles, {PurePosixPath(name).name for name in images}, public.articles.keys())

    by_id = {article.id: article for article in served.values() if article.id}
    links = {article.id: link_to(article, _html(uri)) for uri, article in served.items() if article.id}
    for uri, article in served.items():
        related = [
            links[id] if id in links else link_to_public(found)
            for id in article.related
            if id in links or (found := public.get(id)) is not None
        ]
        tree.pages[uri] = article_page(article, _html(uri), related)
        tree.not_in_nav.append(uri)

    for persona in PERSONAS:
        uri = f"{persona.slug}.md"
        sections = {
            theme.id: sorted_links([links[a.id] for a in by_id.values() if a.id and theme.id in a.themes])
            for theme in persona.themes
        }
        tree.pages[uri] = persona_page(persona, sections, _html(uri))

    seed = articles.get(SEED_ARTICLE)
    for source in pages:
        if source.uri in articles:
            continue
        text, problems = _plain_page(source, seed)
        if source.uri == HOME:
            popular = sorted_links([links[a.id] for a in by_id.values() if a.id and a.popular])
            text += home_lists(PERSONAS, popular, _html(HOME))
        tree.problems += problems
        tree.pages[source.uri] = text

    tree.nav = list(nav)
    tree.problems += _nav_problems(nav, tree.pages)
    tree.problems.sort(key=lambda p: (p.path, p.line, p.message))
    return tree


def decode(source: Source) -> tuple[str | None, Problem | None]:
    """The source's text, or the problem that names where it is not UTF-8."""
    try:
        return source.data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = source.data.count(b"\n", 0, error.start) + 1
        bad = source.data[error.start : error.start + 4].hex(" ")
        return None, Problem(
            source.path, line,
            f"the file is not valid UTF-8: byte {error.start:,} (0x{bad}) {error.reason}; save it as UTF-8",
        )


def _is_article(source: Source) -> bool:
    """An article lives in an ``articles/`` folder or has an ``id`` in its front matter."""
    if ARTICLE_FOLDER in posixpath.dirname(source.uri).split("/"):
        return True
    text, _ = front_matter.split(source.data.decode("utf-8", errors="replace"))
    return text is not None and re.search(r"^id\s*:", text, re.M) is not None


def _serve_articles(articles: Mapping[str, Article], reserved: set[str], problems: list[Problem]) -> dict[str, Article]:
    """Tree path → article: ``articles/<id>.md`` for the first article with an id (a
    second one is a site problem), an article without an id keeps its own path. An
    article never replaces a page the site has otherwise (``reserved``)."""
    served: dict[str, Article] = {}
    taken: set[str] = set()
    reserved = reserved | {uri for uri, article in articles.items() if article.id is None}
    for uri, article in articles.items():
        if article.id is None:
            if article.html or not article.problems:
                served[uri] = article
            continue
        path = f"{ARTICLE_FOLDER}/{article.id}.md"
        if path in reserved:
            problems.append(Problem(
                article.path, article.key_lines.get("id", 1),
                f'id "{article.id}" would replace the page {_html(path)} the site already has',
            ))
        elif article.id not in taken:
            taken.add(article.id)
            served[path] = article
    return served


def _html(uri: str) -> str:
    return uri.removesuffix(".md") + ".html"


def _in_image_folder(uri: str) -> bool:
    return posixpath.basename(posixpath.dirname(uri)) == IMAGE_FOLDER


def _images(sources: Iterable[Source], problems: list[Problem]) -> dict[str, bytes]:
    """Every ``img/`` folder's files in one flat ``img/``; a name used twice is a problem."""
    served: dict[str, Source] = {}
    for source in sources:
        if not _in_image_folder(source.uri):
            continue
        name = posixpath.basename(source.uri)
        first = served.setdefault(name, source)
        if first is not source:
            problems.append(Problem(
                source.path, 1,
                f"image name {name!r} is already used by {first.path}; image names must be unique across all img/ folders",
            ))
    return {f"{IMAGE_FOLDER}/{name}": source.data for name, source in served.items()}


def _plain_page(source: Source, seed: Article | None) -> tuple[str, list[Problem]]:
    """A page that is not an article: its Markdown, simulators and rulebook filled in."""
    text, problem = decode(source)
    if text is None:
        return "", [problem]  # type: ignore[list-item]
    page = _html(source.uri)
    simulators = PageSimulators(source.path, article_link_from(page), workbench_link_from(page))
    text = prerender_page(text, simulators)
    text = SOURCE_EXAMPLE.sub(_unsearched, text)
    if RULEBOOK_MARKER.search(text):
        text = RULEBOOK_MARKER.sub(lambda _: _rulebook(source, seed, simulators), text)
    return text, simulators.problems


def _unsearched(match: re.Match[str]) -> str:
    """The fence, its block left out of search (superfences' attribute braces)."""
    return f'{match["fence"]}{{ .{match["language"]} data-search-exclude="" }}'


def _rulebook(source: Source, seed: Article | None, simulators: PageSimulators) -> str:
    """The rules table the engine produces, its links named after the article's headings."""
    from simulator.rulebook import RulebookError, rulebook, section_titles, to_markdown

    try:
        entries = rulebook()
    except RulebookError as error:
        simulators.report(1, f"the rulebook does not match the engine: {error}")
        return ""
    titles = section_titles([(h.level, h.text, h.anchor) for h in seed.headings]) if seed else {}
    link = posixpath.relpath(SEED_ARTICLE, posixpath.dirname(source.uri) or ".")
    return to_markdown(entries, link, titles)


def nav_pages(nav: Any) -> Iterator[tuple[str, str]]:
    """(title, docs path) of each page a nav lists, sections flattened."""
    for entry in nav or ():
        if isinstance(entry, str):
            yield "", entry
            continue
        for title, target in entry.items():
            if isinstance(target, list):
                yield from nav_pages(target)
            else:
                yield title, target


def _nav_problems(nav: Any, pages: Mapping[str, str]) -> list[Problem]:
    return [
        Problem("mkdocs.yml", 1, f'the nav lists "{target}", which is no page of the site')
        for _, target in nav_pages(nav)
        if "://" not in target and target not in pages
    ]


# The cache of article conversions.


def _code_fingerprint() -> str:
    """A hash of the code an article's conversion runs: the dialect, the simulator and
    the parsers' versions; a change to any of them converts every article again."""
    digest = hashlib.sha256()
    for package in ("helpcenter", "simulator"):
        root = Path(__import__(package).__file__).resolve().parent
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    digest.update(f"markdown-it-py {markdown_it.__version__}, PyYAML {yaml.__version__}".encode())
    return digest.hexdigest()


class ArticleCache:
    """Converted articles by the hash of their source; in memory, and in ``folder``
    (one JSON file per conversion) when given."""

    _memory: dict[str, Article] = {}
    """Shared by every cache of the process: ``mkdocs serve`` rebuilds in one process."""
    _fingerprint: str | None = None

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    @classmethod
    def fingerprint(cls) -> str:
        if cls._fingerprint is None:
            cls._fingerprint = _code_fingerprint()
        return cls._fingerprint

    def key(self, source: Source) -> str:
        digest = hashlib.sha256(self.fingerprint().encode())
        digest.update(source.path.encode() + b"\0" + source.data)
        return digest.hexdigest()

    def article(self, source: Source) -> Article:
        key = self.key(source)
        found = self._memory.get(key) or self._read(key)
        if found is not None:
            self.hits += 1
            self._memory[key] = found
            return found
        self.misses += 1
        article = _convert(source)
        self._memory[key] = article
        self._write(key, article)
        return article

    def _file(self, key: str) -> Path | None:
        return self.folder / f"{key}.json" if self.folder is not None else None

    def _read(self, key: str) -> Article | None:
        file = self._file(key)
        if file is None or not file.is_file():
            return None
        try:
            return article_from_json(json.loads(file.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a damaged entry is converted again

    def _write(self, key: str, article: Article) -> None:
        file = self._file(key)
        if file is None:
            return
        file.parent.mkdir(parents=True, exist_ok=True)
        partial = file.with_suffix(".partial")
        partial.write_text(json.dumps(article_to_json(article)), encoding="utf-8")
        partial.replace(file)


def unreadable(source: Source, problem: Problem) -> Article:
    """An article that could not be read: no page, only its problem."""
    return Article(
        path=source.path, id=None, title_html="", title_text="", themes=(), popular=False, edition=Edition.ALL,
        related=(), html="", headings=(), links=(), images=(), problems=(problem,),
    )


def _convert(source: Source) -> Article:
    if len(source.data) > MAX_ARTICLE_BYTES:
        return unreadable(source, Problem(
            source.path, 1, f"the article is {len(source.data):,} bytes; an article may be at most {MAX_ARTICLE_BYTES:,}",
        ))
    text, problem = decode(source)
    if text is None:
        return unreadable(source, problem)  # type: ignore[arg-type]
    long_line = next((n for n, line in enumerate(text.split("\n"), 1) if len(line) > MAX_LINE_CHARS), None)
    if long_line is not None:
        length = len(text.split("\n")[long_line - 1])
        return unreadable(source, Problem(
            source.path, long_line, f"the line is {length:,} characters long; a line may be at most {MAX_LINE_CHARS:,}",
        ))
    simulators = PageSimulators(source.path)
    article = convert(text, source.path, blocks={"simulator": article_block(simulators)})
    if not simulators.problems:
        return article
    problems = sorted((*article.problems, *simulators.problems), key=lambda p: p.line)
    return Article(**{**_fields(article), "problems": tuple(problems)})


def _fields(article: Article) -> dict[str, Any]:
    return {name: getattr(article, name) for name in Article.__dataclass_fields__}


def article_to_json(article: Article) -> dict[str, Any]:
    data = asdict(article)
    data["edition"] = article.edition.value
    data["problems"] = [{**asdict(p), "severity": p.severity.value} for p in article.problems]
    data["key_lines"] = dict(article.key_lines)
    return data


def article_from_json(data: dict[str, Any]) -> Article:
    return Article(
        **{
            **data,
            "themes": tuple(data["themes"]),
            "related": tuple(data["related"]),
            "anchors": tuple(data["anchors"]),
            "edition": Edition(data["edition"]),
            "headings": tuple(Heading(**h) for h in data["headings"]),
            "links": tuple(Reference(**r) for r in data["links"]),
            "images": tuple(Reference(**r) for r in data["images"]),
            "problems": tuple(Problem(**{**p, "severity": Severity(p["severity"])}) for p in data["problems"]),
        }
    )


# Writing the tree.


class OutsideSiteError(RuntimeError):
    """A path that would land outside the folder being written: never written."""


def inside(root: Path, relative: str) -> Path:
    """``root / relative``, refused (:class:`OutsideSiteError`) unless it stays under
    ``root``: no absolute path, no ``..``, no link out."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or "\\" in relative:
        raise OutsideSiteError(f"{relative!r} is not a path inside {root}")
    target = (root / pure).resolve()
    if not target.is_relative_to(root.resolve()):
        raise OutsideSiteError(f"{relative!r} leads outside {root}")
    return target


def write_tree(tree: Tree, out_dir: Path) -> int:
    """Lay the tree into ``out_dir``: changed files rewritten, stale ones removed (so a
    watcher sees only real changes); returns how many files were written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted: dict[Path, bytes] = {}
    for uri, text in tree.pages.items():
        wanted[inside(out_dir, uri)] = text.encode("utf-8")
    for uri, data in tree.files.items():
        wanted[inside(out_dir, uri)] = data
    written = 0
    for path, data in wanted.items():
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += 1
    for path in sorted(out_dir.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written
