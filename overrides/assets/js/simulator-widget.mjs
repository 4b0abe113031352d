// @ts-check
// Makes the prerendered simulators of a page live. Thin on purpose: Python renders
// every region (the same renderer the build used) and decides every rule; this module
// forwards the reader's events to the worker, swaps the regions whose hash changed,
// moves the focus where Python says, and keeps the reader's work:
//
// - Mounted through mkdocs-material's `document$` (first load and every instant
//   navigation), once per widget element; each mount dispatches `simulator:mounted`
//   (bubbling) on the widget.
// - Python starts when the widget's `data-boot` says (`at-load`, or `when-near`: when it
//   nears the viewport) or on the first interaction; until it answers, the prerendered
//   results stay and the status line shows progress.
// - Every answer carries the fragment that brings the state back; it goes into the
//   address bar with `history.replaceState` (no history entry per change), and the
//   whole answer into `sessionStorage`, so a reload, Back/Forward or an instant
//   navigation away and back shows the same work at once, scroll position included.
// - Everything the widget says and needs to know comes from its HTML: its messages
//   (`data-texts`), the link grammar (`data-link-pattern`), when to start Python
//   (`data-boot`), which regions to blank while a link loads (`data-loading`), the
//   keyboard shortcuts (`aria-keyshortcuts`), the grids' tab stops (`data-roving`), the
//   element to focus (the answer's `focus`).
// No inline script, no inline handler: controls are found by `data-action`.

import { progressText, simulatorRuntime } from "./simulator-runtime.mjs";

/**
 * @typedef {import("./simulator-runtime.mjs").WidgetState} WidgetState
 * @typedef {import("./simulator-runtime.mjs").WidgetEvent} WidgetEvent
 * @typedef {import("./simulator-runtime.mjs").WidgetAnswer} Answer  What every widget op answers (simulator/widget/ops.py).
 * @typedef {import("./simulator-runtime.mjs").RuntimeStatus} RuntimeStatus
 * @typedef {import("./simulator-runtime.mjs").Changed} Changed  A part of a region that changed (simulator/widget/parts.py).
 * @typedef {import("./simulator-runtime.mjs").StateChanges} StateChanges  A state as its changes from the one the page holds (simulator/widget/state_changes.py).
 * @typedef {import("./simulator-runtime.mjs").Ops} Ops
 * @typedef {{
 *   loadingShared: string, starting: string, startingLabel: string, progress: string,
 *   live: string, restored: string, bootFailed: string, refused: string, retry: string,
 *   retrying: string, copied: string, copyFailed: string, badAddress: string, pending: string, stopped: string,
 *   notText: string,
 * }} Texts  The widget's messages, written by Python (simulator/widget/render.py).
 * @typedef {{fragment: string, address?: string, answer: Answer, scrollY: number}} Saved  A widget's work in
 *   sessionStorage: the state and every region's HTML as shown, the fragment they answer to, the scroll
 *   position, and the fragment the address bar had before the widget last wrote it (a reload started before
 *   that write comes back with that one).
 */

const PRELOAD_MARGIN = "400px 0px";
const FILE_ACTIONS = new Set(["export", "import"]);
/** A customer's files go to the simulator in slices of this many bytes (base64 in JSON). */
const IMPORT_SLICE = 1024 * 1024;
const STORAGE_PREFIX = "pim-apps-helpcenter.simulator:";
const SAVE_DELAY_MS = 250;
/** How often a widget starts Python again after Python stopped on its input. */
const MAX_RESTARTS = 3;
const TYPING = "input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit]), textarea, select";
const ROVING_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"]);

/** @type {WeakMap<Element, Widget>} */
const widgets = new WeakMap();

/**
 * Make the inside of `region` the HTML Python rendered, changing only the nodes that
 * differ: a change that touches one row of a grid or of the setup's tables leaves the
 * rest of the region as it is (no new nodes, no new layout for them, the scroll of its
 * boxes kept). What the reader sees is exactly `region.innerHTML = html`: every form
 * control ends with the value the HTML gives it.
 * @param {HTMLElement} region @param {string} html
 */
function morph(region, html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  morphChildren(region, template.content);
  settleControls(region);
}

/**
 * The children of `into` made those of `from`: the runs that start and end alike are
 * morphed node by node, what lies between them (rows added or removed) is replaced.
 * @param {Element} into @param {Node} from
 */
function morphChildren(into, from) {
  const old = [...into.childNodes];
  const fresh = [...from.childNodes];
  let head = 0;
  while (head < old.length && head < fresh.length && alike(old[head], fresh[head])) head++;
  let tail = 0;
  while (tail < old.length - head && tail < fresh.length - head
    && alike(old[old.length - 1 - tail], fresh[fresh.length - 1 - tail])) tail++;
  for (let index = 0; index < head; index++) morphNode(into, old[index], fresh[index]);
  for (let index = 1; index <= tail; index++) morphNode(into, old[old.length - index], fresh[fresh.length - index]);
  const gone = old.slice(head, old.length - tail);
  const come = fresh.slice(head, fresh.length - tail);
  if (gone.length === come.length) {
    for (const [index, node] of gone.entries()) morphNode(into, node, come[index]);
    return;
  }
  const next = tail ? old[old.length - tail] : null;
  for (const node of gone) node.remove();
  for (const node of come) into.insertBefore(node, next);
}

/**
 * The parts of `region` Python's patches name by their place (simulator/widget/parts.py):
 * its table rows and its elements marked `data-part`, in page order, those inside
 * another part left to it. @param {HTMLElement} region @returns {Element[]}
 */
function partsOf(region) {
  return [...region.querySelectorAll("tr, [data-part]")].filter((part) => {
    const outer = part.parentElement?.closest("tr, [data-part]");
    return !outer || !region.contains(outer);
  });
}

