"""The requests the engine does not model, each answered on its own, so that a pasted
log of an App's calls is answered line by line instead of refused as a whole.

The PIM's route table (:mod:`simulator.model.api_paths`) says what the PIM does with
such a request, and where it is known the answer is the PIM's:

- **no route** for the path (neither the route table of v7.0 nor the API reference has
  it): 404 ``No route found for "GET …"`` (Symfony's ``RouterListener``);
- a path **of the Enterprise Edition** (the API reference's ``x-ee``, or the former
  asset manager's) asked of another edition: the same 404, as the drafts of
  :mod:`simulator.engine.answers`;
- a path the route table has, asked **with a method it does not have**: 405 ``No route
  found for "DELETE …": Method Not Allowed (Allow: GET, PATCH)``, the methods in the
  router's order;
- otherwise the PIM has the endpoint and the simulator does not model it: the answer is
  marked **not simulated** (:attr:`Effect.UNSIMULATED`), naming the path, the API
  reference's page of it and what the simulator does answer. It never makes up the
  PIM's status or message.
"""

from __future__ import annotations

from simulator.engine import messages
from simulator.engine.context import CheckRecord, Outcome
from simulator.engine.store import Store
from simulator.model import (
    ApiPath,
    Availability,
    Edition,
    Effect,
    Grant,
    Layer,
    Request,
    Rule,
    UnsimulatedRoute,
    api_path,
)

NOT_SIMULATED_STATUS = 501
"""The status of an answer the simulator cannot give: "Not Implemented", the simulator's
(the PIM's own answer is unknown to it)."""

_ENTERPRISE_ONLY = (Availability.ENTERPRISE, Availability.FORMER_ASSETS)
_ROUTE_TABLE = "the PIM's route table (v7.0)"


def answer_unsimulated(store: Store, grant: Grant, request: Request) -> tuple[Outcome, tuple[CheckRecord, ...]]:
    """The PIM's answer where the route table tells it, else "not simulated"."""
    route = request.route
    assert isinstance(route, UnsimulatedRoute)
    method, path = route.method, route.path
    known = api_path(path.rstrip("/") or path)
    if known is None:
        message = messages.no_route(method, path)
        check: CheckRecord = (
            Rule.REQUEST, Layer.REQUEST,
            f"The PIM has no route for {path}: neither {_ROUTE_TABLE} nor the API reference knows this path.", False,
        )
        return _refused(store, 404, message, Layer.REQUEST), (check,)
    if known.availability in _ENTERPRISE_ONLY and grant.edition is not Edition.EE:
        check = (
            Rule.EDITION, Layer.EDITION,
            f"{grant.edition.value} has no {known.topic}: the API reference documents {known.template} for the "
            f"{known.availability.value} only, and {_ROUTE_TABLE} has no such route.", False,
        )
        return _refused(store, 404, messages.no_route(method, path), Layer.EDITION), (check,)
    if method not in known.allowed and known.availability is Availability.EVERY_EDITION:
        allowed = ", ".join(known.allowed)
        check = (
            Rule.REQUEST, Layer.REQUEST,
            f"The PIM's route table (v7.0) has {known.template} for {allowed} only, not {method}.", False,
        )
        return _refused(store, 405, messages.method_not_allowed(method, path, known.allowed), Layer.REQUEST), (check,)
    return not_simulated(store, method, path, known)


def not_simulated(store: Store, method: str, path: str, known: ApiPath | None, topic: str = "",
                  checks: tuple[CheckRecord, ...] = ()) -> tuple[Outcome, tuple[CheckRecord, ...]]:
    """The answer marked "not simulated", after the ``checks`` the simulator could make
    (a scope it knows the endpoint needs)."""
    topic = topic or (known.topic if known is not None else "the PIM")
    where = ""
    if known is not None:
        operation = known.operation(method)
        where = f" (the API reference's {operation})" if operation else ""
        if known.availability is Availability.SAAS:
            where += "; the API reference documents it for the SaaS PIM only"
        elif known.availability is Availability.FORMER_ASSETS:
            where += ("; the API reference documents it for EE 2.1 to 3.x only, the former asset manager: since 3.2 "
                      "the assets are served under /api/rest/v1/asset-families/{code}/assets")
    check: CheckRecord = (
        Rule.REQUEST, Layer.REQUEST,
        f"Not simulated: the PIM has {method} {path}{where}, but the simulator does not model {topic}, so it cannot "
        "tell what the PIM answers.", False,
    )
    outcome = Outcome(NOT_SIMULATED_STATUS, messages.not_simulated(method, path, topic), Effect.UNSIMULATED,
                      Layer.REQUEST, store, None)
    return outcome, (*checks, check)


def _refused(store: Store, status: int, message: str, layer: Layer) -> Outcome:
    return Outcome(status, message, Effect.REFUSED, layer, store, {"code": status, "message": message})
