// View-model of the depthwise-separable split: a 3-channel 6 × 6 input, a
// depthwise step (one 3 × 3 kernel per channel: conv2d with groups = 3), a
// pointwise step (1 × 1 conv, 3 channels -> 2), and the check that one
// standard conv with the composed kernel W[o, c] = p[o, c]·D[c] gives the same
// output. Every map comes from the engine's reference conv2d.

import { formatDecimal } from '../../../engine/arithmetic/format';
import { conv2d } from '../../../engine/reference/conv2d';
import { tensor, type Tensor } from '../../../engine/reference/tensor';
import type { Matrix } from '../kit/matrix';

/** Three channels: a vertical bar, a horizontal bar and a ramp, so each depthwise kernel has something to find. */
export const SPLIT_INPUT: readonly Matrix[] = [
  [
    [0, 0, 2, 2, 0, 0],
    [0, 0, 2, 2, 0, 0],
    [0, 0, 2, 2, 0, 0],
    [0, 0, 2, 2, 0, 0],
    [0, 0, 2, 2, 0, 0],
    [0, 0, 2, 2, 0, 0],
  ],
  [
    [0, 0, 0, 0, 0, 0],
    [1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 1],
    [0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0],
  ],
  [
    [0, 1, 2, 3, 2, 1],
    [1, 2, 3, 2, 1, 0],
    [2, 3, 2, 1, 0, 1],
    [3, 2, 1, 0, 1, 2],
    [2, 1, 0, 1, 2, 3],
    [1, 0, 1, 2, 3, 2],
  ],
];

/** Depthwise kernels, one per input channel: a vertical-edge, a horizontal-edge and a Laplacian kernel. */
export const SPLIT_DEPTHWISE: readonly Matrix[] = [
  [
    [1, 0, -1],
    [1, 0, -1],
    [1, 0, -1],
  ],
  [
    [1, 1, 1],
    [0, 0, 0],
    [-1, -1, -1],
  ],
  [
    [0, 1, 0],
    [1, -4, 1],
    [0, 1, 0],
  ],
];

/** Pointwise weights [C_out][C_in]: output 1 adds the two edge maps, output 2 mixes all three. */
export const SPLIT_POINTWISE: Matrix = [
  [1, 1, 0],
  [0.5, -1, 1],
];

const rows = (t: Tensor, channel: number): number[][] => {
  const [, h = 0, w = 0] = t.shape.length === 4 ? t.shape.slice(1) : t.shape;
  const base = channel * h * w;
  return Array.from({ length: h }, (_, r) => Array.from(t.data.subarray(base + r * w, base + (r + 1) * w)));
};

export interface SeparableSplit {
  readonly input: readonly Matrix[];
  readonly depthwiseKernels: readonly Matrix[];
  readonly pointwise: Matrix;
  /** After the depthwise step: one map per input channel. */
  readonly depthwise: readonly Matrix[];
  /** After the pointwise step: one map per output channel. */
  readonly output: readonly Matrix[];
  /** W[o][c] = p[o][c]·D[c]: the standard kernel the two steps compose to, [C_out][C_in] of k × k. */
  readonly composed: readonly (readonly Matrix[])[];
  /** One standard conv2d with the composed kernel. */
  readonly standard: readonly Matrix[];
  /** Largest |output − standard| over every value. */
  readonly maxDifference: number;
}

/** Runs both steps and the standard conv with the reference conv2d. */
export function separableSplit(
  input: readonly Matrix[] = SPLIT_INPUT,
  depthwiseKernels: readonly Matrix[] = SPLIT_DEPTHWISE,
  pointwise: Matrix = SPLIT_POINTWISE,
): SeparableSplit {
  const cin = input.length;
  const cout = pointwise.length;
  const x = tensor(input.map((m) => m.map((r) => [...r])));
  // Depthwise: weight [C_in, 1, k, k] with groups = C_in, so each channel meets only its own kernel.
  const dw = conv2d(x, tensor(depthwiseKernels.map((k) => [k.map((r) => [...r])])), { groups: cin });
  // Pointwise: weight [C_out, C_in, 1, 1].
  const pw = conv2d(dw, tensor(pointwise.map((row) => row.map((v) => [[v]]))));
  const composed = pointwise.map((row) => row.map((p, c) => depthwiseKernels[c]!.map((r) => r.map((v) => p * v))));
  const std = conv2d(x, tensor(composed.map((o) => o.map((k) => k.map((r) => [...r])))));
  let maxDifference = 0;
  pw.data.forEach((v, i) => (maxDifference = Math.max(maxDifference, Math.abs(v - std.data[i]!))));
  return {
    input,
    depthwiseKernels,
    pointwise,
    depthwise: Array.from({ length: cin }, (_, c) => rows(dw, c)),
    output: Array.from({ length: cout }, (_, o) => rows(pw, o)),
    composed,
    standard: Array.from({ length: cout }, (_, o) => rows(std, o)),
    maxDifference,
  };
}

export interface SplitSelection {
  readonly outChannel: number;
  readonly row: number;
  readonly col: number;
}

export interface SplitView {
  /** The 3 × 3 input window, inclusive: rows [top, top + 2], columns [left, left + 2]. */
  readonly top: number;
  readonly left: number;
  /** The depthwise value of each input channel at the selected position. */
  readonly depthwiseValues: readonly number[];
  readonly pointwiseWeights: readonly number[];
  readonly value: number;
  readonly standardValue: number;
  /** "1·(−6) + 1·3 + 0·(−2) = −3" */
  readonly sum: string;
  readonly sentence: string;
}

const show = (v: number) => (v < 0 ? `(${formatDecimal(v)})` : formatDecimal(v));

/** What the selected output value is made of, in numbers and in a sentence for assistive technology. */
export function splitView(split: SeparableSplit, sel: SplitSelection): SplitView {
  const { outChannel: o, row, col } = sel;
  const depthwiseValues = split.depthwise.map((m) => m[row]![col]!);
  const pointwiseWeights = split.pointwise[o]!;
  const value = split.output[o]![row]![col]!;
  const standardValue = split.standard[o]![row]![col]!;
  const sum = `${depthwiseValues.map((d, c) => `${show(pointwiseWeights[c]!)}·${show(d)}`).join(' + ')} = ${formatDecimal(value)}`;
  const same = Math.abs(value - standardValue) < 1e-9;
  const channels = depthwiseValues.map((d, c) => `${formatDecimal(d)} on channel ${c + 1}`).join(', ');
  return {
    top: row,
    left: col,
    depthwiseValues,
    pointwiseWeights,
    value,
    standardValue,
    sum,
    sentence:
      `Output ${o + 1}, row ${row + 1}, column ${col + 1}: the depthwise step gives ${channels}; ` +
      `the pointwise step sums ${sum}. The standard convolution with the composed kernel gives ` +
      `${formatDecimal(standardValue)}${same ? ', the same' : ', which differs'}.`,
  };
}
