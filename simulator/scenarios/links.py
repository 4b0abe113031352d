"""Scenario links: a scenario as a URL-fragment string, and back.

A link is ``s1.`` followed by the base64url (unpadded) of the zlib-compressed JSON
payload. The payload of a scenario made from a preset holds the preset id and only
what differs from it, which keeps such links short (well under 2,000 characters);
any other scenario is carried whole.

Links are shared and bookmarked, so:

- the version prefix stays readable forever: a new layout gets a new prefix and the
  old one keeps decoding (the golden links in the tests pin that);
- presets are part of the format: changing a preset changes what its old links open,
  so a preset's content is never changed in place (add a new id instead);
- decoding anything — random text, a truncated or edited link, a zip bomb, hostile
  strings — raises :class:`LinkError` with a clear message, and nothing else. The
  messages are written here, never passed through from the standard library, so they
  are the same in CPython and in the browser.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from functools import lru_cache
from typing import Final

from simulator.formats import FormatError, catalog_to_dict, check_json, kept, loads, quoted, show
from simulator.limits import too_deep
from simulator.scenarios.presets import PRESET_IDS, preset
from simulator.scenarios.scenario import (
    JsonValue,
    Scenario,
    ScenarioError,
    scenario_from_dict,
)

PREFIX: Final = "s1."
MAX_LINK_LENGTH: Final = 1_000_000
"""Longer fragments are refused before any decoding."""
MAX_PAYLOAD_BYTES: Final = 2_000_000
"""The decompressed payload's cap: a few inline catalogs of hundreds of products fit."""

_REPLACE: Final = "="
_DELETE: Final = "-"


class LinkError(FormatError):
    """A link that does not open a scenario, with a message a user can act on; for a
    link that holds an invalid scenario, ``path`` is the scenario's field at fault."""

    def __init__(self, message: str, path: str = "", about: str = "") -> None:
        super().__init__(path, message, about)


MAX_INLINE_PRODUCTS: Final = 1_000
"""An imported catalog travels whole in a link up to this many products; a larger one
is named only (the link then opens where it was imported: share the scenario file)."""


def encode_link(scenario: Scenario, data: dict[str, JsonValue] | None = None) -> str:
    """The scenario as a URL-fragment-safe string (letters, digits, ``-``, ``_``, ``.``).
    A catalog imported in this session travels whole, while it is small enough.
    ``data`` is ``scenario.to_dict()`` when the caller has it already (it is not changed)."""
    data = dict(scenario.to_dict() if data is None else data)
    if isinstance(scenario.catalog, str):
        imported = kept(scenario.catalog)
        if imported is not None and len(imported.products) <= MAX_INLINE_PRODUCTS:
            data["catalog"] = catalog_to_dict(imported)
    payload: dict[str, JsonValue]
    if scenario.preset is not None and scenario.preset in PRESET_IDS:
        payload = {"preset": scenario.preset, "patch": diff(_preset_dict(scenario.preset), data)}
    else:
        payload = {"scenario": data}
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    packed = zlib.compress(text.encode("utf-8"), 9)
    return PREFIX + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


@lru_cache(maxsize=None)
def _preset_dict(preset_id: str) -> dict[str, JsonValue]:
    """A preset's JSON form, which every link made from it is the difference from (a
    preset never changes; :func:`diff` only reads it)."""
    return preset(preset_id).to_dict()


def decode_link(text: str) -> Scenario:
    """Read a link back; raises :class:`LinkError` only.

    Accepts the fragment alone or with its ``#``, or a whole URL ending in it, the
    fragment maybe naming the simulator it is for (``#<widget id>:s1.…``), as the page's
    "Copy link" gives it.
    """
    if not isinstance(text, str):
        raise LinkError("a link is text")
    fragment = text.strip()
    if "#" in fragment:
        fragment = fragment.rsplit("#", 1)[1]
    if ":" in fragment:  # named for one simulator of a page: #simulator-erp-owns-master:s1.…
        fragment = fragment.rsplit(":", 1)[1]
    if not fragment:
        raise LinkError("the link is empty")
    if len(fragment) > MAX_LINK_LENGTH:
        raise LinkError(f"the link is too long (more than {MAX_LINK_LENGTH:,} characters)")
    version, dot, body = fragment.partition(".")
    if not dot or not version.startswith("s"):
        raise LinkError(f'not a scenario link: it should start with "{PREFIX}"')
    if version + dot != PREFIX:
        raise LinkError(
            f'unknown link version {quoted(version)}: this simulator opens "{PREFIX}" links'
        )
    payload = _payload(_inflate(_unbase64(body)))
    try:
        return scenario_from_dict(payload)
    except ScenarioError as error:
        raise LinkError(error.message, error.path, "the link holds an invalid scenario") from None


