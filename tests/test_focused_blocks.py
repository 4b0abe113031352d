"""Focused blocks in Python: a block's ``view=`` shows the part its section teaches, the
reader opens the whole simulator in place with their work kept, and the full-page link
opens the scenario on screen.

What a reader checks: the Marketplace block shows the card and nothing else, the
switch brings every pane (the setup, the answers) without losing a change, a reload
shows what they chose, the full-page link opens their scenario, and a shared link shows
its setup whole.
"""

from __future__ import annotations

import html
import re

from simulator.scenarios import decode_link
from simulator.widget import Origin, Pane, act, initial_state, origin_from_block, render, render_regions
from simulator.widget.fragment import read_fragment
from simulator.widget.ops import WIDGET_OPS
from simulator.widget.state import state_from_json, state_to_dict, state_to_json

MARKETPLACE = origin_from_block("erp-owns-master step=marketplace view=wizard", "")
LOCALES = Origin("translation-app", product="hat", view=(Pane.VALUES,), workbench="../simulator.html")


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def shown(regions: dict[str, str]) -> set[str]:
    return {name for name, inner in regions.items() if inner}


def test_a_focused_block_shows_its_part_and_the_switch_only() -> None:
    regions = render_regions(initial_state(MARKETPLACE))

    assert shown(regions) == {"wizard", "view"}
    assert "ERP Connector" in text_of(regions["wizard"])
    switch = re.search(r'<label[^>]*>(<input[^>]*>) ([^<]*)</label>', regions["view"])
    assert switch is not None and switch[2] == "Show the whole simulator"
    assert 'type="checkbox"' in switch[1] and 'data-action="whole"' in switch[1] and "checked" not in switch[1]


def test_a_block_without_a_view_shows_every_pane_and_no_switch() -> None:
    regions = render_regions(initial_state(Origin("erp-owns-master")))

    assert shown(regions) == {"setup", "wizard", "summary", "requests", "grid", "values"}


def test_the_whole_simulator_keeps_the_readers_work_and_comes_back_after_a_reload() -> None:
    state = act(initial_state(LOCALES), {"action": "product", "value": "braided_hat"})
    whole = act(state, {"action": "whole", "on": True})

    regions = render_regions(whole)
    assert shown(regions) == {"setup", "wizard", "summary", "requests", "grid", "values", "view"}
    assert whole.product == "braided_hat" and whole.scenario == state.scenario
    assert 'data-action="whole" checked' in regions["view"]
    assert state_from_json(state_to_json(whole)) == whole  # the page keeps it with the state

    again = act(act(whole, {"action": "edition", "value": "GE"}), {"action": "whole", "on": False})
    assert shown(render_regions(again)) == {"values", "view"}
    assert again.scenario.edition.value == "GE"


def test_the_switch_keeps_the_focus() -> None:
    answered = WIDGET_OPS["widget.act"]({
        "state": state_to_dict(initial_state(MARKETPLACE, "simulator-erp-owns-master")),
        "event": {"action": "whole", "on": True},
    })
    assert answered["focus"] == "simulator-erp-owns-master-whole"  # type: ignore[index]
    assert 'id="simulator-erp-owns-master-whole"' in answered["regions"]["view"]["html"]  # type: ignore[index]


def test_the_full_page_link_opens_the_scenario_on_screen() -> None:
    state = act(act(initial_state(LOCALES), {"action": "edition", "value": "GE"}), {"action": "product", "value": "braided_hat"})
    link = re.search(r'<a class="sim-view-full" href="([^"]+)">([^<]+)</a>', render_regions(state)["view"])

    assert link is not None and link[2] == "Open this example in the full-page simulator"
    page, _, fragment = html.unescape(link[1]).partition("#")
    assert page == "../simulator.html"
    read = read_fragment(fragment)
    assert read.key == "" and read.product == "braided_hat"
    assert decode_link(read.link) == state.scenario


def test_a_shared_link_opens_a_focused_block_whole() -> None:
    state = act(initial_state(LOCALES, "simulator-translation-app"), {"action": "edition", "value": "GE"})
    link = re.search(r'href="[^"#]*#([^"]+)"', render_regions(state)["view"])
    assert link is not None
    opened = WIDGET_OPS["widget.open"]({"state": state_to_dict(initial_state(LOCALES)), "link": html.unescape(link[1])})

    assert opened["opened"] is True  # type: ignore[index]
    assert opened["state"]["whole"] is True  # type: ignore[index]
    assert opened["regions"]["setup"]["html"]  # type: ignore[index]


def test_a_notice_shows_under_a_block_whose_setup_is_not_on_screen() -> None:
    opened = WIDGET_OPS["widget.open"]({"state": state_to_dict(initial_state(MARKETPLACE)), "link": "s1.eJzLSM3JyQcABiwCFQx"})
    view = opened["regions"]["view"]["html"]  # type: ignore[index]

    assert opened["opened"] is False  # type: ignore[index]
    assert re.search(r'<p class="sim-notice" role="status">The shared link does not open: [^<]+</p>', view)


def test_the_built_widget_holds_the_view_region_last() -> None:
    widget = render(initial_state(MARKETPLACE))

    names = re.findall(r'data-region="([a-z]+)"', widget)
    assert names[-1] == "view"
    assert re.search(r'data-region="view"[^>]*aria-label="The rest of the simulator"', widget)


def test_before_the_wizard_is_confirmed_a_focused_block_says_what_happens_next() -> None:
    state = initial_state(MARKETPLACE)
    said = text_of(render_regions(state)["view"])
    assert said.startswith("Not connected yet: the App gets its answers once the wizard is confirmed.")

    for do in ("connect", "allow_and_next", "next", "confirm"):
        state = act(state, {"action": "wizard", "do": do})
    regions = render_regions(state)
    assert "Well done!" in text_of(regions["wizard"])
    assert text_of(regions["view"]) == "Show the whole simulator"
    assert shown(regions) == {"wizard", "view"}  # still the section's part: the answers are one switch away


def test_a_user_who_cannot_connect_is_not_told_to_confirm() -> None:
    state = initial_state(origin_from_block("user-without-manage-apps step=marketplace view=wizard", ""))

    assert "Not connected yet" not in text_of(render_regions(state)["view"])


def test_a_permission_form_shown_alone_does_not_speak_of_answers_it_does_not_show() -> None:
    focused = initial_state(origin_from_block("erp-owns-master step=permissions view=wizard", ""))
    whole = act(focused, {"action": "whole", "on": True})

    assert "the answers change at once" not in text_of(render_regions(focused)["wizard"])
    assert "the answers change at once, as if you had confirmed" in text_of(render_regions(whole)["wizard"])
