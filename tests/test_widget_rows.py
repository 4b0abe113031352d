"""A change that touches a few table rows of a region is sent as those rows
(:mod:`simulator.widget.rows`): the page that applies them, as its script does, shows
exactly the HTML a fresh drawing gives, and a page that shows HTML Python does not
know (the prerendered page, a restored one) gets the region whole."""

from __future__ import annotations

import json
import random
import re
from typing import Any

from simulator.web import handle
from simulator.widget import initial_state, origin_from_block
from simulator.widget.ops import answer
from simulator.widget.rows import changed_rows, split_rows
from test_widget_drawn import WALKS, fresh
from test_wizard_played_once import events

FULL_PAGE = origin_from_block("erp-owns-master", "tools: full\n")


def act(current: dict[str, Any], event: dict[str, Any], hashes: dict[str, str] | None) -> dict[str, Any]:
    payload: dict[str, Any] = {"state": current["state"], "event": event}
    if hashes is not None:
        payload["hashes"] = hashes
    reply = json.loads(handle("widget.act", json.dumps(payload)))
    assert "result" in reply, reply
    return reply["result"]  # type: ignore[no-any-return]


def shown_after(shown: dict[str, str], regions: dict[str, Any]) -> dict[str, str]:
    """What the page shows once it applied an answer's regions, as its script does."""
    after = dict(shown)
    for name, region in regions.items():
        if "html" in region:
            after[name] = region["html"]
        elif "rows" in region:
            rows, gaps = split_rows(shown[name])
            for place, row in region["rows"]:
                rows[place] = row
            after[name] = gaps[0] + "".join(row + gap for row, gap in zip(rows, gaps[1:]))
    return after


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_an_edition_change_sends_the_two_request_rows_whose_answer_changed() -> None:
    current = answer(initial_state(FULL_PAGE))
    for index in range(3):
        current = act(current, {"action": "paste", "fields": {"text": f'PATCH hat name[en_US]="Straw hat {index}" → 204 draft'}}, None)
    shown = {name: region["html"] for name, region in current["regions"].items()}

    reply = act(current, {"action": "edition", "value": "GE"}, {name: region["hash"] for name, region in current["regions"].items()})

    requests = reply["regions"]["requests"]
    assert "html" not in requests
    assert requests["from"] == current["regions"]["requests"]["hash"]
    assert [place for place, _ in requests["rows"]] == [4, 9]  # the table's rows: its head, then request 4 (GET braided_hat)
    assert "braided_hat" in text(requests["rows"][0][1]) and "200 applied" in text(requests["rows"][0][1])
    assert "fails: expected 404" in text(requests["rows"][0][1])
    assert shown_after(shown, reply["regions"]) == fresh(reply["state"])


def test_a_page_showing_html_python_did_not_answer_gets_the_region_whole() -> None:
    current = answer(initial_state(FULL_PAGE))
    unknown = {name: "0123456789abcdef" for name in current["regions"]}

    reply = act(current, {"action": "edition", "value": "GE"}, unknown)

    assert all("html" in region and "rows" not in region for region in reply["regions"].values())


def test_rows_are_sent_only_when_nothing_else_of_the_region_changed() -> None:
    table = '<p>2 requests</p><table><tr id="a"><td>200</td></tr><tr id="b"><td>404</td></tr></table>'
    assert changed_rows(table, table.replace("<td>404</td>", "<td>403</td>")) == [(1, '<tr id="b"><td>403</td></tr>')]
    assert changed_rows(table, table.replace("<p>2 requests", "<p>Two requests")) is None
    assert changed_rows(table, table.replace("</table>", '<tr id="c"><td>204</td></tr></table>')) is None
    assert changed_rows(table, table.replace("<td>200</td>", "<td>403</td>").replace("<td>404</td>", "<td>403</td>")) == [
        (0, '<tr id="a"><td>403</td></tr>'), (1, '<tr id="b"><td>403</td></tr>')]
    assert changed_rows(table, table) is None  # nothing to change: the hash says so
    assert split_rows('<track src="x"><tr><td>1</td></tr>') == (["<tr><td>1</td></tr>"], ['<track src="x">', ""])


def test_every_answer_of_a_walk_applied_as_the_page_does_is_a_fresh_drawing() -> None:
    for name, origin, first in WALKS:
        pick = random.Random(f"rows {name}")
        current = answer(initial_state(origin))
        for event in first:
            current = act(current, event, None)
        shown = {region: value["html"] for region, value in current["regions"].items()}
        patched = 0
        for step in range(60):
            offered = list(events({k: {"html": v} for k, v in shown.items() if k != "catalog"}, pick))
            event = pick.choice(offered)
            hashes = {region: value["hash"] for region, value in current["regions"].items()}
            current = act(current, event, hashes)
            patched += sum("rows" in region for region in current["regions"].values())
            shown = shown_after(shown, current["regions"])
            assert shown == fresh(current["state"]), f"{name}, step {step}: {event}"
        assert patched > 0, name
