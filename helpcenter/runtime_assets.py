"""What the browser needs to run the simulator, laid into the built site.

Four things land under the site's ``assets/``:

- ``pyodide/<version>/``: the pinned Pyodide core, copied from the npm package;
- ``simulator/<dist>-<version>-py3-none-any.whl``: the ``simulator`` package as a
  wheel, built here with :mod:`zipfile` (no pip, no network) and byte-for-byte the
  same for the same sources, so a rebuild does not change the site;
- ``simulator/python-<sha256>.snapshot``: Pyodide's memory after the package was
  imported (all of it but its build and command-line modules), made in Node by
  ``pyodide_snapshot.mjs`` (reproducible: the same inputs give the same bytes) and
  cached under ``.cache/pyodide-snapshots/`` by the hash of its inputs, so that only a
  change of Pyodide, of the package or of the script makes a new one; the worker boots
  from it in a fraction of the bare boot's time. It is served without its pages of
  zeros (:func:`pack_snapshot`; 47 % of the memory, once the script has zeroed what the
  allocator holds free) nor those still holding the wasm's own data (9 %, which the
  worker copies from the module it instantiates: :class:`InitialMemory`): the worker's
  buffer is zeros already, and fewer bytes to decode and copy on a loaded machine and
  fewer on the wire (4.7 MB as Brotli instead of 5.8) on a slow link;
- ``simulator/runtime.json``: the manifest the front end reads, so that no version,
  file name or hash is written into the JavaScript.

Functions of their inputs; the build's *finish* step (``helpcenter.build.finish``)
only calls :func:`publish_runtime`.
"""

from __future__ import annotations

import ast
import base64
import functools
import hashlib
import json
import os
import shutil
import struct
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final, Iterable

from helpcenter.wasm_memory import WasmError, initial_memory

PYODIDE_CORE_FILES: Final = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
"""The files ``loadPyodide`` fetches from its ``indexURL``; nothing else is served."""

WHEEL_DISTRIBUTION: Final = "pim_apps_simulator"
"""The wheel's distribution name (normalised): the simulator alone, not the site."""

MANIFEST_NAME: Final = "runtime.json"
PYODIDE_DIR: Final = PurePosixPath("assets/pyodide")
SIMULATOR_DIR: Final = PurePosixPath("assets/simulator")

_PACKAGE_SUFFIXES: Final = frozenset({".py", ".json", ".typed"})
"""What the wheel carries from the package folder: sources, data and the typing marker."""

SNAPSHOT_PAGE: Final = 4096
"""The unit in which a snapshot's zeros are left out (the wasm memory's own pages are 64 KiB)."""

SNAPSHOT_FROM_MODULE: Final = 1 << 31
"""Set in a served record's length: its bytes are not in the file, they are the wasm's
own data, which the worker copies from the module it instantiates (:class:`InitialMemory`)."""

SNAPSHOT_PIECE: Final = 1 << 20
"""The piece of a served snapshot's record that the worker hashes as soon as it has come
(:func:`snapshot_digest`): after the last byte, at most this much is left to hash."""

_ZIP_EPOCH: Final = (1980, 1, 1, 0, 0, 0)
"""The earliest date a zip entry can hold: a fixed timestamp for reproducible wheels."""

SNAPSHOT_SCRIPT: Final = Path(__file__).with_name("pyodide_snapshot.mjs")
SNAPSHOT_CACHE: Final = PurePosixPath(".cache/pyodide-snapshots")
"""Where made snapshots are kept, under the project root, by the hash of their inputs."""
SNAPSHOT_CACHE_KEEP: Final = 4
"""Snapshots kept in the cache (31 MB each): the newest, for switching branches."""
SNAPSHOT_TIMEOUT_S: Final = 900
"""Making one takes 2–40 s here (Node, one core); a stuck Node must not hang the build."""


class RuntimeAssetsError(Exception):
    """The runtime cannot be laid out; the message says what is missing and where."""


@dataclass(frozen=True)
class PyodideCore:
    """The Pyodide core as copied into the site."""

    version: str
    directory: Path
    sizes: dict[str, int]

    @property
    def wasm(self) -> Path:
        """Pyodide's wasm, whose data the served snapshot leaves out (:class:`InitialMemory`)."""
        return self.directory / "pyodide.asm.wasm"


