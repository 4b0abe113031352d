"""The connected App's page in the workbench (Connected Apps > Manage app > Permissions),
in Python: reached from the wizard's last screen in EE only, its forms hold what the
App's user group holds, a box ticked there is the setup at once (the answers say "as
if saved"), Save says what the PIM says, undo brings the setup back, and a field the
role may not manage is read-only."""

from __future__ import annotations

import html
import re

from simulator.widget import Origin, Tools, act, initial_state, render_regions, state_from_json, state_to_json
from simulator.widget.events import act_on
from simulator.widget.state import WidgetState

FULL = Origin("erp-owns-master", tools=Tools.FULL)
KEY = "simulator-erp-owns-master"
VIEW_ON_PRINT = {"action": "manage-code", "axis": "categories", "level": "view", "code": "print", "on": True}


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def summary(state: WidgetState) -> str:
    return text_of(render_regions(state)["summary"])


def opened() -> WidgetState:
    done = act_on(initial_state(FULL), {"action": "manage-app"})
    assert done.focus == f"{KEY}-screen"
    return done.state


def test_the_wizards_last_screen_offers_manage_app_in_ee_only() -> None:
    wizard = text_of(render_regions(initial_state(FULL))["wizard"])
    assert wizard.endswith(
        "Later, its permissions are changed from Connect › Connected Apps › Manage app › Permissions: Manage app"
    )
    growth = act(initial_state(FULL), {"action": "edition", "value": "GE"})
    assert "Manage app" not in text_of(render_regions(growth)["wizard"])
    refused = act(growth, {"action": "manage-app"})
    assert refused.place == growth.place
    assert refused.notice == "“Manage app” is not offered here: GE has no permissions, so the App's page has no Permissions tab."


def test_the_apps_page_shows_the_pims_breadcrumb_tabs_and_the_apps_permissions() -> None:
    page = render_regions(opened())["wizard"]
    assert text_of(page).startswith(
        "Connect Connected Apps ERP Connector ERP Connector Settings Permissions Error monitoring "
        "What you tick here is the setup: the answers change at once, as if you had clicked “Save”. "
        "Of the App's page, only its Permissions tab is simulated. Categories Own All Master catalog Ecommerce Print"
    )
    assert '<li aria-current="page">Permissions</li>' in page
    own_master = re.search(r'<input type="checkbox" id="simulator-erp-owns-master-manage-f0-own-0"[^>]*>', page)
    assert own_master is not None and " checked" in own_master[0] and 'data-action="manage-code"' in own_master[0]
    assert re.search(r'<button[^>]*id="simulator-erp-owns-master-do-save"[^>]*disabled>Save</button>', page)


def test_a_box_ticked_on_the_apps_page_re_answers_at_once_until_save() -> None:
    page = opened()
    assert "12 applied, 0 draft, 0 refused, 16 invisible" in summary(page)
    changed = act(page, VIEW_ON_PRINT)

    assert "13 applied, 0 draft, 3 refused, 12 invisible" in summary(changed)
    assert "As if saved: the App’s page has unsaved changes. In the PIM the App gets these answers once you click “Save”" \
        in summary(changed)
    assert "Category trees Own on Master catalog, View on Print" in text_of(render_regions(changed)["setup"])
    app_page = render_regions(changed)["wizard"]
    assert "There are unsaved changes." in text_of(app_page)
    assert re.search(r'<button[^>]*id="simulator-erp-owns-master-do-save"[^>]*>Save</button>', app_page)
    assert "disabled>Save" not in app_page

    saved = act(changed, {"action": "manage-save"})
    assert saved.notice == "App settings successfully updated."
    assert "There are unsaved changes." not in text_of(render_regions(saved)["wizard"])
    assert "As if saved" not in summary(saved)
    assert "13 applied, 0 draft, 3 refused, 12 invisible" in summary(saved)

    undone = act(saved, {"action": "undo"})
    assert undone.notice == "Undone: View on print (Manage app)."
    assert undone.place.manage  # the reader stays on the App's page
    assert "12 applied, 0 draft, 0 refused, 16 invisible" in summary(undone)


def test_a_field_the_role_may_not_manage_is_read_only_on_the_apps_page() -> None:
    page = act(opened(), {"action": "role", "permission": "manage_category_permissions", "on": False})
    html_page = render_regions(page)["wizard"]
    assert "Categories Read-only: the user's role cannot manage permissions on categories." in text_of(html_page)
    own_master = re.search(r'<input type="checkbox" id="simulator-erp-owns-master-manage-f0-own-0"[^>]*>', html_page)
    assert own_master is not None and " disabled" in own_master[0]
    refused = act(page, VIEW_ON_PRINT)
    assert refused.scenario == page.scenario
    assert refused.notice == 'The categories fields are read-only: the user\'s role lacks "Manage category permissions".'


def test_the_apps_page_survives_a_reload_and_closes_back_to_manage_app() -> None:
    changed = act(opened(), VIEW_ON_PRINT)
    again = state_from_json(state_to_json(changed))
    assert again.place == changed.place and again.place.unsaved

    closed = act_on(again, {"action": "manage-close"})
    assert closed.focus == f"{KEY}-do-manage"
    assert not closed.state.place.manage
    assert text_of(render_regions(closed.state)["wizard"]).startswith("Marketplace Authorizations Permissions Summary Well done!")
    assert "Category trees Own on Master catalog, View on Print" in text_of(render_regions(closed.state)["setup"])
