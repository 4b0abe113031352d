"""Hostile input to the readers: each fault of issue 14 gets its named message, in
bounded time and with a message of bounded length, and hypothesis throws deep, long,
wide, odd-unicode and duplicated-key documents at every reader, which may answer or
refuse by name, never otherwise (within a per-example deadline and bounded memory).

The readers: scenario files (``scenario_from_json``), catalog files
(``load_catalog``), links (``decode_link``), widget states (``state_from_json``) and
the page's door (``simulator.web.handle``).
"""

from __future__ import annotations

import base64
import copy
import io
import json
import re
import time
import tracemalloc
import zlib
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import cli
from simulator.formats import FormatError, catalog_from_dict, load_catalog
from simulator.scenarios import (
    LinkError, ScenarioError, decode_link, encode_link, evaluate, preset, scenario_from_dict, scenario_from_json,
)
from simulator.web import handle
from simulator.widget import WidgetStateError, initial_state, state_from_json, state_to_json
from simulator.widget import Origin

ROOT = Path(__file__).resolve().parent.parent
ARTICLE: dict[str, Any] = json.loads((ROOT / "simulator" / "data" / "article.json").read_text("utf-8"))
BASE: dict[str, Any] = {
    "version": 1, "catalog": "article", "edition": "EE", "app": "erp_connector",
    "permissions": {"categories": {"own": ["master"]}},
}
HAT = "/api/rest/v1/products/hat"


def pack(text: str) -> str:
    return "s1." + base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8", "surrogatepass"))).rstrip(b"=").decode()


def refused(read: Callable[[], object], kind: type[Exception] = FormatError) -> str:
    """The message of the named error ``read`` raises, within a second."""
    started = time.process_time()
    with pytest.raises(kind) as raised:
        read()
    assert time.process_time() - started < 1.0
    return str(raised.value)


def nested(depth: int, inner: dict[str, Any] | None = None) -> dict[str, Any]:
    made: dict[str, Any] = inner or {}
    for _ in range(depth):
        made = {"x": made}
    return made


# The faults of issue 14, each now a named refusal.


def test_a_request_body_nested_500_levels_is_refused_by_path() -> None:
    body = nested(500)
    message = refused(lambda: scenario_from_dict({**BASE, "requests": [{"method": "PATCH", "path": HAT, "body": body}]}))
    assert message.startswith("requests[0].body.x.x.") and message.endswith(": nested more than 64 levels deep")
    assert len(message) < 250


@pytest.mark.parametrize("path", ["/api/rest/v1/products", "/api/rest/v1/product-models", "/api/rest/v1/categories"])
def test_a_search_nested_5000_levels_is_answered_as_any_search_that_is_not_json(path: str) -> None:
    def answer(search: str) -> tuple[int, str]:
        scenario = scenario_from_dict({**BASE, "requests": [{"method": "GET", "path": path, "query": {"search": search}}]})
        found = evaluate(scenario).results[0].answer
        assert found is not None
        return found.status, found.message

    assert answer("[" * 5_000 + "]" * 5_000) == answer("not json")
    assert "valid JSON" in answer("not json")[1]


def test_a_search_with_a_5000_digit_number_is_read_as_php_reads_it() -> None:
    """PHP's json_decode reads an integer beyond 64 bits as a float: answered as one."""
    def answer(number: str) -> tuple[int, str]:
        search = '{"enabled":[{"operator":"=","value":' + number + "}]}"
        scenario = scenario_from_dict({**BASE, "requests": [
            {"method": "GET", "path": "/api/rest/v1/products", "query": {"search": search}}]})
        found = evaluate(scenario).results[0].answer
        assert found is not None
        return found.status, found.message

    assert answer("9" * 5_000) == answer("1.5")


def test_a_product_model_chain_500_deep_is_answered() -> None:
    catalog = copy.deepcopy(ARTICLE)
    catalog["product_models"] += [{"code": "m0", "categories": ["master"]}] + [
        {"code": f"m{i}", "parent": f"m{i - 1}"} for i in range(1, 500)
    ]
    catalog["products"].append({"identifier": "deep", "parent": "m499"})
    scenario = scenario_from_dict({**BASE, "catalog": catalog, "requests": [
        {"method": "GET", "path": "/api/rest/v1/products/deep"},
        {"method": "GET", "path": "/api/rest/v1/products",
         "query": {"search": '{"categories":[{"operator":"IN CHILDREN","value":["master"]}]}'}},
    ]})
    first, listed = evaluate(scenario).results
    assert first.answer is not None and first.answer.status == 200
    assert listed.answer is not None and listed.answer.status == 200


