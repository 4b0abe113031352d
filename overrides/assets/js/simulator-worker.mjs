// @ts-check
// The simulator's Python, off the main thread: a module Web Worker that boots Pyodide
// from the site itself, installs the `simulator` wheel the site build made, and then
// answers the page's requests through one Python entry point,
// `simulator.web.handle(op, payload_json) -> str`.
//
// The messages both ways are typed in `simulator-runtime.mjs` (WorkerRequest,
// WorkerMessage):
//   {kind: "progress", stage, bytes?}     boot stages, in order: "manifest", "python",
//                                         "simulator", "import"
//   {kind: "ready", versions, timings, marks}  Python is up, requests are answered
//   {kind: "offline", url}                the reader left it alone a while: the worker
//                                         keeps the snapshot, the page registers `url`
//   {kind: "failed", error}               boot failed, or Python died (FatalError): no
//                                         request is answered after it; the page may
//                                         terminate and respawn us
//   {kind: "answer", id, ok: true, result}              the answer to request `id`
//   {kind: "answer", id, ok: false, error: {type, message}}  Python refused it
// Messages from the page: {id, op, payload}. Requests sent before "ready" wait for it.
//
// Every URL is resolved from this file's own URL (and the manifest's), so the site
// works under any base path, offline, and never asks another origin for anything.

import { hexOf, InitialMemory, readSnapshot, SnapshotDigest, withRoomFor } from "./simulator-heap.mjs";
import { wheelFiles, writeWheelFiles } from "./simulator-wheel.mjs";

/** @typedef {import("./simulator-runtime.mjs").WorkerMessage} WorkerMessage */
/** @typedef {import("./simulator-runtime.mjs").WorkerRequest} WorkerRequest */
/** @typedef {import("./simulator-runtime.mjs").AnswerMessage} AnswerMessage */
/** @typedef {import("./simulator-runtime.mjs").BootStage} BootStage */
/** @typedef {import("./simulator-runtime.mjs").Problem} Problem */
/** @typedef {import("pyodide").PyodideAPI} PyodideAPI */
/** @typedef {typeof import("pyodide")} PyodideModule */

/**
 * `runtime.json`, as `helpcenter/runtime_assets.py` writes it; URLs are relative to it.
 * @typedef {object} Manifest
 * @property {{version: string, indexURL: string, files?: Record<string, number>}} pyodide
 * @property {{version: string, wheel: string, sha256: string, bytes?: number, module: string}} simulator
 * @property {SnapshotEntry | null} [snapshot]
 * @property {string} [offline]  the service worker that keeps the site for offline visits
 *   (`make dist` lays it at the site's root)
 */

/**
 * The memory snapshot the build made (Pyodide with the simulator imported).
 * @typedef {object} SnapshotEntry
 * @property {string} file
 * @property {string} sha256
 * @property {number} bytes
 * @property {string} pyodide  the Pyodide version it was made with
 * @property {string} buildId
 * @property {number} heap
 * @property {number} [packed]  the bytes of the file, which leaves the zeros out
 * @property {{size: number, sha256: string}} [pieces]  the file's sha256 as it is made while
 *   it downloads, piece by piece (see SnapshotDigest); without it, the memory's is checked
 * @property {{at: number, bytes: number}} [initial]  where the memory starts in the
 *   snapshot, and how much of the module's memory as instantiated its records without
 *   bytes take from (see InitialMemory)
 */

/**
 * `simulator.web.handle`, as Pyodide hands it to JavaScript.
 * @typedef {(op: string, payloadJson: string) => string} Handle
 */

/**
 * How to boot, from this script's URL fragment (`#snapshot=auto&rate=…`), set by the
 * runtime: `snapshot` is "auto" (restore when the snapshot is cached or downloads
 * quickly enough), "on" (always try it) or "off" (the bare boot, for comparison);
 * `rate` is the page's own download rate in bytes per millisecond, if it knows it.
 * @typedef {object} BootOptions
 * @property {"auto" | "on" | "off"} snapshot
 * @property {number | null} rate
 */

