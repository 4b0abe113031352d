"""The catalog editor inside the workbench's full page, in Python: each form the page
sends is an edit of the scenario's catalog that re-answers at once, keeps the grants of
what it renamed, can be undone, and says what it did under its form; a refused edit
keeps what was typed and says why, and changes nothing."""

from __future__ import annotations

import html
import re

from simulator.widget import Origin, Tools, initial_state, render_regions
from simulator.widget.events import act_on
from simulator.widget.state import WidgetState

FULL = Origin("erp-owns-master", tools=Tools.FULL)
KEY = "simulator-erp-owns-master"


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def edit(state: WidgetState, name: str, **fields: str) -> tuple[WidgetState, str]:
    done = act_on(state, {"action": "catalog-edit", "fields": {"edit": name, **fields}})
    return done.state, done.focus


def summary(state: WidgetState) -> str:
    found = re.search(r'<p class="sim-summary-text">(.*?)</p>', render_regions(state)["summary"])
    assert found is not None
    return text_of(found[1])


def test_a_tree_renamed_in_the_page_keeps_its_grant_and_its_answers_and_undo_brings_it_back() -> None:
    state = initial_state(FULL)
    before = summary(state)
    renamed, focus = edit(state, "category-rename", code="master", new_code="catalogue_fr", label="Catalogue FR")

    assert [t.code for t in renamed.catalog().trees] == ["catalogue_fr", "ecommerce", "print"]
    permissions = renamed.scenario.to_dict()["permissions"]
    assert permissions["categories"] == {"own": ["catalogue_fr"]}  # type: ignore[index]
    assert summary(renamed) == before  # the same products, the same grant: the same answers
    catalog = render_regions(renamed)["catalog"]
    said = re.search(rf'<p class="sim-edit-done" role="status" id="{KEY}-edit-category-rename-said"[^>]*>(.*?)</p>',
                     catalog)
    assert said is not None and "catalogue_fr" in text_of(said[1])
    assert focus == f"{KEY}-edit-category-rename-said"
    assert "Catalogue FR" in text_of(render_regions(renamed)["setup"])

    undone = act_on(renamed, {"action": "undo"}).state
    assert [t.code for t in undone.catalog().trees] == ["master", "ecommerce", "print"]
    assert "sim-edit-done" not in render_regions(undone)["catalog"]  # the outcome was of the undone setup


def test_a_product_added_in_the_page_is_answered_at_once() -> None:
    state = initial_state(FULL)
    rows = summary(state)
    added, _ = edit(state, "product-add", identifier="beret", categories="master")

    assert "beret" in added.catalog().product_by_identifier
    assert " 7 products × " in rows and " 8 products × " in summary(added)
    assert "beret" in render_regions(added)["grid"]


def test_a_refused_edit_keeps_what_was_typed_and_says_why_under_its_form() -> None:
    state = initial_state(FULL)
    refused, focus = edit(state, "category-add", code="master", parent="", label="Once more")

    assert refused.scenario == state.scenario and refused.past == state.past
    catalog = render_regions(refused)["catalog"]
    said = re.search(rf'<p class="sim-notice sim-edit-refused" role="alert" id="{KEY}-edit-category-add-said"[^>]*>'
                     r"(.*?)</p>", catalog)
    assert said is not None and "master" in text_of(said[1])
    assert focus == f"{KEY}-edit-category-add-said"
    assert f'id="{KEY}-edit-category-add-label" name="label" autocomplete="off" spellcheck="false" value="Once more"' \
        in catalog
    assert f'<details class="sim-catalog-editor" id="{KEY}-catalog-editor" open>' in catalog


def test_a_form_that_is_not_texts_is_refused_by_name() -> None:
    state = initial_state(FULL)
    try:
        act_on(state, {"action": "catalog-edit", "fields": {"edit": "locale-add", "code": 3}})
    except ValueError as error:
        assert "catalog-edit: the form's fields are texts" in str(error)
    else:
        raise AssertionError("a form of numbers was taken")


def test_every_id_of_the_full_page_is_its_own() -> None:
    from collections import Counter

    from simulator.widget import render

    ids = Counter(re.findall(r'\sid="([^"]+)"', render(initial_state(FULL))))
    assert [name for name, count in ids.items() if count > 1] == []
