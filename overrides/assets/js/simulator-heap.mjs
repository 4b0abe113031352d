// @ts-check
// Room for a memory snapshot: Pyodide restores a snapshot by copying it over the
// module's memory, which keeps its compiled initial size (30 MB) whatever the snapshot's
// (pyodide/pyodide#6254: a larger one fails with "RangeError: offset is out of
// bounds"). The module's constructor is wrapped so that, before the copy, the memory is
// grown to the snapshot's size. Used by the simulator's worker and by the Node scripts
// that make and check the snapshot, so that all restore the same way.
//
// The snapshot as served leaves out the pages that are still the wasm's own data (3.4 MB
// of Python's memory): they are copied from the module as it is instantiated, before
// any of its code runs (InitialMemory).

/** Set in a record's length: its bytes are the module's own, not in the file. */
const FROM_MODULE = 0x8000_0000;

/**
 * The Emscripten module, as much of it as is used here.
 * @typedef {{HEAP8: Int8Array, growMemory?: (bytes: number) => number | undefined}} Memory
 */

/**
 * A wasm instance, as much of it as is used here (this module also runs in Node, whose
 * type library has no `WebAssembly` namespace).
 * @typedef {{exports: object}} WasmInstance
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

/**
 * The module's memory as instantiated (zeros and the wasm's data), as much of it as
 * the snapshot's records without bytes take from: `create` is Pyodide's module
 * constructor, made to copy it from the instance before Emscripten runs anything.
 */
export class InitialMemory {
  /** @type {(memory: Uint8Array<ArrayBuffer>) => void} */
  #resolve = () => {};
  /** @type {(error: Error) => void} */
  #reject = () => {};

  /**
   * @param {{at: number, bytes: number}} place  where the snapshot's memory starts (after
   *   Pyodide's header), and how many bytes of the module's memory its records take from
   */
  constructor({ at, bytes }) {
    this.at = at;
    this.bytes = bytes;
    /** @type {Promise<Uint8Array<ArrayBuffer>>} */
    this.memory = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.memory.catch(() => {}); // reported by the records that wait for it
  }

  /**
   * Pyodide's module constructor, made to copy the memory once instantiated (through
   * Emscripten's `instantiateWasm` hook, which Pyodide sets); when the module is up
   * without it, the records that wait for it fail.
   * @template {{instantiateWasm?: (imports: any, received: (instance: WasmInstance, module: unknown) => void) => any}} S
   * @template R
   * @param {(settings: S) => Promise<R>} create
   * @returns {(settings: S) => Promise<R>}
   */
  into(create) {
    return async (settings) => {
      const instantiate = settings.instantiateWasm;
      if (instantiate) {
        settings.instantiateWasm = (imports, received) =>
          instantiate(imports, (instance, module) => {
            const { memory } = /** @type {{memory?: {buffer: ArrayBuffer}}} */ (instance.exports);
            if (memory) this.#resolve(new Uint8Array(memory.buffer, 0, this.bytes).slice());
            received(instance, module);
          });
      }
      try {
        return await create(settings);
      } finally {
        this.#reject(new Error("the module's memory was not had as instantiated"));
      }
    };
  }
}

/**
 * Pyodide's module constructor, made to wait, once the module is up (and its memory
 * had as instantiated), for `read` (the snapshot read into the buffer Pyodide restores
 * from) before Pyodide restores it: for the Node scripts, which read it whole first.
 * @template S
 * @template R
 * @param {(settings: S) => Promise<R>} create
 * @param {Promise<unknown>} read
 * @returns {(settings: S) => Promise<R>}
 */
export function restoredAfter(create, read) {
  return async (settings) => {
    const module = await create(settings);
    await read;
    return module;
  };
}

/**
 * The snapshot as the site serves it (`helpcenter/runtime_assets.py`, `pack_snapshot`):
 * records `<offset u32 LE><length u32 LE><bytes>` in ascending order, each a run of the
 * memory's non-zero pages; what no record covers is zero. A record whose length has
 * FROM_MODULE set brings no bytes: they are the module's memory as instantiated, copied
 * from `initial` once it is. Read as it downloads into `memory`, a buffer of the
 * snapshot's size that is zeros already, so that neither the zeros nor a second copy of
 * the memory pass through the page; resolves once every record is in. Throws a
 * RangeError when the records do not fit the buffer or stop in the middle of one. With
 * `digest`, each record's head and each piece of its bytes are hashed as soon as they
 * have come, so that what is left to check after the last byte is one piece.
 * @param {ReadableStream<Uint8Array>} body
 * @param {Uint8Array<ArrayBuffer>} memory
 * @param {SnapshotDigest} [digest]
 * @param {InitialMemory} [initial]
 */
