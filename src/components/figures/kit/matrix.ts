// Small matrices as figures show them (rows of numbers, as NumberGrid takes
// them) and their conversion to and from the reference ops' tensors.

import { makeTensor, type Tensor, type TensorLike } from '../../../engine/reference';

/** Row-major values, every row the same length. */
export type Matrix = readonly (readonly number[])[];

/** Rows of numbers to a [H, W] tensor. */
export function fromRows(rows: Matrix): Tensor {
  const h = rows.length;
  const w = rows[0]?.length ?? 0;
  return makeTensor([h, w], rows.flat());
}

/** A [..., H, W] tensor's last plane as rows of numbers. */
export function toRows(t: TensorLike): number[][] {
  const h = t.shape[t.shape.length - 2] ?? 1;
  const w = t.shape[t.shape.length - 1] ?? 1;
  return Array.from({ length: h }, (_, r) => Array.from({ length: w }, (_, c) => t.data[r * w + c] ?? 0));
}
