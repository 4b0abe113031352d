// @ts-check
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
// A request that gets no answer rejects with a RuntimeError whose `kind` says why:
// "boot" (the simulator could not start, or Python stopped: `retry()` boots it
// again), "refused" (Python answered that it will not do this request; the simulator
// runs on) or "cancelled" (the runtime was restarted before the answer came).
//
// This file also holds the types of the protocol between the page and the worker
// (the worker's ops, each with its payload and result; the messages both ways), for
// `tsc` (`make typecheck`); the ops themselves are defined in Python
// (`simulator/web.py`, `simulator/widget/ops.py`).
//
// No inline script, no other origin: the worker is a same-origin module resolved from
// this file's URL, and it fetches Python from the site itself.

/**
 * What went wrong, as the worker and Python report it.
 * @typedef {object} Problem
 * @property {string} type  the kind: `LoadError`, `IntegrityError`, `UnknownOp`, `BadPayload`, …
 * @property {string} message  a sentence for the reader
 */

/**
 * The widget's state as the page holds it: JSON that only Python reads.
 * @typedef {{key: string} & Record<string, unknown>} WidgetState
 */

/**
 * A part of a region that changed: its place and HTML, or a row's place, one of its
 * cells' place and that cell's HTML.
 * @typedef {[number, string] | [number, number, string]} Changed
 */

/**
 * A region of a widget's HTML, with the hash the page compares before swapping it;
 * without `html` when the page said it shows that hash already, and with `parts`
 * instead (each part's place among the region's parts, its table rows and elements
 * marked `data-part`, and its HTML) when only those parts differ from the HTML of hash
 * `from` (simulator/widget/parts.py; a row that changed in some cells only is sent as
 * those cells: its place, the cell's place among its cells, the cell's HTML), and
 * `splices` where parts are taken out and others put in (for each, the first part's
 * place, how many are taken, the parts put in).
 * @typedef {object} Region
 * @property {string} [html]
 * @property {string} hash
 * @property {Array<Changed>} [parts]
 * @property {Array<[number, number, string[]]>} [splices]
 * @property {string} [from]
 */

/**
 * The state as its changes from the one the page holds, named `from` by its serial
 * (simulator/widget/state_changes.py): the fields `set` and `unset`, and the lists that
 * kept a run of their items (`[drop, keep, before, after]`: the new list is `before`,
 * the old one's `keep` items from `drop`, then `after`).
 * @typedef {object} StateChanges
 * @property {string} from
 * @property {Record<string, unknown>} [set]
 * @property {string[]} [unset]
 * @property {Record<string, [number, number, unknown[], unknown[]]>} [lists]
 */

/**
 * What every widget op answers: the new state (whole, or as its changes from the state
 * the request named by its serial) and the HTML of each region, the
 * address-bar fragment that brings the state back ("" for the block's own example),
 * the element to focus next, and for "Copy link" the text to copy; `serial` names the
 * state for the next request, `forgotten` says that a request named a state this
 * worker does not keep (the page sends the state itself).
 * @typedef {object} WidgetAnswer
 * @property {WidgetState} [state]
 * @property {StateChanges} [changed]
 * @property {string} [serial]
 * @property {boolean} [forgotten]
 * @property {Record<string, Region>} regions
 * @property {string} [fragment]
 * @property {string} [focus]
 * @property {string} [copy]
 */

/**
 * A reader's event on a widget control: its `data-` attributes, plus `on` for a
 * checkbox, `value` for a select or a field, `fields` for a form.
 * @typedef {Record<string, string | boolean | Record<string, string> | undefined>} WidgetEvent
 */

/**
 * Who answers `ping`.
 * @typedef {object} Ping
 * @property {string} simulator  the simulator package's version
 * @property {number} protocol  version of the request/answer format
 * @property {string} python
 * @property {string} platform
 */

/**
 * The worker's ops: for each, the payload it takes and the result it answers (a type
 * literal: JSDoc's `@property` would read `widget.render` as a nested property).
 * @typedef {{
 *   "ping": {payload: null | undefined, result: Ping},
 *   "echo": {payload: unknown, result: unknown},
 *   "widget.render": {payload: {state?: WidgetState, serial?: string, hashes?: Record<string, string>, whole?: boolean}, result: WidgetAnswer},
 *   "widget.act": {payload: {state?: WidgetState, serial?: string, event: WidgetEvent, hashes?: Record<string, string>}, result: WidgetAnswer},
 *   "widget.link": {payload: {state: WidgetState}, result: {link: string, fragment: string}},
 *   "widget.open": {payload: {state: WidgetState, link: string}, result: WidgetAnswer & {opened: boolean}},
 *   "widget.import": {payload: {state: WidgetState, text: string, name?: string}, result: WidgetAnswer},
 *   "widget.export": {payload: {state: WidgetState}, result: {filename: string, text: string}},
 *   "import.begin": {payload: {files: Array<{name: string, size: number}>}, result: {session: string, files: string[], refused: string[]}},
 *   "import.chunk": {payload: {session: string, file: number, data: string}, result: {received: number, progress: number, stage: string}},
 *   "import.step": {payload: {session: string}, result: {done: boolean, progress: number, stage: string, cancelled?: boolean}},
 *   "import.cancel": {payload: {session: string}, result: {cancelled: boolean}},
 * }} Ops
 */

