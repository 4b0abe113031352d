"""The simulator's Python runtime in Chromium: a module Web Worker running Pyodide.

A test-only page (no inline script) is served beside the site as it is deployed
(`make dist`: hashed names, Brotli or gzip as the browser asks, the headers of
``_headers`` with the site's strict Content-Security-Policy), under a base path
(``/help/``), so these tests also prove the runtime needs neither inline scripts, nor
``eval``, nor another origin, nor a site at the server's root, nor its files' own names.
The site's service worker (tests/browser/test_offline_visits.py) is kept out of these
contexts: what is tested here is what the runtime does on the network.

Python boots from the build's memory snapshot when it is cached or quick to fetch
(``?simulator-boot=snapshot`` forces the attempt), and the bare way otherwise; a
snapshot that is missing, corrupt, for another Pyodide or too large to restore gives
the bare boot with a note in the console, and the same answers.
"""

from __future__ import annotations

import hashlib
import json
import struct
from urllib.parse import urljoin
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route

import simulator
from helpcenter.dist import Dist, serve
from helpcenter.runtime_assets import InitialMemory, pack_snapshot, snapshot_digest, unpack_snapshot
from helpcenter.wasm_memory import initial_memory
from simulator.web import handle
from simulator.widget import initial_state, origin_from_block, state_to_dict

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BASE_PATH = "/help/"
PLAYWRIGHT_BLOCKS_SERVICE_WORKERS = "Service Worker registration blocked by Playwright"
"""The test browser's own warning when the runtime registers the site's service worker."""
BOOT_TIMEOUT_MS = 60_000
PYODIDE_VERSION = "314.0.7"
"""The version package-lock.json pins; update with it."""

TEST_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Simulator runtime test page</title>
<link rel="icon" href="../assets/images/favicon.png">
<script type="module" src="runtime-test.mjs"></script>
</head>
<body><p id="status">loading</p></body>
</html>
"""

# Exposes the runtime to the tests and records every status it goes through.
TEST_SCRIPT = """
import { simulatorRuntime } from "../{runtime}";

const runtime = simulatorRuntime();
window.runtime = runtime;
window.statuses = [];
runtime.subscribe((status) => {
  window.statuses.push({
    state: status.state, stage: status.stage, label: status.label, loaded: status.loaded, total: status.total,
  });
  document.getElementById("status").textContent = status.state;
});
window.ask = (op, payload) =>
  runtime.request(op, payload).then(
    (result) => ({ ok: true, result }),
    (error) => ({ ok: false, name: error.name, kind: error.kind, type: error.type, message: error.message }),
  );
"""


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "service_workers": "block"}


@pytest.fixture(scope="module")
def served(dist_site: Dist) -> Callable[[str], str]:
    """A file's path in the deployed site (``assets/js/simulator-runtime.<hash>.mjs``)."""
    return lambda site_path: dist_site.renamed.get(site_path, site_path)


@pytest.fixture(scope="module")
def runtime_page_url(dist_site: Dist, served: Callable[[str], str]) -> Iterator[str]:
    """URL of the test page beside the deployed site, served under ``/help/``."""
    script = TEST_SCRIPT.replace("{runtime}", served("assets/js/simulator-runtime.mjs"))
    page = {"runtime-test/index.html": TEST_PAGE, "runtime-test/runtime-test.mjs": script}
    with serve(dist_site.directory, base_path=BASE_PATH, files=page) as url:
        yield f"{url}runtime-test/index.html"


@pytest.fixture
def requests_made(page: Page) -> list[str]:
    """Every URL the page and its worker ask for, in order."""
    urls: list[str] = []
    page.context.on("request", lambda request: urls.append(request.url))
    return urls


@pytest.fixture
def console_problems(page: Page) -> list[str]:
    """Errors and warnings logged by the page or its worker (CSP violations included)."""
    problems: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"} and message.text != PLAYWRIGHT_BLOCKS_SERVICE_WORKERS:
            problems.append(f"{message.type}: {message.text}")

    page.on("console", record)
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    return problems


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("window.runtime !== undefined")


