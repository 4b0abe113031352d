"""What answering one request needs: the grant's rights, the checks made so far, and
the way a check stops the evaluation with the PIM's status and message.

The endpoint modules (:mod:`simulator.engine.reads`, :mod:`simulator.engine.writes`) record each check
here in the order the PIM makes them; :mod:`simulator.engine.answers` turns the outcome into an
:class:`~simulator.engine.answers.Answer`.
"""

from __future__ import annotations

from functools import partial
from typing import Callable, Iterable, Iterator, Mapping, NamedTuple

from simulator.engine import messages
from simulator.engine.rights import Entity, Rights, effective_permissions
from simulator.engine.store import DraftStatus, Store
from simulator.model import (
    Action,
    Attribute,
    Check,
    Edition,
    Effect,
    Grant,
    Kind,
    Layer,
    Level,
    Body,
    Request,
    RequestError,
    RequestPattern,
    Route,
    Rule,
    anchor_of,
    entity_path,
)

# CPython 3.11 reads an enum member through its class with a Python-level
# ``EnumType.__getattr__`` hook, ten times the cost of a module name; the checks every
# request makes read these names instead.
NO_LEVEL, VIEW, EDIT, OWN = Level.NONE, Level.VIEW, Level.EDIT, Level.OWN
_SEEN = (Rule.PRODUCT_VISIBLE, Layer.CATEGORY)

LEVEL_NAMES = {Level.NONE: "no permission", Level.VIEW: "View", Level.EDIT: "Edit", Level.OWN: "Own"}


class Outcome(NamedTuple):
    """What an endpoint decided (a tuple: one is made for every answer)."""

    status: int
    message: str
    effect: Effect
    decided_by: Layer
    store: Store | Callable[[], Store]
    """The state after the request, or the function that makes it: a matrix never
    looks at it, and making a changed product costs more than deciding the answer."""
    response: object = None
    headers: Mapping[str, str] | None = None


