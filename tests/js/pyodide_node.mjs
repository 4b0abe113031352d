// @ts-check
// Runs `simulator.web.handle` in Pyodide under Node, as the browser's worker does, so a
// test can compare its answers with CPython's.
//
//   node tests/js/pyodide_node.mjs <dir holding runtime.json and the wheel> [--snapshot] < requests.json
//
// With --snapshot, Python is restored from the memory snapshot runtime.json names, then
// reseeded and given the wheel's files again; either way the wheel is unpacked by
// `simulator-wheel.mjs`, exactly as the browser's worker does.
//
// requests.json: [{op, payload} | {op, payload_json}, …] — `payload` is encoded with
// JSON.stringify as the worker does; `payload_json` is passed to Python as it is (to
// test what the entry point does with text that is not JSON).
// Prints one JSON object: {pyodide, from: "snapshot" | "bare", timings: {boot, install,
// import, total} (ms), answers: [the exact strings handle() returned]}. Python's own
// output goes to stderr.

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { text } from "node:stream/consumers";

import { loadPyodide, version as pyodideVersion } from "pyodide";

import { InitialMemory, readSnapshot, restoredAfter, SnapshotDigest, withRoomFor } from "../../overrides/assets/js/simulator-heap.mjs";
import { wheelFiles, writeWheelFiles } from "../../overrides/assets/js/simulator-wheel.mjs";

// The module Pyodide imports itself, beside pyodide.mjs (it ships no types).
const asmURL = new URL("pyodide.asm.mjs", import.meta.resolve("pyodide")).href;
const { default: createModule } = /** @type {{default: (settings: any) => Promise<any>}} */ (await import(asmURL));

const [assetsDir, flag] = process.argv.slice(2);
if (!assetsDir || (flag !== undefined && flag !== "--snapshot")) {
  fail("usage: node pyodide_node.mjs <simulator assets dir> [--snapshot] < requests.json");
}

const manifest = JSON.parse(await readFile(join(assetsDir, "runtime.json"), "utf8"));
if (manifest.pyodide.version !== pyodideVersion) {
  fail(`runtime.json names Pyodide ${manifest.pyodide.version}, node_modules has ${pyodideVersion}`);
}
const wheel = await readFile(join(assetsDir, manifest.simulator.wheel));
const digest = createHash("sha256").update(wheel).digest("hex");
if (digest !== manifest.simulator.sha256) {
  fail(`${manifest.simulator.wheel}: sha256 ${digest}, runtime.json says ${manifest.simulator.sha256}`);
}
/** @type {Array<{op: string, payload?: unknown, payload_json?: string}>} */
const requests = JSON.parse(await text(process.stdin));

/** @type {Record<string, number>} */
const timings = {};
/** @type {Uint8Array<ArrayBuffer> | undefined} */
let snapshot;
/** @type {(settings: any) => Promise<any>} */
let create = createModule;
if (flag === "--snapshot") {
  if (!manifest.snapshot) fail("runtime.json names no snapshot");
  // Served without its pages of zeros, nor those of the wasm's own data; read back into
  // memory of its size, as the worker does, those from the module once it is instantiated.
  const entry = manifest.snapshot;
  const buffer = new Uint8Array(entry.bytes);
  snapshot = buffer;
  // Hashed piece by piece as it is read, as the worker does, and whole, as the build does.
  const pieces = new SnapshotDigest(entry.pieces.size);
  const initial = entry.initial ? new InitialMemory(entry.initial) : undefined;
  const read = readSnapshot(new Blob([await readFile(join(assetsDir, entry.file))]).stream(), buffer, pieces, initial).then(async () => {
    const digest = createHash("sha256").update(buffer).digest("hex");
    if (digest !== entry.sha256) fail(`${entry.file}: sha256 ${digest}, runtime.json says ${entry.sha256}`);
    const pieced = await pieces.hex();
    if (pieced !== entry.pieces.sha256) fail(`${entry.file}: sha256 by pieces ${pieced}, runtime.json says ${entry.pieces.sha256}`);
  });
  create = withRoomFor(restoredAfter(initial ? initial.into(createModule) : createModule, read), buffer.length);
}
let t = performance.now();
const pyodide = await loadPyodide({
  ...(snapshot ? { _loadSnapshot: snapshot, createPyodideModule: create } : {}),
  stdout: (line) => process.stderr.write(`[python] ${line}\n`),
  stderr: (line) => process.stderr.write(`[python] ${line}\n`),
});
if (snapshot) pyodide.runPython("import random\nrandom.seed()");
timings.boot = lap(t);

t = performance.now();
const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
// A Node Buffer is a Uint8Array only by inheritance.
writeWheelFiles(pyodide.FS, sitePackages, await wheelFiles(new Uint8Array(wheel.buffer.slice(wheel.byteOffset, wheel.byteOffset + wheel.byteLength))));
timings.install = lap(t);

t = performance.now();
const handle = pyodide.pyimport(manifest.simulator.module).handle;
timings.import = lap(t);
timings.total = timings.boot + timings.install + timings.import;

const answers = requests.map(({ op, payload, payload_json }) =>
  handle(op, payload_json ?? (payload === undefined ? "null" : JSON.stringify(payload))),
);
const from = snapshot ? "snapshot" : "bare";
process.stdout.write(`${JSON.stringify({ pyodide: pyodide.version, from, timings, answers })}\n`);

/** @param {number} since */
function lap(since) {
  return Math.round(performance.now() - since);
}

/** @param {string} message @returns {never} */
function fail(message) {
  process.stderr.write(`pyodide_node: ${message}\n`);
  process.exit(2);
}
