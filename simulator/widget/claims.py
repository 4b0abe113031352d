"""What an article says about its example, written into the block and held to the engine.

An article states facts about the example a simulator block shows ("your App couldn't
retrieve the Braided hat product"). The block writes each one as an ``expect:`` line
in its body; the build answers it with the engine and fails, at that line, when the
engine and the text disagree. Three kinds of line:

- a request and its answer: ``expect: PATCH hat name[fr_FR]="Chapeau" → 403 refused
  by locale "view permission"``; the target is a product identifier (``POST`` creates
  a product with that identifier) or an API path (``/api/rest/v1/products?search=…``);
  after the arrow come the status (or ``not sent``), then optionally the effect, ``by``
  the deciding layer, and a quoted part of the message;
- a value of a product: ``expect: hat erp_code hidden``, ``expect: hat
  seo_title[en_US] read-only`` (what the values grid shows);
- a wizard screen: ``expect: authorizations says "No specific authorizations have
  been requested."``, ``expect: marketplace disables "Connect"``.

Each request is answered alone, on the catalog as the block starts: one claim never
sees what another one changed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from typing import Final, Union
from urllib.parse import parse_qsl, urlsplit

from simulator.engine import ValueAccess, effective_permissions, value_access
from simulator.model import API_PREFIX, Effect, Layer, RequestError
from simulator.scenarios import (
    METHODS,
    NOT_SENT,
    Expectation,
    JsonValue,
    ScenarioRequest,
    evaluate,
)
from simulator.widget.render import render_regions
from simulator.widget.shorthand import ACCESSES, ARROW, TOKEN, read_request, unquote
from simulator.widget.state import (
    STEP_NAMES,
    WidgetState,
    WidgetStateError,
    from_scenario,
    wizard_of,
)

KEY: Final = "expect"
"""The body key of a claim line: ``expect: …``."""

_VALUE: Final = re.compile(r"^(?P<attribute>[\w-]+)(?:\[(?P<locale>[\w-]+)\])?$")
_SCREEN_VERBS: Final = ("says", "disables", "enables")


class ClaimError(ValueError):
    """An ``expect:`` line that cannot be read; ``line`` is its line in the block's body."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class RequestClaim:
    """An API call of the App and the answer the text predicts."""

    line: int
    """The line in the block's body (1 is the line after ``::: simulator``)."""
    request: ScenarioRequest


@dataclass(frozen=True)
class ValueClaim:
    """What the App may do with one value of one product."""

    line: int
    product: str
    attribute: str
    locale: str | None
    access: ValueAccess


@dataclass(frozen=True)
class ScreenClaim:
    """A wizard screen's words, or the state of one of its buttons."""

    line: int
    step: str
    verb: str
    """``says`` (the screen shows the text), ``disables`` or ``enables`` (a button)."""
    text: str


Claim = Union[RequestClaim, ValueClaim, ScreenClaim]


@dataclass(frozen=True)
class Disagreement:
    """A claim the engine does not confirm: the body line and what differs."""

    line: int
    message: str


def read_claim(text: str, line: int) -> Claim:
    """One ``expect:`` value; :class:`ClaimError` says what is wrong with it."""
    try:
        return _read(text, line)
    except ValueError as error:
        raise ClaimError(line, str(error)) from None


def _read(text: str, line: int) -> Claim:
    words = TOKEN.findall(text)
    if not words:
        raise ValueError("an expect line says what the text claims, e.g. expect: GET hat → 200")
    if words[0].upper() in METHODS:
        return _request_claim(text, line)
    if words[0] in STEP_NAMES:
        return _screen_claim(words, line)
    return _value_claim(words, line)


def check_claims(state: WidgetState, claims: tuple[Claim, ...]) -> tuple[Disagreement, ...]:
    """Hold each claim to what the engine answers for the block's scenario."""
    found: list[Disagreement] = []
    for claim in claims:
        if isinstance(claim, RequestClaim):
            message = _check_request(state, claim)
        elif isinstance(claim, ValueClaim):
            message = _check_value(state, claim)
        else:
            message = _check_screen(state, claim)
        if message:
            found.append(Disagreement(claim.line, message))
    return tuple(found)


# Reading.


def _request_claim(text: str, line: int) -> RequestClaim:
    if len(ARROW.split(text)) != 2:
        raise ValueError(f'expect "{text}": write the request, an arrow and the answer: GET hat → 200')
    return RequestClaim(line, read_request(text))


def _value_claim(words: list[str], line: int) -> ValueClaim:
    text = " ".join(words)
    access = " ".join(words[2:])
    found = _VALUE.match(words[1]) if len(words) > 1 else None
    if found is None or access not in ACCESSES:
        raise ValueError(
            f'expect "{text}": start with GET, POST, PATCH or DELETE, with a wizard step, or write a value as '
            f'<product> <attribute>[<locale>] <{" | ".join(ACCESSES)}>'
        )
    return ValueClaim(line, words[0], found["attribute"], found["locale"], ValueAccess(access))


