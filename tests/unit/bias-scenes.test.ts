// The cow/camel scenes of the chapter "When the network learns the background":
// composited from the committed assets, seeded, with exactly the bias asked for.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import * as tf from '@tensorflow/tfjs';
import { cowsAndCamels } from '../../src/engine/data/bias-scenes.ts';
import { imageTensor, toTensors } from '../../src/engine/data/tensors.ts';
import { composeScenes, parseSceneAssets, sceneRgba, usualCount } from '../../src/engine/reference/bias-scenes.ts';

const dir = join(fileURLToPath(new URL('../../', import.meta.url)), 'public/data/bias');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { bytes: number; sprites: unknown[] };
const bytes = new Uint8Array(readFileSync(join(dir, 'assets.u8')));
const assets = parseSceneAssets(manifest, bytes);
const count = (xs: Uint8Array, v: number) => xs.reduce((n, x) => n + (x === v ? 1 : 0), 0);

describe('parseSceneAssets', () => {
  it('reads every sprite and background the manifest lists', () => {
    expect(assets.classes).toEqual(['cow', 'camel']);
    expect(assets.backgrounds.map((b) => b.name)).toEqual(['grass', 'dune']);
    expect(assets.sprites).toHaveLength(manifest.sprites.length);
    expect(assets.usualBackground).toEqual([0, 1]);
    for (const s of assets.sprites) expect(s.rgba.length).toBe(s.width * s.height * 4);
  });

  it('refuses a file of the wrong length and names the fix', () => {
    expect(() => parseSceneAssets(manifest, bytes.subarray(1))).toThrow(/bytes.*prepare-bias\.py/);
    expect(() => parseSceneAssets({ ...manifest, usualBackground: { cow: 'grass' } }, bytes)).toThrow(
      /no usual background for camel/,
    );
  });
});

describe('composeScenes', () => {
  it('gives the same images for the same seed and different ones for another', () => {
    const a = composeScenes(assets, { count: 20, bias: 0.8, seed: 3 });
    const b = composeScenes(assets, { count: 20, bias: 0.8, seed: 3 });
    const c = composeScenes(assets, { count: 20, bias: 0.8, seed: 4 });
    expect(a.images).toEqual(b.images);
    expect(a.labels).toEqual(b.labels);
    expect(a.images).not.toEqual(c.images);
    expect(a.images.length).toBe(20 * 32 * 32 * 3);
  });

  it.each([0, 0.3, 0.5, 0.95, 1])('puts round(bias · n) of each class on its usual background (bias %s)', (bias) => {
    const scenes = composeScenes(assets, { count: 301, bias, seed: 1 });
    // 301 images: 151 cows, 150 camels.
    for (const [c, n] of [
      [0, 151],
      [1, 150],
    ] as const) {
      const ofClass = [...scenes.labels.keys()].filter((i) => scenes.labels[i] === c);
      expect(ofClass).toHaveLength(n);
      const onUsual = ofClass.filter((i) => scenes.backgrounds[i] === assets.usualBackground[c]);
      expect(onUsual).toHaveLength(usualCount(n, bias));
      expect(ofClass.filter((i) => scenes.usual[i] === 1)).toEqual(onUsual);
    }
  });

  it('shuffles the classes rather than listing them in blocks', () => {
    const { labels } = composeScenes(assets, { count: 100, bias: 1, seed: 1 });
    expect(count(labels.subarray(0, 50), 0)).toBeGreaterThan(10);
    expect(count(labels.subarray(0, 50), 0)).toBeLessThan(40);
  });

  it('marks the animal in its mask, and the mask covers a plausible share of the image', () => {
    const scenes = composeScenes(assets, { count: 50, bias: 0.5, seed: 2 });
    for (let i = 0; i < 50; i++) {
      const area = count(scenes.masks.subarray(i * 1024, (i + 1) * 1024), 1) / 1024;
      expect(area).toBeGreaterThan(0.03);
      expect(area).toBeLessThan(0.5);
    }
  });

  it('checks its arguments', () => {
    expect(() => composeScenes(assets, { count: 4, bias: 1.5, seed: 0 })).toThrow(/bias must be between 0 and 1/);
    expect(() => composeScenes(assets, { count: -1, bias: 0.5, seed: 0 })).toThrow(/count/);
    expect(() => composeScenes(assets, { count: 4, bias: 0.5, seed: 0, size: 200 })).toThrow(/smaller than 200×200/);
  });

  it('turns a scene into opaque RGBA', () => {
    const scenes = composeScenes(assets, { count: 2, bias: 1, seed: 0 });
    const rgba = sceneRgba(scenes, 1);
    expect(rgba.length).toBe(32 * 32 * 4);
    expect([rgba[0], rgba[1], rgba[2], rgba[3]]).toEqual([...scenes.images.subarray(3072, 3075), 255]);
  });
});

describe('cowsAndCamels', () => {
  const data = cowsAndCamels(assets, { train: 40, test: 30, bias: 0.9, seed: 5 });

  it('swaps only the background: same labels, same animals in the same places', () => {
    expect(data.swapped.labels).toEqual(data.usual.labels);
    expect(data.swapped.masks).toEqual(data.usual.masks);
    expect(data.swapped.images).not.toEqual(data.usual.images);
    expect(count(data.usual.usual, 1)).toBe(30);
    expect(count(data.swapped.usual, 0)).toBe(30);
  });

  it('keeps the test sets when the training set changes', () => {
    const other = cowsAndCamels(assets, { train: 10, test: 30, bias: 0.5, seed: 5 });
    expect(other.usual.images).toEqual(data.usual.images);
    expect(other.train.images).not.toEqual(data.train.images.subarray(0, other.train.images.length));
  });
});

describe("the PyTorch programs' port (scripts/pytorch/cnn_guide_scenes.py)", () => {
  const cases = JSON.parse(readFileSync(join(dir, '../../../tests/fixtures/bias-scenes-python.json'), 'utf8')) as {
    count: number;
    bias: number;
    seed: number;
    sha256: string;
    labels: number[];
  }[];

  it.each(cases)(
    'makes the same pixels and labels ($count images, bias $bias, seed $seed)',
    ({ count: n, bias, seed, sha256, labels }) => {
      const scenes = composeScenes(assets, { count: n, bias, seed });
      expect(Array.from(scenes.labels)).toEqual(labels);
      expect(createHash('sha256').update(scenes.images).digest('hex')).toBe(sha256);
    },
  );
});

describe('RGB scenes as tensors', () => {
  it('toTensors and imageTensor keep the three channels, interleaved as stored', async () => {
    await tf.setBackend('cpu');
    const scenes = composeScenes(assets, { count: 3, bias: 0.5, seed: 9 });
    const { x, y } = toTensors(scenes);
    const one = imageTensor(scenes, 2);
    try {
      expect(x.shape).toEqual([3, 32, 32, 3]);
      expect(one.shape).toEqual([1, 32, 32, 3]);
      expect(Array.from(await y.data())).toEqual(Array.from(scenes.labels));
      // Image 2, row 5, column 7, channel 1 (green).
      const at = 2 * 3072 + (5 * 32 + 7) * 3 + 1;
      expect((await x.data())[at]).toBeCloseTo(scenes.images[at]! / 255, 6);
      expect((await one.data())[(5 * 32 + 7) * 3 + 1]).toBeCloseTo(scenes.images[at]! / 255, 6);
    } finally {
      tf.dispose([x, y, one]);
    }
  });
});
