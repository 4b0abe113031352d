"""A change that touches a few parts of a region (table rows, elements marked
``data-part``) is sent as those parts (:mod:`simulator.widget.parts`): the page that
applies them, as its script does, shows exactly the HTML a fresh drawing gives, and a
page that shows HTML Python does not know (the prerendered page, a restored one) gets
the region whole."""

from __future__ import annotations

import json
import random
import re
from typing import Any

from simulator.web import handle
from simulator.widget import initial_state, origin_from_block
from simulator.widget.ops import answer
from simulator.widget.parts import SHORT_ROW, changed_parts, patch, split_cells, split_parts
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
            continue
        if "parts" not in region and "splices" not in region:
            continue
        rows, gaps = split_parts(shown[name])
        for *place, part in region.get("parts", []):
            if len(place) == 1:
                rows[place[0]] = part
            else:  # a cell of a row
                cells, around = split_cells(rows[place[0]])
                cells[place[1]] = part
                rows[place[0]] = joined(cells, around)
        tokens = [gaps[0]]
        for row, gap in zip(rows, gaps[1:]):
            tokens += [row, gap]
        for at, taken, put in sorted(region.get("splices", []), reverse=True):  # the later first: the places hold
            first = 2 * at + 1
            if not taken:  # put in before the part at ``at``, with no text between
                tokens[first:first] = put
                continue
            paired = min(taken, len(put))
            between = gaps[at + 1:at + taken]  # the text between the parts taken stays
            placed: list[str] = []
            for k in range(paired):  # the first taken changed into the first put in
                placed += [between[k - 1], put[k]] if k else [put[k]]
            placed += put[paired:]  # the others put in right after them
            placed += between[max(paired, 1) - 1:]  # the text before each part taken out
            tokens[first:first + 2 * taken - 1] = placed
        after[name] = "".join(tokens)
    return after


def joined(parts: list[str], gaps: list[str]) -> str:
    return gaps[0] + "".join(part + gap for part, gap in zip(parts, gaps[1:]))


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
    # The table's rows: its head, then request 4 (GET braided_hat), sent as the cells that changed (its
    # answer, its assertion, its message); then the explanation of the request pasted last, row 9.
    assert [part[:-1] for part in requests["parts"]] == [[4, 1], [4, 2], [4, 3], [9, 0]]
    assert text(requests["parts"][0][-1]) == "✓ 200 applied"
    assert text(requests["parts"][1][-1]).startswith("✗ fails: expected 404")
    assert "GE has no permissions" in text(requests["parts"][3][-1])
    assert shown_after(shown, reply["regions"]) == fresh(reply["state"])


def test_a_page_showing_html_python_did_not_answer_gets_the_region_whole() -> None:
    current = answer(initial_state(FULL_PAGE))
    unknown = {name: "0123456789abcdef" for name in current["regions"]}

    reply = act(current, {"action": "edition", "value": "GE"}, unknown)

    assert all("html" in region and "parts" not in region for region in reply["regions"].values())


def test_rows_are_sent_only_when_nothing_else_of_the_region_changed() -> None:
    table = '<p>2 requests</p><table><tr id="a"><td>200</td></tr><tr id="b"><td>404</td></tr></table>'
    assert changed_parts(table, table.replace("<td>404</td>", "<td>403</td>")) == [(1, '<tr id="b"><td>403</td></tr>')]
    assert changed_parts(table, table.replace("<p>2 requests", "<p>Two requests")) is None
    assert changed_parts(table, table.replace("</table>", '<tr id="c"><td>204</td></tr></table>')) is None
    assert changed_parts(table, table.replace("<td>200</td>", "<td>403</td>").replace("<td>404</td>", "<td>403</td>")) == [
        (0, '<tr id="a"><td>403</td></tr>'), (1, '<tr id="b"><td>403</td></tr>')]
    # A long row is sent as the cells that changed, unless its own tag or its number of cells changed.
    long = f'<table><tr id="a"><td>{"x" * SHORT_ROW}</td><td>200</td></tr></table>'
    assert changed_parts(long, long.replace("<td>200</td>", "<td>403</td>")) == [(0, 1, "<td>403</td>")]
    tag = changed_parts(long, long.replace('<tr id="a">', '<tr id="a" class="x">'))
    assert tag is not None and [len(part) for part in tag] == [2]
    cells = changed_parts(long, long.replace("<td>200</td>", "<th>403</th><td></td>"))
    assert cells is not None and [len(part) for part in cells] == [2]
    assert split_cells('<tr class="a"><th scope="row">1</th> <td><textarea>2</textarea></td></tr>') == (
        ['<th scope="row">1</th>', "<td><textarea>2</textarea></td>"], ['<tr class="a">', " ", "</tr>"])
    assert changed_parts(table, table) is None  # nothing to change: the hash says so
    assert split_parts('<track src="x"><tr><td>1</td></tr>') == (["<tr><td>1</td></tr>"], ['<track src="x">', ""])


