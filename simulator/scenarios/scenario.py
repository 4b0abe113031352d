"""Scenarios: one App connected to one PIM, and the API requests to answer.

A scenario is what a support person, a test or a link hands the simulator: the
catalog, the edition, the App, the role permissions of the user who connects it, what
was granted, the requests, and optionally the answers expected. Its JSON form is
versioned (``"version": 1``), described by ``simulator/schema/scenario.schema.json``
and documented in ``docs/scenario-format.md``.

Reading a scenario validates it fully, against the format and against its catalog:
an error names the path of the bad field (``permissions.categories.own[0]: unknown
tree "x"``). The permissions read are normalised with the level implications
(Own ⇒ Edit ⇒ View), as the PIM's permission form does, so two scenarios that grant
the same thing compare equal.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, Mapping

from simulator.connect import (
    MARKETPLACE,
    App,
    UnknownAppError,
    UserRole,
    app_by_id,
    expand,
    is_known,
)
from simulator.formats import (
    SHIPPED_CATALOGS,
    CatalogError,
    catalog_from_dict,
    is_imported_name,
    kept,
    load_catalog,
)
from simulator.model import (
    Axis,
    AxisGrant,
    Catalog,
    Edition,
    Effect,
    Layer,
    Level,
    Permissions,
    Request,
    RequestError,
)

FORMAT_VERSION: Final = 1

JsonValue = Any
"""A value decoded from JSON (None, bool, int, float, str, list or dict)."""

METHODS: Final = ("GET", "POST", "PATCH", "DELETE")
EFFECTS: Final = tuple(effect.value for effect in Effect)
LAYERS: Final = tuple(layer.value for layer in Layer)

_ROLE_FIELDS: Final = (
    "manage_apps",
    "manage_category_permissions",
    "manage_locale_permissions",
    "manage_attribute_group_permissions",
)


class ScenarioError(ValueError):
    """A scenario that cannot be read; ``path`` names the bad field."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Expectation:
    """What a request's answer must be; a field left ``None`` is not checked."""

    status: int | None = None
    effect: str | None = None
    """One of :data:`EFFECTS`."""
    message: str | None = None
    """A substring of the answer's message."""
    decided_by: str | None = None
    """The deciding layer, one of :data:`LAYERS`."""


@dataclass(frozen=True)
class ScenarioRequest:
    """One API call the App makes, with what its answer is expected to be."""

    method: str
    path: str
    body: Mapping[str, JsonValue] | None = None
    query: Mapping[str, str] = field(default_factory=dict)
    expect: Expectation | None = None

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def to_request(self) -> Request:
        """The engine's request (already checked when the scenario was read)."""
        return Request(self.method, self.path, copy.deepcopy(self.body), dict(self.query))


