"""An imported catalog kept by name: scenarios name it instead of carrying it, and a
link carries it whole while it fits (issue: the customer's own PIM, at real size)."""

from __future__ import annotations

import json

import pytest

from simulator.formats import catalog_to_dict, keep
from simulator.scenarios import LinkError, ScenarioError, decode_link, encode_link, scenario_from_dict
from simulator.scenarios.links import MAX_INLINE_PRODUCTS
from simulator.scenarios import synthetic_catalog


def scenario_on(name: str):  # type: ignore[no-untyped-def]
    return scenario_from_dict({"version": 1, "catalog": name, "edition": "EE", "app": "erp_connector"})


def test_a_scenario_names_a_kept_catalog_and_a_small_one_travels_whole_in_links() -> None:
    catalog = synthetic_catalog(50, seed=3)
    name = keep(catalog)
    scenario = scenario_on(name)
    assert scenario.load_catalog() is catalog
    assert scenario.to_dict()["catalog"] == name  # the page's state stays small
    opened = decode_link(encode_link(scenario))  # as a fresh browser would
    assert isinstance(opened.catalog, dict)
    # The same catalog (a link writes JSON with sorted keys: only the order of values differs).
    same = json.dumps(catalog_to_dict(opened.load_catalog()), sort_keys=True)
    assert same == json.dumps(catalog_to_dict(catalog), sort_keys=True)


def test_a_large_kept_catalog_is_named_in_links_and_said_so_elsewhere() -> None:
    catalog = synthetic_catalog(MAX_INLINE_PRODUCTS + 1, seed=4)
    name = keep(catalog)
    link = encode_link(scenario_on(name))
    assert len(link) < 2_000
    assert decode_link(link).load_catalog() is catalog  # where it was imported
    with pytest.raises(ScenarioError, match="is not here any more"):
        scenario_on("imported-000000000000")
    with pytest.raises(LinkError, match="import its files again"):
        decode_link(_link_naming("imported-000000000000"))  # in a fresh browser


def _link_naming(name: str) -> str:
    import base64
    import json
    import zlib

    payload = {"scenario": {"version": 1, "catalog": name, "edition": "EE", "app": "erp_connector"}}
    packed = zlib.compress(json.dumps(payload).encode())
    return "s1." + base64.urlsafe_b64encode(packed).rstrip(b"=").decode()