def test_opening_an_explanation_sends_the_rows_it_changes_and_its_own_row() -> None:
    current = answer(initial_state(FULL_PAGE))
    shown = {name: region["html"] for name, region in current["regions"].items()}

    opened = act(current, {"action": "explain", "cell": "r1"}, {name: region["hash"] for name, region in current["regions"].items()})

    requests = opened["regions"]["requests"]
    assert "html" not in requests and requests["from"] == current["regions"]["requests"]["hash"]
    [[at, taken, put]] = requests["splices"]
    assert (at, taken) == (1, 2)  # the rows of requests 1 and 2 (the head row is row 0)
    assert [text(row)[:2] for row in put[:2]] == ["1.", "2."]
    assert 'class="sim-explain-row"' in put[2] and "Decided by" in text(put[2])
    shown = shown_after(shown, opened["regions"])
    assert shown == fresh(opened["state"])

    closed = act(opened, {"action": "explain", "cell": "r1"}, {name: region["hash"] for name, region in opened["regions"].items()})

    assert [splice[:2] for splice in closed["regions"]["requests"]["splices"]] == [[1, 3]]
    assert shown_after(shown, closed["regions"]) == fresh(closed["state"])


def test_rows_are_spliced_only_next_to_a_kept_row_of_the_same_table_part() -> None:
    table = '<table><thead><tr id="h"></tr></thead><tbody><tr id="a"></tr><tr id="b"></tr></tbody></table>'
    assert patch(table, table.replace('<tr id="a">', '<tr id="x"></tr><tr id="a">')) == {"splices": [[1, 0, ['<tr id="x"></tr>']]]}
    assert patch(table, table.replace('<tr id="a"></tr>', "")) == {"splices": [[1, 1, []]]}
    assert patch(table, table.replace('<tr id="b"></tr>', '<tr id="b"></tr><tr id="c"></tr>')) == {
        "splices": [[2, 1, ['<tr id="b"></tr>', '<tr id="c"></tr>']]]}  # after the last: the last is sent again
    # One moved: taken out here, put in there, the rows between neither sent nor touched.
    moved = table.replace("<tr id=\"h\"></tr></thead><tbody>", "<tr id=\"h\"></tr></thead><tbody><tr id=\"c\"></tr>")
    assert patch(moved, moved.replace('<tr id="c"></tr>', "").replace('<tr id="b"></tr>', '<tr id="b"></tr><tr id="c"></tr>')) == {
        "splices": [[1, 1, []], [3, 1, ['<tr id="b"></tr>', '<tr id="c"></tr>']]]}
    assert patch(table, table.replace('<tr id="a">', '<tr id="x"></tr> <tr id="a">')) is None  # text between rows
    assert patch(table, table.replace("</tbody>", '</tbody><tbody><tr id="c"></tr>')) is None  # another table part
    assert patch(table, table.replace("<table>", "<p>3 rows</p><table>").replace('<tr id="a"></tr>', "")) is None
    assert patch(table, table) is None


def test_an_explanation_moved_to_a_far_request_sends_the_rows_it_leaves_and_reaches_not_those_between() -> None:
    current = answer(initial_state(FULL_PAGE))
    for index in range(20):
        current = act(current, {"action": "paste", "fields": {"text": f'PATCH hat name[en_US]="Straw hat {index}" → 204 draft'}}, None)
    current = act(current, {"action": "explain", "cell": "r1"}, None)
    shown = {name: region["html"] for name, region in current["regions"].items()}

    moved = act(current, {"action": "explain", "cell": "r22"}, {name: region["hash"] for name, region in current["regions"].items()})

    requests = moved["regions"]["requests"]
    # Request 2 (its tab stop) with the explanation below it taken out; request 23 (the clicked one)
    # with its explanation put in; the 20 rows between them are left as they were.
    assert [[at, taken, [text(row)[:4] for row in put]] for at, taken, put in requests["splices"]] == [
        [2, 2, ["2. P"]], [24, 1, ["23. ", "Why:"]]]
    assert "parts" not in requests
    sent = [html for splice in requests["splices"] for html in splice[2]] + [part[-1] for part in requests.get("parts", [])]
    assert sum(map(len, sent)) < len(shown["requests"]) / 8
    assert shown_after(shown, moved["regions"]) == fresh(moved["state"])


