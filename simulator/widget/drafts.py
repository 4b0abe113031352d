"""Writing a request in the page: a :class:`~simulator.widget.state.Draft` ↔ a request.

The editor offers the body two ways: as JSON, or as a form for the two changes support
staff write most ("set ``name`` in ``fr_FR`` to …", "move to the categories …"). A
draft keeps what the reader typed, so an invalid one stays on screen with the reason;
:func:`request_of` turns a valid one into a :class:`ScenarioRequest`, or says which
field is wrong.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Final
from urllib.parse import parse_qsl, urlencode, urlsplit

from simulator.model import API_PREFIX, Catalog, Effect, RequestError
from simulator.scenarios import METHODS, Expectation, JsonValue, ScenarioRequest
from simulator.widget.state import DRAFT_FIELDS, Draft

EFFECT_CHOICES: Final = ("", *(effect.value for effect in Effect))
"""What an expected answer's effect may be; empty: not checked."""
BODY_MODES: Final = ("none", "json", "form")


class DraftError(ValueError):
    """A draft that is not a request yet: ``field`` names the editor's field to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def new_draft(catalog: Catalog) -> Draft:
    """A new request to write: a GET of the catalog's first product."""
    first = catalog.products[0].identifier if catalog.products else ""
    return Draft(index=-1, method="GET", path=f"{API_PREFIX}products/{first}" if first else f"{API_PREFIX}products")


def draft_of(request: ScenarioRequest, index: int) -> Draft:
    """The editor's fields for an existing request; the form is offered when the body
    is one value change and/or a categories change, JSON otherwise."""
    path = request.path + (f"?{urlencode(dict(request.query))}" if request.query else "")
    body_text = json.dumps(request.body, indent=2, ensure_ascii=False, sort_keys=True) if request.body is not None else ""
    form = _form_of(request.body)
    expect = request.expect or Expectation()
    return Draft(
        index=index,
        method=request.method,
        path=path,
        body_mode="none" if request.body is None else ("form" if form is not None else "json"),
        body=body_text,
        attribute=form[0] if form else "",
        locale=form[1] if form else "",
        data=form[2] if form else "",
        categories=form[3] if form else "",
        expect_status="" if expect.status is None else str(expect.status),
        expect_effect=expect.effect or "",
    )


def _form_of(body: object) -> tuple[str, str, str, str] | None:
    """(attribute, locale, data, categories) when the form can show the body."""
    if not isinstance(body, dict) or not body or set(body) - {"values", "categories"}:
        return None
    attribute = locale = data = ""
    values = body.get("values")
    if values is not None:
        if not isinstance(values, dict) or len(values) != 1:
            return None
        attribute, entries = next(iter(values.items()))
        if not isinstance(entries, list) or len(entries) != 1 or not isinstance(entries[0], dict):
            return None
        entry = entries[0]
        if entry.get("scope") is not None or not isinstance(entry.get("data"), str) or set(entry) - {"locale", "scope", "data"}:
            return None
        locale, data = entry.get("locale") or "", entry["data"]
    categories = body.get("categories")
    if categories is not None and not (isinstance(categories, list) and all(isinstance(c, str) for c in categories)):
        return None
    return attribute, locale, data, ",".join(categories or [])


def with_fields(draft: Draft, fields: dict[str, str]) -> Draft:
    """The draft with the fields the reader changed; switching the body's mode carries
    the body over (the form's change shown as JSON, JSON shown in the form when it fits)."""
    typed: dict[str, str] = {name: value for name, value in fields.items() if name in DRAFT_FIELDS}
    changed = replace(draft, error="", **typed)  # type: ignore[arg-type]  # the typed fields are all texts
    if changed.body_mode != draft.body_mode:
        if draft.body_mode == "form" and changed.body_mode == "json":
            body = _form_body(draft)
            changed = replace(changed, body=json.dumps(body, indent=2, ensure_ascii=False) if body else "")
        elif draft.body_mode == "json" and changed.body_mode == "form":
            try:
                form = _form_of(json.loads(draft.body)) if draft.body.strip() else ("", "", "", "")
            except ValueError:
                form = None
            if form is None:
                return replace(draft, error="This body does not fit the form: edit it as JSON, or empty it first.")
            changed = replace(changed, attribute=form[0], locale=form[1], data=form[2], categories=form[3])
    return changed


