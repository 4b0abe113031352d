"""A product read from a CSV export row, its text values made when first read.

A million products of an export hold two or three million text values (a name per
locale), and the summary and the grid never read them: only the answers about one
product do (its GET, a PATCH merged into it), and a catalog file written out. So a
product of the products export keeps the row's text cells (a tuple of the strings
the CSV reader made, in the export's value columns' order) and the places they go to,
and makes its :class:`Value` objects the first time its ``values`` are read; values of
other types (prices, metrics, options…) are checked while the file is read, as their
problems are reported then, and made at once.

It is a :class:`Product` in every way the rules and the formats use one: the same
fields (``dataclasses.fields``, ``replace``, ``vars``), equal to the product a catalog
file gives with the same data, hashed alike.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, Final, overload

from simulator.model import Association, Labels, Product, Value

Place = tuple[str, "str | None", "str | None"]
"""(attribute, locale, channel) of a value column."""


class PendingValues:
    """The text cells of a row, the places they go to, and the values made at once."""

    __slots__ = ("texts", "places", "typed")

    def __init__(self, texts: tuple[str, ...], places: tuple[Place, ...], typed: tuple[Value, ...]) -> None:
        self.texts = texts
        self.places = places
        self.typed = typed

    def made(self) -> tuple[Value, ...]:
        """The values, texts first (an empty cell is no value), as the export lists them."""
        new, set_field = object.__new__, object.__setattr__
        found: list[Value] = []
        for (attribute, locale, scope), text in zip(self.places, self.texts):
            if text:
                value = new(Value)
                set_field(value, "attribute", attribute)
                set_field(value, "locale", locale)
                set_field(value, "data", text)
                set_field(value, "scope", scope)
                found.append(value)
        found.extend(self.typed)
        return tuple(found)


class _Values:
    """The ``values`` field of an exported product: made from the pending cells the
    first time it is read, then held as any product holds them."""

    @overload
    def __get__(self, product: None, owner: type | None = None) -> tuple[Value, ...]: ...
    @overload
    def __get__(self, product: Product, owner: type | None = None) -> tuple[Value, ...]: ...

    def __get__(self, product: Product | None, owner: type | None = None) -> tuple[Value, ...]:
        if product is None:
            return ()
        fields = product.__dict__
        held = fields["values"]
        if type(held) is PendingValues:
            held = fields["values"] = held.made()
        made: tuple[Value, ...] = held
        return made

    def __set__(self, product: Product, values: tuple[Value, ...] | PendingValues) -> None:
        product.__dict__["values"] = values  # what the frozen dataclass's __init__ sets


_FIELDS: Final = tuple(name for name in Product.__dataclass_fields__)
_field_values: Final = attrgetter(*_FIELDS)


class ExportedProduct(Product):
    """A product of a CSV export (see the module)."""

    values = _Values()
    """The field, read through the row's pending cells."""

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Product):
            return bool(_field_values(self) == _field_values(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_field_values(self))


def make_exported(
    identifier: str, parent: str | None, family: str, enabled: bool, categories: tuple[str, ...],
    values: PendingValues, labels: Labels, groups: tuple[str, ...], associations: tuple[Association, ...],
) -> Product:
    """An exported product, its fields set in declaration order (one shared key table)."""
    product: Any = object.__new__(ExportedProduct)
    product.__dict__.update(
        identifier=identifier, parent=parent, family=family, enabled=enabled, categories=categories,
        values=values, labels=labels, groups=groups, associations=associations, uuid="",
    )
    made: Product = product
    return made
