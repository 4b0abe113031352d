// @ts-check
// Room for a memory snapshot: Pyodide restores a snapshot by copying it over the
// module's memory, which keeps its compiled initial size (30 MB) whatever the snapshot's
// (pyodide/pyodide#6254: a larger one fails with "RangeError: offset is out of
// bounds"). The module's constructor is wrapped so that, before the copy, the memory is
// grown to the snapshot's size. Used by the simulator's worker and by the Node scripts
// that make and check the snapshot, so that all restore the same way.

/**
 * The Emscripten module, as much of it as is used here.
 * @typedef {{HEAP8: Int8Array, growMemory?: (bytes: number) => number | undefined}} Memory
 */

/**
 * Pyodide's `createPyodideModule` (the default export of `pyodide.asm.mjs`), wrapped to
 * grow the memory to `bytes` before anything is restored into it.
 * @template {{readonly preRun: ReadonlyArray<(module: any) => void>}} S
 * @template R
 * @param {(settings: S) => Promise<R>} create
 * @param {number} bytes
 * @returns {(settings: S) => Promise<R>}
 */
export function withRoomFor(create, bytes) {
  return (settings) => {
    // Pyodide's own list, to which Emscripten's run() comes after instantiating.
    /** @type {Array<(module: Memory) => void>} */ (settings.preRun).push((module) => {
      if (module.HEAP8.length >= bytes) return;
      if (!module.growMemory?.(bytes)) {
        throw new RangeError(`the snapshot needs ${bytes} bytes of memory, and no more could be had`);
      }
    });
    return create(settings);
  };
}
