"""The results of a widget state, as the engine answers them, and the explanation of a cell.

Everything here is a call into the engine: :func:`simulator.scenarios.runner.evaluate` plays the
wizard and answers the scenario's requests, :func:`simulator.scenarios.runner.matrix` answers
the products × requests grid, :class:`simulator.engine.rights.Rights` says what the App may do
with each value, and :func:`simulator.engine.answers.answer` explains any single cell.

A cell is named by a short id that holds indexes only (never a code from a catalog or
a link): ``r<i>`` (the scenario's i-th request), ``m<p>.<t>`` (product p, request t of
the grid), ``v<a>.<l>`` (attribute a, locale l of the chosen product's values; ``l``
is ``-`` for a value that is not localizable).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Final

from simulator.connect import Step, WizardState
from simulator.engine import Answer, Store, ValueRight, answer, effective_permissions, sample_value
from simulator.model import Attribute, Catalog, Grant, Product, Request
from simulator.scenarios import (
    Evaluation,
    Matrix,
    RequestTemplate,
    default_templates,
    evaluate,
    matrix,
)
from simulator.widget.memo import scenario_key
from simulator.widget.state import WidgetState, play_of, wizard_of

_CELL: Final = re.compile(r"^(?:r(\d+)|m(\d+)\.(\d+)|v(\d+)\.(\d+|-))$")

_RECENT_SIZE: Final = 16
_RECENT: dict[tuple[str, bool], tuple[Evaluation, Matrix | None]] = {}
"""The answers of the last scenarios shown, oldest first (a page holds a few widgets)."""

GRID_PRODUCTS: Final = 1_000
"""The products the grid answers; a larger catalog is paged by the catalog pane."""


@dataclass(frozen=True)
class Explained:
    """What the explanation panel shows for one cell."""

    title: str
    answer: Answer | None
    """None when the App is not connected: nothing was sent."""
    value: ValueRight | None = None
    """For a value cell: what the App may do with the value."""


class Results:
    """The engine's answers for one widget state, computed once and on demand."""

    def __init__(self, state: WidgetState) -> None:
        self.state = state
        self.catalog: Catalog = state.catalog()

    @cached_property
    def wizard(self) -> WizardState:
        return wizard_of(self.state)

    @property
    def cancelled(self) -> bool:
        """After ``Cancel`` nothing is granted; elsewhere in the wizard the answers are
        those of the setup, as if the wizard were finished."""
        return self.state.place.step is Step.CANCELLED

    @cached_property
    def _answers(self) -> tuple[Evaluation, Matrix | None]:
        """The evaluation and the grid, computed once for a scenario: a
        reader who picks a product or a cell changes neither, and gets them back from
        :data:`_RECENT` instead of the whole grid answered again."""
        key = (scenario_key(self.state.scenario), self.cancelled)
        found = _RECENT.pop(key, None)
        if found is None:
            evaluation = self._evaluate()
            # A customer's catalog may hold a million products: the grid answers the
            # first ones, the catalog pane pages through the others.
            shown = self.catalog.products[:GRID_PRODUCTS]
            grid = None if evaluation.grant is None else matrix(self.catalog, evaluation.grant, self.templates, shown)
            found = (evaluation, grid)
        _RECENT[key] = found
        while len(_RECENT) > _RECENT_SIZE:
            del _RECENT[next(iter(_RECENT))]
        return found

    def _evaluate(self) -> Evaluation:
        """The scenario's answers, with the grant its play ends on, wherever the reader
        stands in the wizard (as if confirmed); after ``Cancel``, those of an App never
        connected (every request not sent)."""
        ended = self.wizard if self.cancelled else play_of(self.state).end
        return evaluate(self.state.scenario, self.catalog, ended)

    @property
    def evaluation(self) -> Evaluation:
        return self._answers[0]

    @property
    def grant(self) -> Grant | None:
        return self.evaluation.grant

    @cached_property
    def templates(self) -> tuple[RequestTemplate, ...]:
        return default_templates(self.catalog)

    @property
    def matrix(self) -> Matrix | None:
        return self._answers[1]

    @cached_property
    def product(self) -> Product | None:
        return self.catalog.product_by_identifier.get(self.state.product)

    @cached_property
    def value_rows(self) -> tuple[tuple[Attribute, tuple[ValueRight | None, ...]], ...]:
        """Per attribute, the right on its value in each locale (one entry, at the
        first locale's place, for an attribute that is not localizable)."""
        if self.grant is None or self.product is None:
            return ()
        rights = Store.of(self.catalog).rights(effective_permissions(self.grant))
        level = rights.product_level(self.product)
        rows = []
        for attribute in self.catalog.attributes:
            if attribute.localizable:
                cells = tuple(rights.value_access(level, attribute, code) for code in self.catalog.locale_codes)
            else:
                cells = (rights.value_access(level, attribute, None),)
            rows.append((attribute, cells))
        return tuple(rows)

    def explain(self, cell: str) -> Explained | None:
        """The explanation of ``cell``, or None for an id that names no cell."""
        found = _CELL.match(cell)
        if found is None:
            return None
        request_index, product_index, template_index, attribute_index, locale_index = found.groups()
        if request_index is not None:
            results = self.evaluation.results
            if int(request_index) >= len(results):
                return None
            result = results[int(request_index)]
            return Explained(result.request.label, result.answer)
        if product_index is not None:
            products, templates = self.catalog.products, self.templates
            if int(product_index) >= len(products) or int(template_index) >= len(templates):
                return None
            request = templates[int(template_index)].for_product(products[int(product_index)])
            return Explained(str(request), self._answer(request))
        return self._explain_value(int(attribute_index), locale_index)

    def _explain_value(self, attribute_index: int, locale_index: str) -> Explained | None:
        if self.product is None or attribute_index >= len(self.catalog.attributes):
            return None
        attribute = self.catalog.attributes[attribute_index]
        if attribute.localizable != (locale_index != "-"):
            return None
        locale = None
        if locale_index != "-":
            if int(locale_index) >= len(self.catalog.locale_codes):
                return None
            locale = self.catalog.locale_codes[int(locale_index)]
        body = {"values": {attribute.code: [sample_value(self.catalog, attribute, locale)]}}
        request = Request("PATCH", f"/api/rest/v1/products/{self.product.identifier}", body)
        right = None
        for row_attribute, cells in self.value_rows:
            if row_attribute is attribute:
                right = cells[0 if locale is None else self.catalog.locale_codes.index(locale)]
        where = f" ({locale})" if locale else ""
        return Explained(f"PATCH {attribute.code}{where} of {self.product.identifier}", self._answer(request), right)

    def _answer(self, request: Request) -> Answer | None:
        return None if self.grant is None else answer(self.catalog, self.grant, request)
