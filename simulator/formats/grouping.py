"""The products of an imported catalog grouped by what the rules read of them, as the
import found them: the index by situation starts from it instead of a second pass
over a million products.

The products export is read a block of rows at a time, and each row's categories,
parent and family cells are numbered there, while the block's columns are at hand;
the catalog made of those products keeps the numbers (one machine integer a product)
and the key of each number. A catalog changed afterwards is a new catalog: it has no
grouping kept, and the index makes its own.
"""

from __future__ import annotations

import weakref
from array import array
from typing import NamedTuple, Sequence, TypeVar

from simulator.model import Catalog

T = TypeVar("T")

Key = tuple[tuple[str, ...], "str | None", str]
"""A product's own categories, its parent model (None for none), its family."""


class Grouping(NamedTuple):
    keys: list[Key]
    """The distinct keys, numbered in the order first met."""
    of_product: array[int]
    """The number of each product's key, in catalog order."""


_KEPT: dict[int, tuple[weakref.ref[Catalog], Grouping]] = {}


def keep_grouping(catalog: Catalog, grouping: Grouping) -> None:
    """Keep the grouping of ``catalog``'s products for as long as the catalog lives."""
    assert len(grouping.of_product) == len(catalog.products)
    number = id(catalog)
    _KEPT[number] = (weakref.ref(catalog), grouping)
    weakref.finalize(catalog, _KEPT.pop, number, None)


def grouping_of(catalog: Catalog) -> Grouping | None:
    """The grouping the import kept for this very catalog, if any."""
    found = _KEPT.get(id(catalog))
    if found is None or found[0]() is not catalog:
        return None
    return found[1]


def first_positions(sequence: Sequence[T], items: Sequence[T]) -> list[int]:
    """Where each of ``items`` is first in ``sequence``, the items given in the order
    they are first met (as keys are numbered): each search starts where the one before
    stopped, one C loop over the sequence in all."""
    found: list[int] = []
    at = 0
    index = sequence.index
    for item in items:
        at = index(item, at)
        found.append(at)
    return found
