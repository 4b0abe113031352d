"""Making a million model objects quickly.

A frozen dataclass's ``__init__`` takes its arguments by name, checks them and calls
its default factories; an import that makes a million products pays for it. A
:func:`maker` is a function made once per class (as ``dataclasses`` itself makes
``__init__``) that sets the fields in declaration order through
``object.__setattr__`` (so instances keep sharing their attribute-name table and stay
as small as those made by ``__init__``; filling ``__dict__`` directly is faster but
makes each instance half as big again), with empty defaults shared rather than made
anew: the model's objects are immutable, no one changes them.
The objects are the same as ``__init__`` makes (they compare equal, and
``dataclasses.replace`` works on them).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, TypeVar

T = TypeVar("T")


def maker(cls: type[T]) -> Callable[..., T]:
    """A function taking the same arguments as ``cls`` (by name, or in field order:
    faster, for the hot loops) and making an instance."""
    assert dataclasses.is_dataclass(cls)
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_set": object.__setattr__}
    parameters: list[str] = []
    lines: list[str] = []
    for index, f in enumerate(dataclasses.fields(cls)):
        if not f.init:
            continue
        if f.default is not dataclasses.MISSING:
            namespace[f"_d{index}"] = f.default
            parameters.append(f"{f.name}=_d{index}")
        elif f.default_factory is not dataclasses.MISSING:
            namespace[f"_d{index}"] = f.default_factory()
            parameters.append(f"{f.name}=_d{index}")
        else:
            parameters.append(f.name)
        lines.append(f"    _set(o, {f.name!r}, {f.name})")
    source = f"def make({', '.join(parameters)}):\n    o = _new(_cls)\n" + "\n".join(lines) + "\n    return o\n"
    exec(source, namespace)  # noqa: S102 - generated from the dataclass's own fields
    made: Callable[..., T] = namespace["make"]
    return made
