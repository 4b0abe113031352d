"""The simulator answers the same in Pyodide as in CPython, to the byte.

The browser runs ``simulator.web.handle`` in Pyodide (Python 3.14); the site build and
the tests run it in CPython. ``tests/js/pyodide_node.mjs`` boots the npm package's
Pyodide in Node, installs the wheel the site build makes, and answers the same
requests; both must give the literal answers below. The corpus grows with the ops.

Pyodide answers twice: booted the bare way, and restored from the memory snapshot the
site build makes (as the browser's worker boots on most visits); the snapshot must
change nothing: the same literal answers, and for the widget's operations the answers
CPython gives.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import simulator
from helpcenter.runtime_assets import SIMULATOR_DIR, publish_runtime
from simulator.web import handle
from simulator.widget import Origin, Tools, initial_state, origin_from_block, state_to_dict

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
        '{"error":{"message":"unknown op \'evaluate-everything\'; known ops: echo, import.begin, import.cancel, import.chunk, import.step, ping, widget.act, widget.export, widget.import, widget.link, widget.open, widget.render",'
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


ERP_LOG = PROJECT_ROOT / "docs" / "scenarios" / "erp-log.scenario.json"


def _preset_state(preset: str) -> dict[str, Any]:
    return state_to_dict(initial_state(Origin(preset, tools=Tools.FULL)))


def _widget_requests() -> dict[str, tuple[str, str]]:
    """The widget's operations on the prerendered states of two article blocks, and on
    typed values, channels, products-uuid, bulk PATCH and the catalog structure (the
    engine uses Decimal, uuid, urlencode and json in both runtimes)."""
    requests: dict[str, tuple[str, str]] = {}
    for block in ("erp-owns-master step=permissions", "hat-and-braided-hat step=summary"):
        state = state_to_dict(initial_state(origin_from_block(block, "")))
        for op in ("widget.render", "widget.link", "widget.export"):
            requests[f"{op} of `{block}`"] = (op, json.dumps({"state": state}))
    requests["the ERP log imported in the page"] = (
        "widget.import",
        json.dumps({"state": _preset_state("erp-owns-master"), "text": ERP_LOG.read_text("utf-8")}),
    )
    requests["the ERP bulk sync preset"] = ("widget.render", json.dumps({"state": _preset_state("erp-sync-prices-stock")}))
    requests["the channel e-commerce preset"] = (
        "widget.render", json.dumps({"state": _preset_state("ecommerce-channel-app")}),
    )
    return requests


WIDGET_REQUESTS = _widget_requests()


class PyodideRun(NamedTuple):
    pyodide: str
    booted_from: str
    timings: dict[str, int]
    ping: dict[str, Any]
    answers: dict[str, str]
    widget_answers: dict[str, str]


def _run(site: Path, *flags: str) -> PyodideRun:
    node = shutil.which("node")
    assert node, "Node.js is needed to run Pyodide outside the browser (see the Makefile)"
    requests = [{"op": "ping", "payload_json": "null"}]
    requests += [{"op": case.op, "payload_json": case.payload_json} for case in CORPUS.values()]
    requests += [{"op": op, "payload_json": payload} for op, payload in WIDGET_REQUESTS.values()]
    run = subprocess.run(
        [node, str(HARNESS), str(site / SIMULATOR_DIR), *flags],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=PROJECT_ROOT,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    output = json.loads(run.stdout)
    ping, *answers = output["answers"]
    print(f"\nPyodide {output['pyodide']} in Node, {output['from']} boot, ms: {output['timings']}")
    return PyodideRun(
        pyodide=output["pyodide"],
        booted_from=output["from"],
        timings=output["timings"],
        ping=json.loads(ping),
        answers=dict(zip(CORPUS, answers[: len(CORPUS)], strict=True)),
        widget_answers=dict(zip(WIDGET_REQUESTS, answers[len(CORPUS) :], strict=True)),
    )


@pytest.fixture(scope="module")
def runtime_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The runtime as the site build lays it out, snapshot included."""
    site = tmp_path_factory.mktemp("site")
    manifest = publish_runtime(PROJECT_ROOT, site)
    assert manifest["snapshot"], manifest.get("snapshotProblem")
    return site


@pytest.fixture(scope="module", params=["bare", "snapshot"])
def pyodide_run(request: pytest.FixtureRequest, runtime_site: Path) -> PyodideRun:
    """The whole corpus (and a ping) answered by one Pyodide in Node, booted both ways."""
    run = _run(runtime_site, *(["--snapshot"] if request.param == "snapshot" else []))
    assert run.booted_from == request.param
    return run


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


_FRESH_CPYTHON = """
import json, sys
from simulator.web import handle
requests = json.load(sys.stdin)
json.dump({name: handle(op, payload) for name, (op, payload) in requests.items()}, sys.stdout)
"""


