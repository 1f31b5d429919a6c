// The augmentation figure's ten images are what the README says: the first
// test image of each class, byte for byte, loaded without the test shard.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadFashionSample, parseSample } from '../../src/components/figures/regularisation/fashion-sample';

const dir = new URL('../../public/data/fashion-mnist/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as {
  classes: string[];
  splits: { test: { count: number } };
};
const test = gunzipSync(readFileSync(new URL('test.u8.gz', dir)));
const N = manifest.splits.test.count;
const testLabels = test.subarray(N * 784);

/** A fetch that serves public/ from disk and records what was asked for. */
function diskFetch(asked: string[]): typeof fetch {
  return (async (url: string | URL | Request) => {
    const path = String(url);
    asked.push(path);
    const file = new URL(`../../public/${path.replace(/^\/course\//, '')}`, import.meta.url);
    return new Response(readFileSync(file));
  }) as typeof fetch;
}

describe('the augmentation figure sample', () => {
  it('holds the first test image of each class, in class order, and nothing of the shard', async () => {
    const asked: string[] = [];
    const sample = await loadFashionSample('/course/', diskFetch(asked));
    expect(asked.sort()).toEqual(['/course/data/fashion-mnist/manifest.json', '/course/data/fashion-mnist/sample.u8']);
    expect(sample.classes).toEqual(manifest.classes);
    sample.images.forEach((image, c) => {
      const first = testLabels.indexOf(c);
      expect(first).toBeGreaterThanOrEqual(0);
      expect([image.height, image.width]).toEqual([28, 28]);
      expect(image.pixels.map((v) => Math.round(v * 255))).toEqual(Array.from(test.subarray(first * 784, (first + 1) * 784)));
    });
  });

  it('is a few kB', () => {
    expect(readFileSync(new URL('sample.u8', dir)).length).toBeLessThan(10_000);
  });

  it('rejects a file cut short and an unknown label', () => {
    expect(() => parseSample(new Uint8Array(5), 2, 2, ['a'])).not.toThrow();
    expect(() => parseSample(new Uint8Array(6), 2, 2, ['a'])).toThrow(/whole number/);
    expect(() => parseSample(Uint8Array.from([0, 0, 0, 0, 3]), 2, 2, ['a', 'b'])).toThrow(/label 3/);
  });
});
