// View-model of the convolution stepper: one input, one kernel, stride 1 and no
// padding; for the selected output cell, the input window it reads, the
// products it sums and a sentence saying so. All numbers come from the
// engine's reference conv2d and its provenance.

import { formatDecimal } from '../../../engine/arithmetic/format';
import { conv2d, conv2dProvenance, formatConvProvenance, type ConvProvenance } from '../../../engine/reference/conv2d';
import { tensor, type Tensor } from '../../../engine/reference/tensor';
import type { Matrix } from '../kit/matrix';

export type { Matrix };

/** The chapter's example: a 5 × 5 binary image and an X-shaped 3 × 3 kernel. */
export const STEPPER_INPUT: Matrix = [
  [1, 1, 1, 0, 0],
  [0, 1, 1, 1, 0],
  [0, 0, 1, 1, 1],
  [0, 0, 1, 1, 0],
  [0, 1, 1, 0, 0],
];

export const STEPPER_KERNEL: Matrix = [
  [1, 0, 1],
  [0, 1, 0],
  [1, 0, 1],
];

/** One channel in, one out: [1, H, W] and [1, 1, kH, kW] for conv2d. */
function asInput(m: Matrix): Tensor {
  return tensor([m.map((row) => [...row])]);
}

function asWeight(m: Matrix): Tensor {
  return tensor([[m.map((row) => [...row])]]);
}

function rowsOf(t: Tensor, height: number, width: number): number[][] {
  return Array.from({ length: height }, (_, r) => Array.from(t.data.subarray(r * width, (r + 1) * width)));
}

/** The whole output map, as conv2d computes it. */
export function convolveMatrix(input: Matrix, kernel: Matrix): number[][] {
  const y = conv2d(asInput(input), asWeight(kernel));
  const [, height = 0, width = 0] = y.shape;
  return rowsOf(y, height, width);
}

export interface StepView {
  row: number;
  col: number;
  /** Position in reading order, 0-based, and the number of outputs. */
  index: number;
  count: number;
  value: number;
  /** The input window, inclusive, in input coordinates. */
  window: ConvProvenance['window'];
  /** The kernel weight each window cell is multiplied by: [input row][input col] -> weight. */
  weightAt: (inputRow: number, inputCol: number) => number | undefined;
  /** "1·1 + 1·0 + … = 4" */
  products: string;
  /** The text alternative, e.g. "Output[0, 0] = 4: the sum of 9 products of …". */
  sentence: string;
}

/** "rows 0–2" or "row 1". */
function span(what: string, from: number, to: number): string {
  return from === to ? `${what} ${from}` : `${what}s ${from}–${to}`;
}

/** Everything the stepper shows for output (row, col). */
export function stepView(input: Matrix, kernel: Matrix, row: number, col: number): StepView {
  const p = conv2dProvenance(asInput(input), asWeight(kernel), { row, col });
  const outWidth = (input[0]?.length ?? 0) - (kernel[0]?.length ?? 0) + 1;
  const outHeight = input.length - kernel.length + 1;
  const { top, left, bottom, right } = p.window;
  const value = formatDecimal(p.sum);
  return {
    row,
    col,
    index: row * outWidth + col,
    count: outHeight * outWidth,
    value: p.sum,
    window: p.window,
    weightAt: (r, c) => p.terms.find((t) => t.inputRow === r && t.inputCol === c)?.weight,
    products: formatConvProvenance(p),
    sentence:
      `Output[${row}, ${col}] = ${value}: the sum of ${p.terms.length} products of the window at ` +
      `${span('row', top, bottom)}, ${span('column', left, right)} with the kernel.`,
  };
}

/** The output cell `delta` steps from (row, col) in reading order, clamped to the map. */
export function stepFrom(row: number, col: number, delta: number, height: number, width: number): [number, number] {
  const index = Math.min(Math.max(row * width + col + delta, 0), height * width - 1);
  return [Math.floor(index / width), index % width];
}
