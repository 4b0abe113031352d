"""Values remembered by the identity of what they were computed from.

A widget's change is computed from what the change before answered: the same scenario
object, the same region and row texts (drawn panes come back from
:data:`simulator.widget.memo.DRAWN` as the very strings answered before). Looking them
up by identity costs nothing, where hashing a long text or comparing a scenario would
cost what is saved; an equal but different object is computed again, never mixed up.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class ByIdentity(Generic[K, V]):
    """The last ``size`` values of ``compute(key)``, by the key's identity (the key is
    kept alive with its value, so its id is not reused while it is remembered)."""

    def __init__(self, compute: Callable[[K], V], size: int) -> None:
        self.compute = compute
        self.size = size
        self.entries: OrderedDict[int, tuple[K, V]] = OrderedDict()

    def __call__(self, key: K) -> V:
        found = self.entries.get(id(key))
        if found is not None and found[0] is key:
            self.entries.move_to_end(id(key))
            return found[1]
        value = self.compute(key)
        self.entries[id(key)] = (key, value)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return value

    def clear(self) -> None:
        self.entries.clear()
