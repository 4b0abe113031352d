"""hypothesis-jsonschema's ``from_schema``, working with the Hypothesis this project pins.

hypothesis-jsonschema 0.23.1 (its latest release) draws an object's members through
Hypothesis's private ``many`` helper with ``elements.more()``; Hypothesis 6.170 made
``many`` a context manager iterated with ``for _ in elements``. The adapter below
offers the old calls on top of the new helper, so the library draws exactly as it was
written to; it steps aside when the helper still has ``more``.

The library also makes a strategy for each member's schema anew at every draw, which
costs about a second a document for the scenario schema; the strategies are kept
here, by their schema, so a document is drawn in milliseconds.
"""

from __future__ import annotations

from typing import Any

import json

import hypothesis_jsonschema._from_schema as _from_schema
from hypothesis.internal.conjecture import utils as _utils
from hypothesis_jsonschema import from_schema

__all__ = ["from_schema"]


class _Many:
    """``many`` as hypothesis-jsonschema calls it: ``more()`` until False, ``reject()``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._many = _utils.many(*args, **kwargs)
        self._many.__enter__()
        self._elements = iter(self._many)

    def more(self) -> bool:
        try:
            next(self._elements)
        except StopIteration:
            self._many.__exit__(None)
            return False
        return True

    def reject(self, why: str | None = None) -> None:
        self._many.reject(why)


if not hasattr(_utils.many, "more"):

    class _Utils:
        many = _Many

        def __getattr__(self, name: str) -> Any:
            return getattr(_utils, name)

    _from_schema.cu = _Utils()  # type: ignore[assignment]


_made: dict[tuple[str, int, int], Any] = {}
_merged = _from_schema.merged_as_strategies


def _kept(schemas: list[Any], *, alphabet: Any, custom_formats: Any) -> Any:
    key = (json.dumps(schemas, sort_keys=True), id(alphabet), id(custom_formats))
    if key not in _made:
        _made[key] = (_merged(schemas, alphabet=alphabet, custom_formats=custom_formats), alphabet, custom_formats)
    return _made[key][0]


_from_schema.merged_as_strategies = _kept
