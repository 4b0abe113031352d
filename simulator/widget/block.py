"""Reading a ``::: simulator <preset>`` block of an article into an :class:`Origin`.

Options go on the info line (``::: simulator translation-app edition=EE step=summary``)
or in the body, one ``key: value`` per line. A mistake raises :class:`ValueError`
naming the option, which the dialect turns into a build error at the block's line.

Body lines ``expect: …`` are not options of the widget but what the article claims
about its example (:mod:`simulator.widget.claims`): :func:`claims_from_block` reads
them, with their lines, for the build to check.
"""

from __future__ import annotations

from typing import Callable, Final

from simulator.model import Edition
from simulator.scenarios import PRESET_IDS, preset
from simulator.widget.claims import KEY as CLAIM_KEY
from simulator.widget.claims import Claim, read_claim
from simulator.widget.state import FOCUS_PANES, STEP_NAMES, Origin, Pane, Show, Tools

_BOOLEANS: Final = {"true": True, "yes": True, "false": False, "no": False}


def _edition(value: str) -> str:
    names = [edition.value for edition in Edition]
    if value.upper() not in names:
        raise ValueError(f"expected one of {', '.join(names)}")
    return value.upper()


def _step(value: str) -> str:
    if value not in STEP_NAMES:
        raise ValueError(f"expected one of {', '.join(STEP_NAMES)}")
    return value


def _show(value: str) -> Show:
    try:
        return Show(value)
    except ValueError:
        raise ValueError(f"expected one of {', '.join(s.value for s in Show)}") from None


VIEW_PARTS: Final = tuple(pane.value for pane in FOCUS_PANES)


def _view(value: str) -> tuple[Pane, ...]:
    """``wizard``, ``summary,grid``…: the panes a focused block shows; ``all``: every one."""
    if value.strip() == "all":
        return ()
    parts: list[Pane] = []
    for part in (word.strip() for word in value.split(",")):
        if part not in VIEW_PARTS:
            what = f'"{part}" is not a part of the simulator' if part else "a comma with no part after it"
            raise ValueError(f"{what}; parts: {', '.join(VIEW_PARTS)} (comma-separated), or all")
        if Pane(part) not in parts:
            parts.append(Pane(part))
    return tuple(parts)


def _tools(value: str) -> Tools:
    try:
        return Tools(value)
    except ValueError:
        raise ValueError(f"expected one of {', '.join(t.value for t in Tools)}") from None


def _boolean(value: str) -> bool:
    if value.lower() not in _BOOLEANS:
        raise ValueError("expected yes or no")
    return _BOOLEANS[value.lower()]


_ORIGIN_OPTIONS: Final[dict[str, tuple[str, Callable[[str], object]]]] = {
    "edition": ("edition", _edition),
    "step": ("step", _step),
    "show": ("show", _show),
    "product": ("product", str),
    "manage_apps": ("manage_apps", _boolean),
    "tools": ("tools", _tools),
    "view": ("view", _view),
}
"""The options that set up the widget: name → (the Origin field, how its value is read)."""

OPTIONS: Final[tuple[str, ...]] = (*_ORIGIN_OPTIONS, CLAIM_KEY)
"""Every name a block's options may use: the widget's, and ``expect`` (a claim)."""


def origin_from_block(info: str, body: str, article: str = "") -> Origin:
    """The block's preset and options; :class:`ValueError` names what is wrong."""
    words = info.split()
    if not words:
        raise ValueError(f"a simulator block names a preset: ::: simulator <preset> (presets: {', '.join(PRESET_IDS)})")
    preset_id, *pairs = words
    if preset_id not in PRESET_IDS:
        raise ValueError(f'unknown simulator preset "{preset_id}"; presets: {", ".join(PRESET_IDS)}')
    options: list[tuple[str, str]] = []
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals:
            raise ValueError(f'simulator option "{pair}": write it as name=value')
        options.append((name, value))
    options += [(name, value) for _, name, value in _body_lines(body) if name != CLAIM_KEY]
    fields: dict[str, object] = {}
    for name, value in options:
        if name not in _ORIGIN_OPTIONS:
            raise ValueError(f'unknown simulator option "{name}"; options: {", ".join(_ORIGIN_OPTIONS)}')
        field, read = _ORIGIN_OPTIONS[name]
        try:
            fields[field] = read(value)
        except ValueError as error:
            raise ValueError(f'simulator option {name}="{value}": {error}') from None
    if fields.get("view") and "show" in fields:
        raise ValueError("simulator options show= and view= both choose what the block shows: keep one")
    product = fields.get("product")
    if isinstance(product, str):
        catalog = preset(preset_id).load_catalog()
        if product not in catalog.product_by_identifier:
            known = ", ".join(p.identifier for p in catalog.products)
            raise ValueError(f'simulator option product="{product}": unknown product; products: {known}')
    if article:
        fields["article"] = article
    return Origin(preset=preset_id, **fields)  # type: ignore[arg-type]


def claims_from_block(body: str) -> tuple[Claim, ...]:
    """The block's ``expect:`` lines, each knowing its line in the body (1: the first
    line after ``::: simulator``); :class:`ClaimError` names a line that is not a claim."""
    return tuple(read_claim(value, number) for number, name, value in _body_lines(body) if name == CLAIM_KEY)


def _body_lines(body: str) -> list[tuple[int, str, str]]:
    """The body's ``name: value`` lines with their numbers, blank lines skipped."""
    found = []
    for number, line in enumerate(body.splitlines(), 1):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        if not colon:
            raise ValueError(f'simulator option line {number} "{line.strip()}": write it as "name: value"')
        found.append((number, name.strip(), value.strip()))
    return found
