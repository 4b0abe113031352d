"""The products of an import held as columns, a :class:`Product` made when one is asked for.

A million products of a products export would be a million objects made, kept and
walked by the collector, while the summary, the index by situation and the search by
code read two things of each: its identifier and what the rules read of it (its own
categories, its parent model, its family — its *key*). So the table keeps the
identifiers as one list, each product's key as a number (the distinct keys listed
once), the positions of the disabled products, and, per block of rows read together,
the text cells as the export's columns (the strings the CSV reader made) and the
places they go to. A product read whole (a row with a problem read alone, a REST item,
a catalog file's) is kept as it is, its identifier and key in the columns all the same.

What the check of the catalog leaves out is taken out of the columns
(:meth:`ProductTable.without`) and a product it changes is held whole in its place.

A product made from the columns is an :class:`~simulator.formats.exported.ExportedProduct`:
equal to the product a catalog file gives with the same data.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate, chain, compress
from operator import eq, not_
from typing import Callable, Collection, Iterable, Iterator, Mapping, Sequence, TypeVar, overload

from simulator.formats.exported import ExportedProduct, Place, new_exported
from simulator.model import Association, Product, ProductColumns, Value

Key = tuple[tuple[str, ...], "str | None", str]
"""A product's own categories, its parent model (None for none), its family."""


@dataclass
class _Block:
    """Rows read together: where they start and stop in the table, their text columns."""

    start: int
    stop: int
    places: tuple[Place, ...]
    texts: list[list[str]]
    typed: list[tuple[Value, ...]] | None
    groups: list[tuple[str, ...]] | None
    associations: list[tuple[Association, ...]] | None


