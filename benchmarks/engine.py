"""Time the engine on the full products × requests matrix of synthetic catalogs.

Not a test: ``make bench`` runs it and prints, for 1k, 10k and 100k products, the time
per product and the growth factor from one size to the next (10 means linear: ten
times the products, ten times the time), then the 10k total, whose goal is well under
a second on CPython.

    python benchmarks/engine.py [--sizes 1000 10000 100000] [--profile 10000]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import sys
import time
from pathlib import Path
from typing import Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.evaluate import default_templates, matrix  # noqa: E402
from simulator.grants import AxisGrant, Edition, Grant, Permissions  # noqa: E402
from simulator.scopes import expand  # noqa: E402
from simulator.synthetic import synthetic_catalog  # noqa: E402
from simulator.catalog import Catalog  # noqa: E402

GOAL_10K_SECONDS = 1.0


def mixed_grant(catalog: Catalog) -> Grant:
    """A grant that exercises every outcome: Own, Edit and View on different trees,
    one tree hidden, a view-only locale and a hidden attribute group."""
    trees = [tree.code for tree in catalog.trees]
    locales = list(catalog.locale_codes)
    groups = [group.code for group in catalog.attribute_groups]
    return Grant(
        Edition.EE,
        expand(["delete_products"]),
        Permissions(
            categories=AxisGrant.of(own=trees[0:1], edit=trees[1:2], view=trees[2:3]),
            locales=AxisGrant.of(edit=locales[:-1], view=locales[-1:]),
            attribute_groups=AxisGrant.of(edit=groups[:-1]),
        ),
    )


def run(size: int) -> tuple[float, int]:
    """Seconds to answer the whole matrix on ``size`` products, and the answers count."""
    catalog = synthetic_catalog(size, seed=size)
    grant = mixed_grant(catalog)
    templates = default_templates(catalog)
    # The catalog lives as long as the program: keep the collector from rescanning it
    # (and the answers piling up) on every collection, which would make the growth look
    # worse than linear for reasons that are not the engine's.
    gc.collect()
    gc.freeze()
    try:
        started = time.perf_counter()
        result = matrix(catalog, grant, templates)
        elapsed = time.perf_counter() - started
    finally:
        gc.unfreeze()
    return elapsed, sum(len(row) for row in result.rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--profile", type=int, metavar="SIZE", help="profile one size instead")
    arguments = parser.parse_args(argv)
    if arguments.profile:
        profiler = cProfile.Profile()
        profiler.runcall(run, arguments.profile)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        return 0

    print(f"{'products':>9}  {'answers':>8}  {'total':>9}  {'per product':>12}  {'growth':>7}")
    previous: tuple[int, float] | None = None
    totals: dict[int, float] = {}
    for size in arguments.sizes:
        elapsed, answers = run(size)
        totals[size] = elapsed
        growth = "" if previous is None else f"x{elapsed / previous[1]:.1f}"
        ratio = "" if previous is None else f" (products x{size / previous[0]:.0f})"
        print(f"{size:>9,}  {answers:>8,}  {elapsed:>8.3f}s  {elapsed / size * 1e6:>9.1f} µs  {growth:>7}{ratio}")
        previous = (size, elapsed)
    if 10_000 in totals:
        verdict = "within" if totals[10_000] < GOAL_10K_SECONDS else "OVER"
        print(f"10k products: {totals[10_000]:.3f}s for the whole matrix ({verdict} the {GOAL_10K_SECONDS:.0f} s goal)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
