"""The house plan of ``simulator/``: wings in layers, each with a public face.

``pyproject.toml`` lists the layers for import-linter; these tests run it and check
what it cannot: that every module lives in a listed wing, and that a module reaches
another wing only through that wing's ``__all__``.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "simulator"
WINGS = ("model", "connect", "engine", "formats", "scenarios", "widget")


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return [name.strip() for layer in contract["layers"] for name in layer.split("|")]


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_import_linter_keeps_the_layers() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_every_module_is_in_a_layer() -> None:
    layers = set(_layers())
    outside = []
    for path in _modules():
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts in {("__init__",), ("__main__",)}:
            continue
        if f"simulator.{parts[0]}" not in layers:
            outside.append("/".join(parts))
    assert outside == [], f"modules in no layer of pyproject.toml: {outside}"


@pytest.mark.parametrize("wing", [w for w in WINGS if w != "widget"])
def test_each_wing_names_its_public_face(wing: str) -> None:
    module = importlib.import_module(f"simulator.{wing}")
    face = module.__all__
    assert face, f"simulator.{wing} has an empty __all__"
    assert sorted(set(face)) == sorted(face), "a name is listed twice"
    for name in face:
        assert hasattr(module, name), f"simulator.{wing}.__all__ lists {name}, which it does not define"


def _cross_wing_imports() -> list[tuple[str, int, str, str]]:
    """(file, line, wing, name) for every name a module takes from another wing."""
    found = []
    for path in _modules():
        parts = path.relative_to(PACKAGE).parts
        own = parts[0] if len(parts) > 1 else None
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("simulator."):
                continue
            target = node.module.split(".")  # type: ignore[union-attr]
            wing = target[1]
            if wing == own or wing not in WINGS or wing == "widget":
                continue
            where = str(path.relative_to(ROOT))
            if len(target) > 2:
                found.append((where, node.lineno, wing, "." + ".".join(target[2:])))
            found.extend((where, node.lineno, wing, alias.name) for alias in node.names)
    return found


def test_other_wings_are_reached_through_their_face() -> None:
    faces = {w: set(importlib.import_module(f"simulator.{w}").__all__) for w in WINGS if w != "widget"}
    behind = [
        f"{where}:{line}: {name} of simulator.{wing}"
        for where, line, wing, name in _cross_wing_imports()
        if name not in faces[wing]
    ]
    assert behind == [], "imported past a wing's __all__:\n" + "\n".join(behind)
