"""`make typecheck` checks the scripts marked ``// @ts-check``, in the scope each runs in.

The project's three tsc configurations are run on a small copy of the script folders
holding one mistake each: the checker must name every mistake of a marked file, in
its own global scope (a page script cannot use the worker's ``importScripts``, a
worker cannot use ``document``), and say nothing about unmarked files.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TSC = PROJECT_ROOT / "node_modules" / ".bin" / "tsc"
CONFIGS = ("tsconfig.json", "tsconfig.worker.json", "tsconfig.node.json")

pytestmark = pytest.mark.skipif(not TSC.exists(), reason="run `npm ci` (make install) first")

SAMPLES = {
    # A page script: the DOM is there, a worker's global is not; a typo in a typed call.
    "overrides/assets/js/page-sample.mjs": """// @ts-check
/** @param {number} count */
export function show(count) {
  document.title = count.toFixed(0);
  importScripts("x.js");
}
show("three");
""",
    # Unmarked: not checked, whatever it holds.
    "overrides/assets/js/unmarked-sample.mjs": """export const n = 1;
n.notAMethod();
""",
    # The worker: its own global scope, where postMessage takes no target origin.
    "overrides/assets/js/simulator-worker.mjs": """// @ts-check
importScripts("x.js");
postMessage({ kind: "ready" }, "*");
""",
    # A Node script: Node's modules are typed.
    "tests/js/node-sample.mjs": """// @ts-check
import { readFileSync } from "node:fs";
const size = readFileSync("x").length;
size.toUpperCase();
""",
}


def _check(project: Path, config: str) -> str:
    done = subprocess.run(
        [str(TSC), "-p", config, "--pretty", "false"],
        cwd=project, capture_output=True, text=True, timeout=180,
    )
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def messages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What each configuration prints on the samples."""
    project = tmp_path_factory.mktemp("typecheck")
    for config in CONFIGS:
        shutil.copy(PROJECT_ROOT / config, project / config)
    for path, text in SAMPLES.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text, encoding="utf-8")
    (project / "node_modules").symlink_to(PROJECT_ROOT / "node_modules")
    return {config: _check(project, config) for config in CONFIGS}


def test_page_scripts_are_checked_against_the_dom(messages: dict[str, str]) -> None:
    page = messages["tsconfig.json"]

    assert "page-sample.mjs(5,3): error TS2304: Cannot find name 'importScripts'" in page
    assert "page-sample.mjs(7,6): error TS2345: Argument of type 'string' is not assignable" in page
    assert "document" not in page


def test_unmarked_scripts_are_left_alone(messages: dict[str, str]) -> None:
    assert all("unmarked-sample" not in output for output in messages.values())


def test_the_worker_is_checked_in_a_worker_scope(messages: dict[str, str]) -> None:
    worker = messages["tsconfig.worker.json"]

    assert "simulator-worker.mjs(3,32): error TS2769: No overload matches this call." in worker
    assert "importScripts" not in worker
    assert "simulator-worker.mjs" not in messages["tsconfig.json"]


def test_node_scripts_are_checked_with_node_types(messages: dict[str, str]) -> None:
    node = messages["tsconfig.node.json"]

    assert "node-sample.mjs(4,6): error TS2339: Property 'toUpperCase' does not exist on type 'number'" in node
