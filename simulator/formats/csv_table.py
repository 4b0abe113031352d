"""A CSV export as a header and rows, each row with the line it starts on.

The PIM's CSV exports are ``;``-separated with a header line, cells quoted with ``"``
when they hold the separator, a quote or a line break (a text area's value may span
lines), lists inside a cell comma-separated (``master,print``). The export profile
may choose ``,`` or a tab as separator instead; the header tells which.

Reading is Python's C ``csv`` module, strict: a quote that is never closed, or text
after a closing quote, is an error on that record's line; the record is skipped and
the rest is read. A row with fewer cells than the header is skipped too (a file cut
short must not import products with empty categories, which the PIM would read as
unclassified: owned by everyone). Limits (cell size, columns, rows) are checked as the
file is read, each breach a named problem.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from contextlib import contextmanager
from itertools import accumulate, chain
from typing import TYPE_CHECKING, Final, Iterator, NamedTuple

from simulator.formats.problems import (
    DEFAULT_LIMITS,
    ImportFailure,
    ImportLimits,
    Problem,
    Report,
    quote,
)

if TYPE_CHECKING:
    from _csv import Reader

SEPARATORS: Final = (";", ",", "\t")
PIECE: Final = 1 << 14
"""About how many characters are split into lines at once."""
PLAIN_ROWS: Final = 50_000
"""The most rows of a plain block (its columns are held at once)."""


class Row(NamedTuple):
    line: int
    """The line the row starts on, from 1 (the header is line 1)."""
    cells: list[str]
    start: int
    """Where the row starts in the text: to find a cell's column for a message."""
    end: int
    """Where the next row starts."""


class PlainBlock(NamedTuple):
    """Rows that are one line each, as columns (the header's order)."""

    first: int
    """The line of the first row."""
    rows: int
    columns: list[list[str]]
    exact: bool
    """Whether the cells and their separators are the lines themselves (no quote was
    taken out): a cell's column is then the length of the cells before it."""

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """The rows as (line, cells), as :meth:`CsvTable.records` gives them."""
        return zip(range(self.first, self.first + self.rows), map(list, zip(*self.columns)))


