"""The guides for support staff and authors say what the code does.

Every ``console`` example is run and its output compared, every JSON scenario is read
by the schema and by the simulator, the rulebook covers every rule and message of the
engine and links to sections that exist, and the figures quoted match the code. The
guides live in ``docs/guides/``; the format reference is ``docs/scenario-format.md``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from helpcenter.containers import CONTAINERS
from helpcenter.convert import BlockSource, convert
from helpcenter.model import Article, Severity
from helpcenter.site import check_site
from helpcenter.themes import THEMES
from simulator.engine import messages
from simulator.model import ARTICLE, RULE_SECTIONS, Rule
from simulator.rulebook import (
    RulebookError,
    _entry,
    _Witness,
    rulebook,
    section_titles,
    to_markdown,
)
from simulator.scenarios import (
    MAX_LINK_LENGTH,
    MAX_PAYLOAD_BYTES,
    PRESET_IDS,
    LinkError,
    decode_link,
    encode_link,
    preset,
    scenario_from_dict,
)
from simulator.widget import Pane
from simulator.widget.block import OPTIONS, origin_from_block

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GUIDES = sorted((DOCS / "guides").glob("*.md"))
PAGES = [*GUIDES, DOCS / "scenario-format.md"]
SCHEMA = json.loads((ROOT / "simulator" / "schema" / "scenario.schema.json").read_text("utf-8"))
REFERENCE = Path("/work/shared/reference/akeneo-apps-and-permissions.md")


def _text(name: str) -> str:
    return (DOCS / "guides" / name).read_text("utf-8")


# Reading the pages' examples ------------------------------------------------------


@dataclass(frozen=True)
class Fence:
    """A fenced block of a page: its language, text, first line, and the HTML comment
    on the line just before it (``<!-- file: x.json -->`` names a file to save)."""

    language: str
    text: str
    line: int
    note: str


_FENCE = re.compile(r"^```(?P<language>[\w-]*)[^\n]*\n(?P<text>.*?)^```[ \t]*$", re.M | re.S)
_NOTE = re.compile(r"<!--\s*(?P<note>.*?)\s*-->[ \t]*\n$")


def fences(page: str) -> Iterator[Fence]:
    for match in _FENCE.finditer(page):
        before = page[: match.start()]
        note = _NOTE.search(before[-200:])
        yield Fence(match["language"], match["text"], before.count("\n") + 1, note["note"] if note else "")


def files_of(page: str) -> dict[str, str]:
    """The files a page tells the reader to save, by name."""
    found = {}
    for fence in fences(page):
        if fence.note.startswith("file:"):
            found[fence.note.removeprefix("file:").strip()] = fence.text
    return found


def transcript(fence: Fence) -> list[tuple[str, str]]:
    """A console block as (command, expected output) pairs."""
    steps: list[tuple[str, list[str]]] = []
    for line in fence.text.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            assert steps, f"line {fence.line}: a console block starts with a $ command"
            steps[-1][1].append(line)
    return [(command, "\n".join(output)) for command, output in steps]


CONSOLE_PAGES = [
    pytest.param(page, id=page.name)
    for page in GUIDES
    if any(fence.language == "console" for fence in fences(page.read_text("utf-8")))
]
JSON_BLOCKS = [
    pytest.param(fence, id=f"{page.name}:{fence.line}")
    for page in PAGES
    for fence in fences(page.read_text("utf-8"))
    if fence.language == "json"
]


def _run(command: str, cwd: Path, last_status: int) -> subprocess.CompletedProcess[str]:
    """One shell command as a reader runs it: ``python`` is this environment's, and
    ``$?`` is the status of the previous command of the block."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        ["bash", "-c", f"(exit {last_status}); {command}"], cwd=cwd, env=env,
        capture_output=True, text=True, timeout=120,
    )


def _normalised(output: str) -> str:
    return "\n".join(line.rstrip() for line in output.strip("\n").splitlines())


# The command-line examples ------------------------------------------------------


def test_the_guides_have_command_line_examples() -> None:
    blocks = [f for page in GUIDES for f in fences(page.read_text("utf-8")) if f.language == "console"]
    assert len(CONSOLE_PAGES) >= 2 and len(blocks) >= 8


