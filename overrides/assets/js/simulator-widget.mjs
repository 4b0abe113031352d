// Makes the prerendered simulators of a page live. Thin on purpose: Python renders
// every region (the same renderer the build used), this module only forwards the
// reader's events to the worker and swaps the regions whose hash changed.
//
// - Mounted through mkdocs-material's `document$` (first load and every instant
//   navigation), once per widget element; each mount dispatches `simulator:mounted`
//   (bubbling) on the widget.
// - Python starts when a widget nears the viewport or on the first interaction; until
//   it answers, the prerendered results stay and the status line shows progress.
// - "Copy link" puts `#<widget id>:s1.…` in the address bar (made by `simulator.scenarios.links`
//   in Python); opening such a URL shows "Loading the shared scenario…" in that widget
//   until Python has evaluated it.
// No inline script, no inline handler: controls are found by `data-action`.

import { progressText, simulatorRuntime } from "./simulator-runtime.mjs";

const LINK = /^#(?:([A-Za-z][\w-]*):)?(s\d+\.[\w.-]*)$/;
const LOADING_SHARED = "Loading the shared scenario…";
const REGIONS_HIDDEN_WHILE_LOADING = ["wizard", "summary", "results", "explain"];
const PRELOAD_MARGIN = "400px 0px";
const SPECIAL = new Set(["copy-link", "export", "import"]);

const widgets = new WeakMap();

function mountAll() {
  const roots = [...document.querySelectorAll("[data-simulator]")];
  const shared = sharedLink(roots);
  for (const root of roots) {
    if (widgets.has(root)) continue; // document$ fires again on instant navigation
    widgets.set(root, new Widget(root, shared?.root === root ? shared.link : null));
    // For whoever watches the page (tests, analytics): one event per widget made live.
    root.dispatchEvent(new CustomEvent("simulator:mounted", { bubbles: true }));
  }
}

/** The widget a `#…s1.…` fragment is for, and the link itself. */
function sharedLink(roots) {
  const match = LINK.exec(decodeURIComponent(location.hash));
  if (!match || roots.length === 0) return null;
  const root = roots.find((r) => r.id === match[1]) ?? roots[0];
  return { root, link: match[0].slice(1) };
}

class Widget {
  constructor(root, link) {
    this.root = root;
    this.state = JSON.parse(root.dataset.state);
    this.runtime = simulatorRuntime();
    this.statusLine = root.querySelector("[data-runtime]");
    this.queue = Promise.resolve();
    this.live = null;
    root.addEventListener("click", (event) => this.#onClick(event));
    root.addEventListener("change", (event) => this.#onChange(event));
    if (link) {
      this.openLink(link);
    } else {
      this.#bootWhenNear();
    }
  }

  /** Show the scenario of a shared link (never the default results meanwhile). */
  openLink(link) {
    this.#showLoadingShared();
    this.#enqueue(() => this.#request("widget.open", { state: this.state, link }), { focus: false });
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
      if (!this.root.dataset.loadingShared) {
        this.#apply(await this.runtime.request("widget.render", { state: this.state }));
      }
      this.root.dataset.live = "true";
      this.#say("Live: your changes are evaluated in this browser.");
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

  #onClick(event) {
    const control = event.target.closest("[data-action]");
    if (!control || !this.root.contains(control)) return;
    if (control.matches("input, select")) return; // their change event carries the value
    event.preventDefault();
    this.#dispatch(control);
  }

  #onChange(event) {
    const control = event.target.closest("[data-action]");
    if (control && control.matches("input, select")) this.#dispatch(control);
  }

  #dispatch(control) {
    const { action } = control.dataset;
    if (SPECIAL.has(action)) {
      this.#enqueue(() => this.#special(action, control), { focus: true });
      return;
    }
    const event = { ...control.dataset };
    if (control.type === "checkbox") event.on = control.checked;
    else if (control.tagName === "SELECT") event.value = control.value;
    const moveFocus = action === "wizard";
    this.#enqueue(() => this.#request("widget.act", { state: this.state, event }), { focus: true, toScreen: moveFocus });
  }

