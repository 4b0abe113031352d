"""OAuth scopes an App asks: what they imply and how the wizard words them (reference §2).

A scope belongs to one entity (products, catalog structure, channels, …) at one of
three levels: read, write, delete. A higher level implies the lower ones of the same
entity and nothing of any other entity. The identity scopes (``openid``, ``profile``,
``email``) imply nothing and are worded on the consent step, not the authorization one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Iterable

from simulator.connect import wording


class ScopeError(ValueError):
    """A scope request the PIM refuses, or a scope the simulator does not know."""


class Access(enum.IntEnum):
    """The level of one authorization scope; a higher one implies the lower ones."""

    READ = 1
    WRITE = 2
    DELETE = 3

    @property
    def template(self) -> str:
        return {
            Access.READ: wording.VIEW_TEMPLATE,
            Access.WRITE: wording.EDIT_TEMPLATE,
            Access.DELETE: wording.DELETE_TEMPLATE,
        }[self]


@dataclass(frozen=True)
class Entity:
    """What a family of scopes gives access to, with the wizard's label for it."""

    code: str
    label: str
    accesses: tuple[Access, ...]
    enterprise_only: bool = False

    def scope(self, access: Access) -> str:
        return f"{access.name.lower()}_{self.code}"


_R, _RW, _RWD = (Access.READ,), (Access.READ, Access.WRITE), tuple(Access)

ENTITIES: tuple[Entity, ...] = (
    Entity("products", "products and product models", _RWD),
    Entity(
        "catalog_structure",
        "attributes, attribute groups, families and family variants",
        _RW,
    ),
    Entity("attribute_options", "attribute options", _RW),
    Entity("categories", "categories", _RW),
    Entity("channel_localization", "locales and currencies", _R),
    Entity("channel_settings", "channels", _RW),
    Entity("association_types", "association types", _RW),
    Entity("catalogs", "catalogs", _RWD),
    Entity("asset_families", "asset families", _RW, enterprise_only=True),
    Entity("assets", "assets", _RWD, enterprise_only=True),
    Entity("reference_entities", "reference entities", _RW, enterprise_only=True),
    Entity(
        "reference_entity_records",
        "reference entity records",
        _RW,
        enterprise_only=True,
    ),
)
"""Every entity, in the order the authorization step lists them."""

OPENID, PROFILE, EMAIL = "openid", "profile", "email"
IDENTITY_SCOPES: tuple[str, ...] = (OPENID, PROFILE, EMAIL)

_SCOPE_OWNER: dict[str, tuple[Entity, Access]] = {
    entity.scope(access): (entity, access)
    for entity in ENTITIES
    for access in entity.accesses
}

AUTHORIZATION_SCOPES: tuple[str, ...] = tuple(_SCOPE_OWNER)
KNOWN_SCOPES: tuple[str, ...] = AUTHORIZATION_SCOPES + IDENTITY_SCOPES
PRODUCT_SCOPES: frozenset[str] = frozenset(
    {"read_products", "write_products", "delete_products"}
)

MAX_SCOPE_PARAMETER_LENGTH = 1000


def is_known(scope: str) -> bool:
    return scope in _SCOPE_OWNER or scope in IDENTITY_SCOPES


def expand(scopes: Iterable[str]) -> frozenset[str]:
    """The exhaustive list: every scope plus those it implies, within its own entity.

    Raises :class:`ScopeError` on an unknown scope: raw requests go through
    :func:`parse_scope_parameter` first, which drops them as the PIM does.
    """
    exhaustive: set[str] = set()
    for scope in scopes:
        if scope in IDENTITY_SCOPES:
            exhaustive.add(scope)
            continue
        owner = _SCOPE_OWNER.get(scope)
        if owner is None:
            raise ScopeError(_unknown(scope))
        entity, access = owner
        exhaustive.update(entity.scope(a) for a in entity.accesses if a <= access)
    return frozenset(exhaustive)


@dataclass(frozen=True)
class ScopeRequest:
    """The ``scope`` parameter of an authorization request, as the PIM reads it."""

    kept: tuple[str, ...]
    """Known scopes, in the order asked, without duplicates."""
    dropped: tuple[str, ...]
    """Unknown scopes: the PIM drops them silently; the simulator reports them."""