@pytest.mark.parametrize("page", CONSOLE_PAGES)
def test_every_command_line_example_prints_what_the_guide_shows(page: Path, tmp_path: Path) -> None:
    """The page's console blocks run in order in one folder, holding the files the page
    tells the reader to save (a block may read what an earlier one wrote)."""
    text = page.read_text("utf-8")
    for name, content in files_of(text).items():
        (tmp_path / name).write_text(content, "utf-8")
    status, differences = 0, []
    for fence in (f for f in fences(text) if f.language == "console"):
        for command, expected in transcript(fence):
            result = _run(command, tmp_path, status)
            status = result.returncode
            shown = _normalised(result.stdout + result.stderr)
            if shown != _normalised(expected):
                differences.append(f"{page.name}:{fence.line}: $ {command}\n--- the guide shows\n{expected}\n--- it prints\n{shown}")
    assert differences == [], "\n\n".join(differences)


def test_the_exit_codes_shown_are_the_documented_ones() -> None:
    text = _text("scenario-files-and-the-command-line.md")
    table = re.findall(r"^\| (\d) \| (.+?) \|$", text, re.M)
    assert [code for code, _ in table] == ["0", "1", "2", "3"]
    assert "$ echo $?\n1\n" in text and "$ echo $?\n2\n" in text
    from simulator import cli

    assert (cli.EXIT_OK, cli.EXIT_MISMATCH, cli.EXIT_BAD_INPUT, cli.EXIT_INTERNAL_ERROR) == (0, 1, 2, 3)


def test_the_ci_snippet_passes_on_holding_scenarios_and_fails_on_a_mismatch(tmp_path: Path) -> None:
    text = _text("scenario-files-and-the-command-line.md")
    (snippet,) = [f.text for f in fences(text) if f.note == "ci"]
    files = files_of(text)
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "cap-ticket.scenario.json").write_text(files["cap-ticket.scenario.json"], "utf-8")

    holding = _run(snippet, tmp_path, 0)
    (tmp_path / "scenarios" / "braided-hat.scenario.json").write_text(files["braided-hat.scenario.json"], "utf-8")
    failing = _run(snippet, tmp_path, 0)

    assert (holding.returncode, holding.stdout) == (
        0, "== scenarios/cap-ticket.scenario.json\nAll 5 expectations hold.\n"
    )
    assert failing.returncode == 1
    assert "MISMATCH requests[0]: GET /api/rest/v1/products/braided_hat" in failing.stdout


# The scenario examples ------------------------------------------------------------


def test_the_pages_have_scenario_examples() -> None:
    assert len(JSON_BLOCKS) >= 3


@pytest.mark.parametrize("fence", JSON_BLOCKS)
def test_every_json_example_is_a_valid_scenario(fence: Fence) -> None:
    data = json.loads(fence.text)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert scenario_from_dict(data).edition.value in ("CE", "GE", "EE")


# The rulebook ------------------------------------------------------------------


def _article() -> Article:
    source = (DOCS / ARTICLE).read_text("utf-8")
    return convert(source, ARTICLE, blocks={"simulator": lambda block: ""})


def test_the_rulebook_shows_every_rule_of_the_engine() -> None:
    assert {entry.rule for entry in rulebook()} == set(Rule)


def _messages_the_engine_answers() -> set[str]:
    """Every name of ``simulator.engine.messages`` that the engine's modules use."""
    names: set[str] = set()
    for module in (ROOT / "simulator").rglob("*.py"):
        if module.name not in ("messages.py", "rulebook.py"):
            names |= set(re.findall(r"\bmessages\.([A-Za-z_]+)", module.read_text("utf-8")))
    return names


def test_the_rulebook_shows_every_message_the_engine_answers() -> None:
    entries = rulebook()
    names = _messages_the_engine_answers()
    shown = {entry.message for entry in entries}

    assert names - {"SCOPE_MESSAGES"} <= {entry.message_name for entry in entries}
    assert set(messages.SCOPE_MESSAGES.values()) <= shown


