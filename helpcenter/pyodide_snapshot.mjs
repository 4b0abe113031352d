// @ts-check
// Makes the memory snapshot the simulator's worker boots from: Pyodide (the pinned npm
// package) booted in Node, the simulator wheel unpacked, every module of the package
// imported, then the interpreter's memory written out. Restoring it in the browser
// skips Python's start-up and the imports, most of the boot.
//
//   node helpcenter/pyodide_snapshot.mjs <pyodide package dir> <wheel> <snapshot to write>
//
// The Pyodide is the project's (node_modules/pyodide): the one whose files the site
// serves, so that the snapshot restores into it.
//
// Prints one JSON object: {pyodide, buildId, node, bytes, heap, sha256, modules,
// zeroed, timings}. Exits 1 with a message on stderr when the snapshot cannot be made or does
// not restore (then the site boots Python the bare way).
//
// Reproducible: the same Pyodide, wheel and script give the same bytes. What would
// differ from one run to the next is pinned while the snapshot is made: the entropy
// Python and its allocator draw (a fixed seed), the clocks (a fixed epoch, advancing
// one millisecond a call), the hash seed (PYTHONHASHSEED=0), the environment and the
// executable's name. After a restore the worker reseeds `random` from the browser's
// crypto; string hashing stays seeded as it was (Python cannot change it once
// started), which only matters against hash flooding by the one reader of the page.
//
// Known limits (upstream): the snapshot holds memory only, not the file system (the
// wheel is unpacked again after a restore), and Pyodide restores it only within the
// module's initial 30 MB (pyodide/pyodide#6254), which `simulator-heap.mjs` works around
// by growing the memory first. The script restores the snapshot it made, the way the
// worker does, before writing it.

import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { withRoomFor } from "../overrides/assets/js/simulator-heap.mjs";

/** @typedef {import("pyodide").PyodideAPI} PyodideAPI */

const EPOCH_MS = 315_532_800_000; // 1980-01-01, the wheel's own timestamp
const ENTROPY_SEED = 0x5eed_cafe;

// Imported before the memory is written: the whole package but what only the build and
// the command line use (BUILD_ONLY: the page never imports them; 1.1 MB of the snapshot),
// as the worker would import it on its first requests. Then every preset's
// first answers (its widget drawn, a cell explained), as a reader's first event asks
// for them: what Python does only once (reading the catalogs, building their indexes,
// compiling patterns) is then in the snapshot, where it would otherwise cost the
// reader's first answer most of a second after the restore. Only memoised work is
// kept: the answers are the same either way (tests/test_pyodide_node.py compares
// them with CPython's, from the snapshot and from a bare boot).
const PREPARE = `
import gc, importlib, json, pkgutil, random, sys, tempfile
BUILD_ONLY = {"simulator.__main__", "simulator.cli", "simulator.rulebook"}
importlib.invalidate_caches()  # the clock is pinned: the unpacked files must be seen
import simulator
for _info in pkgutil.walk_packages(simulator.__path__, "simulator."):
    if _info.name not in BUILD_ONLY:
        importlib.import_module(_info.name)
from simulator import web
from simulator.scenarios import PRESET_IDS
from simulator.widget import Origin, Tools, initial_state, state_to_dict
for _preset in PRESET_IDS:
    _state = state_to_dict(initial_state(Origin(_preset, tools=Tools.FULL)))
    web.handle("widget.render", json.dumps({"state": _state}))
    web.handle("widget.act", json.dumps({"state": _state, "event": {"action": "explain", "cell": "m0.0"}}))
# Every generator of random numbers starts from one seed; the worker reseeds after a
# restore. tempfile's names get a new generator on first use.
for _rng in gc.get_objects():
    if isinstance(_rng, random.Random):
        _rng.seed(0)
tempfile._name_sequence = None
del _info, _rng, _preset, _state, BUILD_ONLY
gc.collect()
len(sys.modules)
`;

// What the worker runs after a restore, as here.
const AFTER_RESTORE = "import random\nrandom.seed()\n";

