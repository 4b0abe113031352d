"""The JSON Schema is written from the reader's field tables (issue 8): the committed
schema is what ``python -m simulator schema`` prints, and the schema and the reader's
tables accept the same documents, in both directions (hypothesis-jsonschema draws
documents from the schema, and from a loosened copy of it that also draws documents
the schema refuses).

What a table cannot say and the reader checks once a document is read (a product's
category must be one of the catalog's, codes unique, no cycle of parents, a
permission code must be a tree of the catalog) is left out of the comparison: JSON
Schema cannot say it either. ``docs/scenario-format.md`` lists those checks.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schema_strategies import from_schema

from simulator.cli import main
from simulator.formats import CATALOG, conforms
from simulator.scenarios import SCENARIO, preset, schema

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "simulator" / "schema" / "scenario.schema.json"
DRAWS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


def test_the_committed_schema_is_the_one_the_tables_write(capsys: Any) -> None:
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert SCHEMA_FILE.read_text("utf-8") == printed, "run: python -m simulator schema > simulator/schema/scenario.schema.json"
    jsonschema.Draft202012Validator.check_schema(json.loads(printed))


def test_an_inline_catalog_is_described_field_by_field() -> None:
    catalog = schema()["properties"]["catalog"]["oneOf"][1]
    assert catalog["additionalProperties"] is False
    products = catalog["properties"]["products"]["items"]
    assert products["required"] == ["identifier"]
    assert set(products["properties"]) == {
        "identifier", "uuid", "parent", "family", "enabled", "categories", "values", "labels", "groups", "associations",
    }
    assert list(catalog["properties"]) == list(CATALOG.names)
    assert "$ref" in products["properties"]["values"]["additionalProperties"]  # the value data, written once


BREAKERS: list[Any] = [None, True, 7, 1.5, "", " ", "x", [], {}]
"""Values that break some constraint of most fields."""


def loosened(node: dict[str, Any]) -> dict[str, Any]:
    """A copy of a schema that also lets through documents the original refuses: each
    subschema gets an alternative that breaks it (a missing field, an unknown field,
    another type, a value out of an enum, an empty code)."""
    node = {key: value for key, value in node.items() if key not in ("description", "$schema", "$id", "title")}
    for key in ("items", "propertyNames"):
        if key in node:
            node[key] = loosened(node[key])
    if isinstance(node.get("additionalProperties"), dict):
        node["additionalProperties"] = loosened(node["additionalProperties"])
    for key in ("oneOf", "anyOf", "allOf"):
        if key in node:
            node[key] = [loosened(sub) for sub in node[key]]
    if "properties" in node:
        node["properties"] = {name: loosened(sub) for name, sub in node["properties"].items()}
        node.pop("required", None)
        node.pop("minProperties", None)
        if node.get("additionalProperties") is False:
            node["additionalProperties"] = {"type": "integer"}
            node["propertyNames"] = {"enum": [*node["properties"], "colour"]}
    node.pop("uniqueItems", None)
    return {"anyOf": [node, {"enum": BREAKERS}]}


def small(node: Any) -> Any:
    """The same schema with short lists and few map entries: documents are drawn fast,
    and each is still one the schema takes."""
    if isinstance(node, list):
        return [small(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: small(value) if key not in ("enum", "const") else value for key, value in node.items()}
    if "properties" in node:
        out["properties"] = {name: small(sub) for name, sub in node["properties"].items()}
    if node.get("type") == "array":
        out["maxItems"] = 2
    if node.get("type") == "object" and "properties" not in node:
        out["maxProperties"] = 2
    return out


SCHEMA = small(schema())
LOOSENED = {**loosened({k: v for k, v in SCHEMA.items() if k != "$defs"}), "$defs": SCHEMA["$defs"]}


def test_the_loosened_schema_draws_documents_the_schema_refuses() -> None:
    """The check below would prove little if the loosened schema drew only valid documents
    (the valid ones come from the schema itself)."""
    validator = jsonschema.Draft202012Validator(schema())
    examples: list[bool] = []

    @DRAWS
    @given(from_schema(LOOSENED))
    def draw(document: Any) -> None:
        examples.append(validator.is_valid(document))

    draw()
    assert examples.count(False) > len(examples) // 2


@DRAWS
@given(from_schema(SCHEMA))
def test_the_reader_takes_every_document_the_schema_takes(document: Any) -> None:
    assert conforms(SCENARIO, document) is None


@DRAWS
@given(st.one_of(from_schema(LOOSENED), from_schema(SCHEMA)))
def test_the_reader_and_the_schema_agree_on_any_document(document: Any) -> None:
    by_schema = jsonschema.Draft202012Validator(schema()).is_valid(document)
    problem = conforms(SCENARIO, document)
    assert by_schema == (problem is None), problem or "the reader takes a document the schema refuses"


def small_scenario() -> dict[str, Any]:
    """A valid scenario in which every kind of field appears once at least."""
    return {
        "version": 1, "title": "t", "notes": "n", "preset": "p", "edition": "EE",
        "catalog": {
            "format": 1, "code": "mini", "label": "Mini",
            "locales": [{"code": "en_US", "label": "English"}],
            "attribute_groups": [{"code": "marketing", "labels": {"en_US": "Marketing"}}],
            "attributes": [{"code": "name", "group": "marketing", "localizable": True, "labels": {"en_US": "Name"}},
                           {"code": "price", "group": "marketing"}],
            "categories": [{"code": "master", "labels": {"en_US": "Master"}}, {"code": "master_hats", "parent": "master"}],
            "product_models": [{"code": "tshirt", "parent": None, "family": "f", "categories": ["master"],
                                "values": {"price": "1"}, "associations": {"PACK": {"products": ["hat"]}}}],
            "products": [{"identifier": "hat", "parent": "tshirt", "family": "f", "enabled": True,
                          "categories": ["master_hats"], "values": {"name": {"en_US": "Hat"}, "price": "10"},
                          "labels": {"en_US": "Hat"}, "groups": ["summer"],
                          "associations": {"X_SELL": {"products": ["hat"], "product_models": ["tshirt"]}}}],
        },
        "app": {"id": "my_app", "name": "My App", "scopes": ["read_products", "write_products"]},
        "user": {"manage_apps": True, "manage_locale_permissions": False},
        "scopes": ["write_products"],
        "permissions": {"categories": {"own": ["master"], "view_all": True}, "locales": {"edit": ["en_US"]},
                        "attribute_groups": {"view": ["marketing"], "edit_all": False}},
        "requests": [{"method": "PATCH", "path": "/api/rest/v1/products/hat", "query": {"a": "b"},
                      "body": {"values": {}}, "expect": {"status": 204, "effect": "applied", "message": "",
                                                          "decided_by": "category"}}],
    }


def places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every member and item of a document, by its path."""
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += places(value, (*path, index))
    return found


