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

/**
 * The snapshot as the site serves it (`helpcenter/runtime_assets.py`, `pack_snapshot`):
 * records `<offset u32 LE><length u32 LE><bytes>` in ascending order, each a run of the
 * memory's non-zero pages; what no record covers is zero. Read as it downloads into
 * `memory`, a buffer of the snapshot's size that is zeros already, so that neither the
 * zeros nor a second copy of the memory pass through the page. Throws a RangeError
 * when the records do not fit the buffer or stop in the middle of one. With `digest`,
 * each record's head and each piece of its bytes are hashed as soon as they have come,
 * so that what is left to check after the last byte is one piece.
 * @param {ReadableStream<Uint8Array>} body
 * @param {Uint8Array<ArrayBuffer>} memory
 * @param {SnapshotDigest} [digest]
 */
export async function readSnapshot(body, memory, digest) {
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
        if (at < end || left === 0 || at + left > memory.byteLength) {
          await reader.cancel();
          throw new RangeError(`a record of ${left} bytes at ${at} does not fit the snapshot's ${memory.byteLength}`);
        }
        end = at + left;
        piece = at;
        digest?.head(head.slice());
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
    /** @type {Array<Uint8Array | Promise<ArrayBuffer>>} */
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

  /** @returns {Promise<string>} the sha256 in hex */
  async hex() {
    const parts = (await Promise.all(this.parts)).map((part) => (part instanceof Uint8Array ? part : new Uint8Array(part)));
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
