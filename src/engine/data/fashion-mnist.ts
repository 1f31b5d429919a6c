// Loads the Fashion-MNIST subset that scripts/prepare-data.mjs writes to
// public/data/fashion-mnist/. Runs in a Web Worker and in Node 20 (tests),
// so it uses only fetch, the Cache API, DecompressionStream and crypto.subtle,
// each where it exists.

import { formatCount } from '../arithmetic/format';
import { DownloadError } from '../contract/faults.ts';
import type { LabelledImages } from '../contract/images.ts';

export interface FashionMnist {
  train: LabelledImages;
  test: LabelledImages;
  classes: string[];
}

export interface LoadFashionMnistOptions {
  /** The site's base URL, ending in '/', e.g. 'https://x.github.io/course/'. */
  baseUrl: string;
  /** How many training images to return, from the first; default all prepared. */
  train?: number;
  /** How many test images to return, from the first; default all prepared. */
  test?: number;
  /** Tests pass a fetch that reads from disk. */
  fetchImpl?: typeof fetch;
}

interface SplitManifest {
  file: string;
  count: number;
  bytes: number;
  sha256: string;
}

interface Manifest {
  classes: string[];
  imageShape: [number, number];
  splits: { train: SplitManifest; test: SplitManifest };
}

interface Prepared {
  train: LabelledImages;
  test: LabelledImages;
  classes: string[];
}

interface SessionEntry {
  manifest: Promise<Manifest>;
  data?: Promise<Prepared>;
}

/** Bump the suffix if the payload format ever changes, so old entries are ignored. */
const CACHE_NAME = 'cnn-guide-data-v1';
const DATA_DIR = 'data/fashion-mnist/';
const SPLIT_NAMES = { train: 'training', test: 'test' } as const;

// One download per worker session and site: every cell that trains asks for
// the data, and each would otherwise fetch and decompress 7 MB again.
const session = new Map<string, SessionEntry>();

// URLs whose last download arrived damaged: the next try bypasses the HTTP
// cache, which may hold the same damaged bytes.
const damaged = new Set<string>();

const RETRY_HINT = 'Press Retry (or run the cell again) once the connection is back.';
const DAMAGED_HINT =
  'Press Retry to download it again; if it fails the same way every time, the files on the server are out of date ' +
  '(`npm run prepare-data` and a rebuild regenerate them).';

