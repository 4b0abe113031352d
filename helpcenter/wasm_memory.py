"""A WebAssembly module's memory as instantiated: zeros, and its data segments.

The served snapshot leaves out the pages of Python's memory that are still the wasm's
own data, as instantiating the module writes it (3.4 MB of Pyodide's 20 MB): the worker
copies them from the module it instantiates anyway (``simulator-heap.mjs``). Only
what any instance holds before its code runs is read here: the active data segments
of a module's own memory, at constant offsets (how Emscripten lays out a main module).
"""

from __future__ import annotations

from typing import Final

_DATA_SECTION: Final = 11
_I32_CONST: Final = 0x41
_END: Final = 0x0B


class WasmError(ValueError):
    """The module is not one whose initial memory can be read from its file alone."""


def initial_memory(wasm: bytes) -> bytes:
    """The module's memory as instantiated, up to the end of its last data segment."""
    if wasm[:4] != b"\0asm":
        raise WasmError("not a WebAssembly module")
    memory = bytearray()
    at = 8
    while at < len(wasm):
        section = wasm[at]
        size, at = _unsigned(wasm, at + 1)
        if section == _DATA_SECTION:
            _lay_segments(wasm, at, memory)
        at += size
    return bytes(memory)


def _lay_segments(wasm: bytes, at: int, memory: bytearray) -> None:
    count, at = _unsigned(wasm, at)
    for _ in range(count):
        kind, at = _unsigned(wasm, at)
        if kind != 0 or wasm[at] != _I32_CONST:
            raise WasmError(f"a data segment of kind {kind} has no constant place in memory 0")
        offset, at = _signed(wasm, at + 1)
        if wasm[at] != _END:
            raise WasmError("a data segment's place is not a single constant")
        length, at = _unsigned(wasm, at + 1)
        end = offset + length
        if len(memory) < end:
            memory.extend(bytes(end - len(memory)))
        memory[offset:end] = wasm[at : at + length]
        at += length


def _unsigned(data: bytes, at: int) -> tuple[int, int]:
    """A LEB128 number and where the next field starts."""
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def _signed(data: bytes, at: int) -> tuple[int, int]:
    value, end = _unsigned(data, at)
    bits = 7 * (end - at)
    return (value - (1 << bits) if value >> (bits - 1) & 1 else value), end