/**
 * The state `changes` make of `state` (simulator/widget/state_changes.py, `applied`);
 * null when they do not fit it (a list they keep items of is not there).
 * @param {WidgetState} state @param {StateChanges} changes @returns {WidgetState | null}
 */
function changedState(state, { set = {}, unset = [], lists = {} }) {
  /** @type {Record<string, unknown>} */
  const next = { ...state, ...set };
  for (const name of unset) delete next[name];
  for (const [name, [drop, keep, before, after]] of Object.entries(lists)) {
    const was = /** @type {Record<string, unknown>} */ (state)[name];
    if (!Array.isArray(was) || drop + keep > was.length) return null;
    next[name] = [...before, ...was.slice(drop, drop + keep), ...after];
  }
  return /** @type {WidgetState} */ (next);
}

/**
 * Whether the parts Python sent fit the region (its parts hold every place named, and
 * a row sent as some of its cells has those cells).
 * @param {Element[]} shown @param {Array<Changed>} parts
 */
function canPatch(shown, parts) {
  return parts.every((entry) => {
    const [place] = entry;
    if (!Number.isInteger(place) || place < 0 || place >= shown.length) return false;
    if (entry.length === 2) return true;
    const row = shown[place];
    return row instanceof HTMLTableRowElement && Number.isInteger(entry[1]) && entry[1] >= 0 && entry[1] < row.cells.length;
  });
}

/**
 * Change the parts of a region that Python sent (each by its place among the parts
 * `shown`, or a row's cells by their place among its cells), as `morph` changes a
 * region: the region then is exactly its new HTML, and the parts not sent are not
 * touched. @param {HTMLElement} region @param {Element[]} shown @param {Array<Changed>} parts
 */
function patchParts(region, shown, parts) {
  /** @type {Array<[number, string]>} */
  const whole = [];
  /** @type {Array<[number, number, string]>} */
  const cells = [];
  for (const entry of parts) {
    if (entry.length === 2) whole.push(entry);
    else cells.push(entry);
  }
  const fresh = parsedParts(whole.map(([, html]) => html));
  for (const [index, [place]] of whole.entries()) {
    const part = shown[place];
    const wanted = fresh[index];
    if (!part.parentNode || !wanted) continue;
    morphNode(/** @type {Element} */ (part.parentNode), part, wanted);
  }
  const freshCells = parsedCells(cells.map(([, , html]) => html));
  for (const [index, [place, at]] of cells.entries()) {
    const row = /** @type {HTMLTableRowElement} */ (shown[place]);
    const wanted = freshCells[index];
    if (row.cells[at] && wanted) morphNode(row, row.cells[at], wanted);
  }
  settleControls(region); // a pasted request's text does not stay in its box
}

/**
 * Whether the parts Python spliced fit the region: the part at `at` (the first taken
 * out, or the one the new parts go before) is there, and so are the parts taken out.
 * @param {Element[]} shown @param {[number, number, string[]]} splice
 */
function canSplice(shown, [at, taken, put]) {
  return Number.isInteger(at) && Number.isInteger(taken) && at >= 0 && taken >= 0 && at < shown.length
    && at + taken <= shown.length && Array.isArray(put);
}

/**
 * Take `taken` parts out of a region from the part at `at`, and put the parts of `put`
 * in their place (before the part at `at`): the first ones take the place of the parts
 * taken, changed as `morph` changes a node, the others are put after them; the region
 * then is exactly its new HTML, and the other parts are not touched.
 * @param {HTMLElement} region @param {Element[]} shown @param {[number, number, string[]]} splice
 */
function spliceParts(region, shown, [at, taken, put]) {
  const fresh = parsedParts(put);
  const paired = Math.min(taken, fresh.length);
  /** @type {Element[]} */
  const placed = [];
  for (let index = 0; index < paired; index++) {
    const part = shown[at + index];
    morphNode(/** @type {Element} */ (part.parentNode), part, fresh[index]);
    placed.push(part.isConnected ? part : fresh[index]);
  }
  const rest = fresh.slice(paired);
  if (placed.length) placed[placed.length - 1].after(...rest);
  else shown[at].before(...rest);
  for (const part of shown.slice(at + paired, at + taken)) part.remove();
  settleControls(region);
}

/** Table cells made from their HTML, in order (for `patchParts`). @param {string[]} html */
function parsedCells(html) {
  const template = document.createElement("template");
  template.innerHTML = `<table>${html.map((cell) => `<tr>${cell}</tr>`).join("")}</table>`;
  return [...template.content.querySelectorAll("tr")].map((row) => row.cells[0]);
}

/**
 * Parts made from their HTML, in order (for `patchParts` and `spliceParts`): the rows
 * parsed in a table, where a row's HTML means a row, the other parts as they are.
 * @param {string[]} html
 */
function parsedParts(html) {
  const isRow = html.map((part) => /^<tr[\s>]/.test(part));
  const rows = document.createElement("template");
  rows.innerHTML = `<table>${html.filter((_, index) => isRow[index]).join("")}</table>`;
  const others = document.createElement("template");
  others.innerHTML = html.filter((_, index) => !isRow[index]).join("");
  const parsedRows = [...rows.content.querySelectorAll("tr")]; // rows never nest
  const parsedOthers = [...others.content.children];
  return isRow.map((row) => /** @type {Element} */ (row ? parsedRows.shift() : parsedOthers.shift()));
}

/** Every control of a region just changed shows what its HTML says (see `settle`). @param {HTMLElement} region */
function settleControls(region) {
  for (const control of region.querySelectorAll("input, textarea, select")) settle(control);
}

