"""The catalogs imported in this session (a page, a command run), kept by name.

A scenario names its catalog: a shipped one (``article``), or one it carries whole. A
customer's catalog of a million products cannot travel with every event between the
page and the simulator, nor in every link; once imported, it is kept here under a name
(``imported-…``) that a scenario can hold instead. The name is good only where the
catalog was imported: a link or a file meant for someone else carries the catalog
itself (:mod:`simulator.scenarios.links` does so while it fits in a link).

What the page remembers about a catalog (its import report) is keyed by
:func:`catalog_identity`, never by what two catalogs may share (their code, label or
counts: every import is ``imported``, an edit may keep every count).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections import OrderedDict
from typing import Final, Mapping

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


_IDENTITIES_KEPT: Final = 8
_IDENTITIES: OrderedDict[int, tuple[Mapping[str, object], str]] = OrderedDict()
"""The identities of the last inline catalogs asked about, by the object that holds
them (kept, so that its id is not reused): a scenario and those made from it by a
grant change share it, and are asked at every event."""


def catalog_identity(source: str | Mapping[str, object]) -> str:
    """What names a scenario's catalog by its contents: a shipped catalog's name (it
    never changes), a kept catalog's name (a new one at each import and edit), the
    digest of a catalog carried inline (equal contents, equal identities)."""
    if isinstance(source, str):
        return source
    found = _IDENTITIES.get(id(source))
    if found is not None and found[0] is source:
        _IDENTITIES.move_to_end(id(source))
        return found[1]
    text = json.dumps(source, sort_keys=True, separators=(",", ":"))
    identity = "sha256:" + hashlib.sha256(text.encode("ascii")).hexdigest()
    _IDENTITIES[id(source)] = (source, identity)
    while len(_IDENTITIES) > _IDENTITIES_KEPT:
        _IDENTITIES.popitem(last=False)
    return identity