const MANIFEST_URL = new URL("../simulator/runtime.json", import.meta.url);

/** The largest snapshot a reader's tab is asked to hold (today's is 38 MB, 17 MB as served). */
const SNAPSHOT_MAX_BYTES = 256 * 1024 * 1024;
/** How long a first visit may spend downloading the snapshot: less than it saves. */
const SNAPSHOT_BUDGET_MS = 1000;
/** What the snapshot as served weighs on the wire: Brotli makes it 0.28, gzip 0.36. */
const SNAPSHOT_WIRE_RATIO = 0.4;
/** Where the snapshot is kept between visits (Cache Storage), and how it is marked. */
const SNAPSHOT_CACHE = "pim-apps-simulator-snapshot";
const KEPT_HEADER = "x-kept-as";
/**
 * How long the reader leaves the simulator alone (no request) before what is kept for
 * later visits is written: the snapshot, gzipped into Cache Storage, and the site, by
 * its service worker. Writing them takes a core for a few hundred milliseconds, which a
 * reader's first clicks after the boot must not wait behind (the page benchmark's
 * slowest change was 150–250 ms with them written at once, 39–46 ms without).
 */
const QUIET_MS = 3000;
/** Progress messages while downloading: at most one per interval. */
const PROGRESS_INTERVAL_MS = 100;

class BootError extends Error {
  /**
   * @param {string} type
   * @param {string} message
   */
  constructor(type, message) {
    super(message);
    this.type = type;
  }
}

/** @param {WorkerMessage} message */
function send(message) {
  postMessage(message);
}

const startedAt = performance.now();
const quiet = quietly();
const options = bootOptions(new URL(import.meta.url).hash);
const booting = boot(options);
booting.then(
  () => {},
  (error) => send({ kind: "failed", error: describe(error, "LoadError") }),
);

self.addEventListener("message", async (/** @type {MessageEvent<WorkerRequest>} */ event) => {
  const { id, op, payload } = event.data ?? {};
  /** @type {Handle} */
  let handle;
  try {
    handle = await booting;
  } catch {
    return; // the "failed" message, already sent, stands for every request
  }
  const reply = answer(handle, id, op, payload);
  quiet.restart();
  if (reply.ok === false && reply.error.type === "FatalError") {
    // The interpreter is gone; only a new worker can answer again.
    send({ kind: "failed", error: reply.error });
    return;
  }
  send(reply);
});

/**
 * @param {string} hash
 * @returns {BootOptions}
 */
function bootOptions(hash) {
  const params = new URLSearchParams(hash.slice(1));
  const snapshot = params.get("snapshot");
  const rate = Number(params.get("rate"));
  return {
    snapshot: snapshot === "on" || snapshot === "off" ? snapshot : "auto",
    rate: Number.isFinite(rate) && rate > 0 ? rate : null,
  };
}

/**
 * @param {BootOptions} options
 * @returns {Promise<Handle>}
 */
