"""``python -m simulator``: what support staff and CI see, and the exit codes they rely on."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from simulator.cli import main
from simulator.scenarios import encode_link, preset

ROOT = Path(__file__).resolve().parent.parent


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def write_scenario(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_presets_lists_every_preset_with_its_title() -> None:
    code, out, _ = run("presets")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [
        "erp-owns-master", "hat-and-braided-hat", "translation-app",
        "ecommerce-attribute-groups", "no-scope-app", "user-without-manage-apps",
        "erp-sync-prices-stock", "ecommerce-channel-app",
    ]
    assert "Hat and Braided hat: an App owning the Ecommerce tree" in lines[1]


def test_apps_lists_the_marketplace_with_scopes() -> None:
    code, out, _ = run("apps")
    assert code == 0
    assert "translation_app  Translation App: read_products write_products read_catalog_structure read_channel_localization" in out
    assert "no_scope_app     Dashboard App: (no scope)" in out


def test_evaluate_hat_and_braided_hat_gives_the_articles_answers() -> None:
    """Article, Category trees example: Hat editable and deletable, Braided hat 404."""
    code, out, _ = run("evaluate", "hat-and-braided-hat", "--json")
    assert code == 0
    answers = json.loads(out)
    assert [(a["method"], a["path"], a["status"], a["effect"]) for a in answers] == [
        ("GET", "/api/rest/v1/products/hat", 200, "applied"),
        ("PATCH", "/api/rest/v1/products/hat", 204, "applied"),
        ("DELETE", "/api/rest/v1/products/hat", 204, "applied"),
        ("GET", "/api/rest/v1/products/braided_hat", 404, "invisible"),
        ("PATCH", "/api/rest/v1/products/braided_hat", 404, "invisible"),
        ("POST", "/api/rest/v1/products", 201, "applied"),
    ]
    assert answers[3]["message"] == 'Product "braided_hat" does not exist or you do not have permission to access it.'
    assert all(answer["explanation"] for answer in answers)


def test_evaluate_translation_app_refuses_french_and_drafts_english() -> None:
    """Article, Locales example: View on fr_FR answers 403, Edit on en_US succeeds."""
    code, out, _ = run("evaluate", "translation-app", "--json")
    assert code == 0
    answers = json.loads(out)
    assert (answers[1]["status"], answers[1]["message"]) == (403, 'You only have a view permission on the locale "fr_FR".')
    assert answers[1]["decided_by"] == "locale"
    assert answers[1]["smallest_grant"] == "Also grant Edit on locale fr_FR."
    assert (answers[2]["status"], answers[2]["effect"]) == (204, "draft")


def test_evaluate_prints_a_readable_table() -> None:
    code, out, _ = run("evaluate", "translation-app")
    assert code == 0
    assert "App: Translation App (translation_app), EE" in out
    row = next(line for line in out.splitlines() if line.startswith("1 "))
    assert row.split()[1:7] == ["PATCH", "/api/rest/v1/products/hat", "403", "refused", "locale", "ok"]
    assert row.endswith('You only have a view permission on the locale "fr_FR".')


def test_evaluate_opens_a_link_and_a_file(tmp_path: Path) -> None:
    link = encode_link(preset("no-scope-app"))
    assert json.loads(run("evaluate", link, "--json")[1])[0]["status"] == 403
    path = write_scenario(tmp_path, preset("no-scope-app").to_dict())
    assert json.loads(run("evaluate", path, "--json")[1])[0]["status"] == 403


def test_explain_lists_the_checks_the_deciding_layer_and_the_smallest_grant() -> None:
    code, out, _ = run("explain", "translation-app", "PATCH /api/rest/v1/products/hat")
    assert code == 0
    assert out.splitlines()[:2] == [
        "requests[1]: PATCH /api/rest/v1/products/hat",
        'Answer: 403 refused: You only have a view permission on the locale "fr_FR".',
    ]
    assert "3. FAIL [locale] Changing name (fr_FR) needs Edit on fr_FR; the App has View." in out
    assert "see articles/how-to-connect-my-pim-with-apps.md#example-2" in out
    assert "Decided by: locale" in out
    assert "Smallest extra grant: Also grant Edit on locale fr_FR." in out


def test_explain_by_index() -> None:
    code, out, _ = run("explain", "hat-and-braided-hat", "3")
    assert code == 0
    assert out.startswith("requests[3]: GET /api/rest/v1/products/braided_hat\nAnswer: 404 invisible")


@pytest.mark.parametrize("preset_id", ["erp-owns-master", "hat-and-braided-hat", "translation-app",
                                       "ecommerce-attribute-groups", "no-scope-app", "user-without-manage-apps"])
def test_check_holds_for_every_preset(preset_id: str) -> None:
    code, out, _ = run("check", preset_id)
    assert code == 0
    assert out.splitlines()[-1].endswith(("expectations hold.", "nothing to check."))


def test_check_exits_1_with_a_diff_on_a_mismatch(tmp_path: Path) -> None:
    data = preset("translation-app").to_dict()
    data["requests"][1]["expect"] = {"status": 204, "message": "draft"}
    code, out, _ = run("check", write_scenario(tmp_path, data))
    assert code == 1
    assert out.splitlines() == [
        "MISMATCH requests[1]: PATCH /api/rest/v1/products/hat",
        "  status: expected to be 204",
        "          got 403",
        '  message: expected to contain "draft"',
        '           got "You only have a view permission on the locale \\"fr_FR\\"."',
        "2 of 7 expectations do not hold.",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["evaluate", "nowhere"], 'error: "nowhere" is neither a preset'),
        (["evaluate", "s1.AAAA"], "error: cannot open the link: the link's data is damaged"),
        (["explain", "translation-app", "9"], "error: no request 9: the scenario has requests 0 to 3"),
        (["explain", "translation-app", "PUT /x"], 'error: no request "PUT /x" in the scenario'),
    ],
)
def test_bad_input_exits_2_with_the_error_on_stderr(argv: list[str], message: str) -> None:
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert err.startswith(message)


def test_a_bad_scenario_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    data = {**preset("translation-app").to_dict(), "edition": "XE"}
    path = write_scenario(tmp_path, data)
    code, _, err = run("check", path)
    assert code == 2
    assert err == f'error: {path}: edition: expected one of CE, GE, EE, got "XE"\n'


def test_link_prints_a_fragment_that_opens_the_same_scenario() -> None:
    code, out, _ = run("link", "translation-app")
    assert code == 0
    assert out.startswith("s1.")
    assert run("evaluate", out.strip(), "--json")[1] == run("evaluate", "translation-app", "--json")[1]


def test_schema_prints_the_shipped_json_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0
    assert json.loads(out)["properties"]["version"] == {
        "const": 1, "description": "The format version. A reader refuses a version it does not know."
    }


def test_python_dash_m_simulator_runs_and_has_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "--help"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    for command in ("presets", "apps", "evaluate", "explain", "check", "link", "schema"):
        assert command in done.stdout


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """`python -m simulator evaluate --json … | head -1` ends quietly, exit 0."""
    process = subprocess.Popen(
        [sys.executable, "-m", "simulator", "evaluate", "--json", "hat-and-braided-hat"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the first line is written
    error = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in error
