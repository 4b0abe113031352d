"""What the PIM answers an App's request, with the reasons (reference §4).

:func:`answer` is pure: it takes a catalog (or the :class:`Store` a previous answer left)
and returns an :class:`Answer` whose ``store`` holds the state after the request.
:func:`answer_all` threads the store through a sequence (a draft, then its proposal).

Every answer carries its explanation: the checks in the order the PIM makes them (scope,
then the product's categories, then per value locale, category, attribute group), the
layer that decided, and for a refusal the smallest extra grant that would allow it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from simulator.engine import messages
from simulator.engine.context import (
    CheckEntry,
    Context,
    Deferred,
    Outcome,
    Refused,
    records_of,
    to_check,
)
from simulator.engine.bulk import update_list
from simulator.engine.messages import SIMULATED_ENDPOINTS
from simulator.engine.documentation import api_reference
from simulator.engine.explain import GrantSuggestion, Verdict, smallest_grant
from simulator.engine.reads import about_the_api, get_draft, get_one, list_entities
from simulator.engine.rights import Rights, effective_permissions
from simulator.engine.store import Draft, DraftStatus, Store
from simulator.engine.structure import answer_structure
from simulator.engine.unsimulated import answer_unsimulated
from simulator.engine.writes import create, delete, submit_draft, update
from simulator.model import (
    Action,
    ApiRoute,
    Catalog,
    Check,
    Edition,
    Effect,
    Grant,
    Layer,
    Request,
    RequestPattern,
    Rule,
    StructureRoute,
    UnsimulatedRoute,
    routes_as_is,
)

__all__ = [
    "Answer",
    "Check",
    "Draft",
    "DraftStatus",
    "Effect",
    "GrantSuggestion",
    "Layer",
    "Store",
    "answer",
    "answer_all",
    "outcomes",
]

_ENDPOINTS: Mapping[Action, Callable[[Context], Outcome]] = {
    Action.GET: get_one,
    Action.LIST: list_entities,
    Action.CREATE: create,
    Action.UPDATE: update,
    Action.DELETE: delete,
    Action.SUBMIT_DRAFT: submit_draft,
    Action.GET_DRAFT: get_draft,
}
_EE_ONLY = (Action.SUBMIT_DRAFT, Action.GET_DRAFT)

NO_GRANT_HELPS = "Not possible with permissions: the request itself is invalid."
"""A refusal of the request's own form: no scope and no permission would allow it."""

NOT_SIMULATED_REMEDY = (
    "The simulator does not model this endpoint: it cannot tell which grant the PIM would need. It answers "
    + SIMULATED_ENDPOINTS + "."
)
"""The remedy of an answer marked not simulated: no grant is suggested."""


@dataclass(frozen=True, init=False)
class Answer:
    """The PIM's answer to one request, as the App sees it, with its explanation."""

    request: Request
    status: int
    message: str
    """The error message of the response body; empty on success."""
    effect: Effect
    _response: object = field(repr=False, compare=False)
    headers: Mapping[str, str]
    decided_by: Layer
    _store: Store | Callable[[], Store] = field(repr=False, compare=False)
    _records: tuple[CheckEntry, ...] = field(repr=False, compare=False, default=())
    _suggest: Callable[[], GrantSuggestion | None] = field(repr=False, compare=False, default=lambda: None)

    def __init__(
        self,
        request: Request,
        status: int,
        message: str,
        effect: Effect,
        _response: object,
        headers: Mapping[str, str],
        decided_by: Layer,
        store: Store | Callable[[], Store],
        _records: tuple[CheckEntry, ...] = (),
        _suggest: Callable[[], GrantSuggestion | None] = lambda: None,
    ) -> None:
        # One answer per cell of a matrix: filling the fields at once costs a fraction
        # of the frozen dataclass's field-by-field __init__.
        self.__dict__.update(
            request=request, status=status, message=message, effect=effect, _response=_response, headers=headers,
            decided_by=decided_by, _store=store, _records=_records, _suggest=_suggest,
        )

    @cached_property
    def response(self) -> object:
        """The JSON body the App receives; None when there is none (201, 204). A read's
        body is made on first use."""
        body = self._response
        return body.make() if isinstance(body, Deferred) else body

    @cached_property
    def store(self) -> Store:
        """The state after the request: pass it to the next :func:`answer`. A write's
        state is made on first use."""
        store = self._store
        return store if isinstance(store, Store) else store()

    @cached_property
    def checks(self) -> tuple[Check, ...]:
        """The checks the PIM made, in order; the last one decided."""
        return tuple(to_check(record) for record in records_of(self._records))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Answer):
            return NotImplemented
        return (self.request, self.status, self.message, self.effect, self.response, self.headers, self.decided_by) == (
            other.request, other.status, other.message, other.effect, other.response, other.headers, other.decided_by
        )

    __hash__ = None  # type: ignore[assignment]  # the response is a JSON body: not hashable

    @property
    def allowed(self) -> bool:
        return self.effect in (Effect.APPLIED, Effect.DRAFT)

    @cached_property
    def smallest_grant(self) -> GrantSuggestion | None:
        """For a refusal or an invisible product: the smallest extra grant that would
        allow the request. Computed on first use (it re-runs the rules many times)."""
        return None if self.allowed or self.effect is Effect.UNSIMULATED else self._suggest()

    @property
    def remedy(self) -> str:
        """For a refusal: the smallest extra grant in a sentence, or why no grant helps."""
        if self.allowed:
            return ""
        if self.effect is Effect.UNSIMULATED:
            return NOT_SIMULATED_REMEDY
        suggestion = self.smallest_grant
        if suggestion is not None:
            return suggestion.sentence
        if self.decided_by is Layer.REQUEST:
            return NO_GRANT_HELPS
        return ""

    @property
    def documentation(self) -> str:
        """The API reference's page of the endpoint: the link of a refusal the PIM
        documents (``_links.documentation``), else the endpoint's own page."""
        body = self.response
        if isinstance(body, Mapping):
            links = body.get("_links")
            if isinstance(links, Mapping):
                documentation = links.get("documentation")
                if isinstance(documentation, Mapping) and isinstance(documentation.get("href"), str):
                    return str(documentation["href"])
        return api_reference(self.request.route)


