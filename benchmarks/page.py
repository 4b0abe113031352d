"""Measure the simulator in the page, in one Chromium run.

Not a test: ``make bench-page`` runs it and prints its figures, each with its aim:

1. Boot: bare Pyodide (a module worker loading the core from the site's own assets)
   against the simulator's runtime reaching ``ready``, booted the bare way
   (``?simulator-boot=bare``: core, wheel installed, package imported) and from the
   build's memory snapshot (``?simulator-boot=snapshot``, downloaded in the same fresh
   context); medians over fresh browser contexts, and the ratios (aims: bare simulator
   at most 1.15 × bare Pyodide, snapshot at most 0.3 ×); with when the worker says each
   step of the snapshot boot was done (the wasm compiled, the wheel inflated, the
   snapshot downloaded and checked, Python restored, the package ready).
2. A click at page load: the article opened in a fresh context, a cell of a simulator
   clicked as soon as the widget is there, timed to its answer on the page; the runtime
   as readers get it (it takes the snapshot when the link is quick) and forced bare,
   against bare Pyodide (aim: at most 0.35 ×).
3. Bytes of a first and a second visit: the article opened, a simulator made live and
   left until the snapshot is kept, twice in one browser profile (on disk, as a
   reader's); every request of the page and its worker (aim: the second at most 5 %).
4. Main-thread long tasks while the article's first simulator boots, from the task that
   creates the simulator's worker (named "simulator"; the theme's search has its own) to
   the widget going live (PerformanceObserver ``longtask``; aim: none over 50 ms), with
   the scripts of the long animation frames that hold them. Long tasks of the page's own
   load, before the boot, are shown apart.
5. Change-to-update latency on the article's catalog: from a reader's change (edition,
   product, a cell's explanation, in turn) to the widget's HTML updated, over at least
   50 changes; median and p95 (aim: p95 at most 50 ms).
6. Bytes the article transfers before a simulator comes near the viewport, against the
   same article built without its simulator blocks.

Every page is served as ``make serve-dist`` serves it: the folder ``make dist`` writes
(hashed names, the ``.br``/``.gz`` the browser accepts, the ``_headers`` caching and CSP).

    python benchmarks/page.py [--boots 5] [--changes 60]
    python benchmarks/page.py --against SITE [--boots 8]
    python benchmarks/page.py --window-pages [--boots 5]

With ``--against`` a site built from other code (``python -m helpcenter build
--site-dir SITE`` in its checkout) is made deployable beside this code's, both are
served at once, and only their snapshot boots are timed, in turn in fresh contexts
(the side that goes first changes each round), against this code's bare Pyodide: a
change to the boot is judged by the difference of two sides of one run, and by the
differences of the rounds (each round's two boots are close in time).

With ``--window-pages`` only the boots (bare Pyodide, from the snapshot) are timed, in
two Chromiums in turn: the harness's, and one left its pages for each new window (the
omnibox popup and toolbar it preloads, ``harness.NEW_WINDOW_WEBUI``), which every fresh
context of a stock Chromium makes while its page loads.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from playwright.sync_api import Browser, Request, sync_playwright

from helpcenter import dist, harness

ROOT = harness.PROJECT_ROOT
ARTICLE_SOURCE = ROOT / "docs" / "articles" / "how-to-connect-my-pim-with-apps.md"
ARTICLE = "articles/how-to-connect-my-pim-with-apps.html"
LATENCY_WIDGET = "simulator-hat-and-braided-hat"
"""A widget of the article on the article's catalog (Hat, Braided hat, …)."""
BOOT_MS = 120_000

AIM_RATIO = 1.15
AIM_SNAPSHOT_RATIO = 0.3
AIM_CLICK_RATIO = 0.35
AIM_SECOND_VISIT = 0.05
AIM_LONG_TASK_MS = 50
AIM_P95_MS = 50

SIMULATOR_BLOCK = re.compile(r"^(?P<fence>:{3,})[ \t]*simulator\b[^\n]*\n.*?^(?P=fence)[ \t]*$\n?", re.M | re.S)
"""A ``::: simulator`` block of the dialect, as the build finds it."""