@pytest.fixture(scope="module")
def fresh_cpython_answers() -> dict[str, str]:
    """The widget's answers from a CPython that has answered nothing before, as the
    Pyodide it is compared with (this test process has answered other tests' requests)."""
    done = subprocess.run(
        [sys.executable, "-c", _FRESH_CPYTHON], input=json.dumps(WIDGET_REQUESTS), capture_output=True, text=True,
        cwd=PROJECT_ROOT, check=True, timeout=600,
    )
    answers: dict[str, str] = json.loads(done.stdout)
    return answers


@pytest.mark.parametrize("name", WIDGET_REQUESTS)
def test_the_widget_answers_the_same_in_pyodide(
    pyodide_run: PyodideRun, fresh_cpython_answers: dict[str, str], name: str
) -> None:
    answer = fresh_cpython_answers[name]

    assert '"result"' in answer[:12], answer[:200]
    assert pyodide_run.widget_answers[name] == answer


def _with_the_snapshot(runtime_site: Path, body: str) -> str:
    """What Node prints running ``body`` with ``snapshot`` (the site's, read as the worker
    reads it), ``loadPyodide``, ``create`` and ``withRoomFor`` in scope."""
    node = shutil.which("node")
    assert node
    script = (
        "import { readFile } from 'node:fs/promises';"
        "import { loadPyodide } from 'pyodide';"
        "import { InitialMemory, readSnapshot, restoredAfter, withRoomFor }"
        f" from {json.dumps(str(PROJECT_ROOT / 'overrides/assets/js/simulator-heap.mjs'))};"
        "const { default: create } = await import(new URL('pyodide.asm.mjs', import.meta.resolve('pyodide')).href);"
        f"const dir = {json.dumps(str(runtime_site / SIMULATOR_DIR))} + '/';"
        "const m = JSON.parse(await readFile(dir + 'runtime.json', 'utf8'));"
        "const snapshot = new Uint8Array(m.snapshot.bytes);"
        # Its pages of the wasm's own data come from a module as instantiated: one restore fills them in.
        "const initial = new InitialMemory(m.snapshot.initial);"
        "const read = readSnapshot(new Blob([await readFile(dir + m.snapshot.file)]).stream(), snapshot, undefined, initial);"
        "await loadPyodide({ _loadSnapshot: snapshot,"
        "  createPyodideModule: withRoomFor(restoredAfter(initial.into(create), read), snapshot.length) });"
        + body
    )
    run = subprocess.run(
        [node, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=300, cwd=PROJECT_ROOT,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def test_a_restored_snapshot_draws_new_random_numbers(runtime_site: Path) -> None:
    """The snapshot was made with fixed seeds: each restore must reseed `random`."""
    printed = _with_the_snapshot(
        runtime_site,
        "const draws = [];"
        "for (const reseed of [true, true, false, false]) {"
        "  const py = await loadPyodide({ _loadSnapshot: snapshot.slice(),"
        "    createPyodideModule: withRoomFor(create, snapshot.length) });"
        "  if (reseed) py.runPython('import random; random.seed()');"
        "  draws.push(py.runPython('import random; random.random()'));"
        "}"
        "console.log(JSON.stringify(draws));",
    )
    reseeded_1, reseeded_2, fixed_1, fixed_2 = json.loads(printed)

    assert reseeded_1 != reseeded_2
    assert fixed_1 == fixed_2  # what every reader would draw without the reseeding


def test_the_snapshot_holds_what_the_page_imports_compiled_without_docstrings(runtime_site: Path) -> None:
    """The page's modules are in the restored memory, the build's and the command line's
    are not (the page never imports them), and it was compiled as `python -OO`."""
    printed = _with_the_snapshot(
        runtime_site,
        "const py = await loadPyodide({ _loadSnapshot: snapshot, createPyodideModule: withRoomFor(create, snapshot.length) });"
        "console.log(py.runPython(`import json, sys\n"
        "json.dumps([name in sys.modules for name in ('simulator.web', 'simulator.widget.ops', 'simulator.widget.importing',"
        " 'simulator.rulebook', 'simulator.cli')] + [sys.flags.optimize, sys.modules['simulator.web'].handle.__doc__])`));",
    )

    assert json.loads(printed) == [True, True, True, False, False, 2, None]


def test_the_page_never_imports_the_modules_the_snapshot_leaves_out() -> None:
    """`simulator.rulebook` and `simulator.cli` serve the build and the command line; what
    the page's worker imports (its entry module and the two it imports on first use) does
    not reach them, so a snapshot without them answers every request from memory."""
    probe = (
        "import sys, simulator.web, simulator.widget.ops, simulator.widget.importing;"
        "print(sorted(name for name in ('simulator.rulebook', 'simulator.cli') if name in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT)

    assert run.stdout.strip() == "[]"
