"""Requests from what support staff paste, and requests as ``curl`` for the user's PIM.

:func:`read_pasted` reads a ``curl`` command (as browsers' "Copy as cURL" and API docs
write it), a request line from an App's or a web server's log (``"PATCH
/api/rest/v1/products/hat HTTP/1.1" 204``, or a structured log entry holding
``method`` and ``uri``), or the article's own shorthand (``PATCH hat
name[en_US]="Straw hat"``). The host is dropped: the simulator is the PIM. A status
the log says the real PIM answered becomes the request's expected answer, so the
assertion tells at once whether the simulator agrees with the customer's PIM.

:func:`to_curl` writes a request back as a ``curl`` command with the host and the
token as shell variables, ``$PIM_URL`` and ``$ACCESS_TOKEN``; read back, it is the
same request.
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Final, Mapping
from urllib.parse import parse_qsl, quote, urlsplit

from simulator.model import API_PREFIX, RequestError
from simulator.scenarios import METHODS, Expectation, JsonValue, ScenarioRequest
from simulator.widget.shorthand import read_request

MAX_PASTE: Final = 100_000
"""Longer pastes are refused before they are read: a request is a few lines."""

HOST: Final = "$PIM_URL"
TOKEN: Final = "$ACCESS_TOKEN"

_WITH_VALUE: Final = frozenset({
    "-X", "--request", "-H", "--header", "-d", "--data", "--data-raw", "--data-binary", "--data-ascii",
    "--data-urlencode", "--json", "--url", "-u", "--user", "-o", "--output", "-A", "--user-agent", "-e",
    "--referer", "-b", "--cookie", "-c", "--cookie-jar", "-m", "--max-time", "--connect-timeout", "-x",
    "--proxy", "-w", "--write-out", "--cacert", "--cert", "--key", "-T", "--upload-file", "-F", "--form",
    "--retry", "-r", "--range", "--oauth2-bearer", "--resolve", "--limit-rate",
})
"""curl's options that take a value (so the value is never mistaken for the URL)."""
_DATA: Final = ("-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--json")
_LOG_LINE: Final = re.compile(r'"?\b(GET|POST|PATCH|DELETE|PUT|HEAD|OPTIONS)\s+(\S+)(?:\s+HTTP/[\d.]+)?"?(?:\s+(\d{3})\b)?')


class PasteError(ValueError):
    """Pasted text that is not a request the simulator can answer; says why."""


def read_pasted(text: str) -> ScenarioRequest:
    """The request in ``text``; :class:`PasteError` says what could not be read."""
    if len(text) > MAX_PASTE:
        raise PasteError(f"the pasted text is too long ({len(text):,} characters; a request is at most {MAX_PASTE:,})")
    stripped = text.strip()
    if not stripped:
        raise PasteError("paste a curl command, a request line from a log, or a request such as GET hat")
    if re.match(r"curl(?:\.exe)?\s", stripped + " "):
        return _checked(_from_curl(stripped))
    entry = _structured(stripped)
    if entry is not None:
        return _checked(entry)
    first = stripped.split(None, 1)[0].upper()
    if first in METHODS and len(stripped.split()) > 1 and not re.match(r"\S+\s+(?:https?://|/)", stripped):
        try:
            return read_request(stripped)
        except ValueError as error:
            raise PasteError(re.sub(r'^expect "[^"]*": ', "", str(error))) from None
    found = _LOG_LINE.search(stripped)
    if found is None:
        raise PasteError(
            "this is not a request: paste a curl command, a log line such as "
            '"PATCH /api/rest/v1/products/hat HTTP/1.1" 204, or a request such as GET hat'
        )
    method, url, status = found.groups()
    rest = stripped[found.end():].strip()
    body = _json_body(rest[rest.index("{"):]) if "{" in rest else None
    expect = Expectation(status=int(status)) if status else None
    return _checked(_request(method, url, body, expect))


