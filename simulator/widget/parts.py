"""A region's change sent as the parts that differ, not its whole HTML.

A level or edition change re-answers a few requests of a long list, or a few cells of
the grid, and changes the setup's summary and a few of its grants' rows: the region's
HTML differs in a few parts and nowhere else. A part is a table row (``<tr>``) or an
element marked ``data-part="<name>"`` (the setup's head, its tools, the catalog's
counts: what changes outside the rows), counted in page order, the parts inside another
part not counted apart. The page tells which HTML it shows (each region's hash); when
that is HTML answered before, and the new HTML is the same but for some parts, the
answer carries those parts by their place among the region's parts, and the page
changes them alone: the rest of the region is neither sent, nor parsed, nor compared
again. What the page ends with is exactly the new HTML.
"""

from __future__ import annotations

from collections import OrderedDict
from difflib import SequenceMatcher
from typing import Final

from simulator.scenarios import JsonValue
from simulator.widget.by_identity import ByIdentity

MARK: Final = ' data-part="'
"""How a part other than a row starts: its attribute, which no text or attribute value
holds (their quotes are escaped, :func:`simulator.widget.markup.e`)."""

Split = tuple[list[str], list[str]]
"""The parts of some HTML and what lies around them (:func:`split_parts`)."""
Changed = tuple[int, str] | tuple[int, int, str]
"""A part that changed: its place and its HTML, or for a row that changed in some of
its cells only, its place, the cell's place among its cells and the cell's HTML."""

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
    _split.clear()
    _cells.clear()


_split: ByIdentity[str, Split] = ByIdentity(lambda html: split_parts(html), _SENT_SIZE)
"""The parts of the HTML answered lately, by the text's identity: the HTML a change is
computed from is the one the change before answered, split then."""

_ROW_CELLS_SIZE: Final = 1024
"""Long rows whose cells are remembered: every row of a few regions of 50 requests."""

_cells: ByIdentity[str, Split] = ByIdentity(lambda row: split_cells(row), _ROW_CELLS_SIZE)
"""The cells of the long rows compared lately, by the row text's identity: a change's
old rows are the new rows of the change before (the same texts, from :func:`_split`),
split into cells then."""


def split_parts(html: str) -> tuple[list[str], list[str]]:
    """The parts of ``html`` (rows, ``<tr>`` to ``</tr>``: rows never nest, and no ``<``
    is left unescaped in a name or a message, :mod:`simulator.widget.markup`; marked
    elements, to their own end tag) and what lies around them (one more than the parts),
    found with ``str.find`` (a regular expression is some times slower on a long pane)."""
    parts: list[str] = []
    gaps: list[str] = []
    end = 0
    row = _row_at(html, 0)
    mark = html.find(MARK)
    while row >= 0 or mark >= 0:
        marked = html.rfind("<", 0, mark) if mark >= 0 else -1
        if marked >= 0 and (row < 0 or marked < row):
            start, close = marked, _end_of(html, marked)
        else:
            start, close = row, html.find("</tr>", row)
            close = close + 5 if close >= 0 else -1
        if close < 0:
            break
        gaps.append(html[end:start])
        parts.append(html[start:close])
        end = close
        if row >= 0 and row < end:  # the rows and marks inside the part belong to it
            row = _row_at(html, end)
        if mark >= 0 and mark < end:
            mark = html.find(MARK, end)
    gaps.append(html[end:])
    return parts, gaps


def _row_at(html: str, start: int) -> int:
    """Where the next ``<tr`` tag starts (not ``<track``), or -1."""
    found = html.find("<tr", start)
    while found >= 0 and html[found + 3:found + 4] not in (" ", ">"):
        found = html.find("<tr", found + 3)
    return found