/** Whether `wanted` takes the place of `node` (same kind, same tag, same id). @param {Node} node @param {Node} wanted */
function alike(node, wanted) {
  if (node.nodeType !== wanted.nodeType || node.nodeName !== wanted.nodeName) return false;
  return !(node instanceof Element && wanted instanceof Element) || node.id === wanted.id;
}

/** @param {Element} into @param {Node} node @param {Node} wanted */
function morphNode(into, node, wanted) {
  if (node.isEqualNode(wanted)) return;
  if (node instanceof Element && wanted instanceof Element && alike(node, wanted)) {
    morphAttributes(node, wanted);
    morphChildren(node, wanted);
  } else if (node.nodeType === Node.TEXT_NODE && wanted.nodeType === Node.TEXT_NODE) {
    node.nodeValue = wanted.nodeValue;
  } else {
    into.replaceChild(wanted, node);
  }
}

/** @param {Element} element @param {Element} wanted */
function morphAttributes(element, wanted) {
  for (const name of element.getAttributeNames()) if (!wanted.hasAttribute(name)) element.removeAttribute(name);
  for (const name of wanted.getAttributeNames()) {
    const value = wanted.getAttribute(name) ?? "";
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }
}

/** A control kept by `morph` shows what its HTML says, not what was typed or clicked before. @param {Element} control */
function settle(control) {
  if (control instanceof HTMLInputElement) {
    if (control.type === "checkbox" || control.type === "radio") {
      if (control.checked !== control.defaultChecked) control.checked = control.defaultChecked;
    } else if (control.type !== "file" && control.value !== control.defaultValue) {
      control.value = control.defaultValue;
    }
  } else if (control instanceof HTMLTextAreaElement) {
    if (control.value !== control.defaultValue) control.value = control.defaultValue;
  } else if (control instanceof HTMLSelectElement) {
    const options = [...control.options];
    if (control.multiple) {
      for (const option of options) if (option.selected !== option.defaultSelected) option.selected = option.defaultSelected;
    } else {
      const chosen = Math.max(0, options.findIndex((option) => option.defaultSelected));
      if (control.selectedIndex !== chosen) control.selectedIndex = chosen;
    }
  }
}
/** Widgets whose last answer is not in sessionStorage yet (its save is due shortly).
 * @type {Set<Widget>} */
const unsaved = new Set();
/** Set on Back/Forward: the next page mounted is one the reader comes back to. */
let cameBack = false;
/** The document's own load (a reload, Back/Forward) is told by its navigation type;
 * later pages come by instant navigation, told by `cameBack`. */
let firstMount = true;

function mountAll() {
  // A change shown just before an instant navigation is kept before any widget mounts.
  for (const widget of [...unsaved]) if (!widget.root.isConnected) widget.save(true);
  const roots = /** @type {HTMLElement[]} */ ([...document.querySelectorAll("[data-simulator]")]);
  const shared = sharedLink(roots);
  const returning = cameBack || (firstMount && navigationType() !== "navigate");
  cameBack = false;
  firstMount = false;
  for (const root of roots) {
    if (widgets.has(root)) continue; // document$ fires again on instant navigation
    widgets.set(root, new Widget(root, shared?.root === root ? shared.fragment : null, returning));
    // For whoever watches the page (tests, analytics): one event per widget made live.
    root.dispatchEvent(new CustomEvent("simulator:mounted", { bubbles: true }));
  }
}

/** @returns {string} How this document was reached: "navigate", "reload", "back_forward". */
function navigationType() {
  const entry = /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType("navigation")[0]);
  return entry?.type ?? "navigate";
}

/** The address's fragment, decoded; null when it cannot be (a malformed escape). */
function currentHash() {
  try {
    return decodeURIComponent(location.hash);
  } catch {
    return null;
  }
}

/**
 * The widget the address's fragment is for, and the fragment itself.
 * @param {HTMLElement[]} roots
 * @returns {{root: HTMLElement, fragment: string} | null}
 */
function sharedLink(roots) {
  const hash = currentHash();
  if (!hash || roots.length === 0) return null;
  for (const root of roots) {
    const match = new RegExp(root.dataset.linkPattern ?? "$^").exec(hash);
    if (!match) continue;
    const target = roots.find((r) => r.id === match[1]) ?? roots[0];
    return { root: target, fragment: hash.slice(1) };
  }
  return null;
}

/** @param {string} template @param {{[name: string]: string}} values */
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => values[name] ?? whole);
}

/** @param {unknown} error @returns {{type: string, message: string}} */
function describe(error) {
  const value = /** @type {{type?: unknown, message?: unknown}} */ (error ?? {});
  return { type: String(value.type ?? "Error"), message: String(value.message ?? error) };
}