class ProductTable(ProductColumns):
    """The products read so far, as columns (see the module)."""

    def __init__(self) -> None:
        self._identifiers: list[str] = []
        self.keys: list[Key] = []
        """The distinct keys, numbered in the order first met."""
        self.key_numbers: dict[Key, int] = {}
        self.key_of: array[int] = array("I")
        """The number of each product's key, in table order."""
        self._whole: dict[int, Product] = {}
        self._disabled: set[int] = set()
        self._blocks: list[_Block] = []
        self._starts: list[int] = []
        self._hash: int | None = None
        self._index: dict[str, int] | None = None
        """Each identifier's position, made once when first asked for (see :meth:`_positions`)."""

    @property
    def identifiers(self) -> list[str]:
        return self._identifiers

    def number(self, key: Key) -> int:
        """The number of ``key`` (a new one the first time it is met)."""
        found = self.key_numbers.get(key)
        if found is None:
            found = self.key_numbers[key] = len(self.keys)
            self.keys.append(key)
        return found

    def append(self, product: Product) -> None:
        """Keep a product read whole."""
        self._hash = self._index = None  # the products are no longer those they were made of
        self._whole[len(self._identifiers)] = product
        self._identifiers.append(product.identifier)
        self.key_of.append(self.number((product.categories, product.parent, product.family)))

    def extend(
        self, identifiers: list[str], numbers: Iterable[int], enabled: Iterable[bool] | None,
        places: tuple[Place, ...], texts: list[list[str]], typed: list[tuple[Value, ...]] | None = None,
        groups: list[tuple[str, ...]] | None = None, associations: list[tuple[Association, ...]] | None = None,
    ) -> None:
        """Add a block of rows as columns: ``numbers`` are their keys' (see :meth:`number`),
        ``enabled`` None when every one is, ``texts`` one column per place."""
        self._hash = self._index = None
        start = len(self._identifiers)
        stop = start + len(identifiers)
        self._identifiers.extend(identifiers)
        self.key_of.extend(numbers)
        if enabled is not None:
            self._disabled.update(compress(range(start, stop), map(not_, enabled)))
        last = self._blocks[-1] if self._blocks else None
        plain = typed is None and groups is None and associations is None
        if last is not None and last.stop == start and last.places == places and plain \
                and last.typed is None and last.groups is None and last.associations is None:
            for column, more in zip(last.texts, texts):
                column.extend(more)
            last.stop = stop
            return
        self._blocks.append(_Block(start, stop, places, texts, typed, groups,
                                   associations))
        self._starts.append(start)

    def without(self, dropped: Collection[int]) -> ProductTable:
        """The table without the products whose key's number is in ``dropped``, still
        as columns: what the check of the catalog leaves out (a category that does not
        exist) costs a few C passes over the columns, not a million products made. The
        keys kept keep their order, the order their first products come in."""
        kept_key = [number not in dropped for number in range(len(self.keys))]
        kept = list(map(kept_key.__getitem__, self.key_of))
        table = ProductTable()
        renumbered = [table.number(key) if keep else 0 for key, keep in zip(self.keys, kept_key)]
        table._identifiers = list(compress(self._identifiers, kept))
        table.key_of = array("I", map(renumbered.__getitem__, compress(self.key_of, kept)))
        # How many products are kept up to each position: where a kept one goes.
        before = array("I", accumulate(kept, initial=0))
        table._whole = {before[old]: product for old, product in self._whole.items() if kept[old]}
        table._disabled = {before[old] for old in self._disabled if kept[old]}
        for block in self._blocks:
            rows = kept[block.start : block.stop]
            start, stop = before[block.start], before[block.stop]
            if stop == start:
                continue
            table._blocks.append(_Block(
                start, stop, block.places, [list(compress(column, rows)) for column in block.texts],
                _kept(block.typed, rows), _kept(block.groups, rows), _kept(block.associations, rows),
            ))
            table._starts.append(start)
        return table

    def positions(self, identifiers: Collection[str]) -> dict[str, int]:
        """Where each of ``identifiers`` that the table holds is (a few searched in the
        column, many looked up in the table's index)."""
        if len(identifiers) > 8 or self._index is not None:
            every = self._positions()
            return {identifier: every[identifier] for identifier in identifiers if identifier in every}
        found: dict[str, int] = {}
        for identifier in identifiers:
            try:
                found[identifier] = self._identifiers.index(identifier)
            except ValueError:
                continue
        return found

    def without_text_values(self, bad: Callable[[Place], bool]) -> list[tuple[int, int, Place, int]]:
        """Take the text columns in a ``bad`` place out of the blocks that hold text
        values only (a column a C count, not a product made a row); for each column
        taken out that had values, (the position of its first product with one, the
        column's index, its place, how many values it had)."""
        self._hash = None
        taken: list[tuple[int, int, Place, int]] = []
        for block in self._blocks:
            out = [index for index, place in enumerate(block.places) if bad(place)]
            if block.typed is not None or not out:
                continue
            for index in out:
                column = block.texts[index]
                many = len(column) - column.count("")
                if many:
                    first = next(at for at, cell in enumerate(column) if cell)
                    taken.append((block.start + first, index, block.places[index], many))
            block.places = tuple(place for index, place in enumerate(block.places) if index not in out)
            block.texts = [column for index, column in enumerate(block.texts) if index not in out]
        return taken

    def maybe_changed(self, bad: Callable[[Place], bool]) -> list[int]:
        """The positions of the products whose values the check of the catalog may
        change, in table order: those read whole, and the rows of the blocks with values
        other than text or with a text column in a place that is ``bad``."""
        ranges = [range(block.start, block.stop) for block in self._blocks
                  if block.typed is not None or any(map(bad, block.places))]
        return sorted(chain(self._whole, *ranges))

    def change(self, position: int, product: Product) -> None:
        """Hold ``product`` at ``position`` instead (the same identifier and key, other
        values, associations or uuid: what the check of the catalog changed)."""
        self._hash = None
        self._whole[position] = product

    def __len__(self) -> int:
        return len(self._identifiers)

    @overload
    def __getitem__(self, index: int) -> Product: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Product, ...]: ...

    def __getitem__(self, index: int | slice) -> Product | tuple[Product, ...]:
        if isinstance(index, slice):
            return tuple(map(self._made, range(*index.indices(len(self._identifiers)))))
        if index < 0:
            index += len(self._identifiers)
        if not 0 <= index < len(self._identifiers):
            raise IndexError("product index out of range")
        return self._made(index)

    def __iter__(self) -> Iterator[Product]:
        return map(self._made, range(len(self._identifiers)))

    def _made(self, position: int) -> Product:
        whole = self._whole.get(position)
        if whole is not None:
            return whole
        block = self._blocks[bisect_right(self._starts, position) - 1]
        at = position - block.start
        categories, parent, family = self.keys[self.key_of[position]]
        made: Product = new_exported(ExportedProduct, (
            self._identifiers[position], parent, family, position not in self._disabled, categories, block.places,
            block.typed[at] if block.typed is not None else (),
            block.groups[at] if block.groups is not None else (),
            block.associations[at] if block.associations is not None else (),
            *(column[at] for column in block.texts),
        ))
        return made

    def by_identifier(self) -> Mapping[str, Product]:
        return _ByIdentifier(self)

    def _positions(self) -> dict[str, int]:
        """Each identifier's position: one index for the import's checks and the catalog's
        look-ups by identifier, not one made for each."""
        if self._index is None:
            self._index = dict(zip(self._identifiers, range(len(self._identifiers))))
        return self._index

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(other) == len(self) and all(map(eq, self, other))

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self))
        return self._hash

    def __repr__(self) -> str:
        return f"<{len(self):,} products held as columns>"


T = TypeVar("T")


def _kept(column: list[T] | None, rows: list[bool]) -> list[T] | None:
    return None if column is None else list(compress(column, rows))


class _ByIdentifier(Mapping[str, Product]):
    """The products by identifier: each identifier's position, a product made when asked."""

    def __init__(self, table: ProductTable) -> None:
        self._table = table
        self._positions = table._positions()

    def __getitem__(self, identifier: str) -> Product:
        return self._table._made(self._positions[identifier])

    def __contains__(self, identifier: object) -> bool:
        return identifier in self._positions

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)

    def position(self, identifier: str) -> int | None:
        """Where the product is in catalog order, or None."""
        return self._positions.get(identifier)
