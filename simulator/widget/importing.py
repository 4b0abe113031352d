"""Importing a customer's PIM in the page: the files travel to the simulator in chunks,
are read in steps (so the page shows progress and can stop between two steps), and
become the scenario's catalog. Nothing leaves the reader's browser: the files go from
the page to the simulator running in it, never to a server.

The page's script only carries bytes: it reads each file with the File API, a slice at
a time, and sends the slices (base64) in order; every rule about what a file is, how it
is decoded and what it holds is in :mod:`simulator.formats`.

    import.begin  {files: [{name, size}]}             → {session, refused: [message…]}
    import.chunk  {session, file, data}               → {received}
    import.step   {session}                           → {done, progress, stage}
    import.cancel {session}                           → {cancelled}

Once ``done``, :func:`imported_scenario` makes the scenario the page shows: the same
App, edition and user, on the imported catalog, with the grants and requests that
still name something of it. A catalog small enough for a link is carried by the
scenario; a larger one is kept by name in :mod:`simulator.formats.library`, so that
the page's state stays small whatever the catalog's size.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import time
from dataclasses import dataclass, field
from typing import Final, Iterator
from urllib.parse import quote, unquote

from simulator.formats import (
    DEFAULT_LIMITS,
    Edited,
    Importer,
    ImportResult,
    Problem,
    Progress,
    catalog_to_dict,
    keep,
)
from simulator.model import Catalog
from simulator.scenarios import MAX_INLINE_PRODUCTS, JsonValue, Scenario, scenario_from_dict

MAX_FILES: Final = 50
STEP_SECONDS: Final = 0.25
"""About how long one step reads before it answers: the page stays responsive and the
progress bar moves, even in Pyodide, where reading is slower."""
SESSIONS_KEPT: Final = 2


class ImportRequestError(ValueError):
    """A request about an import that the simulator cannot follow (said to the page)."""


@dataclass
class _File:
    name: str
    size: int
    chunks: list[bytes] = field(default_factory=list)
    received: int = 0


@dataclass
class Session:
    files: list[_File]
    refused: list[Problem] = field(default_factory=list)
    importer: Importer | None = None
    steps: Iterator[Progress] | None = None
    progress: Progress = Progress(0.0, "Waiting for the files")
    result: ImportResult | None = None
    cancelled: bool = False

    @property
    def total(self) -> int:
        return sum(f.size for f in self.files) or 1

    @property
    def received(self) -> int:
        return sum(f.received for f in self.files)


_SESSIONS: dict[str, Session] = {}


def begin(payload: JsonValue) -> dict[str, JsonValue]:
    files = _field(payload, "files")
    if not isinstance(files, list) or not files:
        raise ImportRequestError("files: expected the list of files to import")
    if len(files) > MAX_FILES:
        raise ImportRequestError(f"{len(files)} files: an import reads at most {MAX_FILES} at once")
    accepted: list[_File] = []
    refused: list[Problem] = []
    for item in files:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not isinstance(item.get("size"), int):
            raise ImportRequestError("files: each file is {name, size}")
        name, size = item["name"][:200], item["size"]
        if size > DEFAULT_LIMITS.file_bytes:
            refused.append(Problem(name, f"the file is {size:,} bytes; the most an import reads is "
                                         f"{DEFAULT_LIMITS.file_bytes:,} bytes: it is not read"))
            continue
        accepted.append(_File(name, max(0, size)))
    for old in list(_SESSIONS)[: max(0, len(_SESSIONS) - SESSIONS_KEPT + 1)]:
        del _SESSIONS[old]  # one import at a time: an older one is dropped
    session = secrets.token_hex(8)
    _SESSIONS[session] = Session(accepted, refused)
    return {"session": session, "files": [f.name for f in accepted], "refused": [str(p) for p in refused]}


def chunk(payload: JsonValue) -> dict[str, JsonValue]:
    session = _session(payload)
    index = _field(payload, "file")
    data = _field(payload, "data")
    if not isinstance(index, int) or not 0 <= index < len(session.files):
        raise ImportRequestError("file: expected the index of a file of the import")
    if not isinstance(data, str):
        raise ImportRequestError("data: expected base64 text")
    try:
        chunk_bytes = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ImportRequestError("data: not base64") from None
    target = session.files[index]
    if target.received + len(chunk_bytes) > target.size:
        raise ImportRequestError(f"{target.name}: more bytes than the file's size")
    target.chunks.append(chunk_bytes)
    target.received += len(chunk_bytes)
    return {"received": session.received, "progress": 0.2 * session.received / session.total,
            "stage": f"Reading {target.name} in this browser: {target.received:,} of {target.size:,} bytes"}


def step(payload: JsonValue) -> dict[str, JsonValue]:
    """Read for about :data:`STEP_SECONDS`; the page calls again until ``done``."""
    session = _session(payload)
    if session.cancelled:
        return {"done": True, "cancelled": True, "progress": session.progress.done, "stage": "Import stopped"}
    if session.importer is None:
        missing = [f.name for f in session.files if f.received < f.size]
        if missing:
            raise ImportRequestError(f"the import has not received all of {', '.join(missing)}")
        session.importer = Importer()
        for problem in session.refused:
            session.importer.report.add(problem)
        for target in session.files:
            data = b"".join(target.chunks)
            target.chunks.clear()  # the importer keeps the text: the bytes can go
            session.importer.add(target.name, data)
        session.steps = session.importer.steps()
    assert session.steps is not None
    deadline = time.monotonic() + STEP_SECONDS
    for progress in session.steps:
        session.progress = Progress(0.2 + 0.8 * progress.done, progress.stage)
        if time.monotonic() >= deadline:
            return {"done": False, "progress": session.progress.done, "stage": progress.stage}
    session.result = session.importer.result()
    return {"done": True, "progress": 1.0, "stage": "Imported"}


def cancel(payload: JsonValue) -> dict[str, JsonValue]:
    session = _session(payload)
    session.cancelled = True
    if session.steps is not None:
        close = getattr(session.steps, "close", None)
        if close is not None:
            close()  # the importer's collector pause ends with it
    session.steps = None
    session.importer = None
    for target in session.files:
        target.chunks.clear()
    return {"cancelled": True}


def result_of(session: str) -> ImportResult:
    found = _SESSIONS.get(session)
    if found is None or found.result is None:
        raise ImportRequestError("no finished import of that session (it was stopped, or the page was reloaded)")
    return found.result


def forget(session: str) -> None:
    _SESSIONS.pop(session, None)


OPS: Final = {"import.begin": begin, "import.chunk": chunk, "import.step": step, "import.cancel": cancel}
"""The import's operations, for :mod:`simulator.web`."""