@dataclass(frozen=True)
class Wheel:
    """A built wheel of the ``simulator`` package."""

    path: Path
    version: str
    sha256: str


def pyodide_version(project_root: Path) -> str:
    """The installed npm ``pyodide`` version, checked against ``package-lock.json``.

    A mismatch means ``node_modules`` is stale: the site would ship a Pyodide the lock
    file does not name.
    """
    package_json = project_root / "node_modules" / "pyodide" / "package.json"
    installed = str(_read_json(package_json, hint="run `npm ci`").get("version", ""))
    if not installed:
        raise RuntimeAssetsError(f"{package_json}: no \"version\" field")
    lock_path = project_root / "package-lock.json"
    lock = _read_json(lock_path, hint="the project pins Pyodide there")
    packages = lock.get("packages")
    locked_entry = packages.get("node_modules/pyodide") if isinstance(packages, dict) else None
    locked = locked_entry.get("version") if isinstance(locked_entry, dict) else None
    if locked is None:
        raise RuntimeAssetsError(f"{lock_path}: no entry for node_modules/pyodide")
    if locked != installed:
        raise RuntimeAssetsError(
            f"{package_json}: pyodide {installed} is installed but {lock_path.name} "
            f"pins {locked}: run `npm ci`"
        )
    return installed


def copy_pyodide_core(package_dir: Path, version: str, site_dir: Path) -> PyodideCore:
    """Copy the Pyodide core files to ``<site>/assets/pyodide/<version>/``.

    The version is part of the path so that a browser never mixes a cached old
    ``pyodide.asm.wasm`` with a new ``pyodide.mjs``. Unchanged files are not copied
    again (``mkdocs serve`` rebuilds often; the core is 12 MB).
    """
    missing = [name for name in PYODIDE_CORE_FILES if not (package_dir / name).is_file()]
    if missing:
        raise RuntimeAssetsError(
            f"{package_dir}: missing Pyodide file(s) {', '.join(missing)}: run `npm ci`"
        )
    target = site_dir / PYODIDE_DIR / version
    target.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, int] = {}
    for name in PYODIDE_CORE_FILES:
        source, copy = package_dir / name, target / name
        if not _same_file(source, copy):
            shutil.copy2(source, copy)
        sizes[name] = source.stat().st_size
    return PyodideCore(version=version, directory=target, sizes=sizes)


def simulator_version(package_dir: Path) -> str:
    """``__version__`` of the package, read from its source without importing it."""
    init = package_dir / "__init__.py"
    try:
        tree = ast.parse(init.read_text(encoding="utf-8"), filename=str(init))
    except OSError as error:
        raise RuntimeAssetsError(f"{init}: cannot read the package: {error}") from None
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and [getattr(t, "id", None) for t in node.targets] == ["__version__"]
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    raise RuntimeAssetsError(f"{init}: no `__version__ = \"…\"` string assignment")


def build_simulator_wheel(package_dir: Path, out_dir: Path) -> Wheel:
    """Build ``package_dir`` (the ``simulator`` package) as a py3-none-any wheel.

    The same sources always give the same bytes: entries are sorted, timestamps and
    permissions fixed, and the ``.dist-info`` files come last as the wheel format
    recommends.
    """
    version = simulator_version(package_dir)
    package = package_dir.name
    sources = sorted(_package_files(package_dir), key=lambda p: p.as_posix())
    if not sources:
        raise RuntimeAssetsError(f"{package_dir}: no package files to put in the wheel")
    entries: list[tuple[str, bytes]] = [
        (f"{package}/{path.as_posix()}", (package_dir / path).read_bytes()) for path in sources
    ]
    dist_info = f"{WHEEL_DISTRIBUTION}-{version}.dist-info"
    entries += [
        (f"{dist_info}/METADATA", _metadata(version).encode()),
        (f"{dist_info}/WHEEL", _wheel_file().encode()),
        (f"{dist_info}/top_level.txt", f"{package}\n".encode()),
    ]
    record_name = f"{dist_info}/RECORD"
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in entries)
    entries.append((record_name, f"{record}{record_name},,\n".encode()))

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{WHEEL_DISTRIBUTION}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            wheel.writestr(info, data, compresslevel=9)
    return Wheel(path=path, version=version, sha256=hashlib.sha256(path.read_bytes()).hexdigest())


