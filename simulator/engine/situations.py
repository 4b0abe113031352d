"""A large catalog's products grouped by what the rules read of them, and the summary
of what an App may do with them, computed per group rather than per product.

What the PIM decides for a product depends on its categories — its own and those it
inherits from its product models (reference §4) — and on its family; two products
that share them are in the same *situation* and get the same answers to the same
requests, their codes aside. A customer's million products share a few thousand
situations, so the summary costs the number of situations: indexing the catalog is
one pass over its products, done once (none for a catalog just imported: the import
numbered the products' keys as it read the rows, see
:mod:`simulator.formats.grouping`); a grant change re-summarises the situations only.

The summary says, as the PIM's rules give it (§4, with the scopes of §2):

- *cannot see*: no viewable category (or no product scope at all): every request 404s;
- *only view*: View is the best level (or the App may not write products);
- *edit through drafts*: Edit without Own: updates become drafts;
- *edit directly*: Own (an unclassified product is owned by everyone);

for the whole catalog, for each tree and for each category (a product counts in each
category it is in, its models' ones included).
"""

from __future__ import annotations

import bisect
import enum
import gc
from array import array
from collections import Counter
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter
from typing import Iterable, Iterator, Mapping

from simulator.connect import grants_write_products, has_product_scope
from simulator.engine.rights import Rights, effective_permissions
from simulator.formats import first_positions, grouping_of
from simulator.model import Catalog, Grant, Level, Product


class Access(enum.Enum):
    """What an App may do with a product, the headings of the summary."""

    DIRECT = "edit directly"
    DRAFTS = "edit through drafts"
    VIEW = "only view"
    HIDDEN = "cannot see"

    __hash__ = object.__hash__


ACCESS_ORDER = (Access.DIRECT, Access.DRAFTS, Access.VIEW, Access.HIDDEN)

_BY_LEVEL = {Level.OWN: Access.DIRECT, Level.EDIT: Access.DRAFTS, Level.VIEW: Access.VIEW, Level.NONE: Access.HIDDEN}


@dataclass(frozen=True)
class Situation:
    """The products that share their categories (own and inherited) and family."""

    categories: frozenset[str]
    family: str
    products: int
    first: int
    """The index of its first product in catalog order: its representative."""


_KEY = attrgetter("categories", "parent", "family")
"""What the rules read of a product: its own categories, its model, its family."""


class _Numbering(dict[tuple[tuple[str, ...], "str | None", str], int]):
    """Numbers each key the first time it is looked up (0, 1, 2… in order met)."""

    def __missing__(self, key: tuple[tuple[str, ...], str | None, str]) -> int:
        number = self[key] = len(self)
        return number


class Situations:
    """A catalog's products by situation; built once per catalog, in one pass."""

    def __init__(self, catalog: Catalog) -> None:
        enabled = gc.isenabled()
        gc.disable()  # a key a product: nothing for the cyclic collector to find
        try:
            self._index(catalog)
        finally:
            if enabled:
                gc.enable()

    def _index(self, catalog: Catalog) -> None:
        # Each pass over the million products is a C loop (map, array, dict): the
        # Python code runs once per distinct key, not once per product.
        self.catalog = catalog
        grouping = grouping_of(catalog)  # the import's, made while it read the rows
        keys: Iterable[tuple[tuple[str, ...], str | None, str]]
        if grouping is not None:
            keys, of_product = grouping.keys, grouping.of_product
        else:
            keys = by_key = _Numbering()
            of_product = array("I", map(by_key.__getitem__, map(_KEY, catalog.products)))
        # Keys that differ only in how a product holds its categories (its own, or
        # through a model) are one situation.
        merged: dict[tuple[frozenset[str], str], int] = {}
        situation_of_key: list[int] = []
        categories: list[frozenset[str]] = []
        families: list[str] = []
        model_categories: dict[str, frozenset[str]] = {}
        self._sets: dict[tuple[str, ...], frozenset[str]] = {}
        for own, parent, family in keys:
            if parent is None:
                found = self._sets.get(own)
                effective = found if found is not None else self._sets.setdefault(own, frozenset(own))
            else:  # a variant mostly has no categories of its own: its model's set, as it is
                effective = self._inherited(parent, model_categories)
                if own:
                    effective = effective.union(own)
            situation = merged.get((effective, family))
            if situation is None:
                situation = merged[(effective, family)] = len(categories)
                categories.append(effective)
                families.append(family)
            situation_of_key.append(situation)
        # Counted and found by key, the keys' situations looked up when asked: a million
        # products are walked twice (counted, and searched for each key's first), never
        # numbered again by situation unless a list of members is asked for.
        per_key = Counter(of_product)
        counts = [0] * len(categories)
        first_keys: list[int] = []
        for key, situation in enumerate(situation_of_key):
            counts[situation] += per_key[key]
            if situation == len(first_keys):
                first_keys.append(key)
        # The keys are numbered in the order their first products come (the import's
        # grouping and the index's own numbering alike), the situations in the order of
        # their first keys: each situation's first product is found by one forward search.
        firsts = first_positions(of_product, first_keys)
        self._of_key = of_product
        self._situation_of_key = None if len(situation_of_key) == len(categories) else situation_of_key
        self._by_situation: array[int] | None = None
        self.situations: tuple[Situation, ...] = tuple(
            Situation(categories[i], families[i], counts[i], firsts[i]) for i in range(len(categories))
        )
        self._sorted: list[str] | None = None
        self._members: dict[int, array[int]] = {}

    @property
    def _of_product(self) -> array[int]:
        """The situation of each product, in catalog order (made on first use)."""
        if self._situation_of_key is None:
            return self._of_key
        if self._by_situation is None:
            self._by_situation = array("I", map(self._situation_of_key.__getitem__, self._of_key))
        return self._by_situation

    def _inherited(self, model: str, cache: dict[str, frozenset[str]]) -> frozenset[str]:
        found = cache.get(model)
        if found is None:
            entity = self.catalog.product_model_by_code.get(model)
            if entity is None:
                found = frozenset()
            elif entity.parent is None:  # models share a few thousand category lists: one set each
                found = self._sets.get(entity.categories)
                if found is None:
                    found = self._sets[entity.categories] = frozenset(entity.categories)
            else:
                found = self.catalog.categories_of(entity)
            cache[model] = found
        return found

    def __len__(self) -> int:
        return len(self.situations)

    @property
    def product_count(self) -> int:
        return len(self._of_key)

    def situation_of(self, position: int) -> Situation:
        """The situation of the product at ``position`` in catalog order."""
        return self.situations[self.index_of(position)]

    def index_of(self, position: int) -> int:
        key = self._of_key[position]
        return key if self._situation_of_key is None else self._situation_of_key[key]

    def members(self, situation: int) -> array[int]:
        """The positions of the products of one situation, in catalog order (made on
        first use: one pass over the catalog)."""
        found = self._members.get(situation)
        if found is None:
            found = self._members[situation] = array(
                "I", compress(range(len(self._of_product)), map(situation.__eq__, self._of_product)),
            )
        return found

    def find(self, text: str, limit: int = 20) -> list[str]:
        """Product identifiers equal to ``text``, then starting with it, in order (the
        sorted list of identifiers is made on first search)."""
        catalog = self.catalog
        found = [text] if text in catalog.product_by_identifier else []
        if self._sorted is None:
            self._sorted = sorted(catalog.product_by_identifier)
        start = bisect.bisect_left(self._sorted, text)
        for identifier in self._sorted[start : start + limit + 1]:
            if not identifier.startswith(text) or len(found) >= limit:
                break
            if identifier != text:
                found.append(identifier)
        return found


