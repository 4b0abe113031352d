"""The REST API requests an App can make: products (by identifier and by uuid) and
product models, one at a time or in bulk; the catalog structure (categories,
attributes and their options, attribute groups, families and their variants,
channels, locales, currencies, association types); and the two calls about the API
itself that any connected App can make (reference §2).

A :class:`Request` is what the App sends (method, path, query, JSON body); its
:attr:`Request.route` says which endpoint that is. A path may carry a query string:
it is read as the query. A path under ``/api/`` that the engine does not model gets an
:class:`UnsimulatedRoute`: that one request is answered (the PIM's 404 or 405 when
the PIM has no such route, else "not simulated"), so a pasted log of an App's calls is
answered line by line. Only input that is no API call at all (a path outside
``/api/``, a body that cannot be read) is refused with a :class:`RequestError`.

The routes are the PIM's (akeneo/pim-community-dev, the ``routing/external_api/*.yml``
files of the Enrichment, Structure, Channel and Category bundles).
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping, Union
from urllib.parse import parse_qsl, unquote, urlsplit

API_PREFIX = "/api/rest/v1/"

Body = Union[Mapping[str, object], list[object], str, None]
"""A request's body: a JSON object; for a bulk PATCH, its lines."""


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
    UPDATE_LIST = "update several"
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
        return self in (Action.CREATE, Action.UPDATE, Action.UPDATE_LIST, Action.DELETE, Action.SUBMIT_DRAFT)


@dataclass(frozen=True, init=False)
class Route:
    """The endpoint a request reaches; ``code`` is None for the collection.
    ``by_uuid``: the ``products-uuid`` endpoints, where ``code`` is the product's uuid."""

    action: Action
    kind: Kind
    code: str | None = None
    by_uuid: bool = False

    def __init__(self, action: Action, kind: Kind, code: str | None = None, by_uuid: bool = False) -> None:
        # One per request: see Request.
        self.__dict__.update(action=action, kind=kind, code=code, by_uuid=by_uuid)

    def path(self, suffix: str = "") -> str:
        return entity_path(self.kind, self.code, suffix, self.by_uuid)


class Resource(enum.Enum):
    """A part of the catalog structure the API serves, by its path segment."""

    CATEGORIES = "categories"
    ATTRIBUTES = "attributes"
    ATTRIBUTE_OPTIONS = "options"
    ATTRIBUTE_GROUPS = "attribute-groups"
    FAMILIES = "families"
    FAMILY_VARIANTS = "variants"
    CHANNELS = "channels"
    LOCALES = "locales"
    CURRENCIES = "currencies"
    ASSOCIATION_TYPES = "association-types"

    __hash__ = object.__hash__

    @property
    def nested(self) -> bool:
        """Options live under an attribute, variants under a family."""
        return self in (Resource.ATTRIBUTE_OPTIONS, Resource.FAMILY_VARIANTS)


_PARENT_RESOURCE = {Resource.ATTRIBUTE_OPTIONS: Resource.ATTRIBUTES, Resource.FAMILY_VARIANTS: Resource.FAMILIES}
_TOP_RESOURCES: Mapping[str, Resource] = {r.value: r for r in Resource if not r.nested}
_NESTED_RESOURCES: Mapping[tuple[Resource, str], Resource] = {
    (parent, nested.value): nested for nested, parent in _PARENT_RESOURCE.items()
}
_READ_ONLY_RESOURCES = frozenset({Resource.LOCALES, Resource.CURRENCIES})


@dataclass(frozen=True)
class StructureRoute:
    """An endpoint of the catalog structure: the collection (``code`` None) or one item;
    ``parent`` is the attribute of an option, the family of a variant."""

    action: Action
    resource: Resource
    code: str | None = None
    parent: str | None = None

    def path(self) -> str:
        base = API_PREFIX
        if self.resource.nested:
            base += f"{_PARENT_RESOURCE[self.resource].value}/{self.parent}/"
        base += self.resource.value
        return base if self.code is None else f"{base}/{self.code}"


@dataclass(frozen=True)
class ApiRoute:
    """An endpoint about the API itself (reference §2): it names no entity, and every
    App may call it whatever its scopes."""

    action: Action


@dataclass(frozen=True)
class UnsimulatedRoute:
    """A path under ``/api/`` that the engine does not model: the engine answers it
    from the PIM's route table (:mod:`simulator.model.api_paths`). ``reason`` says
    why the simulator's own routes do not reach it."""

    method: str
    path: str
    reason: str