def parse_scope_parameter(scope: str) -> ScopeRequest:
    """Split a space-separated ``scope`` parameter, keeping what the PIM supports."""
    if len(scope) > MAX_SCOPE_PARAMETER_LENGTH:
        raise ScopeError(wording.SCOPE_LIST_TOO_LONG)
    return request_of(scope.split())


def request_of(scopes: Iterable[str]) -> ScopeRequest:
    """Sort already split scopes into kept and dropped ones, first occurrence wins."""
    kept: dict[str, None] = {}
    dropped: dict[str, None] = {}
    for scope in scopes:
        (kept if is_known(scope) else dropped)[scope] = None
    return ScopeRequest(tuple(kept), tuple(dropped))


def _highest_per_entity(scopes: Iterable[str]) -> list[tuple[Entity, Access]]:
    """One scope per entity, its highest, ordered by scope code as
    ``ScopeMapperRegistry::getMessages`` orders them (it sorts the scopes, then drops
    those a higher one implies); pinned by ``GetWizardDataActionEndToEnd``: products
    (delete), association types, catalog structure."""
    highest: dict[str, Access] = {}
    for scope in expand(scopes):
        if scope in IDENTITY_SCOPES:
            continue
        entity, access = _SCOPE_OWNER[scope]
        highest[entity.code] = max(access, highest.get(entity.code, access))
    kept = [(e, highest[e.code]) for e in ENTITIES if e.code in highest]
    return sorted(kept, key=lambda pair: pair[0].scope(pair[1]))


def authorization_lines(scopes: Iterable[str]) -> tuple[str, ...]:
    """The authorization step's lines: one per entity, for its highest scope, in the
    PIM's order (by scope code)."""
    return tuple(
        access.template.format(entities=entity.label)
        for entity, access in _highest_per_entity(scopes)
    )


def consent_lines(scopes: Iterable[str]) -> tuple[str, ...]:
    """The consent step's lines; ``openid`` alone needs no consent."""
    asked = expand(scopes)
    lines = []
    if PROFILE in asked:
        lines.append(wording.CONSENT_PROFILE)
    if EMAIL in asked:
        lines.append(wording.CONSENT_EMAIL)
    return tuple(lines)


def needs_consent(scopes: Iterable[str]) -> bool:
    return bool(consent_lines(scopes))


def has_authorization_scope(scopes: Iterable[str]) -> bool:
    return any(scope in _SCOPE_OWNER for scope in expand(scopes))


def has_product_scope(scopes: Iterable[str]) -> bool:
    return not PRODUCT_SCOPES.isdisjoint(expand(scopes))


def grants_write_products(scopes: Iterable[str]) -> bool:
    """Whether the permission forms offer more than View (reference §3)."""
    return "write_products" in expand(scopes)


def new_scopes(already: Iterable[str], requested: Iterable[str]) -> frozenset[str]:
    """What a re-authorization adds: the exhaustive lists compared, as the PIM does."""
    return expand(requested) - expand(already)


@dataclass(frozen=True)
class NoScopeScreen:
    """The authorization step of an App that asks no authorization scope."""

    title: str
    message: str
    abilities: tuple[str, ...]


def no_scope_screen(app_name: str) -> NoScopeScreen:
    """The two sentences, and what such an App can still do through the API."""
    return NoScopeScreen(
        wording.NO_SCOPE_TITLE.format(app=app_name),
        wording.NO_SCOPE_MESSAGE,
        wording.NO_SCOPE_ABILITIES,
    )


def connected_app_notice(scopes: Iterable[str]) -> str:
    """How the PIM describes a connected App that does not touch products, or ""."""
    exhaustive = expand(scopes)
    if exhaustive == {OPENID}:
        return wording.AUTHENTICATION_ONLY
    if not has_product_scope(exhaustive):
        return wording.NO_PRODUCT_ACCESS
    return ""


def _unknown(scope: str) -> str:
    return f'unknown scope "{scope}"; known scopes: {", ".join(KNOWN_SCOPES)}'
