"""A pasted App log with calls the simulator does not model, opened by its link in the
workbench in Chromium: every line is answered, the unmodelled ones marked "not
simulated" (never a whole-scenario error), and the explanation says why and what the
simulator answers."""

from __future__ import annotations

from pathlib import Path

import pytest
import widget_page
from playwright.sync_api import Page

from simulator.scenarios import encode_link, load_scenario

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KEY = "simulator-erp-owns-master"
LOG = Path(__file__).resolve().parent.parent / "fixtures" / "unsimulated-log.scenario.json"


def badge(page: Page, index: int) -> str:
    return " ".join((page.locator(f"#{KEY}-r{index}").text_content() or "").split())


def test_a_log_with_unmodelled_calls_opens_with_every_line_answered(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}simulator.html#{KEY}:{encode_link(load_scenario(LOG))}")
    widget_page.live(page, KEY)

    assert [badge(page, index) for index in range(12)] == [
        "✓ 200 applied", "? 501 not simulated", "? 501 not simulated", "? 501 not simulated", "? 501 not simulated",
        "? 501 not simulated", "✓ 200 applied", "? 501 not simulated", "⊘ 404 invisible", "✗ 404 refused",
        "✗ 405 refused", "✓ 200 applied",
    ]
    assert "An App's log with calls the simulator does not model" in (page.locator(f"#{KEY}").text_content() or "")

    page.locator(f"#{KEY}-r1").click()
    explanation = page.locator(f"#{KEY}-explanation")
    explanation.wait_for()
    text = " ".join((explanation.text_content() or "").split())
    assert "Not simulated: the PIM has GET /api/rest/v1/measurement-families (the API reference's " \
           "measurement_families_get_list)" in text
    assert "It answers products and product models (by identifier and by uuid" in text
    assert explanation.locator("a[href='http://api.akeneo.com/api-reference.html#measurement_families_get_list']") \
        .count() == 1
