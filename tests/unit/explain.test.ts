import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { diverging, grayscale, sequential, type RGB } from '../../src/engine/reference/colormaps';
import { nn } from '../../src/engine/spec/layers';
import { simpleCNN } from '../../src/engine/spec/zoo';
import { buildModel } from '../../src/engine/tf/build-model';
import { featureMapTiles, filterTiles, grayTile } from '../../src/engine/tf/explain';
import type { ImageTile } from '../../src/engine/contract';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const pixel = (tile: ImageTile, i: number): number[] => Array.from(tile.pixels.slice(4 * i, 4 * i + 4));
const luminance = ([r, g, b]: RGB) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

describe('colormaps', () => {
  it('diverging: blue for negative, near-white at 0, red for positive, clamped', () => {
    expect(diverging(-1)).toEqual([33, 102, 172]);
    expect(diverging(0)).toEqual([247, 247, 247]);
    expect(diverging(1)).toEqual([178, 24, 43]);
    expect(diverging(-5)).toEqual(diverging(-1));
    expect(diverging(5)).toEqual(diverging(1));
    const [r, , b] = diverging(-0.5);
    expect(b).toBeGreaterThan(r);
    const [r2, , b2] = diverging(0.5);
    expect(r2).toBeGreaterThan(b2);
    // Both ends stay clear of a dark page background.
    expect(luminance(diverging(-1))).toBeGreaterThan(60);
    expect(luminance(diverging(1))).toBeGreaterThan(50);
  });

  it('sequential: viridis, from dark purple to yellow, luminance rising throughout', () => {
    expect(sequential(0)).toEqual([68, 1, 84]);
    expect(sequential(1)).toEqual([253, 231, 37]);
    expect(sequential(Number.NaN)).toEqual(sequential(0));
    const steps = Array.from({ length: 41 }, (_, i) => luminance(sequential(i / 40)));
    steps.slice(1).forEach((l, i) => expect(l).toBeGreaterThan(steps[i]!));
  });

  it('grayscale: black to white', () => {
    expect(grayscale(0)).toEqual([0, 0, 0]);
    expect(grayscale(0.5)).toEqual([128, 128, 128]);
    expect(grayscale(1)).toEqual([255, 255, 255]);
  });
});

describe('grayTile', () => {
  it('turns bytes into opaque gray RGBA', () => {
    const tile = grayTile(new Uint8Array([0, 128, 255, 7]), 2, 2, 'a 2');
    expect(tile).toMatchObject({ width: 2, height: 2, label: 'a 2' });
    expect(tile.pixels).toHaveLength(16);
    expect(pixel(tile, 1)).toEqual([128, 128, 128, 255]);
    expect(pixel(tile, 2)).toEqual([255, 255, 255, 255]);
    expect(() => grayTile(new Uint8Array(3), 2, 2)).toThrow('grayTile: expected 2x2 = 4 pixels, got 3');
  });
});

