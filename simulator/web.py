"""The one door between the page and the simulator: ``handle(op, payload_json) -> str``.

The browser's Web Worker (through Pyodide) and the tests (through CPython) call this
same function with the same JSON, so the answer must not depend on where it runs: the
output is canonical JSON (sorted keys, no spaces), and the error messages are written
here rather than passed through from the standard library, whose wording changes
between Python versions (CPython 3.11 here, Pyodide's 3.14 in the browser).

Every answer is a JSON object holding exactly one of:

- ``{"result": <value>}`` — the operation's answer;
- ``{"error": {"type": <str>, "message": <str>}}`` — why there is none.

:func:`handle` never raises: a bug in an operation becomes an ``InternalError`` answer,
so the worker that calls it stays alive for the next request.
"""

from __future__ import annotations

import json
import math
import platform
import sys
from typing import Callable, Final, Mapping

from simulator import __version__
from simulator.limits import LIMITS, digits_of, too_deep

JSON = object
"""A value decoded from JSON (``None``, bool, int, float, str, list, dict)."""

PROTOCOL: Final = 1
"""Version of the request/answer format; bumped when an existing op changes shape."""

MAX_DEPTH: Final = LIMITS.depth
"""Deepest nesting a payload may have (:data:`simulator.limits.LIMITS`)."""

Op = Callable[[JSON], JSON]
"""An operation: the decoded payload in, a JSON-serialisable answer out."""


class OpError(Exception):
    """A request the simulator refuses; ``type`` is what the page sees as the kind."""

    type = "BadRequest"


class UnknownOp(OpError):
    type = "UnknownOp"


class BadPayload(OpError):
    type = "BadPayload"


def _ping(payload: JSON) -> JSON:
    """Who answers: lets the page check it talks to the simulator it was built with."""
    return {
        "simulator": __version__,
        "protocol": PROTOCOL,
        "python": platform.python_version(),
        "platform": sys.platform,
    }


def _echo(payload: JSON) -> JSON:
    """The payload, unchanged: proves the JSON round trip through the worker."""
    return payload


def _widget(name: str) -> Op:
    """A widget operation (:mod:`simulator.widget.ops`), imported on first use so that
    the worker's boot does not wait for the whole engine."""

    def run(payload: JSON) -> JSON:
        from simulator.widget.ops import WIDGET_OPS, WidgetOpError

        try:
            return WIDGET_OPS[name](payload)
        except WidgetOpError as error:
            raise BadPayload(str(error)) from None

    return run


def _import(name: str) -> Op:
    """An import operation (:mod:`simulator.widget.importing`): the page sends a
    customer's files in slices and has them read in steps."""

    def run(payload: JSON) -> JSON:
        from simulator.widget.importing import OPS as IMPORT_OPS
        from simulator.widget.importing import ImportRequestError

        try:
            return IMPORT_OPS[name](payload)
        except ImportRequestError as error:
            raise BadPayload(str(error)) from None

    return run


OPS: Final[Mapping[str, Op]] = {
    "echo": _echo,
    "ping": _ping,
    **{
        name: _widget(name)
        for name in ("widget.render", "widget.act", "widget.link", "widget.open", "widget.import", "widget.export")
    },
    **{name: _import(name) for name in ("import.begin", "import.chunk", "import.step", "import.cancel")},
}
"""Every operation the page may ask for, by name."""


def handle(op: str, payload_json: str) -> str:
    """Run operation ``op`` on the JSON-encoded ``payload_json``; answer in JSON."""
    try:
        operation = _operation(op)
        payload = _decode(payload_json)
        return _encode({"result": operation(payload)})
    except OpError as error:
        return _error(error.type, str(error))
    except Exception as error:  # noqa: BLE001 - the door must stay open for the next request
        return _error("InternalError", f"{op!r} failed: {type(error).__name__}: {error}")


def _operation(op: object) -> Op:
    if not isinstance(op, str):
        raise UnknownOp(f"op must be a string, not {_kind(op)}")
    try:
        return OPS[op]
    except KeyError:
        known = ", ".join(sorted(OPS))
        raise UnknownOp(f"unknown op {op!r}; known ops: {known}") from None


def _decode(payload_json: object) -> JSON:
    if not isinstance(payload_json, str):
        raise BadPayload(f"payload must be a JSON string, not {_kind(payload_json)}")
    if len(payload_json) * 4 > LIMITS.bytes and len(payload_json.encode("utf-8", "surrogatepass")) > LIMITS.bytes:
        raise BadPayload(f"payload is larger than {LIMITS.bytes:,} bytes")
    if too_deep(payload_json):
        # Checked before parsing: in Pyodide, json's C parser overflows the JavaScript
        # stack, a fatal error for the interpreter, before Python's recursion limit.
        raise BadPayload(f"payload is nested too deeply (more than {MAX_DEPTH} levels)")
    try:
        payload: JSON = json.loads(
            payload_json,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
            parse_int=_short_integer,
            object_pairs_hook=_members_once,
        )
    except json.JSONDecodeError:
        # Our own wording: json's messages, and even the position they give, differ
        # between Python versions (3.13 points at a trailing comma, 3.11 after it).
        raise BadPayload(f"payload is not valid JSON: {_excerpt(payload_json)}") from None
    return payload


def _reject_constant(name: str) -> JSON:
    raise BadPayload(f"payload is not valid JSON: {name} is not a JSON number")


def _short_integer(text: str) -> int:
    if len(text) > LIMITS.digits and digits_of(text) > LIMITS.digits:
        raise BadPayload(f"payload is not valid JSON: a number of {digits_of(text):,} digits (at most {LIMITS.digits})")
    return int(text)


def _members_once(pairs: list[tuple[str, JSON]]) -> dict[str, JSON]:
    members = dict(pairs)
    if len(members) != len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise BadPayload(f"payload is not valid JSON: the member {_excerpt(twice)} is given twice in one object")
    return members


def _finite_float(text: str) -> float:
    if len(text) > LIMITS.digits and digits_of(text) > LIMITS.digits:
        raise BadPayload(f"payload is not valid JSON: a number of {digits_of(text):,} digits (at most {LIMITS.digits})")
    value = float(text)
    if not math.isfinite(value):
        raise BadPayload(f"payload is not valid JSON: {text} is out of range")
    return value


def _encode(answer: JSON) -> str:
    # ASCII only: a lone surrogate sent by the page then travels back as an escape
    # instead of breaking the str -> JavaScript string conversion.
    return json.dumps(answer, sort_keys=True, separators=(",", ":"), allow_nan=False)


def _error(kind: str, message: str) -> str:
    return _encode({"error": {"type": kind, "message": message}})


def _excerpt(text: str, limit: int = 40) -> str:
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}…"


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__