class Widget {
  /**
   * @param {HTMLElement} root
   * @param {string | null} fragment  the address's fragment when it is for this widget
   * @param {boolean} returning  a reload or Back/Forward: the reader's work comes back
   */
  constructor(root, fragment, returning) {
    this.root = root;
    /** @type {WidgetState} */
    this.state = JSON.parse(root.dataset.state ?? "{}");
    /** The name Python gave the state shown, when it answered it (see #ask). */
    this.serial = "";
    /** @type {Texts} */
    this.texts = JSON.parse(root.dataset.texts ?? "{}");
    this.runtime = simulatorRuntime();
    this.statusLine = /** @type {HTMLElement} */ (root.querySelector("[data-runtime]"));
    /** @type {Promise<unknown>} */
    this.queue = Promise.resolve();
    /** @type {Promise<void> | null} */
    this.live = null;
    /** @type {IntersectionObserver | null} */
    this.observer = null;
    /** The fragment the shown state answers to ("" for the block's own example). */
    this.fragment = "";
    this.pathname = location.pathname;
    this.storageKey = `${STORAGE_PREFIX}${this.pathname}#${root.id}`;
    /** @type {number | undefined} */
    this.saveTimer = undefined;
    /** The scroll position when the last answer was shown (read in its frame). */
    this.scrollAtChange = 0;
    /** Whether the reader's work came back from storage. */
    this.restored = false;
    /** What a shared link's loading blanked, put back if Python stops on the link. @type {Map<HTMLElement, {html: string, hash: string}>} */
    this.blanked = new Map();
    /** Restarts of Python after it stopped on this widget's input (at most MAX_RESTARTS). */
    this.restarts = 0;
    /** Whether Python has answered: only then is the widget's work worth keeping. */
    this.changed = false;
    /** What is left for the frame that shows the answer (see #inFrame). @type {Array<() => void>} */
    this.frameJobs = [];
    this.frameDue = false;
    /** Whether the address bar is still to say the shown answer's fragment (see #address). */
    this.addressDue = false;
    /** The address bar's fragment before the widget last wrote it: a reload started
     * before that write comes back with this one, and is the same reader's work. */
    this.addressBefore = "";
    /** Whether the scroll position is still to be read for a save. */
    this.scrollDue = false;
    root.addEventListener("click", (event) => this.#onClick(event));
    root.addEventListener("change", (event) => this.#onChange(event));
    root.addEventListener("submit", (event) => this.#onSubmit(event));
    root.addEventListener("keydown", (event) => this.#onKeydown(event));
    this.#start(fragment, returning);
  }

  /** @param {string | null} fragment @param {boolean} returning */
  #start(fragment, returning) {
    if (currentHash() === null) this.#say(fill(this.texts.badAddress, { message: "it is not valid percent-encoding" }));
    const saved = this.#saved();
    const kept = fragment ? saved?.fragment === fragment || (returning && saved?.address === fragment) : returning;
    if (saved && kept) {
      this.#restore(saved);
      return;
    }
    if (!fragment && saved) this.#forget(); // a fresh visit starts from the examples
    if (fragment) this.openLink(fragment);
    else if (this.root.dataset.boot === "at-load") this.#boot().catch(() => {});
    else this.#bootWhenNear();
  }

  /** Show the scenario of a shared link (never the default results meanwhile). @param {string} fragment */
  openLink(fragment) {
    if (fragment === this.fragment) return;
    this.#showLoadingShared();
    this.#enqueue(() => this.#request("widget.open", { state: this.state, link: fragment }), { focus: true, scroll: true });
  }

  /** The reader's work as it was: at once from storage, then refreshed by Python. @param {Saved} saved */
  #restore(saved) {
    this.#apply(saved.answer, { focus: false, save: false });
    requestAnimationFrame(() => window.scrollTo({ top: saved.scrollY, behavior: "instant" }));
    this.restored = true;
    this.#enqueue(() => this.#ask("widget.render", { hashes: this.#hashes() }), { focus: false });
  }

  /** The hash of each region as shown: Python sends only the regions that differ
   * (those of `whole` it sends whole). @param {string[]} [whole] */
  #hashes(whole = []) {
    /** @type {Record<string, string>} */
    const hashes = {};
    for (const region of /** @type {NodeListOf<HTMLElement>} */ (this.root.querySelectorAll("[data-region]"))) {
      const name = region.dataset.region ?? "";
      if (!whole.includes(name)) hashes[name] = region.dataset.hash ?? "";
    }
    return hashes;
  }

  /** Python answers; resolves once this widget shows what Python renders. */
  #boot() {
    this.observer?.disconnect();
    this.live ??= this.#goLive();
    return this.live;
  }

  async #goLive() {
    const unsubscribe = this.runtime.subscribe((status) => this.#showStatus(status));
    try {
      await this.runtime.start();
      if (!this.root.dataset.loadingShared && !this.restored) {
        this.#apply(await this.#ask("widget.render", { hashes: this.#hashes() }), { focus: false });
      }
      this.root.dataset.live = "true";
      this.#say(this.restored ? this.texts.restored : this.texts.live);
    } catch (error) {
      this.live = null; // a retry boots again
      throw error;
    } finally {
      unsubscribe();
    }
  }

