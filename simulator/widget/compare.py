"""Before and after: the answers of a pinned setup held against the current ones.

A reader pins the setup as "before": its answers are kept (:class:`Pinned`, a small
snapshot, so comparing never answers the old setup again), then the setup changes and
every cell says how its answer moved. A cell *gained* access when the App may now do
what it could not (a refusal or an invisible product became applied or a draft; a
hidden or read-only value became visible or editable), *lost* it in the other
direction, and merely *changed* when both sides allow (or both refuse) but differently
(applied became a draft, 404 became 403, an editable value is now changed through a
draft). Cells are matched by what they are, not where they stand: a request by its
method, path, query and body, a grid cell by product and request, a value by
attribute and locale of the same product, so reordering or adding requests compares
what can be compared.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Final

from simulator.engine import ValueAccess
from simulator.model import Effect
from simulator.engine import Answer
from simulator.scenarios import ScenarioRequest
from simulator.widget.cells import Results
from simulator.widget.pinned import Pinned, Seen

ALLOWED: Final = frozenset({Effect.APPLIED.value, Effect.DRAFT.value})
NOT_SENT: Final = "not sent"
OPENNESS: Final = {
    ValueAccess.HIDDEN.value: 0,
    ValueAccess.READ_ONLY.value: 1,
    ValueAccess.THROUGH_DRAFT.value: 2,
    ValueAccess.EDITABLE.value: 3,
}
"""How much a value lets the App do: more is a gain."""
EDITS: Final = OPENNESS[ValueAccess.THROUGH_DRAFT.value]
"""From this openness up the App may change the value."""



class Shift(enum.Enum):
    GAINED = "gained"
    LOST = "lost"
    CHANGED = "changed"


@dataclass(frozen=True)
class CellChange:
    """One cell whose answer is not what it was."""

    cell: str
    """The cell's id in the current results."""
    label: str
    """What the cell is: ``DELETE cap``, ``Name (fr_FR) of hat``."""
    before: str
    after: str
    shift: Shift


@dataclass(frozen=True)
class Comparison:
    changes: tuple[CellChange, ...]
    compared: int
    """How many cells had a counterpart on both sides."""

    def count(self, shift: Shift) -> int:
        return sum(1 for change in self.changes if change.shift is shift)

    def of(self, cell: str) -> CellChange | None:
        for change in self.changes:
            if change.cell == cell:
                return change
        return None


def pin(results: Results) -> Pinned:
    """The answers of ``results`` as a snapshot to compare later ones with."""
    requests = tuple((_identity(r.request), _seen_answer(r.answer)) for r in results.evaluation.results)
    grid: list[tuple[str, str, Seen]] = []
    if results.matrix is not None:
        for identifier, row in zip(results.matrix.products, results.matrix.rows):
            for template, cell in zip(results.templates, row):
                grid.append((identifier, template.label, (cell.status, cell.effect.value)))
    values = tuple(
        (attribute.code, index, "" if right is None else right.access.value)
        for attribute, rights in results.value_rows
        for index, right in enumerate(rights)
    )
    return Pinned(requests, tuple(grid), results.state.product, values)


def compare(before: Pinned, after: Results) -> Comparison:
    """Every cell of ``after`` that has a counterpart in ``before`` and differs."""
    changes: list[CellChange] = []
    compared = 0

    free: dict[str, list[Seen]] = {}
    for identity, seen in before.requests:
        free.setdefault(identity, []).append(seen)
    for result in after.evaluation.results:
        matches = free.get(_identity(result.request))
        if not matches:
            continue
        compared += 1
        was, now = matches.pop(0), _seen_answer(result.answer)
        shift = _answer_shift(was, now)
        if shift is not None:
            changes.append(CellChange(f"r{result.index}", result.request.label, _words(was), _words(now), shift))

    old_grid = {(identifier, label): seen for identifier, label, seen in before.grid}
    if after.matrix is not None or old_grid:
        labels = [template.label for template in after.templates]
        rows = {} if after.matrix is None else dict(zip(after.matrix.products, after.matrix.rows))
        for p, product in enumerate(after.catalog.products):
            for t, label in enumerate(labels):
                key = (product.identifier, label)
                if key not in old_grid and old_grid:
                    continue
                compared += 1
                was = old_grid.get(key, (0, NOT_SENT))
                cell = rows[product.identifier][t] if product.identifier in rows else None
                now = (0, NOT_SENT) if cell is None else (cell.status, cell.effect.value)
                shift = _answer_shift(was, now)
                if shift is not None:
                    changes.append(CellChange(f"m{p}.{t}", f"{label} {product.identifier}", _words(was), _words(now), shift))

    if before.product == after.state.product:
        old_values = {(code, index): access for code, index, access in before.values}
        locales = after.catalog.locale_codes
        for a, (attribute, rights) in enumerate(after.value_rows):
            for index, right in enumerate(rights):
                where_value = (attribute.code, index)
                if where_value not in old_values and old_values:
                    continue
                compared += 1
                old, new = old_values.get(where_value, ""), "" if right is None else right.access.value
                if old == new:
                    continue
                old_open, new_open = OPENNESS.get(old, -1), OPENNESS.get(new, -1)
                if min(old_open, new_open) >= EDITS:
                    shift = Shift.CHANGED  # editable either way, directly or through a draft
                else:
                    shift = Shift.GAINED if new_open > old_open else Shift.LOST
                where = f" ({locales[index]})" if attribute.localizable else ""
                changes.append(CellChange(
                    f"v{a}.{index if attribute.localizable else '-'}",
                    f"{attribute.labels.get('en_US') or attribute.code}{where} of {after.state.product}",
                    old or "not connected", new or "not connected", shift,
                ))
    return Comparison(tuple(changes), compared)


def _seen_answer(answer: Answer | None) -> Seen:
    return (0, NOT_SENT) if answer is None else (answer.status, answer.effect.value)


def _answer_shift(was: Seen, now: Seen) -> Shift | None:
    if was == now:
        return None
    was_allowed, now_allowed = was[1] in ALLOWED, now[1] in ALLOWED
    if now_allowed and not was_allowed:
        return Shift.GAINED
    if was_allowed and not now_allowed:
        return Shift.LOST
    return Shift.CHANGED


def _words(seen: Seen) -> str:
    return NOT_SENT if seen[1] == NOT_SENT else f"{seen[0]} {seen[1]}"


def _identity(request: ScenarioRequest) -> str:
    """What makes two requests the same call: method, path, query and body."""
    return json.dumps([request.method, request.path, dict(request.query), request.body], sort_keys=True)