/** @typedef {keyof Ops} Op */

/** @typedef {"manifest" | "python" | "simulator" | "import"} BootStage */

/**
 * Page → worker: one request.
 * @typedef {object} WorkerRequest
 * @property {number} id
 * @property {string} op
 * @property {unknown} payload
 */

/**
 * Worker → page, while booting.
 * @typedef {object} ProgressMessage
 * @property {"progress"} kind
 * @property {BootStage} stage
 * @property {number} [loaded]  bytes downloaded so far (Python's files, the wheel, the snapshot)
 * @property {number} [total]  bytes the boot downloads in all
 */

/**
 * @typedef {object} Versions
 * @property {string} pyodide
 * @property {string} simulator
 * @property {string} python
 */

/**
 * Worker → page: Python is up; requests are answered from now on.
 * @typedef {object} ReadyMessage
 * @property {"ready"} kind
 * @property {Versions} versions
 * @property {BootReport} boot
 * @property {Record<string, number>} timings  milliseconds per stage, and `total`
 * @property {Record<string, number>} marks  when each step was done (the manifest, the
 *   wasm compiled, the wheel inflated, the snapshot downloaded and checked, Python up…),
 *   in milliseconds since the worker's start (`script`: its own start after its creation)
 */

/**
 * Worker → page: the reader has left the simulator alone a while since Python was
 * ready, and the worker has started keeping the snapshot for later visits: time to
 * register the site's service worker too.
 * @typedef {object} OfflineMessage
 * @property {"offline"} kind
 * @property {string} url  the site's service worker
 */

/**
 * How Python started: restored from the build's memory snapshot, or the bare way
 * (then `note` says why, when a snapshot was there but could not be used).
 * @typedef {object} BootReport
 * @property {"snapshot" | "bare"} from
 * @property {string | null} note
 */

/**
 * Worker → page: the boot failed, or Python stopped; the worker answers nothing more.
 * @typedef {object} FailedMessage
 * @property {"failed"} kind
 * @property {Problem} error
 */

/**
 * Worker → page: the answer to request `id`.
 * @typedef {{kind: "answer", id: number, ok: true, result: unknown}
 *   | {kind: "answer", id: number, ok: false, error: Problem}} AnswerMessage
 */

/** @typedef {ProgressMessage | ReadyMessage | OfflineMessage | FailedMessage | AnswerMessage} WorkerMessage */

/** @typedef {"idle" | "starting" | "ready" | "failed"} RuntimeState */

/**
 * What the runtime tells its subscribers.
 * @typedef {object} RuntimeStatus
 * @property {RuntimeState} state  "idle" (no worker yet) → "starting" → "ready" | "failed"
 * @property {BootStage | "ready" | null} stage
 * @property {number} step  index of `stage` in BOOT_STAGES (-1 before the first)
 * @property {number} steps
 * @property {string} label  what the reader is told during this stage
 * @property {number} loaded  bytes downloaded so far
 * @property {number} total  bytes the boot downloads (0 until the manifest is read)
 * @property {Problem | null} error  why the runtime failed (state "failed")
 * @property {Versions | null} versions
 * @property {BootReport | null} boot
 * @property {Record<string, number> | null} timings
 * @property {Record<string, number> | null} marks
 */

/**
 * Why a request got no answer (see the file's header).
 * @typedef {"boot" | "refused" | "cancelled"} FailureKind
 */

const WORKER_URL = new URL("./simulator-worker.mjs", import.meta.url);
const GLOBAL_KEY = Symbol.for("pim-apps-helpcenter.simulator-runtime");
/**
 * Register the site's service worker, which keeps the site (pages, Python, the
 * simulator) for visits without a network. Once Python is ready and the reader has
 * left it alone a while only (the worker says when), so that its downloads and writes
 * never slow the boot or a reader's first clicks; a browser without service workers, or a refusal,
 * leaves the site as it is (online only), with a note in the console.
 * @param {string} url
 */