  #bootWhenNear() {
    if (!("IntersectionObserver" in window)) return;
    this.observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) this.#boot().catch(() => {});
      },
      { rootMargin: PRELOAD_MARGIN },
    );
    this.observer.observe(this.root);
  }

  // Events.

  /** @param {Event} event */
  #control(event) {
    const target = /** @type {Element | null} */ (event.target);
    const control = /** @type {HTMLElement | null} */ (target?.closest("[data-action]") ?? null);
    return control && this.root.contains(control) ? control : null;
  }

  /** @param {MouseEvent} event */
  #onClick(event) {
    const control = this.#control(event);
    if (!control || control.matches("input, select, textarea, form")) return; // their change carries the value
    event.preventDefault();
    this.#dispatch(control);
  }

  /** @param {Event} event */
  #onChange(event) {
    const control = this.#control(event);
    if (control && control.matches("input, select, textarea")) this.#dispatch(control);
  }

  /** @param {SubmitEvent} event */
  #onSubmit(event) {
    const form = /** @type {HTMLFormElement | null} */ (this.#control(event));
    if (!form || form.tagName !== "FORM") return;
    event.preventDefault();
    /** @type {{[name: string]: string}} */
    const fields = {};
    for (const [name, value] of new FormData(form)) if (typeof value === "string") fields[name] = value;
    this.#send({ action: form.dataset.action ?? "", fields });
  }

  /** @param {HTMLElement} control */
  #dispatch(control) {
    const action = control.dataset.action ?? "";
    if (FILE_ACTIONS.has(action)) {
      this.#enqueue(() => this.#file(action, /** @type {HTMLInputElement} */ (control)), { focus: true });
      return;
    }
    if (action === "import-catalog") {
      this.#enqueue(() => this.#importCatalog(/** @type {HTMLInputElement} */ (control)), { focus: true });
      return;
    }
    /** @type {WidgetEvent} */
    const event = {};
    for (const [name, value] of Object.entries(control.dataset)) {
      if (name !== "sendPage" && value !== undefined) event[name] = value;
    }
    const field = control instanceof HTMLInputElement || control instanceof HTMLSelectElement || control instanceof HTMLTextAreaElement
      ? control : null;
    if (field instanceof HTMLInputElement && field.type === "checkbox") event.on = field.checked;
    else if (field) event.value = field.value;
    if (action === "draft") {
      event.fields = { [control.dataset.field ?? ""]: field?.value ?? "" };
      delete event.field;
      delete event.value;
    }
    if ("sendPage" in control.dataset) event.page = location.href.split("#")[0];
    this.#send(event);
  }

  /** @param {WidgetEvent} event */
  #send(event) {
    this.#enqueue(() => this.#ask("widget.act", { event, hashes: this.#hashes() }), { focus: true });
  }

  /** @param {string} action @param {HTMLInputElement} control @returns {Promise<Answer | null>} */
  async #file(action, control) {
    if (action === "export") {
      const { filename, text } = await this.#request("widget.export", { state: this.state });
      const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
      const anchor = Object.assign(document.createElement("a"), { href: url, download: filename });
      anchor.hidden = true;
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
      return null;
    }
    const file = control.files?.[0];
    if (!file) return null;
    const text = await textOf(file);
    control.value = "";
    if (text === null) {
      this.#say(fill(this.texts.notText, { name: file.name }));
      this.root.dataset.refused = "true";
      return null;
    }
    return this.#request("widget.import", { state: this.state, text, name: file.name });
  }

  /**
   * A customer's PIM, imported in this browser: the chosen files go to the simulator a
   * slice at a time (never to a server), are read in steps while the progress bar
   * moves, and become the scenario's catalog; "Stop the import" stops between two
   * steps. Every word shown comes from Python.
   * @param {HTMLInputElement} control @returns {Promise<Answer | null>}
   */
  async #importCatalog(control) {
    const files = [...(control.files ?? [])];
    control.value = "";
    if (files.length === 0) return null;
    const panel = /** @type {HTMLElement | null} */ (this.root.querySelector("[data-import-progress]"));
    const bar = /** @type {HTMLProgressElement | null} */ (panel?.querySelector("progress") ?? null);
    const stage = panel?.querySelector("[data-import-stage]") ?? null;
    const stop = panel?.querySelector("[data-import-cancel]") ?? null;
    let stopped = false;
    const onStop = () => {
      stopped = true;
    };
    /** @param {number} progress @param {string} text */
    const show = (progress, text) => {
      if (bar) bar.value = progress;
      if (stage) stage.textContent = text;
    };
    stop?.addEventListener("click", onStop);
    if (panel) panel.hidden = false;
    try {
      const begun = await this.#request("import.begin", { files: files.map((f) => ({ name: f.name, size: f.size })) });
      const { session } = begun;
      const accepted = files.filter((file) => begun.files.includes(file.name.slice(0, 200)));
      for (const [index, file] of accepted.entries()) {
        for (let start = 0; start < file.size && !stopped; start += IMPORT_SLICE) {
          const data = await base64Of(file.slice(start, start + IMPORT_SLICE));
          const sent = await this.#request("import.chunk", { session, file: index, data });
          show(sent.progress, sent.stage);
        }
      }
      while (!stopped) {
        const step = await this.#request("import.step", { session });
        show(step.progress, step.stage);
        if (step.done) break;
      }
      if (stopped) {
        await this.#request("import.cancel", { session });
        return this.#ask("widget.act", { event: { action: "import-stopped", session }, hashes: this.#hashes() });
      }
      return this.#ask("widget.act", { event: { action: "import-catalog", session }, hashes: this.#hashes() });
    } finally {
      stop?.removeEventListener("click", onStop);
      if (panel) panel.hidden = true;
    }
  }

  /**
   * @template {keyof Ops} K
   * @param {K} op @param {Ops[K]["payload"]} payload @returns {Promise<Ops[K]["result"]>}
   */
  #request(op, payload) {
    return this.runtime.request(op, payload);
  }

  /**
   * Ask Python about the state shown. Python keeps the last states it answered: one it
   * answered is named by its serial, not sent again (nor read again there); a state it
   * does not keep (the prerendered one, one restored from storage, a new worker's) is
   * sent whole.
   * @template {"widget.render" | "widget.act"} K
   * @param {K} op @param {Omit<Ops[K]["payload"], "state" | "serial">} payload @returns {Promise<Ops[K]["result"]>}
   */
  async #ask(op, payload) {
    if (this.serial) {
      const answer = await this.#request(op, /** @type {Ops[K]["payload"]} */ ({ ...payload, serial: this.serial }));
      if (!answer.forgotten) return answer;
    }
    return this.#request(op, /** @type {Ops[K]["payload"]} */ ({ ...payload, state: this.state }));
  }

  /**
   * Events are answered in order, each on the state the previous one left; one that
   * comes before Python is ready is kept (`data-pending` on the widget, and the status
   * line says so) and answered as soon as it is.
   * @param {() => Promise<Answer | null>} ask
   * @param {{focus?: boolean, scroll?: boolean}} options
   */
  #enqueue(ask, options) {
    if (this.runtime.status.state !== "ready") {
      this.root.dataset.pending = "true";
      this.#showStatus(this.runtime.status);
    }
    this.queue = this.queue
      .then(() => this.#boot())
      .then(() => ask())
      .then((answer) => {
        if (answer) this.#apply(answer, options);
      })
      .catch((error) => this.#showFailure(error))
      .finally(() => delete this.root.dataset.pending);
    return this.queue;
  }

  // Answers.

  /**
   * Swap the regions whose hash changed and follow the answer: focus, address, storage.
   * @param {Answer} answer
   * @param {{focus?: boolean, scroll?: boolean, save?: boolean}} options
   */
  #apply(answer, { focus = true, scroll = false, save = true } = {}) {
    const wasLoading = Boolean(this.root.dataset.loadingShared);
    delete this.root.dataset.loadingShared;
    this.blanked.clear();
    if (this.root.dataset.refused && this.root.dataset.live) this.#say(this.texts.live); // answered: old news
    const changes = answer.changed;
    const state = changes ? (changes.from === this.serial ? changedState(this.state, changes) : null) : answer.state;
    this.serial = answer.serial ?? "";
    // Changes to a state this page does not hold (never expected): the whole state is asked for below.
    if (state) this.state = state;
    const active = /** @type {HTMLElement | null} */ (document.activeElement);
    const caret = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement
      ? [active.selectionStart, active.selectionEnd] : null;
    let lostFocus = null;
    /** @type {string[]} */
    const unpatched = [];
    for (const [name, { html, hash, parts, splices, from }] of Object.entries(answer.regions)) {
      const region = /** @type {HTMLElement | null} */ (this.root.querySelector(`[data-region="${name}"]`));
      if (!region || region.dataset.hash === hash || (html === undefined && parts === undefined && splices === undefined)) continue;
      const shown = parts || splices ? partsOf(region) : [];
      if ((parts || splices) && (region.dataset.hash !== from || (parts && !canPatch(shown, parts))
        || (splices && !splices.every((splice) => canSplice(shown, splice))))) {
        unpatched.push(name); // the parts are for HTML this page no longer shows: asked for whole below
        continue;
      }
      const held = Boolean(active && region.contains(active));
      const open = [...region.querySelectorAll("details[open][id]")].map((details) => details.id);
      // The splices first: a part changed in place may be one a splice puts parts before.
      for (const splice of splices ?? []) spliceParts(region, shown, splice);
      if (parts) patchParts(region, shown, parts);
      if (html !== undefined && !parts && !splices) morph(region, html);
      if (held && active && !active.isConnected) lostFocus = region;
      region.dataset.hash = hash;
      region.removeAttribute("aria-busy");
      for (const id of open) document.getElementById(id)?.setAttribute("open", "");
    }
    if (state) this.root.dataset.state = JSON.stringify(state);
    if (unpatched.length || !state) {
      const whole = !state;
      this.#enqueue(() => this.#ask("widget.render", { hashes: this.#hashes(unpatched), whole }), { focus: false });
    }
    this.#address(answer.fragment ?? "", true);
    if (answer.copy) this.#copyText(answer.copy);
    if (save) this.#saveSoon();
    if (scroll || wasLoading) this.root.scrollIntoView({ block: "start" });
    const wanted = answer.focus ? document.getElementById(answer.focus) : null;
    if (focus && wanted) {
      this.#inFrame(() => {
        wanted.focus({ preventScroll: true });
        wanted.scrollIntoView({ block: "nearest" });
      });
      return;
    }
    if (!focus || !lostFocus || !active) return;
    const same = active.id ? document.getElementById(active.id) : null;
    const target = same ?? lostFocus;
    if (target === lostFocus) lostFocus.setAttribute("tabindex", "-1");
    this.#inFrame(() => {
      if (document.activeElement !== document.body && document.activeElement !== null) return; // the reader has moved on
      target.focus({ preventScroll: true });
      if (caret && (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && target.type !== "number") {
        target.setSelectionRange(caret[0], caret[1]);
      }
    });
  }

  /**
   * The address bar says what the widget shows, with no new history entry. An answer's
   * address is written in the frame that shows it (`soon`, see #inFrame): Chromium's
   * `replaceState` keeps the scroll anchor, which needs the page's layout; a save
   * (pagehide) writes it at once.
   * @param {string} fragment @param {boolean} [soon]
   */
  #address(fragment, soon = false) {
    this.fragment = fragment;
    if (soon) {
      this.addressDue = true;
      this.#inFrame();
    } else {
      this.#writeAddress();
    }
  }

  /**
   * Do what needs the page's layout (`job`: the focus Python names or the one kept, and
   * scrolling to it; the address bar; the scroll position kept for a save) in the frame
   * that shows the answer, before it is drawn: its layout is then that frame's own, not
   * one forced before the answer is on the page.
   * @param {(() => void) | null} [job]
   */
  #inFrame(job = null) {
    if (job) this.frameJobs.push(job);
    if (this.frameDue) return;
    this.frameDue = true;
    requestAnimationFrame(() => {
      this.frameDue = false;
      for (const due of this.frameJobs.splice(0)) due();
      if (this.addressDue) this.#writeAddress();
      if (this.scrollDue) this.#readScroll();
    });
  }

  #readScroll() {
    this.scrollDue = false;
    this.scrollAtChange = window.scrollY;
  }

  #writeAddress() {
    this.addressDue = false;
    if (!this.root.isConnected || location.pathname !== this.pathname) return; // the reader has moved to another page
    const fragment = this.fragment;
    const hash = currentHash();
    const mine = hash !== null && this.#names(hash);
    if (fragment ? hash === `#${fragment}` : !mine) return;
    this.addressBefore = hash?.slice(1) ?? "";
    if (fragment) history.replaceState(history.state, "", `#${fragment}`);
    else history.replaceState(history.state, "", location.pathname + location.search);
  }

  /** Whether a fragment is for this widget. @param {string} hash */
  #names(hash) {
    const match = new RegExp(this.root.dataset.linkPattern ?? "$^").exec(hash);
    return Boolean(match && (match[1] === this.root.id || !match[1]));
  }

  // The reader's work in sessionStorage.

  /** @returns {Saved | null} */
  #saved() {
    try {
      const text = sessionStorage.getItem(this.storageKey);
      return text ? JSON.parse(text) : null;
    } catch {
      return null;
    }
  }

  #saveSoon() {
    this.changed = true;
    this.scrollDue = true;
    this.#inFrame();
    unsaved.add(this);
    clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => this.save(), SAVE_DELAY_MS);
  }

  /** Keep the state, the regions as shown and the scroll position (also called on
   * scroll and pagehide); nothing before Python has answered once. A widget the page
   * has left (instant navigation took it away before its save was due) is kept with
   * `left`, at the scroll position of its last change.
   * @param {boolean} [left] */
  save(left = false) {
    if (this.addressDue) this.#writeAddress();
    if (this.scrollDue && this.root.isConnected) this.#readScroll();
    if (!this.changed || (!left && !this.root.isConnected)) return;
    clearTimeout(this.saveTimer);
    unsaved.delete(this);
    /** @type {Answer["regions"]} */
    const regions = {};
    for (const region of /** @type {NodeListOf<HTMLElement>} */ (this.root.querySelectorAll("[data-region]"))) {
      regions[region.dataset.region ?? ""] = { html: region.innerHTML, hash: region.dataset.hash ?? "" };
    }
    /** @type {Saved} */
    const saved = { fragment: this.fragment, address: this.addressBefore, answer: { state: this.state, regions }, scrollY: left ? this.scrollAtChange : window.scrollY };
    try {
      sessionStorage.setItem(this.storageKey, JSON.stringify(saved));
    } catch {
      // Storage full or disabled: the address bar still holds the scenario.
    }
  }

  #forget() {
    try {
      sessionStorage.removeItem(this.storageKey);
    } catch {
      // Storage disabled: nothing to forget.
    }
  }

  // Copying.

  /** Copy what Python says; when the clipboard refuses, select the copy Python shows. @param {string} text */
  async #copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      this.#say(this.texts.copied);
    } catch {
      const shown = /** @type {HTMLElement | null} */ (this.root.querySelector("[data-copied]"));
      if (shown instanceof HTMLInputElement) shown.select();
      else if (shown) getSelection()?.selectAllChildren(shown);
      this.#say(this.texts.copyFailed);
    }
  }

  // The keyboard.

  /** @param {KeyboardEvent} event */
  #onKeydown(event) {
    const target = /** @type {HTMLElement} */ (event.target);
    if (ROVING_KEYS.has(event.key) && target.matches("[data-roving]") && this.#rove(target, event.key)) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (event.key !== "Escape" && target.matches(TYPING)) return; // typing keys belong to the field
    const parts = [];
    if (event.ctrlKey || event.metaKey) parts.push("Control");
    if (event.altKey) parts.push("Alt");
    if (event.shiftKey && (event.key.length > 1 || /[a-z]/i.test(event.key))) parts.push("Shift");
    parts.push(event.key.length === 1 ? event.key.toUpperCase() : event.key);
    const combo = parts.join("+");
    const dialog = target.closest("[role=dialog]");
    const candidates = [...(dialog ? dialog.querySelectorAll("[aria-keyshortcuts]") : []), ...this.root.querySelectorAll("[aria-keyshortcuts]")];
    const found = /** @type {HTMLElement | undefined} */ (candidates.find((element) =>
      (element.getAttribute("aria-keyshortcuts") ?? "").split(" ").some((keys) => keys.toLowerCase() === combo.toLowerCase())));
    if (!found || (found instanceof HTMLButtonElement && found.disabled)) return;
    event.preventDefault();
    event.stopPropagation(); // inside the widget its keys win over the theme's (S is also material's search)
    if (found instanceof HTMLButtonElement && !found.matches("[data-roving]")) {
      found.click(); // a command (Undo, Close…); a grid's cell is only reached
    } else {
      found.focus({ preventScroll: true });
      found.scrollIntoView({ block: "nearest" });
    }
  }

  /**
   * Move a grid's one tab stop (and its shortcut) with the arrow keys.
   * @param {HTMLElement} from @param {string} key @returns {boolean} whether it moved
   */
  #rove(from, key) {
    const grid = from.closest("[data-grid]");
    const row = from.closest("tr");
    if (!grid || !row) return false;
    const rows = [...grid.querySelectorAll("tr")].filter((tr) => tr.querySelector("[data-roving]"));
    /** @param {Element} tr */
    const stops = (tr) => /** @type {HTMLElement[]} */ ([...tr.querySelectorAll("[data-roving]")]).filter((el) => !el.matches(":disabled"));
    const here = stops(row);
    const column = Math.max(0, here.indexOf(from));
    const at = rows.indexOf(row);
    /** @type {HTMLElement | undefined} */
    let next;
    if (key === "ArrowLeft") next = here[column - 1];
    else if (key === "ArrowRight") next = here[column + 1];
    else if (key === "Home") next = here[0];
    else if (key === "End") next = here[here.length - 1];
    else {
      const other = rows[at + (key === "ArrowUp" ? -1 : 1)];
      const there = other ? stops(other) : [];
      next = there[Math.min(column, there.length - 1)];
    }
    if (!next) return false;
    const shortcut = from.getAttribute("aria-keyshortcuts");
    for (const stop of grid.querySelectorAll("[data-roving][tabindex='0']")) {
      stop.setAttribute("tabindex", "-1");
      stop.removeAttribute("aria-keyshortcuts");
    }
    next.setAttribute("tabindex", "0");
    if (shortcut) next.setAttribute("aria-keyshortcuts", shortcut);
    next.focus();
    return true;
  }

  // What the reader is told.

  #showLoadingShared() {
    this.root.dataset.loadingShared = "true";
    for (const region of /** @type {NodeListOf<HTMLElement>} */ (this.root.querySelectorAll("[data-loading]"))) {
      if (!this.blanked.has(region)) this.blanked.set(region, { html: region.innerHTML, hash: region.dataset.hash ?? "" });
      region.dataset.hash = "";
      region.setAttribute("aria-busy", "true");
      region.replaceChildren();
      if (region.dataset.loading === "message") {
        region.append(Object.assign(document.createElement("p"), { className: "sim-loading", textContent: this.texts.loadingShared }));
      }
    }
    this.root.scrollIntoView({ block: "start" });
  }

  /** The regions as they were before a shared link's loading blanked them. */
  #unblank() {
    for (const [region, { html, hash }] of this.blanked) {
      region.innerHTML = html;
      region.dataset.hash = hash;
      region.removeAttribute("aria-busy");
    }
    this.blanked.clear();
    delete this.root.dataset.loadingShared;
  }

  /** @param {RuntimeStatus} status */
  #showStatus(status) {
    if (status.state === "starting" || (status.state === "idle" && this.root.dataset.pending)) {
      const kept = this.root.dataset.pending ? this.texts.pending + " " : "";
      const bar = status.total > 0 ? { value: status.loaded, max: status.total } : { value: Math.max(status.step, 0), max: status.steps };
      this.#say(kept + fill(this.texts.starting, { label: progressText(status) }), bar);
    } else if (status.state === "failed") {
      this.#showFailure(status.error);
    }
  }

  /**
   * A boot failure offers Retry; a request Python refused leaves the widget live and
   * says why, with what is shown unchanged.
   * @param {unknown} error
   */
  #showFailure(error) {
    const { message } = describe(error);
    const kind = /** @type {{kind?: string}} */ (error ?? {}).kind;
    if (kind === "cancelled") return; // the runtime was restarted: its new boot says how it goes
    if (kind === "refused" || (kind === undefined && this.runtime.status.state === "ready")) {
      this.#say(fill(this.texts.refused, { message }));
      this.root.dataset.refused = "true";
      return;
    }
    if (kind === "boot" && this.root.dataset.live === "true" && this.restarts < MAX_RESTARTS) {
      // Python stopped while answering a widget that was live: an input it could not
      // take. What was shown comes back, the address loses that input (a reload would
      // give it again), and Python starts again for every simulator of the page.
      this.restarts += 1;
      this.#unblank();
      this.#address(this.fragment);
      this.live = null;
      this.queue = Promise.resolve();
      if (this.runtime.status.state === "failed") this.runtime.retry();
      const said = fill(this.texts.stopped, { message });
      this.#say(said);
      this.root.dataset.refused = "true";
      this.#boot().then(() => {
        this.#say(said);
        this.root.dataset.refused = "true";
      }, (again) => this.#showFailure(again));
      return;
    }
    this.#say(fill(this.texts.bootFailed, { message }));
    const retry = Object.assign(document.createElement("button"), {
      type: "button",
      className: "md-button sim-retry",
      textContent: this.texts.retry,
    });
    retry.addEventListener("click", () => {
      this.#say(this.texts.retrying);
      this.runtime.retry();
      this.live = null;
      this.queue = Promise.resolve();
      const shared = this.root.dataset.loadingShared ? sharedLink([this.root]) : null;
      if (shared) {
        this.fragment = "";
        this.openLink(shared.fragment);
      } else this.#boot().catch(() => {});
    });
    this.statusLine.append(" ", retry);
    this.root.dataset.failed = "true";
  }

  /** @param {string} text @param {{value: number, max: number} | null} progress */
  #say(text, progress = null) {
    delete this.root.dataset.failed;
    delete this.root.dataset.refused;
    this.statusLine.textContent = text;
    if (progress) {
      const bar = Object.assign(document.createElement("progress"), progress);
      bar.setAttribute("aria-label", this.texts.progress);
      this.statusLine.append(" ", bar);
    }
  }
}

