"""A scenario with its catalog anonymised, and its grants and requests renamed the same
way, so that every answer is the same, codes aside.

The catalog is renamed by :func:`simulator.formats.anonymise` (``tree_1``,
``category_1_2``, ``product_417``…). The permissions name the renamed trees and
attribute groups (locales keep their codes); each request's path, query and body name
the renamed products, models, categories, attributes, options, families and channels,
and a text it sends is renamed as the catalog's texts were (the same text, the same
``text_N``: a PATCH that sets a value to what it already is still changes nothing).
The title and notes, free text that may name the customer, are replaced.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Callable, Final
from urllib.parse import quote as url_quote
from urllib.parse import unquote

from simulator.formats import Renamer, Renaming, anonymise, catalog_to_dict
from simulator.model import derived_uuid, product_uuid
from simulator.scenarios.scenario import JsonValue, Scenario, scenario_from_dict

TITLE: Final = "Anonymised scenario"
_API: Final = "/api/rest/v1/"


def anonymise_scenario(scenario: Scenario) -> tuple[Scenario, Renaming]:
    """The scenario on the anonymised catalog, and the renaming applied."""
    catalog = scenario.load_catalog()
    neutral, renaming = anonymise(catalog)
    renamer = Renamer(catalog, renaming)
    uuids = {product_uuid(p): derived_uuid(renaming.products[p.identifier]) for p in catalog.products}
    requests = _Requests(renamer, uuids)
    data = scenario.to_dict()
    data.pop("preset", None)
    data["title"] = TITLE
    data.pop("notes", None)
    data["catalog"] = catalog_to_dict(neutral)
    if "permissions" in data:
        data["permissions"] = _permissions(data["permissions"], renaming)
    data["requests"] = [requests.request(item) for item in data.get("requests", [])]
    return scenario_from_dict(data), replace(renaming, texts=dict(renamer.texts))


def _permissions(permissions: dict[str, JsonValue], renaming: Renaming) -> dict[str, JsonValue]:
    maps: dict[str, Callable[[str], str]] = {
        "categories": lambda code: renaming.categories.get(code, code),
        "attribute_groups": lambda code: renaming.attribute_groups.get(code, code),
        "locales": _same,
    }
    renamed: dict[str, JsonValue] = {}
    for axis, levels in permissions.items():
        rename = maps.get(axis, _same)
        renamed[axis] = {
            level: sorted(rename(code) for code in codes) if isinstance(codes, list) else codes
            for level, codes in levels.items()
        }
    return renamed


def _same(code: str) -> str:
    return code


class _Requests:
    def __init__(self, renamer: Renamer, uuids: dict[str, str]) -> None:
        r = renamer.renaming
        self.renamer = renamer
        self.r = r
        self.uuids = uuids
        # Path segment after which a code is named, and how it is renamed.
        self.collections: dict[str, Callable[[str], str]] = {
            "products": lambda code: r.products.get(code, code),
            "products-uuid": lambda code: uuids.get(code, code),
            "product-models": lambda code: r.product_models.get(code, code),
            "categories": lambda code: r.categories.get(code, code),
            "attributes": lambda code: r.attributes.get(code, code),
            "attribute-groups": lambda code: r.attribute_groups.get(code, code),
            "families": lambda code: r.families.get(code, code),
            "channels": lambda code: r.channels.get(code, code),
            "association-types": lambda code: r.association_types.get(code, code),
        }

    def request(self, item: dict[str, JsonValue]) -> dict[str, JsonValue]:
        renamed = dict(item)
        renamed["path"] = self.path(str(item["path"]))
        if isinstance(item.get("query"), dict):
            renamed["query"] = {key: self.query(key, str(value)) for key, value in item["query"].items()}
        if isinstance(item.get("body"), dict):
            renamed["body"] = self.body(item["body"])
        expect = item.get("expect")
        if isinstance(expect, dict) and "message" in expect:
            renamed["expect"] = {key: value for key, value in expect.items() if key != "message"}
        return renamed

    def path(self, path: str) -> str:
        route, question, query = path.partition("?")
        if not route.startswith(_API):
            return path
        segments = route[len(_API):].split("/")
        renamed = list(segments)
        for index in range(1, len(segments)):
            previous, code = segments[index - 1], unquote(segments[index])
            if not code:
                continue
            if previous == "options" and index >= 2:  # /attributes/{attribute}/options/{option}
                new = self.r.options.get((unquote(segments[index - 2]), code), code)
            elif previous in self.collections:
                new = self.collections[previous](code)
            else:
                continue
            renamed[index] = url_quote(new, safe="")
        result = _API + "/".join(renamed)
        if question:
            pairs = [pair.partition("=") for pair in query.split("&")]
            result += "?" + "&".join(
                f"{key}={url_quote(self.query(unquote(key), unquote(value)), safe='')}" if eq else key
                for key, eq, value in pairs
            )
        return result

    def query(self, key: str, value: str) -> str:
        if key == "search":
            try:
                search = json.loads(value)
            except ValueError:
                return value
            return json.dumps(self.search(search), separators=(",", ":"), ensure_ascii=False)
        if key in ("scope", "search_scope"):
            return self.r.channels.get(value, value)
        if key == "attributes":
            return ",".join(self.r.attributes.get(code, code) for code in value.split(","))
        return value

    def search(self, search: JsonValue) -> JsonValue:
        if not isinstance(search, dict):
            return search
        r = self.r
        codes_of: dict[str, Callable[[str], str]] = {
            "categories": lambda code: r.categories.get(code, code),
            "family": lambda code: r.families.get(code, code),
            "parent": lambda code: r.product_models.get(code, r.products.get(code, code)),
            "identifier": lambda code: r.products.get(code, code),
            "uuid": lambda code: self.uuids.get(code, code),
            "groups": lambda code: r.product_groups.get(code, code),
        }
        renamed: dict[str, JsonValue] = {}
        for field, filters in search.items():
            rename = codes_of.get(field)
            new_field = field if rename is not None or field in ("enabled", "completeness", "created", "updated") \
                else r.attributes.get(field, field)
            if not isinstance(filters, list):
                renamed[new_field] = filters
                continue
            out = []
            for one in filters:
                if not isinstance(one, dict):
                    out.append(one)
                    continue
                one = dict(one)
                if "scope" in one and isinstance(one["scope"], str):
                    one["scope"] = r.channels.get(one["scope"], one["scope"])
                value = one.get("value")
                if rename is not None:
                    one["value"] = [rename(v) for v in value] if isinstance(value, list) else \
                        rename(value) if isinstance(value, str) else value
                elif field in r.attributes:
                    one["value"] = self.renamer.data(field, value) if not isinstance(value, list) else \
                        [self.renamer.data(field, v) for v in value]
                out.append(one)
            renamed[new_field] = out
        return renamed

    def body(self, body: dict[str, JsonValue]) -> dict[str, JsonValue]:
        r = self.r
        renamed: dict[str, JsonValue] = {}
        for key, value in body.items():
            if key == "identifier" and isinstance(value, str):
                renamed[key] = r.products.get(value, value)
            elif key == "code" and isinstance(value, str):
                renamed[key] = r.product_models.get(value, value)
            elif key == "uuid" and isinstance(value, str):
                renamed[key] = self.uuids.get(value, value)
            elif key == "family" and isinstance(value, str):
                renamed[key] = r.families.get(value, value)
            elif key == "parent" and isinstance(value, str):
                renamed[key] = r.product_models.get(value, value)
            elif key == "categories" and isinstance(value, list):
                renamed[key] = [r.categories.get(c, c) if isinstance(c, str) else c for c in value]
            elif key == "groups" and isinstance(value, list):
                renamed[key] = [r.product_groups.get(g, g) if isinstance(g, str) else g for g in value]
            elif key == "values" and isinstance(value, dict):
                renamed[key] = {
                    r.attributes.get(attribute, attribute): [
                        {**entry,
                         "scope": r.channels.get(entry["scope"], entry["scope"])
                         if isinstance(entry.get("scope"), str) else entry.get("scope"),
                         "data": self.renamer.data(attribute, entry.get("data"))}
                        if isinstance(entry, dict) else entry
                        for entry in entries
                    ] if isinstance(entries, list) else entries
                    for attribute, entries in value.items()
                }
            elif key == "associations" and isinstance(value, dict):
                renamed[key] = {
                    r.association_types.get(kind, kind): {
                        "products": [r.products.get(p, p) for p in links.get("products", [])],
                        "product_models": [r.product_models.get(m, m) for m in links.get("product_models", [])],
                        **({"groups": links["groups"]} if "groups" in links else {}),
                    } if isinstance(links, dict) else links
                    for kind, links in value.items()
                }
            else:
                renamed[key] = value
        return renamed