function keepForOffline(url) {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(url).catch((/** @type {unknown} */ error) => {
    console.info(`[simulator] the site is not kept for offline visits: ${error instanceof Error ? error.message : error}`);
  });
}

/** `?simulator-boot=bare` (or `snapshot`) in the page's address: how Python starts. */
const BOOT_PARAMETER = "simulator-boot";
/** Downloads smaller than this measure the link's latency more than its rate. */
const RATE_MIN_BYTES = 16 * 1024;

/**
 * The boot stages, in order, with what the reader is told during each.
 * @type {ReadonlyArray<{stage: BootStage, label: string}>}
 */
export const BOOT_STAGES = Object.freeze([
  { stage: "manifest", label: "Preparing the simulator" },
  { stage: "python", label: "Loading Python" },
  { stage: "simulator", label: "Installing the simulator" },
  { stage: "import", label: "Starting the simulator" },
]);

/**
 * What a boot status says to the reader: the stage, and while Python's files come, how
 * much of them has come ("Loading Python: 3.1 of 13.6 MB").
 * @param {RuntimeStatus} status
 * @returns {string}
 */
export function progressText(status) {
  const label = status.label || "Starting";
  if (status.stage !== "python" || status.total <= 0) return label;
  const mb = (/** @type {number} */ bytes) => (bytes / 1e6).toFixed(1);
  return `${label}: ${mb(Math.min(status.loaded, status.total))} of ${mb(status.total)} MB`;
}

/** Why a request got no answer: `kind` says whose doing it was, `type` the precise cause. */
export class RuntimeError extends Error {
  /**
   * @param {FailureKind} kind
   * @param {Problem} problem
   */
  constructor(kind, { type, message }) {
    super(message);
    this.name = "RuntimeError";
    /** @type {FailureKind} */
    this.kind = kind;
    /** @type {string} */
    this.type = type;
  }
}

/**
 * @typedef {object} Pending
 * @property {(result: any) => void} resolve
 * @property {(error: RuntimeError) => void} reject
 */

class SimulatorRuntime {
  /** @type {URL} */
  #workerURL;
  /** @type {Worker | null} */
  #worker = null;
  #nextId = 1;
  /** @type {Map<number, Pending>} */
  #pending = new Map();
  /** @type {Set<(status: RuntimeStatus) => void>} */
  #listeners = new Set();
  /** @type {Promise<RuntimeStatus> | null} */
  #ready = null;
  /** @type {{resolve: (status: RuntimeStatus) => void, reject: (error: RuntimeError) => void} | null} */
  #readySettlers = null;
  /** @type {RuntimeStatus} */
  #status = idleStatus();

  /** @param {URL} workerURL */
  constructor(workerURL) {
    this.#workerURL = workerURL;
  }

  /** @returns {RuntimeStatus} */
  get status() {
    return this.#status;
  }

  /**
   * Start the worker if it is not running; resolves when Python answers, rejects
   * (kind "boot") when it cannot start.
   * @returns {Promise<RuntimeStatus>}
   */
  start() {
    if (this.#status.state === "failed") return Promise.reject(this.#notRunning());
    return this.#worker === null || this.#ready === null ? this.#spawn() : this.#ready;
  }

  /**
   * Ask Python: resolves with the op's result, rejects with a RuntimeError.
   * @template {Op} K
   * @param {K} op
   * @param {Ops[K]["payload"]} [payload]
   * @returns {Promise<Ops[K]["result"]>}
   */
  request(op, payload = null) {
    this.start();
    const worker = this.#worker;
    if (worker === null) return Promise.reject(this.#notRunning());
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      /** @type {WorkerRequest} */
      const message = { id, op, payload };
      worker.postMessage(message);
    });
  }

