// The prepared Fashion-MNIST subset, loaded the way the worker loads it but
// with a fetch that reads public/ from disk.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { classBalance, loadFashionMnist } from '../../src/engine/data/fashion-mnist.ts';
import { imageTensor, toTensors } from '../../src/engine/data/tensors.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = join(root, 'public', 'data', 'fashion-mnist');
const sourceDir = join(root, '..', 'shared', 'data', 'fashion-mnist');
const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8')) as {
  classes: string[];
  splits: Record<'train' | 'test', { file: string; count: number; bytes: number; sha256: string }>;
};
const PIXELS = 28 * 28;

// The loader memoises per base URL for the life of the module, so every test
// that needs its own downloads gets its own host.
let hosts = 0;
const freshBase = () => `http://site${++hosts}.test/course/`;

interface DiskFetchOptions {
  /** Act like a server that sends .gz with Content-Encoding: gzip. */
  decompress?: boolean;
  /** Answer 404 for these file names. */
  missing?: Set<string>;
  status?: number;
  transform?: (file: string, bytes: Uint8Array) => Uint8Array;
}

function diskFetch(opts: DiskFetchOptions = {}) {
  const calls: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    calls.push(url.href);
    const prefix = '/course/data/fashion-mnist/';
    const file = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : '';
    if (opts.status) return new Response('nope', { status: opts.status, statusText: 'Internal Server Error' });
    if (!file || file.includes('/') || opts.missing?.has(file) || !existsSync(join(dataDir, file))) {
      return new Response('Not Found', { status: 404, statusText: 'Not Found' });
    }
    let bytes: Uint8Array = readFileSync(join(dataDir, file));
    if (opts.decompress && file.endsWith('.gz')) bytes = gunzipSync(bytes);
    if (opts.transform) bytes = opts.transform(file, bytes);
    return new Response(new Uint8Array(bytes));
  }) as typeof fetch;
  return { fetchImpl, calls, splitCalls: () => calls.filter((c) => c.endsWith('.gz')).length };
}