const [pyodideDir, wheelPath, outPath] = process.argv.slice(2);
if (!pyodideDir || !wheelPath || !outPath) {
  fail("usage: node pyodide_snapshot.mjs <pyodide package dir> <wheel> <snapshot to write>");
}
const { loadPyodide, version: pyodideVersion } = /** @type {typeof import("pyodide")} */ (
  await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href).catch((error) => {
    fail(`cannot load Pyodide from ${pyodideDir}: ${error}`);
  })
);
const { default: createModule } = /** @type {{default: (settings: any) => Promise<any>}} */ (
  await import(pathToFileURL(join(pyodideDir, "pyodide.asm.mjs")).href)
);

const wheelFile = await readFile(wheelPath);
const wheel = new Uint8Array(wheelFile.buffer, wheelFile.byteOffset, wheelFile.byteLength);
const clock = performance.now.bind(performance);
/** @type {Record<string, number>} */
const timings = {};

let t = clock();
const { snapshot, modules, heap, zeroed } = await pinned(async () => {
  const pyodide = await boot({ _makeSnapshot: true });
  install(pyodide, wheel);
  const modules = Number(pyodide.runPython(PREPARE));
  const zeroed = zeroFreeMemory(pyodide);
  return { snapshot: pyodide.makeMemorySnapshot(), modules, heap: heapBytes(pyodide), zeroed };
});
timings.make = Math.round(clock() - t);

t = clock();
const restored = await boot({
  _loadSnapshot: snapshot,
  createPyodideModule: withRoomFor(createModule, snapshot.length),
}).catch((error) => {
  fail(`the snapshot (${snapshot.length} bytes, heap ${heap}) does not restore: ${error}`);
});
install(restored, wheel);
restored.runPython(AFTER_RESTORE);
const ping = JSON.parse(restored.pyimport("simulator.web").handle("ping", "null"));
if (!ping.result) fail(`the restored snapshot does not answer ping: ${JSON.stringify(ping)}`);
const optimize = Number(restored.runPython("import sys\nsys.flags.optimize"));
if (optimize !== 2) fail(`the restored snapshot runs with sys.flags.optimize ${optimize}, not 2`);
timings.restore = Math.round(clock() - t);

await writeFile(outPath, snapshot);
const report = {
  pyodide: pyodideVersion,
  buildId: buildId(snapshot),
  node: process.versions.node,
  bytes: snapshot.length,
  heap,
  sha256: createHash("sha256").update(snapshot).digest("hex"),
  modules,
  zeroed,
  timings,
};
process.stdout.write(`${JSON.stringify(report)}\n`);

/**
 * @param {import("pyodide").PyodideConfig} options
 * @returns {Promise<PyodideAPI>}
 */
function boot(options) {
  return loadPyodide({
    ...options,
    // The browser's worker has no executable path and no locale either.
    _sysExecutable: "./this.program",
    // PYTHONOPTIMIZE=2 (python -OO): every module is compiled without its docstrings
    // and asserts, which nothing in the page reads (the asserts narrow types for mypy;
    // the answers are the same, see tests/test_pyodide_node.py): 1 MB less of snapshot.
    // The restored interpreter keeps the flag; the bare boot, started anew, does not.
    env: { PYTHONHASHSEED: "0", PYTHONOPTIMIZE: "2", LANG: "C.UTF-8" },
    stdout: (line) => process.stderr.write(`[python] ${line}\n`),
    stderr: (line) => process.stderr.write(`[python] ${line}\n`),
  });
}

/**
 * Unpack the simulator wheel into site-packages.
 * @param {PyodideAPI} pyodide
 * @param {Uint8Array} bytes
 */
function install(pyodide, bytes) {
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  pyodide.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
}

/**
 * The Emscripten module under Pyodide, as much of it as is used here.
 * @typedef {object} Heap
 * @property {Int8Array} HEAP8
 * @property {Uint8Array} HEAPU8
 * @property {Uint32Array} HEAPU32
 * @property {(bytes: number) => number} _malloc
 * @property {(at: number) => void} _free
 * @property {(at: number) => number} _malloc_usable_size
 * @property {(pad: number) => number} _malloc_trim
 * @property {() => number} _emscripten_get_sbrk_ptr
 */

