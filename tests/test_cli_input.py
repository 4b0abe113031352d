"""The command line takes a link, the whole URL "Copy link" gives, a file or a preset, of
any length; its exit codes are distinct; what it prints never drives the terminal
(issue 14, the command line)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import cli
from simulator.scenarios import encode_link, preset, scenario_from_dict

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = json.loads((ROOT / "simulator" / "data" / "article.json").read_text("utf-8"))


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def inline_link(**fields: object) -> str:
    """A link that carries its own catalog: far longer than a file name may be."""
    scenario = {
        "version": 1, "catalog": ARTICLE, "edition": "EE", "app": "erp_connector",
        "permissions": {"categories": {"own": ["master"]}},
        "requests": [{"method": "GET", "path": "/api/rest/v1/products/hat", "expect": {"status": 200}}],
        **fields,
    }
    return encode_link(scenario_from_dict(scenario))


@pytest.mark.parametrize(
    "wrapping",
    [
        "{}",
        "#{}",
        "https://help.example/articles/simulator.html#{}",
        "https://help.example/articles/simulator.html#simulator-erp-owns-master:{}",
        "simulator-erp-owns-master:{}",
    ],
)
def test_a_long_link_opens_whole_or_as_the_page_copies_it(wrapping: str) -> None:
    link = inline_link()
    assert len(link) > 1_000  # longer than any file name the system takes (255 bytes)

    code, out, err = run("check", wrapping.format(link))

    assert (code, out, err) == (0, "All 1 expectations hold.\n", "")


def test_a_preset_link_copied_from_the_page_opens_its_scenario() -> None:
    link = f"https://help.example/simulator.html#simulator-erp-owns-master:{encode_link(preset('erp-owns-master'))}"
    code, out, _ = run("check", link)
    assert code == 0 and out.startswith("All ")


def test_a_name_too_long_for_a_file_is_bad_input_not_a_crash() -> None:
    code, out, err = run("evaluate", "x" * 5_000)
    assert (code, out) == (2, "")
    assert err.startswith('error: "xxxxxxxx') and "…" in err and len(err) < 400
    assert "OSError" not in err and "File name too long" not in err


def test_a_damaged_long_link_is_bad_input() -> None:
    code, _, err = run("check", inline_link()[:-40])
    assert code == 2 and err.startswith("error: cannot open the link: the link's data")


def test_control_characters_of_a_title_are_printed_as_escapes() -> None:
    code, out, _ = run("evaluate", inline_link(title="\x1b[2J\x1b]0;owned\x07 Cap\u202e"))
    assert code == 0
    assert out.splitlines()[0] == "\\u001b[2J\\u001b]0;owned\\u0007 Cap\\u202e"
    assert not any(character in out for character in "\x1b\x07\u202e")


def test_an_error_message_is_printed_escaped_too(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": 1, "catalog": "article", "edition": "EE", "app": "\x1b[31mred"}), "utf-8")
    code, _, err = run("check", str(bad))
    assert code == 2
    assert "\\u001b[31mred" in err and "\x1b" not in err


def test_a_mismatch_exits_with_1(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({
        "version": 1, "catalog": "article", "edition": "EE", "app": "erp_connector",
        "requests": [{"method": "GET", "path": "/api/rest/v1/products/hat", "expect": {"status": 200}}],
    }), "utf-8")
    assert run("check", str(wrong))[0] == 1


def test_a_bug_exits_with_3_and_says_it_is_one(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(cli, "evaluate", broken)
    code, out, err = run("check", "erp-owns-master")
    assert (code, out) == (3, "")
    assert err == "internal error: KeyError: 'a bug' (this is a bug of the simulator)\n"


def test_arguments_the_command_does_not_take_exit_with_2() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "check"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 2 and "the following arguments are required: SCENARIO" in done.stderr


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["evaluate", "-:"], "error: the following arguments are required: SCENARIO (see python -m simulator evaluate --help)\n"),
        (["evaluate", "hat", "extra"], "error: unrecognized arguments: extra (see python -m simulator --help)\n"),
        (["nope"], "error: argument COMMAND: invalid choice: 'nope' (choose from 'presets', 'apps', 'evaluate', 'explain', 'check', 'link', 'schema', 'import') (see python -m simulator --help)\n"),
    ],
)
def test_a_command_line_argparse_refuses_is_one_error_line(argv: list[str], said: str) -> None:
    code, out, err = run(*argv)
    assert (code, out, err) == (2, "", said)


def test_the_exit_codes_are_distinct_and_in_the_help() -> None:
    codes = [cli.EXIT_OK, cli.EXIT_MISMATCH, cli.EXIT_BAD_INPUT, cli.EXIT_INTERNAL_ERROR]
    assert codes == [0, 1, 2, 3]
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "--help"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "0 done, 1 an expectation does not hold (check), 2 bad input, 3 internal error" in " ".join(done.stdout.split())