# What each message reads like in the rulebook: the PIM's words, on the witness's data.
MESSAGES = {
    "no_route": 'No route found for "POST /api/rest/v1/products/hat/proposal"',
    "not_found": 'Product "braided_hat" does not exist or you do not have permission to access it.',
    "filter_category": 'Category "print" does not exist.',
    "hidden_association": "You cannot associate a product on which you have not a view permission.",
    "unknown_parent": 'Property "parent" expects a valid parent code. The parent product model does not exist, "tshirt_red" given. Check the expected format on the API documentation.',
    "view_only": 'Product "hat" cannot be updated. You only have a view right on this product.',
    "fields_need_own": 'You cannot update the following fields "enabled". You should at least own this product to do it.',
    "keep_owned": "You should at least keep your product in one category on which you have an own permission.",
    "delete_needs_own": "You can delete a product only if it is classified in at least one category on which you have an own permission.",
    "proposal_by_owner": 'You have ownership on the product "hat", you cannot send a draft for approval.',
    "draft_by_owner": 'You have ownership on the product "hat", you cannot create or retrieve a draft from this product.',
    "proposal_by_viewer": 'You only have view permission on the product "hat", you cannot send a draft for approval.',
    "draft_by_viewer": 'You only have view permission on the product "hat", you cannot create or retrieve a draft from this product.',
    "NO_DRAFT_TO_SUBMIT": "You should create a draft before submitting it for approval.",
    "DRAFT_ALREADY_SUBMITTED": "You already submit your draft for approval.",
    "no_draft": 'There is no draft created for the product "hat".',
    "unknown_category": 'Property "categories" expects a valid category code. The category does not exist, "print_flyers" given. Check the expected format on the API documentation.',
    "hidden_locale": 'Attribute "name" expects an existing and activated locale, "de_DE" given. Check the expected format on the API documentation.',
    "filter_locales": 'Locale "de_DE" does not exist or is not activated.',
    "view_only_locale": 'You only have a view permission on the locale "fr_FR".',
    "unknown_attribute": "The price attribute does not exist in your PIM. Check the expected format on the API documentation.",
    "filter_attributes": 'Attribute "erp_code" does not exist.',
    "view_only_attribute_group": 'Attribute "name" belongs to the attribute group "marketing" on which you only have view permission.',
    "VALIDATION_FAILED": "Validation failed.",
    "already_exists": "Validation failed.",
    "key_mismatch": 'The identifier "cap" provided in the request body must match the identifier "straw_boater" provided in the url.',
    "unknown_property": 'Property "colour" does not exist. Check the expected format on the API documentation.',
    "boolean_expected_factory": 'Property "enabled" expects a boolean as data, "string" given. Check the expected format on the API documentation.',
    "unknown_association": 'Property "associations" expects a valid product identifier. The product does not exist, "straw_boater" given.',
    "locale_expected": 'Attribute "name" expects a locale, none given.',
    "localizable_not_scopable": "The name attribute does not require a value per channel (nothing was detected) but requires a value per locale (nothing was detected). Check the expected format on the API documentation.",
    "locale_unexpected": 'Attribute "price" does not expect a locale, "en_US" given.',
    "neither_localizable_nor_scopable": "The price attribute requires neither a channel (nothing was detected) nor a locale (en_US was detected). Check the expected format on the API documentation.",
    "price_format_wrong": 'The data format sent for the "price" attribute is wrong. Please, fill in one value per amount field. Check the expected format on the API documentation.',
    "scope_expected": 'Attribute "seo_title" expects a scope, none given.',
    "structure_forbidden": "Access forbidden. You are not allowed to list attributes.",
    "NO_WEB_API_ACCESS": "You are not allowed to access the web API.",
    "too_many_resources": "Too many resources to process, 100 is the maximum allowed.",
    "SEARCH_NOT_JSON": "Search query parameter should be valid JSON.",
    "filter_structure": 'Structure of filter "enabled" should respect this structure: {"enabled":[{"operator": "my_operator", "value": "my_value"}]}',
    "filter_operator": 'Filter on property "enabled" is not supported or does not support operator "CONTAINS"',
    "TOO_MANY_ITEMS": "You cannot request more than 100 items.",
    "bad_number": '"0" is not a valid page number.',
}