def _end_of(html: str, start: int) -> int:
    """Where the element whose start tag is at ``start`` ends (after its end tag, elements
    of its own name nested in it counted), or -1."""
    name_end = start + 1
    while name_end < len(html) and html[name_end] not in " >":
        name_end += 1
    name = html[start + 1:name_end]
    opening, closing = "<" + name, "</" + name + ">"
    depth, at = 1, name_end
    while depth:
        close = html.find(closing, at)
        if close < 0:
            return -1
        inner = html.find(opening, at, close)
        while inner >= 0 and html[inner + len(opening):inner + len(opening) + 1] not in (" ", ">"):
            inner = html.find(opening, inner + len(opening), close)
        if inner >= 0:
            depth, at = depth + 1, inner + len(opening)
        else:
            depth, at = depth - 1, close + len(closing)
    return at


def patch(old: str, new: str) -> dict[str, JsonValue] | None:
    """What turns ``old`` into ``new``, as an answer's region carries it: the parts that
    changed in place (``parts``, :func:`changed_parts`), and where parts are taken out
    and others put in (``splices``: the place of the first part taken, how many, the
    parts put in: an explanation opened below its request, closed, or moved to another,
    the rows between them neither sent nor changed); the shorter of the two when both
    do; None when it takes the whole HTML. Each HTML is split once."""
    was, now = _split(old), _split(new)
    changed = _changed(was, now)
    found = None if changed is None else {"parts": [list(part) for part in changed]}
    if changed is not None and not _moved(was[0], now[0], changed):
        return found  # changed in place: no run of parts kept elsewhere to find
    edits = _edits(was, now)
    if edits is None or not any(edits) or _applied(was, *edits) != new:
        return found  # no splices, or text between the parts changed too: the page could not make it from them
    spliced: dict[str, JsonValue] = {"splices": [[at, taken, list(put)] for at, taken, put in edits[1]]}
    if edits[0]:
        spliced["parts"] = [list(part) for part in edits[0]]
    return spliced if found is None or _size(spliced) < _size(found) else found


def _moved(old_parts: list[str], new_parts: list[str], changed: list[Changed]) -> bool:
    """Whether a part changed in place is one of the old parts (moved: rows below an
    explanation taken out here and put in there); splices are looked for only then,
    as finding them costs more than a change in place (a level change on 50 requests)."""
    old = set(old_parts)
    return any(new_parts[part[0]] in old for part in changed)


def _size(found: dict[str, JsonValue]) -> int:
    """The characters of HTML a patch sends."""
    return (sum(len(part[-1]) for part in found.get("parts", ()))
            + sum(len(html) for splice in found.get("splices", ()) for html in splice[2]))


Splice = tuple[int, int, list[str]]
"""Parts taken out and put in: the place of the first taken, how many, those put in."""


