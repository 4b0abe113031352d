"""Values remembered: the last few, by a key, or by the identity of what they were
computed from.

A widget's change is computed from what the change before answered: the same scenario
object, the same region and row texts (drawn panes come back from
:data:`simulator.widget.memo.DRAWN` as the very strings answered before). Looking them
up by identity costs nothing, where hashing a long text or comparing a scenario would
cost what is saved; an equal but different object is computed again, never mixed up.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable, Generic, Hashable, TypeVar

K = TypeVar("K")
H = TypeVar("H", bound=Hashable)
V = TypeVar("V")


def remembered(kept: OrderedDict[H, V], key: H, compute: Callable[[], V], size: int) -> V:
    """``kept[key]``, computed first when it is not there; ``kept`` holds the last
    ``size`` keys used."""
    found = kept.get(key)
    if found is None:
        found = compute()
        kept[key] = found
        while len(kept) > size:
            kept.popitem(last=False)
    else:
        kept.move_to_end(key)
    return found


class ByIdentity(Generic[K, V]):
    """The last ``size`` values of ``compute(key)``, by the key's identity. The key is
    kept alive with its value, so its id is not reused by another object while it is
    remembered: an id found is this very key."""

    def __init__(self, compute: Callable[[K], V], size: int) -> None:
        self.compute = compute
        self.size = size
        self.entries: OrderedDict[int, tuple[K, V]] = OrderedDict()

    def __call__(self, key: K) -> V:
        return remembered(self.entries, id(key), lambda: (key, self.compute(key)), self.size)[1]

    def clear(self) -> None:
        self.entries.clear()