AnyRoute = Union[Route, ApiRoute, StructureRoute, UnsimulatedRoute]
"""Where a request goes."""


API_ROOT = API_PREFIX.rstrip("/")
SYSTEM_INFORMATION_PATH = API_PREFIX + "system-information"

_API_ROUTES: Mapping[str, Action] = {
    API_ROOT: Action.LIST_ENDPOINTS,
    SYSTEM_INFORMATION_PATH: Action.GET_SYSTEM_INFORMATION,
}


def entity_path(kind: Kind, code: str | None, suffix: str = "", by_uuid: bool = False) -> str:
    """The path of an entity (of the collection when ``code`` is None)."""
    base = UUID_PRODUCTS_PATH if by_uuid else _COLLECTION_PATHS[kind]
    return f"{base}/{code}{suffix}" if code is not None else base


UUID_PRODUCTS = "products-uuid"
_KINDS: Mapping[str, Kind] = {kind.value: kind for kind in Kind}
_COLLECTION_PATHS: Mapping[Kind, str] = {kind: API_PREFIX + kind.value for kind in Kind}
UUID_PRODUCTS_PATH = API_PREFIX + UUID_PRODUCTS


_ROUTES: Mapping[tuple[str, bool, str], Action] = {
    # (method, names one entity, sub-resource) → action
    ("GET", True, ""): Action.GET,
    ("GET", False, ""): Action.LIST,
    ("POST", False, ""): Action.CREATE,
    ("PATCH", True, ""): Action.UPDATE,
    ("PATCH", False, ""): Action.UPDATE_LIST,
    ("DELETE", True, ""): Action.DELETE,
    ("POST", True, "proposal"): Action.SUBMIT_DRAFT,
    ("GET", True, "draft"): Action.GET_DRAFT,
}


@dataclass(frozen=True, init=False)
class Request:
    """One call of the App. ``path`` is like ``/api/rest/v1/products/hat``."""

    method: str
    path: str
    body: Body = None
    """A JSON object, or for a bulk PATCH the list of its JSON lines (each an object,
    or the text of a line that is not one)."""
    query: Mapping[str, str] = field(default_factory=dict)
    route: AnyRoute = field(init=False, repr=False, compare=False)
    """The endpoint; a path under ``/api/`` the engine does not model is an
    :class:`UnsimulatedRoute`, anything else unsupported is refused when built."""

    def __init__(
        self, method: str, path: str, body: Body = None, query: Mapping[str, str] | None = None
    ) -> None:
        # A matrix makes a request per cell: fill the fields at once rather than
        # through the frozen dataclass's field-by-field __init__.
        if "?" in path:  # the query string of a pasted URL is the query
            path, _, text = path.partition("?")
            query = {**dict(parse_qsl(text, keep_blank_values=True)), **(query or {})}
        self.__dict__.update(
            method=method, path=path, body=body, query={} if query is None else query, route=_route(method, path)
        )

    @property
    def lines(self) -> list[object]:
        """A bulk body's lines: each a JSON object, or the text of a line that is not."""
        body = self.body
        if isinstance(body, list):
            return list(body)
        if isinstance(body, str):
            return [_json_line(line) for line in body.split("\n")]
        return [] if body is None else [body]

    @classmethod
    def routed(cls, method: str, path: str, body: Mapping[str, object] | None, route: AnyRoute) -> Request:
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


def _route(method: str, path: str) -> AnyRoute:
    """The simulator's route of the request; a path under ``/api/`` it does not
    model is an :class:`UnsimulatedRoute` (answered, not refused)."""
    try:
        return _simulated_route(method, path)
    except RequestError as error:
        if not path.startswith("/api/"):
            raise
        return UnsimulatedRoute(method.upper(), path, str(error))


def _simulated_route(method: str, path: str) -> Route | ApiRoute | StructureRoute:
    api_action = _API_ROUTES.get(path.rstrip("/"))
    if api_action is not None:
        if method.upper() != "GET":
            raise RequestError(f"{method} {path}: this endpoint only answers GET")
        return ApiRoute(api_action)
    if not path.startswith(API_PREFIX):
        raise RequestError(f'path "{path}": expected it to start with "{API_PREFIX}"')
    head = path[len(API_PREFIX):].split("/", 1)[0]
    if head in _TOP_RESOURCES:
        return _structure_route(method, path)
    kind, code, sub, by_uuid = _resource(path)
    action = _ROUTES.get((method.upper(), code is not None, sub))
    if action is None:
        raise RequestError(f'{method} {path}: this endpoint does not exist or is not simulated')
    return Route(action, kind, code, by_uuid)