def _unbase64(body: str) -> bytes:
    if not body:
        raise LinkError("the link has no data after its version prefix")
    alphabet = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    if not set(body) <= alphabet:
        raise LinkError("the link holds characters a link never has; was it copied whole?")
    if len(body) % 4 == 1:
        raise LinkError("the link is cut short or was edited; copy it again")
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise LinkError("the link is cut short or was edited; copy it again") from None


def _inflate(packed: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(packed, MAX_PAYLOAD_BYTES)
    except zlib.error:
        raise LinkError("the link's data is damaged (it was cut short or edited)") from None
    if not inflater.eof:
        if inflater.unconsumed_tail or len(data) >= MAX_PAYLOAD_BYTES:
            raise LinkError(
                f"the link's data is too large (more than {MAX_PAYLOAD_BYTES:,} bytes "
                "once unpacked)"
            )
        raise LinkError("the link's data is incomplete (it was cut short)")
    if inflater.unused_data:
        raise LinkError("the link has extra data after its end (it was edited)")
    return data


def _payload(data: bytes) -> JsonValue:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise LinkError("the link's data is not a scenario (it is not valid JSON)") from None
    if too_deep(text):
        raise LinkError("the link's data is not a scenario (it is nested too deeply)")
    try:
        payload = check_json(loads(text), "")
    except FormatError as error:
        if error.path:
            raise LinkError(error.message, error.path, "the link's data is not a scenario") from None
        raise LinkError("the link's data is not a scenario (it is not valid JSON)") from None
    if not isinstance(payload, dict):
        raise LinkError("the link's data is not a scenario")
    if set(payload) == {"scenario"}:
        return payload["scenario"]
    if set(payload) == {"preset", "patch"}:
        preset_id = payload["preset"]
        if not isinstance(preset_id, str) or preset_id not in PRESET_IDS:
            raise LinkError(
                f"the link is based on an unknown preset {show(preset_id)}"
            )
        return patch(preset(preset_id).to_dict(), payload["patch"])
    raise LinkError("the link's data is not a scenario (unexpected layout)")


# A small JSON patch, for links: a patch is an object whose members are, per key,
# ["=", value] (set), ["-"] (delete) or a nested patch (change inside an object).
# Unlike RFC 7386 merge patches it keeps nulls inside values (inline catalogs hold some).


def diff(base: JsonValue, target: JsonValue) -> dict[str, JsonValue]:
    """The patch that turns the object ``base`` into the object ``target``."""
    changes: dict[str, JsonValue] = {}
    for key in base:
        if key not in target:
            changes[key] = [_DELETE]
    for key, value in target.items():
        if key not in base:
            changes[key] = [_REPLACE, value]
        elif base[key] != value:
            old = base[key]
            nested = isinstance(old, dict) and isinstance(value, dict)
            changes[key] = diff(old, value) if nested else [_REPLACE, value]
    return changes


def patch(base: JsonValue, changes: JsonValue) -> JsonValue:
    """``base`` with ``changes`` applied; a malformed patch raises :class:`LinkError`."""
    if not isinstance(changes, dict):
        raise LinkError("the link's changes are malformed")
    if not isinstance(base, dict):
        base = {}
    result = dict(base)
    for key, change in changes.items():
        if isinstance(change, dict):
            result[key] = patch(result.get(key), change)
        elif isinstance(change, list) and len(change) == 2 and change[0] == _REPLACE:
            result[key] = change[1]
        elif change == [_DELETE]:
            result.pop(key, None)
        else:
            raise LinkError(f"the link's change to {quoted(key)} is malformed")
    return result