/**
 * A file's text: UTF-16 when it starts with a UTF-16 byte order mark, else UTF-8 (a
 * UTF-8 byte order mark dropped); null when its bytes are not that text.
 * @param {Blob} file @returns {Promise<string | null>}
 */
async function textOf(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : "utf-8";
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The bytes of a slice of a file, as base64 (the browser's own encoder). @param {Blob} blob @returns {Promise<string>} */
function base64Of(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? "");
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

function onHashChange() {
  const roots = /** @type {HTMLElement[]} */ ([...document.querySelectorAll("[data-simulator]")]);
  const shared = sharedLink(roots);
  const widget = shared && widgets.get(shared.root);
  if (widget && shared) widget.openLink(shared.fragment);
}

function saveAll() {
  for (const root of document.querySelectorAll("[data-simulator]")) widgets.get(root)?.save();
}

let scrollTimer = 0;
function onScroll() {
  clearTimeout(scrollTimer);
  scrollTimer = window.setTimeout(saveAll, SAVE_DELAY_MS);
}

const installed = Symbol.for("pim-apps-helpcenter.simulator-widget");
const marks = /** @type {{[key: symbol]: boolean}} */ (/** @type {unknown} */ (globalThis));
if (!marks[installed]) {
  marks[installed] = true;
  window.addEventListener("hashchange", onHashChange);
  window.addEventListener("popstate", () => {
    cameBack = true;
  });
  window.addEventListener("pagehide", saveAll);
  window.addEventListener("scroll", onScroll, { passive: true });
  if (window.document$) window.document$.subscribe(() => mountAll());
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
}
