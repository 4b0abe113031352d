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
//   {kind: "ready", versions, timings}    Python is up, requests are answered
//   {kind: "failed", error}               boot failed, or Python died (FatalError): no
//                                         request is answered after it; the page may
//                                         terminate and respawn us
//   {kind: "answer", id, ok: true, result}              the answer to request `id`
//   {kind: "answer", id, ok: false, error: {type, message}}  Python refused it
// Messages from the page: {id, op, payload}. Requests sent before "ready" wait for it.
//
// Every URL is resolved from this file's own URL (and the manifest's), so the site
// works under any base path, offline, and never asks another origin for anything.

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
 * @property {{version: string, wheel: string, sha256: string, module: string}} simulator
 */

/**
 * `simulator.web.handle`, as Pyodide hands it to JavaScript.
 * @typedef {(op: string, payloadJson: string) => string} Handle
 */

const MANIFEST_URL = new URL("../simulator/runtime.json", import.meta.url);

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
const booting = boot();
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
  if (reply.ok === false && reply.error.type === "FatalError") {
    // The interpreter is gone; only a new worker can answer again.
    send({ kind: "failed", error: reply.error });
    return;
  }
  send(reply);
});

/** @returns {Promise<Handle>} */
async function boot() {
  /** @type {Record<string, number>} */
  const timings = {};
  /** @param {string} name @param {number} since */
  const lap = (name, since) => {
    timings[name] = Math.round(performance.now() - since);
    return performance.now();
  };
  let t = performance.now();

  stage("manifest");
  const manifest = /** @type {Manifest} */ (await fetchJson(MANIFEST_URL));
  const indexURL = new URL(manifest.pyodide.indexURL, MANIFEST_URL).href;
  const wheelURL = new URL(manifest.simulator.wheel, MANIFEST_URL);
  t = lap("manifest", t);

  stage("python", { bytes: sum(Object.values(manifest.pyodide.files ?? {})) });
  // Start fetching the wheel now: it downloads while Python boots.
  const wheelBytes = fetchBytes(wheelURL);
  wheelBytes.catch(() => {}); // reported when awaited below
  const { loadPyodide } = /** @type {PyodideModule} */ (await importOrFail(new URL("pyodide.mjs", indexURL).href));
  const pyodide = await loadPyodide({
    indexURL,
    stdout: (line) => console.log("[simulator]", line),
    stderr: (line) => console.warn("[simulator]", line),
  });
  t = lap("python", t);

  stage("simulator");
  const bytes = await wheelBytes;
  await checkIntegrity(bytes, manifest.simulator.sha256, wheelURL);
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  pyodide.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
  t = lap("simulator", t);

  stage("import");
  const web = pyodide.pyimport(manifest.simulator.module);
  /** @type {Handle} */
  const handle = web.handle;
  const ping = JSON.parse(handle("ping", "null")).result;
  lap("import", t);
  timings.total = Math.round(performance.now() - startedAt);

  send({
    kind: "ready",
    versions: { pyodide: pyodide.version, simulator: ping.simulator, python: ping.python },
    timings,
  });
  return handle;
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
 * @param {{bytes?: number}} [detail]
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
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const actual = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
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
