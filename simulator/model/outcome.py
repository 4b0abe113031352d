"""What an answer is made of, named once for every wing: what a request did
(:class:`Effect`), where a check belongs (:class:`Layer`) and one step of the PIM's
reasoning (:class:`Check`)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Effect(enum.Enum):
    """What the request did: reads that succeed are applied. ``UNSIMULATED``: the PIM
    has the endpoint but the simulator does not model it, so it cannot tell."""

    APPLIED = "applied"
    DRAFT = "draft"
    REFUSED = "refused"
    INVISIBLE = "invisible"
    UNSIMULATED = "unsimulated"


class Layer(enum.Enum):
    """Where a check belongs, in the order the PIM applies them."""

    REQUEST = "request"
    EDITION = "edition"
    SCOPE = "scope"
    CATEGORY = "category"
    LOCALE = "locale"
    ATTRIBUTE_GROUP = "attribute group"

    # Members are singletons: hash them by identity, in C, rather than by name in
    # Python code (Enum's default), as they key the engine's tables.
    __hash__ = object.__hash__


@dataclass(frozen=True)
class Check:
    """One step of the PIM's reasoning; ``anchor`` is the article section for it."""

    layer: Layer
    description: str
    passed: bool
    anchor: str