@dataclass(frozen=True)
class Scenario:
    """A whole scenario, validated and normalised. Build it with :func:`scenario_from_dict`."""

    catalog: str | Mapping[str, JsonValue]
    """A shipped catalog's name, or an inline catalog in the catalog JSON format."""
    edition: Edition
    app: App
    user: UserRole
    scopes: frozenset[str]
    """Exhaustive granted scopes (implied scopes included)."""
    permissions: Permissions
    """Ignored outside EE, where the PIM has no permissions."""
    requests: tuple[ScenarioRequest, ...] = ()
    title: str = ""
    notes: str = ""
    preset: str | None = None
    """The preset this scenario was made from: a link carries only what differs."""

    def load_catalog(self) -> Catalog:
        return _resolve_catalog(self.catalog, "catalog")

    def to_dict(self) -> dict[str, JsonValue]:
        """The JSON form; :func:`scenario_from_dict` reads it back to an equal scenario."""
        data: dict[str, JsonValue] = {"version": FORMAT_VERSION}
        if self.preset is not None:
            data["preset"] = self.preset
        if self.title:
            data["title"] = self.title
        if self.notes:
            data["notes"] = self.notes
        data["catalog"] = (
            self.catalog if isinstance(self.catalog, str) else copy.deepcopy(dict(self.catalog))
        )
        data["edition"] = self.edition.value
        data["app"] = _app_to_dict(self.app)
        data["user"] = {name: bool(getattr(self.user, name)) for name in _ROLE_FIELDS}
        data["scopes"] = sorted(self.scopes)
        permissions = _permissions_to_dict(self.permissions)
        if permissions:
            data["permissions"] = permissions
        data["requests"] = [_request_to_dict(request) for request in self.requests]
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def default_scopes(app: App) -> frozenset[str]:
    """What the wizard grants when the user allows everything the App asks."""
    return expand(app.request.kept)


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file; an unreadable or invalid file raises :class:`ScenarioError`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ScenarioError("", f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ScenarioError("", f"{path} is not UTF-8 text") from None
    return scenario_from_json(text)


def scenario_from_json(text: str) -> Scenario:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScenarioError(
            "", f"not valid JSON (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise ScenarioError("", "not valid JSON (nested too deeply)") from None
    return scenario_from_dict(data)


def scenario_from_dict(data: JsonValue) -> Scenario:
    """Validate the JSON form of a scenario and build it."""
    root = _object(data, "")
    _only(root, "", {
        "version", "preset", "title", "notes", "catalog", "edition", "app", "user",
        "scopes", "permissions", "requests",
    })
    if "version" not in root:
        raise ScenarioError("version", f"missing; this simulator reads version {FORMAT_VERSION}")
    version = root["version"]
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise ScenarioError(
            "version",
            f"unknown format version {_show(version)}; this simulator reads version "
            f"{FORMAT_VERSION}",
        )
    catalog_source = _catalog_source(_required(root, "catalog", ""))
    catalog = _resolve_catalog(catalog_source, "catalog")
    edition = _edition(_required(root, "edition", ""))
    app = _app(_required(root, "app", ""))
    scopes = (
        _scopes(root["scopes"], "scopes") if "scopes" in root else default_scopes(app)
    )
    return Scenario(
        catalog=catalog_source,
        edition=edition,
        app=app,
        user=_user(root.get("user", {}), "user"),
        scopes=scopes,
        permissions=_permissions(root.get("permissions", {}), catalog),
        requests=tuple(
            _request(item, f"requests[{index}]")
            for index, item in enumerate(_array(root.get("requests", []), "requests"))
        ),
        title=_string(root.get("title", ""), "title"),
        notes=_string(root.get("notes", ""), "notes"),
        preset=_string(root["preset"], "preset") if "preset" in root else None,
    )


# Reading the parts.


def _catalog_source(value: JsonValue) -> str | Mapping[str, JsonValue]:
    """A shipped catalog's name (never a file path: links come from anyone), the name of
    a catalog imported in this session (:mod:`simulator.formats.library`), or a dict."""
    if isinstance(value, str):
        if kept(value) is not None:
            return value
        if is_imported_name(value):
            raise ScenarioError(
                "catalog",
                f"the imported catalog {_show(value)} is not here any more (it was imported in another page, "
                "or before a reload): import its files again, or open the scenario file saved with it",
            )
        if value not in SHIPPED_CATALOGS:
            raise ScenarioError(
                "catalog",
                f"unknown catalog {_show(value)}; shipped catalogs: {', '.join(SHIPPED_CATALOGS)} "
                "(or give a catalog inline)",
            )
        return value
    if isinstance(value, dict):
        return value
    raise ScenarioError("catalog", "expected a catalog name or an inline catalog object")


def _resolve_catalog(source: str | Mapping[str, JsonValue], path: str) -> Catalog:
    try:
        if isinstance(source, str):
            return kept(source) or _shipped_catalog(source)
        return catalog_from_dict(source)
    except CatalogError as error:
        raise ScenarioError(path, str(error)) from None


@lru_cache(maxsize=8)
def _shipped_catalog(name: str) -> Catalog:
    """Shipped catalogs never change while the program runs: load each once."""
    return load_catalog(name)


def _edition(value: JsonValue) -> Edition:
    names = [edition.value for edition in Edition]
    if isinstance(value, str) and value in names:
        return Edition(value)
    raise ScenarioError("edition", f"expected one of {', '.join(names)}, got {_show(value)}")


def _app(value: JsonValue) -> App:
    if isinstance(value, str):
        try:
            return app_by_id(value)
        except UnknownAppError as error:
            raise ScenarioError("app", str(error)) from None
    app = _object(value, "app", "an App id or an inline App object")
    _only(app, "app", {"id", "name", "scopes"})
    scopes = _array(_required(app, "scopes", "app"), "app.scopes")
    return App(
        id=_string(_required(app, "id", "app"), "app.id", non_empty=True),
        name=_string(_required(app, "name", "app"), "app.name", non_empty=True),
        scopes=tuple(
            _string(scope, f"app.scopes[{index}]") for index, scope in enumerate(scopes)
        ),
        description="",
    )


def _user(value: JsonValue, path: str) -> UserRole:
    user = _object(value, path)
    _only(user, path, set(_ROLE_FIELDS))
    flags = {name: _boolean(user.get(name, True), f"{path}.{name}") for name in _ROLE_FIELDS}
    return UserRole(**flags)


def _scopes(value: JsonValue, path: str) -> frozenset[str]:
    scopes: list[str] = []
    for index, item in enumerate(_array(value, path)):
        scope = _string(item, f"{path}[{index}]")
        if not is_known(scope):
            raise ScenarioError(f"{path}[{index}]", f'unknown scope "{scope}"')
        scopes.append(scope)
    return expand(scopes)


def _permissions(value: JsonValue, catalog: Catalog) -> Permissions:
    permissions = _object(value, "permissions")
    _only(permissions, "permissions", {axis.value for axis in Axis})
    known: dict[Axis, tuple[set[str], str]] = {
        Axis.CATEGORY: ({tree.code for tree in catalog.trees}, "tree"),
        Axis.LOCALE: (set(catalog.locale_codes), "locale"),
        Axis.ATTRIBUTE_GROUP: ({g.code for g in catalog.attribute_groups}, "attribute group"),
    }
    axes = {
        axis: _axis_grant(permissions.get(axis.value, {}), axis, *known[axis], catalog)
        for axis in Axis
    }
    return Permissions(
        categories=axes[Axis.CATEGORY],
        locales=axes[Axis.LOCALE],
        attribute_groups=axes[Axis.ATTRIBUTE_GROUP],
    )


def _axis_grant(
    value: JsonValue, axis: Axis, known: set[str], noun: str, catalog: Catalog
) -> AxisGrant:
    path = f"permissions.{axis.value}"
    form = _object(value, path)
    names = [AxisGrant.field_name(level) for level in axis.levels]
    _only(form, path, set(names) | {f"{name}_all" for name in names})
    codes: dict[Level, list[str]] = {}
    all_levels: list[Level] = []
    for level, name in zip(axis.levels, names):
        given = _array(form.get(name, []), f"{path}.{name}")
        checked = codes.setdefault(level, [])
        for index, item in enumerate(given):
            where = f"{path}.{name}[{index}]"
            code = _string(item, where)
            if code not in known:
                raise ScenarioError(where, _unknown_code(code, noun, axis, catalog))
            checked.append(code)
        if _boolean(form.get(f"{name}_all", False), f"{path}.{name}_all"):
            all_levels.append(level)
    return AxisGrant.at_levels(codes, all_levels)


def _unknown_code(code: str, noun: str, axis: Axis, catalog: Catalog) -> str:
    if axis is Axis.CATEGORY and code in catalog.category_by_code:
        root = catalog.root_by_category[code]
        return (
            f'"{code}" is a category of the tree "{root}", not a tree: permissions are '
            "given on root trees only"
        )
    return f'unknown {noun} "{code}"'


def _request(value: JsonValue, path: str) -> ScenarioRequest:
    request = _object(value, path)
    _only(request, path, {"method", "path", "body", "query", "expect"})
    method = _required(request, "method", path)
    if method not in METHODS:
        raise ScenarioError(
            f"{path}.method", f"expected one of {', '.join(METHODS)}, got {_show(method)}"
        )
    url = _string(_required(request, "path", path), f"{path}.path")
    query = _object(request.get("query", {}), f"{path}.query")
    for name, item in query.items():
        _string(item, f"{path}.query.{name}")
    body = _object(request["body"], f"{path}.body") if "body" in request else None
    expect = _expectation(request["expect"], f"{path}.expect") if "expect" in request else None
    scenario_request = ScenarioRequest(method, url, body, dict(query), expect)
    try:
        scenario_request.to_request()
    except RequestError as error:
        raise ScenarioError(path, str(error)) from None
    return scenario_request


def _expectation(value: JsonValue, path: str) -> Expectation:
    expect = _object(value, path)
    _only(expect, path, {"status", "effect", "message", "decided_by"})
    if not expect:
        raise ScenarioError(path, "expected at least one of status, effect, message, decided_by")
    status = expect.get("status")
    if status is not None and (
        isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599
    ):
        raise ScenarioError(f"{path}.status", f"expected an HTTP status code, got {_show(status)}")
    effect = expect.get("effect")
    if effect is not None and effect not in EFFECTS:
        raise ScenarioError(
            f"{path}.effect", f"expected one of {', '.join(EFFECTS)}, got {_show(effect)}"
        )
    decided_by = expect.get("decided_by")
    if decided_by is not None and decided_by not in LAYERS:
        raise ScenarioError(
            f"{path}.decided_by", f"expected one of {', '.join(LAYERS)}, got {_show(decided_by)}"
        )
    message = expect.get("message")
    return Expectation(
        status=status,
        effect=effect,
        message=None if message is None else _string(message, f"{path}.message"),
        decided_by=decided_by,
    )


# Writing the parts.


def _app_to_dict(app: App) -> JsonValue:
    if any(app == known for known in MARKETPLACE):
        return app.id
    return {"id": app.id, "name": app.name, "scopes": list(app.scopes)}


def _permissions_to_dict(permissions: Permissions) -> dict[str, JsonValue]:
    """Each code at its highest level only, and the highest All flag only: reading it
    back re-applies the implications."""
    data: dict[str, JsonValue] = {}
    for axis in Axis:
        grant = permissions.axis(axis)
        form: dict[str, JsonValue] = {}
        shown: set[str] = set()
        for level in axis.levels:
            codes = sorted(grant.codes_at(level) - shown)
            shown.update(codes)
            if codes:
                form[AxisGrant.field_name(level)] = codes
        flagged = next((level for level in axis.levels if grant.all_at(level)), None)
        if flagged is not None:
            form[f"{AxisGrant.field_name(flagged)}_all"] = True
        if form:
            data[axis.value] = form
    return data


def _request_to_dict(request: ScenarioRequest) -> dict[str, JsonValue]:
    data: dict[str, JsonValue] = {"method": request.method, "path": request.path}
    if request.query:
        data["query"] = dict(request.query)
    if request.body is not None:
        data["body"] = copy.deepcopy(dict(request.body))
    if request.expect is not None:
        expect = {
            name: getattr(request.expect, name)
            for name in ("status", "effect", "message", "decided_by")
            if getattr(request.expect, name) is not None
        }
        data["expect"] = expect
    return data


# Checking JSON shapes.


def _object(value: JsonValue, path: str, what: str = "an object") -> dict[str, JsonValue]:
    if not isinstance(value, dict):
        raise ScenarioError(path, f"expected {what}, got {_kind(value)}")
    return value


def _array(value: JsonValue, path: str) -> list[JsonValue]:
    if not isinstance(value, list):
        raise ScenarioError(path, f"expected a list, got {_kind(value)}")
    return value


def _string(value: JsonValue, path: str, non_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise ScenarioError(path, f"expected a string, got {_kind(value)}")
    if non_empty and not value:
        raise ScenarioError(path, "must not be empty")
    return value


def _boolean(value: JsonValue, path: str) -> bool:
    if not isinstance(value, bool):
        raise ScenarioError(path, f"expected true or false, got {_kind(value)}")
    return value


def _required(data: Mapping[str, JsonValue], name: str, path: str) -> JsonValue:
    if name not in data:
        raise ScenarioError(f"{path}.{name}" if path else name, "missing")
    return data[name]


def _only(data: Mapping[str, JsonValue], path: str, allowed: set[str]) -> None:
    for name in data:
        if name not in allowed:
            where = f"{path}.{name}" if path else name
            raise ScenarioError(where, f"unknown field; expected one of {', '.join(sorted(allowed))}")


def _kind(value: JsonValue) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _show(value: JsonValue) -> str:
    """A short rendering of a bad value for an error message."""
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return json.dumps(shown, ensure_ascii=False)
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return "a number"
    if isinstance(value, (bool, int, float)) or value is None:
        return json.dumps(value)
    return _kind(value)
