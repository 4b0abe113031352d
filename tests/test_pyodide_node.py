"""The simulator answers the same in Pyodide as in CPython, to the byte.

The browser runs ``simulator.web.handle`` in Pyodide (Python 3.14); the site build and
the tests run it in CPython. ``tests/js/pyodide_node.mjs`` boots the npm package's
Pyodide in Node, installs the wheel the site build makes, and answers the same
requests; both must give the literal answers below. The corpus grows with the ops.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import simulator
from helpcenter.runtime_assets import SIMULATOR_DIR, publish_runtime
from simulator.web import handle

pytestmark = pytest.mark.slow

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HARNESS = PROJECT_ROOT / "tests" / "js" / "pyodide_node.mjs"


class Case(NamedTuple):
    """One call of ``handle``; both arguments are strings, as the worker guarantees."""

    op: str
    payload_json: str
    answer: str


CORPUS: dict[str, Case] = {
    "echo keeps keys, unicode and numbers": Case(
        "echo",
        '{"locale": "fr_FR", "label": "Chapeau tressé 🎩", "levels": [0, 1.5, -2e-7, 1e21],'
        ' "enabled": true, "family": null}',
        '{"result":{"enabled":true,"family":null,"label":"Chapeau tress\\u00e9 \\ud83c\\udfa9",'
        '"levels":[0,1.5,-2e-07,1e+21],"locale":"fr_FR"}}',
    ),
    "echo keeps markup as text": Case(
        "echo", '"<img src=x onerror=alert(1)>"', '{"result":"<img src=x onerror=alert(1)>"}'
    ),
    "echo keeps a lone surrogate": Case("echo", '"\\ud800"', '{"result":"\\ud800"}'),
    "echo of nothing": Case("echo", "null", '{"result":null}'),
    "unknown op": Case(
        "evaluate-everything",
        "null",
        '{"error":{"message":"unknown op \'evaluate-everything\'; known ops: echo, ping, widget.act, widget.export, widget.import, widget.link, widget.open, widget.render",'
        '"type":"UnknownOp"}}',
    ),
    "payload that is not JSON": Case(
        "echo",
        "{scope: read_products}",
        '{"error":{"message":"payload is not valid JSON: \'{scope: read_products}\'",'
        '"type":"BadPayload"}}',
    ),
    # Python 3.13 changed both json's message and its position for this one.
    "trailing comma": Case(
        "echo",
        '["read_products",]',
        '{"error":{"message":"payload is not valid JSON: \'[\\"read_products\\",]\'",'
        '"type":"BadPayload"}}',
    ),
    "empty payload": Case(
        "echo", "", '{"error":{"message":"payload is not valid JSON: \'\'","type":"BadPayload"}}'
    ),
    "NaN": Case(
        "echo",
        "[NaN]",
        '{"error":{"message":"payload is not valid JSON: NaN is not a JSON number",'
        '"type":"BadPayload"}}',
    ),
    "number out of range": Case(
        "echo",
        "1e400",
        '{"error":{"message":"payload is not valid JSON: 1e400 is out of range",'
        '"type":"BadPayload"}}',
    ),
    "nesting at the limit": Case("echo", "[" * 64 + "]" * 64, '{"result":' + "[" * 64 + "]" * 64 + "}"),
    # Unchecked, this one is a fatal error for Pyodide (JavaScript stack overflow).
    "nesting past the limit": Case(
        "echo",
        "[" * 100_000,
        '{"error":{"message":"payload is nested too deeply (more than 64 levels)",'
        '"type":"BadPayload"}}',
    ),
    "brackets inside strings do not count": Case(
        "echo", '"' + "[" * 100 + '"', '{"result":"' + "[" * 100 + '"}'
    ),
}


class PyodideRun(NamedTuple):
    pyodide: str
    timings: dict[str, int]
    ping: dict[str, Any]
    answers: dict[str, str]


@pytest.fixture(scope="module")
def pyodide_run(tmp_path_factory: pytest.TempPathFactory) -> PyodideRun:
    """The whole corpus (and a ping) answered by one Pyodide boot in Node."""
    node = shutil.which("node")
    assert node, "Node.js is needed to run Pyodide outside the browser (see the Makefile)"
    site = tmp_path_factory.mktemp("site")
    publish_runtime(PROJECT_ROOT, site)
    requests = [{"op": "ping", "payload_json": "null"}] + [
        {"op": case.op, "payload_json": case.payload_json} for case in CORPUS.values()
    ]
    run = subprocess.run(
        [node, str(HARNESS), str(site / SIMULATOR_DIR)],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        timeout=180,
        cwd=PROJECT_ROOT,
    )
    assert run.returncode == 0, run.stderr
    output = json.loads(run.stdout)
    ping, *answers = output["answers"]
    print(f"\nPyodide {output['pyodide']} in Node, ms: {output['timings']}")
    return PyodideRun(
        pyodide=output["pyodide"],
        timings=output["timings"],
        ping=json.loads(ping),
        answers=dict(zip(CORPUS, answers, strict=True)),
    )


def test_ping_answers_from_pyodide_with_the_simulator_version(pyodide_run: PyodideRun) -> None:
    answer = pyodide_run.ping["result"]

    assert answer["simulator"] == simulator.__version__
    assert answer["protocol"] == 1
    assert answer["platform"] == "emscripten"
    assert answer["python"].startswith("3.14.")
    assert pyodide_run.pyodide == "314.0.7"


@pytest.mark.parametrize("name", CORPUS)
def test_cpython_and_pyodide_give_the_same_answer(pyodide_run: PyodideRun, name: str) -> None:
    case = CORPUS[name]

    assert handle(case.op, case.payload_json) == case.answer
    assert pyodide_run.answers[name] == case.answer