def request_of(draft: Draft, catalog: Catalog) -> ScenarioRequest:
    """The request the draft describes; :class:`DraftError` names the field to fix."""
    method = draft.method.upper()
    if method not in METHODS:
        raise DraftError("method", f"the method is one of {', '.join(METHODS)}")
    path, query = _path(draft.path, catalog)
    body = _body(draft, catalog)
    if body is not None and method in ("GET", "DELETE"):
        raise DraftError("body_mode", f"a {method} sends no body: choose “No body”")
    request = ScenarioRequest(method, path, body, query, _expect(draft))
    try:
        request.to_request()
    except RequestError as error:
        raise DraftError("path", str(error)) from None
    return request


def _path(text: str, catalog: Catalog) -> tuple[str, dict[str, str]]:
    """A path, a whole URL (its host dropped) or a bare product identifier."""
    value = text.strip()
    if not value:
        raise DraftError("path", f"write the path, such as {API_PREFIX}products/hat, or a product identifier")
    start = value.find(API_PREFIX.rstrip("/"))
    if start > 0:
        value = value[start:]
    elif start < 0 and "/" not in value:
        if value not in catalog.product_by_identifier:
            known = ", ".join(p.identifier for p in catalog.products[:12])
            raise DraftError("path", f'"{value}" is neither a path nor a product of the catalog (products: {known})')
        value = f"{API_PREFIX}products/{value}"
    parts = urlsplit(value)
    return parts.path, dict(parse_qsl(parts.query, keep_blank_values=True))


def _body(draft: Draft, catalog: Catalog) -> dict[str, JsonValue] | None:
    if draft.body_mode == "none":
        return None
    if draft.body_mode == "json":
        if not draft.body.strip():
            return None
        try:
            body = json.loads(draft.body)
        except json.JSONDecodeError as error:
            raise DraftError("body", f"the body is not JSON (line {error.lineno}, column {error.colno})") from None
        except RecursionError:
            raise DraftError("body", "the body is nested too deeply") from None
        if not isinstance(body, dict):
            raise DraftError("body", "the body is a JSON object, {…}")
        return body
    if draft.body_mode != "form":
        raise DraftError("body_mode", f"the body is one of {', '.join(BODY_MODES)}")
    _check_form(draft, catalog)
    return _form_body(draft)


def _check_form(draft: Draft, catalog: Catalog) -> None:
    if draft.attribute:
        attribute = next((a for a in catalog.attributes if a.code == draft.attribute), None)
        if attribute is None:
            raise DraftError("attribute", f'unknown attribute "{draft.attribute}"')
        if attribute.localizable and draft.locale not in catalog.locale_codes:
            raise DraftError("locale", f"{attribute.code} is localizable: choose one of {', '.join(catalog.locale_codes)}")
        if not attribute.localizable and draft.locale:
            raise DraftError("locale", f"{attribute.code} is not localizable: choose “every locale”")
    for code in _codes(draft.categories):
        if code not in catalog.category_by_code:
            raise DraftError("categories", f'unknown category "{code}"')
    if not draft.attribute and not _codes(draft.categories):
        raise DraftError("attribute", "the form sets a value or moves to categories: fill one, or choose “No body”")


def _form_body(draft: Draft) -> dict[str, JsonValue] | None:
    body: dict[str, JsonValue] = {}
    if draft.attribute:
        body["values"] = {draft.attribute: [{"locale": draft.locale or None, "scope": None, "data": draft.data}]}
    codes = _codes(draft.categories)
    if codes:
        body["categories"] = codes
    return body or None


def _codes(text: str) -> list[str]:
    return [code.strip() for code in text.replace(" ", ",").split(",") if code.strip()]


def _expect(draft: Draft) -> Expectation | None:
    status: int | None = None
    if draft.expect_status.strip():
        text = draft.expect_status.strip()
        if not text.isdigit() or not 100 <= int(text) <= 599:
            raise DraftError("expect_status", f'"{text}" is not an HTTP status: write one such as 200, 204 or 403')
        status = int(text)
    effect = draft.expect_effect or None
    if effect is not None and effect not in EFFECT_CHOICES:
        raise DraftError("expect_effect", f"the effect is one of {', '.join(c for c in EFFECT_CHOICES if c)}")
    if status is None and effect is None:
        return None
    return Expectation(status=status, effect=effect)