def test_a_5000_digit_integer_is_refused_by_name() -> None:
    text = json.dumps({**BASE, "requests": [{"method": "GET", "path": HAT, "expect": {"status": 0}}]})
    message = refused(lambda: scenario_from_json(text.replace('"status": 0', '"status": ' + "9" * 5_000)))
    assert message == "requests[0].expect.status: a number of 5,000 digits: at most 20 are read"


def test_a_text_beyond_the_limit_is_refused_by_name_and_a_long_bulk_line_is_answered() -> None:
    text = json.dumps({**BASE, "title": "x" * 2_000_001})
    assert refused(lambda: scenario_from_json(text)) == "title: a text of 2,000,001 characters: at most 2,000,000 are read"
    line = scenario_from_dict({**BASE, "requests": [{"method": "PATCH", "path": "/api/rest/v1/products", "body": ["x" * 1_000_001]}]})
    answer = evaluate(line).results[0].answer
    assert answer is not None  # the PIM's own answer to the line, not the reader's refusal
    assert answer.response == [{"line": 1, "status_code": 413, "message": "Line is too long."}]


def test_a_lone_surrogate_in_a_title_is_refused_before_a_link_or_an_answer_is_made() -> None:
    text = json.dumps({**BASE, "title": "Hat \ud800"})
    assert refused(lambda: scenario_from_json(text)) == "title: holds a lone surrogate U+D800 at character 5: not text"
    assert refused(lambda: decode_link(pack(text)), LinkError) == (
        "the link's data is not a scenario: title: holds a lone surrogate U+D800 at character 5: not text"
    )


def test_a_product_identifier_with_a_slash_is_refused_with_the_pims_rule() -> None:
    catalog = copy.deepcopy(ARTICLE)
    catalog["products"][0]["identifier"] = "a/b"
    message = refused(lambda: catalog_from_dict(catalog))
    assert message.startswith('products[0].identifier: "a/b" is not a product identifier')
    assert "This field should not contain any comma or semicolon or leading/trailing space" in message


@pytest.mark.parametrize("identifier", ["a,b", "a;b", " hat", "hat "])
def test_the_pims_identifier_rule_holds_in_the_catalog(identifier: str) -> None:
    catalog = copy.deepcopy(ARTICLE)
    catalog["products"][0]["identifier"] = identifier
    assert "is not a product identifier" in refused(lambda: catalog_from_dict(catalog))


def test_an_unknown_field_of_50_mb_is_not_repeated() -> None:
    catalog = copy.deepcopy(ARTICLE)
    catalog["products"][0]["x" * 50_000_000] = 1
    message = refused(lambda: catalog_from_dict(catalog))
    assert message.startswith('products[0]["xxxxxxxx') and "unknown field" in message
    assert len(message) < 300


def test_a_cycle_of_10000_categories_names_a_few_and_counts_them() -> None:
    count = 10_000
    catalog = {"code": "c", "locales": [], "attribute_groups": [], "attributes": [],
               "categories": [{"code": f"c{i}", "parent": f"c{(i + 1) % count}"} for i in range(count)]}
    message = refused(lambda: catalog_from_dict(catalog))
    assert message == "categories[0].parent: cycle in categories: c0 → c1 → c2 → … → c9999 → c0 (10,000 categories)"


@pytest.mark.parametrize("order", ["parent first", "child first"])
def test_a_chain_of_10000_categories_is_read_in_either_order(order: str) -> None:
    categories = [{"code": "c0"}] + [{"code": f"c{i}", "parent": f"c{i - 1}"} for i in range(1, 10_000)]
    if order == "child first":
        categories.reverse()
    catalog = catalog_from_dict({"code": "deep", "locales": [], "attribute_groups": [], "attributes": [],
                                 "categories": categories, "products": [{"identifier": "leaf", "categories": ["c9999"]}]})
    assert catalog.root_by_category["c9999"] == "c0"
    assert "c9999" in catalog.descendants(("c0",))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 5_000 + "]" * 5_000, "nested more than 64 levels deep (line 1, column 65)"),
        ('{"version": 1, "version": 1}', "version: given twice in the same object"),
        ('{"version": 1e999}', "version: a number out of range"),
        ('{"version": NaN}', "not valid JSON: NaN is not a JSON number"),
    ],
)
def test_a_hostile_scenario_text_is_refused_by_name(text: str, message: str) -> None:
    assert refused(lambda: scenario_from_json(text), ScenarioError) == message