class Refused(Exception):
    """Raised by a failed check; carries the PIM's answer."""

    def __init__(
        self, status: int, message: str, layer: Layer, effect: Effect = Effect.REFUSED, response: object = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.layer = layer
        self.effect = effect
        self.response = response if response is not None else {"code": status, "message": message}


Description = str | Callable[[], str]
"""A check's text, or a function that writes it: most answers' checks are never read
(the benchmark answers millions of requests), so the text is written on demand."""


CheckRecord = tuple[Rule, Layer, Description, bool]
"""A check as recorded while answering (a plain tuple: it is made for every check of
every answer); :func:`to_check` turns it into a :class:`Check` when someone reads it."""


Notes = Callable[[], Iterable[CheckRecord]]
"""Passed checks that only tell what a read leaves out (they never change the outcome):
worked out when someone reads the checks, like the response they describe."""

CheckEntry = CheckRecord | Notes

_HOLDS_SCOPE = {
    scope: (Rule.SCOPE, Layer.SCOPE, f"The App holds the {scope} scope.", True) for scope in messages.SCOPE_MESSAGES
}


def to_check(record: CheckRecord) -> Check:
    rule, layer, description, passed = record
    text = description if isinstance(description, str) else description()
    return Check(layer, text, passed, anchor_of(rule))


def records_of(entries: Iterable[CheckEntry]) -> Iterator[CheckRecord]:
    """The checks in the order they were made, the deferred notes worked out."""
    for entry in entries:
        if isinstance(entry, tuple):
            yield entry
        else:
            yield from entry()


class Deferred(partial[object]):
    """A response body made when first read, from a function and its arguments: a
    matrix keeps only the statuses of its answers, and building every body would
    cost more than deciding the answers."""

    def make(self) -> object:
        return self()


class Context:
    """One request being answered: the store, the grant, and the checks made."""

    __slots__ = (
        "store", "grant", "rights", "ee", "checks", "action", "kind", "code", "by_uuid", "body", "_request", "_pattern",
    )

    def __init__(self, store: Store, grant: Grant, request: Request, rights: Rights | None = None) -> None:
        """``rights`` are the grant's on the store's catalog, when the caller has them
        already (a matrix answers many requests of one grant)."""
        route = request.route
        if not isinstance(route, Route):  # answered by simulator.engine.reads.about_the_api
            raise RequestError(f"{request}: this endpoint names no product nor product model")
        self.store = store
        self.grant = grant
        self.rights: Rights = store.rights(effective_permissions(grant)) if rights is None else rights
        self.ee = grant.edition is Edition.EE
        self.checks: list[CheckEntry] = []
        self.action: Action = route.action
        self.kind: Kind = route.kind
        self.code: str | None = route.code
        self.by_uuid: bool = route.by_uuid
        self.body: Body = request.body
        self._request: Request | None = request
        self._pattern: RequestPattern | None = None

    @classmethod
    def of_pattern(
        cls, store: Store, grant: Grant, rights: Rights, ee: bool, pattern: RequestPattern, code: str
    ) -> Context:
        """The request ``pattern`` makes for ``code``, answered without building it: a
        matrix answers a pattern for every product. The pattern must route the code
        by itself (:func:`~simulator.model.requests.routes_as_is`)."""
        context = cls.__new__(cls)
        context.store = store
        context.grant = grant
        context.rights = rights
        context.ee = ee
        context.checks = []
        context.action = pattern.action  # type: ignore[assignment]  # routed: see above
        context.kind = pattern.kind  # type: ignore[assignment]
        context.code = code
        context.by_uuid = False
        context.body = pattern.body
        context._request = None
        context._pattern = pattern
        return context

    @property
    def request(self) -> Request:
        request = self._request
        if request is None:
            assert self._pattern is not None and self.code is not None
            request = self._request = self._pattern.for_code(self.code)
        return request

    def path(self, suffix: str = "") -> str:
        """The path of the entity the request names (of the collection if none)."""
        return entity_path(self.kind, self.code, suffix, self.by_uuid)

    def lookup(self, code: str) -> Entity | None:
        """The entity a path's code names: by identifier or code, or by uuid."""
        if self.by_uuid:
            return self.store.product_by_uuid(code)
        return self.store.entity(self.kind, code)

    def passed(self, rule: Rule, layer: Layer, description: Description) -> None:
        self.checks.append((rule, layer, description, True))

    def notes_later(self, notes: Notes) -> None:
        self.checks.append(notes)

    def refuse(
        self,
        rule: Rule,
        layer: Layer,
        description: Description,
        status: int,
        message: str,
        effect: Effect = Effect.REFUSED,
        response: object = None,
    ) -> Refused:
        """Record the failed check and return the exception to raise."""
        self.checks.append((rule, layer, description, False))
        return Refused(status, message, layer, effect, response)

    # Shared checks -------------------------------------------------------------

    def require_scope(self, scope: str) -> None:
        """§2: the scope check comes before any permission."""
        if scope in self.grant.scopes:
            self.checks.append(_HOLDS_SCOPE[scope])
            return
        rule = Rule.SCOPE if self.grant.scopes else Rule.NO_SCOPE
        held = ", ".join(sorted(self.grant.scopes)) or "no scope"
        raise self.refuse(
            rule, Layer.SCOPE, f"This endpoint needs the {scope} scope; the App holds {held}.",
            403, messages.SCOPE_MESSAGES[scope],
        )

    def note_edition(self) -> None:
        if not self.ee:
            edition = self.grant.edition.value
            self.passed(
                Rule.EDITION, Layer.EDITION,
                lambda: f"{edition} has no permissions: the App sees and owns every product, only its scopes limit it.",
            )

    def level(self, entity: Entity) -> Level:
        if entity.parent is None:  # no inherited categories: no set to build
            return self.rights.level_of_categories(entity.categories)
        return self.rights.level_of_categories(self.store.categories_of(entity))

    def visible_entity(self, code: str) -> tuple[Entity, Level]:
        """The entity the path names, if the App may see it (404 otherwise)."""
        store = self.store
        return self.visible(code, store.product_by_uuid(code) if self.by_uuid else store.entity(self.kind, code))

    def visible(self, code: str, entity: Entity | None) -> tuple[Entity, Level]:
        """:meth:`visible_entity` for an entity the caller has looked up already."""
        kind = self.kind
        if entity is None:
            raise self.refuse(
                Rule.REQUEST, Layer.REQUEST, f'There is no {kind.noun} "{code}" in the catalog.',
                404, messages.not_found(kind, code), Effect.INVISIBLE,
            )
        store, rights = self.store, self.rights
        level = rights.level_of_categories(entity.categories if entity.parent is None else store.categories_of(entity))
        # Written on demand from the store and the rights, not the context: a function
        # kept in the context's own checks would make a cycle only the collector frees.
        description = partial(_visibility, store, rights, kind, code, entity, level)
        if level is NO_LEVEL:
            raise self.refuse(
                Rule.PRODUCT_VISIBLE, Layer.CATEGORY, description, 404, messages.not_found(kind, code), Effect.INVISIBLE
            )
        if self.ee:
            self.checks.append((*_SEEN, description, True))
        return entity, level

    def classification(self, entity: Entity, level: Level) -> str:
        """How the entity is classified and what that gives, for people."""
        return _classification(self.store, self.rights, entity, level)

    def workflow_status(self, kind: Kind, code: str, level: Level) -> str:
        if level is Level.OWN:
            return "working_copy"
        if level is Level.VIEW:
            return "read_only"
        draft = self.store.draft(kind, code)
        if draft is None:
            return "working_copy"
        if draft.status is DraftStatus.WAITING_FOR_APPROVAL:
            return "proposal_waiting_for_approval"
        return "draft_in_progress"

    def attribute(self, code: str) -> Attribute | None:
        return self.store.catalog.attribute_by_code.get(code)


def _visibility(store: Store, rights: Rights, kind: Kind, code: str, entity: Entity, level: Level) -> str:
    said = f'{kind.noun.capitalize()} "{code}" {_classification(store, rights, entity, level)}'
    return said + (", so it cannot see it." if level is Level.NONE else ".")


def _classification(store: Store, rights: Rights, entity: Entity, level: Level) -> str:
    categories = store.categories_of(entity)
    if not categories:
        return "is unclassified: everyone owns it"
    catalog = store.catalog
    trees: dict[str, Level] = {}
    for code in categories:
        root = catalog.root_by_category.get(code, code)
        trees[root] = rights.category_level(code)
    parts = [f"{_tree_label(store, root)} ({LEVEL_NAMES[tree_level]})" for root, tree_level in sorted(trees.items())]
    inherited = " (with its parent models' categories)" if entity.parent else ""
    return f"is classified in the trees {', '.join(parts)}{inherited}: the App has {LEVEL_NAMES[level]} on it"


def _tree_label(store: Store, root: str) -> str:
    category = store.catalog.category_by_code.get(root)
    if category is None:
        return root
    return category.labels.get("en_US") or root
