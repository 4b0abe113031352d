"""Hostile imports: each gives its named problem, never a traceback, within a deadline
and a memory bound far above what a linear reading needs (a quadratic walk or a
recursion would break them), and the message stays short whatever the input's size.

Each import runs in a child process: its processor time and peak memory are its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

import pytest

from simulator.formats.problems import DEFAULT_LIMITS

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent
_CHILD = """
import json, resource, sys, time
from pathlib import Path
from simulator.formats.importer import import_files
folder = Path(sys.argv[1])


def peak_mb():
    # The high-water mark of this process's own memory (ru_maxrss would count the parent's
    # memory at fork, which Linux carries across exec).
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


files = {path.name: path.read_bytes() for path in sorted(folder.iterdir())}
start = time.process_time()
result = import_files(files)
elapsed = time.process_time() - start
print(json.dumps({
    "seconds": elapsed,
    "peak_mb": peak_mb(),
    "problems": [p.to_dict() | {"text": str(p)} for p in result.report],
    "counts": result.counts,
    "categories": [c.code for c in result.catalog.categories],
    "models": [m.code for m in result.catalog.product_models],
    "products": [p.identifier for p in result.catalog.products],
    "errors": result.report.errors, "lines": result.report.lines(),
}))
"""


class Outcome:
    def __init__(self, data: dict[str, object]) -> None:
        self.__dict__.update(data)

    seconds: float
    peak_mb: float
    problems: list[dict[str, object]]
    categories: list[str]
    models: list[str]
    products: list[str]
    errors: int
    lines: list[str]


def bounded(make: Callable[[], dict[str, bytes]], seconds: float, megabytes: float) -> Outcome:
    """Import what ``make`` gives in a child process, asserting its time and memory."""
    with tempfile.TemporaryDirectory() as folder:
        for name, data in make().items():
            Path(folder, name).write_bytes(data)
        done = subprocess.run([sys.executable, "-c", _CHILD, folder], capture_output=True, text=True, cwd=ROOT,
                              timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = Outcome(json.loads(done.stdout))
    assert outcome.seconds < seconds, f"took {outcome.seconds:.1f} s"
    assert outcome.peak_mb < megabytes, f"peak {outcome.peak_mb:.0f} MB"
    for problem in outcome.problems:
        assert len(str(problem["message"])) < 600, str(problem["message"])[:200]
    return outcome


def errors(outcome: Outcome) -> list[str]:
    return [str(p["text"]) for p in outcome.problems if p["severity"] == "error"]


def chain(depth: int, child_first: bool) -> dict[str, bytes]:
    lines = ["c0;"] + [f"c{i};c{i - 1}" for i in range(1, depth)]
    if child_first:
        lines.reverse()
    return {"categories.csv": ("code;parent\n" + "\n".join(lines) + "\n").encode()}


@pytest.mark.parametrize("child_first", [False, True], ids=["parent first", "child first"])
@pytest.mark.parametrize("depth", [10_000])
def test_a_deep_tree_is_cut_at_the_limit_with_its_named_error(depth: int, child_first: bool) -> None:
    result = bounded(lambda: chain(depth, child_first), seconds=20, megabytes=400)
    limit = DEFAULT_LIMITS.tree_depth
    (problem,) = errors(result)
    assert f"a category tree is more than {limit:,} levels deep" in problem
    assert f"{depth - limit:,} categories from \"c{limit}\" down are left out" in problem
    assert len(result.categories) == limit


def test_a_cycle_of_ten_thousand_categories_is_named_briefly() -> None:
    def make() -> dict[str, bytes]:
        lines = [f"c{i};c{(i + 1) % 10_000}" for i in range(10_000)]
        return {"categories.csv": ("code;parent\nroot;\n" + "\n".join(lines) + "\n").encode()}

    result = bounded(make, seconds=10, megabytes=200)
    (problem,) = errors(result)
    assert "the category parents make a cycle" in problem and "(10,000 categories)" in problem
    assert result.categories == ["root"]


def test_duplicate_codes_by_the_thousand_give_a_short_report() -> None:
    def make() -> dict[str, bytes]:
        return {"categories.csv": b"code;parent\n" + b"same;\n" * 20_000}

    result = bounded(make, seconds=10, megabytes=200)
    assert result.errors == 19_999
    assert len(result.problems) <= 200
    assert result.lines[-1].startswith("… and 19,799 more problems")


def test_a_50_mb_field_is_named_and_the_other_lines_read() -> None:
    def make() -> dict[str, bytes]:
        return {"categories.csv": b"code;parent;label-fr_FR\nroot;;Root\nhuge;root;" + b"x" * (50 * MB) + b"\nok;root;Ok\n"}

    result = bounded(make, seconds=20, megabytes=400)
    (problem,) = errors(result)
    assert problem.startswith("categories.csv:3: a cell is longer than 1,000,000 characters")
    assert result.categories == ["root", "ok"]


def test_a_csv_bomb_of_a_million_columns_is_refused_by_its_header() -> None:
    result = bounded(lambda: {"products.csv": b"sku" + b";x" * 1_000_000 + b"\n"}, seconds=10, megabytes=400)
    (problem,) = errors(result)
    assert "the header has 1,000,001 columns; the most an import reads is 20,000" in problem
    assert result.products == []


def test_a_line_of_a_million_cells_is_left_out() -> None:
    def make() -> dict[str, bytes]:
        return {"categories.csv": b"code;parent\nroot;\nbomb" + b";" * 1_000_000 + b"x\nok;root\n"}

    result = bounded(make, seconds=10, megabytes=400)
    (problem,) = errors(result)
    assert "categories.csv:3:" in problem and "the line has 1,000,001 cells, the header 2" in problem
    assert result.categories == ["root", "ok"]


def test_json_nested_ten_thousand_levels_is_refused_before_parsing() -> None:
    result = bounded(lambda: {"page.json": b"[" * 10_000 + b"]" * 10_000}, seconds=5, megabytes=150)
    (problem,) = errors(result)
    assert "nested more than 64 levels deep" in problem


def test_unbalanced_deep_json_is_refused_too() -> None:
    result = bounded(lambda: {"page.json": b"[" * 10_000 + b"}"}, seconds=5, megabytes=150)
    (problem,) = errors(result)
    assert "nested more than 64 levels deep" in problem


def test_a_5000_digit_number_is_named() -> None:
    page = '{"_embedded": {"items": [{"code": "a", "parent": null, "sort": ' + "9" * 5000 + "}]}}"
    result = bounded(lambda: {"page.json": page.encode()}, seconds=5, megabytes=150)
    (problem,) = errors(result)
    assert problem.startswith("page.json:1:1: not valid JSON")


def test_a_lone_surrogate_is_named_not_passed_on() -> None:
    page = '{"_embedded": {"items": [{"code": "a", "parent": null, "labels": {"fr_FR": "\\ud800"}}]}}'
    result = bounded(lambda: {"page.json": page.encode()}, seconds=5, megabytes=150)
    (problem,) = errors(result)
    assert "\\ud800 is half of a UTF-16 pair" in problem


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8 text"),
        (b"code;parent\nbad\x00code;\n", "NUL character"),
        (b"{\"_embedded\": {\"items\": [", "not valid JSON"),
        (b"[1, 2, 3]", "expected an object, got a number"),
        (b"code;parent\n\x1b[2Jroot;\n", '"\\x1b[2Jroot" is not a category code'),
    ],
    ids=["empty", "binary", "nul", "truncated json", "not items", "control characters"],
)
def test_garbage_is_named(data: bytes, expected: str) -> None:
    result = bounded(lambda: {"upload": data}, seconds=5, megabytes=60)
    assert any(expected in problem for problem in errors(result)), errors(result)


def test_a_huge_code_is_quoted_short() -> None:
    result = bounded(lambda: {"categories.csv": b"code;parent\n" + b"a" * 500_000 + b";ghost\n"}, seconds=5, megabytes=150)
    (problem,) = errors(result)
    assert '"' + "a" * 60 + '…"' in problem and len(problem) < 300


def test_deep_product_models_are_cut_at_the_pim_two_levels() -> None:
    def make() -> dict[str, bytes]:
        models = ["m0;;"] + [f"m{i};m{i - 1};" for i in range(1, 500)]
        return {
            "categories.csv": b"code;parent\nroot;\n",
            "product_models.csv": ("code;parent;categories\n" + "\n".join(models) + "\n").encode(),
            "products.csv": b"sku;parent;categories\nv1;m1;root\nv2;m499;root\n",
        }

    result = bounded(make, seconds=5, megabytes=150)
    assert result.models == ["m0", "m1"]
    assert result.products == ["v1"]
    assert any("more than 2 levels of models deep" in problem for problem in errors(result))


def test_the_same_file_again_is_read_as_duplicates_not_twice() -> None:
    data = json.dumps({"_embedded": {"items": [{"code": "root", "parent": None}]}}).encode()
    result = bounded(lambda: {"page_1.json": data, "page_1 (copy).json": data}, seconds=5, megabytes=150)
    assert len(result.categories) == 1
    assert any("was already read (page_1" in problem for problem in errors(result))