async function boot(options) {
  /** @type {Record<string, number>} */
  const timings = {};
  /** @param {string} name @param {number} since */
  const lap = (name, since) => {
    timings[name] = Math.round(performance.now() - since);
    return performance.now();
  };
  let t = performance.now();
  const marks = bootMarks();

  stage("manifest");
  const manifest = /** @type {Manifest} */ (await fetchJson(MANIFEST_URL));
  const indexURL = new URL(manifest.pyodide.indexURL, MANIFEST_URL).href;
  const wheelURL = new URL(manifest.simulator.wheel, MANIFEST_URL);
  t = lap("manifest", t);
  marks.mark("manifest");

  const progress = new Progress(fetchedBytes(manifest));
  stage("python", progress.counts());
  // Every download from here to Python's start is counted for the progress bar, and
  // every one starts now, side by side: Python's files (which Pyodide would ask for only
  // once its scripts are imported), its two scripts, the wheel, and the snapshot.
  const fetching = globalThis.fetch;
  const counted = progress.fetch(fetching);
  const wasmURL = new URL("pyodide.asm.wasm", indexURL).href;
  /** @type {Map<string, Promise<Response>>} */
  const early = new Map(
    [wasmURL, new URL("python_stdlib.zip", indexURL).href, new URL("pyodide-lock.json", indexURL).href].map((url) => [
      url,
      counted(url),
    ]),
  );
  for (const response of early.values()) response.catch(() => {}); // Pyodide reports its own
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const started = early.get(url);
    early.delete(url);
    return started ?? counted(input, init);
  };
  // The wasm is compiled while it downloads, and while the snapshot downloads: Pyodide
  // itself would compile it only once the snapshot has come.
  const compiled = compileWasm(/** @type {Promise<Response>} */ (early.get(wasmURL)), marks);
  const scripts = Promise.all([
    importOrFail(new URL("pyodide.mjs", indexURL).href),
    importOrFail(new URL("pyodide.asm.mjs", indexURL).href),
  ]);
  scripts.catch(() => {}); // reported when awaited below
  const wheelBytes = fetchBytes(wheelURL);
  // The wheel is checked, then inflated while Python starts (see simulator-wheel.mjs).
  const wheel = wheelBytes.then(async (bytes) => {
    await checkIntegrity(bytes, manifest.simulator.sha256, wheelURL);
    const files = await wheelFiles(bytes).catch((/** @type {unknown} */ error) => {
      console.info(`[simulator] the wheel is unpacked by Python: ${describe(error, "").message}`);
      return null;
    });
    marks.mark("wheel");
    return { bytes, files };
  });
  wheel.catch(() => {}); // reported when awaited below
  const restoring = await snapshotPlan(manifest, options, progress, marks);
  const [{ loadPyodide }, asm] = /** @type {[PyodideModule, {default: CreateModule}]} */ (await scripts);
  marks.mark("scripts");
  /** @param {Restoring} [snapshot] */
  const load = async (snapshot) => {
    /** @type {CreateModule} */
    let create = precompiled(asm.default, compiled, () => fetching(wasmURL));
    if (snapshot?.initial) create = snapshot.initial.into(create);
    if (snapshot) create = withRoomFor(restoredWhenChecked(create, snapshot, marks), snapshot.bytes.byteLength);
    /** @type {import("pyodide").PyodideConfig} */
    const config = {
      indexURL,
      stdout: (line) => console.log("[simulator]", line),
      stderr: (line) => console.warn("[simulator]", line),
      // The same module Pyodide imports itself: no second download.
      createPyodideModule: create,
    };
    // Pyodide sizes the memory by the snapshot and restores it from these bytes once its
    // module is up; they are being downloaded into meanwhile (see restoredWhenChecked).
    if (snapshot) Object.assign(config, { _loadSnapshot: snapshot.bytes });
    return loadPyodide(config);
  };
  /** @type {PyodideAPI} */
  let pyodide;
  let from = "bare";
  /** @type {string | null} */
  let note = restoring.note;
  try {
    if (restoring.snapshot) {
      try {
        pyodide = await load(restoring.snapshot);
        from = "snapshot";
      } catch (error) {
        // Why the snapshot was refused (its download, its integrity), else why Pyodide did.
        const reason = await restoring.snapshot.checked.then(() => error, (problem) => problem);
        note = `the snapshot did not restore (${describe(reason, "").message})`;
        progress.forget(manifest.snapshot?.bytes ?? 0);
        pyodide = await load();
      }
    } else {
      pyodide = await load();
    }
  } finally {
    globalThis.fetch = fetching;
  }
  if (note) console.info(`[simulator] booting without the snapshot: ${note}.`);
  t = lap("python", t);
  marks.mark("python");

  stage("simulator", progress.counts());
  const { bytes, files } = await wheel;
  if (from === "snapshot") {
    // The snapshot's generators were seeded at build time; every reader gets new ones.
    pyodide.runPython("import random\nrandom.seed()");
  }
  // The file system is not part of a snapshot: the package's files are written anew.
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  if (files) writeWheelFiles(pyodide.FS, sitePackages, files);
  else pyodide.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
  t = lap("simulator", t);
  marks.mark("simulator");

  stage("import", progress.counts());
  const web = pyodide.pyimport(manifest.simulator.module);
  /** @type {Handle} */
  const handle = web.handle;
  const ping = JSON.parse(handle("ping", "null")).result;
  lap("import", t);
  marks.mark("import");
  timings.total = Math.round(performance.now() - startedAt);

  send({
    kind: "ready",
    versions: { pyodide: pyodide.version, simulator: ping.simulator, python: ping.python },
    boot: { from: /** @type {"snapshot" | "bare"} */ (from), note },
    timings,
    marks: marks.all,
  });
  const offline = manifest.offline ? new URL(manifest.offline, MANIFEST_URL).href : null;
  quiet.run(() => {
    restoring.later?.();
    if (offline) send({ kind: "offline", url: offline });
  });
  return handle;
}