@dataclass(frozen=True)
class Counts:
    """How many products in each access, in :data:`ACCESS_ORDER`."""

    direct: int = 0
    drafts: int = 0
    view: int = 0
    hidden: int = 0

    @property
    def total(self) -> int:
        return self.direct + self.drafts + self.view + self.hidden

    @property
    def visible(self) -> int:
        """How many the App can see: direct, drafts and view together."""
        return self.direct + self.drafts + self.view

    def of(self, access: Access) -> int:
        return {Access.DIRECT: self.direct, Access.DRAFTS: self.drafts, Access.VIEW: self.view,
                Access.HIDDEN: self.hidden}[access]


class _Tally:
    __slots__ = ("values",)

    def __init__(self) -> None:
        self.values = [0, 0, 0, 0]

    def add(self, access: Access, count: int) -> None:
        self.values[_SLOT[access]] += count

    def counts(self) -> Counts:
        return Counts(*self.values)


_SLOT = {access: index for index, access in enumerate(ACCESS_ORDER)}


@dataclass(frozen=True)
class Summary:
    total: Counts
    by_tree: Mapping[str, Counts]
    """Products in each tree (a product in two trees counts in both)."""
    by_category: Mapping[str, Counts]
    """Products in each category, their models' categories included."""
    unclassified: Counts
    access: tuple[Access, ...] = field(repr=False, default=())
    """The access of each situation, in the order of :attr:`Situations.situations`."""
    situations: int = 0
    reason: str = ""
    """Why every product has the same access, when the grant alone says so."""

    def access_of(self, situation: int) -> Access:
        return self.access[situation]


def summarise(situations: Situations, grant: Grant) -> Summary:
    """What the App holding ``grant`` may do with each product, counted per situation."""
    catalog = situations.catalog
    reason = ""
    rights = Rights(catalog, effective_permissions(grant))
    readable = has_product_scope(grant.scopes)
    writable = grants_write_products(grant.scopes)
    if not readable:
        reason = "The App holds no products scope: it cannot read any product."
    elif not writable:
        reason = "The App may read products but holds no write_products scope: it can only view them."
    roots = catalog.root_by_category
    total, unclassified = _Tally(), _Tally()
    by_tree: dict[str, _Tally] = {tree.code: _Tally() for tree in catalog.trees}
    by_category: dict[str, _Tally] = {}
    accesses: list[Access] = []
    for situation in situations.situations:
        if not readable:
            access = Access.HIDDEN
        else:
            access = _BY_LEVEL[rights.level_of_categories(situation.categories)]
            if not writable and access in (Access.DIRECT, Access.DRAFTS):
                access = Access.VIEW
        accesses.append(access)
        count = situation.products
        total.add(access, count)
        if not situation.categories:
            unclassified.add(access, count)
            continue
        for tree in {roots[code] for code in situation.categories if code in roots}:
            by_tree[tree].add(access, count)
        for code in situation.categories:
            tally = by_category.get(code)
            if tally is None:
                tally = by_category[code] = _Tally()
            tally.add(access, count)
    return Summary(
        total.counts(), {code: tally.counts() for code, tally in by_tree.items()},
        {code: tally.counts() for code, tally in by_category.items()}, unclassified.counts(),
        tuple(accesses), len(situations), reason,
    )


def products_with(situations: Situations, summary: Summary, access: Access | None) -> Iterator[int]:
    """The positions of the products with ``access`` (all when None), in catalog order."""
    if access is None:
        yield from range(situations.product_count)
        return
    wanted = {index for index, found in enumerate(summary.access) if found is access}
    if not wanted:
        return
    of_product = situations._of_product
    for position in range(len(of_product)):
        if of_product[position] in wanted:
            yield position


def product_at(situations: Situations, position: int) -> Product:
    return situations.catalog.products[position]
