"""Time a chain of categories 1,000, 10,000 and 100,000 deep, parent first and child
first: read as a scenario file (parse, check, build the catalog), then answered (a
product at the bottom of the chain, a list filtered IN CHILDREN of the root and IN the
leaf, a re-categorisation), and imported as the PIM's categories CSV (beyond the import's own limit of 1,000
levels, to time its walk).

Not a test: ``make bench`` runs it after the engine's matrix and prints processor
seconds per step and the growth from one depth to the next (x10 means linear: ten
times the levels, ten times the time). Any depth up to the reader's limit
(``simulator.limits.LIMITS.tree_depth``, 100,000) must stay linear, whatever the order.

    python benchmarks/deep_trees.py [--depths 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable, Sequence, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.formats import DEFAULT_LIMITS, import_files  # noqa: E402
from simulator.limits import LIMITS  # noqa: E402
from simulator.scenarios import evaluate, scenario_from_json  # noqa: E402

T = TypeVar("T")
ORDERS = ("parent first", "child first")
SEARCH_IN_CHILDREN = '{"categories":[{"operator":"IN CHILDREN","value":["c0"]}]}'


def chain(depth: int, order: str) -> list[dict[str, str]]:
    """Categories c0 (the root) to c<depth-1>, each the parent of the next."""
    categories = [{"code": "c0"}] + [{"code": f"c{level}", "parent": f"c{level - 1}"} for level in range(1, depth)]
    return categories if order == "parent first" else categories[::-1]


def scenario_text(depth: int, order: str) -> str:
    leaf = f"c{depth - 1}"
    catalog = {
        "code": "deep", "locales": [{"code": "en_US"}], "attribute_groups": [], "attributes": [],
        "categories": chain(depth, order),
        "products": [
            {"identifier": "at_the_bottom", "categories": [leaf]},
            {"identifier": "halfway", "categories": [f"c{depth // 2}"]},
            {"identifier": "at_the_root", "categories": ["c0"]},
        ],
    }
    products = "/api/rest/v1/products"
    return json.dumps({
        "version": 1, "catalog": catalog, "edition": "EE", "app": "erp_connector",
        "permissions": {"categories": {"own": ["c0"]}},
        "requests": [
            {"method": "GET", "path": f"{products}/at_the_bottom", "expect": {"status": 200}},
            {"method": "GET", "path": products, "query": {"search": SEARCH_IN_CHILDREN}, "expect": {"status": 200}},
            {"method": "GET", "path": products, "query": {"search": json.dumps(
                {"categories": [{"operator": "IN", "value": [leaf]}]})}, "expect": {"status": 200}},
            {"method": "PATCH", "path": f"{products}/at_the_root", "body": {"categories": [leaf]},
             "expect": {"status": 204}},
        ],
    })


def categories_csv(depth: int, order: str) -> bytes:
    lines = ["code;parent;label-en_US"] + [
        f"{item['code']};{item.get('parent', '')};Level {item['code'][1:]}" for item in chain(depth, order)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def timed(step: Callable[[], T]) -> tuple[T, float]:
    gc.collect()
    started = time.process_time()
    result = step()
    return result, time.process_time() - started


def measure(depth: int, order: str) -> tuple[float, float, float]:
    """Processor seconds to read, to answer, and to import the chain."""
    text = scenario_text(depth, order)
    scenario, read = timed(lambda: scenario_from_json(text))
    evaluation, answer = timed(lambda: evaluate(scenario))
    statuses = [result.answer.status if result.answer else None for result in evaluation.results]
    assert statuses == [200, 200, 200, 204], statuses
    files = {"categories.csv": categories_csv(depth, order)}
    # An import cuts a tree at its own limit (1,000 levels); here it reads the whole chain.
    limits = replace(DEFAULT_LIMITS, tree_depth=LIMITS.tree_depth)
    imported, import_time = timed(lambda: import_files(files, limits))
    assert imported.catalog is not None and len(imported.catalog.categories) == depth, imported.report
    return read, answer, import_time


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--depths", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    arguments = parser.parse_args(argv)
    print(f"{'depth':>8}  {'order':<12}  {'read':>8}  {'answer':>8}  {'import':>8}  {'total':>8}  {'per level':>10}  growth")
    for order in ORDERS:
        previous: tuple[int, float] | None = None
        for depth in arguments.depths:
            read, answer, imported = measure(depth, order)
            total = read + answer + imported
            growth = "" if previous is None else f"x{total / previous[1]:.1f} (levels x{depth / previous[0]:.0f})"
            print(
                f"{depth:>8,}  {order:<12}  {read:>7.3f}s  {answer:>7.3f}s  {imported:>7.3f}s  {total:>7.3f}s  "
                f"{total / depth * 1e6:>7.1f} µs  {growth}"
            )
            previous = (depth, total)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