/**
 * A task run once the worker has answered nothing for QUIET_MS: each answer starts the
 * wait again.
 * @returns {{run: (task: () => void) => void, restart: () => void}}
 */
function quietly() {
  /** @type {(() => void) | null} */
  let waiting = null;
  let timer = 0;
  const restart = () => {
    if (!waiting) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const task = waiting;
      waiting = null;
      task?.();
    }, QUIET_MS);
  };
  return {
    run(task) {
      waiting = task;
      restart();
    },
    restart,
  };
}

/**
 * Pyodide's module, as `pyodide.asm.mjs` exports it.
 * @typedef {(settings: any) => Promise<any>} CreateModule
 */

/**
 * The wasm, compiled as it downloads; null when it cannot be (a server that does not
 * say `application/wasm`), and Pyodide then compiles it its own way.
 * @param {Promise<Response>} response
 * @param {Marks} marks
 * @returns {Promise<WebAssembly.Module | null>}
 */
function compileWasm(response, marks) {
  return WebAssembly.compileStreaming(response).then(
    (module) => {
      marks.mark("wasm");
      return module;
    },
    (/** @type {unknown} */ error) => {
      console.info(`[simulator] the wasm is compiled after the download: ${describe(error, "").message}`);
      return null;
    },
  );
}

/**
 * Pyodide's module constructor, made to instantiate the wasm compiled beforehand.
 * Pyodide instantiates with `WebAssembly.instantiateStreaming` on the response of its
 * own fetch (here, the one started early, whose body the compiler read): that one call
 * is answered with the compiled module, or, when there is none, the way Pyodide does it
 * on a fresh download.
 * @param {CreateModule} create
 * @param {Promise<WebAssembly.Module | null>} compiled
 * @param {() => Promise<Response>} download
 * @returns {CreateModule}
 */
function precompiled(create, compiled, download) {
  return (settings) => {
    const instantiateStreaming = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = async (_source, imports) => {
      WebAssembly.instantiateStreaming = instantiateStreaming;
      const module = await compiled;
      if (!module) return instantiateStreaming(download(), imports);
      return { module, instance: await WebAssembly.instantiate(module, imports) };
    };
    return create(settings);
  };
}

/**
 * Pyodide's module constructor, made to wait, once the module is up (instantiated, its
 * run-time initialised) and before Python is restored, for the snapshot to have come
 * and passed its integrity check: the module is made while the snapshot downloads, and
 * only the copy and the restore are left after its last byte. A snapshot that does not
 * come or does not match is never restored: its first word (Pyodide's magic number) is
 * cleared, so that Pyodide refuses it before it touches the memory, and the worker
 * boots the bare way.
 * @param {CreateModule} create
 * @param {Restoring} snapshot
 * @param {Marks} marks
 * @returns {CreateModule}
 */
