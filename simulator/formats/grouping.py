"""The products of an imported catalog grouped by what the rules read of them, as the
import found them: the index by situation starts from it instead of a second pass
over a million products.

The products export is read a block of rows at a time, and each row's categories,
parent and family cells are numbered there, while the block's columns are at hand;
the catalog made of those products holds them as columns
(:mod:`simulator.formats.product_table`), the number of each product's key among them
(one machine integer a product) and the key of each number. A catalog whose products
were changed holds them as a tuple: it has no grouping, and the index makes its own.
"""

from __future__ import annotations

from array import array
from typing import NamedTuple, Sequence, TypeVar

from simulator.formats.product_table import Key, ProductTable
from simulator.model import Catalog

T = TypeVar("T")


class Grouping(NamedTuple):
    keys: list[Key]
    """The distinct keys, numbered in the order first met."""
    of_product: array[int]
    """The number of each product's key, in catalog order."""


def grouping_of(catalog: Catalog) -> Grouping | None:
    """The grouping the import made of ``catalog``'s products, when they are its table."""
    table = catalog.products
    if not isinstance(table, ProductTable):
        return None
    return Grouping(table.keys, table.key_of)


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
