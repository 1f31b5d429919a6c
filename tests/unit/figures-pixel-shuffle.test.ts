// The pixel-shuffle figure: a seeded permutation keeps every value and only moves it.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/engine/reference/seeded-random';
import { blockMean, permutation, scatter, shuffleView } from '../../src/components/figures/why-cnns/pixel-shuffle-model';

describe('pixel shuffle', () => {
  it('draws the same numbers for the same seed, in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(8)()).not.toBe(xs[0]);
  });

  it('makes a permutation: every position exactly once', () => {
    const perm = permutation(1000, 3);
    expect(Array.from(perm).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(perm)).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(permutation(1000, 3))).toEqual(Array.from(perm));
  });

  it('keeps the values and moves them where the permutation says', () => {
    const values = [10, 20, 30, 40];
    const perm = Int32Array.from([2, 0, 3, 1]);
    expect(Array.from(scatter(values, perm))).toEqual([20, 40, 10, 30]);
  });

  it('averages blocks to shrink an image', () => {
    const img = { shape: [2, 4], data: Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7]) };
    const small = blockMean(img, 2);
    expect(small.shape).toEqual([1, 2]);
    expect(Array.from(small.data)).toEqual([2.5, 4.5]);
  });

  it('says where the first pixel went', () => {
    const img = { shape: [8, 8], data: Float64Array.from({ length: 64 }, (_, i) => i) };
    const v = shuffleView(img, 1);
    const to = permutation(64, 1)[0]!;
    expect(v.firstTo).toEqual([Math.floor(to / 8), to % 8]);
    expect(v.shuffled[to]).toBe(0);
    expect(v.sentence).toBe(
      `Permutation 1: the same 64 pixel values in another order; the pixel at row 0, column 0 now sits at row ${v.firstTo[0]}, column ${v.firstTo[1]}.`,
    );
    expect(Array.from(v.shuffled).sort((a, b) => a - b)).toEqual(Array.from(img.data));
  });
});
