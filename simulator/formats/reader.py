"""One reader for every JSON document the simulator takes in, and its JSON Schema.

A format is a table of shapes: :class:`Record` (an object with named fields, each a
:class:`Field`), :class:`ListOf`, :class:`MapOf` (an object keyed by codes),
:class:`Either` (a name or an inline object), :class:`Tagged` (objects told apart by
one field), and the scalars :class:`Text`, :class:`Boolean`, :class:`Integer`,
:class:`Choice`, :class:`Const`. The same table reads a document (:meth:`Shape.read`)
and writes its JSON Schema (:meth:`Shape.schema`), so the schema and the reader
cannot disagree on what a document may hold. What a table cannot say (a product's
category must be one of the catalog's) the format's own module checks once the
document is read, raising the same error.

Every problem is a :class:`FormatError` with the path of the field at fault, in one
style: ``products[3].categories[0]: unknown category "x"``. Keys that are not plain
codes are quoted and shortened in paths (``values["a b…"]``), so a message stays short
whatever the document holds.

Every document is bounded by one table, :data:`simulator.limits.LIMITS` (written out
in ``docs/scenario-format.md``): its size and nesting depth are checked before the text
is parsed (a deeply nested document would exhaust the C stack of Pyodide's parser,
which kills the interpreter), the rest as the document is read, each breach a
:class:`FormatError` at the field's path. The same rules hold for every string, keys
included: no lone surrogate (it is not text, and would break writing the document
back) and no control character but tab, line feed and carriage return.
"""

from __future__ import annotations

import contextvars
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Final, Generic, Iterable, Mapping, TypeVar

from simulator.limits import LIMITS, digits_of, too_deep

T = TypeVar("T")
JsonValue = Any
"""A value decoded from JSON (None, bool, int, float, str, list or dict)."""

SHOWN_CHARACTERS: Final = 40
"""How much of a bad value or an odd key a message repeats."""
SHOWN_PATH: Final = 160
"""How much of a path a message repeats (the path of a field nested 60 levels deep is
cut in its middle)."""


class FormatError(ValueError):
    """A document that cannot be read; ``path`` names the field at fault (empty: the
    whole document), ``message`` says what is wrong with it, ``about`` (if any) what
    was being read: ``the link holds an invalid scenario: edition: …``."""

    def __init__(self, path: str, message: str, about: str = "") -> None:
        shown = path if len(path) <= SHOWN_PATH else f"{path[: SHOWN_PATH // 2 - 1]}…{path[-SHOWN_PATH // 2:]}"
        super().__init__(": ".join(part for part in (about, shown, message) if part))
        self.path = path
        self.message = message
        self.about = about


class BadNumber:
    """A number the reader does not take (too many digits, out of range), kept as this
    marker by the parser so that the field holding it is named when it is read."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


class Duplicated(dict[str, Any]):
    """An object in which one member is given twice, as the parser found it."""

    duplicate: str = ""


# Paths.

_PLAIN_KEY: Final = re.compile(r"[^\s.\[\]\"'\\]{1,%d}" % SHOWN_CHARACTERS)


def key_path(path: str, key: str) -> str:
    """The path of member ``key`` of the object at ``path``."""
    if _PLAIN_KEY.fullmatch(key) and not _NOT_IN_CODES.search(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{quoted(key)}]"


def quoted(text: str) -> str:
    """``text`` shortened, in double quotes, as JSON writes it, with every control
    character and lone surrogate written as an escape: safe in any message."""
    return _UNSAFE.sub(lambda found: f"\\u{ord(found[0]):04x}", json.dumps(shorten(text), ensure_ascii=False))


_UNSAFE: Final = re.compile("[\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNREADABLE: Final = re.compile("[\ud800-\udfff]")
"""What no string of a document may hold: lone surrogates (half of a UTF-16 pair, not
text: writing the document back as UTF-8 would fail)."""
_NOT_IN_CODES: Final = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""What no code may hold either: control characters (a code names a thing in paths,
links, messages and the terminal). Free text (titles, labels, values) keeps them as data,
and every front end shows them escaped."""
_PRINTABLE_CODE: Final = "^[^\x00-\x1f\x7f-\x9f]*(?![\\s\\S])"
"""The schema's form of the same rule; the end is "no character follows", as ``$`` would
let a final line feed through (in Python's ``re``, which JSON Schema validators use)."""