@pytest.mark.parametrize(("name", "message"), MESSAGES.items(), ids=list(MESSAGES))
def test_each_message_of_the_rulebook_is_the_pims_wording(name: str, message: str) -> None:
    first = next(entry for entry in rulebook() if entry.message_name == name)
    assert first.message == message


def test_the_rulebook_shows_the_validation_error_behind_validation_failed() -> None:
    details = {entry.message_name: entry.detail for entry in rulebook() if entry.detail}
    assert details["VALIDATION_FAILED"] == "This value should not be blank."
    assert details["already_exists"] == "The hat identifier is already used for another product."
    assert details["invalid_currency"] == "Please specify a valid currency for the price attribute, the JPY code was sent."
    assert details["unknown_option"] == "The green value is not in the color attribute option list."
    assert details["INVALID_JSON"] == "line 1: 400 Invalid json message received"


@pytest.mark.parametrize(
    ("rule", "status", "effect", "layer"),
    [
        (Rule.SCOPE, 403, "refused", "scope"),
        (Rule.NO_SCOPE, 403, "refused", "scope"),
        (Rule.EDITION, 204, "applied", "edition"),
        (Rule.PRODUCT_VISIBLE, 404, "invisible", "category"),
        (Rule.PRODUCT_EDITABLE, 403, "refused", "category"),
        (Rule.PRODUCT_OWNED, 403, "refused", "category"),
        (Rule.CATEGORY_ASSIGNABLE, 422, "refused", "category"),
        (Rule.LOCALE_VISIBLE, 200, "applied", "locale"),
        (Rule.LOCALE_EDITABLE, 403, "refused", "locale"),
        (Rule.ATTRIBUTE_GROUP_VISIBLE, 200, "applied", "attribute group"),
        (Rule.ATTRIBUTE_GROUP_EDITABLE, 403, "refused", "attribute group"),
        (Rule.REQUEST, 404, "invisible", "request"),
    ],
)
def test_the_first_row_of_each_rule_shows_its_answer_and_layer(rule: Rule, status: int, effect: str, layer: str) -> None:
    first = next(entry for entry in rulebook() if entry.rule is rule)
    assert (first.status, first.effect.value, first.layer.value) == (status, effect, layer)


def test_an_edit_without_own_becomes_a_draft_and_a_creation_does_not() -> None:
    """Reference §4 and §5: only updates become drafts."""
    answers = {entry.checked: (entry.status, entry.effect.value) for entry in rulebook()}
    assert answers["With Edit but not Own, a change of values becomes a draft; the product is unchanged."] == (204, "draft")
    assert answers[
        "A creation is applied directly, whatever the level on its categories: only updates become drafts."
    ] == (201, "applied")


def test_every_anchor_of_the_rules_is_a_heading_of_the_article() -> None:
    anchors = {heading.anchor for heading in _article().headings}
    assert {section.anchor for section in RULE_SECTIONS.values()} <= anchors
    assert {entry.anchor for entry in rulebook()} <= anchors


def test_every_source_is_cited_by_the_reference_or_the_guide() -> None:
    """A row's source is one the simulator's reference cites (on machines that have it)
    or one the guide lists with what it decides: no source is made up."""
    cited = _text("how-the-simulator-decides.md")
    if REFERENCE.is_file():
        cited += REFERENCE.read_text("utf-8")
    for entry in rulebook():
        for source in entry.sources:
            if source.name:
                assert source.name in cited, source


def test_a_witness_the_engine_does_not_agree_with_fails_loudly() -> None:
    wrong = _Witness(
        Rule.LOCALE_EDITABLE, "Changing a value in a locale needs Edit on it.", "an App reads Hat", "",
        (), ({"method": "GET", "path": "/api/rest/v1/products/braided_hat"},),
    )
    with pytest.raises(RulebookError, match=r"rulebook entry 7 \(LOCALE_EDITABLE: an App reads Hat\): the engine answered 200 applied without applying the rule"):
        _entry(7, wrong)


