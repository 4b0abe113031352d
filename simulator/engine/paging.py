"""Pagination of the list endpoints, as the PIM pages: its parameters' checks, the
page of items, the ``_links`` and ``items_count``.

akeneo/pim-community-dev: ``PaginationParametersValidator`` (the checks and their
words), ``OffsetHalPaginator`` and ``SearchAfterHalPaginator`` (the links: ``self``,
``first``, ``previous`` and ``next``), ``HalResource::toArray`` (``_links`` first, then
the data, then ``_embedded``), the list controllers (which parameters go into the
links, in which order). The limits are the PIM's configuration (``pim_parameters.yml``:
10 items a page by default, 100 at most). Links are written as paths: the simulated
PIM has no host name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence
from urllib.parse import urlencode

from simulator.engine import messages

DEFAULT_LIMIT = 10
MAX_LIMIT = 100

OFFSET = "page"
SEARCH_AFTER = "search_after"


class PagingError(ValueError):
    """A pagination parameter the PIM refuses (422), with the PIM's words."""


@dataclass(frozen=True)
class Paging:
    """The pagination a list asks for, checked."""

    type: str
    limit: int
    page: int
    with_count: bool
    search_after: str | None
    raw_limit: str
    raw_page: str
    raw_with_count: str


def _is_integer(text: str) -> bool:
    """PHP's ``strval($p) === strval(intval($p))``: digits only, an optional minus,
    no leading zero, no spaces."""
    body = text[1:] if text.startswith("-") else text
    return body.isdigit() and (body == "0" or not body.startswith("0")) and text != "-0"


def read_paging(query: Mapping[str, str], supports_search_after: bool) -> Paging:
    """``PaginationParametersValidator::validate``: the type, then the limit, then (for
    offset pages) the page and ``with_count``."""
    kind = query.get("pagination_type", OFFSET)
    raw_limit = query.get("limit", str(DEFAULT_LIMIT))
    raw_page = query.get("page", "1")
    raw_count = query.get("with_count", "false")
    if kind == SEARCH_AFTER:
        if not supports_search_after:
            raise PagingError(messages.PAGINATION_TYPE_UNSUPPORTED)
    elif kind != OFFSET:
        raise PagingError(messages.PAGINATION_TYPE_UNKNOWN)
    if "limit" in query:
        if not _is_integer(raw_limit) or int(raw_limit) < 1:
            raise PagingError(messages.bad_number("limit", raw_limit))
        if int(raw_limit) > MAX_LIMIT:
            raise PagingError(messages.TOO_MANY_ITEMS)
    if kind == OFFSET:
        if "page" in query and (not _is_integer(raw_page) or int(raw_page) < 1):
            raise PagingError(messages.bad_number("page", raw_page))
        if "with_count" in query and raw_count not in ("true", "false"):
            raise PagingError(messages.with_count_not_boolean(raw_count))
    return Paging(
        type=kind,
        limit=int(raw_limit),
        page=int(raw_page) if kind == OFFSET else 1,
        with_count=raw_count == "true",
        search_after=query.get("search_after"),
        raw_limit=raw_limit,
        raw_page=raw_page,
        raw_with_count=raw_count,
    )


def _href(path: str, parameters: Sequence[tuple[str, object]]) -> dict[str, str]:
    """A link as the PIM's router writes it: the set parameters, URL-encoded as PHP's
    ``http_build_query`` does (a space is ``+``)."""
    kept = [(name, str(value)) for name, value in parameters if value is not None]
    return {"href": f"{path}?{urlencode(kept)}" if kept else path}


def page_of(
    items: Sequence[dict[str, object]],
    paging: Paging,
    path: str,
    parameters: Sequence[tuple[str, object]],
    item_path: Callable[[dict[str, object]], str],
    count: int | None,
    next_key: Callable[[dict[str, object]], str] | None = None,
) -> dict[str, object]:
    """The HAL body of a page: ``items`` are the page's items already (at most
    ``limit``); ``parameters`` are the links' query parameters after ``page``, in the
    controller's order; ``count`` is the total when ``with_count`` asked for it."""
    embedded = [{"_links": {"self": {"href": item_path(item)}}, **item} for item in items]
    if paging.type == OFFSET:
        page_parameter = ("page", paging.raw_page)
        links: dict[str, object] = {
            "self": _href(path, [page_parameter, *parameters]),
            "first": _href(path, [("page", 1), *parameters]),
        }
        if paging.page >= 2:
            links["previous"] = _href(path, [("page", paging.page - 1), *parameters])
        if len(items) >= paging.limit:
            links["next"] = _href(path, [("page", paging.page + 1), *parameters])
        body: dict[str, object] = {"_links": links, "current_page": paging.page}
        if count is not None:
            body["items_count"] = count
        body["_embedded"] = {"items": embedded}
        return body
    links = {
        "self": _href(path, [*parameters, ("search_after", paging.search_after)]),
        "first": _href(path, list(parameters)),
    }
    if items and len(items) == paging.limit and next_key is not None:
        links["next"] = _href(path, [*parameters, ("search_after", next_key(items[-1]))])
    return {"_links": links, "_embedded": {"items": embedded}}
