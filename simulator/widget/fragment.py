"""The address-bar form of a widget's state: ``#<widget id>:s1.…;open=r2``.

The scenario travels as a link (:mod:`simulator.scenarios.links`); the fragment adds the
widget it is for and, optionally, the answer to open with its explanation (``open=``)
and the product whose values are shown (``product=``, for a value's cell). A bare
``#s1.…`` opens in the page's first widget. Links made before the options existed
are fragments without them, and keep opening.

:data:`PATTERN` is the grammar as a regular expression that reads the same in Python
and in JavaScript: the page's script gets it from the widget's HTML, so it can tell
"this address is for me" before Python has started.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import quote, unquote

from simulator.widget.memo import scenario_link
from simulator.widget.state import WidgetState, origin_scenario

SEPARATOR: Final = ":"
PATTERN: Final = r"^#(?:([A-Za-z][\w-]*):)?(s\d+\.[\w.-]*)((?:;[a-z]+=[^;]*)*)$"
"""Group 1: the widget's id (optional); 2: the link; 3: the options."""
_PATTERN: Final = re.compile(PATTERN, re.ASCII)
OPTIONS: Final = ("open", "product")


class FragmentError(ValueError):
    """An address that is not a widget's fragment."""


@dataclass(frozen=True)
class Fragment:
    key: str
    """The widget's id; empty for a bare link."""
    link: str
    open: str = ""
    product: str = ""


def fragment_of(state: WidgetState) -> str:
    """The fragment that opens ``state`` elsewhere: its scenario, and the answer shown."""
    text = f"{state.key}{SEPARATOR}{scenario_link(state.scenario)}"
    if state.selected:
        text += f";open={state.selected}"
        catalog = state.catalog()
        first = catalog.products[0].identifier if catalog.products else ""
        if state.selected.startswith("v") and state.product != first:
            text += f";product={quote(state.product, safe='')}"
    return text


def differs_from_its_block(state: WidgetState) -> bool:
    """Whether the address bar should carry the state: the scenario is not the block's
    own, or an answer is open."""
    return bool(state.selected) or state.scenario != origin_scenario(state.origin)


def read_fragment(text: str) -> Fragment:
    """The parts of ``#key:s1.…;open=…`` (with or without its ``#``, or a whole URL)."""
    hashed = text if text.startswith("#") else "#" + text.rsplit("#", 1)[-1]
    found = _PATTERN.match(hashed)
    if found is None:
        raise FragmentError("not a scenario link: a link looks like #simulator-…:s1.…")
    key, link, options = found.groups()
    named: dict[str, str] = {}
    for option in filter(None, (options or "").split(";")):
        name, _, value = option.partition("=")
        if name in OPTIONS:
            named[name] = unquote(value)
    return Fragment(key or "", link, named.get("open", ""), named.get("product", ""))
