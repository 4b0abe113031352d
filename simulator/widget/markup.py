"""Small HTML helpers shared by the widget's panes: every text goes through
:func:`e`, so no name from a catalog, a scenario or a link is ever read as HTML."""

from __future__ import annotations

import html
from typing import Final

from simulator.engine import ValueAccess
from simulator.model import Effect

EFFECT_LOOK: Final = {
    Effect.APPLIED: ("✓", "applied"),
    Effect.DRAFT: ("✎", "draft"),
    Effect.REFUSED: ("✗", "refused"),
    Effect.INVISIBLE: ("⊘", "invisible"),
    Effect.UNSIMULATED: ("?", "not simulated"),
}
"""Each outcome told apart by an icon and a word, never by colour alone."""

VALUE_LOOK: Final = {
    ValueAccess.EDITABLE: ("✓", "editable"),
    ValueAccess.THROUGH_DRAFT: ("✎", "through a draft"),
    ValueAccess.READ_ONLY: ("◐", "read-only"),
    ValueAccess.HIDDEN: ("⊘", "hidden"),
}


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def inline(text: str) -> str:
    """Escaped text with its `backticked` words as code, as the article writes them."""
    parts = e(text).split("`")
    return "".join(f"<code>{part}</code>" if index % 2 else part for index, part in enumerate(parts))


def selected(on: bool) -> str:
    return " selected" if on else ""


def checked(on: bool) -> str:
    return " checked" if on else ""


def attrs(**values: str | bool | None) -> str:
    """``name="value"`` pairs (``data_x`` becomes ``data-x``); True is a bare
    attribute, False and None are left out."""
    out = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        out.append(f" {name}" if value is True else f' {name}="{e(value)}"')
    return "".join(out)


def button(
    label: str,
    element_id: str,
    action: str,
    *,
    disabled: bool = False,
    primary: bool = False,
    extra: str = "",
    classes: str = "md-button",
) -> str:
    names = f"{classes} md-button--primary" if primary else classes
    off = " disabled" if disabled else ""
    return (
        f'<button type="button" class="{names}" id="{e(element_id)}" data-action="{action}"{extra}{off}>'
        f"{e(label)}</button>"
    )


def hidden_text(text: str) -> str:
    """Words for screen readers only (the screen shows an icon or a place instead)."""
    return f'<span class="sim-sr">{e(text)}</span>'
