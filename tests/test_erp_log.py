"""A night of an ERP App's requests, pasted from its log (docs/scenarios/erp-log.scenario.json):
twenty mixed calls (products-uuid, bulk PATCH, categories, typed values) that the
simulator answers, none "not simulated", the same on the command line and in the page."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

from simulator.scenarios import evaluate, load_scenario
from simulator.web import handle
from simulator.widget import Origin, Tools, initial_state, state_to_dict

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "docs" / "scenarios" / "erp-log.scenario.json"


def test_the_log_holds_twenty_mixed_requests_that_all_answer_as_expected() -> None:
    scenario = load_scenario(LOG)
    paths = [request.path for request in scenario.requests]

    assert len(scenario.requests) == 20
    assert any("/products-uuid" in path for path in paths)
    assert any("/categories" in path for path in paths)
    assert any(request.method == "PATCH" and isinstance(request.body, list) for request in scenario.requests)
    evaluation = evaluate(scenario)
    assert evaluation.holds, evaluation.failures
    for result in evaluation.results:
        assert result.answer is not None
        assert "not simulated" not in result.answer.message
        assert "not simulated" not in result.explanation


def test_the_command_line_and_the_page_give_the_same_answers() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "simulator", "evaluate", "--json", str(LOG)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    command_line = [(item["status"], item["effect"]) for item in json.loads(run.stdout)]

    state = state_to_dict(initial_state(Origin("erp-owns-master", tools=Tools.FULL)))
    answer = json.loads(handle("widget.import", json.dumps({"state": state, "text": LOG.read_text("utf-8")})))
    html = answer["result"]["regions"]["requests"]["html"]
    key = answer["result"]["state"]["key"]
    shown = []
    for index in range(len(command_line)):
        found = re.search(rf'id="{re.escape(key)}-r{index}"[^>]*>(.*?)</button>', html, re.S)
        assert found is not None, index
        text = unescape(re.sub(r"<[^>]+>", "", found.group(1))).split()
        shown.append((int(text[-2]), text[-1]))
    assert shown == command_line