# Test pages added to a copy of the built site; module scripts only, as the site itself.
BENCH_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<script type="module" src="{script}"></script></head><body><p id="status">…</p></body></html>
"""
BARE_SCRIPT = """
// Bare Pyodide in a module worker: what the simulator's runtime does, minus the simulator.
window.boot = () => new Promise((resolve, reject) => {
  const start = performance.now();
  const worker = new Worker(new URL("bare-worker.mjs", import.meta.url), { type: "module" });
  worker.onmessage = (event) => {
    if (event.data.ok) resolve(performance.now() - start);
    else reject(new Error(event.data.error));
  };
  worker.onerror = (event) => reject(new Error(event.message));
});
"""
BARE_WORKER = """
const manifestURL = new URL("../assets/simulator/{manifest}", import.meta.url);
try {
  const manifest = await (await fetch(manifestURL)).json();
  const indexURL = new URL(manifest.pyodide.indexURL, manifestURL).href;
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  await loadPyodide({ indexURL });
  postMessage({ ok: true });
} catch (error) {
  postMessage({ ok: false, error: String(error) });
}
"""
SIMULATOR_SCRIPT = """
import { simulatorRuntime } from "../assets/js/{runtime}";
// The simulator's runtime, as a widget starts it: ready once the package is imported
// (booted as the page's ?simulator-boot= says).
window.boot = async () => {
  const start = performance.now();
  const status = await simulatorRuntime().start();
  window.bootedFrom = status.boot.from;
  window.bootMarks = status.marks;
  return performance.now() - start;
};
"""

# A click on one of the article's simulators as soon as its widget is live-able,
# timed to the widget's new state.
CLICK_AT_LOAD = """
async (id) => {
  const root = document.getElementById(id);
  const cell = root.querySelector("[data-region=grid] [data-action=explain]");
  const answered = new Promise((resolve) => {
    const observer = new MutationObserver(() => { observer.disconnect(); resolve(performance.now()); });
    observer.observe(root, { attributes: true, attributeFilter: ["data-state"] });
  });
  const start = performance.now();
  cell.click();
  const kept = root.dataset.pending === "true";
  return { ms: (await answered) - start, kept, at: start };
}
"""

# Recorded from the page's first script on: long tasks, and when a widget goes live.
WATCH_BOOT = """
window.longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.longTasks.push([entry.startTime, entry.duration]);
}).observe({ type: "longtask", buffered: true });
// Long animation frames name the scripts that ran in them (where, who called, how long).
window.longFrames = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const scripts = entry.scripts
      .filter((script) => script.duration >= 5)
      .map((script) => `${script.sourceURL.split("/").pop() || "(no source)"} ${script.invoker} ${Math.round(script.duration)} ms`);
    window.longFrames.push([entry.startTime, entry.duration, scripts]);
  }
}).observe({ type: "long-animation-frame", buffered: true });
window.liveAt = null;
// The boot starts when the simulator's worker is created (the runtime names it
// "simulator"; the theme's search starts a worker of its own, earlier).
window.workerAt = null;
const PageWorker = window.Worker;
window.Worker = class extends PageWorker {
  constructor(url, options) {
    if (window.workerAt === null && options?.name === "simulator") window.workerAt = performance.now();
    super(url, options);
  }
};
new MutationObserver(() => {
  if (window.liveAt === null && document.querySelector("[data-simulator][data-live]")) window.liveAt = performance.now();
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-live"] });
"""

# The i-th change, in turn: the edition, the product, a cell's explanation; each differs
# from what is shown (the next edition, the next product), so each updates the widget.
CHANGE = """
(root, id, i) => {
  const choose = (select, value) => {
    select.value = value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  };
  const next = (select) => {
    const values = [...select.options].map((o) => o.value);
    return values[(values.indexOf(select.value) + 1) % values.length];
  };
  const kind = ["edition", "product", "explain"][i % 3];
  if (kind === "edition") choose(root.querySelector(`#${id}-edition`), next(root.querySelector(`#${id}-edition`)));
  else if (kind === "product") choose(root.querySelector(`#${id}-product`), next(root.querySelector(`#${id}-product`)));
  else {
    const cells = root.querySelectorAll("[data-region] button[data-action=explain]");
    cells[(i / 3 | 0) % cells.length].click();
  }
  return kind;
}
"""


def build(project: Path, site: Path) -> None:
    """The strict build of ``project`` into ``site``; exits with its log on failure."""
    try:
        harness.build_or_fail(project, site, quiet=True)
    except harness.BuildError as error:
        sys.exit(str(error))


def without_simulators(work: Path) -> Path:
    """A copy of the project whose article has no simulator block, ready to build."""
    project = work / "no-simulators"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copytree(ROOT / "overrides", project / "overrides", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", project / "docs")
    source = ARTICLE_SOURCE.read_text(encoding="utf-8")
    stripped, blocks = SIMULATOR_BLOCK.subn("", source)
    if blocks == 0:
        sys.exit(f"{ARTICLE_SOURCE}: no simulator block to leave out")
    (project / "docs" / ARTICLE_SOURCE.relative_to(ROOT / "docs")).write_text(stripped, encoding="utf-8")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


def make_dist(site: Path, folder: Path) -> dist.Dist:
    """``make dist`` of a built site."""
    policy = json.loads((site / "csp.json").read_text(encoding="utf-8"))["policy"]
    try:
        return dist.make_dist(site, folder, ROOT, policy)
    except dist.DistError as error:
        sys.exit(str(error))


def add_bench_files(made: dist.Dist) -> str:
    """The benchmark's own pages, written beside the deployable site (naming its hashed
    runtime and manifest); returns the runtime's site path, for the page's own imports."""
    runtime = made.renamed["assets/js/simulator-runtime.mjs"]
    manifest = made.renamed["assets/simulator/runtime.json"]
    files = {
        "bench/bare.html": BENCH_PAGE.format(title="Bare Pyodide", script="bare.mjs"),
        "bench/bare.mjs": BARE_SCRIPT,
        "bench/bare-worker.mjs": BARE_WORKER.replace("{manifest}", PurePosixPath(manifest).name),
        "bench/simulator.html": BENCH_PAGE.format(title="Simulator", script="simulator.mjs"),
        "bench/simulator.mjs": SIMULATOR_SCRIPT.replace("{runtime}", PurePosixPath(runtime).name),
    }
    for path, text in files.items():
        target = made.directory / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return runtime


# The four measures.


def boot_once(browser: Browser, url: str) -> float:
    """Milliseconds to boot, in a fresh context (empty cache), as the page measures it."""
    return boot_with_marks(browser, url)[0]


def boot_with_marks(browser: Browser, url: str) -> tuple[float, dict[str, float]]:
    """The boot's milliseconds, and when the worker says each of its steps was done
    (``marks``: milliseconds since it started; none for bare Pyodide)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(BOOT_MS)
        page.goto(url)
        page.wait_for_function("typeof window.boot === 'function'")
        elapsed: float = page.evaluate("() => window.boot()")
        marks: dict[str, float] = page.evaluate("() => window.bootMarks ?? {}")
        return elapsed, marks
    finally:
        context.close()


@dataclass
class Boot:
    bare: list[float]
    simulator: list[float]
    snapshot: list[float]
    snapshot_marks: list[dict[str, float]]
    """When each step of each snapshot boot was done, as the worker says."""

    @property
    def ratio(self) -> float:
        return statistics.median(self.simulator) / statistics.median(self.bare)

    @property
    def snapshot_ratio(self) -> float:
        return statistics.median(self.snapshot) / statistics.median(self.bare)


def measure_boot(browser: Browser, base: str, runs: int) -> Boot:
    boot = Boot([], [], [], [])
    boot_once(browser, base + "bench/bare.html")  # warm the server's disk cache, not the browser's
    for _ in range(runs):  # alternated, so that a busy moment of the machine hits all
        boot.bare.append(boot_once(browser, base + "bench/bare.html"))
        boot.simulator.append(boot_once(browser, base + "bench/simulator.html?simulator-boot=bare"))
        elapsed, marks = boot_with_marks(browser, base + "bench/simulator.html?simulator-boot=snapshot")
        boot.snapshot.append(elapsed)
        boot.snapshot_marks.append(marks)
    return boot


@dataclass
class SideBySide:
    """The snapshot boots of this code and of another site, in turn in one run."""

    bare: list[float]
    here: list[float]
    there: list[float]
    here_marks: list[dict[str, float]]
    there_marks: list[dict[str, float]]


def measure_side_by_side(browser: Browser, here: str, there: str, runs: int) -> SideBySide:
    boots = SideBySide([], [], [], [], [])
    boot_once(browser, here + "bench/bare.html")  # warm the server's disk cache, not the browser's
    for run in range(runs):
        boots.bare.append(boot_once(browser, here + "bench/bare.html"))
        sides = [(here, boots.here, boots.here_marks), (there, boots.there, boots.there_marks)]
        for base, times, marks in sides if run % 2 == 0 else sides[::-1]:
            elapsed, steps = boot_with_marks(browser, base + "bench/simulator.html?simulator-boot=snapshot")
            times.append(elapsed)
            marks.append(steps)
    return boots


@dataclass
class Click:
    readers: list[float]
    """The runtime as readers get it."""
    bare: list[float]
    kept: bool
    booted_from: list[str]


def click_once(browser: Browser, url: str, runtime: str) -> tuple[float, bool, str]:
    """Milliseconds from a click at page load to its answer, in a fresh context."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(BOOT_MS)
        # The widget script mounts each simulator (and says so) once the page is parsed.
        page.add_init_script(
            "document.addEventListener('simulator:mounted', (e) => { if (e.target.id === %r) window.mounted = true; })"
            % LATENCY_WIDGET
        )
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.mounted === true")
        result: dict[str, Any] = page.evaluate(CLICK_AT_LOAD, LATENCY_WIDGET)
        booted: str = page.evaluate(
            f"import('../{runtime}').then((m) => m.simulatorRuntime().status.boot?.from ?? '?')"
        )
        return float(result["ms"]), bool(result["kept"]), booted
    finally:
        context.close()


def measure_click(browser: Browser, base: str, runs: int, runtime: str) -> Click:
    click = Click([], [], True, [])
    for _ in range(runs):
        ms, kept, booted = click_once(browser, base + ARTICLE, runtime)
        click.readers.append(ms)
        click.booted_from.append(booted)
        click.kept &= kept
        ms, kept, _ = click_once(browser, base + ARTICLE + "?simulator-boot=bare", runtime)
        click.bare.append(ms)
        click.kept &= kept
    return click


@dataclass
class Visits:
    first: int
    second: int
    first_requests: int
    second_requests: int


def measure_visits(browser: Browser, base: str, profile: Path) -> Visits:
    """Bytes (as sent, encoded) of two visits of the article in one on-disk profile."""
    sizes: list[list[int]] = []
    # A second Chromium of the same Playwright, with a profile on disk as a reader's.
    context = browser.browser_type.launch_persistent_context(str(profile), **harness.launch_options())
    # Context-wide: the worker's requests count too.
    context.on("requestfinished", functools.partial(_record, sizes))
    try:
        for _ in range(2):
            sizes.append([])
            page = context.new_page()
            page.set_default_timeout(BOOT_MS)
            page.goto(base + ARTICLE)
            harness.widget_live(page, LATENCY_WIDGET, BOOT_MS)
            _wait_until_kept(page)
            page.wait_for_load_state("networkidle")
            page.close()
    finally:
        context.close()
    return Visits(sum(sizes[0]), sum(sizes[1]), len(sizes[0]), len(sizes[1]))


def _record(visits: list[list[int]], request: Request) -> None:
    if visits:
        visits[-1].append(_transferred(request))


def _transferred(request: Request) -> int:
    try:
        sizes = request.sizes()
    except Exception:  # noqa: BLE001 - a request of a closed page has no sizes left
        return 0
    return int(sizes["responseBodySize"]) + int(sizes["responseHeadersSize"])


def _wait_until_kept(page: Any) -> None:
    kept = "caches.open('pim-apps-simulator-snapshot').then((cache) => cache.keys()).then((keys) => keys.length)"
    for _ in range(BOOT_MS // 250):
        if page.evaluate(kept):
            return
        page.wait_for_timeout(250)


@dataclass
class LongTasks:
    before_boot: list[float]
    during_boot: list[float]
    boot_ms: float
    scripts: list[str]
    """The scripts of over 5 ms in the long animation frames of the boot that hold a long task."""


def measure_long_tasks(browser: Browser, base: str) -> LongTasks:
    """Long tasks while the article's first simulator boots, in a fresh context."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(WATCH_BOOT)
        page.goto(base + ARTICLE)
        page.wait_for_load_state("networkidle")
        first = page.locator("[data-simulator]").first
        first.scroll_into_view_if_needed()
        page.wait_for_function("() => window.liveAt !== null", timeout=BOOT_MS)
        page.wait_for_timeout(200)  # let the observer deliver the last entries
        start: float = page.evaluate("() => window.workerAt")
        live: float = page.evaluate("() => window.liveAt")
        tasks: list[list[float]] = page.evaluate("() => window.longTasks")
        frames: list[list[Any]] = page.evaluate("() => window.longFrames")
        # A task belongs to the boot when it ends after the worker is created (the task
        # that creates it included) and starts before the widget is live.
        return LongTasks(
            before_boot=[duration for at, duration in tasks if at + duration < start],
            during_boot=[duration for at, duration in tasks if start <= at + duration and at <= live],
            boot_ms=live - start,
            scripts=[
                f"{at:.0f}+{duration:.0f} ms: {script}"
                for at, duration, scripts in frames
                if start <= at + duration and at <= live
                and any(at <= task_at <= at + duration and task_ms > AIM_LONG_TASK_MS for task_at, task_ms in tasks)
                for script in scripts
            ],
        )
    finally:
        context.close()


def measure_latency(browser: Browser, base: str, changes: int) -> dict[str, list[float]]:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + ARTICLE)
        harness.widget_live(page, LATENCY_WIDGET, BOOT_MS)
        page.check(f"#{LATENCY_WIDGET}-whole")  # the block shows its section's part; the edition is in the whole simulator
        page.wait_for_function(
            "(k) => JSON.parse(document.getElementById(k).dataset.state).whole === true", arg=LATENCY_WIDGET
        )
        harness.time_changes(page, LATENCY_WIDGET, 3, CHANGE)  # the first answers warm Python's caches
        samples: dict[str, list[float]] = {}
        for kind, ms in harness.time_changes(page, LATENCY_WIDGET, changes, CHANGE):
            samples.setdefault(kind, []).append(ms)
        return samples
    finally:
        context.close()


