import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  boxArea,
  cropImages,
  cutmix,
  drawCropOffsets,
  drawCutMixBox,
  drawFlips,
  flipImages,
  mixup,
  randomCrop,
  randomHorizontalFlip,
} from '../../src/engine/tf/augment';
import { beta, deriveSeed, gamma, permutation, seededRandom } from '../../src/engine/reference/seeded-random';
import { useWasmBackend } from '../../src/engine/tf/wasm-node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const numTensors = () => tf.memory().numTensors;

/** Images whose every pixel value is distinct: value = ((b·H + y)·W + x)·C + c + 1. */
function distinctImages(b: number, h: number, w: number, c: number): tf.Tensor4D {
  return tf.tensor4d(
    Float32Array.from({ length: b * h * w * c }, (_, i) => i + 1),
    [b, h, w, c],
  );
}

/** Image i filled with the constant i + 1. */
function constantImages(b: number, h: number, w: number): tf.Tensor4D {
  return tf.tidy(() => tf.mul(tf.ones([b, h, w, 1]), tf.reshape(tf.range(1, b + 1, 1, 'float32'), [b, 1, 1, 1])) as tf.Tensor4D);
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: readonly number[]) => {
  const m = mean(xs);
  return mean(xs.map((x) => (x - m) ** 2));
};