/**
 * Zero the memory the C allocator holds free, and return how many bytes were: what
 * Python freed (the compiler's trees, the imports' temporaries) keeps its old bytes,
 * 2 MB of the snapshot that `pack_snapshot` can leave out once they are zeros. Each
 * free byte is had from `malloc` itself, largest pieces first, zeroed and given back,
 * so that only memory the allocator does not use is written (it never reads a free
 * chunk's bytes: `calloc` clears what it hands out). The memory is not grown for it:
 * no piece is asked for beyond the room under the memory's end, and a piece that moved
 * the program break is given back at once. The same heap gives the same bytes.
 * @param {PyodideAPI} pyodide
 */
function zeroFreeMemory(pyodide) {
  const heap = /** @type {Heap} */ (/** @type {{_module: unknown}} */ (/** @type {unknown} */ (pyodide))._module);
  const memory = heap.HEAP8.length;
  const programBreak = () => heap.HEAPU32[heap._emscripten_get_sbrk_ptr() >>> 2];
  /** @type {number[]} */
  const held = [];
  let zeroed = 0;
  let end = programBreak();
  for (let size = 2 ** Math.floor(Math.log2(memory - end)); size >= 16; size /= 2) {
    for (;;) {
      const at = size < memory - programBreak() ? heap._malloc(size) : 0;
      if (!at) break;
      if (programBreak() !== end) {
        heap._free(at);
        heap._malloc_trim(0);
        end = programBreak();
        break;
      }
      const bytes = heap._malloc_usable_size(at);
      heap.HEAPU8.fill(0, at, at + bytes);
      zeroed += bytes;
      held.push(at);
    }
  }
  for (const at of held) heap._free(at);
  heap._malloc_trim(0);
  if (heap.HEAP8.length !== memory) fail(`zeroing the free memory grew it from ${memory} to ${heap.HEAP8.length} bytes`);
  return zeroed;
}

/** @param {PyodideAPI} pyodide */
function heapBytes(pyodide) {
  const module = /** @type {{_module?: {HEAP8?: Int8Array}}} */ (/** @type {unknown} */ (pyodide))._module;
  return module?.HEAP8?.length ?? 0;
}

/**
 * The Pyodide build the snapshot belongs to, as its header names it (32 bytes at 16).
 * @param {Uint8Array} snapshot
 */
function buildId(snapshot) {
  const words = new Uint32Array(snapshot.buffer, snapshot.byteOffset + 16, 8);
  return Array.from(words, (word) => word.toString(16).padStart(8, "0")).join("");
}

/**
 * Run `make` with the entropy and the clocks pinned, then give them back.
 * @template T
 * @param {() => Promise<T>} make
 * @returns {Promise<T>}
 */
async function pinned(make) {
  // Emscripten draws its entropy from node:crypto's randomFillSync, looked up per call.
  const nodeCrypto = createRequire(import.meta.url)("node:crypto");
  const { randomFillSync } = nodeCrypto;
  const { now: dateNow } = Date;
  const performanceNow = performance.now;
  let state = ENTROPY_SEED;
  let tick = 0;
  /** @param {NodeJS.ArrayBufferView} view */
  nodeCrypto.randomFillSync = (view) => {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    for (let i = 0; i < bytes.length; i++) {
      // xorshift32: not for secrets, only the same bytes on every run.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      bytes[i] = state & 0xff;
    }
    return view;
  };
  Date.now = () => EPOCH_MS + ++tick;
  performance.now = () => ++tick;
  try {
    return await make();
  } finally {
    nodeCrypto.randomFillSync = randomFillSync;
    Date.now = dateNow;
    performance.now = performanceNow;
  }
}

/** @param {string} message @returns {never} */
function fail(message) {
  process.stderr.write(`pyodide_snapshot: ${message}\n`);
  process.exit(1);
}
