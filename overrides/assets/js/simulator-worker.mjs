// The simulator's Python, off the main thread: a module Web Worker that boots Pyodide
// from the site itself, installs the `simulator` wheel the site build made, and then
// answers the page's requests through one Python entry point,
// `simulator.web.handle(op, payload_json) -> str`.
//
// Messages to the page:
//   {kind: "progress", stage}             boot stages, in order: "manifest", "python",
//                                         "simulator", "import"
//   {kind: "ready", versions, timings}    Python is up, requests are answered
//   {kind: "failed", error}               boot failed, or Python died (FatalError): the
//                                         page may terminate and respawn us
//   {id, ok: true, result}                the answer to request `id`
//   {id, ok: false, error: {type, message}}
// Messages from the page: {id, op, payload}. Requests sent before "ready" wait for it.
//
// Every URL is resolved from this file's own URL (and the manifest's), so the site
// works under any base path, offline, and never asks another origin for anything.

const MANIFEST_URL = new URL("../simulator/runtime.json", import.meta.url);

class BootError extends Error {
  constructor(type, message) {
    super(message);
    this.type = type;
  }
}

const startedAt = performance.now();
const booting = boot();
booting.then(
  () => {},
  (error) => postMessage({ kind: "failed", error: describe(error, "LoadError") }),
);

self.addEventListener("message", async (event) => {
  const { id, op, payload } = event.data ?? {};
  let handle;
  try {
    handle = await booting;
  } catch (error) {
    postMessage({ id, ok: false, error: describe(error, "LoadError") });
    return;
  }
  const reply = answer(handle, id, op, payload);
  postMessage(reply);
  if (reply.error?.type === "FatalError") {
    // The interpreter is gone; only a new worker can answer again.
    postMessage({ kind: "failed", error: reply.error });
  }
});

async function boot() {
  const timings = {};
  const lap = (name, since) => {
    timings[name] = Math.round(performance.now() - since);
    return performance.now();
  };
  let t = performance.now();

  stage("manifest");
  const manifest = await fetchJson(MANIFEST_URL);
  const indexURL = new URL(manifest.pyodide.indexURL, MANIFEST_URL).href;
  const wheelURL = new URL(manifest.simulator.wheel, MANIFEST_URL);
  t = lap("manifest", t);

  stage("python", { bytes: sum(Object.values(manifest.pyodide.files ?? {})) });
  // Start fetching the wheel now: it downloads while Python boots.
  const wheelBytes = fetchBytes(wheelURL);
  wheelBytes.catch(() => {}); // reported when awaited below
  const { loadPyodide } = await importOrFail(new URL("pyodide.mjs", indexURL).href);
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
  const handle = web.handle;
  const ping = JSON.parse(handle("ping", "null")).result;
  lap("import", t);
  timings.total = Math.round(performance.now() - startedAt);

  postMessage({
    kind: "ready",
    versions: { pyodide: pyodide.version, simulator: ping.simulator, python: ping.python },
    timings,
  });
  return handle;
}

function answer(handle, id, op, payload) {
  if (typeof op !== "string") {
    return { id, ok: false, error: { type: "UnknownOp", message: `op must be a string, not ${typeof op}` } };
  }
  let payloadJson;
  try {
    payloadJson = payload === undefined ? "null" : JSON.stringify(payload);
  } catch (error) {
    return { id, ok: false, error: { type: "BadPayload", message: `payload is not JSON: ${error.message}` } };
  }
  let text;
  try {
    text = handle(op, payloadJson);
  } catch (error) {
    // handle() never raises; reaching here means the interpreter itself is in trouble.
    if (error?.pyodide_fatal_error) {
      const message = "Python stopped after a fatal error; the simulator must be restarted";
      return { id, ok: false, error: { type: "FatalError", message } };
    }
    return { id, ok: false, error: describe(error, "PythonError") };
  }
  const reply = JSON.parse(text);
  return "error" in reply
    ? { id, ok: false, error: reply.error }
    : { id, ok: true, result: reply.result };
}

function stage(name, detail = {}) {
  postMessage({ kind: "progress", stage: name, ...detail });
}

async function fetchOk(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new BootError("LoadError", `could not fetch ${url.pathname}: ${error.message}`);
  }
  if (!response.ok) {
    throw new BootError("LoadError", `could not fetch ${url.pathname}: HTTP ${response.status}`);
  }
  return response;
}

async function fetchJson(url) {
  return (await fetchOk(url)).json();
}

async function fetchBytes(url) {
  return new Uint8Array(await (await fetchOk(url)).arrayBuffer());
}

async function importOrFail(url) {
  try {
    return await import(url);
  } catch (error) {
    throw new BootError("LoadError", `could not load Python (${new URL(url).pathname}): ${error.message}`);
  }
}

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

function describe(error, fallbackType) {
  return {
    type: error?.type ?? fallbackType,
    message: String(error?.message ?? error),
  };
}

function sum(numbers) {
  return numbers.reduce((a, b) => a + b, 0);
}