def index_path(path: str, index: int) -> str:
    return f"{path}[{index}]"


def path_of(base: str, *parts: str | int) -> str:
    """The path of a field below ``base``: ``path_of("catalog", "products", 3)``."""
    for part in parts:
        base = index_path(base, part) if isinstance(part, int) else key_path(base, part)
    return base


def shorten(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def kind(value: JsonValue) -> str:
    """What a JSON value is, as a message names it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float, BadNumber)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def show(value: JsonValue) -> str:
    """A short rendering of a bad value for a message."""
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int) and value.bit_length() <= 64:
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return kind(value)


def listing(values: Iterable[str]) -> str:
    return ", ".join(values)


# Shapes.

_JSON_TYPES: Final[tuple[tuple[type, str], ...]] = (
    (bool, "boolean"), (str, "string"), (int, "number"), (float, "number"), (BadNumber, "number"),
    (list, "array"), (dict, "object"), (type(None), "null"),
)


def check_text(value: str, path: str, code: bool = False) -> str:
    """``value`` if it is short enough and holds only text (a ``code``: printable text);
    a :class:`FormatError` at ``path`` otherwise."""
    if len(value) > LIMITS.characters:
        raise FormatError(path, f"a text of {len(value):,} characters: at most {LIMITS.characters:,} are read")
    found = (_NOT_IN_CODES if code else _UNREADABLE).search(value)
    if found is not None:
        character = ord(found[0])
        if 0xD800 <= character <= 0xDFFF:
            raise FormatError(path, f"holds a lone surrogate U+{character:04X} at character {found.start() + 1:,}: not text")
        raise FormatError(
            path, f"holds the control character U+{character:04X} at character {found.start() + 1:,}: a code is printable"
        )
    return value


def check_size(value: list[Any] | dict[str, Any], path: str) -> None:
    """A list's items or an object's members within the limit; no member twice."""
    if len(value) > LIMITS.items:
        noun = "items" if isinstance(value, list) else "members"
        raise FormatError(path, f"{len(value):,} {noun}: at most {LIMITS.items:,} are read")
    if isinstance(value, Duplicated):
        raise FormatError(key_path(path, value.duplicate), "given twice in the same object")


def check_keys(value: dict[str, Any], path: str) -> None:
    for key in value:
        if len(key) > LIMITS.characters or _UNREADABLE.search(key):
            check_text(key, path)


def check_json(value: JsonValue, path: str, depth: int = LIMITS.depth) -> JsonValue:
    """``value`` if every part of it is within the limits (``depth`` levels at most),
    walked without recursion: JSON no table describes (a request's body)."""
    pending = [(value, path, 0)]
    while pending:
        node, where, level = pending.pop()
        if isinstance(node, str):
            check_text(node, where)
        elif isinstance(node, BadNumber):
            raise FormatError(where, node.message)
        elif isinstance(node, float) and node - node != 0:
            raise FormatError(where, "a number out of range")
        elif isinstance(node, (dict, list)):
            if level >= depth:
                raise FormatError(where, f"nested more than {depth} levels deep")
            check_size(node, where)
            if isinstance(node, dict):
                check_keys(node, where)
                pending.extend((item, key_path(where, key), level + 1) for key, item in node.items())
            else:
                pending.extend((item, index_path(where, index), level + 1) for index, item in enumerate(node))
    return value


def json_type(value: JsonValue) -> str:
    for python_type, name in _JSON_TYPES:
        if isinstance(value, python_type):
            return name
    return "unknown"


class Shape(Generic[T]):
    """What a JSON value must be, read into ``T``."""

    expected: str = "a value"
    """How a message names what the value should have been: "a string"."""
    types: frozenset[str] = frozenset()
    """The JSON types the shape takes (for :class:`Either`)."""

    def read(self, value: JsonValue, path: str) -> T:
        raise NotImplementedError

    def schema(self) -> dict[str, JsonValue]:
        raise NotImplementedError

    def wrong_type(self, value: JsonValue, path: str) -> FormatError:
        if isinstance(value, BadNumber):  # a number the parser did not take: why, not its type
            return FormatError(path, value.message)
        return FormatError(path, f"expected {self.expected}, got {kind(value)}")


@dataclass(frozen=True)
class Text(Shape[str]):
    """A string; ``code=True`` for a code or an identifier (something not blank)."""

    code: bool = False
    pattern: str | None = None
    """A regular expression the text must contain a match of (JSON Schema's rule)."""
    pattern_message: str = ""
    description: str = ""
    expected = "a string"
    types = frozenset({"string"})

    def read(self, value: JsonValue, path: str) -> str:
        if not isinstance(value, str):
            raise self.wrong_type(value, path)
        check_text(value, path, self.code)
        if self.code and not _NOT_BLANK.search(value):
            raise FormatError(path, "must not be empty")
        if self.pattern is not None and not re.search(self.pattern, value):
            raise FormatError(path, self.pattern_message.format(value=show(value)) or f"does not match {self.pattern}")
        return value

    def schema(self) -> dict[str, JsonValue]:
        out: dict[str, JsonValue] = {"type": "string"}
        patterns = [_PRINTABLE_CODE, _NOT_BLANK.pattern] if self.code else []
        if self.code:
            out["minLength"] = 1
        if self.pattern is not None:
            patterns.append(self.pattern)
        if len(patterns) == 1:
            out["pattern"] = patterns[0]
        elif patterns:
            out["allOf"] = [{"pattern": pattern} for pattern in patterns]
        return _described(out, self.description)


_NOT_BLANK: Final = re.compile(r"\S")

CODE: Final = Text(code=True)
TEXT: Final = Text()


@dataclass(frozen=True)
class _Scalar(Shape[T]):
    """A JSON value of one type: null, true or false, a number."""

    description: str = ""
    json: ClassVar[str]

    @property
    def types(self) -> frozenset[str]:  # type: ignore[override]
        return frozenset({self.json})

    def read(self, value: JsonValue, path: str) -> T:
        if isinstance(value, BadNumber):
            raise FormatError(path, value.message)
        if json_type(value) != self.json:
            raise self.wrong_type(value, path)
        return value  # type: ignore[no-any-return]

    def schema(self) -> dict[str, JsonValue]:
        return _described({"type": self.json}, self.description)


class Null(_Scalar[None]):
    expected = "null"
    json = "null"


class Boolean(_Scalar[bool]):
    expected = "true or false"
    json = "boolean"


class Number(_Scalar[float]):
    """Any JSON number."""

    expected = "a number"
    json = "number"


NULL: Final = Null()
BOOLEAN: Final = Boolean()
NUMBER: Final = Number()


@dataclass(frozen=True)
class Integer(Shape[int]):
    """A whole number from ``minimum`` to ``maximum``; a number out of range is shown."""

    minimum: int
    maximum: int
    name: str = "a whole number"
    description: str = ""
    types = frozenset({"number"})

    @property
    def expected(self) -> str:  # type: ignore[override]
        return self.name

    def read(self, value: JsonValue, path: str) -> int:
        if isinstance(value, BadNumber):
            raise FormatError(path, value.message)
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # JSON Schema counts 200.0 as an integer
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.wrong_type(value, path)
        if not self.minimum <= value <= self.maximum:
            raise FormatError(path, f"expected {self.name}, got {show(value)}")
        return value

    def schema(self) -> dict[str, JsonValue]:
        return _described({"type": "integer", "minimum": self.minimum, "maximum": self.maximum}, self.description)


@dataclass(frozen=True)
class Choice(Shape[str]):
    """One of a few strings. ``unknown`` words the refusal of another string; it may
    use ``{value}`` and ``{choices}``."""

    choices: tuple[str, ...]
    unknown: str = "expected one of {choices}, got {value}"
    description: str = ""
    types = frozenset({"string"})

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"one of {listing(self.choices)}"

    def read(self, value: JsonValue, path: str) -> str:
        if isinstance(value, str) and value in self.choices:
            return value
        if isinstance(value, BadNumber):
            raise self.wrong_type(value, path)
        raise FormatError(path, self.unknown.format(value=show(value), choices=listing(self.choices)))

    def schema(self) -> dict[str, JsonValue]:
        return _described({"enum": list(self.choices)}, self.description)


@dataclass(frozen=True)
class Const(Shape[JsonValue]):
    """Exactly one value: a format version. ``unknown`` words any other (``{value}``)."""

    value: int | str
    unknown: str
    description: str = ""

    @property
    def types(self) -> frozenset[str]:  # type: ignore[override]
        return frozenset({json_type(self.value)})

    def read(self, value: JsonValue, path: str) -> JsonValue:
        if isinstance(value, BadNumber):
            raise self.wrong_type(value, path)
        if value != self.value or isinstance(value, bool) or json_type(value) != json_type(self.value):
            raise FormatError(path, self.unknown.format(value=show(value)))
        return self.value

    def schema(self) -> dict[str, JsonValue]:
        return _described({"const": self.value}, self.description)


@dataclass(frozen=True)
class ListOf(Generic[T], Shape[list[T]]):
    """A list; with ``unique`` (the noun of an item, "category"), no item twice."""

    item: Shape[T]
    unique: str = ""
    description: str = ""
    expected = "a list"
    types = frozenset({"array"})

    def read(self, value: JsonValue, path: str) -> list[T]:
        if not isinstance(value, list):
            raise self.wrong_type(value, path)
        check_size(value, path)
        items = [self.item.read(item, index_path(path, index)) for index, item in enumerate(value)]
        if self.unique:
            seen: set[object] = set()
            for index, item in enumerate(items):
                if item in seen:
                    raise FormatError(index_path(path, index), f"{self.unique} {show(item)} given twice")
                seen.add(item)
        return items

    def schema(self) -> dict[str, JsonValue]:
        out: dict[str, JsonValue] = {"type": "array", "items": self.item.schema()}
        if self.unique:
            out["uniqueItems"] = True
        return _described(out, self.description)


@dataclass(frozen=True)
class MapOf(Generic[T], Shape[dict[str, T]]):
    """An object whose keys are codes (locales, attributes, parameters)."""

    value: Shape[T]
    key: Text = CODE
    description: str = ""
    expected = "an object"
    types = frozenset({"object"})

    def read(self, value: JsonValue, path: str) -> dict[str, T]:
        if not isinstance(value, dict):
            raise self.wrong_type(value, path)
        check_size(value, path)
        read: dict[str, T] = {}
        for key, item in value.items():
            where = key_path(path, key)
            self.key.read(key, where)
            read[key] = self.value.read(item, where)
        return read

    def schema(self) -> dict[str, JsonValue]:
        return _described(
            {"type": "object", "propertyNames": self.key.schema(), "additionalProperties": self.value.schema()},
            self.description,
        )


_MISSING: Final = object()


@dataclass(frozen=True)
class Field:
    """One field of a :class:`Record`: required, or with a default filled in when absent
    (no default: absent stays absent)."""

    name: str
    shape: Shape[Any]
    required: bool = False
    default: JsonValue = _MISSING
    missing: str = "missing"
    """The message when a required field is absent."""
    description: str = ""

    def at(self, path: str) -> str:
        """The field's path in the object at ``path``."""
        return f"{path}.{self.name}" if path else self.name

    def filled(self, path: str) -> JsonValue:
        """The default, with the defaults within it filled in (a fresh list or object)."""
        default = self.default
        if default is None or isinstance(default, (str, bool, int)):
            return default
        if not default and isinstance(self.shape, (ListOf, MapOf)):
            return type(default)()
        return self.shape.read(default, self.at(path))


@dataclass(frozen=True)
class Record(Shape[dict[str, Any]]):
    """An object with named fields and no other; read into a dict of the fields given
    (defaults filled in). ``at_least_one`` words the refusal of an empty object."""

    fields: tuple[Field, ...]
    at_least_one: str = ""
    description: str = ""
    expected = "an object"
    types = frozenset({"object"})

    def __post_init__(self) -> None:
        for each in self.fields:
            assert _PLAIN_KEY.fullmatch(each.name), f"a field's name is a plain key: {each.name!r}"
        object.__setattr__(self, "_known", frozenset(f.name for f in self.fields))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def read(self, value: JsonValue, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.wrong_type(value, path)
        check_size(value, path)
        known: frozenset[str] = self._known  # type: ignore[attr-defined]
        if not known.issuperset(value):
            name = next(name for name in value if name not in known)
            raise FormatError(key_path(path, name), f"unknown field; expected one of {listing(sorted(known))}")
        read: dict[str, Any] = {}
        for each in self.fields:
            if each.name in value:
                read[each.name] = each.shape.read(value[each.name], each.at(path))
            elif each.required:
                raise FormatError(each.at(path), each.missing)
            elif each.default is not _MISSING:
                read[each.name] = each.filled(path)
        if self.at_least_one and not value:
            raise FormatError(path, self.at_least_one)
        return read

    def schema(self) -> dict[str, JsonValue]:
        out: dict[str, JsonValue] = {"type": "object"}
        required = [f.name for f in self.fields if f.required]
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        if self.at_least_one:
            out["minProperties"] = 1
        out["properties"] = {f.name: _described(f.shape.schema(), f.description) for f in self.fields}
        return _described(out, self.description)

    def extended(self, *fields: Field) -> Record:
        """This record with more fields: how a format grows."""
        return Record((*self.fields, *fields), self.at_least_one, self.description)


@dataclass(frozen=True)
class Either(Shape[JsonValue]):
    """One of a few shapes told apart by JSON type: a shipped catalog's name or a catalog."""

    alternatives: tuple[Shape[Any], ...]
    name: str
    description: str = ""

    @property
    def expected(self) -> str:  # type: ignore[override]
        return self.name

    @property
    def types(self) -> frozenset[str]:  # type: ignore[override]
        return frozenset().union(*(alternative.types for alternative in self.alternatives))

    def read(self, value: JsonValue, path: str) -> JsonValue:
        found = json_type(value)
        for alternative in self.alternatives:
            if found in alternative.types:
                return alternative.read(value, path)
        raise self.wrong_type(value, path)

    def schema(self) -> dict[str, JsonValue]:
        return _described({"oneOf": [alternative.schema() for alternative in self.alternatives]}, self.description)


@dataclass(frozen=True)
class Tagged(Shape[dict[str, Any]]):
    """Objects told apart by the value of one field (``{"do": "codes", …}``): each
    case is a record, which holds the tag field too."""

    tag: str
    cases: Mapping[str, Record]
    description: str = ""
    expected = "an object"
    types = frozenset({"object"})

    def read(self, value: JsonValue, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.wrong_type(value, path)
        check_size(value, path)
        where = key_path(path, self.tag)
        if self.tag not in value:
            raise FormatError(where, "missing")
        tag = Choice(tuple(self.cases)).read(value[self.tag], where)
        return self.cases[tag].read(value, path)

    def schema(self) -> dict[str, JsonValue]:
        cases = []
        for tag, record in self.cases.items():
            case = record.schema()
            case["properties"] = {**case["properties"], self.tag: {"const": tag}}
            case["required"] = sorted({self.tag, *case.get("required", [])})
            cases.append(case)
        return _described({"oneOf": cases}, self.description)


@dataclass(frozen=True)
class AnyObject(Shape[dict[str, JsonValue]]):
    """An object of any JSON: a request's body, read by the engine (which names its own
    problems, as the PIM does)."""

    description: str = ""
    expected = "an object"
    types = frozenset({"object"})

    def read(self, value: JsonValue, path: str) -> dict[str, JsonValue]:
        if not isinstance(value, dict):
            raise self.wrong_type(value, path)
        return check_json(value, path)  # type: ignore[no-any-return]

    def schema(self) -> dict[str, JsonValue]:
        return _described({"type": "object"}, self.description)


class _Wrapper(Generic[T], Shape[T]):
    """A shape around another, which takes and names the same values."""

    shape: Shape[Any]

    @property
    def expected(self) -> str:  # type: ignore[override]
        return self.shape.expected

    @property
    def types(self) -> frozenset[str]:  # type: ignore[override]
        return self.shape.types


@dataclass(frozen=True)
class Built(_Wrapper[T]):
    """A shape read, then built into a model object by ``build(read, value, path)``
    (``value`` as the document gives it). The build checks what the table cannot say,
    raising :class:`FormatError` with the path at fault."""

    shape: Shape[Any]
    build: Callable[[Any, JsonValue, str], T] = field(compare=False)

    def read(self, value: JsonValue, path: str) -> T:
        read = self.shape.read(value, path)
        if _TABLE_ONLY.get():
            return read  # type: ignore[no-any-return]
        return self.build(read, value, path)

    def schema(self) -> dict[str, JsonValue]:
        return self.shape.schema()


@dataclass(frozen=True)
class Named(_Wrapper[T]):
    """A shape the JSON Schema writes once, in ``$defs``, and refers to by name."""

    name: str
    shape: Shape[T]

    def read(self, value: JsonValue, path: str) -> T:
        return self.shape.read(value, path)

    def schema(self) -> dict[str, JsonValue]:
        defs = _DEFS.get()
        if defs is None:
            return self.shape.schema()
        if self.name not in defs:
            defs[self.name] = {}  # taken, while its own schema is written
            defs[self.name] = self.shape.schema()
        return {"$ref": f"#/$defs/{self.name}"}


_DEFS: Final[contextvars.ContextVar[dict[str, JsonValue] | None]] = contextvars.ContextVar("defs", default=None)


def schema_document(shape: Shape[Any], **header: JsonValue) -> dict[str, JsonValue]:
    """The JSON Schema of ``shape`` as a document: ``header`` first, the shapes named
    by :class:`Named` in ``$defs`` last."""
    defs: dict[str, JsonValue] = {}
    token = _DEFS.set(defs)
    try:
        body = shape.schema()
    finally:
        _DEFS.reset(token)
    return {**header, **body, **({"$defs": dict(sorted(defs.items()))} if defs else {})}


def json_data(depth: int, description: str = "") -> Shape[JsonValue]:
    """Any JSON value of at most ``depth`` levels of lists and objects: data a table
    does not describe further (a value's data, whose form its attribute's type says)."""
    scalars: tuple[Shape[Any], ...] = (TEXT, NUMBER, BOOLEAN, NULL)
    shape: Shape[Any] = Named("json_0", Either(scalars, "a string, a number, true, false or null"))
    for level in range(1, depth + 1):
        name = f"a JSON value (lists and objects {level} deep at most)"
        if level == depth:
            return Either((*scalars, ListOf(shape), MapOf(shape, key=TEXT)), name, description)
        shape = Named(f"json_{level}", Either((*scalars, ListOf(shape), MapOf(shape, key=TEXT)), name))
    return shape


_TABLE_ONLY: Final[contextvars.ContextVar[bool]] = contextvars.ContextVar("table_only", default=False)


def conforms(shape: Shape[Any], value: JsonValue, path: str = "") -> FormatError | None:
    """Whether ``value`` is what ``shape``'s table says (None) or its first problem, the
    builds left out: exactly what the shape's JSON Schema accepts."""
    token = _TABLE_ONLY.set(True)
    try:
        shape.read(value, path)
    except FormatError as error:
        return error
    finally:
        _TABLE_ONLY.reset(token)
    return None


def _described(schema: dict[str, JsonValue], description: str) -> dict[str, JsonValue]:
    return {**schema, "description": description} if description else schema


# Text in.


def loads(text: str, what: str = "") -> JsonValue:
    """The JSON value of ``text``, its size and depth checked first; invalid JSON is a
    :class:`FormatError` at the document's root, worded here rather than by the standard
    library (whose messages differ between Python versions). ``what`` names the
    document in the messages ("the link's data is ")."""
    if len(text) * 4 > LIMITS.bytes:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > LIMITS.bytes:
            raise FormatError("", f"{what}{size:,} bytes: at most {LIMITS.bytes:,} are read")
    where = too_deep(text)
    if where:
        raise FormatError("", f"{what}nested more than {LIMITS.depth} levels deep ({where})")
    try:
        return json.loads(
            text, parse_int=_integer, parse_float=_decimal, parse_constant=_constant, object_pairs_hook=_object
        )
    except json.JSONDecodeError as error:
        raise FormatError("", f"{what}not valid JSON (line {error.lineno}, column {error.colno})") from None
    except RecursionError:  # pragma: no cover - the depth is checked first
        raise FormatError("", f"{what}nested too deeply") from None


def _integer(text: str) -> int | BadNumber:
    digits = len(text) - text.startswith("-")
    if digits > LIMITS.digits:
        return BadNumber(f"a number of {digits:,} digits: at most {LIMITS.digits} are read")
    return int(text)


def _decimal(text: str) -> float | BadNumber:
    digits = digits_of(text) if len(text) > LIMITS.digits else 0
    if digits > LIMITS.digits:
        return BadNumber(f"a number of {digits:,} digits: at most {LIMITS.digits} are read")
    value = float(text)
    if value - value != 0:
        return BadNumber("a number out of range")
    return value


def _object(pairs: list[tuple[str, JsonValue]]) -> dict[str, JsonValue]:
    made = dict(pairs)
    if len(made) == len(pairs):
        return made
    seen: set[str] = set()
    duplicated = Duplicated(made)
    duplicated.duplicate = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
    return duplicated


def _constant(name: str) -> JsonValue:
    raise FormatError("", f"not valid JSON: {name} is not a JSON number")