def _ask(page: Page, op: str, payload: object = None) -> dict[str, Any]:
    answer: dict[str, Any] = page.evaluate("([op, payload]) => window.ask(op, payload)", [op, payload])
    return answer


def test_worker_boots_lazily_and_answers_ping(
    page: Page, runtime_page_url: str, requests_made: list[str], console_problems: list[str]
) -> None:
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    _open(page, runtime_page_url)
    assert page.evaluate("window.runtime.status.state") == "idle"
    assert not [url for url in requests_made if "/assets/pyodide/" in url], "Python loaded before any request"

    answer = _ask(page, "ping")

    assert answer["ok"], answer
    assert answer["result"]["simulator"] == simulator.__version__
    assert answer["result"]["platform"] == "emscripten"
    assert answer["result"]["python"].startswith("3.14.")
    assert page.text_content("#status") == "ready"
    stages = page.evaluate("window.statuses.map((s) => s.stage)")
    assert [stage for i, stage in enumerate(stages) if i == 0 or stages[i - 1] != stage] == [
        None, "manifest", "python", "simulator", "import", "ready",
    ]
    assert console_problems == []
    timings = page.evaluate("window.runtime.status.timings")
    print(f"\nworker ready in {timings['total']} ms in Chromium ({timings})")


def test_every_request_stays_on_the_site(
    page: Page, runtime_page_url: str, requests_made: list[str]
) -> None:
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    _open(page, runtime_page_url)
    assert _ask(page, "ping")["ok"]

    site = runtime_page_url.split(BASE_PATH)[0] + BASE_PATH
    assert requests_made, "no request was recorded"
    assert [url for url in requests_made if not url.startswith(site)] == []
    assert any(url.endswith("/pyodide.asm.wasm") for url in requests_made)
    assert any(url.endswith(".whl") and "-py3-none-any." in url for url in requests_made)


