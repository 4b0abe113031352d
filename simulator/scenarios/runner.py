"""Running a scenario: the wizard gives the grant, the engine answers the requests, and
the answers are held to the scenario's expectations.

The grant is never computed here: the scenario's choices are played through the
wizard as a user would click them (:func:`simulator.scenarios.wizard_play.play`), so the
wizard's rules (which steps exist, which fields are read-only, what CE and GE amount
to, Cancel and a disabled ``Connect``) decide what the App holds. The answers come
from :mod:`simulator.engine.answers`.

:func:`matrix` answers a products × requests table on one catalog and grant: what the
page shows as an overview and what the benchmark times.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, NamedTuple, Sequence

from simulator.connect import WizardState
from simulator.engine import Answer, answer_all, outcomes
from simulator.model import (
    Catalog,
    Check,
    Effect,
    Grant,
    Layer,
    Product,
    Request,
    RequestPattern,
)
from simulator.scenarios.wizard_play import play
from simulator.scenarios.scenario import JsonValue, Scenario, ScenarioRequest

NOT_SENT = "not sent"
"""What an expectation meets when the App was never connected."""


@dataclass(frozen=True)
class AssertionResult:
    """One expected field of one answer, and what the answer holds."""

    field: str
    expected: int | str
    actual: int | str
    holds: bool


@dataclass(frozen=True)
class RequestResult:
    """One request of the scenario, its answer (None when the App is not connected)
    and the outcome of its expectations."""

    index: int
    request: ScenarioRequest
    answer: Answer | None
    assertions: tuple[AssertionResult, ...]

    @property
    def holds(self) -> bool:
        return all(assertion.holds for assertion in self.assertions)

    @property
    def explanation(self) -> str:
        """One paragraph: the check that decided and, for a refusal, what would help."""
        if self.answer is None:
            return "Not sent: the App is not connected."
        return explanation(self.answer)


@dataclass(frozen=True)
class Evaluation:
    scenario: Scenario
    catalog: Catalog
    wizard: WizardState
    """The wizard where the user left it: ``Well done!``, or the marketplace card."""
    results: tuple[RequestResult, ...]

    @property
    def grant(self) -> Grant | None:
        """What the App holds; None when it could not be connected."""
        return self.wizard.grant

    @property
    def notes(self) -> tuple[str, ...]:
        """The wizard's help, notifications and the simulator's remarks, in that order."""
        return tuple(note for note in (self.wizard.help, *self.wizard.messages, *self.wizard.notes) if note)

    @property
    def failures(self) -> tuple[tuple[RequestResult, AssertionResult], ...]:
        return tuple(
            (result, assertion)
            for result in self.results
            for assertion in result.assertions
            if not assertion.holds
        )

    @property
    def holds(self) -> bool:
        return not self.failures


def evaluate(
    scenario: Scenario, catalog: Catalog | None = None, wizard: WizardState | None = None
) -> Evaluation:
    """Connect the App as the scenario says, then answer its requests in order.

    ``wizard`` is where a reader left the wizard, when it was played already (see
    :mod:`simulator.scenarios.wizard_play`): its grant is used as it is, none when cancelled.
    """
    catalog = scenario.load_catalog() if catalog is None else catalog
    if wizard is None:
        wizard = play(scenario, catalog).end
    grant = wizard.grant
    answers: Sequence[Answer | None]
    if grant is None:
        answers = [None] * len(scenario.requests)
    else:
        answers = answer_all(catalog, grant, [request.to_request() for request in scenario.requests])
    results = tuple(
        RequestResult(index, request, result, _assertions(request, result))
        for index, (request, result) in enumerate(zip(scenario.requests, answers))
    )
    return Evaluation(scenario, catalog, wizard, results)


def _assertions(request: ScenarioRequest, result: Answer | None) -> tuple[AssertionResult, ...]:
    expect = request.expect
    if expect is None:
        return ()
    checks: list[AssertionResult] = []
    if expect.status is not None:
        actual_status: int | str = NOT_SENT if result is None else result.status
        checks.append(AssertionResult("status", expect.status, actual_status, actual_status == expect.status))
    if expect.effect is not None:
        effect = NOT_SENT if result is None else result.effect.value
        checks.append(AssertionResult("effect", expect.effect, effect, effect == expect.effect))
    if expect.message is not None:
        message = NOT_SENT if result is None else result.message
        checks.append(AssertionResult("message", expect.message, message, result is not None and expect.message in message))
    if expect.decided_by is not None:
        layer = NOT_SENT if result is None else result.decided_by.value
        checks.append(AssertionResult("decided_by", expect.decided_by, layer, layer == expect.decided_by))
    if expect.lines is not None:
        wanted = " ".join(str(status) for status in expect.lines)
        found = NOT_SENT if result is None else " ".join(str(status) for status in _line_statuses(result))
        checks.append(AssertionResult("lines", wanted, found, found == wanted))
    return tuple(checks)


def _line_statuses(result: Answer) -> list[object]:
    """The statuses of a bulk PATCH's lines, in order (none for another request)."""
    response = result.response
    if not isinstance(response, list):
        return []
    return [line.get("status_code") for line in response if isinstance(line, dict)]