def test_a_rule_renders_as_one_table_row_linked_to_its_section() -> None:
    entry = next(entry for entry in rulebook() if entry.message_name == "view_only_locale")
    table = to_markdown([entry], "../articles/a.md", {"example-2": "Locales › Example"})

    assert table.splitlines() == [
        "### Locale",
        "",
        "| Rule, and an example | Answer | Article section and PIM source |",
        "|---|---|---|",
        "| Changing a value in a locale needs Edit on it.<br>"
        "*The translation App, with View on fr_FR, changes Hat's French name:* `PATCH products/hat` "
        '| **403** refused<br>“You only have a view permission on the locale "fr\\_FR".” '
        "| [Locales › Example](../articles/a.md#example-2)<br>"
        "`EntityWithGrantedValuesPropertySetter` (pim-community-dev)<br>"
        "`tests/back/Pim/Permission/EndToEnd/API/Product/` (EE end-to-end tests) |",
    ]


def test_a_message_is_shown_as_it_is_not_read_as_markdown() -> None:
    entry = next(entry for entry in rulebook() if entry.message_name == "filter_structure")
    row = to_markdown([entry], "a.md", {}).splitlines()[-1]
    assert '“Structure of filter "enabled" should respect this structure: \\{"enabled":\\[\\{"operator": "my\\_operator"' in row


def test_the_tables_hold_every_entry_once_under_its_layer() -> None:
    entries = rulebook()
    lines = to_markdown(entries, "a.md", {}).splitlines()
    headings = [line for line in lines if line.startswith("### ")]
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| Rule, and an example")]

    assert headings == ["### Scope", "### Edition", "### Category", "### Locale", "### Attribute group", "### The request itself"]
    assert len(rows) == len(entries)


@pytest.mark.parametrize(
    ("headings", "titles"),
    [
        ([(1, "Intro", "intro")], {"intro": "Intro"}),
        (
            [(3, "Locales", "locales"), (4, "Example", "example"), (3, "Groups", "groups"), (4, "Example", "example-2")],
            {"locales": "Locales", "example": "Locales › Example", "groups": "Groups", "example-2": "Groups › Example"},
        ),
        ([(2, "Example", "example"), (2, "Example", "example-2")], {"example": "Example", "example-2": "Example"}),
    ],
)
def test_a_repeated_heading_is_named_with_its_parent(
    headings: list[tuple[int, str, str]], titles: dict[str, str]
) -> None:
    assert section_titles(headings) == titles


# "Share a scenario" ------------------------------------------------------------------


def test_the_link_limits_quoted_are_the_codecs() -> None:
    text = _text("share-a-scenario.md")
    assert (MAX_LINK_LENGTH, MAX_PAYLOAD_BYTES) == (1_000_000, 2_000_000)
    assert "links of up to\n  1,000,000 characters" in text
    assert "2,000,000 bytes once unpacked" in text


def test_the_too_long_message_quoted_is_the_codecs() -> None:
    with pytest.raises(LinkError) as error:
        decode_link("s1." + "A" * MAX_LINK_LENGTH)
    assert f'"{error.value}"' in _text("share-a-scenario.md").replace("\n  ", " ")


def test_the_cut_short_message_quoted_is_the_codecs() -> None:
    link = encode_link(preset("translation-app"))
    with pytest.raises(LinkError) as error:
        decode_link(link[:-8])
    assert f'"{error.value}"' in _text("share-a-scenario.md").replace("\n", " ")


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_a_link_made_from_an_example_stays_under_2000_characters(preset_id: str) -> None:
    assert "well under 2,000 characters" in _text("share-a-scenario.md")
    assert len(encode_link(preset(preset_id))) < 2000


def test_the_link_shown_opens_the_example_it_names() -> None:
    (url,) = [f.text.strip() for f in fences(_text("share-a-scenario.md")) if f.language == "text"]
    assert url.startswith("https://help.example.com/simulator.html#simulator-erp-owns-master:s1.")
    assert "the ERP App owning the Master catalog" in _text("share-a-scenario.md")
    assert decode_link(url.rpartition(":")[2]) == preset("erp-owns-master")