@dataclass
class Transfer:
    bytes: int
    requests: int
    python_requests: int


def measure_transfer(browser: Browser, url: str) -> Transfer:
    """What the page transfers, opened at its top and left until the network is idle."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        entries: list[list[Any]] = page.evaluate(
            """() => [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
                 .map((e) => [e.name, e.transferSize])"""
        )
        python = [name for name, _ in entries if "/assets/pyodide/" in name or "/assets/simulator/" in name]
        return Transfer(sum(size for _, size in entries), len(entries), len(python))
    finally:
        context.close()


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))]


def near_viewport(browser: Browser, base: str) -> float:
    """How far below the first screen the article's first simulator starts, in pixels."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + ARTICLE)
        distance: float = page.evaluate(
            "() => document.querySelector('[data-simulator]').getBoundingClientRect().top - innerHeight"
        )
        return distance
    finally:
        context.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boots", type=int, default=5, help="boots of each kind (default 5)")
    parser.add_argument("--changes", type=int, default=60, help="changes timed, at least 50 (default 60)")
    parser.add_argument("--against", type=Path, help="a site built from other code: snapshot boots side by side")
    parser.add_argument("--window-pages", action="store_true", help="boots with and without Chromium's window pages")
    args = parser.parse_args(argv)
    if args.changes < 50:
        parser.error("--changes: at least 50")
    if args.against is not None:
        if not (args.against / "csp.json").is_file():
            parser.error(f"--against {args.against}: not a built site (no csp.json)")
        side_by_side(args.against, args.boots)
        return
    if args.window_pages:
        with_and_without_window_pages(args.boots)
        return

    with tempfile.TemporaryDirectory(prefix="bench-page-") as folder:
        work = Path(folder)
        print("building the site, and the article without simulators …", flush=True)
        build(ROOT, work / "site")
        build(without_simulators(work), work / "site-without")
        print("making them deployable (make dist) …", flush=True)
        runtime = add_bench_files(make_dist(work / "site", work / "dist"))
        make_dist(work / "site-without", work / "dist-without")

        with (
            dist.serve(work / "dist") as base,
            dist.serve(work / "dist-without") as plain,
            harness.chromium() as browser,
        ):
            print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Chromium {browser.version}, "
                  f"Python {platform.python_version()}, load average {load()}", flush=True)
            boot = measure_boot(browser, base, args.boots)
            click = measure_click(browser, base, args.boots, runtime)
            visits = measure_visits(browser, base, work / "profile")
            tasks = measure_long_tasks(browser, base)
            latency = measure_latency(browser, base, args.changes)
            gap = near_viewport(browser, base)
            with_sims = measure_transfer(browser, base + ARTICLE)
            without = measure_transfer(browser, plain + ARTICLE)

    report(boot, click, visits, tasks, latency, gap, with_sims, without)
    print(f"load average at the end: {load()} (figures from a busy machine are slower and noisier)")