def test_every_answer_of_a_walk_applied_as_the_page_does_is_a_fresh_drawing() -> None:
    for name, origin, first in WALKS:
        pick = random.Random(f"rows {name}")
        current = answer(initial_state(origin))
        for event in first:
            current = act(current, event, None)
        shown = {region: value["html"] for region, value in current["regions"].items()}
        patched = spliced = 0
        for step in range(60):
            offered = list(events({k: {"html": v} for k, v in shown.items() if k != "catalog"}, pick))
            event = pick.choice(offered)
            hashes = {region: value["hash"] for region, value in current["regions"].items()}
            current = act(current, event, hashes)
            patched += sum("parts" in region for region in current["regions"].values())
            spliced += sum("splices" in region for region in current["regions"].values())
            shown = shown_after(shown, current["regions"])
            assert shown == fresh(current["state"]), f"{name}, step {step}: {event}"
        assert patched > 0, name
        assert spliced > 0, name


def test_marked_elements_are_parts_with_what_they_hold_and_rows_hold_theirs() -> None:
    html = ('<div class="sim-head" data-part="head"><div>Edition</div><p>EE</p></div>'
            '<div class="sim-editor"><table><tr><td><span data-part="cell">Own</span></td></tr>'
            '<tr><td>Edit</td></tr></table><fieldset data-part="scopes"><tr></tr></fieldset></div>')

    parts, gaps = split_parts(html)

    assert parts == [
        '<div class="sim-head" data-part="head"><div>Edition</div><p>EE</p></div>',  # its inner <div> counted
        '<tr><td><span data-part="cell">Own</span></td></tr>',  # the part inside a row is the row's
        "<tr><td>Edit</td></tr>",
        '<fieldset data-part="scopes"><tr></tr></fieldset>',  # and the row inside a part the part's
    ]
    assert gaps == ["", '<div class="sim-editor"><table>', "", "</table>", "</div>"]
    assert split_parts('<p title="a data-part=&quot;x&quot;">data-part="y"</p>') == ([], ['<p title="a data-part=&quot;x&quot;">data-part="y"</p>'])


def test_a_level_change_on_the_full_page_sends_the_setups_changed_parts_not_the_whole_setup() -> None:
    current = answer(initial_state(FULL_PAGE))
    shown = {name: region["html"] for name, region in current["regions"].items()}

    reply = act(current, {"action": "all-level", "axis": "locales", "value": "view"},
                {name: region["hash"] for name, region in current["regions"].items()})

    setup = reply["regions"]["setup"]
    assert "html" not in setup and setup["from"] == current["regions"]["setup"]["hash"]
    whole = [text(part[-1])[:60] for part in setup["parts"] if len(part) == 2]
    assert whole == [
        "Untitled scenario Changed from the example “An ERP App ownin",  # the head: what changed, the grants
        "Undo View on all locales Redo Copy link Pin as “before” Rest",  # the tools: Undo says what it undoes
        "Title Notes",  # the title's field: the example's own title is no longer the scenario's
    ]
    assert "Locales View on all locales" in text(setup["parts"][0][-1])
    # The rows of All locales and the three locales, sent as their View and Edit cells (which is ticked).
    cells = [part for part in setup["parts"] if len(part) == 3]
    assert [part[:2] for part in cells] == [[row, cell] for row in (11, 12, 13, 14) for cell in (2, 3)]
    assert [" checked" in part[2] for part in cells] == [True, False] * 4
    assert sum(len(part[-1]) for part in setup["parts"]) < len(shown["setup"]) / 5
    assert shown_after(shown, reply["regions"]) == fresh(reply["state"])


def test_an_edition_change_sends_the_setups_and_the_catalogs_changed_parts() -> None:
    current = answer(initial_state(FULL_PAGE))
    shown = {name: region["html"] for name, region in current["regions"].items()}

    reply = act(current, {"action": "edition", "value": "GE"}, {name: region["hash"] for name, region in current["regions"].items()})

    setup, catalog = reply["regions"]["setup"], reply["regions"]["catalog"]
    assert "html" not in setup and "html" not in catalog
    assert [text(part[-1])[:40] for part in setup["parts"]][1:5] == [
        "Example An ERP App owning the Master cat",
        "The user's role has Manage apps",  # the EE permission-managing ones gone with EE
        "Undo edition GE Redo Copy link Pin as “b",
        "Grants GE has no permissions: the grants",
    ]
    assert text(catalog["parts"][0][1]).startswith("The App can see 7 of 7 products")  # GE has no permissions
    assert sum(len(part[-1]) for part in catalog["parts"]) < len(shown["catalog"]) / 4
    assert shown_after(shown, reply["regions"]) == fresh(reply["state"])