# The scenario on the imported catalog.


def imported_scenario(current: Scenario, result: ImportResult) -> Scenario:
    """``current``'s App, edition and user on the imported catalog, with its grants
    and requests kept where they still name something of that catalog (otherwise a
    request for each of the first product's rights)."""
    catalog = result.catalog
    data = current.to_dict()  # the example it was made from stays named: the setup says what changed
    # A catalog that fits in a link travels with the scenario, as any inline catalog:
    # links, files, undo and reloads keep it. A larger one is kept here by name.
    data["catalog"] = catalog_to_dict(catalog) if len(catalog.products) <= MAX_INLINE_PRODUCTS else keep(catalog)
    data["title"] = f"{catalog.label}"
    data["notes"] = _notes(result)
    if "permissions" in data:
        data["permissions"] = _kept_permissions(data["permissions"], catalog)
    identifiers = catalog.product_by_identifier
    requests = [r for r in data.get("requests", []) if _names_only(r, identifiers)]
    data["requests"] = requests or _first_product_requests(catalog)
    return scenario_from_dict(data)


def edited_scenario(scenario: Scenario, edited: Edited) -> Scenario:
    """``scenario`` on the edited catalog: its grants follow what the edit renamed
    (a tree renamed keeps its grant) and lose what it removed."""
    catalog = edited.catalog
    data = scenario.to_dict()  # the example stays named: the setup says what changed from it
    data["catalog"] = catalog_to_dict(catalog) if len(catalog.products) <= MAX_INLINE_PRODUCTS else keep(catalog)
    permissions = data.get("permissions")
    if isinstance(permissions, dict):
        axes = {"tree": "categories", "locale": "locales", "attribute_group": "attribute_groups"}
        for renamed in edited.renamed:
            axis = axes.get(renamed.kind)
            levels = permissions.get(axis) if axis else None
            if not isinstance(levels, dict):
                continue
            for level, codes in levels.items():
                if isinstance(codes, list) and renamed.old in codes:
                    kept = [code for code in codes if code != renamed.old]
                    levels[level] = sorted(kept + ([renamed.new] if renamed.new else []))
        data["permissions"] = _kept_permissions(permissions, catalog)
    return scenario_from_dict(data)


