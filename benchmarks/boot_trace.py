"""Where one boot of the simulator goes, thread by thread, from a Chromium trace.

Not a test: it prints figures. The site is built and made deployable as
``benchmarks/page.py`` does, served as ``make serve-dist`` serves it, and booted in fresh
contexts (the snapshot boot unless ``--boot bare``); the last boot is traced, and every
thread's busy time (its top-level tasks) from the boot's start to ready is printed,
with the process it belongs to and the events that took it most. On two cores, what
the boot waits for is what the other threads take of them.

    python benchmarks/boot_trace.py [--boot snapshot|bare] [--site SITE] [--threads 12]
                                    [--window-pages]

``--window-pages`` starts Chromium with the pages it preloads for each new window (which
the harness turns off, see ``harness.NEW_WINDOW_WEBUI``), to see what they take.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import page  # the page benchmark: its site, its pages, its boots
from playwright.sync_api import Browser

from helpcenter import dist, harness

CATEGORIES = ("toplevel", "v8", "v8.wasm", "devtools.timeline", "blink", "loading", "net")
TASKS = {"ThreadControllerImpl::RunTask", "ThreadPool_RunTask"}
"""A thread's top-level task, in the ``toplevel`` category: what a thread is busy with."""
WARM_BOOTS = 2
"""Boots before the traced one: the server's disk cache warm, not the browser's."""


@dataclass
class Thread:
    process: str
    name: str
    busy_us: int = 0
    events: Counter[str] = field(default_factory=Counter)


def threads_of(trace: bytes) -> list[Thread]:
    """Each thread's busy time in the trace, the busiest first."""
    events = json.loads(trace)["traceEvents"]
    processes = {e["pid"]: e["args"]["name"] for e in events if e.get("ph") == "M" and e["name"] == "process_name"}
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("ph") == "M" and e["name"] == "thread_name"}
    threads: dict[tuple[int, int], Thread] = defaultdict(lambda: Thread("", ""))
    for event in events:
        if event.get("ph") != "X" or "dur" not in event:
            continue
        key = (event["pid"], event["tid"])
        thread = threads[key]
        thread.process, thread.name = processes.get(key[0], str(key[0])), names.get(key, str(key[1]))
        if event.get("cat") == "toplevel" and event["name"] in TASKS:
            thread.busy_us += event["dur"]
        elif event.get("cat") != "toplevel":
            thread.events[event["name"]] += event["dur"]
    return sorted((t for t in threads.values() if t.busy_us), key=lambda t: -t.busy_us)


def traced_boot(browser: Browser, url: str) -> tuple[float, bytes]:
    """One boot in a fresh context, traced from its start to ready."""
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(url)
        tab.wait_for_function("typeof window.boot === 'function'")
        browser.start_tracing(categories=list(CATEGORIES))
        elapsed: float = tab.evaluate("() => window.boot()")
        return elapsed, browser.stop_tracing()
    finally:
        context.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boot", choices=("snapshot", "bare"), default="snapshot")
    parser.add_argument("--site", type=Path, help="a built site (default: build this code's)")
    parser.add_argument("--threads", type=int, default=12, help="threads shown (default 12)")
    parser.add_argument("--window-pages", action="store_true", help="with Chromium's pages for each new window")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="boot-trace-") as folder:
        work = Path(folder)
        site = args.site
        if site is None:
            print("building the site …", flush=True)
            site = work / "site"
            page.build(harness.PROJECT_ROOT, site)
        page.add_bench_files(page.make_dist(site, work / "dist"))
        url = f"bench/simulator.html?simulator-boot={args.boot}"
        with dist.serve(work / "dist") as base, harness.chromium(window_pages=args.window_pages) as browser:
            for _ in range(WARM_BOOTS):
                page.boot_once(browser, base + url)
            elapsed, trace = traced_boot(browser, base + url)
    pages = "with" if args.window_pages else "without"
    print(f"\none {args.boot} boot ({pages} Chromium's pages for each new window), {elapsed:.0f} ms to ready;")
    print("busy time by thread (its top-level tasks), and the events that took most of it (ms):")
    for thread in threads_of(trace)[: args.threads]:
        most = ", ".join(f"{name} {us / 1000:.0f}" for name, us in thread.events.most_common(3))
        print(f"   {thread.process[:38]:>38}  {thread.name[:28]:<28} {thread.busy_us / 1000:7.1f} ms   ({most})")


if __name__ == "__main__":
    main()