describe('seeded randomness', () => {
  it('repeats with a seed and differs across seeds and derived streams', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(1, 1));
    expect(deriveSeed(1, 0)).toBe(deriveSeed(1, 0));
    expect(Array.from(permutation(10, seededRandom(3))).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it.each([0.3, 1, 2.5])('Gamma(%s) has mean and variance equal to its shape', (shape) => {
    const random = seededRandom(11);
    const xs = Array.from({ length: 20000 }, () => gamma(random, shape));
    // 20,000 draws: the standard error of the mean is sqrt(shape / 20000).
    expect(Math.abs(mean(xs) - shape)).toBeLessThan(4 * Math.sqrt(shape / 20000));
    expect(Math.abs(variance(xs) / shape - 1)).toBeLessThan(0.06);
    expect(xs.every((x) => x > 0)).toBe(true);
  });

  it.each([
    [0.2, 0.2],
    [1, 1],
    [2, 5],
  ])('Beta(%s, %s) has the right mean and variance', (a, b) => {
    const random = seededRandom(12);
    const xs = Array.from({ length: 20000 }, () => beta(random, a, b));
    const m = a / (a + b);
    const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expect(Math.abs(mean(xs) - m)).toBeLessThan(4 * Math.sqrt(v / 20000));
    expect(Math.abs(variance(xs) / v - 1)).toBeLessThan(0.05);
    expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
  });
});

describe('randomHorizontalFlip', () => {
  it('flips each image with probability p', () => {
    for (const p of [0.5, 0.2]) {
      const flips = drawFlips(4000, seededRandom(5), p);
      const rate = flips.filter(Boolean).length / flips.length;
      expect(Math.abs(rate - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / 4000));
    }
    expect(drawFlips(100, seededRandom(5), 0).some(Boolean)).toBe(false);
    expect(drawFlips(100, seededRandom(5), 1).every(Boolean)).toBe(true);
  });

  it('mirrors exactly the drawn images along the width, repeats with a seed, and leaks nothing', async () => {
    const [b, h, w, c] = [64, 3, 4, 2];
    const images = distinctImages(b, h, w, c);
    const source = await images.array();
    const before = numTensors();
    const flipped = randomHorizontalFlip(images, seededRandom(9));
    const again = randomHorizontalFlip(images, seededRandom(9));
    const other = randomHorizontalFlip(images, seededRandom(10));
    expect(numTensors()).toBe(before + 3);
    const flips = drawFlips(b, seededRandom(9));
    const expected = source.map((image, i) => (flips[i] ? image.map((row) => [...row].reverse()) : image));
    expect(await flipped.array()).toEqual(expected);
    expect(await again.array()).toEqual(expected);
    expect(await other.array()).not.toEqual(expected);
    // Per image, not per batch: some flipped, some not.
    expect(flips.some(Boolean) && !flips.every(Boolean)).toBe(true);
    tf.dispose([flipped, again, other]);
    expect(numTensors()).toBe(before);
    images.dispose();
  });

  it('checks its input', () => {
    const images = tf.zeros([2, 3, 3, 1]) as tf.Tensor4D;
    expect(() => flipImages(images, [true])).toThrow('flipImages: 1 choices for 2 images');
    expect(() => drawFlips(2, seededRandom(1), 1.5)).toThrow('drawFlips: p must be in [0, 1], got 1.5');
    images.dispose();
  });
});

describe('randomCrop', () => {
  it('draws offsets uniformly over 0..2·padding', () => {
    const padding = 4;
    const offsets = drawCropOffsets(9000, seededRandom(3), padding);
    for (const axis of ['top', 'left'] as const) {
      const values = offsets.map((o) => o[axis]);
      expect(Math.min(...values)).toBe(0);
      expect(Math.max(...values)).toBe(2 * padding);
      expect(values.every(Number.isInteger)).toBe(true);
      // Each of the 9 positions about 1,000 times.
      const counts = Array.from({ length: 2 * padding + 1 }, (_, k) => values.filter((v) => v === k).length);
      for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(4 * Math.sqrt(1000));
    }
  });

  it('is a window of the zero-padded image at each offset, repeats with a seed, and leaks nothing', async () => {
    const [b, h, w, c, padding] = [16, 5, 6, 3, 2];
    const images = distinctImages(b, h, w, c);
    const source = await images.array();
    const before = numTensors();
    const cropped = randomCrop(images, seededRandom(4), padding);
    const again = randomCrop(images, seededRandom(4), padding);
    expect(numTensors()).toBe(before + 2);
    expect(cropped.shape).toEqual([b, h, w, c]);
    const offsets = drawCropOffsets(b, seededRandom(4), padding);
    const zero = Array.from({ length: c }, () => 0);
    const expected = offsets.map(({ top, left }, i) =>
      Array.from({ length: h }, (_, y) =>
        Array.from({ length: w }, (_, x) => {
          const [sy, sx] = [top + y - padding, left + x - padding];
          return sy >= 0 && sy < h && sx >= 0 && sx < w ? source[i]![sy]![sx]! : zero;
        }),
      ),
    );
    expect(await cropped.array()).toEqual(expected);
    expect(await again.array()).toEqual(expected);
    // Offsets differ between images of one batch.
    expect(new Set(offsets.map((o) => `${o.top},${o.left}`)).size).toBeGreaterThan(1);
    tf.dispose([cropped, again]);
    expect(numTensors()).toBe(before);
    images.dispose();
  });

  it('with no padding is the identity; bad offsets are refused', async () => {
    const images = distinctImages(2, 3, 3, 1);
    const same = randomCrop(images, seededRandom(1), 0);
    expect(await same.array()).toEqual(await images.array());
    expect(() =>
      cropImages(
        images,
        [
          { top: 0, left: 0 },
          { top: 5, left: 0 },
        ],
        2,
      ),
    ).toThrow('cropImages: offset (5, 0) of image 1 is outside 0..4');
    expect(() => randomCrop(images, seededRandom(1), -1)).toThrow('drawCropOffsets: padding must be an integer >= 0, got -1');
    tf.dispose([images, same]);
  });
});

describe('mixup', () => {
  it('mixes images and one-hot labels with one λ and a permutation; labels sum to 1; repeats with a seed', async () => {
    const [b, h, w, classes] = [8, 4, 4, 5];
    const images = distinctImages(b, h, w, 1);
    const labels = tf.tensor1d([0, 1, 2, 3, 4, 0, 1, 2], 'int32');
    const source = await images.array();
    const y = await labels.array();
    const before = numTensors();
    const out = mixup(images, labels, seededRandom(21), { alpha: 0.4, classes });
    const again = mixup(images, labels, seededRandom(21), { alpha: 0.4, classes });
    expect(numTensors()).toBe(before + 4);
    const { lambda, permutation: perm } = out;
    expect(lambda).toBeGreaterThan(0);
    expect(lambda).toBeLessThan(1);
    expect(Array.from(perm).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(again.lambda).toBe(lambda);
    expect(Array.from(again.permutation)).toEqual(Array.from(perm));

    const mixed = await out.images.array();
    mixed.forEach((image, i) =>
      image.forEach((row, r) =>
        row.forEach((px, col) => {
          const expected = lambda * source[i]![r]![col]![0]! + (1 - lambda) * source[perm[i]!]![r]![col]![0]!;
          expect(px[0]).toBeCloseTo(expected, 3);
        }),
      ),
    );
    const soft = await out.labels.array();
    soft.forEach((row, i) => {
      expect(row.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 6);
      const expected = Array.from(
        { length: classes },
        (_, k) => (k === y[i] ? lambda : 0) + (k === y[perm[i]!] ? 1 - lambda : 0),
      );
      row.forEach((v, k) => expect(v).toBeCloseTo(expected[k]!, 6));
    });
    expect(await again.images.array()).toEqual(mixed);
    expect(await again.labels.array()).toEqual(soft);
    tf.dispose([out.images, out.labels, again.images, again.labels]);
    expect(numTensors()).toBe(before);
    tf.dispose([images, labels]);
  });

  it('takes soft labels, draws λ from Beta(α, α), and checks its input', async () => {
    const images = distinctImages(4, 2, 2, 1);
    const soft = tf.tensor2d([
      [0.7, 0.3],
      [0.2, 0.8],
      [1, 0],
      [0.5, 0.5],
    ]);
    const out = mixup(images, soft, seededRandom(2), { alpha: 1 });
    (await out.labels.array()).forEach((row) => expect(row[0]! + row[1]!).toBeCloseTo(1, 6));
    // λ is the stream's first Beta(α, α) draw (whose distribution is tested above).
    for (const seed of [1, 2, 3]) {
      const { images: x, labels: l, lambda } = mixup(images, soft, seededRandom(seed), { alpha: 0.2 });
      expect(lambda).toBe(beta(seededRandom(seed), 0.2, 0.2));
      tf.dispose([x, l]);
    }
    const intLabels = tf.tensor1d([0, 1, 0, 1], 'int32');
    expect(() => mixup(images, intLabels, seededRandom(1))).toThrow('mixup: class-index labels need the number of classes');
    expect(() => mixup(images, soft, seededRandom(1), { alpha: 0 })).toThrow('mixup: alpha must be positive, got 0');
    tf.dispose([images, soft, out.images, out.labels, intLabels]);
  });
});

describe('cutmix', () => {
  it('keeps its box inside the image, about 1 - λ of it where not clipped', () => {
    const random = seededRandom(31);
    const [h, w] = [28, 32];
    for (let i = 0; i < 2000; i++) {
      const lambda = beta(random, 1, 1);
      const box = drawCutMixBox(h, w, lambda, random);
      expect(box.top).toBeGreaterThanOrEqual(0);
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.bottom).toBeLessThanOrEqual(h);
      expect(box.right).toBeLessThanOrEqual(w);
      expect(box.bottom).toBeGreaterThanOrEqual(box.top);
      expect(box.right).toBeGreaterThanOrEqual(box.left);
      const area = boxArea(box, h, w);
      expect(area).toBeLessThanOrEqual(1 - lambda + 1e-12);
      const clipped = box.top === 0 || box.left === 0 || box.bottom === h || box.right === w;
      if (!clipped) {
        const side = Math.sqrt(1 - lambda);
        // Each side loses less than 2 pixels to the floor of its half.
        expect(area).toBeGreaterThanOrEqual(Math.max(side - 2 / h, 0) * Math.max(side - 2 / w, 0) - 1e-12);
      }
    }
  });

  it("pastes the partner's box and weights the labels by exactly the pasted area; repeats with a seed", async () => {
    const [b, h, w, classes] = [6, 10, 12, 6];
    const images = constantImages(b, h, w);
    // Every image its own class, so the partner's weight can be read off its column.
    const labels = tf.tensor1d([0, 1, 2, 3, 4, 5], 'int32');
    const before = numTensors();
    let checked = 0;
    for (let seed = 0; seed < 20; seed++) {
      const out = cutmix(images, labels, seededRandom(seed), { alpha: 1, classes });
      const again = cutmix(images, labels, seededRandom(seed), { alpha: 1, classes });
      expect(numTensors()).toBe(before + 4);
      const { permutation: perm, area, box, lambda } = out;
      expect(area).toBe(boxArea(box, h, w));
      expect(lambda).toBe(1 - area);
      const mixed = await out.images.array();
      const soft = await out.labels.array();
      for (let i = 0; i < b; i++) {
        const partner = perm[i]!;
        const pixels = mixed[i]!.flat().map((px) => px[0]);
        // Nothing but the two images' values, the partner's exactly inside the box.
        pixels.forEach((v, k) => {
          const [y, x] = [Math.floor(k / w), k % w];
          const inside = y >= box.top && y < box.bottom && x >= box.left && x < box.right;
          expect(v).toBe(inside ? partner + 1 : i + 1);
        });
        if (partner === i) continue;
        const pasted = pixels.filter((v) => v === partner + 1).length;
        expect(pasted / (h * w)).toBe(area);
        expect(soft[i]![partner]).toBe(Math.fround(area));
        expect(soft[i]![i]).toBe(Math.fround(1 - area));
        expect(soft[i]!.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 6);
        checked++;
      }
      expect(await again.images.array()).toEqual(mixed);
      expect(await again.labels.array()).toEqual(soft);
      tf.dispose([out.images, out.labels, again.images, again.labels]);
    }
    expect(checked).toBeGreaterThan(50);
    expect(numTensors()).toBe(before);
    tf.dispose([images, labels]);
  });
});

// WASM is the browser's fallback without a usable GPU: its kernels (bool
// broadcast in where, int32 gather) must give the CPU backend's results.
describe('on the WASM backend', () => {
  it('gives what the CPU backend gives, and leaks nothing', async () => {
    const run = async () => {
      const images = distinctImages(6, 5, 4, 2);
      const labels = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
      const before = numTensors();
      const random = seededRandom(77);
      const flipped = randomHorizontalFlip(images, random);
      const cropped = randomCrop(flipped, random, 2);
      const mixed = mixup(cropped, labels, random, { alpha: 0.5, classes: 3 });
      const cut = cutmix(cropped, labels, random, { alpha: 1, classes: 3 });
      const outputs = [flipped, cropped, mixed.images, mixed.labels, cut.images, cut.labels];
      const arrays = await Promise.all(outputs.map((t) => t.data()));
      tf.dispose(outputs);
      expect(numTensors()).toBe(before);
      tf.dispose([images, labels]);
      return arrays.map((a) => Array.from(a));
    };
    await tf.setBackend('cpu');
    const cpu = await run();
    await useWasmBackend();
    expect(tf.getBackend()).toBe('wasm');
    const wasm = await run();
    await tf.setBackend('cpu');
    // Flip, crop and CutMix move values; mixup computes with them.
    for (const i of [0, 1, 4, 5]) expect(wasm[i]).toEqual(cpu[i]);
    for (const i of [2, 3]) wasm[i]!.forEach((v, k) => expect(v).toBeCloseTo(cpu[i]![k]!, 4));
  });
});
