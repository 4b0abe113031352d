"""Scenario links: short for presets, exact round trips, old links keep opening, and
any text that is not a link gets a clear LinkError, nothing else."""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from simulator.scenarios import (
    PRESET_IDS,
    LinkError,
    decode_link,
    encode_link,
    preset,
    scenario_from_dict,
)

GOLDEN = Path(__file__).with_name("golden_links.json")
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> "; DROP TABLE apps; --'


def pack(payload: bytes) -> str:
    """A link around arbitrary bytes, as an editor of links could forge one."""
    return "s1." + base64.urlsafe_b64encode(zlib.compress(payload)).rstrip(b"=").decode()


def pack_json(payload: Any) -> str:
    return pack(json.dumps(payload).encode())


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_a_preset_link_opens_the_preset_and_is_short(preset_id: str) -> None:
    link = encode_link(preset(preset_id))
    assert decode_link(link) == preset(preset_id)
    assert len(link) < 200


def test_a_changed_preset_carries_only_the_difference() -> None:
    base = preset("translation-app")
    changed = replace(
        base,
        title="Translation App, with Own on Print",
        permissions=replace(base.permissions, categories=scenario_from_dict(
            {**base.to_dict(), "permissions": {"categories": {"own": ["print"]}}}
        ).permissions.categories),
    )
    link = encode_link(changed)
    assert decode_link(link) == changed
    assert len(link) < len(encode_link(replace(changed, preset=None))) / 2
    assert len(link) < 2000


def test_a_scenario_with_an_inline_catalog_and_app_round_trips_hostile_strings_as_data() -> None:
    catalog = json.loads(Path(__file__).parent.parent.joinpath("simulator/data/article.json").read_text("utf-8"))
    catalog["products"][0]["labels"]["en_US"] = HOSTILE
    scenario = scenario_from_dict({
        "version": 1,
        "title": HOSTILE,
        "notes": "\u202e\u0000 null byte and right-to-left mark",
        "catalog": catalog,
        "edition": "GE",
        "app": {"id": "x", "name": HOSTILE, "scopes": ["read_products", HOSTILE]},
        "requests": [{"method": "GET", "path": "/api/rest/v1/products/hat"}],
    })
    link = encode_link(scenario)
    assert set(link) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
    decoded = decode_link(link)
    assert decoded == scenario
    assert decoded.app.name == HOSTILE


@pytest.mark.parametrize("wrapping", ["{}", "#{}", "https://help.example/simulator/#{}", "  {}\n"])
def test_a_link_opens_from_a_whole_url_or_its_fragment(wrapping: str) -> None:
    link = encode_link(preset("no-scope-app"))
    assert decode_link(wrapping.format(link)) == preset("no-scope-app")


def golden_links() -> list[dict[str, Any]]:
    return json.loads(GOLDEN.read_text("utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("golden", golden_links(), ids=lambda golden: golden["name"])
def test_links_made_by_earlier_versions_keep_opening_the_same_scenario(golden: dict[str, Any]) -> None:
    """A change to a preset or to the format that breaks this must get a new link version."""
    assert decode_link(golden["link"]).to_dict() == golden["scenario"]


def _truncated() -> str:
    link = encode_link(preset("hat-and-braided-hat"))
    return link[: len(link) - 8]


def _edited() -> str:
    link = encode_link(preset("hat-and-braided-hat"))
    middle = len(link) // 2
    return link[:middle] + ("A" if link[middle] != "A" else "B") + link[middle + 1 :]


BAD_LINKS = [
    pytest.param("", "the link is empty", id="empty"),
    pytest.param("#", "the link is empty", id="empty fragment"),
    pytest.param("hello world", 'not a scenario link: it should start with "s1."', id="not a link"),
    pytest.param("s9.eNqrVipILEnOULKqrtVRKihKLU4tUbJSSi0q0", 'unknown link version "s9": this simulator opens "s1." links', id="unknown version"),
    pytest.param("s1.", "the link has no data after its version prefix", id="no data"),
    pytest.param("s1.<script>alert(1)</script>", "the link holds characters a link never has; was it copied whole?", id="html"),
    pytest.param("s1.abcde", "the link is cut short or was edited; copy it again", id="impossible length"),
    pytest.param(_truncated(), "the link's data is incomplete (it was cut short)", id="truncated"),
    pytest.param("s1.AAAA", "the link's data is damaged (it was cut short or edited)", id="not zlib"),
    pytest.param(pack(b"\xff\xfe\x00"), "the link's data is not a scenario (it is not valid JSON)", id="not UTF-8"),
    pytest.param(pack(b"{'version': 1}"), "the link's data is not a scenario (it is not valid JSON)", id="not JSON"),
    pytest.param(pack(b"[" * 200_000), "the link's data is not a scenario (it is nested too deeply)", id="deep nesting"),
    pytest.param(pack(b"1" * 5000), "the link's data is not a scenario (it is not valid JSON)", id="huge integer"),
    pytest.param(pack_json([1, 2]), "the link's data is not a scenario", id="a list"),
    pytest.param(pack_json({"scene": {}}), "the link's data is not a scenario (unexpected layout)", id="wrong layout"),
    pytest.param(pack_json({"preset": "<b>x</b>", "patch": {}}), 'the link is based on an unknown preset "<b>x</b>"', id="unknown preset"),
    pytest.param(pack_json({"preset": "no-scope-app", "patch": [1]}), "the link's changes are malformed", id="patch not an object"),
    pytest.param(pack_json({"preset": "no-scope-app", "patch": {"title": ["~", 1]}}), "the link's change to \"title\" is malformed", id="unknown patch op"),
    pytest.param(pack_json({"preset": "no-scope-app", "patch": {"app": ["-"]}}), "the link holds an invalid scenario: app: missing", id="patch deletes a required field"),
    pytest.param(pack_json({"scenario": {"version": 7}}), "the link holds an invalid scenario: version: unknown format version 7; this simulator reads version 1", id="future scenario version"),
    pytest.param(pack_json({"scenario": {"version": 1, "catalog": "article", "edition": "EE", "app": "erp_connector", "permissions": {"categories": {"own": [HOSTILE]}}}}),
                 # the code is shown as JSON text, cut at 40 characters
                 'the link holds an invalid scenario: permissions.categories.own[0]: unknown tree '
                 '"<script>alert(\\"x\\")</script><img src=x o…"', id="hostile code"),
]


@pytest.mark.parametrize(("text", "message"), BAD_LINKS)
def test_a_bad_link_gets_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(LinkError) as raised:
        decode_link(text)
    assert str(raised.value) == message


def test_an_edited_link_never_opens_a_wrong_scenario() -> None:
    """zlib's checksum catches an edit in the middle of the data."""
    with pytest.raises(LinkError, match="damaged"):
        decode_link(_edited())


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    bomb = pack(b" " * 100_000_000)
    assert len(bomb) < 200_000
    with pytest.raises(LinkError, match=r"too large \(more than 2,000,000 bytes once unpacked\)"):
        decode_link(bomb)


def test_an_overlong_link_is_refused_before_decoding() -> None:
    with pytest.raises(LinkError, match="the link is too long"):
        decode_link("s1." + "A" * 1_000_001)


def test_a_link_error_is_a_value_error() -> None:
    assert issubclass(LinkError, ValueError)