def _notes(result: ImportResult) -> str:
    counts = result.counts
    files = ", ".join(f.name for f in result.files if f.kinds)
    text = (f"Imported in this browser from {files}: {counts['trees']:,} trees, {counts['categories']:,} categories, "
            f"{counts['locales']:,} locales, {counts['products']:,} products.")
    if result.report.errors or result.report.warnings:
        text += f" {result.report.errors:,} problems, {result.report.warnings:,} warnings (see the import report)."
    return text


def _kept_permissions(permissions: JsonValue, catalog: Catalog) -> JsonValue:
    if not isinstance(permissions, dict):
        return permissions
    known = {
        "categories": {tree.code for tree in catalog.trees},
        "locales": set(catalog.locale_codes),
        "attribute_groups": {group.code for group in catalog.attribute_groups},
    }
    kept: dict[str, JsonValue] = {}
    for axis, levels in permissions.items():
        if not isinstance(levels, dict):
            continue
        kept[axis] = {
            level: [code for code in codes if code in known.get(axis, set())] if isinstance(codes, list) else codes
            for level, codes in levels.items()
        }
    return kept


def _names_only(request: JsonValue, identifiers: object) -> bool:
    """Whether a request names a product of the catalog (or none at all)."""
    if not isinstance(request, dict) or not isinstance(request.get("path"), str):
        return False
    path = request["path"].split("?")[0]
    prefix = "/api/rest/v1/products/"
    if not path.startswith(prefix):
        return True
    code = unquote(path[len(prefix):].split("/")[0])
    return code in identifiers  # type: ignore[operator]


def _first_product_requests(catalog: Catalog) -> list[JsonValue]:
    # An identifier may hold a slash in the PIM; the simulator's paths do not route it.
    product = next((p.identifier for p in catalog.products[:1000] if "/" not in p.identifier), None)
    if product is None:
        return [{"method": "GET", "path": "/api/rest/v1/products"}]
    path = f"/api/rest/v1/products/{quote(product, safe='')}"
    requests: list[JsonValue] = [{"method": "GET", "path": path}]
    attribute = next((a for a in catalog.attributes if a.type in ("pim_catalog_text", "pim_catalog_textarea")
                      and not a.scopable), None)
    if attribute is not None:
        locale = catalog.locale_codes[0] if attribute.localizable and catalog.locale_codes else None
        requests.append({"method": "PATCH", "path": path, "body": {
            "values": {attribute.code: [{"locale": locale, "scope": None, "data": "Changed by the App"}]}}})
    if catalog.trees:
        requests.append({"method": "PATCH", "path": path, "body": {"categories": [catalog.trees[0].code]}})
    requests.append({"method": "DELETE", "path": path})
    return requests


def inline(scenario: Scenario) -> Scenario:
    """The scenario carrying its imported catalog whole (for a file to send)."""
    if not isinstance(scenario.catalog, str):
        return scenario
    catalog = scenario.load_catalog()
    data = scenario.to_dict()
    data["catalog"] = catalog_to_dict(catalog)
    return scenario_from_dict(data)


def _session(payload: JsonValue) -> Session:
    name = _field(payload, "session")
    found = _SESSIONS.get(name) if isinstance(name, str) else None
    if found is None:
        raise ImportRequestError("no import of that session (it was dropped for a newer one, or the page was reloaded)")
    return found


def _field(payload: JsonValue, name: str) -> JsonValue:
    if not isinstance(payload, dict):
        raise ImportRequestError("payload: expected an object")
    return payload.get(name)
