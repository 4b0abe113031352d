"""What an App was granted: its scopes and, in EE, its permissions on three axes.

The permission levels are ordered (Own ⇒ Edit ⇒ View); :class:`AxisGrant` keeps that
order true whatever it is built from, as the PIM's permission form and server do.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final, Iterable, Mapping


class Edition(enum.Enum):
    CE = "CE"
    GE = "GE"
    EE = "EE"


class Level(enum.IntEnum):
    """A permission level; a higher level implies every lower one."""

    NONE = 0
    VIEW = 1
    EDIT = 2
    OWN = 3


class Axis(enum.Enum):
    """The three axes of the EE permission system, in the order the PIM checks them."""

    LOCALE = "locales"
    CATEGORY = "categories"
    ATTRIBUTE_GROUP = "attribute_groups"

    @property
    def levels(self) -> tuple[Level, ...]:
        """The levels this axis offers, highest first (categories alone have Own)."""
        if self is Axis.CATEGORY:
            return (Level.OWN, Level.EDIT, Level.VIEW)
        return (Level.EDIT, Level.VIEW)


@dataclass(frozen=True)
class AxisGrant:
    """The codes granted at each level of one axis, and the All flags.

    Built through :meth:`of`, which applies the implications (a code given Own is
    also in Edit and View; ``own_all ⇒ edit_all ⇒ view_all``).
    """

    own: frozenset[str] = frozenset()
    edit: frozenset[str] = frozenset()
    view: frozenset[str] = frozenset()
    own_all: bool = False
    edit_all: bool = False
    view_all: bool = False

    @classmethod
    def of(
        cls,
        own: frozenset[str] | set[str] | tuple[str, ...] = frozenset(),
        edit: frozenset[str] | set[str] | tuple[str, ...] = frozenset(),
        view: frozenset[str] | set[str] | tuple[str, ...] = frozenset(),
        own_all: bool = False,
        edit_all: bool = False,
        view_all: bool = False,
    ) -> AxisGrant:
        own_set = frozenset(own)
        edit_set = frozenset(edit) | own_set
        view_set = frozenset(view) | edit_set
        edit_all = edit_all or own_all
        view_all = view_all or edit_all
        return cls(own_set, edit_set, view_set, own_all, edit_all, view_all)

    @classmethod
    def everything(cls) -> AxisGrant:
        return cls.of(own_all=True)

    @classmethod
    def at_levels(
        cls, codes: Mapping[Level, Iterable[str]], all_levels: Iterable[Level] = ()
    ) -> AxisGrant:
        """Built from codes per level and the levels whose All is on (implications applied)."""
        on = frozenset(all_levels)
        picked = {level: frozenset(codes.get(level, ())) for level in _FIELDS}
        return cls.of(
            own=picked[Level.OWN], edit=picked[Level.EDIT], view=picked[Level.VIEW],
            own_all=Level.OWN in on, edit_all=Level.EDIT in on, view_all=Level.VIEW in on,
        )

    @staticmethod
    def field_name(level: Level) -> str:
        """The name of a level's codes, here and in every JSON form: ``own``, ``edit``, ``view``;
        its All flag is ``<name>_all``."""
        return _FIELDS[level]

    @staticmethod
    def level_named(name: str) -> Level | None:
        """The level a field name stands for (None for a name that is not one)."""
        return _LEVELS.get(name)

    def codes_at(self, level: Level) -> frozenset[str]:
        """The codes granted at ``level`` (those of the levels above included)."""
        codes: frozenset[str] = getattr(self, _FIELDS[level])
        return codes

    def all_at(self, level: Level) -> bool:
        """Whether ``level`` is granted on every code (All)."""
        on: bool = getattr(self, f"{_FIELDS[level]}_all")
        return on

    def level_of(self, code: str) -> Level:
        """The highest level granted on ``code`` (through its own entry or All)."""
        if self.own_all or code in self.own:
            return Level.OWN
        if self.edit_all or code in self.edit:
            return Level.EDIT
        if self.view_all or code in self.view:
            return Level.VIEW
        return Level.NONE

    def explicit_level(self, code: str) -> Level:
        """The highest level ``code`` is listed at, All left aside: where a permission
        form picks it."""
        for level in _FIELDS:
            if code in self.codes_at(level):
                return level
        return Level.NONE

    def all_level(self) -> Level:
        """The highest level whose All is on (``NONE`` when none is)."""
        return next((level for level in _FIELDS if self.all_at(level)), Level.NONE)


_FIELDS: Final[dict[Level, str]] = {Level.OWN: "own", Level.EDIT: "edit", Level.VIEW: "view"}
"""Each level's field name, highest level first; :class:`AxisGrant` is the only reader."""
_LEVELS: Final[dict[str, Level]] = {name: level for level, name in _FIELDS.items()}


@dataclass(frozen=True)
class Permissions:
    """EE permissions of the App's user group. Category codes are root trees: a tree's
    level applies to every category below it."""

    categories: AxisGrant = AxisGrant()
    locales: AxisGrant = AxisGrant()
    attribute_groups: AxisGrant = AxisGrant()

    @classmethod
    def everything(cls) -> Permissions:
        """What a GE App's user group gets by default, and what CE amounts to."""
        every = AxisGrant.everything()
        return cls(every, every, every)

    def axis(self, axis: Axis) -> AxisGrant:
        return getattr(self, axis.value)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Grant:
    """Everything an App holds once the wizard is confirmed."""

    edition: Edition
    scopes: frozenset[str]
    """Exhaustive: implied scopes included (see :func:`simulator.connect.scopes.expand`)."""
    permissions: Permissions = Permissions()