def answer(catalog: Catalog | Store, grant: Grant, request: Request) -> Answer:
    """What the PIM answers ``request`` from an App holding ``grant``."""
    store = Store.of(catalog)

    def suggest() -> GrantSuggestion | None:
        def judge(trial: Grant) -> Verdict:
            trial_answer = _evaluate(store, trial, request, _no_suggestion)
            return trial_answer.allowed, trial_answer.decided_by, trial_answer.message

        return smallest_grant(store.catalog, grant, judge)

    return _evaluate(store, grant, request, suggest)


def answer_all(catalog: Catalog | Store, grant: Grant, requests: Iterable[Request]) -> tuple[Answer, ...]:
    """Answer requests in order, each on the state the previous one left."""
    store = Store.of(catalog)
    answers = []
    for request in requests:
        result = answer(store, grant, request)
        answers.append(result)
        store = result.store
    return tuple(answers)


def _no_suggestion() -> GrantSuggestion | None:
    return None


def outcomes(
    catalog: Catalog | Store, grant: Grant, patterns: Sequence[RequestPattern], codes: Iterable[str]
) -> Iterator[Outcome]:
    """What the PIM decides for each pattern's request for each code, code after code,
    each on the catalog as it is (the requests do not see each other's changes): the
    status, message, effect and deciding layer without the rest of an :class:`Answer`,
    and without building the requests, for a matrix of many products."""
    store = Store.of(catalog)
    rights = store.rights(effective_permissions(grant))
    ee = grant.edition is Edition.EE
    of_pattern = Context.of_pattern
    for code in codes:
        direct = routes_as_is(code)
        for pattern in patterns:
            if direct and pattern.action is not None:
                yield _decide(of_pattern(store, grant, rights, ee, pattern, code))
            else:
                yield _decide_request(store, grant, pattern.for_code(code), rights)[0]


def _evaluate(
    store: Store, grant: Grant, request: Request, suggest: Callable[[], GrantSuggestion | None]
) -> Answer:
    outcome, checks = _decide_request(store, grant, request)
    return Answer(
        request, outcome.status, outcome.message, outcome.effect, outcome.response,
        {} if outcome.headers is None else outcome.headers, outcome.decided_by, outcome.store,
        checks, suggest,
    )


def _decide_request(
    store: Store, grant: Grant, request: Request, rights: Rights | None = None
) -> tuple[Outcome, tuple[CheckEntry, ...]]:
    """The outcome and the checks made: a call about the API itself (§2) and the
    catalog structure need no product context; a bulk PATCH answers each of its lines
    as its own request."""
    route = request.route
    if isinstance(route, ApiRoute):
        return about_the_api(store, grant, route.action)
    if isinstance(route, StructureRoute):
        return answer_structure(store, grant, request, _decide_request)
    if isinstance(route, UnsimulatedRoute):
        return answer_unsimulated(store, grant, request)
    if route.action is Action.UPDATE_LIST:
        return update_list(store, grant, request, route, _decide_request)
    context = Context(store, grant, request, rights)
    return _decide(context), tuple(context.checks)


def _decide(context: Context) -> Outcome:
    """The endpoint's outcome, a refusal included (the store then stays as it was)."""
    action = context.action
    try:
        if action in _EE_ONLY and not context.ee:
            request = context.request
            raise context.refuse(
                Rule.EDITION, Layer.EDITION,
                f"{context.grant.edition.value} has no drafts nor proposals: this endpoint exists in EE only.",
                404, messages.no_route(request.method.upper(), request.path),
            )
        return _ENDPOINTS[action](context)
    except Refused as refusal:
        return Outcome(refusal.status, refusal.message, refusal.effect, refusal.layer, context.store, refusal.response)