export async function loadFashionMnist(opts: LoadFashionMnistOptions): Promise<FashionMnist> {
  // Counts are checked before any download, so a typo in a cell fails at once.
  const train = checkCount(opts.train, 'train');
  const test = checkCount(opts.test, 'test');
  const base = opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`;
  const fetchImpl = opts.fetchImpl ?? globalThis.fetch.bind(globalThis);

  let entry = session.get(base);
  if (!entry) {
    entry = { manifest: loadManifest(base, fetchImpl) };
    session.set(base, entry);
  }
  const current = entry;
  // A failure (offline, files missing) must not stick: the next Run retries.
  const forget = (err: unknown): never => {
    if (session.get(base) === current) session.delete(base);
    throw err;
  };
  const manifest = await current.manifest.catch(forget);

  // Checked against the manifest, before megabytes the cell cannot use.
  if (train !== undefined && train > manifest.splits.train.count) {
    throw tooMany(manifest.splits.train.count, train, 'train');
  }
  if (test !== undefined && test > manifest.splits.test.count) {
    throw tooMany(manifest.splits.test.count, test, 'test');
  }

  current.data ??= loadSplits(base, manifest, fetchImpl);
  const data = await current.data.catch(forget);
  return {
    train: firstImages(data.train, train),
    test: firstImages(data.test, test),
    classes: [...data.classes],
  };
}

/** How many images of each class: `result[c]` counts label `c`. */
export function classBalance(labels: Uint8Array, classes: number): number[] {
  if (!Number.isInteger(classes) || classes < 1) {
    throw new Error(`classBalance needs a positive whole number of classes; got ${classes}.`);
  }
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) {
    if (label >= classes) {
      throw new Error(`Label ${label} is outside 0..${classes - 1}.`);
    }
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}

function checkCount(n: number | undefined, split: keyof typeof SPLIT_NAMES): number | undefined {
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(
      `The number of ${SPLIT_NAMES[split]} images must be a whole number, 0 or more; the cell asked for ${String(n)}.`,
    );
  }
  return n;
}

function tooMany(prepared: number, asked: number, split: keyof typeof SPLIT_NAMES): Error {
  return new Error(
    `Only ${formatCount(prepared)} ${SPLIT_NAMES[split]} images are prepared; the cell asked for ${formatCount(asked)}.`,
  );
}

// A copy, not a view: cells are edited by readers, and one that writes into
// its images must not corrupt the data every later Run in the session sees.
function firstImages(split: LabelledImages, n: number | undefined): LabelledImages {
  const count = Math.min(n ?? split.count, split.count);
  const pixels = split.height * split.width;
  return {
    images: split.images.slice(0, count * pixels),
    labels: split.labels.slice(0, count),
    count,
    height: split.height,
    width: split.width,
  };
}

async function loadManifest(base: string, fetchImpl: typeof fetch): Promise<Manifest> {
  const url = `${base}${DATA_DIR}manifest.json`;
  // Always from the network (it is 1 KB): it names the payloads' hashes,
  // which key the cache, so regenerated data is never shadowed by a stale copy.
  return parseManifest(await (await download(url, fetchImpl)).text(), url);
}

async function loadSplits(base: string, manifest: Manifest, fetchImpl: typeof fetch): Promise<Prepared> {
  const [height, width] = manifest.imageShape;
  const cache = await openCache();
  const load = async (name: 'train' | 'test'): Promise<LabelledImages> => {
    const split = manifest.splits[name];
    const payload = await loadPayload(`${base}${DATA_DIR}${split.file}`, split, fetchImpl, cache);
    const pixels = split.count * height * width;
    return { images: payload.subarray(0, pixels), labels: payload.subarray(pixels), count: split.count, height, width };
  };
  const [train, test] = await Promise.all([load('train'), load('test')]);
  return { train, test, classes: manifest.classes };
}

async function download(url: string, fetchImpl: typeof fetch): Promise<Response> {
  let response: Response;
  try {
    response = await (damaged.has(url) ? fetchImpl(url, { cache: 'reload' }) : fetchImpl(url));
  } catch (err) {
    throw new DownloadError(
      `Could not download ${url}: ${err instanceof Error ? err.message : String(err)}. ` +
        `Check the network connection and that the site is being served. ${RETRY_HINT}`,
    );
  }
  if (!response.ok) {
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const fix =
      response.status === 404
        ? 'The prepared Fashion-MNIST files are missing: run `npm run prepare-data` in the project, ' +
          "rebuild or restart the site, and check that the site's base URL is right."
        : `The server failed to deliver the dataset. ${RETRY_HINT}`;
    throw new DownloadError(`Could not download ${url} (${status}). ${fix}`);
  }
  return response;
}

function parseManifest(text: string, url: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // A proxy's or captive portal's HTML page arrives here as often as a broken build.
    throw new DownloadError(
      `${url} is not JSON: the download was not the dataset's manifest. ${RETRY_HINT} ` +
        'If it fails the same way every time, run `npm run prepare-data` to regenerate it.',
    );
  }
  const bad = (why: string) =>
    new Error(`${url} is not a Fashion-MNIST manifest (${why}); run \`npm run prepare-data\` to regenerate it.`);
  if (typeof raw !== 'object' || raw === null) throw bad('not an object');
  const m = raw as Partial<Record<keyof Manifest, unknown>>;
  if (!Array.isArray(m.classes) || !m.classes.every((c) => typeof c === 'string')) throw bad('no class names');
  const shape = m.imageShape;
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every(isPositiveInteger)) throw bad('no image shape');
  const [height, width] = shape as [number, number];
  const splits = m.splits as Partial<Record<'train' | 'test', Partial<SplitManifest>>> | undefined;
  const checkSplit = (name: 'train' | 'test'): SplitManifest => {
    const s = splits?.[name];
    if (
      !s ||
      typeof s.file !== 'string' ||
      !isPositiveInteger(s.count) ||
      typeof s.sha256 !== 'string' ||
      s.bytes !== s.count * (height * width + 1)
    ) {
      throw bad(`split "${name}" is incomplete`);
    }
    return { file: s.file, count: s.count, bytes: s.bytes, sha256: s.sha256 };
  };
  return {
    classes: m.classes as string[],
    imageShape: [height, width],
    splits: { train: checkSplit('train'), test: checkSplit('test') },
  };
}