def _edits(old: Split, new: Split) -> tuple[list[Changed], list[Splice]] | None:
    """The parts changed in place and the splices that turn ``old``'s parts into
    ``new``'s (the longest runs of parts kept, as :mod:`difflib` finds them)."""
    (old_parts, _), (new_parts, _) = old, new
    if not old_parts:
        return None
    changed: list[Changed] = []
    splices: list[Splice] = []
    for tag, start, end, new_start, new_end in SequenceMatcher(None, old_parts, new_parts, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if end - start == new_end - new_start:
            for index, (was, part) in enumerate(zip(old_parts[start:end], new_parts[new_start:new_end]), start):
                changed.extend(_changed_cells(index, was, part) or [(index, part)])
        elif start < len(old_parts):
            splices.append((start, end - start, new_parts[new_start:new_end]))
        elif changed and changed[-1][0] == start - 1:
            return None  # the last part changed, and parts put in after it
        else:  # put in after the last part: the page puts parts before one, so the last is sent again
            splices.append((start - 1, 1, [old_parts[-1], *new_parts[new_start:new_end]]))
    return changed, splices


def _applied(old: Split, changed: list[Changed], splices: list[Splice]) -> str:
    """``old`` changed as the page changes it (simulator-widget.mjs: ``spliceParts``,
    ``patchParts``): a splice changes the first parts it takes into the first it puts in,
    puts the others in after them (or before the part at its place, when it takes
    none), and takes out the rest, the text between the parts staying where it was."""
    old_parts, gaps = old
    whole = {part[0]: part[-1] for part in changed if len(part) == 2}
    cells: dict[int, dict[int, str]] = {}
    for part in changed:
        if len(part) == 3:
            cells.setdefault(part[0], {})[part[1]] = part[2]
    starts = {at: (taken, put) for at, taken, put in splices}

    def shown(index: int) -> str:
        if index in whole:
            return whole[index]
        if index not in cells:
            return old_parts[index]
        row_cells, around = _cells(old_parts[index])
        for place, cell in cells[index].items():
            row_cells[place] = cell
        return around[0] + "".join(cell + gap for cell, gap in zip(row_cells, around[1:]))

    out = [gaps[0]]
    index = 0
    while index < len(old_parts):
        if index in starts:
            taken, put = starts[index]
            paired = min(taken, len(put))
            for k in range(paired):
                out.extend((gaps[index + k], put[k]) if k else (put[k],))
            out.extend(put[paired:])
            out.extend(gaps[index + k] for k in range(max(paired, 1), taken))
            if taken:
                out.append(gaps[index + taken])
                index += taken
                continue
        out.extend((shown(index), gaps[index + 1]))
        index += 1
    return "".join(out)


def changed_parts(old: str, new: str) -> list[Changed] | None:
    """The parts of ``new`` that differ from ``old``, with their place among the parts,
    when nothing else differs; else None. A row whose cells are the same but for some
    is given as those cells, when they are shorter than the row."""
    return _changed(split_parts(old), split_parts(new))


def _changed(old: Split, new: Split) -> list[Changed] | None:
    (old_parts, old_gaps), (new_parts, new_gaps) = old, new
    if len(old_parts) != len(new_parts) or not new_parts or old_gaps != new_gaps:
        return None
    changed: list[Changed] = []
    for index, (was, part) in enumerate(zip(old_parts, new_parts)):
        if was != part:
            changed.extend(_changed_cells(index, was, part) or [(index, part)])
    return changed or None


SHORT_ROW: Final = 512
"""A row shorter than this is sent whole: its cells would save few bytes, and splitting
it into cells costs more than they save."""


def _changed_cells(index: int, old: str, new: str) -> list[Changed] | None:
    """The cells of the row ``new`` (the ``index``-th part) that differ from ``old``'s,
    when nothing else of it differs and they are shorter than the row; else None."""
    if len(new) < SHORT_ROW or not (old.startswith("<tr") and new.startswith("<tr")):
        return None
    (old_cells, old_gaps), (new_cells, new_gaps) = _cells(old), _cells(new)
    if len(old_cells) != len(new_cells) or not new_cells or old_gaps != new_gaps:
        return None
    cells = [(index, place, cell) for place, (was, cell) in enumerate(zip(old_cells, new_cells)) if was != cell]
    return [*cells] if sum(len(cell) for _, _, cell in cells) < len(new) else None


def split_cells(row: str) -> Split:
    """The cells of a row (``<td>``, ``<th>``: they never nest, as rows never do) and
    what lies around them: the row's own tags, and what lies between its cells."""
    cells: list[str] = []
    gaps: list[str] = []
    end = 0
    start = _cell_at(row, 0)
    while start >= 0:
        close = row.find("</" + row[start + 1:start + 3] + ">", start)
        if close < 0:
            break
        gaps.append(row[end:start])
        end = close + 5
        cells.append(row[start:end])
        start = _cell_at(row, end)
    gaps.append(row[end:])
    return cells, gaps


def _cell_at(row: str, start: int) -> int:
    """Where the next ``<td`` or ``<th`` tag starts (not ``<thead``, ``<tbody``…), or -1."""
    found = row.find("<t", start)
    while found >= 0 and not (row[found + 2:found + 3] in ("d", "h") and row[found + 3:found + 4] in (" ", ">")):
        found = row.find("<t", found + 2)
    return found


__all__ = ["MARK", "Changed", "Splice", "answered", "changed_parts", "forget", "patch", "remember", "split_cells", "split_parts"]
