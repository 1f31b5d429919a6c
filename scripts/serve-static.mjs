#!/usr/bin/env node
// @ts-check
// Serves a built site under a base path on 127.0.0.1, as a static host would:
// the end-to-end tests use it for both the root build and the sub-path build.
// Usage: node scripts/serve-static.mjs --dir dist --base /course/ --port 4321 [--gzip] [--no-isolation]
// --gzip compresses text (HTML, CSS, JS, JSON, SVG) for clients that accept it,
// as GitHub Pages, Netlify and most static hosts do: the Lighthouse benchmark uses it.
// --no-isolation leaves out COOP/COEP, as a host that cannot set headers
// (GitHub Pages) does: the offline tests check the service worker adds them.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'dist' },
    base: { type: 'string', default: '/' },
    port: { type: 'string', default: '4321' },
    gzip: { type: 'boolean', default: false },
    'no-isolation': { type: 'boolean', default: false },
  },
});
const root = resolve(values.dir);
const base = values.base.endsWith('/') ? values.base : `${values.base}/`;

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.txt': 'text/plain; charset=utf-8',
};

// Cross-origin isolation, as the dev server and `npm run preview` send it: it
// lets the WASM backend use SharedArrayBuffer, i.e. its threaded build.
const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt']);
/** @type {Map<string, Buffer>} */
const gzipped = new Map();
/** @param {string} path */
function gzipOf(path) {
  let body = gzipped.get(path);
  if (!body) {
    body = gzipSync(readFileSync(path), { level: 9 });
    gzipped.set(path, body);
  }
  return body;
}

/** @param {string} urlPath */
function fileFor(urlPath) {
  if (!urlPath.startsWith(base)) return null;
  const relative = normalize(decodeURIComponent(urlPath.slice(base.length))).replace(/^(\.\.[/\\])+/, '');
  let path = join(root, relative);
  if (!path.startsWith(root)) return null;
  try {
    if (statSync(path).isDirectory()) path = join(path, 'index.html');
    return statSync(path).isFile() ? path : null;
  } catch {
    return null;
  }
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === base.slice(0, -1)) {
    response.writeHead(301, { location: base }).end();
    return;
  }
  const path = fileFor(url.pathname);
  if (!path) {
    const notFound = fileFor(`${base}404.html`);
    response.writeHead(404, { 'content-type': TYPES['.html'] });
    if (notFound) createReadStream(notFound).pipe(response);
    else response.end('Not found');
    return;
  }
  const headers = {
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    ...(values['no-isolation'] ? {} : ISOLATION),
    // Embed pages may be framed by a page of another origin that is itself
    // cross-origin isolated (COEP: require-corp), which admits only frames that opt in.
    ...(url.pathname.startsWith(`${base}embed/`) ? { 'cross-origin-resource-policy': 'cross-origin' } : {}),
  };
  if (values.gzip && COMPRESSIBLE.has(extname(path)) && /\bgzip\b/.test(String(request.headers['accept-encoding']))) {
    response.writeHead(200, { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' }).end(gzipOf(path));
    return;
  }
  response.writeHead(200, headers);
  createReadStream(path).pipe(response);
});
server.listen(Number(values.port), '127.0.0.1', () => {
  console.log(`Serving ${root} at http://127.0.0.1:${values.port}${base}`);
});
