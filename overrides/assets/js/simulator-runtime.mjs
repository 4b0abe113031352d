// The page's side of the simulator's Python: one Web Worker per tab, started on the
// first request, kept on `window` so that mkdocs-material's instant navigation (which
// keeps the window) reuses it from page to page.
//
//   import { simulatorRuntime } from ".../simulator-runtime.mjs";
//   const runtime = simulatorRuntime();
//   const unsubscribe = runtime.subscribe((status) => …);  // progress, ready, failed
//   const answer = await runtime.request("ping");           // rejects with RuntimeError
//   runtime.retry();                                        // after a failed boot
//
// No inline script, no other origin: the worker is a same-origin module resolved from
// this file's URL, and it fetches Python from the site itself.

const WORKER_URL = new URL("./simulator-worker.mjs", import.meta.url);
const GLOBAL_KEY = Symbol.for("pim-apps-helpcenter.simulator-runtime");

/** The boot stages, in order, with what the reader is told during each. */
export const BOOT_STAGES = Object.freeze([
  { stage: "manifest", label: "Preparing the simulator" },
  { stage: "python", label: "Loading Python" },
  { stage: "simulator", label: "Installing the simulator" },
  { stage: "import", label: "Starting the simulator" },
]);

/** Why a request got no answer: `type` is the kind (`LoadError`, `UnknownOp`, …). */
export class RuntimeError extends Error {
  constructor({ type, message }) {
    super(message);
    this.name = "RuntimeError";
    this.type = type;
  }
}

/**
 * status: {state, stage, step, steps, label, bytes, error, versions, timings}
 *   state: "idle" (no worker yet) → "starting" → "ready" | "failed"
 */
class SimulatorRuntime {
  #workerURL;
  #worker = null;
  #nextId = 1;
  #pending = new Map();
  #listeners = new Set();
  #ready = null;
  #readySettlers = null;
  #status = idleStatus();

  constructor(workerURL) {
    this.#workerURL = workerURL;
  }

  get status() {
    return this.#status;
  }

  /** Start the worker if it is not running; resolves when Python answers. */
  start() {
    if (this.#worker === null && this.#status.state !== "failed") this.#spawn();
    return this.#ready;
  }

  /** Ask Python: resolves with the op's result, rejects with a RuntimeError. */
  request(op, payload = null) {
    this.start();
    if (this.#status.state === "failed") {
      return Promise.reject(new RuntimeError(this.#status.error));
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, op, payload });
    });
  }

  /** Call `listener(status)` now and on every change; returns the unsubscribe function. */
  subscribe(listener) {
    this.#listeners.add(listener);
    listener(this.#status);
    return () => this.#listeners.delete(listener);
  }

  /** Throw the worker away (whatever its state) and boot a fresh one. */
  retry() {
    this.#stop(new RuntimeError({ type: "Restarted", message: "the simulator was restarted" }));
    this.#spawn();
    return this.#ready;
  }

  #spawn() {
    this.#ready = new Promise((resolve, reject) => {
      this.#readySettlers = { resolve, reject };
    });
    this.#ready.catch(() => {}); // a failed boot is reported through status and request()

    const worker = new Worker(this.#workerURL, { type: "module", name: "simulator" });
    this.#worker = worker;
    this.#setStatus({ ...idleStatus(), state: "starting", step: 0 });
    worker.addEventListener("message", (event) => {
      if (this.#worker === worker) this.#receive(event.data);
    });
    worker.addEventListener("error", (event) => {
      if (this.#worker !== worker) return;
      event.preventDefault();
      this.#fail({
        type: "LoadError",
        message: event.message || `the simulator's worker (${this.#workerURL.pathname}) did not start`,
      });
    });
  }

  #receive(message) {
    if (message.kind === "progress") {
      const step = BOOT_STAGES.findIndex((s) => s.stage === message.stage);
      this.#setStatus({
        ...this.#status,
        stage: message.stage,
        step,
        label: BOOT_STAGES[step]?.label ?? message.stage,
        bytes: message.bytes ?? this.#status.bytes,
      });
    } else if (message.kind === "ready") {
      const { versions, timings } = message;
      this.#setStatus({
        ...this.#status,
        state: "ready",
        stage: "ready",
        step: BOOT_STAGES.length,
        label: "",
        versions,
        timings,
      });
      this.#readySettlers.resolve(this.#status);
    } else if (message.kind === "failed") {
      this.#fail(message.error);
    } else if (this.#pending.has(message.id)) {
      const { resolve, reject } = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.ok) resolve(message.result);
      else reject(new RuntimeError(message.error));
    }
  }

  #fail(error) {
    this.#stop(new RuntimeError(error));
    this.#setStatus({ ...this.#status, state: "failed", label: "", error });
  }

  #stop(reason) {
    this.#worker?.terminate();
    this.#worker = null;
    for (const { reject } of this.#pending.values()) reject(reason);
    this.#pending.clear();
    this.#readySettlers?.reject(reason);
  }

  #setStatus(status) {
    this.#status = Object.freeze(status);
    for (const listener of this.#listeners) {
      try {
        listener(this.#status);
      } catch (error) {
        console.error("simulator runtime listener failed", error);
      }
    }
  }
}

function idleStatus() {
  return {
    state: "idle",
    stage: null,
    step: -1,
    steps: BOOT_STAGES.length,
    label: "",
    bytes: 0,
    error: null,
    versions: null,
    timings: null,
  };
}

/** The tab's one runtime (created without starting anything). */
export function simulatorRuntime() {
  globalThis[GLOBAL_KEY] ??= new SimulatorRuntime(WORKER_URL);
  return globalThis[GLOBAL_KEY];
}
