"""``simulator.web.handle``: the page's one entry point never raises, whatever it gets.

What both interpreters must answer identically is in ``test_pyodide_node.py``; these
are the cases only CPython can be handed (the worker sends strings only).
"""

from __future__ import annotations

import json

import pytest

import simulator
from simulator.web import OPS, handle


@pytest.mark.parametrize(
    ("op", "payload_json", "answer"),
    [
        (None, "null", '{"error":{"message":"op must be a string, not null","type":"UnknownOp"}}'),
        (b"ping", "null", '{"error":{"message":"op must be a string, not bytes","type":"UnknownOp"}}'),
        ("echo", None, '{"error":{"message":"payload must be a JSON string, not null","type":"BadPayload"}}'),
        ("echo", {"a": 1}, '{"error":{"message":"payload must be a JSON string, not dict","type":"BadPayload"}}'),
        ("echo", "x" * 100, '{"error":{"message":"payload is not valid JSON: '
         "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'\\u2026\",\"type\":\"BadPayload\"}}"),
    ],
)
def test_arguments_of_the_wrong_kind_are_refused_by_name(
    op: object, payload_json: object, answer: str
) -> None:
    assert handle(op, payload_json) == answer  # type: ignore[arg-type]


def test_ping_names_the_simulator_in_cpython() -> None:
    result = json.loads(handle("ping", "null"))["result"]

    assert result["simulator"] == simulator.__version__
    assert result["protocol"] == 1
    assert result["platform"] != "emscripten"


def test_a_failing_op_becomes_an_internal_error_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(payload: object) -> object:
        return {"ratio": 1 / 0}

    monkeypatch.setitem(OPS, "broken", broken)  # type: ignore[arg-type]

    assert handle("broken", "null") == (
        '{"error":{"message":"\'broken\' failed: ZeroDivisionError: division by zero",'
        '"type":"InternalError"}}'
    )


def test_an_answer_that_is_not_json_becomes_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(OPS, "sets", lambda payload: {"scopes": {"read_products"}})  # type: ignore[arg-type]

    assert json.loads(handle("sets", "null")) == {
        "error": {
            "type": "InternalError",
            "message": "'sets' failed: TypeError: Object of type set is not JSON serializable",
        }
    }