def test_a_hostile_catalog_file_is_refused_by_name(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("{" + '"a":{' * 6_000 + "}" * 6_001, "utf-8")
    assert refused(lambda: load_catalog(str(deep))) == f"{deep}: nested more than 64 levels deep (line 1, column 321)"


def test_a_link_nested_5000_levels_is_refused_by_name() -> None:
    message = refused(lambda: decode_link(pack('{"scenario": ' + "[" * 5_000 + "]" * 5_000 + "}")), LinkError)
    assert message == "the link's data is not a scenario (it is nested too deeply)"


def test_a_widget_state_nested_5000_levels_is_refused_by_name() -> None:
    assert refused(lambda: state_from_json("[" * 5_000 + "]" * 5_000), WidgetStateError) == (
        "state: nested more than 64 levels deep (line 1, column 65)"
    )


@pytest.mark.parametrize(
    "payload",
    ["[" * 5_000 + "]" * 5_000, "1" * 5_000, '{"a": 1, "a": 2}', '{"state": ' + "{" * 100 + "}" * 100 + "}"],
)
def test_the_pages_door_refuses_a_hostile_payload_by_name(payload: str) -> None:
    answer = json.loads(handle("widget.render", payload))
    assert answer["error"]["type"] == "BadPayload", answer


# Fuzzing: any document, any reader; an answer or a named refusal.

KEYS = st.sampled_from(["version", "catalog", "code", "products", "identifier", "title", "x", "", "\u202e", "é"])
TEXTS = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["\\ud800", "\\u0000", "\\u001b[2J", "a/b", " hat", "🎩", "\\udc00\\ud800"]),
    st.integers(1_000, 20_000).map(lambda size: "x" * size),
)