  /**
   * Call `listener(status)` now and on every change; returns the unsubscribe function.
   * @param {(status: RuntimeStatus) => void} listener
   * @returns {() => void}
   */
  subscribe(listener) {
    this.#listeners.add(listener);
    listener(this.#status);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * Throw the worker away (whatever its state) and boot a fresh one.
   * @returns {Promise<RuntimeStatus>}
   */
  retry() {
    this.#stop(new RuntimeError("cancelled", { type: "Restarted", message: "the simulator was restarted" }));
    return this.#spawn();
  }

  /** Until retry(), every request fails at once with the boot's reason. */
  #notRunning() {
    const problem = this.#status.error ?? { type: "LoadError", message: "the simulator is not running" };
    return new RuntimeError("boot", problem);
  }

  /** @returns {Promise<RuntimeStatus>} */
  #spawn() {
    /** @type {Promise<RuntimeStatus>} */
    const ready = new Promise((resolve, reject) => {
      this.#readySettlers = { resolve, reject };
    });
    ready.catch(() => {}); // a failed boot is reported through status and request()
    this.#ready = ready;

    const url = new URL(this.#workerURL);
    url.hash = bootOptions().toString();
    const worker = new Worker(url, { type: "module", name: "simulator" });
    this.#worker = worker;
    this.#setStatus({ ...idleStatus(), state: "starting", step: 0 });
    worker.addEventListener("message", (/** @type {MessageEvent<WorkerMessage>} */ event) => {
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
    return ready;
  }

  /** @param {WorkerMessage} message */
  #receive(message) {
    switch (message.kind) {
      case "progress": {
        const step = BOOT_STAGES.findIndex((s) => s.stage === message.stage);
        this.#setStatus({
          ...this.#status,
          stage: message.stage,
          step,
          label: BOOT_STAGES[step]?.label ?? message.stage,
          loaded: message.loaded ?? this.#status.loaded,
          total: message.total ?? this.#status.total,
        });
        break;
      }
      case "ready": {
        const { versions, boot, timings, marks } = message;
        this.#setStatus({
          ...this.#status,
          state: "ready",
          stage: "ready",
          step: BOOT_STAGES.length,
          label: "",
          loaded: this.#status.total,
          versions,
          boot,
          timings,
          marks,
        });
        this.#readySettlers?.resolve(this.#status);
        break;
      }
      case "offline":
        keepForOffline(message.url);
        break;
      case "failed":
        this.#fail(message.error);
        break;
      case "answer": {
        const pending = this.#pending.get(message.id);
        if (!pending) break;
        this.#pending.delete(message.id);
        if (message.ok) pending.resolve(message.result);
        else pending.reject(new RuntimeError("refused", message.error));
        break;
      }
    }
  }

  /** @param {Problem} error */
  #fail(error) {
    this.#stop(new RuntimeError("boot", error));
    this.#setStatus({ ...this.#status, state: "failed", label: "", error });
  }

  /** @param {RuntimeError} reason */
  #stop(reason) {
    this.#worker?.terminate();
    this.#worker = null;
    for (const { reject } of this.#pending.values()) reject(reason);
    this.#pending.clear();
    this.#readySettlers?.reject(reason);
    this.#readySettlers = null;
  }

  /** @param {RuntimeStatus} status */
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

/**
 * What the worker needs to choose its boot (read from its URL's fragment): whether to
 * use the build's snapshot ("auto" unless the page's address says), and how fast this
 * page's own files came, so that a first visit downloads the snapshot only when that
 * is quicker than starting Python without it.
 * @returns {URLSearchParams}
 */
function bootOptions() {
  const asked = new URLSearchParams(location.search).get(BOOT_PARAMETER);
  const options = new URLSearchParams({ snapshot: asked === "bare" ? "off" : asked === "snapshot" ? "on" : "auto" });
  const rate = downloadRate();
  if (rate !== null) options.set("rate", rate.toFixed(1));
  return options;
}

/**
 * The best rate (bytes per millisecond) at which this page's files came over the
 * network, or null when none was large enough to tell (or all came from the cache).
 * @returns {number | null}
 */
function downloadRate() {
  let best = 0;
  // The page itself (a navigation entry is a resource entry too) and its files.
  for (const entry of [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]) {
    const timing = /** @type {PerformanceResourceTiming} */ (entry);
    if (timing.transferSize === 0 || timing.encodedBodySize < RATE_MIN_BYTES) continue;
    const elapsed = Math.max(timing.responseEnd - timing.responseStart, 1);
    best = Math.max(best, timing.encodedBodySize / elapsed);
  }
  return best > 0 ? best : null;
}

/** @returns {RuntimeStatus} */
function idleStatus() {
  return {
    state: "idle",
    stage: null,
    step: -1,
    steps: BOOT_STAGES.length,
    label: "",
    loaded: 0,
    total: 0,
    error: null,
    versions: null,
    boot: null,
    timings: null,
    marks: null,
  };
}

/**
 * The tab's one runtime (created without starting anything).
 * @returns {SimulatorRuntime}
 */
export function simulatorRuntime() {
  const tab = /** @type {{[GLOBAL_KEY]?: SimulatorRuntime}} */ (globalThis);
  tab[GLOBAL_KEY] ??= new SimulatorRuntime(WORKER_URL);
  return tab[GLOBAL_KEY];
}
