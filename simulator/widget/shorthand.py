"""Requests in a few words, as the article's claims write them and readers type them.

``PATCH hat name[en_US]="Straw hat" → 204 draft``: a method, a product identifier (or
an API path), the changes of the body (``attribute[locale]=value``,
``categories=a,b``, ``family=…``, ``enabled=true``), and after an arrow the answer
expected: a status (or ``not sent``), an effect, ``by`` the deciding layer and a
quoted part of the message.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import parse_qsl, urlsplit

from simulator.engine import ValueAccess
from simulator.model import API_PREFIX, Effect, Layer, RequestError
from simulator.scenarios import METHODS, NOT_SENT, Expectation, JsonValue, ScenarioRequest

TOKEN: Final = re.compile(r"""(?:[^\s"']|"[^"]*"|'[^']*')+""")
ARROW: Final = re.compile(r"\s(?:→|->)\s")
_CHANGE: Final = re.compile(r"^(?P<name>[\w-]+)(?:\[(?P<locale>[\w-]+)\])?=(?P<value>.*)$", re.S)
_LIST_FIELDS: Final = frozenset({"categories", "groups"})
_TEXT_FIELDS: Final = frozenset({"family", "parent"})
EFFECTS: Final = tuple(effect.value for effect in Effect)
LAYERS: Final = tuple(layer.value for layer in Layer)
ACCESSES: Final = tuple(access.value for access in ValueAccess)


def read_request(text: str) -> ScenarioRequest:
    """A request in the claims' words, ``PATCH hat name[en_US]="Straw hat"``, with an
    optional answer after an arrow (``→ 204 draft``) as its expectation; the page
    reads what a reader types or pastes with it. :class:`ValueError` says what is wrong."""
    parts = ARROW.split(text)
    if len(parts) > 2:
        raise ValueError(f'"{text}": one arrow at most, before the expected answer')
    method, *target_and_changes = TOKEN.findall(parts[0]) or [""]
    if method.upper() not in METHODS:
        raise ValueError(f'"{text}": start with one of {", ".join(METHODS)}')
    if not target_and_changes:
        raise ValueError(f'expect "{text}": name a product or an API path after {method.upper()}')
    target, *changes = target_and_changes
    method = method.upper()
    body = _body(changes, text)
    query: dict[str, str] = {}
    if target.startswith("/"):
        split = urlsplit(unquote(target))
        path, query = split.path, dict(parse_qsl(split.query, keep_blank_values=True))
    elif method == "POST":
        path = f"{API_PREFIX}products"
        body = {"identifier": target, **(body or {})}
    else:
        path = f"{API_PREFIX}products/{target}"
    if body is not None and method in ("GET", "DELETE"):
        raise ValueError(f'expect "{text}": a {method} sends no changes')
    expect = _expectation(TOKEN.findall(parts[1]), text) if len(parts) == 2 else None
    request = ScenarioRequest(method, path, body, query, expect)
    try:
        request.to_request()
    except RequestError as error:
        raise ValueError(f'expect "{text}": {error}') from None
    return request


def _body(changes: list[str], text: str) -> dict[str, JsonValue] | None:
    """``name[en_US]="Straw hat" categories=a,b`` as the REST API's JSON body."""
    if not changes:
        return None
    body: dict[str, JsonValue] = {}
    values: dict[str, list[JsonValue]] = {}
    for change in changes:
        found = _CHANGE.match(change)
        if found is None:
            raise ValueError(f'expect "{text}": change "{change}": write it as attribute[locale]=value or field=value')
        name, locale, value = found["name"], found["locale"], unquote(found["value"])
        if name in _LIST_FIELDS:
            body[name] = [code for code in value.split(",") if code]
        elif name in _TEXT_FIELDS:
            body[name] = value
        elif name == "enabled":
            if value not in ("true", "false"):
                raise ValueError(f'expect "{text}": enabled is true or false, not "{value}"')
            body[name] = value == "true"
        else:
            values.setdefault(name, []).append({"locale": locale, "scope": None, "data": value})
    if values:
        body["values"] = {name: list(entries) for name, entries in values.items()}
    return body


def _expectation(words: list[str], text: str) -> Expectation:
    """``403 refused by locale "view permission"`` or ``not sent``."""
    if words == ["not", "sent"]:
        return Expectation(effect=NOT_SENT)
    if not words or not words[0].isdigit():
        raise ValueError(f'expect "{text}": the answer starts with a status, such as 200 or 404, or is "not sent"')
    status, effect, layer, message = int(words[0]), None, None, None
    rest = words[1:]
    while rest:
        word = rest.pop(0)
        if word in EFFECTS:
            effect = word
        elif word == "by" and rest:
            two = " ".join(rest[:2])
            layer = two if two in LAYERS else rest[0]
            del rest[: len(layer.split())]
            if layer not in LAYERS:
                raise ValueError(f'expect "{text}": "by {layer}": expected one of {", ".join(LAYERS)}')
        elif word[0] in "\"'":
            message = unquote(word)
        else:
            raise ValueError(
                f'expect "{text}": "{word}": after the status come an effect ({", ".join(EFFECTS)}), '
                'by <layer> and a "quoted part of the message"'
            )
    return Expectation(status=status, effect=effect, message=message, decided_by=layer)


def unquote(word: str) -> str:
    return word[1:-1] if len(word) >= 2 and word[0] == word[-1] and word[0] in "\"'" else word
