"""The browser runtime laid into the site: Pyodide core, simulator wheel, manifest."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import simulator
from helpcenter.runtime_assets import (
    SNAPSHOT_FROM_MODULE,
    InitialMemory,
    pack_snapshot,
    snapshot_digest,
    unpack_snapshot,
    SNAPSHOT_CACHE,
    RuntimeAssetsError,
    build_simulator_wheel,
    copy_pyodide_core,
    publish_runtime,
    pyodide_version,
    simulator_version,
    snapshot_key,
)
from helpcenter.wasm_memory import WasmError, initial_memory

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PYODIDE_PACKAGE = PROJECT_ROOT / "node_modules" / "pyodide"
LOCKED_PYODIDE = "314.0.7"
"""The version package-lock.json pins; update with it."""


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def sample_package(tmp_path: Path) -> Path:
    """A small ``simulator`` package with the kinds of files a real one may hold."""
    return _write(
        tmp_path / "src" / "simulator",
        {
            "__init__.py": '"""Sample."""\n\n__version__ = "1.2.3"\n',
            "rules.py": "RULES = ()\n",
            "py.typed": "",
            "data/article.json": '{"code": "article"}\n',
            "schema/scenario.schema.json": "{}\n",
            "__pycache__/rules.cpython-311.pyc": "not source",
            ".scratch.py": "editor leftovers",
            "notes.txt": "not part of the package",
        },
    )


def test_wheel_holds_the_package_then_its_metadata(sample_package: Path, tmp_path: Path) -> None:
    wheel = build_simulator_wheel(sample_package, tmp_path / "out")

    assert wheel.path.name == "pim_apps_simulator-1.2.3-py3-none-any.whl"
    assert wheel.version == "1.2.3"
    with zipfile.ZipFile(wheel.path) as archive:
        assert archive.namelist() == [
            "simulator/__init__.py",
            "simulator/data/article.json",
            "simulator/py.typed",
            "simulator/rules.py",
            "simulator/schema/scenario.schema.json",
            "pim_apps_simulator-1.2.3.dist-info/METADATA",
            "pim_apps_simulator-1.2.3.dist-info/WHEEL",
            "pim_apps_simulator-1.2.3.dist-info/top_level.txt",
            "pim_apps_simulator-1.2.3.dist-info/RECORD",
        ]
        assert archive.read("simulator/rules.py") == b"RULES = ()\n"
        assert archive.read("pim_apps_simulator-1.2.3.dist-info/WHEEL").decode() == (
            "Wheel-Version: 1.0\n"
            "Generator: helpcenter.runtime_assets\n"
            "Root-Is-Purelib: true\n"
            "Tag: py3-none-any\n"
        )
        metadata = archive.read("pim_apps_simulator-1.2.3.dist-info/METADATA").decode()
        assert metadata.splitlines()[:3] == [
            "Metadata-Version: 2.1",
            "Name: pim-apps-simulator",
            "Version: 1.2.3",
        ]


def test_wheel_record_lists_every_file_with_its_hash_and_size(
    sample_package: Path, tmp_path: Path
) -> None:
    wheel = build_simulator_wheel(sample_package, tmp_path / "out")

    with zipfile.ZipFile(wheel.path) as archive:
        record = archive.read("pim_apps_simulator-1.2.3.dist-info/RECORD").decode()
        rows = [line.split(",") for line in record.splitlines()]
        assert [name for name, _, _ in rows] == archive.namelist()
        assert rows[-1] == ["pim_apps_simulator-1.2.3.dist-info/RECORD", "", ""]
        assert rows[1] == [
            "simulator/data/article.json",
            "sha256=6DhC5_ixtyGVcIRfiUQHrVZzaNo1R7350QiEfs3qtzg",  # openssl dgst -sha256 | base64url
            "20",
        ]
        for name, digest, size in rows[:-1]:
            data = archive.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert digest == f"sha256={expected.decode()}", name
            assert int(size) == len(data), name


def test_wheel_bytes_depend_on_the_sources_only(sample_package: Path, tmp_path: Path) -> None:
    first = build_simulator_wheel(sample_package, tmp_path / "first")
    for path in sample_package.rglob("*"):
        os.utime(path, (2_000_000_000, 2_000_000_000))
    second = build_simulator_wheel(sample_package, tmp_path / "second")

    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.sha256 == second.sha256 == hashlib.sha256(first.path.read_bytes()).hexdigest()
    with zipfile.ZipFile(first.path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert {info.external_attr >> 16 for info in archive.infolist()} == {0o100644}


def test_a_changed_source_changes_the_wheel(sample_package: Path, tmp_path: Path) -> None:
    before = build_simulator_wheel(sample_package, tmp_path / "before")
    (sample_package / "rules.py").write_text("RULES = ('own',)\n", encoding="utf-8")
    after = build_simulator_wheel(sample_package, tmp_path / "after")

    assert before.sha256 != after.sha256


@pytest.mark.parametrize(
    ("init", "message"),
    [
        ('VERSION = "1.0"\n', 'no `__version__ = "…"` string assignment'),
        ("__version__ = (1, 0)\n", 'no `__version__ = "…"` string assignment'),
        (None, "cannot read the package"),
    ],
)
def test_a_package_without_a_version_is_named(tmp_path: Path, init: str | None, message: str) -> None:
    package = tmp_path / "simulator"
    package.mkdir()
    if init is not None:
        (package / "__init__.py").write_text(init, encoding="utf-8")

    with pytest.raises(RuntimeAssetsError, match=r"simulator/__init__\.py: ") as error:
        simulator_version(package)

    assert message in str(error.value)


def test_the_real_wheel_installs_with_pip_and_answers(tmp_path: Path) -> None:
    wheel = build_simulator_wheel(PROJECT_ROOT / "simulator", tmp_path / "dist")
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-index", "--no-deps", "--target", str(target), str(wheel.path)],
        check=True,
    )
    # -S: no site-packages, so the checkout's editable install cannot answer instead.
    probe = (
        "import importlib.metadata, simulator, simulator.web;"
        "print(simulator.__file__);"
        "print(importlib.metadata.version('pim-apps-simulator'));"
        "print(simulator.web.handle('echo', '[1]'))"
    )
    run = subprocess.run(
        [sys.executable, "-S", "-c", probe],
        cwd=tmp_path, env={"PYTHONPATH": str(target)}, capture_output=True, text=True, check=True,
    )

    where, version, answer = run.stdout.splitlines()
    assert Path(where) == target / "simulator" / "__init__.py"
    assert version == simulator.__version__
    assert answer == '{"result":[1]}'


@pytest.mark.slow
def test_publish_lays_out_the_site_and_its_manifest(tmp_path: Path) -> None:
    site = tmp_path / "site"
    stale = site / "assets" / "simulator" / "pim_apps_simulator-0.0.1-py3-none-any.whl"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"an old build")

    manifest = publish_runtime(PROJECT_ROOT, site)

    wheel_name = f"pim_apps_simulator-{simulator.__version__}-py3-none-any.whl"
    assert sorted(p.name for p in (site / "assets" / "pyodide" / LOCKED_PYODIDE).iterdir()) == [
        "pyodide-lock.json",
        "pyodide.asm.mjs",
        "pyodide.asm.wasm",
        "pyodide.mjs",
        "python_stdlib.zip",
    ]
    written = json.loads((site / "assets" / "simulator" / "runtime.json").read_text("utf-8"))
    snapshot = written["snapshot"]
    assert sorted(p.name for p in (site / "assets" / "simulator").iterdir()) == [
        wheel_name,
        snapshot["file"],
        "runtime.json",
    ]
    assert written == manifest
    wheel_bytes = (site / "assets" / "simulator" / wheel_name).read_bytes()
    assert written["simulator"] == {
        "version": simulator.__version__,
        "wheel": wheel_name,
        "sha256": hashlib.sha256(wheel_bytes).hexdigest(),
        "bytes": len(wheel_bytes),
        "module": "simulator.web",
    }
    served = (site / "assets" / "simulator" / snapshot["file"]).read_bytes()
    assert snapshot["packed"] == len(served)
    # The pages still holding the wasm's own data are taken from the module: Pyodide's
    # memory starts after its 144 bytes of header, its data ends at 3,820,747.
    module = initial_memory((PYODIDE_PACKAGE / "pyodide.asm.wasm").read_bytes())
    assert snapshot["initial"] == {"at": 144, "bytes": len(module)} == {"at": 144, "bytes": 3_820_747}
    initial = InitialMemory(144, module)
    snapshot_bytes = unpack_snapshot(served, snapshot["bytes"], initial)
    assert snapshot["sha256"] == hashlib.sha256(snapshot_bytes).hexdigest()
    assert snapshot["file"] == f"python-{hashlib.sha256(served).hexdigest()[:16]}.snapshot"
    assert snapshot["pieces"] == {"size": 1048576, "sha256": snapshot_digest(served, 1048576, initial)}
    # Served without its pages of zeros (a good part of Python's memory is still free)
    # nor those of the wasm's data (3.4 MB): 20.0 MB without the zeros alone.
    assert len(served) < 0.45 * snapshot["bytes"]
    assert len(pack_snapshot(snapshot_bytes)) > len(served) + 3_000_000
    assert snapshot["pyodide"] == LOCKED_PYODIDE
    # The header names the Pyodide build the memory belongs to.
    assert "".join(f"{word:08x}" for word in struct.unpack("<8I", snapshot_bytes[16:48])) == snapshot["buildId"]
    assert snapshot["heap"] <= snapshot["bytes"]
    assert written["pyodide"]["version"] == LOCKED_PYODIDE
    assert written["pyodide"]["indexURL"] == f"../pyodide/{LOCKED_PYODIDE}/"
    assert written["pyodide"]["files"]["pyodide.asm.wasm"] == (
        PYODIDE_PACKAGE / "pyodide.asm.wasm"
    ).stat().st_size
    wasm = site / "assets" / "pyodide" / LOCKED_PYODIDE / "pyodide.asm.wasm"
    assert wasm.read_bytes() == (PYODIDE_PACKAGE / "pyodide.asm.wasm").read_bytes()


def test_the_installed_pyodide_is_the_locked_one() -> None:
    assert pyodide_version(PROJECT_ROOT) == LOCKED_PYODIDE


@pytest.fixture
def fake_project(tmp_path: Path) -> Path:
    """A project whose node_modules/pyodide holds every core file (tiny stand-ins)."""
    project = tmp_path / "project"
    package = project / "node_modules" / "pyodide"
    _write(package, {name: name for name in (
        "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json",
    )})
    _write(package, {"package.json": '{"name": "pyodide", "version": "314.0.7"}'})
    _write(project, {
        "package-lock.json": json.dumps({"packages": {"node_modules/pyodide": {"version": "314.0.7"}}}),
    })
    shutil.copytree(PROJECT_ROOT / "simulator", project / "simulator")
    return project


def test_publishing_twice_gives_the_same_site(fake_project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = publish_runtime(fake_project, site, snapshot=False)
    files = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = publish_runtime(fake_project, site, snapshot=False)

    assert second == first
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == files


def test_a_stale_node_modules_is_refused(fake_project: Path) -> None:
    _write(fake_project / "node_modules" / "pyodide", {"package.json": '{"version": "314.0.6"}'})

    with pytest.raises(RuntimeAssetsError) as error:
        pyodide_version(fake_project)

    assert str(error.value) == (
        f"{fake_project}/node_modules/pyodide/package.json: pyodide 314.0.6 is installed "
        "but package-lock.json pins 314.0.7: run `npm ci`"
    )


def test_missing_node_modules_says_to_run_npm_ci(fake_project: Path) -> None:
    shutil.rmtree(fake_project / "node_modules")

    with pytest.raises(RuntimeAssetsError) as error:
        publish_runtime(fake_project, fake_project / "site", snapshot=False)

    assert str(error.value) == (
        f"{fake_project}/node_modules/pyodide/package.json: not found (run `npm ci`)"
    )


def test_a_missing_core_file_is_named(fake_project: Path, tmp_path: Path) -> None:
    package = fake_project / "node_modules" / "pyodide"
    (package / "pyodide.asm.wasm").unlink()
    (package / "python_stdlib.zip").unlink()

    with pytest.raises(RuntimeAssetsError) as error:
        copy_pyodide_core(package, "314.0.7", tmp_path / "site")

    assert str(error.value) == (
        f"{package}: missing Pyodide file(s) pyodide.asm.wasm, python_stdlib.zip: run `npm ci`"
    )


def test_a_pyodide_that_cannot_boot_gives_a_site_without_snapshot(fake_project: Path, tmp_path: Path) -> None:
    """The stand-in Pyodide cannot run: the site is still laid out, the manifest says why."""
    (fake_project / "node_modules" / "pyodide" / "pyodide.mjs").write_text("throw new Error('no Python here');\n")

    manifest = publish_runtime(fake_project, tmp_path / "site")

    assert manifest["snapshot"] is None
    assert str(manifest["snapshotProblem"]).startswith("pyodide_snapshot.mjs: ")
    assert not list((tmp_path / "site" / "assets" / "simulator").glob("*.snapshot"))
    assert not (fake_project / SNAPSHOT_CACHE).exists() or not list((fake_project / SNAPSHOT_CACHE).glob("*.snapshot"))


def test_the_snapshot_is_made_again_only_when_its_inputs_change(sample_package: Path, tmp_path: Path) -> None:
    wheel = build_simulator_wheel(sample_package, tmp_path / "one")
    same = build_simulator_wheel(sample_package, tmp_path / "two")
    (sample_package / "rules.py").write_text("RULES = (1,)\n", encoding="utf-8")
    changed = build_simulator_wheel(sample_package, tmp_path / "three")

    key = snapshot_key(PROJECT_ROOT, wheel, "20.20.2")

    assert snapshot_key(PROJECT_ROOT, same, "20.20.2") == key
    assert snapshot_key(PROJECT_ROOT, changed, "20.20.2") != key
    assert snapshot_key(PROJECT_ROOT, wheel, "22.1.0") != key


@pytest.mark.slow
def test_the_snapshot_is_served_without_its_pages_of_zeros() -> None:
    page = 4096
    memory = b"PYOD" + bytes(page - 4) + bytes(2 * page) + b"\x01" * page + bytes(page) + b"\x02\x03"

    packed = pack_snapshot(memory)

    # Two records, each <offset><length> then the bytes; the zero pages between are left out.
    assert packed == (
        struct.pack("<II", 0, page) + b"PYOD" + bytes(page - 4)
        + struct.pack("<II", 3 * page, page) + b"\x01" * page
        + struct.pack("<II", 5 * page, 2) + b"\x02\x03"
    )
    assert unpack_snapshot(packed, len(memory)) == memory
    assert pack_snapshot(bytes(3 * page)) == b""


def test_pages_still_holding_the_wasm_data_are_served_without_their_bytes() -> None:
    page = 4096
    # The memory starts after a header of 16 bytes; the module's data covers its first
    # three pages (the second of them zeros, and the third changed since).
    data = b"\x07" * page + bytes(page) + b"\x08" * page
    initial = InitialMemory(16, data)
    memory = b"HEAD" + bytes(12) + data[: 2 * page] + b"\x09" * page + bytes(page - 16)

    packed = pack_snapshot(memory, initial)

    # The file's first page holds the header: served. The next, all the module's: a
    # record without bytes. Then the changed page and the last, with their bytes.
    assert packed == (
        struct.pack("<II", 0, page) + memory[:page]
        + struct.pack("<II", page, page | SNAPSHOT_FROM_MODULE)
        + struct.pack("<II", 2 * page, 2 * page) + memory[2 * page :]
    )
    assert unpack_snapshot(packed, len(memory), initial) == memory
    with pytest.raises(ValueError, match="no module is given"):
        unpack_snapshot(packed, len(memory))
    # Hashed with the module's bytes where the record has none (each head, then each
    # piece's sha256): another module, another digest.
    pieces = [memory[at : at + 2048] for at in range(0, 4 * page, 2048) if at < page or at >= 2 * page]
    parts = [packed[:8], *pieces[:2], struct.pack("<II", page, page | SNAPSHOT_FROM_MODULE), data[page - 16 : page + 2032],
             data[page + 2032 : 2 * page - 16], struct.pack("<II", 2 * page, 2 * page), *pieces[2:]]
    expected = hashlib.sha256(b"".join(p if len(p) == 8 else hashlib.sha256(p).digest() for p in parts)).hexdigest()
    assert snapshot_digest(packed, 2048, initial) == expected
    assert snapshot_digest(packed, 2048, InitialMemory(16, b"\x06" * 3 * page)) != expected


def test_the_initial_memory_is_the_wasm_data_segments_in_place() -> None:
    # A module with a memory and two active data segments, at 4 and at 10.
    segments = bytes([2, 0, 0x41, 4, 0x0B, 2]) + b"ab" + bytes([0, 0x41, 10, 0x0B, 3]) + b"xyz"
    wasm = b"\0asm" + bytes([1, 0, 0, 0]) + bytes([5, 3, 1, 0, 1]) + bytes([11, len(segments)]) + segments

    assert initial_memory(wasm) == bytes(4) + b"ab" + bytes(4) + b"xyz"
    # A passive segment has no place in memory until code puts it there.
    passive = bytes([1, 1, 2]) + b"ab"
    with pytest.raises(WasmError, match="kind 1"):
        initial_memory(b"\0asm" + bytes([1, 0, 0, 0]) + bytes([11, len(passive)]) + passive)
    with pytest.raises(WasmError, match="not a WebAssembly module"):
        initial_memory(b"PK\x03\x04")


def test_the_served_snapshot_is_hashed_piece_by_piece() -> None:
    # Records of 5 and 3 bytes, hashed in pieces of 2 bytes: what the worker makes as
    # the download comes. The expected digest was made with sha256sum and xxd, from the
    # heads and the pieces' digests (ab, cd, e; xy, z) written one after the other.
    packed = struct.pack("<II", 0, 5) + b"abcde" + struct.pack("<II", 16, 3) + b"xyz"

    assert snapshot_digest(packed, 2) == "55429bac46a095fabbdc59aed14a078d45f879d25f49f2bc3acf4cb9db3d6048"
    # A byte changed, or a record moved, gives another digest.
    assert snapshot_digest(packed.replace(b"xyz", b"xyZ"), 2) != snapshot_digest(packed, 2)
    assert snapshot_digest(packed.replace(struct.pack("<II", 16, 3), struct.pack("<II", 20, 3)), 2) != (
        snapshot_digest(packed, 2)
    )


def test_the_snapshot_is_reproducible(tmp_path: Path) -> None:
    """Made twice from the same inputs (once from the cache, once anew): the same bytes."""
    site = tmp_path / "site"
    cached = publish_runtime(PROJECT_ROOT, site)["snapshot"]
    assert isinstance(cached, dict)
    wheel = next((site / "assets" / "simulator").glob("*.whl"))
    out = tmp_path / "again.snapshot"
    done = subprocess.run(
        ["node", str(PROJECT_ROOT / "helpcenter" / "pyodide_snapshot.mjs"), str(PYODIDE_PACKAGE), str(wheel), str(out)],
        cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False,
    )

    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["sha256"] == cached["sha256"]
    assert hashlib.sha256(out.read_bytes()).hexdigest() == cached["sha256"]


def test_the_cache_keeps_the_snapshots_used_last_with_their_served_files(tmp_path: Path) -> None:
    from helpcenter.runtime_assets import SNAPSHOT_CACHE_KEEP, _prune_cache

    keys = [f"key{i}" for i in range(SNAPSHOT_CACHE_KEEP + 1)]
    for age, key in enumerate(keys):  # key0 used last, the last key first
        for suffix in (".snapshot", ".served", ".packed", ".json"):
            (tmp_path / f"{key}{suffix}").write_bytes(b"x")
        os.utime(tmp_path / f"{key}.json", (1_000_000 - age, 1_000_000 - age))

    _prune_cache(tmp_path)

    oldest = keys[-1]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(oldest)) == []
    assert (tmp_path / f"{keys[0]}.served").is_file()
