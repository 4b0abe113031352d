"""A region's change sent as the table rows that differ, not its whole HTML.

A level or edition change re-answers a few requests of a long list, or a few cells of
the grid: the region's HTML differs in a few ``<tr>`` rows and nowhere else. The page
tells which HTML it shows (each region's hash); when that is HTML answered before, and
the new HTML is the same but for some rows, the answer carries those rows by their
place among the region's rows, and the page changes them alone: the rest of the region
is neither sent, nor parsed, nor compared again. What the page ends with is exactly the
new HTML.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Final

_SENT_SIZE: Final = 48
"""Regions' HTML remembered: a few widgets, their regions, the last two states each."""

_SENT: OrderedDict[tuple[str, str], str] = OrderedDict()
"""The HTML of the regions answered lately, by (widget and region, hash)."""


def remember(place: str, digest: str, html: str) -> None:
    """Keep ``html``, answered for ``place`` (widget id and region) with this hash."""
    _SENT[(place, digest)] = html
    _SENT.move_to_end((place, digest))
    while len(_SENT) > _SENT_SIZE:
        _SENT.popitem(last=False)


def answered(place: str, digest: str) -> str | None:
    """The HTML answered for ``place`` with this hash, if it is still remembered."""
    return _SENT.get((place, digest))


def forget() -> None:
    _SENT.clear()


def split_rows(html: str) -> tuple[list[str], list[str]]:
    """The table rows of ``html`` (``<tr>`` to ``</tr>``: rows never nest, and no ``<``
    is left unescaped in a name or a message, :mod:`simulator.widget.markup`) and what
    lies around them (one more than the rows), found with ``str.find`` (a regular
    expression is some times slower on a long pane)."""
    rows: list[str] = []
    gaps: list[str] = []
    end = 0
    start = html.find("<tr", 0)
    while start >= 0:
        if html[start + 3:start + 4] not in (" ", ">"):
            start = html.find("<tr", start + 3)
            continue
        close = html.find("</tr>", start)
        if close < 0:
            break
        gaps.append(html[end:start])
        end = close + 5
        rows.append(html[start:end])
        start = html.find("<tr", end)
    gaps.append(html[end:])
    return rows, gaps


def changed_rows(old: str, new: str) -> list[tuple[int, str]] | None:
    """The rows of ``new`` that differ from ``old``, with their place among the rows,
    when nothing else differs; else None."""
    old_rows, old_gaps = split_rows(old)
    new_rows, new_gaps = split_rows(new)
    if len(old_rows) != len(new_rows) or not new_rows or old_gaps != new_gaps:
        return None
    changed = [(index, row) for index, (was, row) in enumerate(zip(old_rows, new_rows)) if was != row]
    return changed or None


def spliced_rows(old: str, new: str) -> tuple[int, int, list[str]] | None:
    """How ``new`` is ``old`` with some adjacent rows taken out and others put in their
    place (an explanation's row opened below its request, or closed): the place of the
    first row taken, how many are taken, and the rows put in; None when anything else
    differs. The page puts the rows in before the row at that place (the first taken or
    the first kept after them), so they must lie next to it with no text between."""
    old_rows, old_gaps = split_rows(old)
    new_rows, new_gaps = split_rows(new)
    if len(old_rows) == len(new_rows) or not old_rows:
        return None
    shortest = min(len(old_rows), len(new_rows))
    head = 0
    while head < shortest and old_rows[head] == new_rows[head] and old_gaps[head] == new_gaps[head]:
        head += 1
    if head == len(old_rows):
        head -= 1  # rows put in after the last: the last is sent again, to put them before
    tail = 0
    while (tail < shortest - head and old_rows[-1 - tail] == new_rows[-1 - tail]
           and old_gaps[-1 - tail] == new_gaps[-1 - tail]):
        tail += 1
    end_old, end_new = len(old_rows) - tail, len(new_rows) - tail
    taken, put = end_old - head, new_rows[head:end_new]
    if old_gaps[head] != new_gaps[head]:
        return None  # other text before them
    if any(old_gaps[head + 1:end_old]) or any(new_gaps[head + 1:end_new]):
        return None  # text between the rows taken, or between those put in
    if tail and ((taken and old_gaps[end_old]) or (put and new_gaps[end_new])):
        return None  # text between them and the kept row after them
    if not tail and old_gaps[-1] != new_gaps[-1]:
        return None
    return head, taken, put


__all__ = ["answered", "changed_rows", "forget", "remember", "spliced_rows", "split_rows"]
