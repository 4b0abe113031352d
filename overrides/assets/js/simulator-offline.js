// @ts-check
// The site offline after a first visit: a service worker that `make dist` lays at the
// site's root (its scope: the whole site), with the list of files to keep and a version
// computed from their contents written in below. The simulator's runtime registers it
// once Python has answered, so that keeping the files never competes with the boot; the
// downloads it makes mostly come from the browser's HTTP cache (the assets are
// immutable, and the boot has just fetched Python).
//
// - Online, everything comes as it would without this worker: from the network, or the
//   browser's HTTP cache (where the hashed assets stay for a year), so a new deployment
//   shows at once. Pages (opened, or fetched by the theme's instant navigation) are kept
//   as they come.
// - When the network fails, the kept copy answers: pages without their query
//   (`?simulator-boot=…`), every other file by its (hashed) name.
// - The memory snapshot is not kept here: the simulator's worker keeps it itself,
//   gzipped, in its own cache (a quarter of the room), and restores from it offline.
// - A new version (another deployment) keeps its files first, then takes over at the
//   next visit and deletes the caches of the versions before it.
//
// Same origin only, GET only: anything else goes to the network untouched.

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

/** Filled in by `make dist` (helpcenter/dist.py); empty in the site's sources. */
const VERSION = "";
/** @type {string[]} Site paths, relative to this file (which is at the site's root). */
const PRECACHE = [];

const PREFIX = "pim-apps-offline-";
const CACHE = PREFIX + VERSION;

sw.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((path) => new URL(path, sw.registration.scope).href)))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)))),
  );
});

sw.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== sw.location.origin) return;
  event.respondWith(networkOrKept(request, isPage(request, url)));
});

/**
 * @param {Request} request
 * @param {URL} url
 */
function isPage(request, url) {
  return request.mode === "navigate" || url.pathname.endsWith("/") || url.pathname.endsWith(".html");
}

/**
 * The network's answer (a page's is kept for later), or the kept copy when it fails.
 * @param {Request} request
 * @param {boolean} page
 * @returns {Promise<Response>}
 */
async function networkOrKept(request, page) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (page && response.ok) void cache.put(pageKey(request), response.clone()).catch(() => {});
    return response;
  } catch (error) {
    const kept = await cache.match(page ? pageKey(request) : request, { ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}

/**
 * A page's key in the cache: its address without the query, and with `index.html` for
 * a folder, as the list of kept files names it.
 * @param {Request} request
 */
function pageKey(request) {
  const url = new URL(request.url);
  url.search = "";
  if (url.pathname.endsWith("/")) url.pathname += "index.html";
  return url.href;
}
