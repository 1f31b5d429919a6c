import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { precacheEntries, writeServiceWorker } from '../../src/offline/precache.mjs';

/** A small built site: pages, a script with its source map, KaTeX's three font formats, data, a sitemap. */
function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'precache-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const FILES = {
  'index.html': '<h1>Start</h1>',
  'guide/pooling/index.html': '<h1>Pooling</h1>',
  '404.html': 'not found',
  '_astro/worker-abc.js': 'worker',
  '_astro/worker-abc.js.map': '{}',
  '_astro/KaTeX_Main-Regular.woff2': 'w2',
  '_astro/KaTeX_Main-Regular.woff': 'w1',
  '_astro/KaTeX_Main-Regular.ttf': 'tt',
  '_astro/tfjs-backend-wasm-simd.wasm': 'wasm',
  'data/fashion-mnist/train.u8.gz': 'data',
  'sitemap-index.xml': '<xml/>',
};

function manifestOf(dir: string): { url: string; revision: string }[] {
  const worker = readFileSync(join(dir, 'sw.js'), 'utf8');
  return JSON.parse(/PRECACHE_MANIFEST = (\[.*\]);/.exec(worker)?.[1] ?? 'null');
}

describe('the precache manifest', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('lists what pages request, pages by their directory URL, and leaves out maps, sitemaps and font fallbacks', () => {
    const dir = site(FILES);
    dirs.push(dir);
    expect(precacheEntries(dir).map((entry) => entry.url)).toEqual([
      '404.html',
      '_astro/KaTeX_Main-Regular.woff2',
      '_astro/tfjs-backend-wasm-simd.wasm',
      '_astro/worker-abc.js',
      'data/fashion-mnist/train.u8.gz',
      'guide/pooling/',
      './',
    ]);
  });

  it("changes only the changed file's revision, and the worker's bytes with it", () => {
    const first = site(FILES);
    const second = site({ ...FILES, 'guide/pooling/index.html': '<h1>Pooling, revised</h1>' });
    dirs.push(first, second);
    const one = writeServiceWorker(first);
    const two = writeServiceWorker(second);
    expect(two.version).not.toBe(one.version);
    const before = new Map(manifestOf(first).map((entry) => [entry.url, entry.revision]));
    const changed = manifestOf(second).filter((entry) => before.get(entry.url) !== entry.revision);
    expect(changed.map((entry) => entry.url)).toEqual(['guide/pooling/']);
    expect(readFileSync(join(second, 'sw.js'), 'utf8')).toContain(`self.PRECACHE_VERSION = "${two.version}"`);
    // The worker never lists itself, so regenerating it is stable.
    expect(writeServiceWorker(second).version).toBe(two.version);
  });
});