function restoredWhenChecked(create, snapshot, marks) {
  return async (settings) => {
    const module = await create(settings);
    marks.mark("module");
    await snapshot.checked.catch(() => snapshot.bytes.fill(0, 0, 4));
    return module;
  };
}

/**
 * When each step of the boot was done, in milliseconds since the worker started.
 * @typedef {{all: Record<string, number>, mark: (name: string) => void}} Marks
 */

/** @returns {Marks} */
function bootMarks() {
  /** @type {Record<string, number>} */
  const all = { script: Math.round(startedAt) };
  return { all, mark: (name) => void (all[name] = Math.round(performance.now() - startedAt)) };
}

/**
 * The snapshot being restored: the buffer it is downloaded into (its size is the
 * manifest's), `checked`, which settles once it has all come and matched its sha256,
 * and the module's initial memory its records without bytes are copied from.
 * @typedef {object} Restoring
 * @property {Uint8Array<ArrayBuffer>} bytes
 * @property {Promise<void>} checked
 * @property {InitialMemory} [initial]
 */

/**
 * Whether to boot from the snapshot, and the snapshot if so; `later` is what to do
 * once Python is ready (keep the snapshot for the next visit).
 * @param {Manifest} manifest
 * @param {BootOptions} options
 * @param {Progress} progress
 * @param {Marks} marks
 * @returns {Promise<{snapshot: Restoring | null, note: string | null, later: (() => void) | null}>}
 */
async function snapshotPlan(manifest, options, progress, marks) {
  const entry = manifest.snapshot;
  /** @param {string} note */
  const bare = (note) => ({ snapshot: null, note, later: null });
  if (options.snapshot === "off") return { snapshot: null, note: null, later: null };
  if (!entry) return bare("the site was built without one");
  if (entry.pyodide !== manifest.pyodide.version) {
    return bare(`it was made for Pyodide ${entry.pyodide}, the site serves ${manifest.pyodide.version}`);
  }
  if (!globalThis.crypto?.subtle) return bare("its integrity cannot be checked outside a secure context");
  if (entry.bytes > SNAPSHOT_MAX_BYTES) {
    return bare(`it is too large (${entry.bytes} bytes, more than the ${SNAPSHOT_MAX_BYTES} a reader's tab is asked for)`);
  }
  const url = new URL(entry.file, MANIFEST_URL);
  const kept = await keptSnapshot(url);
  /** @type {Promise<Response> | null} */
  let response = kept ? Promise.resolve(kept) : null;
  if (!response) {
    const wire = (entry.packed ?? entry.bytes) * SNAPSHOT_WIRE_RATIO;
    const quick = options.rate !== null && wire / options.rate <= SNAPSHOT_BUDGET_MS;
    if (options.snapshot === "auto" && !quick) {
      // A first visit on a slow or unknown link: today's boot, then the snapshot for
      // the next visit, once Python is ready.
      return { snapshot: null, note: null, later: () => void keepSnapshot(url, fetch(url, { priority: "low" })) };
    }
    response = fetch(url);
  }
  progress.expect(entry.packed ?? entry.bytes);
  const bytes = new Uint8Array(entry.bytes);
  const { pieces } = entry;
  const initial = entry.initial ? new InitialMemory(entry.initial) : undefined;
  const checked = response.then(async (r) => {
    if (!r.ok || !r.body) throw new BootError("LoadError", `${url.pathname}: HTTP ${r.status}`);
    // Hashed as it comes: after the last byte, only its piece is left to hash.
    const digest = pieces ? new SnapshotDigest(pieces.size) : undefined;
    await readSnapshot(r.body, bytes, digest, initial).catch((/** @type {unknown} */ error) => {
      if (!(error instanceof RangeError)) throw error;
      throw new BootError("IntegrityError", `${url.pathname} does not match runtime.json (${error.message})`);
    });
    marks.mark("snapshot");
    if (digest && pieces) matches(await digest.hex(), pieces.sha256, url);
    else await checkIntegrity(bytes, entry.sha256, url);
    marks.mark("snapshot checked");
  });
  checked.catch(() => {}); // reported by the boot, which then goes without it
  /** @type {(() => void) | null} */
  // Kept as served (its zeros left out), from the HTTP cache the download just filled.
  const later = kept ? null : () => void checked.then(() => keepSnapshot(url, fetch(url, { priority: "low" })));
  return { snapshot: { bytes, checked, initial }, note: null, later };
}