def _screen_claim(words: list[str], line: int) -> ScreenClaim:
    text = " ".join(words)
    if len(words) != 3 or words[1] not in _SCREEN_VERBS or words[2][0] not in "\"'":
        raise ValueError(f'expect "{text}": write {words[0]} says "text", or {words[0]} disables "Button"')
    return ScreenClaim(line, words[0], words[1], unquote(words[2]))


# Checking.


def _check_request(state: WidgetState, claim: RequestClaim) -> str:
    request = claim.request
    result = evaluate(replace(state.scenario, requests=(request,))).results[0]
    if result.holds:
        return ""
    assert request.expect is not None
    found = result.answer
    expected = _answer_words(request.expect.status, request.expect.effect, request.expect.decided_by)
    if request.expect.message is not None:
        expected += f' with "{request.expect.message}"'
    if found is None:
        actual = "the request is not sent: the App is not connected"
    else:
        actual = _answer_words(found.status, found.effect.value, found.decided_by.value)
        actual = f'the simulator answers {actual}: "{found.message}"' if found.message else f"the simulator answers {actual}"
    return f"{_describe(request)}: the text expects {expected}, {actual}"


def _answer_words(status: int | None, effect: str | None, layer: str | None) -> str:
    said = " ".join(word for word in (str(status) if status is not None else "", effect or "") if word)
    return f"{said}, decided by {layer}" if layer else said


def _describe(request: ScenarioRequest) -> str:
    label = request.label
    body = request.body if isinstance(request.body, dict) else {}
    if request.method == "POST" and isinstance(body.get("identifier"), str):
        label += f" {body['identifier']}"
    if request.query:
        label += "?" + "&".join(f"{name}={value}" for name, value in request.query.items())
    changes = [
        f"{name}[{entry['locale']}]" if isinstance(entry, dict) and entry.get("locale") else name
        for name, entries in (body.get("values") or {}).items()
        for entry in entries
    ]
    changes += [name for name in body if name not in ("values", "identifier")]
    return f"{label} ({', '.join(changes)})" if changes else label


def _check_value(state: WidgetState, claim: ValueClaim) -> str:
    catalog = state.catalog()
    where = f"{claim.product} {claim.attribute}" + (f"[{claim.locale}]" if claim.locale else "")
    product = catalog.product_by_identifier.get(claim.product)
    attribute = next((a for a in catalog.attributes if a.code == claim.attribute), None)
    if product is None or attribute is None:
        missing = f'product "{claim.product}"' if product is None else f'attribute "{claim.attribute}"'
        return f"{where}: the example's catalog has no {missing}"
    if attribute.localizable != (claim.locale is not None):
        need = "names a locale" if attribute.localizable else "has no locale"
        return f"{where}: {claim.attribute} {need} in this catalog"
    grant = evaluate(replace(state.scenario, requests=())).grant
    if grant is None:
        return f"{where}: the text expects {claim.access.value}, but the App is not connected"
    right = value_access(catalog, effective_permissions(grant), product, attribute, claim.locale)
    if right.access is claim.access:
        return ""
    return f"{where}: the text expects {claim.access.value}, the simulator says {right.access.value} (decided by the {right.decided_by.value.replace('_', ' ')} permissions)"


def _check_screen(state: WidgetState, claim: ScreenClaim) -> str:
    where = f"{claim.step} screen"
    try:
        shown = from_scenario(state.scenario, state.origin, state.key, STEP_NAMES[claim.step])
    except WidgetStateError as error:
        return f"{where}: {error}"
    wizard = wizard_of(shown)
    if wizard.step is not STEP_NAMES[claim.step]:
        return f'{where}: the wizard never reaches it, it stops on "{wizard.step.label}"'
    if claim.verb == "says":
        words = _text_of(render_regions(shown)["wizard"])
        if " ".join(claim.text.split()) in words:
            return ""
        return f'{where}: the text expects it to say "{claim.text}"; it says: {words}'
    if claim.text not in wizard.buttons:
        return f'{where}: no "{claim.text}" button; its buttons: {", ".join(wizard.buttons) or "none"}'
    disabled = claim.text in wizard.disabled_buttons
    if disabled == (claim.verb == "disables"):
        return ""
    return f'{where}: the text expects "{claim.text}" {"disabled" if claim.verb == "disables" else "enabled"}, it is {"disabled" if disabled else "enabled"}'


def _text_of(fragment: str) -> str:
    """What a reader reads of some HTML: no tags, entities decoded, spaces joined."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