def _string(text: str) -> str:
    """A JSON string of ``text``, escapes written by the strategy kept as escapes."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\\\\u", "\\u") + '"'


SCALARS = st.one_of(
    st.sampled_from(["null", "true", "false", "0", "-1", "1.5", "1e999", "9" * 30, "-0", "1E400"]),
    TEXTS.map(_string),
)


def _array(items: list[str]) -> str:
    return "[" + ",".join(items) + "]"


def _object(members: list[tuple[str, str]]) -> str:
    return "{" + ",".join(f"{_string(key)}:{value}" for key, value in members) + "}"


DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6).map(_array),
        st.lists(st.tuples(KEYS, inner), max_size=6).map(_object),  # keys may repeat
    ),
    max_leaves=40,
)


@st.composite
def hostile_texts(draw: st.DrawFn) -> str:
    """A document: drawn whole, buried deep, made wide, or a valid scenario with one
    member replaced by a drawn document (a near miss)."""
    how = draw(st.sampled_from(["drawn", "deep", "wide", "near miss"]))
    document = draw(DOCUMENTS)
    if how == "deep":
        depth = draw(st.integers(50, 3_000))
        return "[" * depth + document + "]" * depth
    if how == "wide":  # many items, the text kept to a few hundred kilobytes
        return _array([document] * min(draw(st.integers(100, 5_000)), 300_000 // (len(document) + 1) + 1))
    if how == "near miss":
        scenario = copy.deepcopy(preset(draw(st.sampled_from(["translation-app", "hat-and-braided-hat"]))).to_dict())
        scenario["catalog"] = copy.deepcopy(ARTICLE)
        node: Any = scenario
        while True:
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            key = draw(st.sampled_from(keys))
            if not isinstance(node[key], (dict, list)) or not node[key] or draw(st.booleans()):
                break
            node = node[key]
        node[key] = "__HOLE__"
        return json.dumps(scenario).replace('"__HOLE__"', document)
    return document


def state_text(inner: str) -> str:
    state = json.loads(state_to_json(initial_state(Origin("erp-owns-master"))))
    state["scenario"] = "__HOLE__"
    return json.dumps(state).replace('"__HOLE__"', inner)


READERS: dict[str, Callable[[str], object]] = {
    "scenario file": scenario_from_json,
    "link": lambda text: decode_link(pack(text)),
    "widget state": lambda text: state_from_json(state_text(text)),
}

FUZZ = settings(max_examples=60, deadline=5_000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MEMORY = 64 * 1024 * 1024
"""The most one reading may allocate: documents here are under a megabyte."""


@pytest.mark.parametrize("reader", list(READERS))
@FUZZ
@given(text=hostile_texts())
def test_any_document_is_read_or_refused_by_name(reader: str, text: str) -> None:
    tracemalloc.start()
    try:
        READERS[reader](text)
    except FormatError as error:
        assert len(str(error)) < 1_000, str(error)[:200]
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < MEMORY


@FUZZ
@given(text=hostile_texts())
def test_any_catalog_is_read_or_refused_by_name(text: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("catalog") / "catalog.json"
    path.write_text(text, "utf-8", errors="surrogatepass")
    try:
        load_catalog(str(path))
    except FormatError as error:
        assert len(str(error)) < 1_000 + len(str(path)), str(error)[:200]


@FUZZ
@given(text=hostile_texts())
def test_the_pages_door_answers_any_payload(text: str) -> None:
    for payload in (text, json.dumps({"state": "__S__", "text": "__T__"}).replace('"__S__"', state_text("{}")).replace('"__T__"', json.dumps(text))):
        answer = json.loads(handle("widget.import", payload))
        assert set(answer) in ({"result"}, {"error"})
        if "error" in answer:
            assert answer["error"]["type"] in ("BadPayload", "UnknownOp"), answer


# The command line: any argument, any file, any link; an answer, a mismatch or bad
# input named on one line, printed without a raw control character; never a crash.

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
ARGUMENT_TEXTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["erp-owns-master", "s1.", "s1.eJw", "#s1.x", "https://h/p.html#sim:s1.eJwLAAA", "a:b:s1.x", "\x1b[2J"]),
    st.integers(200, 5_000).map(lambda size: "s1." + "A" * size),
    st.integers(256, 5_000).map(lambda size: "x" * size),
)


@st.composite
def command_lines(draw: st.DrawFn, folder: Path) -> list[str]:
    """A command and its scenario: drawn text, a link or a file holding a hostile
    document, or a good link cut short."""
    how = draw(st.sampled_from(["text", "link", "file", "cut link"]))
    if how == "text":
        source = draw(ARGUMENT_TEXTS)
    elif how == "link":
        source = draw(st.sampled_from(["", "#", "https://help.example/simulator.html#simulator-a:"])) + pack(draw(hostile_texts()))
    elif how == "file":
        path = folder / f"scenario-{draw(st.integers(0, 10**9))}.json"
        path.write_text(draw(hostile_texts()), "utf-8", errors="surrogatepass")
        source = str(path)
    else:
        link = encode_link(preset(draw(st.sampled_from(["erp-owns-master", "translation-app"]))))
        source = link[: draw(st.integers(3, len(link) - 1))]
    command = draw(st.sampled_from([["evaluate"], ["evaluate", "--json"], ["check"], ["link"], ["explain"]]))
    extra = [draw(st.sampled_from(["0", "99", "GET /api/rest/v1/products/hat", "x" * 300]))] if command == ["explain"] else []
    return [*command, source, *extra]


@FUZZ
@given(data=st.data())
def test_the_command_line_answers_or_names_bad_input(data: st.DataObject, tmp_path_factory: pytest.TempPathFactory) -> None:
    argv = data.draw(command_lines(tmp_path_factory.mktemp("cli")))
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(argv, out, err)
    printed, said = out.getvalue(), err.getvalue()
    assert code in (cli.EXIT_OK, cli.EXIT_MISMATCH, cli.EXIT_BAD_INPUT), said[:300]
    assert not RAW.search(printed) and not RAW.search(said)
    if code == cli.EXIT_BAD_INPUT:
        assert printed == "" and said.startswith("error: ") and said.count("\n") == 1 and len(said) < 1_000, said[:300]


@pytest.mark.parametrize("order", ["parent first", "child first"])
def test_deleting_the_top_of_a_10000_deep_model_chain_takes_the_whole_branch(order: str) -> None:
    catalog = copy.deepcopy(ARTICLE)
    chain = [{"code": "m0", "categories": ["master"]}] + [{"code": f"m{i}", "parent": f"m{i - 1}"} for i in range(1, 10_000)]
    catalog["product_models"] += chain if order == "parent first" else chain[::-1]
    catalog["products"].append({"identifier": "deep", "parent": "m9999"})
    scenario = scenario_from_dict({**BASE, "app": "erp_connector", "requests": [
        {"method": "GET", "path": "/api/rest/v1/products/deep"},
        {"method": "DELETE", "path": "/api/rest/v1/product-models/m0"},
        {"method": "GET", "path": "/api/rest/v1/product-models/m5000"},
        {"method": "GET", "path": "/api/rest/v1/products/deep"},
        {"method": "GET", "path": HAT},
    ], "catalog": catalog})
    statuses = [result.answer.status if result.answer else None for result in evaluate(scenario).results]
    assert statuses == [200, 204, 404, 404, 200]


@pytest.mark.parametrize("order", ["parent first", "child first"])
def test_deleting_the_root_of_a_10000_deep_category_chain_in_the_editor_takes_it_all(order: str) -> None:
    from simulator.formats import edit_catalog

    categories = [{"code": "c0"}] + [{"code": f"c{i}", "parent": f"c{i - 1}"} for i in range(1, 10_000)]
    catalog = catalog_from_dict({"code": "deep", "locales": [], "attribute_groups": [], "attributes": [],
                                 "categories": categories if order == "parent first" else categories[::-1],
                                 "products": [{"identifier": "leaf", "categories": ["c9999"]}]})
    edited = edit_catalog(catalog, "category-delete", {"code": "c0"})
    assert edited.catalog.categories == () and edited.catalog.products[0].categories == ()
    assert edited.said == "delete c0 and the 9,999 categories below it"
