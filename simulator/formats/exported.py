"""A product read from a CSV export row, its text values made when they are read.

A million products of an export hold two or three million text values (a name per
locale), and the summary and the grid never read them: only the answers about one
product do (its GET, a PATCH merged into it), and a catalog file written out. So a
product of the products export keeps the row's text cells (the strings the CSV
reader made, in the export's value columns' order, held in the product's own tuple
after its fields) and the places they go to,
and makes its :class:`Value` objects when its ``values`` are read; values of
other types (prices, metrics, options…) are checked while the file is read, as their
problems are reported then, and made at once.

It is a :class:`Product` in every way the rules and the formats use one: the same
fields (``dataclasses.fields``, ``replace``, ``vars``), equal to the product a catalog
file gives with the same data, hashed alike.
"""

from __future__ import annotations

from operator import attrgetter
from operator import itemgetter
from typing import Any, Final

from simulator.model import Association, Labels, Product, Value

Place = tuple[str, "str | None", "str | None"]
"""(attribute, locale, channel) of a value column."""


def made_values(texts: tuple[str, ...], places: tuple[Place, ...], typed: tuple[Value, ...]) -> tuple[Value, ...]:
    """The values, texts first (an empty cell is no value), as the export lists them."""
    new, set_field = object.__new__, object.__setattr__
    found: list[Value] = []
    for (attribute, locale, scope), text in zip(places, texts):
        if text:
            value = new(Value)
            set_field(value, "attribute", attribute)
            set_field(value, "locale", locale)
            set_field(value, "data", text)
            set_field(value, "scope", scope)
            found.append(value)
    found.extend(typed)
    return tuple(found)


_NO_LABELS: Final[Labels] = {}
"""A product of a CSV export has no labels of its own: one empty mapping shared."""

_FIELDS: Final = tuple(name for name in Product.__dataclass_fields__)
_field_values: Final = attrgetter(*_FIELDS)

Row = tuple[object, ...]
"""What an exported product holds: identifier, parent, family, enabled, categories,
the places its text cells go to, its other values, groups, associations, then its
text cells themselves (the cells of a row, each product one tuple, not two)."""

TEXTS: Final = 9
"""Where an exported product's text cells start."""


class ExportedProduct(tuple, Product):  # type: ignore[type-arg]
    """A product of a CSV export (see the module): a tuple of its row's fields
    (:data:`Row`), made for a whole block of rows by one C call (``tuple.__new__``
    mapped over the block's columns), its fields read through properties."""

    __slots__ = ()

    identifier = property(itemgetter(0))
    parent = property(itemgetter(1))
    family = property(itemgetter(2))
    enabled = property(itemgetter(3))
    categories = property(itemgetter(4))
    groups = property(itemgetter(7))
    associations = property(itemgetter(8))

    @property
    def values(self) -> tuple[Value, ...]:
        """The values, made from the row's text cells each time they are read (an
        answer reads one product's; nothing reads them all but a catalog file written)."""
        return made_values(self[TEXTS:], self[5], self[6])

    @property
    def labels(self) -> Labels:
        return _NO_LABELS

    @property
    def uuid(self) -> str:
        return ""

    @property
    def __dict__(self) -> dict[str, Any]:  # type: ignore[override]
        """The fields by name, as a product's instance dictionary holds them (``vars``)."""
        return dict(zip(_FIELDS, _field_values(self)))

    def __new__(cls, *args: Any, **fields: Any) -> Product:  # type: ignore[misc]
        """A changed copy (``dataclasses.replace``, ``type(p)(**vars(p))``) is a plain product."""
        return Product(*args, **fields)

    def __reduce__(self) -> tuple[type[Product], tuple[Any, ...]]:
        return (Product, _field_values(self))

    __repr__ = Product.__repr__

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Product):
            return bool(_field_values(self) == _field_values(other))
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(_field_values(self))


new_exported: Final = tuple.__new__
"""``new_exported(ExportedProduct, row)`` makes an exported product of a :data:`Row`."""


def make_exported(
    identifier: str, parent: str | None, family: str, enabled: bool, categories: tuple[str, ...],
    texts: tuple[str, ...], places: tuple[Place, ...], typed: tuple[Value, ...], groups: tuple[str, ...],
    associations: tuple[Association, ...],
) -> Product:
    """One exported product (the row-by-row reader's)."""
    made: Product = new_exported(
        ExportedProduct, (identifier, parent, family, enabled, categories, places, typed, groups, associations, *texts),
    )
    return made