export async function readSnapshot(body, memory, digest, initial) {
  /** @type {Promise<void>[]} */
  const taken = [];
  const reader = body.getReader();
  const head = new Uint8Array(8);
  const fields = new DataView(head.buffer);
  let filled = 0; // bytes of the next record's head read so far
  let at = 0; // where the current record writes next
  let left = 0; // bytes of the current record still to come
  let end = 0; // where the last record ended
  let piece = 0; // where the current record's piece not yet hashed starts
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    let i = 0;
    while (i < value.byteLength) {
      if (left === 0) {
        const n = Math.min(8 - filled, value.byteLength - i);
        head.set(value.subarray(i, i + n), filled);
        filled += n;
        i += n;
        if (filled < 8) continue;
        filled = 0;
        at = fields.getUint32(0, true);
        left = fields.getUint32(4, true);
        const fromModule = left >= FROM_MODULE;
        if (fromModule) left -= FROM_MODULE;
        if (at < end || left === 0 || at + left > memory.byteLength) {
          await reader.cancel();
          throw new RangeError(`a record of ${left} bytes at ${at} does not fit the snapshot's ${memory.byteLength}`);
        }
        if (fromModule && !fitsModule(initial, at, left)) {
          await reader.cancel();
          throw new RangeError(`a record of ${left} bytes at ${at} is not in the module's memory had`);
        }
        end = at + left;
        piece = at;
        digest?.head(head.slice());
        if (fromModule) {
          const copied = takeFromModule(/** @type {InitialMemory} */ (initial), memory, at, left, digest?.later());
          copied.catch(() => {}); // reported once every record has come
          taken.push(copied);
          left = 0;
        }
      } else {
        const n = Math.min(left, value.byteLength - i);
        memory.set(value.subarray(i, i + n), at);
        at += n;
        left -= n;
        i += n;
        if (digest) {
          for (; at - piece >= digest.piece; piece += digest.piece) digest.add(memory.subarray(piece, piece + digest.piece));
          if (left === 0 && at > piece) digest.add(memory.subarray(piece, at));
        }
      }
    }
  }
  if (left !== 0 || filled !== 0) throw new RangeError("the snapshot stops in the middle of a record");
  await Promise.all(taken);
}

/**
 * Whether a record without bytes lies in the part of the module's memory that is had.
 * @param {InitialMemory | undefined} initial
 * @param {number} at
 * @param {number} length
 */
function fitsModule(initial, at, length) {
  return initial !== undefined && at >= initial.at && at + length <= initial.at + initial.bytes;
}

/**
 * A record's bytes copied from the module's memory once it is instantiated, then hashed.
 * @param {InitialMemory} initial
 * @param {Uint8Array<ArrayBuffer>} memory
 * @param {number} at
 * @param {number} length
 * @param {((bytes: Uint8Array<ArrayBuffer>) => void) | undefined} hash
 */
async function takeFromModule(initial, memory, at, length, hash) {
  const module = await initial.memory;
  memory.set(module.subarray(at - initial.at, at - initial.at + length), at);
  hash?.(memory.subarray(at, at + length));
}

/**
 * The sha256 of a snapshot as the site serves it, made while it downloads
 * (`helpcenter/runtime_assets.py`, `snapshot_digest`, makes the same at build time):
 * the sha256 of every record's head followed by the sha256 of each `piece` bytes of
 * its bytes (the last piece of a record may be shorter). Records hold every non-zero
 * byte and their heads say where, so this names the whole memory, as its own sha256
 * would; but each piece is hashed as soon as it has come, during the download.
 */
export class SnapshotDigest {
  /** @param {number} piece  bytes */
  constructor(piece) {
    if (!(Number.isInteger(piece) && piece > 0)) throw new RangeError(`a snapshot's pieces cannot be ${piece} bytes`);
    this.piece = piece;
    /** @type {Array<Uint8Array | Promise<ArrayBuffer | ArrayBuffer[]>>} */
    this.parts = [];
  }

  /** @param {Uint8Array} bytes  a record's head, as served */
  head(bytes) {
    this.parts.push(bytes);
  }

  /** @param {Uint8Array<ArrayBuffer>} bytes  a piece of a record, whole (copied by `digest` at once) */
  add(bytes) {
    const digested = crypto.subtle.digest("SHA-256", bytes);
    digested.catch(() => {}); // reported by hex()
    this.parts.push(digested);
  }

  /**
   * A place, after the last head, for the pieces of a record whose bytes come later
   * (from the module): returns what to call with them, whole.
   * @returns {(bytes: Uint8Array<ArrayBuffer>) => void}
   */
  later() {
    /** @type {(pieces: Promise<ArrayBuffer[]>) => void} */
    let place = () => {};
    this.parts.push(new Promise((resolve) => (place = resolve)));
    return (bytes) => {
      /** @type {Promise<ArrayBuffer>[]} */
      const pieces = [];
      for (let at = 0; at < bytes.byteLength; at += this.piece) {
        pieces.push(crypto.subtle.digest("SHA-256", bytes.subarray(at, at + this.piece)));
      }
      place(Promise.all(pieces));
    };
  }

  /** @returns {Promise<string>} the sha256 in hex */
  async hex() {
    const parts = (await Promise.all(this.parts))
      .flat()
      .map((part) => (part instanceof Uint8Array ? part : new Uint8Array(part)));
    const all = new Uint8Array(parts.reduce((n, part) => n + part.byteLength, 0));
    let at = 0;
    for (const part of parts) {
      all.set(part, at);
      at += part.byteLength;
    }
    return hexOf(await crypto.subtle.digest("SHA-256", all));
  }
}

/**
 * A digest as the manifest writes it: lowercase hex.
 * @param {ArrayBuffer} digest
 */
export function hexOf(digest) {
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
