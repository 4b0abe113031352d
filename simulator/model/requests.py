"""The REST API requests an App can make on products and product models, and the two
calls about the API itself that any connected App can make (reference §2).

A :class:`Request` is what the App sends (method, path, query, JSON body); its
:attr:`Request.route` says which endpoint that is. Anything the engine does not know
is refused when the request is built, with a :class:`RequestError` naming the part.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping
from urllib.parse import parse_qsl, unquote, urlsplit

API_PREFIX = "/api/rest/v1/"


class RequestError(ValueError):
    """A request the engine cannot answer: unsupported method or path, bad body."""


class Kind(enum.Enum):
    """The two kinds of entity the product endpoints serve, by their path segment."""

    PRODUCT = "products"
    PRODUCT_MODEL = "product-models"

    # Members are singletons: hash them by identity, in C, rather than by name in
    # Python code (Enum's default), as they key the engine's tables.
    __hash__ = object.__hash__

    @property
    def noun(self) -> str:
        return _NOUNS[self]

    @property
    def key(self) -> str:
        """The body field that names one entity."""
        return _KEYS[self]


# Read by the properties above for every message: a table, not enum members (CPython
# 3.11 reads a member through its class with a Python-level hook).
_NOUNS = {Kind.PRODUCT: "product", Kind.PRODUCT_MODEL: "product model"}
_KEYS = {Kind.PRODUCT: "identifier", Kind.PRODUCT_MODEL: "code"}


class Action(enum.Enum):
    GET = "get one"
    LIST = "list"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    SUBMIT_DRAFT = "submit the draft for approval"
    GET_DRAFT = "get the draft"
    LIST_ENDPOINTS = "list the endpoints"
    GET_SYSTEM_INFORMATION = "get the system information"

    # Members are singletons: hash them by identity, in C, rather than by name in
    # Python code (Enum's default), as they key the engine's tables.
    __hash__ = object.__hash__

    @property
    def writes(self) -> bool:
        return self in (Action.CREATE, Action.UPDATE, Action.DELETE, Action.SUBMIT_DRAFT)


@dataclass(frozen=True, init=False)
class Route:
    """The endpoint a request reaches; ``code`` is None for the collection."""

    action: Action
    kind: Kind
    code: str | None = None

    def __init__(self, action: Action, kind: Kind, code: str | None = None) -> None:
        self.__dict__.update(action=action, kind=kind, code=code)  # one per request: see Request

    def path(self, suffix: str = "") -> str:
        return entity_path(self.kind, self.code, suffix)


@dataclass(frozen=True)
class ApiRoute:
    """An endpoint about the API itself (reference §2): it names no entity, and every
    App may call it whatever its scopes."""

    action: Action


API_ROOT = API_PREFIX.rstrip("/")
SYSTEM_INFORMATION_PATH = API_PREFIX + "system-information"

_API_ROUTES: Mapping[str, Action] = {
    API_ROOT: Action.LIST_ENDPOINTS,
    SYSTEM_INFORMATION_PATH: Action.GET_SYSTEM_INFORMATION,
}


def entity_path(kind: Kind, code: str | None, suffix: str = "") -> str:
    """The path of an entity (of the collection when ``code`` is None)."""
    base = _COLLECTION_PATHS[kind]
    return f"{base}/{code}{suffix}" if code is not None else base


_KINDS: Mapping[str, Kind] = {kind.value: kind for kind in Kind}
_COLLECTION_PATHS: Mapping[Kind, str] = {kind: API_PREFIX + kind.value for kind in Kind}


_ROUTES: Mapping[tuple[str, bool, str], Action] = {
    # (method, names one entity, sub-resource) → action
    ("GET", True, ""): Action.GET,
    ("GET", False, ""): Action.LIST,
    ("POST", False, ""): Action.CREATE,
    ("PATCH", True, ""): Action.UPDATE,
    ("DELETE", True, ""): Action.DELETE,
    ("POST", True, "proposal"): Action.SUBMIT_DRAFT,
    ("GET", True, "draft"): Action.GET_DRAFT,
}


@dataclass(frozen=True, init=False)
class Request:
    """One call of the App. ``path`` is like ``/api/rest/v1/products/hat``."""

    method: str
    path: str
    body: Mapping[str, object] | None = None
    query: Mapping[str, str] = field(default_factory=dict)
    route: Route | ApiRoute = field(init=False, repr=False, compare=False)
    """The endpoint: an unsupported request is refused as soon as it is built."""

    def __init__(
        self, method: str, path: str, body: Mapping[str, object] | None = None, query: Mapping[str, str] | None = None
    ) -> None:
        # A matrix makes a request per cell: fill the fields at once rather than
        # through the frozen dataclass's field-by-field __init__.
        self.__dict__.update(
            method=method, path=path, body=body, query={} if query is None else query, route=_route(method, path)
        )

    @classmethod
    def routed(cls, method: str, path: str, body: Mapping[str, object] | None, route: Route) -> Request:
        """A request whose route is already known (see :class:`RequestPattern`)."""
        request = object.__new__(cls)
        request.__dict__.update(method=method, path=path, body=body, query={}, route=route)
        return request

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


class RequestPattern:
    """A request made for one entity after another: ``{identifier}`` in the path
    stands for the entity's code. The path is parsed once, not once per entity:
    ``action`` and ``kind`` say where the request goes for any code that
    :func:`routes_as_is`, and are None when the path needs parsing each time (a
    path the engine does not know is then refused as any request is)."""

    PLACEHOLDER = "{identifier}"

    __slots__ = ("method", "path", "body", "action", "kind")

    def __init__(self, method: str, path: str, body: Mapping[str, object] | None = None) -> None:
        self.method, self.path, self.body = method, path, body
        self.action: Action | None = None
        self.kind: Kind | None = None
        head, found, tail = path.partition(self.PLACEHOLDER)
        if found and head.startswith(API_PREFIX) and head.endswith("/") and tail in ("", "/draft", "/proposal"):
            kind = _KINDS.get(head[len(API_PREFIX) : -1])
            action = _ROUTES.get((method.upper(), True, tail[1:]))
            if kind is not None and action is not None:
                self.action, self.kind = action, kind

    def for_code(self, code: str) -> Request:
        path = self.path.replace(self.PLACEHOLDER, code)
        action, kind = self.action, self.kind
        if action is None or kind is None or not routes_as_is(code):
            return Request(self.method, path, self.body)
        return Request.routed(self.method, path, self.body, Route(action, kind, code))


def routes_as_is(code: str) -> bool:
    """Whether a code put in a path comes back unchanged when the path is parsed
    (not empty, no ``/`` that splits it, no ``%`` that unquoting would change)."""
    return bool(code) and "/" not in code and "%" not in code


def _route(method: str, path: str) -> Route | ApiRoute:
    api_action = _API_ROUTES.get(path.rstrip("/"))
    if api_action is not None:
        if method.upper() != "GET":
            raise RequestError(f"{method} {path}: this endpoint only answers GET")
        return ApiRoute(api_action)
    kind, code, sub = _resource(path)
    action = _ROUTES.get((method.upper(), code is not None, sub))
    if action is None:
        raise RequestError(f'{method} {path}: this endpoint does not exist or is not simulated')
    return Route(action, kind, code)


@lru_cache(maxsize=256)
def _resource(path: str) -> tuple[Kind, str | None, str]:
    """The kind, code and sub-resource a path names. Remembered for the last paths:
    the requests of a matrix row, or of a scenario, come back to the same paths."""
    if not path.startswith(API_PREFIX):
        raise RequestError(f'path "{path}": expected it to start with "{API_PREFIX}"')
    parts = path[len(API_PREFIX) :].strip("/").split("/")
    kind = _KINDS.get(parts[0])
    if kind is None:
        raise RequestError(f'path "{path}": unknown resource "{parts[0]}", expected one of {", ".join(_KINDS)}')
    if len(parts) > 3:
        raise RequestError(f'path "{path}": too many segments')
    code = (unquote(parts[1]) if "%" in parts[1] else parts[1]) if len(parts) > 1 else None
    if code == "":
        raise RequestError(f'path "{path}": empty {kind.key}')
    return kind, code, parts[2] if len(parts) > 2 else ""


def parse_request(
    method: str,
    path: str,
    body: Mapping[str, object] | str | None = None,
    query: Mapping[str, str] | None = None,
) -> Request:
    """Build a request from loose input: a path that may carry a query string, a body
    given as JSON text or as a mapping."""
    parts = urlsplit(path)
    merged = dict(parse_qsl(parts.query, keep_blank_values=True))
    merged.update(query or {})
    if isinstance(body, str):
        try:
            decoded = json.loads(body) if body.strip() else None
        except json.JSONDecodeError as error:
            raise RequestError(f"body: invalid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
        body = decoded
    if body is not None and not isinstance(body, Mapping):
        raise RequestError(f"body: expected a JSON object, got {type(body).__name__}")
    return Request(method.upper(), parts.path, body, merged)
