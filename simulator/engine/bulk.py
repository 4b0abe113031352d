"""Bulk PATCH of products (by identifier or uuid), product models and the catalog
structure (categories, attributes, options, attribute groups, families, channels,
association types, keyed by ``code``): JSON lines in, one answer a line out, as the
PIM's ``StreamResourceResponse::streamResponse`` does (one class for every endpoint).

The whole request needs the scope (403 otherwise, before any line), and holds 100
lines at most (``api_input_max_resources_number``: 413 ``Too many resources to
process, 100 is the maximum allowed.``). Each line, in order:

- longer than ``api_input_buffer_size`` (1,000,000 characters): 413 ``Line is too long.``;
- not a JSON object: 400 ``Invalid json message received``;
- its key (``identifier``, ``uuid``, ``code``) not a string: 422 ``… must be of type
  string.``; missing or blank: 422 ``… is missing.``;
- otherwise the line is sent to the single PATCH endpoint *as the body of its own
  request* (``forward``): its status and body become the line's answer, and it sees
  what the earlier lines changed.

The answer is 200 with the lines' answers (``{"line": 1, "identifier": "…",
"status_code": 204}``, with the message, errors and links of a refusal).
"""

from __future__ import annotations

import uuid
from typing import Callable

from simulator.engine import messages
from simulator.engine.context import CheckEntry, CheckRecord, Outcome
from simulator.engine.store import Store
from simulator.model import (
    Action,
    Effect,
    Grant,
    Layer,
    Request,
    Route,
    Rule,
    StructureRoute,
    entity_path,
)

MAX_LINES = 100
"""``api_input_max_resources_number`` (config/services/pim_parameters.yml)."""
MAX_LINE_LENGTH = 1_000_000
"""``api_input_buffer_size`` (config/services/pim_parameters.yml)."""

LineAnswer = tuple[int, str, object, Store]
"""What answering one line gives: status, message, response body, state after it."""

Answerer = Callable[..., tuple[Outcome, tuple[CheckEntry, ...]]]


def update_list(store: Store, grant: Grant, request: Request, route: Route, answer_one: Answerer) -> tuple[
    Outcome, tuple[CheckRecord, ...]
]:
    """The bulk PATCH's answer: each line answered as its own PATCH, in order."""
    key = "uuid" if route.by_uuid else route.kind.key

    def one(code: str, line: dict[str, object]) -> Request:
        sub_route = Route(Action.UPDATE, route.kind, code, route.by_uuid)
        return Request.routed("PATCH", entity_path(route.kind, code, "", route.by_uuid), line, sub_route)

    scope = "write_products"
    return _stream(store, grant, request, scope, messages.SCOPE_MESSAGES[scope], key, one, answer_one)


def update_structure_list(store: Store, grant: Grant, request: Request, route: StructureRoute, scope: str,
                          forbidden: str, answer_one: Answerer) -> tuple[Outcome, tuple[CheckRecord, ...]]:
    """A bulk PATCH of the catalog structure: each line a PATCH of its ``code``."""

    def one(code: str, line: dict[str, object]) -> Request:
        sub_route = StructureRoute(Action.UPDATE, route.resource, code, route.parent)
        return Request.routed("PATCH", sub_route.path(), line, sub_route)

    return _stream(store, grant, request, scope, forbidden, "code", one, answer_one)


def _stream(store: Store, grant: Grant, request: Request, scope: str, forbidden: str, key: str,
            one: Callable[[str, dict[str, object]], Request], answer_one: Answerer) -> tuple[
    Outcome, tuple[CheckRecord, ...]
]:
    checks: list[CheckRecord] = []
    if scope not in grant.scopes:
        rule = Rule.SCOPE if grant.scopes else Rule.NO_SCOPE
        held = ", ".join(sorted(grant.scopes)) or "no scope"
        checks.append((rule, Layer.SCOPE, f"This endpoint needs the {scope} scope; the App holds {held}.", False))
        return (Outcome(403, forbidden, Effect.REFUSED, Layer.SCOPE, store, {"code": 403, "message": forbidden}),
                tuple(checks))
    checks.append((Rule.SCOPE, Layer.SCOPE, f"The App holds the {scope} scope.", True))
    lines = request.lines
    if len(lines) > MAX_LINES:
        message = messages.too_many_resources(MAX_LINES)
        checks.append((Rule.REQUEST, Layer.REQUEST, f"The body holds {len(lines)} lines.", False))
        return Outcome(413, message, Effect.REFUSED, Layer.REQUEST, store, {"code": 413, "message": message}), tuple(checks)
    answers: list[dict[str, object]] = []
    applied = 0
    for number, line in enumerate(lines, 1):
        answered = _line(store, grant, key, number, line, one, answer_one)
        body, store, said = answered
        answers.append(body)
        if 200 <= int(str(body["status_code"])) < 300:
            applied += 1
        checks.append((Rule.REQUEST, Layer.REQUEST, said, True))  # the bulk answers 200 whatever its lines
    checks.append((
        Rule.REQUEST, Layer.REQUEST,
        f"{applied} of {len(lines)} lines succeeded; each line is answered as the same PATCH sent alone would be.", True,
    ))
    return Outcome(200, "", Effect.APPLIED, Layer.REQUEST, store, answers), tuple(checks)


def _line(
    store: Store, grant: Grant, key: str, number: int, line: object,
    one: Callable[[str, dict[str, object]], Request], answer_one: Answerer,
) -> tuple[dict[str, object], Store, str]:
    if isinstance(line, str):
        if len(line) > MAX_LINE_LENGTH:
            return _refused(number, 413, messages.LINE_TOO_LONG), store, f"Line {number} is too long."
        return _refused(number, 400, messages.INVALID_JSON), store, f"Line {number} is not JSON."
    if not isinstance(line, dict):
        if line is None:
            return _refused(number, 400, messages.INVALID_JSON), store, f"Line {number} is not a JSON object."
        return _refused(number, 422, messages.key_missing(key)), store, f"Line {number} names no {key}."
    given = line.get(key)
    if given is not None and not isinstance(given, str):
        return _refused(number, 422, messages.key_not_string(key)), store, f"Line {number}'s {key} is not a string."
    if given is None or not given.strip():
        return _refused(number, 422, messages.key_missing(key)), store, f"Line {number} names no {key}."
    shown = given
    if key == "uuid":
        try:
            shown = str(uuid.UUID(given))
        except ValueError:
            pass
    outcome, _ = answer_one(store, grant, one(given, line))
    body: dict[str, object] = {"line": number, key: shown, "status_code": outcome.status}
    response = outcome.response
    if isinstance(response, dict):
        body.update({name: value for name, value in response.items() if name != "code"})
    after = outcome.store if isinstance(outcome.store, Store) else outcome.store()
    said = f"Line {number} ({key} {shown}): {outcome.status}" + (f" {outcome.message}" if outcome.message else "")
    return body, after, said


def _refused(number: int, status: int, message: str) -> dict[str, object]:
    return {"line": number, "status_code": status, "message": message}