def _from_curl(command: str) -> ScenarioRequest:
    joined = re.sub(r"\\\r?\n", " ", command)  # line continuations
    try:
        words = shlex.split(joined)[1:]
    except ValueError as error:
        raise PasteError(f"the curl command does not read: {error} (a quote is not closed?)") from None
    method = ""
    url = ""
    data: list[str] = []
    query: list[str] = []
    get = False
    index = 0
    while index < len(words):
        word = words[index]
        name, equals, attached = word.partition("=") if word.startswith("--") else (word, "", "")
        if word.startswith("-X") and len(word) > 2:
            name, attached, equals = "-X", word[2:], "="
        if name in _WITH_VALUE:
            if equals:
                value = attached
            else:
                index += 1
                if index >= len(words):
                    raise PasteError(f"the curl option {name} has no value")
                value = words[index]
            if name in ("-X", "--request"):
                method = value.upper()
            elif name in _DATA:
                if value.startswith("@"):
                    raise PasteError(f"the body is read from a file ({value}): paste the file's JSON instead")
                data.append(value)
            elif name == "--data-urlencode":
                key, eq, content = value.partition("=")
                query.append(f"{key}={quote(content, safe='')}" if eq else quote(key, safe=""))
            elif name == "--url":
                url = value
            elif name in ("-F", "--form", "-T", "--upload-file"):
                raise PasteError(f"curl {name} sends a file; the simulator answers JSON bodies only")
        elif name in ("-G", "--get"):
            get = True
        elif word.startswith("-"):
            pass  # a flag without a value: -s, -v, -i, -k, --compressed, -L …
        elif not url:
            url = word
        index += 1
    if not url:
        raise PasteError("the curl command names no URL")
    if get:
        url += ("&" if "?" in url else "?") + "&".join(data + query)
        data, query = [], []
    elif query:
        data.extend(query)
    method = method or ("POST" if data else "GET")
    body = _json_body("".join(data)) if data else None
    return _request(method, url, body, None)


def _structured(text: str) -> ScenarioRequest | None:
    """A log entry holding a JSON object with the method and the URI (Symfony's and
    most App frameworks' request logs)."""
    start = text.find("{")
    if start < 0:
        return None
    try:
        entry, _ = json.JSONDecoder().raw_decode(text[start:])
    except ValueError:
        return None
    if not isinstance(entry, dict):
        return None
    found = _find_request(entry, 0)
    if found is None:
        return None
    method, url, body, status = found
    return _request(method, url, body, Expectation(status=status) if status else None)


def _find_request(entry: Mapping[str, JsonValue], depth: int) -> tuple[str, str, JsonValue, int | None] | None:
    method = entry.get("method")
    url = next((entry[k] for k in ("uri", "request_uri", "url", "path") if isinstance(entry.get(k), str)), None)
    if isinstance(method, str) and method.upper() in METHODS and isinstance(url, str):
        status = next((entry[k] for k in ("status", "status_code", "response_status") if isinstance(entry.get(k), int)), None)
        body = entry.get("body", entry.get("content"))
        if isinstance(body, str):
            body = _json_body(body) if body.strip() else None
        return method.upper(), url, body, status if isinstance(status, int) else None
    if depth < 3:
        for value in entry.values():
            if isinstance(value, dict):
                found = _find_request(value, depth + 1)
                if found is not None:
                    return found
    return None


def _json_body(text: str) -> JsonValue:
    try:
        body, _ = json.JSONDecoder().raw_decode(text.strip())
    except json.JSONDecodeError as error:
        # Our own words: json's messages differ between Python versions.
        raise PasteError(f"the body is not JSON (line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise PasteError("the body is nested too deeply") from None
    return body


def _request(method: str, url: str, body: JsonValue, expect: Expectation | None) -> ScenarioRequest:
    if method not in METHODS:
        raise PasteError(f"{method} requests are not simulated; methods: {', '.join(METHODS)}")
    start = url.find(API_PREFIX.rstrip("/"))
    if start < 0:
        raise PasteError(f'"{_short(url)}" is not a PIM REST API URL: its path should start with {API_PREFIX}')
    parts = urlsplit(url[start:])
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if body is not None and not isinstance(body, dict):
        raise PasteError("the body is JSON but not an object: the API's product bodies are objects")
    return ScenarioRequest(method, parts.path, body, query, expect)


def _checked(request: ScenarioRequest) -> ScenarioRequest:
    try:
        request.to_request()
    except RequestError as error:
        raise PasteError(str(error)) from None
    return request


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


# Back to curl.


def to_curl(request: ScenarioRequest) -> str:
    """A ``curl`` command for the user's own PIM: ``$PIM_URL`` and ``$ACCESS_TOKEN``
    stand for the host and the App's token."""
    first = f'curl -X {request.method}' + (" -G" if request.query else "")
    first += f' "{HOST}{quote(request.path, safe="/%:@")}"'
    lines = [first, f'-H "Authorization: Bearer {TOKEN}"']
    for name, value in request.query.items():
        lines.append(f"--data-urlencode {shlex.quote(f'{name}={value}')}")
    if request.body is not None:
        lines.append('-H "Content-Type: application/json"')
        lines.append("-d " + shlex.quote(json.dumps(request.body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)))
    return " \\\n  ".join(lines)