def side_by_side(other: Path, runs: int) -> None:
    """This code's snapshot boot and another site's, in turn in one Chromium run."""
    with tempfile.TemporaryDirectory(prefix="bench-page-") as folder:
        work = Path(folder)
        print("building the site, and making both deployable (make dist) …", flush=True)
        build(ROOT, work / "site")
        add_bench_files(make_dist(work / "site", work / "dist"))
        add_bench_files(make_dist(other, work / "dist-other"))
        with dist.serve(work / "dist") as here, dist.serve(work / "dist-other") as there, harness.chromium() as browser:
            start = load()
            boots = measure_side_by_side(browser, here, there, runs)
    bare = statistics.median(boots.bare)
    print(f"\nsnapshot boots, this code and {other}, in turn, median of {runs} fresh contexts each; "
          f"load average {start} at the start, {load()} at the end")
    print(f"   bare Pyodide      {bare:7.0f} ms   ({', '.join(f'{v:.0f}' for v in boots.bare)})")
    for name, times, marks in (("this code", boots.here, boots.here_marks), ("the other", boots.there, boots.there_marks)):
        print(f"   {name:<17} {statistics.median(times):7.0f} ms   ({', '.join(f'{v:.0f}' for v in times)}); "
              f"ratio {statistics.median(times) / bare:.2f}")
        print(f"      steps done at (ms since the worker started, medians): {step_medians(marks)}")
    # Each round holds one boot of each side, close in time: their difference is less
    # moved by the other work of a shared machine than the medians are.
    paired = [mine - theirs for mine, theirs in zip(boots.here, boots.there)]
    print(f"   by round, this code minus the other: median {statistics.median(paired):+.0f} ms, "
          f"this code faster in {sum(d < 0 for d in paired)} of {len(paired)} rounds")


