"""What the browser needs to run the simulator, laid into the built site.

Three things land under the site's ``assets/``:

- ``pyodide/<version>/``: the pinned Pyodide core, copied from the npm package;
- ``simulator/<dist>-<version>-py3-none-any.whl``: the ``simulator`` package as a
  wheel, built here with :mod:`zipfile` (no pip, no network) and byte-for-byte the
  same for the same sources, so a rebuild does not change the site;
- ``simulator/runtime.json``: the manifest the front end reads, so that no version
  or file name is written into the JavaScript.

Pure functions of their inputs; the build's *finish* step (``helpcenter.build.finish``)
only calls :func:`publish_runtime`.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final, Iterable

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

_ZIP_EPOCH: Final = (1980, 1, 1, 0, 0, 0)
"""The earliest date a zip entry can hold: a fixed timestamp for reproducible wheels."""


class RuntimeAssetsError(Exception):
    """The runtime cannot be laid out; the message says what is missing and where."""


@dataclass(frozen=True)
class PyodideCore:
    """The Pyodide core as copied into the site."""

    version: str
    directory: Path
    sizes: dict[str, int]


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


def runtime_manifest(core: PyodideCore, wheel: Wheel) -> dict[str, object]:
    """The manifest the front end reads; URLs are relative to the manifest itself."""
    return {
        "pyodide": {
            "version": core.version,
            "indexURL": f"../pyodide/{core.version}/",
            "files": dict(sorted(core.sizes.items())),
        },
        "simulator": {
            "version": wheel.version,
            "wheel": wheel.path.name,
            "sha256": wheel.sha256,
            "module": "simulator.web",
        },
    }


def publish_runtime(project_root: Path, site_dir: Path) -> dict[str, object]:
    """Lay the whole browser runtime into ``site_dir``; return the manifest written."""
    version = pyodide_version(project_root)
    core = copy_pyodide_core(project_root / "node_modules" / "pyodide", version, site_dir)
    simulator_dir = site_dir / SIMULATOR_DIR
    _remove_stale_wheels(simulator_dir)
    wheel = build_simulator_wheel(project_root / "simulator", simulator_dir)
    manifest = runtime_manifest(core, wheel)
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


def _remove_stale_wheels(directory: Path) -> None:
    """Old wheels would be served forever next to the one the manifest names."""
    for old in directory.glob(f"{WHEEL_DISTRIBUTION}-*.whl"):
        old.unlink()


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
