// @ts-check
// The simulator wheel's files, read in JavaScript. After a restore from the memory
// snapshot every module is imported already, but the file system is empty (a snapshot
// holds memory only) and the package reads its data files (the catalogs, the schema)
// from it. Pyodide's `unpackArchive` would unzip the wheel in Python once the
// interpreter is up, a few hundred milliseconds on the boot's critical path; here the
// wheel is inflated by the browser's own `DecompressionStream` while the snapshot still
// downloads, and once Python is restored only the writes into its file system remain.
// Used by the simulator's worker and by the Node script that runs the parity corpus, so
// that both install the package the same way.
//
// A wheel is a plain zip (PEP 427): no encryption, no zip64 at this size, every entry
// stored or deflated. Anything else is refused with a WheelError, and the worker then
// unpacks the wheel with Pyodide's `unpackArchive` as before.

/**
 * One file of the wheel: its path inside site-packages and its bytes.
 * @typedef {object} WheelFile
 * @property {string} path
 * @property {Uint8Array<ArrayBuffer>} data
 */

/**
 * The part of Emscripten's file system used here.
 * @typedef {object} FileSystem
 * @property {(path: string) => void} mkdirTree
 * @property {(path: string, data: Uint8Array) => void} writeFile
 */

export class WheelError extends Error {}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/**
 * Every file of the wheel, inflated (directories are implied by the files' paths).
 * @param {Uint8Array<ArrayBuffer>} wheel
 * @returns {Promise<WheelFile[]>}
 */
export async function wheelFiles(wheel) {
  const view = new DataView(wheel.buffer, wheel.byteOffset, wheel.byteLength);
  const end = endOfDirectory(view);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const names = new TextDecoder("utf-8", { fatal: true });
  /** @type {Promise<WheelFile>[]} */
  const files = [];
  for (let index = 0; index < count; index++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== DIRECTORY_ENTRY) {
      throw new WheelError(`entry ${index} of the zip's directory is not where the directory says`);
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const packed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const path = names.decode(wheel.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + skip;
    if (path.endsWith("/")) continue;
    if (flags & 1) throw new WheelError(`${path} is encrypted`);
    if (method !== STORED && method !== DEFLATED) throw new WheelError(`${path} is compressed with method ${method}`);
    if (path.startsWith("/") || path.split("/").some((part) => part === "" || part === "." || part === "..")) {
      throw new WheelError(`${path} is not a path inside site-packages`);
    }
    files.push(entry(wheel, view, local, path, method, packed, size));
  }
  return Promise.all(files);
}

/**
 * Write the files into `directory` (site-packages), making the folders they need.
 * @param {FileSystem} fs
 * @param {string} directory
 * @param {WheelFile[]} files
 */
export function writeWheelFiles(fs, directory, files) {
  const made = new Set();
  for (const { path, data } of files) {
    const folder = `${directory}/${path}`.replace(/\/[^/]*$/, "");
    if (!made.has(folder)) {
      fs.mkdirTree(folder);
      made.add(folder);
    }
    fs.writeFile(`${directory}/${path}`, data);
  }
}

/** @param {DataView} view */
function endOfDirectory(view) {
  // The record is 22 bytes, followed by a comment of at most 65,535.
  const last = view.byteLength - 22;
  for (let at = last; at >= Math.max(0, last - 0xffff); at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) {
      if (view.getUint32(at + 16, true) === 0xffffffff) throw new WheelError("zip64 archives are not read here");
      return at;
    }
  }
  throw new WheelError("not a zip archive (no end of central directory)");
}

/**
 * @param {Uint8Array<ArrayBuffer>} wheel
 * @param {DataView} view
 * @param {number} local  offset of the entry's local header
 * @param {string} path
 * @param {number} method
 * @param {number} packed  compressed size
 * @param {number} size
 * @returns {Promise<WheelFile>}
 */
async function entry(wheel, view, local, path, method, packed, size) {
  if (local + 30 > view.byteLength || view.getUint32(local, true) !== LOCAL_HEADER) {
    throw new WheelError(`${path}: its local header is not where the directory says`);
  }
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  if (start + packed > wheel.byteLength) throw new WheelError(`${path} runs past the end of the archive`);
  const raw = wheel.slice(start, start + packed);
  const data = method === STORED ? raw : await inflate(raw);
  if (data.byteLength !== size) throw new WheelError(`${path} inflates to ${data.byteLength} bytes, not ${size}`);
  return { path, data };
}

/**
 * @param {Uint8Array<ArrayBuffer>} bytes  raw deflate data
 * @returns {Promise<Uint8Array<ArrayBuffer>>}
 */
async function inflate(bytes) {
  // A stream made here, not a Blob's: a Blob is registered with the browser's process
  // and read back from it, which costs the worker's thread four times the inflating.
  const source = new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  const stream = source.pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