function isPositiveInteger(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x > 0;
}

async function openCache(): Promise<Cache | null> {
  if (!globalThis.caches) return null;
  try {
    return await globalThis.caches.open(CACHE_NAME);
  } catch {
    // Private windows and some embedded browsers refuse storage; download instead.
    return null;
  }
}

async function loadPayload(
  url: string,
  split: SplitManifest,
  fetchImpl: typeof fetch,
  cache: Cache | null,
): Promise<Uint8Array<ArrayBuffer>> {
  // Keyed by content hash, so a regenerated file is a cache miss.
  const cacheKey = `${url}?sha256=${split.sha256}`;
  if (cache) {
    try {
      const hit = await cache.match(cacheKey);
      if (hit) {
        const payload = await decode(new Uint8Array(await hit.arrayBuffer()), url);
        if (await matches(payload, split)) return payload;
        await cache.delete(cacheKey);
      }
    } catch {
      // A broken cache entry is only a lost shortcut: fall through to the network.
    }
  }

  const response = await download(url, fetchImpl);
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = new Uint8Array(await response.arrayBuffer());
  } catch (err) {
    // The connection dropped in the middle of the body.
    damaged.add(url);
    throw new DownloadError(
      `The download of ${url} broke off (${err instanceof Error ? err.message : String(err)}). ${RETRY_HINT}`,
    );
  }
  const payload = await decode(body, url).catch((err: unknown) => {
    damaged.add(url);
    throw err;
  });
  if (payload.length !== split.bytes) {
    damaged.add(url);
    throw new DownloadError(
      `${url} holds ${formatCount(payload.length)} bytes after decompression; the manifest says ` +
        `${formatCount(split.bytes)}: the download arrived cut short or damaged. ${DAMAGED_HINT}`,
    );
  }
  if (!(await matches(payload, split))) {
    damaged.add(url);
    throw new DownloadError(`${url} does not match the sha256 in its manifest: the download arrived damaged. ${DAMAGED_HINT}`);
  }
  damaged.delete(url);
  if (cache) {
    // What was received, not what was decoded: if the server had already
    // decompressed it, the cache holds the raw payload and decode() copes.
    await cache.put(cacheKey, new Response(body)).catch(() => undefined);
  }
  return payload;
}

async function matches(payload: Uint8Array<ArrayBuffer>, split: SplitManifest): Promise<boolean> {
  if (payload.length !== split.bytes) return false;
  // crypto.subtle exists only in secure contexts; without it the length check
  // has to do.
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return true;
  const digest = new Uint8Array(await subtle.digest('SHA-256', payload));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex === split.sha256;
}

// Static servers differ: some send a .gz file as-is, others add
// `Content-Encoding: gzip`, and then fetch has already inflated it. Only bytes
// that still start with the gzip magic are inflated here.
async function decode(bytes: Uint8Array<ArrayBuffer>, url: string): Promise<Uint8Array<ArrayBuffer>> {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (err) {
    throw new DownloadError(
      `${url} is not valid gzip (${err instanceof Error ? err.message : String(err)}): the download arrived damaged. ${DAMAGED_HINT}`,
    );
  }
}
