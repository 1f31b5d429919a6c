// View-model of the backpropagation stepper: the convolution chapter's 5 × 5
// input and 3 × 3 kernel (stride 1, no padding), an output gradient δ sent
// back by the layer above, and the two gradients a convolution returns:
// dL/dW, the cross-correlation of the input with δ, and dL/dX, the "full"
// convolution of δ (zero-padded by k - 1) with the kernel rotated by 180°.
// Both are computed with the engine's reference conv2d, so each entry can be
// shown as the sum of products it is; tests check them against autograd.

import { formatDecimal } from '../../../engine/arithmetic/format';
import { conv2d, conv2dProvenance, type ConvTerm } from '../../../engine/reference/conv2d';
import { tensor, type Tensor } from '../../../engine/reference/tensor';
import { STEPPER_INPUT, STEPPER_KERNEL } from '../convolution/conv-stepper-model';
import type { Matrix } from '../kit/matrix';

export { STEPPER_INPUT as BACKPROP_INPUT, STEPPER_KERNEL as BACKPROP_KERNEL };

/**
 * dL/dY for the 3 × 3 output: what the layer above sends back. Not symmetric,
 * so that the 180° rotation in dL/dX shows.
 */
export const BACKPROP_OUTPUT_GRADIENT: Matrix = [
  [1, 0, -1],
  [0, 2, 0],
  [0, -1, 1],
];

export interface ConvGradients {
  /** dL/dW, [k, k]. */
  weight: number[][];
  /** dL/db: the sum of δ. */
  bias: number;
  /** dL/dX, [H, W]. */
  input: number[][];
}

function rows(t: Tensor, height: number, width: number): number[][] {
  return Array.from({ length: height }, (_, r) => Array.from(t.data.subarray(r * width, (r + 1) * width)));
}

const asInput = (m: Matrix): Tensor => tensor([m.map((row) => [...row])]);
const asWeight = (m: Matrix): Tensor => tensor([[m.map((row) => [...row])]]);

/** The kernel turned by 180°: flipped top to bottom and left to right. */
export function rotate180(m: Matrix): number[][] {
  return [...m].reverse().map((row) => [...row].reverse());
}

function size(m: Matrix): [number, number] {
  return [m.length, m[0]?.length ?? 0];
}

/** Both gradients of Y = conv2d(X, W) + b for a given δ = dL/dY. */
export function convGradients(input: Matrix, kernel: Matrix, outputGradient: Matrix): ConvGradients {
  const [h, w] = size(input);
  const [k] = size(kernel);
  checkShapes(input, kernel, outputGradient);
  const weight = conv2d(asInput(input), asWeight(outputGradient));
  const full = conv2d(asInput(outputGradient), asWeight(rotate180(kernel)), { padding: k - 1 });
  return {
    weight: rows(weight, k, k),
    bias: outputGradient.flat().reduce((a, b) => a + b, 0),
    input: rows(full, h, w),
  };
}

function checkShapes(input: Matrix, kernel: Matrix, outputGradient: Matrix): void {
  const [h, w] = size(input);
  const [kh, kw] = size(kernel);
  const [gh, gw] = size(outputGradient);
  if (kh !== kw) throw new RangeError(`convGradients: the kernel must be square, got ${kh} × ${kw}`);
  if (gh !== h - kh + 1 || gw !== w - kw + 1) {
    throw new RangeError(`convGradients: δ must be ${h - kh + 1} × ${w - kw + 1} for this input and kernel, got ${gh} × ${gw}`);
  }
}

export type GradientKind = 'weight' | 'input';

export interface GradientStep {
  kind: GradientKind;
  row: number;
  col: number;
  value: number;
  /** The products summed, skipping those with δ in the padding (they are 0). */
  terms: readonly { a: number; b: number }[];
  /** "δ·x + …" written out, ending "= value". */
  products: string;
  sentence: string;
}

const fmt = (x: number) => formatDecimal(x);

function written(terms: readonly { a: number; b: number }[], value: number): string {
  if (terms.length === 0) return `0 = ${fmt(value)}`;
  return `${terms.map((t) => `${fmt(t.a)}·${fmt(t.b)}`).join(' + ')} = ${fmt(value)}`;
}

/** How entry (row, col) of dL/dW or dL/dX is made: a sum of products of δ with the input or with the kernel. */
export function gradientStep(
  kind: GradientKind,
  row: number,
  col: number,
  input: Matrix = STEPPER_INPUT,
  kernel: Matrix = STEPPER_KERNEL,
  outputGradient: Matrix = BACKPROP_OUTPUT_GRADIENT,
): GradientStep {
  checkShapes(input, kernel, outputGradient);
  const k = kernel.length;
  const step = (terms: GradientStep['terms'], value: number, sentence: string): GradientStep => ({
    kind,
    row,
    col,
    value,
    terms,
    products: written(terms, value),
    sentence,
  });
  if (kind === 'weight') {
    // dL/dW[u, v] = Σ δ[i, j] · X[i + u, j + v]: output (u, v) of conv2d(X, δ).
    const p = conv2dProvenance(asInput(input), asWeight(outputGradient), { row, col });
    const terms = p.terms.map((t: ConvTerm) => ({ a: t.weight, b: t.inputValue }));
    return step(
      terms,
      p.sum,
      `dL/dW[${row}, ${col}] = ${fmt(p.sum)}: each δ[i, j] times the input pixel the weight met when it made output [i, j], the window shifted by (${row}, ${col}).`,
    );
  }
  // dL/dX[p, q] = Σ δ[p - u, q - v] · W[u, v]: output (p, q) of the full convolution with the rotated kernel.
  const p = conv2dProvenance(asInput(outputGradient), asWeight(rotate180(kernel)), { row, col }, { padding: k - 1 });
  const terms = p.terms.filter((t) => !t.isPadding).map((t) => ({ a: t.inputValue, b: t.weight }));
  const outputs = terms.length;
  return step(
    terms,
    p.sum,
    `dL/dX[${row}, ${col}] = ${fmt(p.sum)}: input pixel [${row}, ${col}] fed ${outputs} output${outputs === 1 ? '' : 's'}, and each sends back its δ times the weight that joined them.`,
  );
}