@dataclass(frozen=True)
class Snapshot:
    """A memory snapshot of Pyodide with the simulator imported, as the script made it."""

    path: Path
    sha256: str
    bytes: int
    pyodide: str
    build_id: str
    """The Pyodide build it restores into (Pyodide refuses any other)."""
    heap: int
    """Python's heap when it was made: it restores only within the initial heap."""
    modules: int
    node: str


class SnapshotError(RuntimeAssetsError):
    """No snapshot could be made: the site still works, with the bare (slower) boot."""


def snapshot_key(project_root: Path, wheel: Wheel, node: str) -> str:
    """The hash of everything a snapshot's bytes depend on: the Pyodide package (its
    lock-file integrity), the wheel, the script that makes it and Node's version."""
    lock = _read_json(project_root / "package-lock.json", hint="the project pins Pyodide there")
    packages = lock.get("packages")
    entry = packages.get("node_modules/pyodide") if isinstance(packages, dict) else None
    integrity = entry.get("integrity", "") if isinstance(entry, dict) else ""
    parts = [
        f"pyodide {integrity}",
        f"wheel {wheel.sha256}",
        f"script {hashlib.sha256(SNAPSHOT_SCRIPT.read_bytes()).hexdigest()}",
        f"node {node}",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def node_version(project_root: Path) -> str:
    """``node --version`` without its ``v``; SnapshotError when there is no Node."""
    try:
        done = subprocess.run(
            ["node", "--version"], cwd=project_root, capture_output=True, text=True, timeout=60, check=True
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise SnapshotError(f"Node.js is needed to make the Python snapshot: {error}") from None
    return done.stdout.strip().removeprefix("v")


def make_snapshot(project_root: Path, wheel: Wheel, out: Path) -> Snapshot:
    """Run the snapshot script on ``wheel`` (Pyodide from the project's node_modules);
    the snapshot is written to ``out`` only once it has restored and answered."""
    try:
        done = subprocess.run(
            ["node", str(SNAPSHOT_SCRIPT), str(project_root / "node_modules" / "pyodide"), str(wheel.path), str(out)],
            cwd=project_root, capture_output=True, text=True, timeout=SNAPSHOT_TIMEOUT_S, check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise SnapshotError(f"{SNAPSHOT_SCRIPT.name} did not run: {error}") from None
    if done.returncode != 0:
        problem = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        raise SnapshotError(f"{SNAPSHOT_SCRIPT.name}: {problem[0]}")
    report = json.loads(done.stdout)
    return Snapshot(
        path=out,
        sha256=str(report["sha256"]),
        bytes=int(report["bytes"]),
        pyodide=str(report["pyodide"]),
        build_id=str(report["buildId"]),
        heap=int(report["heap"]),
        modules=int(report["modules"]),
        node=str(report["node"]),
    )


def cached_snapshot(project_root: Path, wheel: Wheel) -> Snapshot:
    """The snapshot for these inputs, from the cache or made (and cached) now."""
    node = node_version(project_root)
    key = snapshot_key(project_root, wheel, node)
    cache = project_root / SNAPSHOT_CACHE
    data, report = cache / f"{key}.snapshot", cache / f"{key}.json"
    if data.is_file() and report.is_file():
        fields = json.loads(report.read_text(encoding="utf-8"))
        snapshot = Snapshot(path=data, **fields)
        if data.stat().st_size == snapshot.bytes:
            os.utime(report)  # recently used: kept by the pruning below
            return snapshot
    cache.mkdir(parents=True, exist_ok=True)
    partial = cache / f"{key}.{os.getpid()}.partial"
    try:
        made = make_snapshot(project_root, wheel, partial)
        partial.replace(data)
    finally:
        partial.unlink(missing_ok=True)
    fields = {name: value for name, value in vars(made).items() if name != "path"}
    report.write_text(json.dumps(fields, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    _prune_cache(cache)
    return Snapshot(path=data, **fields)


def runtime_manifest(core: PyodideCore, wheel: Wheel, snapshot: Snapshot | None = None) -> dict[str, object]:
    """The manifest the front end reads; URLs are relative to the manifest itself."""
    manifest: dict[str, object] = {
        "pyodide": {
            "version": core.version,
            "indexURL": f"../pyodide/{core.version}/",
            "files": dict(sorted(core.sizes.items())),
        },
        "simulator": {
            "version": wheel.version,
            "wheel": wheel.path.name,
            "sha256": wheel.sha256,
            "bytes": wheel.path.stat().st_size,
            "module": "simulator.web",
        },
        "snapshot": None,
    }
    if snapshot is not None:
        served = served_snapshot(snapshot, core.wasm)
        entry: dict[str, object] = {
            "file": served.name,
            "sha256": snapshot.sha256,
            "bytes": snapshot.bytes,
            "pyodide": snapshot.pyodide,
            "buildId": snapshot.build_id,
            "heap": snapshot.heap,
            "packed": served.size,
            "pieces": {"size": SNAPSHOT_PIECE, "sha256": served.pieces},
        }
        if served.initial:
            entry["initial"] = {"at": served.initial[0], "bytes": served.initial[1]}
        manifest["snapshot"] = entry
    return manifest


@dataclass(frozen=True)
class InitialMemory:
    """The wasm module's memory as instantiated (zeros and its data segments, up to the
    last one's end), and where a snapshot holds that memory (after Pyodide's header)."""

    at: int
    data: bytes

    @classmethod
    def of(cls, snapshot: bytes, wasm: bytes) -> InitialMemory:
        """The module's initial memory, placed where the snapshot's memory starts (the
        second word of Pyodide's header)."""
        (at,) = struct.unpack_from("<I", snapshot, 4)
        return cls(at, initial_memory(wasm))

    def holds(self, offset: int, page: memoryview) -> bool:
        """Whether the snapshot's bytes at ``offset`` are the module's own, as instantiated."""
        start = offset - self.at
        return 0 <= start and start + len(page) <= len(self.data) and page == self.data[start : start + len(page)]

    def bytes_at(self, offset: int, length: int) -> bytes:
        return self.data[offset - self.at : offset - self.at + length]


def pack_snapshot(memory: bytes, initial: InitialMemory | None = None) -> bytes:
    """The snapshot as the site serves it: its runs of non-zero pages, each as a record
    ``<offset u32 LE><length u32 LE><bytes>``, in ascending order; every byte no record
    covers is zero. With ``initial``, a run of pages that are the module's memory as
    instantiated is a record without its bytes, its length marked
    :data:`SNAPSHOT_FROM_MODULE`. ``simulator-heap.mjs`` (``readSnapshot``) reads it back
    as it downloads, into a buffer of the snapshot's size."""
    packed = bytearray()
    view = memoryview(memory)
    zero = bytes(SNAPSHOT_PAGE)
    start: int | None = None
    run_is_module = False
    for offset in range(0, len(memory), SNAPSHOT_PAGE):
        page = view[offset : offset + SNAPSHOT_PAGE]
        is_zero = page == zero[: len(page)]
        is_module = not is_zero and initial is not None and initial.holds(offset, page)
        if start is not None and (is_zero or is_module != run_is_module):
            packed += _record(view, start, offset, run_is_module)
            start = None
        if start is None and not is_zero:
            start, run_is_module = offset, is_module
    if start is not None:
        packed += _record(view, start, len(memory), run_is_module)
    return bytes(packed)


def _records(packed: bytes) -> Iterable[tuple[int, int, int, bool]]:
    """Each record of a packed snapshot: where it starts in the file, its offset and
    length in the memory, whether its bytes are the module's."""
    at = 0
    while at < len(packed):
        offset, length = struct.unpack_from("<II", packed, at)
        from_module = bool(length & SNAPSHOT_FROM_MODULE)
        yield at, offset, length & ~SNAPSHOT_FROM_MODULE, from_module
        at += 8 + (0 if from_module else length & ~SNAPSHOT_FROM_MODULE)


def _record_bytes(packed: bytes, record: tuple[int, int, int, bool], initial: InitialMemory | None) -> bytes:
    at, offset, length, from_module = record
    if not from_module:
        return packed[at + 8 : at + 8 + length]
    if initial is None:
        raise ValueError(f"a record of {length} bytes at {offset} is the module's memory, and no module is given")
    return initial.bytes_at(offset, length)


def unpack_snapshot(packed: bytes, size: int, initial: InitialMemory | None = None) -> bytes:
    """The memory :func:`pack_snapshot` packed (for the tests and the checks)."""
    memory = bytearray(size)
    for record in _records(packed):
        memory[record[1] : record[1] + record[2]] = _record_bytes(packed, record, initial)
    return bytes(memory)


def snapshot_digest(packed: bytes, piece: int = SNAPSHOT_PIECE, initial: InitialMemory | None = None) -> str:
    """The sha256 the worker checks the served snapshot against, made while it downloads
    (``simulator-heap.mjs``, ``SnapshotDigest``): over each record's head followed by the
    sha256 of each ``piece`` bytes of its bytes (a record's last piece may be shorter;
    the module's bytes for a record without them). The heads say where every non-zero
    byte goes, so it names the whole memory."""
    digest = hashlib.sha256()
    for record in _records(packed):
        at, _, length, _ = record
        digest.update(packed[at : at + 8])
        data = memoryview(_record_bytes(packed, record, initial))
        for start in range(0, length, piece):
            digest.update(hashlib.sha256(data[start : start + piece]).digest())
    return digest.hexdigest()


def _record(view: memoryview, start: int, end: int, from_module: bool) -> bytes:
    if from_module:
        return struct.pack("<II", start, (end - start) | SNAPSHOT_FROM_MODULE)
    return struct.pack("<II", start, end - start) + view[start:end]


def snapshot_initial_memory(snapshot: Snapshot, wasm: Path) -> InitialMemory | None:
    """The module's initial memory as the snapshot holds it; None when the wasm's data
    cannot be read from its file (the whole memory is served then)."""
    with snapshot.path.open("rb") as file:
        header = file.read(8)
    try:
        return InitialMemory.of(header, wasm.read_bytes())
    except WasmError:
        return None


def packed_snapshot(snapshot: Snapshot, wasm: Path) -> Path:
    """The packed form of a made snapshot, kept beside it in the cache (the wasm is
    Pyodide's, which the snapshot's cache key names)."""
    packed = snapshot.path.with_suffix(".served")
    if not packed.is_file():
        partial = packed.with_suffix(".partial-served")
        partial.write_bytes(pack_snapshot(snapshot.path.read_bytes(), snapshot_initial_memory(snapshot, wasm)))
        partial.replace(packed)
    return packed


def snapshot_name(snapshot: Snapshot, wasm: Path) -> str:
    """The snapshot's file name in the site: named by the content served, like every
    asset (``sha256`` in the manifest is the restored memory's, which the worker checks)."""
    return served_snapshot(snapshot, wasm).name


@dataclass(frozen=True)
class ServedSnapshot:
    """What the site says of a packed snapshot: its file name, size and sha256 by pieces."""

    name: str
    size: int
    pieces: str
    initial: tuple[int, int] | None
    """Where the snapshot's memory starts and how many bytes of the module's memory as
    instantiated its records without bytes take from (None: every record has its bytes)."""


def served_snapshot(snapshot: Snapshot, wasm: Path) -> ServedSnapshot:
    """What the site says of the snapshot it serves, its 17 MB read and hashed once for
    the build's file name and manifest (and once per process while it stays the same
    file: ``make serve`` builds again on each change)."""
    packed = packed_snapshot(snapshot, wasm)
    status = packed.stat()
    return _served(packed, status.st_size, status.st_mtime_ns, snapshot, wasm)


@functools.cache
def _served(packed: Path, size: int, modified: int, snapshot: Snapshot, wasm: Path) -> ServedSnapshot:
    data = packed.read_bytes()
    taken = any(from_module for *_, from_module in _records(data))
    initial = snapshot_initial_memory(snapshot, wasm) if taken else None
    return ServedSnapshot(
        f"python-{hashlib.sha256(data).hexdigest()[:16]}.snapshot",
        len(data),
        snapshot_digest(data, SNAPSHOT_PIECE, initial),
        (initial.at, len(initial.data)) if initial else None,
    )


def publish_runtime(project_root: Path, site_dir: Path, *, snapshot: bool = True) -> dict[str, object]:
    """Lay the whole browser runtime into ``site_dir``; return the manifest written.

    Without ``snapshot`` (or when none can be made: :class:`SnapshotError`, whose
    message the manifest keeps as ``snapshotProblem``) the worker boots the bare way.
    """
    version = pyodide_version(project_root)
    core = copy_pyodide_core(project_root / "node_modules" / "pyodide", version, site_dir)
    simulator_dir = site_dir / SIMULATOR_DIR
    _remove_stale(simulator_dir)
    wheel = build_simulator_wheel(project_root / "simulator", simulator_dir)
    made: Snapshot | None = None
    problem: str | None = None
    if snapshot:
        try:
            made = cached_snapshot(project_root, wheel)
        except SnapshotError as error:
            problem = str(error)
        else:
            _link_or_copy(packed_snapshot(made, core.wasm), simulator_dir / snapshot_name(made, core.wasm))
    manifest = runtime_manifest(core, wheel, made)
    if problem is not None:
        manifest["snapshotProblem"] = problem
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    (simulator_dir / MANIFEST_NAME).write_text(text, encoding="utf-8")
    return manifest


def is_runtime_root(directory: Path) -> bool:
    """Whether ``directory`` holds what :func:`publish_runtime` reads."""
    return all(
        (directory / part).exists()
        for part in ("package-lock.json", "node_modules/pyodide", "simulator/__init__.py")
    )


def _package_files(package_dir: Path) -> Iterable[Path]:
    for path in package_dir.rglob("*"):
        relative = path.relative_to(package_dir)
        if (
            path.is_file()
            and path.suffix in _PACKAGE_SUFFIXES
            and not any(part.startswith((".", "__pycache__")) for part in relative.parts)
        ):
            yield relative


def _metadata(version: str) -> str:
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {WHEEL_DISTRIBUTION.replace('_', '-')}\n"
        f"Version: {version}\n"
        "Summary: The PIM App permission simulator, as the help center runs it in the browser\n"
        "Requires-Python: >=3.11\n"
    )


def _wheel_file() -> str:
    return (
        "Wheel-Version: 1.0\n"
        "Generator: helpcenter.runtime_assets\n"
        "Root-Is-Purelib: true\n"
        "Tag: py3-none-any\n"
    )


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={digest.decode('ascii')}"


def _remove_stale(directory: Path) -> None:
    """Old wheels and snapshots would be served forever next to those the manifest names."""
    for old in [*directory.glob(f"{WHEEL_DISTRIBUTION}-*.whl"), *directory.glob("python-*.snapshot")]:
        old.unlink()


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link when the cache and the site share a disk (31 MB saved a build)."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _prune_cache(cache: Path) -> None:
    """Keep the snapshots used last; the others are 31 MB each of nothing."""
    reports = sorted(cache.glob("*.json"), key=lambda path: path.stat().st_mtime, reverse=True)
    for old in reports[SNAPSHOT_CACHE_KEEP:]:
        for suffix in (".snapshot", ".served", ".packed"):  # .packed: as served before the wasm's data was left out
            old.with_suffix(suffix).unlink(missing_ok=True)
        old.unlink(missing_ok=True)


def _same_file(source: Path, copy: Path) -> bool:
    if not copy.is_file():
        return False
    a, b = source.stat(), copy.stat()
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def _read_json(path: Path, *, hint: str) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuntimeAssetsError(f"{path}: not found ({hint})") from None
    except (OSError, ValueError) as error:
        raise RuntimeAssetsError(f"{path}: cannot read it as JSON: {error}") from None
    if not isinstance(data, dict):
        raise RuntimeAssetsError(f"{path}: expected a JSON object")
    return data
