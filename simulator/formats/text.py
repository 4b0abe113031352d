"""Bytes to text: the encodings a customer's export may come in, read or named.

The PIM writes its exports in UTF-8; a file that went through a spreadsheet may come
back with a byte-order mark, or as UTF-16 (Excel's "Unicode text"). Those are read.
Anything else (Windows-1252, Latin-1) is named with the line and column of the first
byte that is not UTF-8, rather than guessed: a wrong guess would import wrong codes.
"""

from __future__ import annotations

import codecs
from typing import Final

from simulator.formats.problems import DEFAULT_LIMITS, ImportFailure, ImportLimits, Problem

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with a byte-order mark"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def decode(data: bytes, file: str, limits: ImportLimits = DEFAULT_LIMITS) -> tuple[str, str]:
    """The text of ``data`` and the name of its encoding; raises :class:`ImportFailure`
    when it is too large or not text the simulator can read."""
    if len(data) > limits.file_bytes:
        raise ImportFailure(Problem(
            file, f"the file is {len(data):,} bytes; the most an import reads is {limits.file_bytes:,} bytes",
        ))
    codec, name, start = _encoding(data)
    try:
        text = data[start:].decode(codec)
    except UnicodeDecodeError as error:
        raise ImportFailure(_not_text(data, start, codec, name, error, file)) from None
    if "\x00" in text:
        line, column = _position(text, text.index("\x00"))
        raise ImportFailure(Problem(file, "the file holds a NUL character: it is not a text export", line, column))
    return text, name


def _encoding(data: bytes) -> tuple[str, str, int]:
    """The codec, its name for the user, and where the text starts (after a BOM)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return codec, name, len(bom)
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):
        # No BOM, but every other byte is zero: UTF-16 text, mostly ASCII.
        odd_zeros = sample[1::2].count(0)
        even_zeros = sample[0::2].count(0)
        if odd_zeros > even_zeros:
            return "utf-16-le", "UTF-16 (little-endian, no byte-order mark)", 0
        return "utf-16-be", "UTF-16 (big-endian, no byte-order mark)", 0
    return "utf-8", "UTF-8", 0


def _not_text(
    data: bytes, start: int, codec: str, name: str, error: UnicodeDecodeError, file: str
) -> Problem:
    offset = start + error.start
    good = data[start:offset].decode(codec, errors="replace")
    line, column = _position(good + "?", len(good))
    byte = data[offset]
    hint = (
        " It looks like Windows-1252 or Latin-1 text: save it again as UTF-8 (the PIM's exports are UTF-8)."
        if codec == "utf-8" else ""
    )
    return Problem(
        file, f"not {name} text: byte 0x{byte:02X} at offset {offset:,} does not decode.{hint}", line, column,
    )


def _position(text: str, index: int) -> tuple[int, int]:
    """Line and column (from 1) of ``index`` in ``text``."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column
