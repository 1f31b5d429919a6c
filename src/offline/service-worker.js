// The guide's service worker: after a first visit, every page, dataset, .wasm
// file and font is served from a cache, so the guide reads and runs offline.
// precache.mjs writes the built site's `sw.js` as PRECACHE_VERSION and
// PRECACHE_MANIFEST (each file with a content hash) followed by this file.
//
// A new deploy changes the manifest, hence the worker's bytes: the browser
// installs the new worker, which copies unchanged files from the old cache,
// downloads the changed ones, takes over at once and deletes the old cache;
// the page (register.ts) then shows "updated, reload".
//
// Same-origin requests inside the site's base path only; everything else is
// left to the network. Cached responses keep the headers they were served
// with, COOP/COEP included, so a page read offline stays cross-origin isolated.
//
// A static host that cannot send COOP/COEP (GitHub Pages) would leave the
// reader on one WASM thread. Every response this worker serves without them
// gets them (withIsolation), so from the second page a reader opens (the first
// one this worker controls) the guide is cross-origin isolated there too. The
// site makes no cross-origin requests, so require-corp blocks nothing; a host
// that sends its own headers keeps them.

const CACHE_PREFIX = 'cnn-guide-precache-';
const CACHE_NAME = CACHE_PREFIX + self.PRECACHE_VERSION;
const REVISION_HEADER = 'x-precache-revision';
const SCOPE = self.registration.scope;
/** Downloads at once while installing: enough to be quick, few enough not to swamp a slow link. */
const PARALLEL = 6;

/** The cache key of a request: the query (?backend=wasm, a shared cell) does not change the file. */
function keyOf(url) {
  const parsed = new URL(url, SCOPE);
  return parsed.origin + parsed.pathname;
}

async function copyWithRevision(response, revision) {
  const headers = new Headers(response.headers);
  headers.set(REVISION_HEADER, revision);
  // A fresh Response also drops the `redirected` flag, which a navigation refuses.
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

async function unchangedFromOlderCache(key, revision) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(CACHE_PREFIX) || name === CACHE_NAME) continue;
    const hit = await (await caches.open(name)).match(key);
    if (hit && hit.headers.get(REVISION_HEADER) === revision) return hit;
  }
  return undefined;
}

async function precacheOne(cache, { url, revision }) {
  const key = keyOf(url);
  const cached = await cache.match(key);
  if (cached && cached.headers.get(REVISION_HEADER) === revision) return;
  const reused = await unchangedFromOlderCache(key, revision);
  if (reused) return cache.put(key, reused);
  const response = await fetch(key, { cache: 'reload', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`precache: ${key} answered ${response.status}`);
  await cache.put(key, await copyWithRevision(response, revision));
}

async function precache() {
  const cache = await caches.open(CACHE_NAME);
  const queue = [...self.PRECACHE_MANIFEST];
  const downloader = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) await precacheOne(cache, entry);
  };
  await Promise.all(Array.from({ length: PARALLEL }, downloader));
}

async function deleteOutdatedCaches() {
  for (const name of await caches.keys()) {
    if (name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME) await caches.delete(name);
  }
}

self.addEventListener('install', (event) => {
  // A failed download fails the install: the old worker and its complete cache stay.
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(deleteOutdatedCaches().then(() => self.clients.claim()));
});

const ISOLATION = [
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-embedder-policy', 'require-corp'],
];

/** The response with COOP/COEP where the host sent neither; otherwise as it is. */
function withIsolation(response) {
  if (response.type === 'opaque' || response.status === 0) return response;
  if (ISOLATION.some(([name]) => response.headers.has(name))) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of ISOLATION) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function fromCacheOrNetwork(request) {
  const cache = await caches.open(CACHE_NAME);
  const hit = await cache.match(keyOf(request.url));
  if (hit) return hit;
  try {
    return await fetch(request);
  } catch (error) {
    if (request.mode === 'navigate') {
      const notFound = await cache.match(keyOf('404.html'));
      if (notFound) return notFound;
    }
    throw error;
  }
}

async function respond(request) {
  return withIsolation(await fromCacheOrNetwork(request));
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  // A ranged request wants part of a file; the cache holds whole ones.
  if (request.headers.has('range')) return;
  event.respondWith(respond(request));
});