# "Write an article" ---------------------------------------------------------------


def test_every_theme_is_listed() -> None:
    text = _text("write-an-article.md")
    assert [theme for theme in THEMES if f"`{theme}`" not in text] == []


def test_every_container_type_is_listed() -> None:
    rows = set(re.findall(r"^\| `([\w-]+)` \|", _text("write-an-article.md"), re.M))
    assert {*CONTAINERS, "simulator"} <= rows


def test_every_simulator_option_is_listed() -> None:
    text = _text("write-an-article.md")
    options = text.split("| option | values | default |", 1)[1].split("\n\n", 1)[0]
    assert sorted(re.findall(r"^\| `(\w+)` \|", options, re.M)) == sorted(OPTIONS)


def test_every_example_is_listed_with_its_title() -> None:
    text = _text("write-an-article.md")
    for preset_id in PRESET_IDS:
        assert f"| `{preset_id}` | {preset(preset_id).title} |" in text


def test_the_simulator_example_is_a_valid_block() -> None:
    text = _text("write-an-article.md")
    block = re.search(r"^    ::: simulator (?P<info>.*)\n(?P<body>(?:    (?!:::).*\n)*)    :::$", text, re.M)
    assert block is not None
    body = "\n".join(line[4:] for line in block["body"].splitlines())
    origin = origin_from_block(block["info"], body)
    assert (origin.preset, origin.step, origin.product) == ("hat-and-braided-hat", "done", "hat")
    assert origin.view == (Pane.GRID, Pane.VALUES)


@pytest.mark.parametrize(
    ("headings", "anchor"),
    [
        (["A & B"], "a-b"),
        (["Café ~ tilde — dash"], "café-~-tilde-dash"),
        (["Party :tada: time :)"], "party-time"),
        (["Which level should you give to your App?"] * 3, "which-level-should-you-give-to-your-app-3"),
    ],
)
def test_the_anchor_examples_are_the_dialects(headings: list[str], anchor: str) -> None:
    source = "---\nid: a\ntitle: A\n---\n\n" + "\n\n".join(f"## {heading}" for heading in headings) + "\n"
    assert convert(source).headings[-1].anchor == anchor
    assert f"| `{anchor}` |" in _text("write-an-article.md")


def _simulator_block(block: BlockSource) -> str:
    origin_from_block(block.info, block.body)
    return ""


TARGET = "---\nid: how-to-connect-my-pim-with-apps\ntitle: Target\n---\n\n# Target\n"
TARGET_PATH = "docs/articles/how-to-connect-my-pim-with-apps.md"
PAGE_PATH = "docs/articles/a.md"
CHECKS = [
    # (an article, what "Write an article" says the build reports, "…" standing for the rest)
    ("---\ntitle: T\n---\n\nText.\n", '"id" is missing', Severity.ERROR),
    ("---\nid: a\ntitle: [oops\n---\n\nText.\n", "front matter is not valid YAML: …", Severity.ERROR),
    ("---\nid: how-to-connect-my-pim-with-apps\ntitle: T\n---\n\nText.\n",
     f'id "how-to-connect-my-pim-with-apps" is already used by {TARGET_PATH}', Severity.ERROR),
    ("---\nid: a\ntitle: T\nthemes: conectivity\n---\n\nText.\n", 'unknown theme "conectivity"', Severity.ERROR),
    ("---\nid: a\ntitle: T\n---\n\n::: note\nA.\n:::\n", 'unknown container type "note"', Severity.ERROR),
    ("---\nid: a\ntitle: T\n---\n\n::: info\nA.\n", 'container "info" opened here is never closed', Severity.ERROR),
    ("---\nid: a\ntitle: T\n---\n\n::: panel-link Read more\n:::\n",
     'panel-link needs "Text [Link title](url)", not "Read more"', Severity.ERROR),
    ("---\nid: a\ntitle: T\n---\n\n![Old](../img/old-screenshot.png)\n",
     'image "old-screenshot.png" is not in the img folder', Severity.ERROR),
    ("---\nid: a\ntitle: T\n---\n\n[Apps](manage-apps.html)\n",
     'link to article "manage-apps", which does not exist', Severity.ERROR),
    ("---\nid: a\ntitle: T\n---\n\n[It](how-to-connect-my-pim-with-apps.html#permissions)\n",
     'no heading "#permissions" in article "how-to-connect-my-pim-with-apps"', Severity.ERROR),
    ("---\nid: a\ntitle: T\n---\n\n::: simulator erp\n:::\n",
     'simulator block: unknown simulator preset "erp"; presets: erp-owns-master, …', Severity.ERROR),
    ("---\nid: a\ntitle: T\n---\n\n::: simulator erp-owns-master lang=fr\n:::\n",
     'simulator block: unknown simulator option "lang"; options: edition, step, show, product, manage_apps, tools, view', Severity.ERROR),
    ("---\nid: a\ntitle: T\n---\n\n::: simulator erp-owns-master view=cards\n:::\n",
     'simulator block: simulator option view="cards": "cards" is not a part of the simulator; parts: wizard, summary,'
     ' requests, grid, values (comma-separated), or all', Severity.ERROR),
    ("---\nid: a\ntitle: T\n---\n\nText.\n\n:::\n", '":::" closes no container; it was dropped', Severity.WARNING),
    ("---\nid: a\ntitle: T\nrelated: connection-dashbord\n---\n\nText.\n",
     'related article "connection-dashbord" is neither in this site nor listed under extra.public_help_center'
     " in mkdocs.yml", Severity.ERROR),
    ("---\nid: a\ntitle: T\nge: true\n---\n\nText.\n", '"ge" has no effect without "ee"', Severity.WARNING),
]