@dataclass
class Boots:
    """Bare Pyodide and the snapshot boot, in one Chromium."""

    bare: list[float] = field(default_factory=list)
    snapshot: list[float] = field(default_factory=list)


def with_and_without_window_pages(runs: int) -> None:
    """The boots in the harness's Chromium and in one left its pages for each new window,
    in turn in one run."""
    with tempfile.TemporaryDirectory(prefix="bench-page-") as folder:
        work = Path(folder)
        print("building the site, and making it deployable (make dist) …", flush=True)
        build(ROOT, work / "site")
        add_bench_files(make_dist(work / "site", work / "dist"))
        with dist.serve(work / "dist") as base, sync_playwright() as playwright:
            start = load()
            kinds = {"without": False, "with": True}
            launch = playwright.chromium.launch
            browsers = {kind: launch(**harness.launch_options(window_pages=pages)) for kind, pages in kinds.items()}
            boots = {kind: Boots() for kind in kinds}
            try:
                boot_once(browsers["without"], base + "bench/bare.html")  # warm the server's disk cache
                for run in range(runs):
                    for kind in kinds if run % 2 == 0 else reversed(kinds):
                        boots[kind].bare.append(boot_once(browsers[kind], base + "bench/bare.html"))
                        snapshot = boot_once(browsers[kind], base + "bench/simulator.html?simulator-boot=snapshot")
                        boots[kind].snapshot.append(snapshot)
            finally:
                for browser in browsers.values():
                    browser.close()
    print(f"\nboots with and without Chromium's pages for each new window, in turn, median of {runs} fresh "
          f"contexts each; load average {start} at the start, {load()} at the end")
    for kind, times in boots.items():
        bare, snapshot = statistics.median(times.bare), statistics.median(times.snapshot)
        print(f"   {kind:<8} bare Pyodide {bare:6.0f} ms, from the snapshot {snapshot:5.0f} ms "
              f"({', '.join(f'{v:.0f}' for v in times.snapshot)}); ratio {snapshot / bare:.2f}")