describe('filterTiles', () => {
  it('gives one kh x kw tile per output channel, with the mean over input channels said in the caption', async () => {
    const model = buildModel(simpleCNN({ inChannels: 1 }), [1, 28, 28], { seed: 1 });
    const first = await filterTiles(model, 'conv2d_0');
    expect(first.tiles).toHaveLength(32);
    expect(first.tiles.every((t) => t.width === 3 && t.height === 3 && t.pixels.length === 36)).toBe(true);
    expect(first.tiles.map((t) => t.label)).toEqual(Array.from({ length: 32 }, (_, i) => `#${i}`));
    expect(first.caption).toMatch(/^32 filters of conv2d_0, 3x3\. Blue is negative/);
    const second = await filterTiles(model, 'conv2d_4');
    expect(second.tiles).toHaveLength(64);
    expect(second.caption).toContain('each shown as the mean over its 32 input channels');
    await expect(filterTiles(model, 'relu_2')).rejects.toThrow(
      "No Conv2d layer named 'relu_2'; the model's are: conv2d_0, conv2d_4, conv2d_8",
    );
    model.dispose();
  });

  it('puts output channel i in tile #i, on one symmetric scale for the layer', async () => {
    const model = buildModel(nn.Sequential(nn.Conv2d(2, 3, [1, 2])), [2, 4, 4]);
    // HWIO kernel [1, 2, 2, 3]; means over the 2 input channels: #0 = (0.5, 0), #1 = (-1, -1), #2 = (0.25, 0).
    const kernel = tf.tensor4d(
      [
        [
          [
            [0.5, -1, 0],
            [0.5, -1, 0.5],
          ],
          [
            [0, -1, 0],
            [0, -1, 0],
          ],
        ],
      ],
      [1, 2, 2, 3],
    );
    model.getLayer('conv2d_0').setWeights([kernel, tf.zeros([3])]);
    const { tiles } = await filterTiles(model, 'conv2d_0');
    expect(tiles.map((t) => [t.width, t.height])).toEqual([
      [2, 1],
      [2, 1],
      [2, 1],
    ]);
    expect(pixel(tiles[0]!, 0)).toEqual([...diverging(0.5), 255]);
    expect(pixel(tiles[0]!, 1)).toEqual([...diverging(0), 255]);
    expect(pixel(tiles[1]!, 0)).toEqual([...diverging(-1), 255]);
    expect(pixel(tiles[2]!, 0)).toEqual([...diverging(0.25), 255]);
    kernel.dispose();
    model.dispose();
  });
});

describe('featureMapTiles', () => {
  it('shows each stage after its ReLU with PyTorch shapes, capped channels, and leaks nothing', async () => {
    const model = buildModel(simpleCNN({ inChannels: 1 }), [1, 28, 28], { seed: 2 });
    const image = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const maps = await featureMapTiles(model, image);
    expect(tf.memory().numTensors).toBe(before);
    expect(maps.map((m) => m.layer)).toEqual(['relu_2', 'relu_6', 'relu_10']);
    expect(maps.map((m) => m.shape)).toEqual([
      [32, 28, 28],
      [64, 14, 14],
      [128, 7, 7],
    ]);
    expect(maps.map((m) => m.tiles.length)).toEqual([32, 32, 32]);
    maps.forEach((m) => {
      const [, h, w] = m.shape;
      expect(m.tiles.every((t) => t.width === w && t.height === h && t.pixels.length === 4 * w * h)).toBe(true);
    });
    // Each tile is scaled to its own range: a channel that varies reaches both ends of the map.
    const varying = maps[0]!.tiles.find((t) => new Set(t.pixels).size > 4)!;
    const colours = new Set(Array.from({ length: 28 * 28 }, (_, i) => pixel(varying, i).join()));
    expect(colours).toContain([...sequential(0), 255].join());
    expect(colours).toContain([...sequential(1), 255].join());

    const few = await featureMapTiles(model, image, { maxChannels: 4 });
    expect(few.map((m) => m.tiles.length)).toEqual([4, 4, 4]);
    expect(few.map((m) => m.shape[0])).toEqual([32, 64, 128]);
    // The probe model shares the layers and must leave their weights alone.
    const logits = model.predict(image) as tf.Tensor;
    expect(logits.shape).toEqual([1, 10]);
    tf.dispose([logits, image]);
    model.dispose();
  });

  it('rejects an image of the wrong shape', async () => {
    const model = buildModel(simpleCNN({ inChannels: 1 }), [1, 28, 28]);
    const batch = tf.zeros([2, 28, 28, 1]) as tf.Tensor4D;
    await expect(featureMapTiles(model, batch)).rejects.toThrow(
      'featureMapTiles: expected one image [1, 28, 28, 1], got [2, 28, 28, 1]',
    );
    batch.dispose();
    model.dispose();
  });
});
