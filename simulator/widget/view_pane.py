"""Under a focused block: the switch to the whole simulator, and the full page.

A block that shows one part of the simulator (``view=wizard``, ``view=summary,grid``)
ends with one control, "Show the whole simulator", that shows every pane in place,
the reader's work kept (it is one more field of the state, so a reload or a return by
instant navigation shows what the reader chose), and a link that opens the scenario
on screen, the reader's changes included, in the full-page simulator. A block that
shows the wizard alone says, until the wizard is confirmed, that the App is not
connected yet and what happens next, never its answers. While the setup
pane is not on screen, the notices it would show (a link that did not open, a click
the wizard refused) are said here.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import quote

from simulator.connect import Step
from simulator.widget.markup import e
from simulator.widget.memo import scenario_link
from simulator.widget.state import ANSWER_PANES, Pane, WidgetState, wizard_of

WHOLE_LABEL: Final = "Show the whole simulator"
NOT_YET: Final = "Not connected yet: the App gets its answers once the wizard is confirmed."

FULL_PAGE_LABEL: Final = "Open this example in the full-page simulator"


def whole_switch(key: str) -> str:
    """The switch's element id: focus stays on it when the panes around it change."""
    return f"{key}-whole"


def view_pane(state: WidgetState) -> str:
    """The switch, the link and the notice; empty for a block that shows every pane."""
    if not state.origin.view:
        return ""
    key = state.key
    checked = " checked" if state.whole else ""
    out = []
    if not state.panes & ANSWER_PANES and state.scenario.user.manage_apps and wizard_of(state).step is not Step.DONE:
        out.append(f'<p class="sim-view-next">{e(NOT_YET)}</p>')  # what happens next, never the answers
    out += [
        '<p class="sim-view-tools">'
        f'<label class="sim-view-whole" for="{e(whole_switch(key))}"><input type="checkbox" id="{e(whole_switch(key))}"'
        f' data-action="whole"{checked}> {e(WHOLE_LABEL)}</label>'
    ]
    if state.origin.workbench:
        out.append(f' <a class="sim-view-full" href="{e(full_page_link(state))}">{e(FULL_PAGE_LABEL)}</a>')
    out.append("</p>")
    if state.notice and Pane.SETUP not in state.panes:
        out.append(f'<p class="sim-notice" role="status">{e(state.notice)}</p>')
    return "".join(out)


def full_page_link(state: WidgetState) -> str:
    """The full-page simulator on this scenario (a bare fragment opens in its widget),
    with the product whose values are shown when it is not the catalog's first."""
    link = f"{state.origin.workbench}#{scenario_link(state.scenario)}"
    catalog = state.catalog()
    first = catalog.products[0].identifier if catalog.products else ""
    if state.product and state.product != first:
        link += f";product={quote(state.product, safe='')}"
    return link