_KNOWN_RESOURCES = ", ".join([*_KINDS, UUID_PRODUCTS, *_TOP_RESOURCES])
_STRUCTURE_ROUTES: Mapping[tuple[str, bool], Action] = {
    ("GET", False): Action.LIST, ("GET", True): Action.GET, ("POST", False): Action.CREATE,
    ("PATCH", True): Action.UPDATE, ("PATCH", False): Action.UPDATE_LIST,
}


@lru_cache(maxsize=256)
def _resource(path: str) -> tuple[Kind, str | None, str, bool]:
    """The kind, code, sub-resource and addressing a product path names. Remembered for
    the last paths: the requests of a matrix row, or of a scenario, come back to the
    same paths."""
    parts = path[len(API_PREFIX) :].strip("/").split("/")
    by_uuid = parts[0] == UUID_PRODUCTS
    kind = Kind.PRODUCT if by_uuid else _KINDS.get(parts[0])
    if kind is None:
        raise RequestError(f'path "{path}": unknown resource "{parts[0]}", expected one of {_KNOWN_RESOURCES}')
    if len(parts) > 3:
        raise RequestError(f'path "{path}": too many segments')
    code = (unquote(parts[1]) if "%" in parts[1] else parts[1]) if len(parts) > 1 else None
    if code == "":
        raise RequestError(f'path "{path}": empty {"uuid" if by_uuid else kind.key}')
    return kind, code, parts[2] if len(parts) > 2 else "", by_uuid


def _structure_route(method: str, path: str) -> StructureRoute:
    parts = [unquote(part) for part in path[len(API_PREFIX):].strip("/").split("/")]
    resource, parent = _TOP_RESOURCES[parts[0]], None
    rest = parts[1:]
    if len(rest) >= 2 and (resource, rest[1]) in _NESTED_RESOURCES:
        resource, parent, rest = _NESTED_RESOURCES[(resource, rest[1])], rest[0], rest[2:]
    if len(rest) > 1 or any(not part for part in parts):
        raise RequestError(f"{method} {path}: this endpoint does not exist or is not simulated")
    code = rest[0] if rest else None
    action = _STRUCTURE_ROUTES.get((method.upper(), code is not None))
    if action is None or (resource in _READ_ONLY_RESOURCES and action is not Action.GET and action is not Action.LIST):
        raise RequestError(f"{method} {path}: this endpoint does not exist or is not simulated")
    return StructureRoute(action, resource, code, parent)


def _json_line(line: str) -> object:
    """One line of a bulk body: the object it holds, or its text when it holds none."""
    try:
        decoded = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return line
    return decoded


def parse_request(
    method: str,
    path: str,
    body: Mapping[str, object] | list[object] | str | None = None,
    query: Mapping[str, str] | None = None,
) -> Request:
    """Build a request from loose input: a path that may carry a query string, a body
    given as JSON text or as a mapping; a bulk PATCH's body as JSON lines (the PIM's
    ``application/vnd.akeneo.collection+json``) or as a list."""
    parts = urlsplit(path)
    merged = dict(parse_qsl(parts.query, keep_blank_values=True))
    merged.update(query or {})
    route = _route(method.upper(), parts.path)
    if isinstance(route, UnsimulatedRoute):
        # Not read by the engine: a body in JSON is kept as JSON, any other as its text
        # (a JSON lines body, a form), so that the request is still answered.
        if isinstance(body, str) and body.strip():
            try:
                body = json.loads(body)
            except (json.JSONDecodeError, RecursionError):
                pass
        return Request(method.upper(), parts.path, body if body != "" else None, merged)
    bulk = isinstance(route, (Route, StructureRoute)) and route.action is Action.UPDATE_LIST
    if isinstance(body, str):
        if bulk:
            return Request(method.upper(), parts.path, [_json_line(line) for line in body.splitlines() if line.strip()],
                           merged)
        try:
            decoded = json.loads(body) if body.strip() else None
        except json.JSONDecodeError as error:
            raise RequestError(f"body: invalid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
        body = decoded
    if bulk and isinstance(body, Mapping):
        body = [body]
    if body is not None and not isinstance(body, (Mapping, list)):
        raise RequestError(f"body: expected a JSON object, got {type(body).__name__}")
    if isinstance(body, list) and not bulk:
        raise RequestError("body: expected a JSON object, got a list (a list of lines is for a bulk PATCH)")
    return Request(method.upper(), parts.path, body, merged)
