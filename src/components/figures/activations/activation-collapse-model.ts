// View-model of the "two convolutions are one" figure. Two stacked stride-1,
// unpadded convolutions equal a single convolution whose kernel is the full
// 2-D convolution of the two kernels (and whose bias carries the first bias
// through the second kernel); an activation in between breaks the identity.
// Everything is computed with the reference conv2d.
//
// Why the full *convolution* (not correlation) of the kernels: conv2d is a
// cross-correlation, z[i] = Σ_v b[v]·y[i+v] with y[j] = Σ_u a[u]·x[j+u], so
// z[i] = Σ_t (Σ_{u+v=t} a[u]·b[v])·x[i+t], and the inner sum is (a ∗ b)[t].

import { formatDecimal } from '../../../engine/arithmetic/format';
import { seededRandom } from '../../../engine/reference/seeded-random';
import { activations, conv2d, makeTensor, type ActivationName, type Tensor, type TensorLike } from '../../../engine/reference';

/** The full 2-D convolution of two [kH, kW] kernels: shape [aH + bH − 1, aW + bW − 1]. */
export function fullConvolve2d(a: TensorLike, b: TensorLike): Tensor {
  const [ah, aw] = kernelShape(a, 'a');
  const [bh, bw] = kernelShape(b, 'b');
  const h = ah + bh - 1;
  const w = aw + bw - 1;
  const out = new Float64Array(h * w);
  for (let u = 0; u < ah; u++) {
    for (let v = 0; v < aw; v++) {
      const av = a.data[u * aw + v]!;
      for (let p = 0; p < bh; p++) {
        for (let q = 0; q < bw; q++) out[(u + p) * w + (v + q)]! += av * b.data[p * bw + q]!;
      }
    }
  }
  return { shape: [h, w], data: out };
}

function kernelShape(t: TensorLike, name: string): [number, number] {
  const [h, w] = t.shape;
  if (t.shape.length !== 2 || h === undefined || w === undefined || t.data.length !== h * w) {
    throw new RangeError(`fullConvolve2d: ${name} must be a [kH, kW] kernel, got shape [${t.shape.join(', ')}]`);
  }
  return [h, w];
}

/** What sits between the two convolutions: nothing, or one of the reference activations. */
export type Between = 'none' | ActivationName;

export interface CollapseExample {
  /** [H, W] input, single channel. */
  input: Tensor;
  kernelA: Tensor;
  biasA: number;
  kernelB: Tensor;
  biasB: number;
}

export interface CollapseResult extends CollapseExample {
  between: Between;
  /** conv_b(between(conv_a(x))), [H − kA − kB + 2, …]. */
  stacked: Tensor;
  /** The kernel a ∗ b and bias b_b + b_a·Σb of the single equivalent convolution. */
  composed: Tensor;
  composedBias: number;
  /** conv(x, a ∗ b) + composedBias. */
  single: Tensor;
  maxAbsDiff: number;
  /** For the text alternative. */
  sentence: string;
}

function conv(x: TensorLike, k: TensorLike, bias: number): Tensor {
  const [h, w] = x.shape as [number, number];
  const [kh, kw] = k.shape as [number, number];
  const y = conv2d({ shape: [1, h, w], data: x.data }, { shape: [1, 1, kh, kw], data: k.data }, { bias: [bias] });
  return { shape: y.shape.slice(1), data: y.data };
}

function sum(t: TensorLike): number {
  let s = 0;
  for (let i = 0; i < t.data.length; i++) s += t.data[i]!;
  return s;
}

/** Stacked versus single convolution for one example, with `between` applied to the first convolution's output. */
export function collapse(example: CollapseExample, between: Between): CollapseResult {
  const { input, kernelA, biasA, kernelB, biasB } = example;
  const first = conv(input, kernelA, biasA);
  const act = between === 'none' ? first : { shape: first.shape, data: first.data.map((v) => activations[between].fn(v)) };
  const stacked = conv(act, kernelB, biasB);
  const composed = fullConvolve2d(kernelA, kernelB);
  const composedBias = biasB + biasA * sum(kernelB);
  const single = conv(input, composed, composedBias);
  let maxAbsDiff = 0;
  stacked.data.forEach((v, i) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - single.data[i]!))));
  const [kh, kw] = composed.shape as [number, number];
  const name = between === 'none' ? 'nothing' : activations[between].label;
  const sentence =
    maxAbsDiff === 0
      ? `With ${name} between them, the two convolutions give exactly the output of one ${kh} × ${kw} convolution with the composed kernel: largest difference 0.`
      : `With ${name} between them, the two convolutions no longer equal one ${kh} × ${kw} convolution: largest difference ${formatDecimal(maxAbsDiff, 3)}.`;
  return { ...example, between, stacked, composed, composedBias, single, maxAbsDiff, sentence };
}

/**
 * An example with small integers (input 0…3, kernels −1…1, biases −1…1), so
 * every sum is exact and the linear case agrees to the last bit. Redrawn until
 * a ReLU in between visibly breaks the identity, which needs negative values
 * after the first convolution.
 */
export function collapseExample(seed: number, size = 8, k = 3): CollapseExample {
  const next = seededRandom(seed);
  const ints = (n: number, lo: number, hi: number) => Array.from({ length: n }, () => lo + Math.floor(next() * (hi - lo + 1)));
  for (;;) {
    const example: CollapseExample = {
      input: makeTensor([size, size], ints(size * size, 0, 3)),
      kernelA: makeTensor([k, k], ints(k * k, -1, 1)),
      biasA: ints(1, -1, 1)[0]!,
      kernelB: makeTensor([k, k], ints(k * k, -1, 1)),
      biasB: ints(1, -1, 1)[0]!,
    };
    if (collapse(example, 'relu').maxAbsDiff > 0) return example;
  }
}

/** A grid's values for a screen reader, row by row: "row 1: 2, 0, 2; row 2: …". */
export function gridText(t: TensorLike, digits = 2): string {
  const [h, w] = t.shape as [number, number];
  const rows: string[] = [];
  for (let i = 0; i < h; i++) {
    const cells = Array.from({ length: w }, (_, j) => formatDecimal(t.data[i * w + j]!, digits));
    rows.push(`row ${i + 1}: ${cells.join(', ')}`);
  }
  return rows.join('; ');
}
