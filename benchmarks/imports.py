"""Import and summarise a customer's PIM at real size, in CPython and in Pyodide.

Not a test: it prints figures. Synthetic exports of 10k, 100k and 1M products whose
categories come from 5,000 distinct category lists (three trees, a fifth of the
products variants of product models) are written as the PIM writes them
(``categories.csv``, ``product_models.csv``, ``products.csv`` with a name value, and a
locale list), then imported, indexed by situation and summarised for one grant, and
summarised again after a grant change. Each size runs in a fresh process (CPython) or a
fresh Pyodide (in Node), so the peak memory is its own: the process's high-water mark
in CPython, the WebAssembly memory in Pyodide (it only grows, so its size at the end
is the peak). Times are processor seconds (Node's process CPU clock for Pyodide, whose
own ``process_time`` is wall time): on a shared machine the ratios are what compare.

    python benchmarks/imports.py [--sizes 10000 100000 1000000] [--no-pyodide] [--variant VARIANT]

``--variant left-out`` adds a product in a category that does not exist and a variant
of a model that does not exist (the check of the catalog leaves them out);
``--variant locale-missing`` imports the locale list without ``nl_BE``, so that the
``name-nl_BE`` column's values are left out.

Goals (issue "The customer's own PIM"): 1M products imported and summarised in ≤ 5 s in
CPython and ≤ 3× that in Pyodide, ≤ 1 GB in the browser; the summary grows with the
situations, not the products (1M ≤ 3× 100k); a grant change re-summarises 1M in ≤ 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
SETS = 5_000
VARIANTS = ("plain", "left-out", "locale-missing")


def exports(products: int, sets: int = SETS, seed: int = 7, variant: str = "plain") -> dict[str, bytes]:
    """The PIM's exports of a synthetic catalog: deterministic for a size and seed
    (``variant``: see the module)."""
    rng = random.Random(seed)
    trees = ["catalogue_fr", "marketplace", "print"]
    lines = ["code;parent;label-fr_FR;label-nl_BE"]
    leaves: list[str] = []
    for tree in trees:
        lines.append(f"{tree};;{tree.title()};{tree.title()}")
        for a in range(12):
            branch = f"{tree}_{a}"
            lines.append(f"{branch};{tree};Branche {a};Tak {a}")
            for b in range(25):
                leaf = f"{branch}_{b}"
                lines.append(f"{leaf};{branch};Feuille {b};Blad {b}")
                leaves.append(leaf)
    categories = "\n".join(lines) + "\n"
    lists: list[str] = []
    seen: set[str] = set()
    while len(lists) < sets:
        chosen = sorted({leaves[int(rng.random() * len(leaves))] for _ in range(1 + int(rng.random() * 3))})
        cell = ",".join(chosen)
        if cell not in seen:
            seen.add(cell)
            lists.append(cell)
    model_count = max(1, products // 20)
    # A family goes with its categories, as in a real catalog: the situations are the
    # category lists (and the unclassified products), not lists × families.
    models = ["code;family_variant;parent;categories;name-fr_FR"]
    model_family: list[int] = []
    for m in range(model_count):
        chosen = int(rng.random() * sets)
        model_family.append(chosen % 40)
        models.append(f"model_{m};variant_by_size;;{lists[chosen]};Modèle {m}")
    rows = ["sku;categories;enabled;family;parent;groups;name-fr_FR;name-nl_BE"]
    for p in range(products):
        if rng.random() < 0.2:
            model = int(rng.random() * model_count)
            rows.append(f"variant_{p};;1;family_{model_family[model]};model_{model};;Variante {p};Variant {p}")
        elif rng.random() < 0.02:
            rows.append(f"product_{p};;1;family_0;;;Produit {p};Product {p}")
        else:
            chosen = int(rng.random() * sets)
            rows.append(f"product_{p};{lists[chosen]};1;family_{chosen % 40};;;Produit {p};Product {p}")
    if variant == "left-out":
        rows.append("lost_1;nowhere;1;family_0;;;Perdu;Lost")
        rows.append("lost_2;;1;family_0;no_model;;Perdu;Lost")
    return {
        "categories.csv": categories.encode(),
        "product_models.csv": ("\n".join(models) + "\n").encode(),
        "products.csv": ("\n".join(rows) + "\n").encode(),
        "locales.txt": b"fr_FR\n" if variant == "locale-missing" else b"fr_FR\nnl_BE\n",
    }


def measure(products: int, clock: Callable[[], float] = time.process_time, variant: str = "plain") -> dict[str, object]:
    """Import, index and summarise ``products`` products; processor seconds per phase
    by ``clock`` (in Pyodide, ``time.process_time`` is the wall clock: Emscripten's
    ``clock()`` counts from the start of the page, so Node's own CPU clock is given)."""
    import gc

    from simulator.engine.situations import Situations, summarise
    from simulator.formats import import_files
    from simulator.model import AxisGrant, Edition, Grant, Permissions

    files = exports(products, variant=variant)
    size = sum(len(data) for data in files.values())
    gc.collect()
    start = clock()
    result = import_files(files)
    imported = clock()
    situations = Situations(result.catalog)
    indexed = clock()
    scopes = frozenset({"read_products", "write_products", "read_catalog_structure"})
    grant = Grant(Edition.EE, scopes, Permissions(
        categories=AxisGrant.of(own=["catalogue_fr"], edit=["marketplace"], view=["print"]),
        locales=AxisGrant.of(edit_all=True), attribute_groups=AxisGrant.of(edit_all=True),
    ))
    summary = summarise(situations, grant)
    summarised = clock()
    changed = Grant(Edition.EE, scopes, Permissions(
        categories=AxisGrant.of(edit=["catalogue_fr"], view=["marketplace"]),
        locales=AxisGrant.of(edit_all=True), attribute_groups=AxisGrant.of(edit_all=True),
    ))
    again = summarise(situations, changed)
    resummarised = clock()
    return {
        "products": len(result.catalog.products),
        "bytes": size,
        "situations": len(situations),
        "import": imported - start,
        "index": indexed - imported,
        "summary": summarised - indexed,
        "grant_change": resummarised - summarised,
        "visible": summary.total.visible,
        "hidden_after_change": again.total.hidden,
        "errors": result.report.errors,
    }


def peak_mb() -> float:
    """This process's high-water mark (ru_maxrss would count the parent's, kept across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpython(products: int, variant: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(products), "--variant", variant], capture_output=True, text=True,
        cwd=ROOT, check=True,
    )
    return json.loads(done.stdout)


def pyodide(products: int, assets: Path, variant: str) -> dict[str, object]:
    script = ROOT / "benchmarks" / "imports_pyodide.mjs"
    done = subprocess.run(
        ["node", "--max-old-space-size=4096", str(script), str(assets), __file__, str(products), variant],
        capture_output=True, text=True, cwd=ROOT,
    )
    if done.returncode != 0:
        # The last lines: a Pyodide failure prints its whole module source first.
        raise SystemExit("Pyodide run failed:\n" + "\n".join(done.stderr.strip().splitlines()[-25:])[-4000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--no-pyodide", action="store_true")
    parser.add_argument("--variant", choices=VARIANTS, default="plain")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        sys.path.insert(0, str(ROOT))
        figures = measure(arguments.child, variant=arguments.variant)
        figures["peak_mb"] = peak_mb()
        print(json.dumps(figures))
        return
    runs: list[tuple[str, int, dict[str, object]]] = []
    for size in arguments.sizes:
        runs.append(("CPython", size, cpython(size, arguments.variant)))
    if not arguments.no_pyodide:
        sys.path.insert(0, str(ROOT))
        from helpcenter.runtime_assets import SIMULATOR_DIR, publish_runtime

        with tempfile.TemporaryDirectory() as site:
            publish_runtime(ROOT, Path(site))
            for size in arguments.sizes:
                runs.append(("Pyodide", size, pyodide(size, Path(site) / SIMULATOR_DIR, arguments.variant)))
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; exports: {arguments.variant}")
    header = ("runtime", "products", "situations", "file MB", "import s", "index s", "summary s",
              "import+summary s", "grant change s", "peak MB")
    print(" | ".join(header))
    for runtime, size, f in runs:
        total = float(f["import"]) + float(f["index"]) + float(f["summary"])  # type: ignore[arg-type]
        print(" | ".join([
            runtime, f"{f['products']:,}", f"{f['situations']:,}", f"{int(f['bytes']) / 1e6:.1f}",  # type: ignore[call-overload]
            f"{f['import']:.2f}", f"{f['index']:.3f}", f"{f['summary']:.4f}", f"{total:.2f}",
            f"{f['grant_change']:.4f}", f"{f['peak_mb']:.0f}",
        ]))
    for runtime in ("CPython", "Pyodide"):
        by_size = {size: f for name, size, f in runs if name == runtime}
        if 100_000 in by_size and 1_000_000 in by_size:
            small, large = by_size[100_000], by_size[1_000_000]
            ratio = float(large["summary"]) / max(float(small["summary"]), 1e-9)  # type: ignore[arg-type]
            print(f"{runtime}: summary 1M / 100k (same {SETS:,} lists, parsing excluded): ×{ratio:.2f}")
    cpython_1m = next((f for name, size, f in runs if name == "CPython" and size == 1_000_000), None)
    pyodide_1m = next((f for name, size, f in runs if name == "Pyodide" and size == 1_000_000), None)
    if cpython_1m and pyodide_1m:
        def whole(f: dict[str, object]) -> float:
            return float(f["import"]) + float(f["index"]) + float(f["summary"])  # type: ignore[arg-type]
        print(f"Pyodide / CPython, 1M imported and summarised: ×{whole(pyodide_1m) / whole(cpython_1m):.2f}")


if __name__ == "__main__":
    main()
