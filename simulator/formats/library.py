"""The catalogs imported in this session (a page, a command run), kept by name.

A scenario names its catalog: a shipped one (``article``), or one it carries whole. A
customer's catalog of a million products cannot travel with every event between the
page and the simulator, nor in every link; once imported, it is kept here under a name
(``imported-…``) that a scenario can hold instead. The name is good only where the
catalog was imported: a link or a file meant for someone else carries the catalog
itself (:mod:`simulator.scenarios.links` does so while it fits in a link).
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from typing import Final

from simulator.model import Catalog

PREFIX: Final = "imported-"
KEPT: Final = 4
"""Catalogs kept at once; importing a fifth forgets the oldest."""

_CATALOGS: OrderedDict[str, Catalog] = OrderedDict()


def keep(catalog: Catalog) -> str:
    """Keep ``catalog`` and return its name."""
    name = f"{PREFIX}{secrets.token_hex(6)}"
    _CATALOGS[name] = catalog
    while len(_CATALOGS) > KEPT:
        _CATALOGS.popitem(last=False)
    return name


def kept(name: str) -> Catalog | None:
    """The catalog kept under ``name``, or None."""
    return _CATALOGS.get(name)


def is_imported_name(name: str) -> bool:
    return name.startswith(PREFIX)
