// Argument normalisation shared by conv and pooling: PyTorch accepts an int or
// an (h, w) pair for kernel_size, stride, padding and dilation.

import { fail } from './tensor';

/** An int for both axes, or [height, width]. */
export type Pair = number | readonly [number, number];

/**
 * [h, w] from an int or a pair, checked: integers, and at least `min`.
 * `what` names the argument in the error ("conv2d: stride ...").
 */
export function pair(value: Pair, what: string, min: number): [number, number] {
  const p: readonly number[] = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(p) || p.length !== 2) fail(`${what} must be a number or a [height, width] pair, got ${JSON.stringify(value)}`);
  const [h, w] = p as [number, number];
  for (const v of [h, w]) {
    if (typeof v !== 'number' || !Number.isInteger(v)) fail(`${what} must be an integer, got ${String(v)}`);
    if (v < min) {
      fail(`${what} must be ${min === 1 ? 'positive' : min === 0 ? 'non-negative' : `at least ${min}`}, got ${typeof value === 'number' ? value : `[${h}, ${w}]`}`);
    }
  }
  return [h, w];
}

/** floor(a / b) for integers with b > 0 (PyTorch's div_rtn). */
export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}