class CsvTable:
    """The header and the rows of one CSV file; problems go to ``report``."""

    def __init__(
        self, text: str, file: str, report: Report, limits: ImportLimits = DEFAULT_LIMITS, has_header: bool = True,
    ) -> None:
        self.text = text
        self.file = file
        self.report = report
        self.limits = limits
        self.separator = _separator(text)
        self._line = 0
        """The lines read so far: the next record starts on the line after."""
        self._cut_to = 0
        """Where the next piece starts: the text is cut into pieces of about
        :data:`PIECE` characters at line ends, each split into lines at once (a
        C loop), so that memory stays bounded (an io.StringIO would hold a copy of
        the whole text, four bytes a character)."""
        self._pieces: list[tuple[int, int, int]] = []
        """(first line, start, end) of each piece cut so far."""
        self._firsts: list[int] = []
        self._split: dict[int, tuple[list[str], list[int] | None]] = {}
        """The lines of the last pieces (and where each starts, once asked)."""
        self._base = 0
        """The lines before where the csv reader started (it restarts after plain blocks)."""
        self._plain = False
        """Whether the rows are being read as plain blocks (:meth:`plain_block`)."""
        # A quoted cell holding no separator, quote or line break, between separators or
        # line ends; the pattern starts with the quote, so that the search skips to each.
        boundary = re.escape(self.separator) + "\n"
        self._quoted = re.compile(rf'"(?<![^{boundary}]")[^"{boundary}]*"(?![^{boundary}])')
        self._reader = self._csv_reader()
        self.rows_read = 0
        self.done = False
        with _field_limit(limits.field_characters):
            header = self._first()
        if header is None:
            raise ImportFailure(Problem(file, "the file is empty: a CSV export starts with a header line"))
        self.header_row = header
        if len(header.cells) > limits.columns:
            raise ImportFailure(Problem(
                file, f"the header has {len(header.cells):,} columns; the most an import reads is {limits.columns:,}", 1,
            ))
        self.header: tuple[str, ...] = tuple(cell.strip() for cell in header.cells)
        if has_header:
            self._check_header()

    @property
    def progress(self) -> float:
        """How much of the text has been read, from 0 to 1."""
        if self._plain:
            return self._cut_to / len(self.text)
        return self._offset_of(self._line + 1) / len(self.text) if self.text else 1.0

    def _csv_reader(self) -> Reader:
        return csv.reader(chain.from_iterable(self._cut()), delimiter=self.separator, quotechar='"', strict=True)

    def plain_block(self, budget: int | None) -> PlainBlock | None:
        """The next rows, about ``budget`` of them, as columns, when each of them is
        one line of exactly the header's cells (quoted cells holding no separator, quote
        or line break are read as the csv module reads them): a few C loops over the
        block's text instead of a step per row. None when the next rows are not all
        plain: the table then reads them with the csv reader (:meth:`records`), which
        names each problem, and the call after tries a plain block again."""
        if self.done:
            return None
        text, separator, width = self.text, self.separator, len(self.header)
        if not self._plain:
            self._plain = True
            self._cut_to = self._offset_of(self._line + 1)
        start = self._cut_to
        first = self._line + 1
        wanted = min(budget or PLAIN_ROWS, PLAIN_ROWS)
        sample = text[start : start + (1 << 16)]
        length = max(1, len(sample) // max(1, sample.count("\n")))
        stop = text.find("\n", start + wanted * length - 1)
        stop = len(text) if stop < 0 else stop + 1
        block = text[start:stop]
        flat = self._plain_cells(block)
        if flat is None:
            self._to_reader(start, first)
            return None
        step = width + 1  # a line's cells, and the NUL cell after them
        count = (len(flat) + 1) // step
        left = self.limits.rows - self.rows_read
        if count > left:
            self.report.error(self.file, f"the file has more than {self.limits.rows:,} lines; the rest is not read",
                              first + left)
            count, stop = max(0, left), len(text)
            flat = flat[: count * step]
        self._add_piece(first, start, stop)
        self._cut_to = stop
        self._line = first + count - 1
        self.rows_read += count
        if stop >= len(text):
            self.done = True
        if not count:
            return None
        return PlainBlock(first, count, [flat[index::step] for index in range(width)], '"' not in block)

    def _plain_cells(self, block: str) -> list[str] | None:
        """The cells of ``block``'s lines, one after the other, a cell holding a NUL
        between two lines' cells; None unless every line is plain."""
        separator, width = self.separator, len(self.header)
        body = block[:-1] if block.endswith("\n") else block
        if "\r" in body:
            if body.count("\r") != body.count("\r\n") + body.endswith("\r"):
                return None
            body = body.replace("\r\n", "\n").removesuffix("\r")
        limit = self.limits.field_characters
        if not body or "\x00" in body or len(body) > limit and not _lines_within(body, limit) \
                and max(map(len, body.split("\n"))) > limit:
            return None
        if '"' in body:
            if 2 * len(self._quoted.findall(body)) != body.count('"'):
                return None
            body = body.replace('"', "")
        # A NUL cell between two lines (no cell holds a NUL; a one-character string is
        # one object shared, nothing to make): the cells line up with the header exactly
        # when every NUL cell comes after a header's width of cells.
        flat = body.replace("\n", f"{separator}\x00{separator}").split(separator)
        count = body.count("\n") + 1
        step = width + 1
        if len(flat) != count * step - 1 or flat[width::step].count("\x00") != count - 1:
            return None
        return flat

    def _add_piece(self, first: int, start: int, stop: int) -> None:
        index = len(self._pieces)
        self._pieces.append((first, start, stop))
        self._firsts.append(first)
        self._split.pop(index - 2, None)

    def _to_reader(self, start: int, first: int) -> None:
        """Read the rest with the csv reader, from ``start`` (line ``first``) on."""
        self._plain = False
        self._cut_to = start
        self._base = first - 1
        self._line = first - 1
        self._reader = self._csv_reader()

    def rows(self, budget: int | None = None) -> Iterator[Row]:
        """The rows after the header (at most ``budget`` of them this call; :attr:`done`
        once the text is read); a row that does not read is reported and left out."""
        for line, cells in self.records(budget):
            yield self.row(line, cells)

    def records(self, budget: int | None = None) -> Iterator[tuple[int, list[str]]]:
        """What :meth:`rows` gives, as (line, cells): the import's hot path reads a
        million of them and makes a :class:`Row` (:meth:`row`) only for a problem."""
        width = len(self.header)
        reader = self._reader
        line = self._line
        base = self._base
        taken = 0
        # The rows this table may still read: counted down in a local, as the loop runs
        # a million times (:attr:`rows_read` is set from it when the loop pauses).
        before = self.rows_read
        left = self.limits.rows - before
        limit = self.limits.rows
        try:
            with _field_limit(self.limits.field_characters):
                while budget is None or taken < budget:
                    try:
                        for cells in reader:
                            first, line = line + 1, base + reader.line_num
                            taken += 1  # every record counts: a file of bad lines still pauses
                            if taken > left:
                                self.rows_read = before + taken
                                self.report.error(
                                    self.file, f"the file has more than {limit:,} lines; the rest is not read", first,
                                )
                                self._stop()
                                return
                            count = len(cells)
                            if count == width:
                                yield first, cells
                            elif count > width:
                                extra = next((i for i in range(width, count) if cells[i].strip()), None)
                                if extra is None:
                                    yield first, cells[:width]  # trailing separators
                                else:
                                    self.error(self.row(first, cells), extra,
                                               f"the line has {count:,} cells, the header {width:,}: the line is left out")
                            elif count == 1 and not cells[0].strip():
                                pass  # a blank line
                            elif count:
                                self.error(
                                    self.row(first, cells), None,
                                    f"the line has {count:,} cells, the header {width:,} (a line cut short?): "
                                    "the line is left out",
                                )
                            if taken == budget:
                                return
                        self.done = True
                        return
                    except csv.Error as error:
                        # The reader goes on with the next line after an error.
                        first, line = line + 1, base + reader.line_num
                        taken += 1
                        before, left = before - 1, left + 1  # a line that does not read is no row
                        self.report.error(self.file, _csv_message(str(error), self.limits), first)
        finally:
            self._line = line
            self.rows_read = before + taken

    def row(self, line: int, cells: list[str]) -> Row:
        """The record just read, which started on ``line``, with where it is in the text."""
        if self._plain:  # a plain block's row is one line
            return Row(line, cells, self._offset_of(line), self._offset_of(line + 1))
        return Row(line, cells, self._offset_of(line), self._offset_of(self._base + self._reader.line_num + 1))

    def _stop(self) -> None:
        self._cut_to = len(self.text)
        self._pieces.append((self._base + self._reader.line_num + 1, len(self.text), len(self.text)))
        self._firsts.append(self._base + self._reader.line_num + 1)
        self.done = True

    def error(self, row: Row, cell: int | None, message: str) -> None:
        line, column = self.position(row, cell)
        self.report.error(self.file, message, line, column)

    def warning(self, row: Row, cell: int | None, message: str) -> None:
        line, column = self.position(row, cell)
        self.report.warning(self.file, message, line, column)

    def position(self, row: Row, cell: int | None) -> tuple[int, int | None]:
        """The line and column where cell number ``cell`` of ``row`` starts."""
        if cell is None:
            return row.line, None
        cells = row.cells
        if cell < len(cells):
            # Without quotes, the cells and their separators are the line itself.
            before = sum(map(len, cells[:cell])) + cell
            whole = before + sum(map(len, cells[cell:])) + len(cells) - 1 - cell
            ending = self.text[row.end - 2 : row.end]
            length = row.end - row.start - (2 if ending == "\r\n" else 1 if ending.endswith("\n") else 0)
            if whole == length:
                return row.line, before + 1
        return _cell_position(self.text, row.start, row.line, cell, self.separator)

    def _cut(self) -> Iterator[list[str]]:
        """The text's lines, a piece at a time; a line ends at ``\\n`` only (as
        Python's csv module reads them)."""
        text = self.text
        end = len(text)
        while self._cut_to < end:
            start = self._cut_to
            stop = text.find("\n", start + PIECE - 1)
            stop = end if stop < 0 else stop + 1
            piece = text[start:stop]
            lines = _lines(piece)
            self._cut_to = stop
            index = len(self._pieces)
            self._pieces.append((self._base + self._reader.line_num + 1 if index else 1, start, stop))
            self._firsts.append(self._pieces[-1][0])
            self._split.pop(index - 2, None)
            self._split[index] = (lines, None)
            yield lines

    def _offset_of(self, line: int) -> int:
        """Where line ``line`` (from 1) starts in the text; the end of what was cut
        for the line after the last."""
        at = bisect_right(self._firsts, line) - 1
        if at < 0:
            return 0
        first, start, stop = self._pieces[at]
        if line == first:
            return start
        lines, starts = self._split.get(at) or (_lines(self.text[start:stop]), None)
        if line - first >= len(lines):
            return stop
        if starts is None:
            starts = list(accumulate(map(len, lines), initial=start))
            if at in self._split or at >= len(self._pieces) - 2:  # a plain block's, split on first use
                self._split[at] = (lines, starts)
        return starts[line - first]

    def _first(self) -> Row | None:
        """The first row (the header), read before the others."""
        reader = self._reader
        line = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                self._line = reader.line_num
                return None
            except csv.Error as error:
                self.report.error(self.file, _csv_message(str(error), self.limits), line + 1)
                line = reader.line_num
                continue
            self._line = reader.line_num
            return self.row(line + 1, cells)

    def _check_header(self) -> None:
        header = self.header
        seen: dict[str, int] = {}
        for index, name in enumerate(header):
            column = index + 1
            if not name:
                raise ImportFailure(Problem(self.file, f"column {column} of the header is empty", 1))
            if name in seen:
                raise ImportFailure(Problem(
                    self.file, f"the header names the column {quote(name)} twice (columns {seen[name]} and {column})", 1,
                ))
            seen[name] = column


_ASCII_BREAKS: Final = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e")
_OTHER_BREAKS: Final = ("\x85", "\u2028", "\u2029")


def _odd_breaks(piece: str) -> bool:
    """Whether ``piece`` holds a line break of ``str.splitlines`` other than ``\\n`` and
    ``\\r\\n`` (a lone ``\\r`` included): a few substring searches, C loops over the
    piece, where a pattern's scan character by character cost more than the split."""
    if any(brk in piece for brk in _ASCII_BREAKS):
        return True
    if not piece.isascii() and any(brk in piece for brk in _OTHER_BREAKS):
        return True
    return "\r" in piece and piece.count("\r") != piece.count("\r\n")


def _lines_within(text: str, limit: int) -> bool:
    """Whether every line of ``text`` is shorter than ``limit``, found without cutting
    it into lines: a line that long would hold one of the windows of half that length
    searched for a line end (a few C searches over the text); False may still be, when
    a window holds no line end (the lines are then measured)."""
    half = max(1, limit // 2)
    return all(text.find("\n", start, start + half) >= 0 for start in range(0, len(text) - half + 1, half))


def _lines(piece: str) -> list[str]:
    """``piece`` cut after each ``\\n``, line ends kept."""
    if not _odd_breaks(piece):
        return piece.splitlines(keepends=True)
    parts = piece.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _separator(text: str) -> str:
    """The separator of the header line: the one it holds most of (``;`` on a tie)."""
    first = text[: text.find("\n")] if "\n" in text else text
    first = first[:1_000_000]
    counts = [(first.count(sep), -position, sep) for position, sep in enumerate(SEPARATORS)]
    best = max(counts)
    return best[2] if best[0] else SEPARATORS[0]


def _csv_message(error: str, limits: ImportLimits) -> str:
    if "field larger than field limit" in error:
        return (
            f"a cell is longer than {limits.field_characters:,} characters (or a quote is never closed): "
            "the line is left out"
        )
    if "unexpected end of data" in error:
        return "a quoted cell opened on this line is never closed: the rest of the file could not be read"
    if "expected after" in error:
        return "text follows a closing quote (a quote inside a cell is written twice: \"\"): the line is left out"
    return "the line does not read as CSV: the line is left out"


def _cell_position(text: str, start: int, line: int, cell: int, separator: str) -> tuple[int, int]:
    """Scan the record from ``start`` to the beginning of cell ``cell``, quotes included."""
    index = start
    current = 0
    quoted = False
    end = len(text)
    line_start = start
    while index < end and current < cell:
        char = text[index]
        if quoted:
            if char == '"':
                if index + 1 < end and text[index + 1] == '"':
                    index += 1
                else:
                    quoted = False
            elif char == "\n":
                line += 1
                line_start = index + 1
        elif char == '"':
            quoted = True
        elif char == separator:
            current += 1
        elif char in "\r\n":
            break
        index += 1
    return line, index - line_start + 1


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """The csv module's cell limit is process-wide: set it for one read, then restore it."""
    before = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(before)
