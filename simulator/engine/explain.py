"""Why an answer is what it is: the ordered checks, and the smallest grant that helps.

The smallest extra grant is found by trying, not by rules written per case: each single
increment (one missing scope, the product ones first; one root tree, locale or attribute group raised
by one or more levels) is tried in order of size, and the first one for which the
engine answers "allowed" wins. When no single increment is enough, increments are
added one at a time on the layer that refused, as long as each one changes the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterator

from simulator.connect import KNOWN_SCOPES, expand
from simulator.model import AxisGrant, Catalog, Edition, Grant, Labels, Layer, Level

PRODUCT_SCOPES = ("read_products", "write_products", "delete_products")
OTHER_SCOPES = tuple(s for s in KNOWN_SCOPES if s not in PRODUCT_SCOPES and s not in ("openid", "profile", "email"))
"""The catalog structure's, the channels', the association types'…: a refusal of their
endpoints is remedied by one of them."""
MAX_STEPS = 6


@dataclass(frozen=True)
class GrantIncrement:
    """One thing to add to a grant: a scope (``level`` None) or a level on a code."""

    layer: Layer
    code: str
    level: Level | None = None
    label: str = ""

    @property
    def sentence(self) -> str:
        if self.layer is Layer.SCOPE:
            return f"the {self.code} scope"
        assert self.level is not None
        level = self.level.name.title()
        if self.layer is Layer.CATEGORY:
            return f"{level} on the {self.label or self.code} tree"
        if self.layer is Layer.LOCALE:
            return f"{level} on locale {self.code}"
        return f"{level} on the {self.label or self.code} attribute group"

    def applied_to(self, grant: Grant) -> Grant:
        if self.layer is Layer.SCOPE:
            return replace(grant, scopes=grant.scopes | expand([self.code]))
        assert self.level is not None
        permissions = grant.permissions
        field = {
            Layer.CATEGORY: "categories",
            Layer.LOCALE: "locales",
            Layer.ATTRIBUTE_GROUP: "attribute_groups",
        }[self.layer]
        raised = _raise(getattr(permissions, field), self.code, self.level)
        return replace(grant, permissions=replace(permissions, **{field: raised}))


@dataclass(frozen=True)
class GrantSuggestion:
    """The smallest extra grant found, the grant it gives, and a sentence for people."""

    increments: tuple[GrantIncrement, ...]
    grant: Grant

    @property
    def sentence(self) -> str:
        parts = [increment.sentence for increment in self.increments]
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"Also grant {joined}."


Verdict = tuple[bool, Layer, str]
"""What a trial answer says: allowed, the layer that decided, its message."""


def smallest_grant(catalog: Catalog, grant: Grant, judge: Callable[[Grant], Verdict]) -> GrantSuggestion | None:
    """The smallest extra grant under which ``judge`` allows the request, if any."""
    allowed, layer, message = judge(grant)
    if allowed:
        return None
    for increment in _by_size(catalog, grant):
        if judge(increment.applied_to(grant))[0]:
            return GrantSuggestion((increment,), increment.applied_to(grant))
    taken: dict[tuple[Layer, str], GrantIncrement] = {}  # a later raise on a code replaces an earlier one
    current = grant
    for _ in range(MAX_STEPS):
        step = _first_progress(catalog, current, layer, message, judge)
        if step is None:
            return None
        increment, (allowed, layer, message) = step
        taken[(increment.layer, increment.code)] = increment
        current = increment.applied_to(current)
        if allowed:
            return GrantSuggestion(tuple(taken.values()), current)
    return None


def _first_progress(
    catalog: Catalog, grant: Grant, layer: Layer, message: str, judge: Callable[[Grant], Verdict]
) -> tuple[GrantIncrement, Verdict] | None:
    for increment in _by_size(catalog, grant):
        if increment.layer is not layer:
            continue
        verdict = judge(increment.applied_to(grant))
        if verdict[0] or verdict[1] is not layer or verdict[2] != message:
            return increment, verdict
    return None


def _by_size(catalog: Catalog, grant: Grant) -> list[GrantIncrement]:
    """Every single increment, smallest first (a sort is stable: layer order, then
    catalog order, breaks ties)."""
    return [increment for _, increment in sorted(_increments(catalog, grant), key=lambda sized: sized[0])]


def _increments(catalog: Catalog, grant: Grant) -> Iterator[tuple[int, GrantIncrement]]:
    """Each increment with its size: one per scope, one per level added."""
    for scope in (*PRODUCT_SCOPES, *OTHER_SCOPES):
        if scope not in grant.scopes:
            yield 1, GrantIncrement(Layer.SCOPE, scope)
    if grant.edition is not Edition.EE:
        return
    permissions = grant.permissions
    for tree in catalog.trees:
        yield from _raises(Layer.CATEGORY, tree.code, _label(tree.labels, tree.code), permissions.categories, Level.OWN)
    for locale in catalog.locales:
        yield from _raises(Layer.LOCALE, locale.code, locale.label, permissions.locales, Level.EDIT)
    for group in catalog.attribute_groups:
        label = _label(group.labels, group.code)
        yield from _raises(Layer.ATTRIBUTE_GROUP, group.code, label, permissions.attribute_groups, Level.EDIT)


def _raises(
    layer: Layer, code: str, label: str, axis: AxisGrant, top: Level
) -> Iterator[tuple[int, GrantIncrement]]:
    current = axis.level_of(code)
    for level in Level:
        if current < level <= top:
            yield int(level) - int(current), GrantIncrement(layer, code, level, label)


def _raise(axis: AxisGrant, code: str, level: Level) -> AxisGrant:
    own, edit, view = set(axis.own), set(axis.edit), set(axis.view)
    {Level.OWN: own, Level.EDIT: edit, Level.VIEW: view}[level].add(code)
    return AxisGrant.of(own, edit, view, axis.own_all, axis.edit_all, axis.view_all)


def _label(labels: Labels, code: str) -> str:
    return labels.get("en_US") or next(iter(labels.values()), code)