/**
 * The snapshot as a previous visit kept it in Cache Storage (gzipped there), or as the
 * HTTP cache has it; null when neither does.
 * @param {URL} url
 * @returns {Promise<Response | null>}
 */
async function keptSnapshot(url) {
  const hit = await globalThis.caches?.match(url).catch(() => undefined);
  if (hit?.body) {
    if (hit.headers.get(KEPT_HEADER) !== "gzip") return hit;
    return new Response(hit.body.pipeThrough(new DecompressionStream("gzip")));
  }
  const cached = await fetch(url, { cache: "only-if-cached", mode: "same-origin" }).catch(() => null);
  return cached?.ok ? cached : null;
}

/**
 * Keep the snapshot for the next visits, gzipped (a quarter of its size), in place of
 * any other one (an older site's).
 * @param {URL} url
 * @param {Response | Promise<Response>} source
 */
async function keepSnapshot(url, source) {
  try {
    const cache = await caches.open(SNAPSHOT_CACHE);
    for (const old of await cache.keys()) if (old.url !== url.href) await cache.delete(old);
    const response = await source;
    if (!response.ok || !response.body) return;
    const gzipped = response.body.pipeThrough(new CompressionStream("gzip"));
    await cache.put(url, new Response(gzipped, { headers: { [KEPT_HEADER]: "gzip" } }));
  } catch (error) {
    console.info(`[simulator] the snapshot was not kept for the next visit: ${describe(error, "").message}`);
  }
}

/**
 * Bytes downloaded during the boot, told to the page as they come.
 */
class Progress {
  /** @param {number} total */
  constructor(total) {
    this.loaded = 0;
    this.total = total;
    this.sentAt = 0;
  }

  /** @param {number} bytes  more to download (the snapshot) */
  expect(bytes) {
    this.total += bytes;
  }

  /** @param {number} bytes  no longer to download (a snapshot given up) */
  forget(bytes) {
    this.total = Math.max(this.loaded, this.total - bytes);
  }

  counts() {
    return { loaded: Math.min(this.loaded, this.total), total: this.total };
  }

  /**
   * A fetch that counts what every response's body brings.
   * @param {typeof fetch} fetching
   * @returns {typeof fetch}
   */
  fetch(fetching) {
    return async (input, init) => this.#counted(await fetching(input, init));
  }

  /** @param {Response} response */
  #counted(response) {
    if (!response.body) return response;
    const counter = new TransformStream({
      transform: (chunk, controller) => {
        this.loaded += chunk.byteLength;
        const now = performance.now();
        if (now - this.sentAt >= PROGRESS_INTERVAL_MS) {
          this.sentAt = now;
          stage("python", this.counts());
        }
        controller.enqueue(chunk);
      },
    });
    const { status, statusText, headers } = response;
    return new Response(response.body.pipeThrough(counter), { status, statusText, headers });
  }
}

/**
 * What the boot downloads with `fetch`, in bytes: the core files Pyodide fetches (its
 * two scripts are imported, not fetched) and the wheel.
 * @param {Manifest} manifest
 */