@pytest.mark.parametrize(("source", "shown", "severity"), CHECKS, ids=[shown for _, shown, _ in CHECKS])
def test_each_check_listed_is_what_the_build_says(source: str, shown: str, severity: Severity) -> None:
    blocks = {"simulator": _simulator_block}
    articles = [convert(TARGET, TARGET_PATH, blocks), convert(source, PAGE_PATH, blocks)]
    problems = [*articles[1].problems, *check_site(articles, images=set())]
    pattern = re.compile(".*".join(re.escape(part) for part in shown.split("…")))
    said = [(problem.message, problem.severity) for problem in problems if problem.path == PAGE_PATH]

    assert [severity for message, severity in said if pattern.fullmatch(message)] == [severity], said
    assert f"| `{shown}` |" in _text("write-an-article.md")


# The built pages -------------------------------------------------------------------


GUIDE_PAGES = ["share-a-scenario", "scenario-files-and-the-command-line", "how-the-simulator-decides", "write-an-article"]


@pytest.mark.parametrize("name", GUIDE_PAGES)
def test_each_guide_is_built(site_dir: Path, name: str) -> None:
    page = (site_dir / "guides" / f"{name}.html").read_text("utf-8")
    assert "<!-- rulebook -->" not in page
    assert "data-simulator" not in page  # an example of the syntax is not a widget


def test_the_built_rulebook_has_a_row_per_rule_linking_to_the_article(site_dir: Path) -> None:
    page = (site_dir / "guides" / "how-the-simulator-decides.html").read_text("utf-8")
    rows = re.findall(r"<tr>\s*<td>", page)
    links = set(re.findall(r'href="\.\./articles/how-to-connect-my-pim-with-apps\.html#([^"]+)"', page))
    article = (site_dir / "articles" / "how-to-connect-my-pim-with-apps.html").read_text("utf-8")

    assert len(rows) == len(rulebook())
    assert links == {entry.anchor for entry in rulebook()}
    assert [anchor for anchor in links if f'id="{anchor}"' not in article] == []


def test_the_links_between_guides_lead_to_built_pages(site_dir: Path) -> None:
    for name in GUIDE_PAGES:
        page = (site_dir / "guides" / f"{name}.html").read_text("utf-8")
        content = page.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
        for target in re.findall(r'href="([^"#:]+\.html)[^"]*"', content):
            assert (site_dir / "guides" / target).resolve().is_file(), f"{name}: {target}"