function sha256(...parts: Uint8Array[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/** Strips an IDX header (magic, then one uint32 per dimension). */
function idxData(path: string): Uint8Array {
  const bytes = gunzipSync(readFileSync(path));
  return bytes.subarray(4 + 4 * bytes[3]!);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('prepared files', () => {
  it('stay within the download budget and carry the licence', () => {
    const gz = ['train', 'test'].map((s) => readFileSync(join(dataDir, `${s}.u8.gz`)).length);
    expect(gz[0]! + gz[1]!).toBeLessThan(4_000_000);
    expect(readFileSync(join(dataDir, 'LICENSE'), 'utf8')).toContain('Copyright (c) 2017 Zalando SE');
    expect(manifest.splits.train.count).toBe(8000);
    expect(manifest.splits.test.count).toBe(1000);
  });
});

describe('loadFashionMnist', () => {
  it('loads every prepared image with labels in 0..9', async () => {
    const { fetchImpl } = diskFetch();
    const data = await loadFashionMnist({ baseUrl: freshBase(), fetchImpl });
    expect(data.classes).toEqual(manifest.classes);
    expect(data.classes).toHaveLength(10);
    for (const [split, count] of [
      [data.train, 8000],
      [data.test, 1000],
    ] as const) {
      expect(split.count).toBe(count);
      expect(split.height).toBe(28);
      expect(split.width).toBe(28);
      expect(split.images.length).toBe(count * PIXELS);
      expect(split.labels.length).toBe(count);
      expect(Math.max(...split.labels)).toBeLessThanOrEqual(9);
      const balance = classBalance(split.labels, 10);
      expect(balance.reduce((a, b) => a + b, 0)).toBe(count);
      // A balanced subset: no class under 8% or over 12% of the images.
      for (const n of balance) {
        expect(n).toBeGreaterThan(0.08 * count);
        expect(n).toBeLessThan(0.12 * count);
      }
    }
  });

  it('matches the manifest hashes and the original IDX files', async () => {
    const { fetchImpl } = diskFetch();
    const data = await loadFashionMnist({ baseUrl: freshBase(), fetchImpl });
    expect(sha256(data.train.images, data.train.labels)).toBe(manifest.splits.train.sha256);
    expect(sha256(data.test.images, data.test.labels)).toBe(manifest.splits.test.sha256);

    const firstTest = data.test.images.subarray(0, PIXELS);
    if (existsSync(sourceDir)) {
      const images = idxData(join(sourceDir, 't10k-images-idx3-ubyte.gz'));
      const labels = idxData(join(sourceDir, 't10k-labels-idx1-ubyte.gz'));
      expect(Buffer.from(firstTest).equals(Buffer.from(images.subarray(0, PIXELS)))).toBe(true);
      expect(Array.from(data.test.labels)).toEqual(Array.from(labels.subarray(0, 1000)));
      const trainLabels = idxData(join(sourceDir, 'train-labels-idx1-ubyte.gz'));
      expect(Array.from(data.train.labels)).toEqual(Array.from(trainLabels.subarray(0, 8000)));
    } else {
      // Without the raw data, the first image is pinned by the whole payload's hash.
      expect(sha256(data.test.images, data.test.labels)).toBe(manifest.splits.test.sha256);
    }
    // The first test image is an ankle boot, and not blank.
    expect(data.test.labels[0]).toBe(9);
    expect(Math.max(...firstTest)).toBeGreaterThan(200);
  });

  it('downloads once per base URL and hands out copies', async () => {
    const { fetchImpl, calls } = diskFetch();
    const baseUrl = freshBase();
    const a = await loadFashionMnist({ baseUrl, fetchImpl, train: 100, test: 10 });
    expect(calls).toHaveLength(3);
    expect(a.train.count).toBe(100);
    expect(a.train.images.length).toBe(100 * PIXELS);
    expect(a.test.labels.length).toBe(10);

    a.train.images.fill(0);
    a.train.labels.fill(0);
    const b = await loadFashionMnist({ baseUrl: baseUrl.slice(0, -1), fetchImpl });
    expect(calls).toHaveLength(3);
    expect(b.train.count).toBe(8000);
    expect(Math.max(...b.train.images.subarray(0, 100 * PIXELS))).toBeGreaterThan(0);
    expect(sha256(b.train.images, b.train.labels)).toBe(manifest.splits.train.sha256);

    const none = await loadFashionMnist({ baseUrl, fetchImpl, train: 0, test: 0 });
    expect(none.train.count).toBe(0);
    expect(none.test.images.length).toBe(0);
  });

  it('loads files the server already decompressed (Content-Encoding: gzip)', async () => {
    const { fetchImpl } = diskFetch({ decompress: true });
    const data = await loadFashionMnist({ baseUrl: freshBase(), fetchImpl });
    expect(data.train.count).toBe(8000);
    expect(sha256(data.train.images, data.train.labels)).toBe(manifest.splits.train.sha256);
    expect(sha256(data.test.images, data.test.labels)).toBe(manifest.splits.test.sha256);
  });

  it('explains a 404 and how to fix it, then retries on the next call', async () => {
    const missing = new Set(['train.u8.gz']);
    const { fetchImpl } = diskFetch({ missing });
    const baseUrl = freshBase();
    const err = await loadFashionMnist({ baseUrl, fetchImpl }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toContain(`${baseUrl}data/fashion-mnist/train.u8.gz`);
    expect(message).toContain('404');
    expect(message).toContain('npm run prepare-data');

    missing.clear();
    const data = await loadFashionMnist({ baseUrl, fetchImpl });
    expect(data.train.count).toBe(8000);
  });

  it('names the URL and status of other HTTP failures', async () => {
    const { fetchImpl } = diskFetch({ status: 500 });
    const baseUrl = freshBase();
    await expect(loadFashionMnist({ baseUrl, fetchImpl })).rejects.toThrow(
      `${baseUrl}data/fashion-mnist/manifest.json (HTTP 500 Internal Server Error)`,
    );
  });

  it('explains a network failure', async () => {
    const fetchImpl = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const baseUrl = freshBase();
    await expect(loadFashionMnist({ baseUrl, fetchImpl })).rejects.toThrow(
      `Could not download ${baseUrl}data/fashion-mnist/manifest.json: fetch failed`,
    );
  });

  it('refuses a payload that does not match its manifest', async () => {
    const truncated = diskFetch({
      decompress: true,
      transform: (file, bytes) => (file === 'test.u8.gz' ? bytes.subarray(0, bytes.length - 1) : bytes),
    });
    await expect(loadFashionMnist({ baseUrl: freshBase(), fetchImpl: truncated.fetchImpl })).rejects.toThrow(
      /test\.u8\.gz holds 784,999 bytes after decompression; the manifest says 785,000/,
    );

    const flipped = diskFetch({
      decompress: true,
      transform: (file, bytes) => {
        if (file !== 'test.u8.gz') return bytes;
        const copy = Uint8Array.from(bytes);
        copy[0] = copy[0]! ^ 1;
        return copy;
      },
    });
    await expect(loadFashionMnist({ baseUrl: freshBase(), fetchImpl: flipped.fetchImpl })).rejects.toThrow(
      /does not match the sha256/,
    );
  });

  it('says how many images are prepared when a cell asks for more, before downloading them', async () => {
    const { fetchImpl, splitCalls } = diskFetch();
    const baseUrl = freshBase();
    await expect(loadFashionMnist({ baseUrl, fetchImpl, train: 9000 })).rejects.toThrow(
      'Only 8,000 training images are prepared; the cell asked for 9,000.',
    );
    await expect(loadFashionMnist({ baseUrl, fetchImpl, test: 1001 })).rejects.toThrow(
      'Only 1,000 test images are prepared; the cell asked for 1,001.',
    );
    expect(splitCalls()).toBe(0);
    // And still says so once the data is in memory.
    await loadFashionMnist({ baseUrl, fetchImpl });
    await expect(loadFashionMnist({ baseUrl, fetchImpl, train: 9000 })).rejects.toThrow(
      'Only 8,000 training images are prepared; the cell asked for 9,000.',
    );
  });

  it('rejects counts that are not whole numbers from 0 up, without fetching', async () => {
    const { fetchImpl, calls } = diskFetch();
    const baseUrl = freshBase();
    for (const bad of [2.5, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(loadFashionMnist({ baseUrl, fetchImpl, train: bad })).rejects.toThrow(
        /number of training images must be a whole number, 0 or more/,
      );
    }
    await expect(loadFashionMnist({ baseUrl, fetchImpl, test: -3 })).rejects.toThrow(
      /number of test images must be a whole number, 0 or more; the cell asked for -3/,
    );
    expect(calls).toHaveLength(0);
  });

  it('keeps the data in the Cache API so a second visit downloads only the manifest', async () => {
    const store = new Map<string, ArrayBuffer>();
    const opened: string[] = [];
    const fakeCache = {
      async match(key: string) {
        const hit = store.get(key);
        return hit ? new Response(hit.slice(0)) : undefined;
      },
      async put(key: string, response: Response) {
        store.set(key, await response.arrayBuffer());
      },
      async delete(key: string) {
        return store.delete(key);
      },
    };
    vi.stubGlobal('caches', {
      async open(name: string) {
        opened.push(name);
        return fakeCache;
      },
    });
    const baseUrl = 'http://cached.test/course/';

    // A new worker is a new module instance, with an empty in-memory memo.
    const visit = async () => {
      vi.resetModules();
      const mod = await import('../../src/engine/data/fashion-mnist.ts');
      const server = diskFetch();
      const data = await mod.loadFashionMnist({ baseUrl, fetchImpl: server.fetchImpl });
      return { data, splitCalls: server.splitCalls() };
    };

    const first = await visit();
    expect(first.splitCalls).toBe(2);
    expect(opened).toEqual(['cnn-guide-data-v1']);
    expect([...store.keys()].every((k) => k.includes('?sha256='))).toBe(true);

    const second = await visit();
    expect(second.splitCalls).toBe(0);
    expect(sha256(second.data.train.images, second.data.train.labels)).toBe(manifest.splits.train.sha256);

    // A damaged cache entry is replaced from the network, not trusted.
    for (const key of store.keys()) store.set(key, new Uint8Array([0x1f, 0x8b, 1, 2, 3]).buffer);
    const third = await visit();
    expect(third.splitCalls).toBe(2);
    expect(sha256(third.data.test.images, third.data.test.labels)).toBe(manifest.splits.test.sha256);
  });
});

describe('classBalance', () => {
  it('counts each class and rejects out-of-range labels', () => {
    expect(classBalance(Uint8Array.from([0, 2, 2, 1, 2]), 3)).toEqual([1, 1, 3]);
    expect(classBalance(new Uint8Array(0), 2)).toEqual([0, 0]);
    expect(() => classBalance(Uint8Array.from([3]), 3)).toThrow(/Label 3 is outside 0..2/);
  });
});

describe('toTensors and imageTensor', () => {
  it('give NHWC float32 images in [0, 1] and int32 labels, and leak nothing', async () => {
    const { fetchImpl } = diskFetch();
    const data = await loadFashionMnist({ baseUrl: freshBase(), fetchImpl, train: 500 });
    const before = tf.memory().numTensors;

    const { x, y } = toTensors(data.train);
    expect(x.shape).toEqual([500, 28, 28, 1]);
    expect(x.dtype).toBe('float32');
    expect(y.shape).toEqual([500]);
    expect(y.dtype).toBe('int32');
    const xs = await x.data();
    let min = Infinity;
    let max = -Infinity;
    for (const v of xs) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    // Row-major pixels land in the same order: value = byte / 255.
    for (const i of [0, 1, 27, 28, 783, 784, 500 * PIXELS - 1]) {
      expect(xs[i]).toBeCloseTo(data.train.images[i]! / 255, 6);
    }
    expect(Array.from(await y.data())).toEqual(Array.from(data.train.labels));

    const small = toTensors(data.test, 7);
    expect(small.x.shape).toEqual([7, 28, 28, 1]);
    expect(Array.from(await small.y.data())).toEqual(Array.from(data.test.labels.subarray(0, 7)));

    const one = imageTensor(data.test, 3);
    expect(one.shape).toEqual([1, 28, 28, 1]);
    expect(one.dtype).toBe('float32');
    const slice = tf.slice(small.x, [3, 0, 0, 0], [1, 28, 28, 1]);
    expect(Array.from(await one.data())).toEqual(Array.from(await slice.data()));

    tf.dispose([x, y, small.x, small.y, one, slice]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reject counts and indices outside the split', async () => {
    const { fetchImpl } = diskFetch();
    const data = await loadFashionMnist({ baseUrl: freshBase(), fetchImpl, test: 10 });
    const before = tf.memory().numTensors;
    expect(() => toTensors(data.test, 11)).toThrow(/count must be a whole number from 0 to 10; got 11/);
    expect(() => toTensors(data.test, 1.5)).toThrow(/count must be a whole number/);
    expect(() => imageTensor(data.test, 10)).toThrow(/index must be a whole number from 0 to 9; got 10/);
    expect(() => imageTensor(data.test, -1)).toThrow(/index must be a whole number/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