  async #special(action, control) {
    if (action === "copy-link") {
      const { fragment } = await this.runtime.request("widget.link", { state: this.state });
      history.replaceState(history.state, "", `#${fragment}`);
      let copied = false;
      try {
        await navigator.clipboard.writeText(location.href);
        copied = true;
      } catch {
        // No clipboard permission: the link is in the address bar all the same.
      }
      this.#say(copied ? "Link copied: it is also in the address bar." : "The link is in the address bar: copy it from there.");
      return null;
    }
    if (action === "export") {
      const { filename, text } = await this.runtime.request("widget.export", { state: this.state });
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
    const text = await file.text();
    control.value = "";
    return this.runtime.request("widget.import", { state: this.state, text });
  }

  #request(op, payload) {
    return this.runtime.request(op, payload);
  }

  /** Events are answered in order, each on the state the previous one left; one that
   * comes before Python is ready is kept (`data-pending` on the widget, and the status
   * line says so) and answered as soon as it is. */
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

  #apply(answer, { focus = true, toScreen = false } = {}) {
    delete this.root.dataset.loadingShared;
    this.state = answer.state;
    this.root.dataset.state = JSON.stringify(answer.state);
    const active = document.activeElement;
    let lostFocus = null;
    for (const [name, { html, hash }] of Object.entries(answer.regions)) {
      const region = this.root.querySelector(`[data-region="${name}"]`);
      if (!region || region.dataset.hash === hash) continue;
      if (region.contains(active)) lostFocus = region;
      region.innerHTML = html;
      region.dataset.hash = hash;
      region.removeAttribute("aria-busy");
    }
    if (!focus || !lostFocus) return;
    const screen = document.getElementById(`${this.state.key}-screen`);
    const same = active.id ? document.getElementById(active.id) : null;
    const target = toScreen && screen ? screen : same ?? screen ?? lostFocus;
    if (target === lostFocus) lostFocus.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: !toScreen });
  }

  #showLoadingShared() {
    this.root.dataset.loadingShared = "true";
    for (const name of REGIONS_HIDDEN_WHILE_LOADING) {
      const region = this.root.querySelector(`[data-region="${name}"]`);
      if (!region) continue;
      region.dataset.hash = "";
      region.setAttribute("aria-busy", "true");
      region.replaceChildren();
      if (name === "summary") {
        const text = Object.assign(document.createElement("p"), { className: "sim-loading", textContent: LOADING_SHARED });
        region.append(text);
      }
    }
    this.root.scrollIntoView({ block: "start" });
  }

  #showStatus(status) {
    if (status.state === "starting" || (status.state === "idle" && this.root.dataset.pending)) {
      const kept = this.root.dataset.pending ? "Your change is kept and shows as soon as the simulator is ready. " : "";
      const bar = status.total > 0 ? { value: status.loaded, max: status.total } : { value: Math.max(status.step, 0), max: status.steps };
      this.#say(`${kept}Loading the simulator: ${progressText(status)}…`, bar);
    } else if (status.state === "failed") {
      this.#showFailure(status.error);
    }
  }

  #showFailure(error) {
    const message = error?.message ?? String(error);
    this.#say(`The simulator could not start: ${message}. The results shown were computed when the page was built.`);
    const retry = Object.assign(document.createElement("button"), {
      type: "button",
      className: "md-button sim-retry",
      textContent: "Retry",
    });
    retry.addEventListener("click", () => {
      this.#say("Loading the simulator…");
      this.runtime.retry();
      this.live = null;
      this.queue = Promise.resolve();
      const shared = this.root.dataset.loadingShared && sharedLink([this.root]);
      if (shared) this.openLink(shared.link);
      else this.#boot().catch(() => {});
    });
    this.statusLine.append(" ", retry);
    this.root.dataset.failed = "true";
  }

  #say(text, progress = null) {
    delete this.root.dataset.failed;
    this.statusLine.textContent = text;
    if (progress) {
      const bar = Object.assign(document.createElement("progress"), progress);
      bar.setAttribute("aria-label", "Loading the simulator");
      this.statusLine.append(" ", bar);
    }
  }
}

function onHashChange() {
  const roots = [...document.querySelectorAll("[data-simulator]")];
  const shared = sharedLink(roots);
  const widget = shared && widgets.get(shared.root);
  if (!widget) return;
  widget.openLink(shared.link);
}

const installed = Symbol.for("pim-apps-helpcenter.simulator-widget");
if (!globalThis[installed]) {
  globalThis[installed] = true;
  window.addEventListener("hashchange", onHashChange);
  if (window.document$) window.document$.subscribe(() => mountAll());
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
}