def deciding_check(result: Answer) -> Check | None:
    """The check that decided: the first that failed, else the last made."""
    for check in result.checks:
        if not check.passed:
            return check
    return result.checks[-1] if result.checks else None


def explanation(result: Answer) -> str:
    """The deciding check, then, for a refusal, the smallest extra grant or why none
    helps."""
    check = deciding_check(result)
    parts = [check.description] if check is not None else []
    if result.remedy:
        parts.append(result.remedy)
    return " ".join(parts)


def answer_to_dict(result: RequestResult) -> dict[str, JsonValue]:
    """The JSON form of one answered request (``evaluate --json``)."""
    data: dict[str, JsonValue] = {
        "index": result.index,
        "method": result.request.method,
        "path": result.request.path,
    }
    found = result.answer
    if found is None:
        data.update(status=None, effect=NOT_SENT, message="", explanation=result.explanation)
    else:
        suggestion = found.smallest_grant
        data.update(
            status=found.status,
            effect=found.effect.value,
            message=found.message,
            explanation=result.explanation,
            decided_by=found.decided_by.value,
            checks=[
                {"layer": c.layer.value, "description": c.description, "passed": c.passed, "anchor": c.anchor}
                for c in found.checks
            ],
            smallest_grant=None if suggestion is None else suggestion.sentence,
            remedy=found.remedy,
            documentation=found.documentation,
            headers=dict(found.headers),
            response=found.response,
        )
    if result.assertions:
        data["assertions"] = [
            {"field": a.field, "expected": a.expected, "actual": a.actual, "holds": a.holds}
            for a in result.assertions
        ]
    return data


# The products × requests matrix.


@dataclass(frozen=True)
class RequestTemplate:
    """A request made for each product in turn: ``{identifier}`` in the path is
    replaced by the product's identifier."""

    label: str
    method: str
    path: str
    body: dict[str, JsonValue] | None = None

    def for_product(self, product: Product) -> Request:
        return self.pattern.for_code(product.identifier)

    @cached_property
    def pattern(self) -> RequestPattern:
        """The request with its path parsed once, for every product of a matrix."""
        return RequestPattern(self.method, self.path, self.body)


class Cell(NamedTuple):
    """One answer of the matrix, kept small (a tuple, no collector-tracked object
    graph): the matrix of 100k products holds 400k."""

    status: int
    effect: Effect
    decided_by: str
    message: str


@dataclass(frozen=True)
class Matrix:
    templates: tuple[RequestTemplate, ...]
    products: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    """One row per product, one cell per template, in the templates' order."""


def default_templates(catalog: Catalog) -> tuple[RequestTemplate, ...]:
    """Read, change a value, re-categorize and delete: one of each kind of right.

    The value changed is the catalog's first localizable attribute in its first locale
    (or its first attribute); the categories set are the first tree's root.
    """
    attribute = next((a for a in catalog.attributes if a.localizable), catalog.attributes[0] if catalog.attributes else None)
    locale = catalog.locale_codes[0] if attribute is not None and attribute.localizable and catalog.locale_codes else None
    templates = [RequestTemplate("GET", "GET", "/api/rest/v1/products/{identifier}")]
    if attribute is not None:
        templates.append(RequestTemplate(
            f"PATCH {attribute.code}" + (f" ({locale})" if locale else ""),
            "PATCH",
            "/api/rest/v1/products/{identifier}",
            {"values": {attribute.code: [{"locale": locale, "scope": None, "data": "changed"}]}},
        ))
    if catalog.trees:
        templates.append(RequestTemplate(
            f"PATCH categories [{catalog.trees[0].code}]",
            "PATCH",
            "/api/rest/v1/products/{identifier}",
            {"categories": [catalog.trees[0].code]},
        ))
    templates.append(RequestTemplate("DELETE", "DELETE", "/api/rest/v1/products/{identifier}"))
    return tuple(templates)


def matrix(
    catalog: Catalog,
    grant: Grant,
    templates: Iterable[RequestTemplate] | None = None,
    products: Iterable[Product] | None = None,
) -> Matrix:
    """Answer every template for every product, each on the catalog as it is (the
    requests of one row do not see each other's changes)."""
    chosen = tuple(default_templates(catalog) if templates is None else templates)
    entities = tuple(catalog.products if products is None else products)
    identifiers = tuple(product.identifier for product in entities)
    decided = outcomes(catalog, grant, [template.pattern for template in chosen], identifiers)
    names = _LAYER_NAMES
    cells = [Cell(o.status, o.effect, names[o.decided_by], o.message) for o in decided]
    width = len(chosen)  # the outcomes come product after product, template after template
    rows = tuple(tuple(cells[start : start + width]) for start in range(0, width * len(entities), width))
    return Matrix(chosen, identifiers, rows if width else tuple(() for _ in entities))


_LAYER_NAMES = {layer: layer.value for layer in Layer}
"""A layer's name, looked up in a table: ``Enum.value`` is a Python-level property."""
