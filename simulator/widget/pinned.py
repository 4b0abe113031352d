"""The answers of a setup pinned as "before", kept in the widget's state.

A snapshot rather than the setup itself, so that comparing with it never answers the
old setup again; see :mod:`simulator.widget.compare`.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.scenarios import JsonValue

Seen = tuple[int, str]
"""An answer as pinned: its status (0 when not sent) and its effect (or "not sent")."""


@dataclass(frozen=True)
class Pinned:
    """The answers of the setup pinned as "before"."""

    requests: tuple[tuple[str, Seen], ...]
    """Each request's identity (method, path, query, body) and its answer, in order."""
    grid: tuple[tuple[str, str, Seen], ...]
    """Product identifier, request template, answer."""
    product: str
    """The product whose values were shown."""
    values: tuple[tuple[str, int, str], ...]
    """Attribute code, locale index (0 for a value that is not localizable), access."""


# JSON: the state carries the pinned answers.


def pinned_to_dict(pinned: Pinned) -> dict[str, JsonValue]:
    return {
        "requests": [[identity, status, effect] for identity, (status, effect) in pinned.requests],
        "grid": [[identifier, label, status, effect] for identifier, label, (status, effect) in pinned.grid],
        "product": pinned.product,
        "values": [list(value) for value in pinned.values],
    }


def pinned_from_dict(data: JsonValue) -> Pinned:
    """The pinned answers back from the state's JSON; :class:`ValueError` when malformed."""
    if not isinstance(data, dict):
        raise ValueError("expected an object")
    try:
        return Pinned(
            tuple((str(i), (int(s), str(e))) for i, s, e in data["requests"]),
            tuple((str(p), str(t), (int(s), str(e))) for p, t, s, e in data["grid"]),
            str(data["product"]),
            tuple((str(c), int(i), str(a)) for c, i, a in data["values"]),
        )
    except (KeyError, TypeError, ValueError):
        raise ValueError("expected the pinned answers: requests, grid, product, values") from None