def step_medians(marks: list[dict[str, float]]) -> str:
    """Each step every boot marked, with the median of when it was done."""
    steps = [name for name in marks[0] if all(name in boot for boot in marks)]
    return ", ".join(f"{name} {statistics.median(boot[name] for boot in marks):.0f}" for name in steps)


def load() -> str:
    """The 1-minute load average: how much else ran beside the browser."""
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "unknown"


def report(
    boot: Boot,
    click: Click,
    visits: Visits,
    tasks: LongTasks,
    latency: dict[str, list[float]],
    gap: float,
    with_sims: Transfer,
    without: Transfer,
) -> None:
    def ms(values: list[float]) -> str:
        return ", ".join(f"{value:.0f}" for value in values)

    every = [sample for samples in latency.values() for sample in samples]
    worst = max(tasks.during_boot, default=0.0)
    p95 = percentile(every, 0.95)
    print()
    print(f"1. boot, median of {len(boot.bare)} fresh contexts")
    print(f"   bare Pyodide      {statistics.median(boot.bare):7.0f} ms   ({ms(boot.bare)})")
    print(f"   simulator ready   {statistics.median(boot.simulator):7.0f} ms   ({ms(boot.simulator)})")
    print(f"   from the snapshot {statistics.median(boot.snapshot):7.0f} ms   ({ms(boot.snapshot)})")
    print(f"   ratio bare        {boot.ratio:7.2f}      aim ≤ {AIM_RATIO}: {'met' if boot.ratio <= AIM_RATIO else 'missed'}")
    print(f"   ratio snapshot    {boot.snapshot_ratio:7.2f}      aim ≤ {AIM_SNAPSHOT_RATIO}: "
          f"{'met' if boot.snapshot_ratio <= AIM_SNAPSHOT_RATIO else 'missed'}"
          f"   (to the bare simulator: {statistics.median(boot.snapshot) / statistics.median(boot.simulator):.2f})")
    print(f"   the snapshot boot's steps, done at (ms since the worker started, medians): "
          f"{step_medians(boot.snapshot_marks)}")
    bare = statistics.median(boot.bare)
    click_ratio = statistics.median(click.readers) / bare
    print(f"2. a click at page load to its answer, median of {len(click.readers)} fresh contexts "
          f"(kept until answered: {'yes' if click.kept else 'NO'})")
    print(f"   as readers get it {statistics.median(click.readers):7.0f} ms   ({ms(click.readers)}; booted from "
          f"{', '.join(click.booted_from)})")
    print(f"   forced bare       {statistics.median(click.bare):7.0f} ms   ({ms(click.bare)})")
    print(f"   ratio to bare Pyodide {click_ratio:5.2f}      aim ≤ {AIM_CLICK_RATIO}: "
          f"{'met' if click_ratio <= AIM_CLICK_RATIO else 'missed'}")
    second = visits.second / visits.first
    print("3. bytes of two visits of the article in one profile (a simulator made live each time)")
    print(f"   first visit       {visits.first / 1024:9.1f} KiB in {visits.first_requests} requests")
    print(f"   second visit      {visits.second / 1024:9.1f} KiB in {visits.second_requests} requests"
          f"   {second:.1%} of the first, aim ≤ {AIM_SECOND_VISIT:.0%}: {'met' if second <= AIM_SECOND_VISIT else 'missed'}")
    print(f"4. main-thread long tasks while the article's first simulator boots ({tasks.boot_ms:.0f} ms)")
    print(f"   during the boot   {len(tasks.during_boot)} ({ms(tasks.during_boot) or 'none'} ms), longest {worst:.0f} ms"
          f"   aim: none over {AIM_LONG_TASK_MS} ms: {'met' if worst <= AIM_LONG_TASK_MS else 'missed'}")
    print(f"   page load, before {len(tasks.before_boot)} ({ms(tasks.before_boot) or 'none'} ms)")
    for script in tasks.scripts:
        print(f"   in a long frame of the boot: {script}")
    print(f"5. change-to-update latency, {len(every)} changes on the article's catalog (#{LATENCY_WIDGET})")
    for kind, samples in latency.items():
        print(f"   {kind:<17} median {statistics.median(samples):5.1f} ms, p95 {percentile(samples, 0.95):5.1f} ms")
    print(f"   all               median {statistics.median(every):5.1f} ms, p95 {p95:5.1f} ms"
          f"   aim p95 ≤ {AIM_P95_MS} ms: {'met' if p95 <= AIM_P95_MS else 'missed'}")
    print(f"6. bytes before a simulator comes near the viewport (first one {gap:.0f} px below the first screen)")
    print(f"   with simulators   {with_sims.bytes / 1024:7.1f} KiB in {with_sims.requests} requests "
          f"({with_sims.python_requests} for Python)")
    print(f"   without           {without.bytes / 1024:7.1f} KiB in {without.requests} requests")
    extra = with_sims.bytes - without.bytes
    print(f"   difference        {extra / 1024:+7.1f} KiB ({extra / without.bytes:+.0%})")


if __name__ == "__main__":
    main()
