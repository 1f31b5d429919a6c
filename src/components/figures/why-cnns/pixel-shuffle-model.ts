// View-model of the pixel-shuffle figure: a photo shrunk to a small grid, and
// the same pixels in an order fixed by a seeded permutation. A dense layer
// cannot tell the two apart (permuting its weights the same way gives the same
// outputs); a convolution, which reads neighbours, can.

import { formatCount } from '../../../engine/arithmetic/format';
import { permutation as shuffledOrder, seededRandom } from '../../../engine/reference/seeded-random';
import type { Tensor } from '../../../engine/reference/tensor';

/** perm[i] = where pixel i goes: the engine's seeded Fisher–Yates, the same on every visit. */
export function permutation(n: number, seed: number): Int32Array {
  return shuffledOrder(n, seededRandom(seed));
}

/** out[perm[i]] = values[i]: every value kept, only the positions change. */
export function scatter(values: ArrayLike<number>, perm: Int32Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[perm[i]!] = values[i] ?? 0;
  return out;
}

/** The mean of each factor × factor block (the last partial blocks are dropped). */
export function blockMean(image: Tensor, factor: number): Tensor {
  const [h = 0, w = 0] = image.shape;
  const oh = Math.floor(h / factor);
  const ow = Math.floor(w / factor);
  const data = new Float64Array(oh * ow);
  for (let r = 0; r < oh; r++) {
    for (let c = 0; c < ow; c++) {
      let sum = 0;
      for (let u = 0; u < factor; u++) {
        for (let v = 0; v < factor; v++) sum += image.data[(r * factor + u) * w + c * factor + v] ?? 0;
      }
      data[r * ow + c] = sum / (factor * factor);
    }
  }
  return { shape: [oh, ow], data };
}

export interface ShuffleView {
  shuffled: Float64Array;
  /** Where the top-left pixel went, [row, col]. */
  firstTo: [number, number];
  sentence: string;
}

export function shuffleView(image: Tensor, seed: number): ShuffleView {
  const [h = 0, w = 0] = image.shape;
  const perm = permutation(h * w, seed);
  const to = perm[0] ?? 0;
  const firstTo: [number, number] = [Math.floor(to / w), to % w];
  return {
    shuffled: scatter(image.data, perm),
    firstTo,
    sentence:
      `Permutation ${seed}: the same ${formatCount(h * w)} pixel values in another order; ` +
      `the pixel at row 0, column 0 now sits at row ${firstTo[0]}, column ${firstTo[1]}.`,
  };
}