function fetchedBytes(manifest) {
  const files = manifest.pyodide.files ?? {};
  const fetched = ["pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];
  return sum(fetched.map((name) => files[name] ?? 0)) + (manifest.simulator.bytes ?? 0);
}

/**
 * One request, answered by Python (or refused before it gets there).
 * @param {Handle} handle
 * @param {number} id
 * @param {unknown} op
 * @param {unknown} payload
 * @returns {AnswerMessage}
 */
function answer(handle, id, op, payload) {
  /** @param {Problem} error @returns {AnswerMessage} */
  const refuse = (error) => ({ kind: "answer", id, ok: false, error });
  if (typeof op !== "string") {
    return refuse({ type: "UnknownOp", message: `op must be a string, not ${typeof op}` });
  }
  let payloadJson;
  try {
    payloadJson = payload === undefined ? "null" : JSON.stringify(payload);
  } catch (error) {
    return refuse({ type: "BadPayload", message: `payload is not JSON: ${describe(error, "").message}` });
  }
  let text;
  try {
    text = handle(op, payloadJson);
  } catch (error) {
    // handle() never raises; reaching here means the interpreter itself is in trouble.
    if (/** @type {{pyodide_fatal_error?: boolean}} */ (error)?.pyodide_fatal_error) {
      const message = "Python stopped after a fatal error; the simulator must be restarted";
      return refuse({ type: "FatalError", message });
    }
    return refuse(describe(error, "PythonError"));
  }
  /** @type {{result: unknown} | {error: Problem}} */
  const reply = JSON.parse(text);
  return "error" in reply ? refuse(reply.error) : { kind: "answer", id, ok: true, result: reply.result };
}

/**
 * @param {BootStage} name
 * @param {{loaded?: number, total?: number}} [detail]
 */
function stage(name, detail = {}) {
  send({ kind: "progress", stage: name, ...detail });
}

/** @param {URL} url */
async function fetchOk(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new BootError("LoadError", `could not fetch ${url.pathname}: ${describe(error, "").message}`);
  }
  if (!response.ok) {
    throw new BootError("LoadError", `could not fetch ${url.pathname}: HTTP ${response.status}`);
  }
  return response;
}

/** @param {URL} url @returns {Promise<unknown>} */
async function fetchJson(url) {
  return (await fetchOk(url)).json();
}

/** @param {URL} url */
async function fetchBytes(url) {
  return new Uint8Array(await (await fetchOk(url)).arrayBuffer());
}

/** @param {string} url @returns {Promise<unknown>} */
async function importOrFail(url) {
  try {
    return await import(url);
  } catch (error) {
    const reason = describe(error, "").message;
    throw new BootError("LoadError", `could not load Python (${new URL(url).pathname}): ${reason}`);
  }
}

/**
 * @param {Uint8Array<ArrayBuffer>} bytes
 * @param {string} expected  sha256, hex
 * @param {URL} url
 */
async function checkIntegrity(bytes, expected, url) {
  // SubtleCrypto exists only in secure contexts (https, localhost); elsewhere the
  // version in the wheel's name is what keeps the manifest and the wheel together.
  if (!globalThis.crypto?.subtle) return;
  matches(hexOf(await crypto.subtle.digest("SHA-256", bytes)), expected, url);
}

/**
 * @param {string} actual  sha256, hex
 * @param {string} expected  sha256, hex
 * @param {URL} url
 */
function matches(actual, expected, url) {
  if (actual !== expected) {
    throw new BootError(
      "IntegrityError",
      `${url.pathname} does not match runtime.json (sha256 ${actual}, expected ${expected})`,
    );
  }
}

/**
 * @param {unknown} error
 * @param {string} fallbackType
 * @returns {Problem}
 */
function describe(error, fallbackType) {
  const { type, message } = /** @type {{type?: unknown, message?: unknown}} */ (error ?? {});
  return {
    type: typeof type === "string" ? type : fallbackType,
    message: String(message ?? error),
  };
}

/** @param {number[]} numbers */
function sum(numbers) {
  return numbers.reduce((a, b) => a + b, 0);
}