@pytest.fixture(scope="module")
def booted_page(browser: Browser, runtime_page_url: str) -> Iterator[Page]:
    """One page whose worker is up, shared by the tests that only ask questions."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    _open(page, runtime_page_url)
    assert _ask(page, "ping")["ok"]
    yield page
    context.close()


def _refuse(route: Route) -> None:
    route.abort("connectionrefused")


def _tamper(route: Route) -> None:
    route.fulfill(status=200, body=b"PK not the wheel runtime.json names")


def _not_found(route: Route) -> None:
    route.fulfill(status=404, body=b"")


@pytest.mark.parametrize(
    ("file", "handler", "error_type", "message"),
    [
        ("assets/js/simulator-worker.mjs", _refuse, "LoadError", "the simulator's worker (/help/{file}) did not start"),
        ("assets/simulator/runtime.json", _not_found, "LoadError", "could not fetch /help/{file}: HTTP 404"),
        (f"assets/simulator/pim_apps_simulator-{simulator.__version__}-py3-none-any.whl", _tamper, "IntegrityError",
         "/help/{file} does not match runtime.json (sha256 "),
    ],
    ids=["worker script", "manifest", "wheel"],
)
def test_a_broken_runtime_fails_with_a_message(
    page: Page,
    runtime_page_url: str,
    served: Callable[[str], str],
    file: str,
    handler: Any,
    error_type: str,
    message: str,
) -> None:
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    page.context.route(f"**/{served(file)}", handler)
    _open(page, runtime_page_url)

    failed = _ask(page, "ping")

    assert (failed["ok"], failed["kind"], failed["type"]) == (False, "boot", error_type)
    assert failed["message"].startswith(message.format(file=served(file))), failed["message"]
    assert page.evaluate("window.runtime.status.state") == "failed"


@pytest.mark.parametrize(
    ("op", "payload", "expected"),
    [
        ("echo", {"scope": "read_products", "levels": [1, 2.5, None, True]},
         {"ok": True, "result": {"levels": [1, 2.5, None, True], "scope": "read_products"}}),
        ("echo", "<script>alert(1)</script>", {"ok": True, "result": "<script>alert(1)</script>"}),
        ("echo", "Chapeau tressé \U0001f3a9", {"ok": True, "result": "Chapeau tressé \U0001f3a9"}),
        ("evaluate-everything", None,
         {"ok": False, "name": "RuntimeError", "kind": "refused", "type": "UnknownOp",
          "message": "unknown op 'evaluate-everything'; known ops: echo, import.begin, import.cancel, import.chunk, "
                     "import.step, ping, widget.act, widget.export, widget.import, widget.link, widget.open, widget.render"}),
        (42, None,
         {"ok": False, "name": "RuntimeError", "kind": "refused", "type": "UnknownOp",
          "message": "op must be a string, not number"}),
    ],
)
def test_answers_and_refusals_come_back_as_messages(
    booted_page: Page, op: str, payload: object, expected: dict[str, Any]
) -> None:
    assert _ask(booted_page, op, payload) == expected
    # A refused request leaves the worker running.
    assert _ask(booted_page, "echo", "still here") == {"ok": True, "result": "still here"}


def test_one_runtime_per_tab_whatever_imports_it(booted_page: Page, served: Callable[[str], str]) -> None:
    same = booted_page.evaluate(
        """(runtime) => import(`../${runtime}?another-copy`)
             .then((module) => module.simulatorRuntime() === window.runtime)""",
        served("assets/js/simulator-runtime.mjs"),
    )

    assert same is True


def test_blocked_python_fails_clearly_and_retry_recovers(
    page: Page, runtime_page_url: str
) -> None:
    page.set_default_timeout(BOOT_TIMEOUT_MS)

    page.context.route("**/assets/pyodide/**", _refuse)
    _open(page, runtime_page_url)

    failed = _ask(page, "ping")

    assert (failed["ok"], failed["kind"], failed["type"]) == (False, "boot", "LoadError")
    assert failed["message"].startswith(
        f"could not load Python (/help/assets/pyodide/{PYODIDE_VERSION}/pyodide.mjs): "
    ), failed["message"]
    status = page.evaluate("window.runtime.status")
    assert status["state"] == "failed"
    assert status["error"]["message"] == failed["message"]
    assert page.text_content("#status") == "failed"
    # Until retry(), requests fail at once with the same reason (no silent respawn).
    assert _ask(page, "ping")["message"] == failed["message"]

    page.context.unroute("**/assets/pyodide/**", _refuse)
    page.evaluate("window.runtime.retry()")
    answer = _ask(page, "ping")

    assert answer["ok"], answer
    assert answer["result"]["simulator"] == simulator.__version__
    assert page.text_content("#status") == "ready"


# The memory snapshot: restored when it can be, the bare boot when it cannot.

RENDER = ("widget.render", {"state": state_to_dict(initial_state(origin_from_block("hat-and-braided-hat", "")))})
"""A request whose answer (HTML of every region) shows the whole engine at work."""


def _same_as_cpython(page: Page) -> None:
    op, payload = RENDER
    answer = _ask(page, op, payload)
    assert answer["ok"], answer
    assert answer["result"] == json.loads(handle(op, json.dumps(payload)))["result"]
    assert _ask(page, "echo", "Chapeau tressé 🎩") == {"ok": True, "result": "Chapeau tressé 🎩"}


@pytest.fixture
def console_notes(page: Page) -> list[str]:
    """Every console message of the page and its worker, with its type."""
    notes: list[str] = []
    page.on(
        "console",
        lambda m: notes.append(f"{m.type}: {m.text}") if m.text != PLAYWRIGHT_BLOCKS_SERVICE_WORKERS else None,
    )
    return notes


def test_python_restores_from_the_snapshot_and_answers_as_cpython(
    page: Page, runtime_page_url: str, served: Callable[[str], str], requests_made: list[str], console_problems: list[str]
) -> None:
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    _open(page, runtime_page_url + "?simulator-boot=snapshot")

    _same_as_cpython(page)

    status = page.evaluate("window.runtime.status")
    assert status["boot"] == {"from": "snapshot", "note": None}
    assert [url for url in requests_made if url.endswith(".snapshot")] != []
    assert console_problems == []
    # The progress counted the snapshot's bytes as they came (several counts, rising),
    # up to the whole. The last count of the "python" stage is not the whole: downloads
    # still finishing are counted after the stage moved on (27.9 of 34 MB was seen).
    loaded = [s["loaded"] for s in page.evaluate("window.statuses") if s["stage"] == "python"]
    assert len(loaded) > 2 and loaded == sorted(loaded) and loaded[-1] > loaded[0]
    # (Python's files, 12.6 MB, the wheel and the snapshot's 16.6 MB as served)
    assert status["loaded"] == status["total"] > 29_000_000
    # Larger than Pyodide's initial 30 MB heap, which alone would refuse it
    # (pyodide/pyodide#6254): the worker grows the memory first.
    manifest = page.evaluate("(url) => fetch(`../${url}`).then((r) => r.json())", served("assets/simulator/runtime.json"))
    assert manifest["snapshot"]["heap"] > 30 * 2**20
    print(f"\nsnapshot boot, ms: {status['timings']}")


def test_a_first_visit_boots_bare_then_fetches_the_snapshot_for_the_next(
    page: Page, runtime_page_url: str, requests_made: list[str]
) -> None:
    """The test page is too small to tell how fast the link is: the first visit does
    not wait for 31 MB it may not need, the second restores from the cached copy."""
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    with page.expect_response(lambda response: response.url.endswith(".snapshot")) as fetched:
        _open(page, runtime_page_url)
        assert _ask(page, "ping")["ok"]
        assert page.evaluate("window.runtime.status.boot.from") == "bare"
    fetched.value.finished()
    _wait_until_kept(page)
    snapshot_requests = len([url for url in requests_made if url.endswith(".snapshot")])

    page.reload()
    page.wait_for_function("window.runtime !== undefined")
    _same_as_cpython(page)

    assert page.evaluate("window.runtime.status.boot") == {"from": "snapshot", "note": None}
    # Not downloaded again: Cache Storage answered (the only-if-cached look-up aside).
    assert len([url for url in requests_made if url.endswith(".snapshot")]) <= snapshot_requests + 1


def test_the_snapshot_is_kept_only_once_the_reader_leaves_the_simulator_alone(
    page: Page, runtime_page_url: str, requests_made: list[str]
) -> None:
    """Keeping the snapshot (fetched again, gzipped, written) takes a core for a few
    hundred milliseconds: while the reader keeps asking, it waits; once they stop, it
    is done."""
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    _open(page, runtime_page_url)
    assert _ask(page, "ping")["ok"]
    asked = len(requests_made)
    for _ in range(10):  # a request every 400 ms for 4 s: never quiet for long
        assert _ask(page, "ping")["ok"]
        page.wait_for_timeout(400)
    kept = "caches.open('pim-apps-simulator-snapshot').then((cache) => cache.keys()).then((keys) => keys.length)"
    assert page.evaluate(kept) == 0
    assert not [url for url in requests_made[asked:] if url.endswith(".snapshot")]

    _wait_until_kept(page)


def _wait_until_kept(page: Page) -> None:
    """Until the worker has kept the snapshot (gzipped) in Cache Storage."""
    kept = "caches.open('pim-apps-simulator-snapshot').then((cache) => cache.keys()).then((keys) => keys.length)"
    for _ in range(BOOT_TIMEOUT_MS // 250):
        if page.evaluate(kept):
            return
        page.wait_for_timeout(250)
    raise AssertionError("the snapshot was not kept in Cache Storage")


MANIFEST = "**/assets/simulator/runtime.*json"
"""``runtime.json`` as the site names it (``runtime.<hash>.json`` once deployed)."""


def _snapshot_entry(route: Route) -> tuple[dict[str, Any], dict[str, Any]]:
    manifest: dict[str, Any] = route.fetch().json()
    return manifest, manifest["snapshot"]


def _serve_manifest(route: Route, manifest: dict[str, Any]) -> None:
    route.fulfill(status=200, content_type="application/json", body=json.dumps(manifest))


def _missing(page: Page) -> None:
    page.context.route("**/*.snapshot", lambda route: route.fulfill(status=404, body=b""))


def _corrupt(page: Page) -> None:
    def flip(route: Route) -> None:
        body = bytearray(route.fetch().body())
        body[len(body) // 2] ^= 0xFF
        route.fulfill(status=200, body=bytes(body))

    page.context.route("**/*.snapshot", flip)


def _other_pyodide(page: Page) -> None:
    def older(route: Route) -> None:
        manifest, entry = _snapshot_entry(route)
        entry["pyodide"] = "0.29.3"
        _serve_manifest(route, manifest)

    page.context.route(MANIFEST, older)


def _rewritten(page: Page, rewrite: Callable[[bytes], bytes]) -> None:
    """The snapshot's memory rewritten and served (without its zeros, as the site serves
    it), and runtime.json naming the new memory's hash (so that it passes the integrity
    check and reaches Pyodide)."""
    served: dict[str, bytes] = {}

    def snapshot(route: Route) -> None:
        route.fulfill(status=200, body=served["bytes"])

    def manifest(route: Route) -> None:
        manifest, entry = _snapshot_entry(route)
        served_bytes = route.fetch(url=route.request.url.rsplit("/", 1)[0] + "/" + entry["file"]).body()
        wasm = route.fetch(url=urljoin(route.request.url, manifest["pyodide"]["indexURL"] + "pyodide.asm.wasm"))
        initial = InitialMemory(entry["initial"]["at"], initial_memory(wasm.body()))
        memory = rewrite(unpack_snapshot(served_bytes, entry["bytes"], initial))
        served["bytes"] = pack_snapshot(memory)  # every page with its bytes
        entry.update(sha256=hashlib.sha256(memory).hexdigest(), bytes=len(memory), packed=len(served["bytes"]))
        entry["pieces"]["sha256"] = snapshot_digest(served["bytes"], entry["pieces"]["size"])
        _serve_manifest(route, manifest)

    page.context.route(MANIFEST, manifest)
    page.context.route("**/*.snapshot", snapshot)


def _other_build(page: Page) -> None:
    # Bytes 16–48 of the header name the Pyodide build the memory belongs to.
    _rewritten(page, lambda data: data[:16] + struct.pack("<8I", *range(8)) + data[48:])


def _module_elsewhere(page: Page) -> None:
    # The snapshot's memory said to start 16 bytes sooner: what the worker copies from
    # the module's memory is not where the build hashed it.
    def shifted(route: Route) -> None:
        manifest, entry = _snapshot_entry(route)
        entry["initial"]["at"] -= 16
        _serve_manifest(route, manifest)

    page.context.route(MANIFEST, shifted)


def _too_large(page: Page) -> None:
    def huge(route: Route) -> None:
        manifest, entry = _snapshot_entry(route)
        entry["bytes"] = 300 * 1024 * 1024
        _serve_manifest(route, manifest)

    page.context.route(MANIFEST, huge)


@pytest.mark.parametrize(
    ("spoil", "note"),
    [
        (_missing, "the snapshot did not restore (/help/assets/simulator/python-"),
        (_corrupt, "does not match runtime.json (sha256 "),
        (_other_pyodide, "it was made for Pyodide 0.29.3, the site serves 314.0.7"),
        (_other_build, "Snapshot build id mismatch"),
        (_module_elsewhere, "does not match runtime.json (sha256 "),
        (_too_large, "it is too large (314572800 bytes, more than the 268435456 a reader's tab is asked for)"),
    ],
    ids=["missing", "corrupt", "other Pyodide", "other build", "module elsewhere", "too large"],
)
def test_a_snapshot_that_cannot_be_used_gives_the_bare_boot(
    page: Page, runtime_page_url: str, console_notes: list[str], spoil: Callable[[Page], None], note: str
) -> None:
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    spoil(page)
    _open(page, runtime_page_url + "?simulator-boot=snapshot")

    _same_as_cpython(page)

    boot = page.evaluate("window.runtime.status.boot")
    assert boot["from"] == "bare"
    assert note in boot["note"], boot["note"]
    assert f"info: [simulator] booting without the snapshot: {boot['note']}." in console_notes
    # Nothing the reader would see: no error but the browser's own line for a 404.
    errors = [n for n in console_notes if n.startswith(("error", "warning")) and "Failed to load resource" not in n]
    assert errors == []
    assert page.text_content("#status") == "ready"