def edits(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Each single edit of the document: every value replaced by each breaker, every
    member deleted, every object given an unknown member."""
    made = []
    for path in places(document):
        for replacement in [*BREAKERS, "x" * 3, ["x", "x"], {"x": 1}, -1, 600, 200.0]:
            edited = copy.deepcopy(document)
            node = edited
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = replacement
            made.append((f"{path} = {replacement!r}", edited))
        if not isinstance(path[-1], int):
            edited = copy.deepcopy(document)
            node = edited
            for key in path[:-1]:
                node = node[key]
            del node[path[-1]]
            made.append((f"del {path}", edited))
            node[path[-1] + "_extra"] = 1
            made.append((f"del {path}, add {path[-1]}_extra", edited))
    return made


def test_the_small_scenario_is_valid() -> None:
    jsonschema.Draft202012Validator(schema()).validate(small_scenario())
    assert conforms(SCENARIO, small_scenario()) is None


def test_the_reader_and_the_schema_agree_on_every_single_edit() -> None:
    """Near misses, all of them: the only problem of each document is the one edit."""
    validator = jsonschema.Draft202012Validator(schema())
    disagree = []
    checked = 0
    for edit, document in edits(small_scenario()):
        problem = conforms(SCENARIO, document)
        if validator.is_valid(document) != (problem is None):
            disagree.append(f"{edit}: the reader says {problem or 'fine'}")
        checked += 1
    assert checked > 1_000
    assert disagree == []
