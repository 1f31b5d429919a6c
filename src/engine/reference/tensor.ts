// A tiny dense tensor for the reference ops: a shape and a flat, row-major
// array ([C, H, W] or [N, C, H, W], as PyTorch shows them). Plain objects, so
// they survive postMessage and Svelte state; no tfjs.

/** A tensor the ops produce: shape plus row-major float64 data. */
export interface Tensor {
  readonly shape: number[];
  readonly data: Float64Array;
}

/** What the ops accept: any shape plus any array-like of numbers (number[], Float32Array, ...). */
export interface TensorLike {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

/** Nested arrays of numbers, e.g. `[[1, 2], [3, 4]]`. */
export type NestedArray = number | readonly NestedArray[];

/** An error in the arguments of a reference op; the message names the argument. */
export class ReferenceOpError extends RangeError {
  override name = 'ReferenceOpError';
}

export function fail(message: string): never {
  throw new ReferenceOpError(message);
}

/** Number of elements of a shape (1 for the scalar shape []). */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a shape: strides([2, 3, 4]) = [12, 4, 1]. */
export function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = s;
    s *= shape[i] ?? 1;
  }
  return out;
}

function checkShape(shape: readonly number[], name: string): void {
  if (!Array.isArray(shape)) fail(`${name}.shape must be an array of sizes`);
  shape.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0) fail(`${name}.shape[${i}] must be a non-negative integer, got ${String(d)}`);
  });
}

/** Checks that a tensor-like value is well formed (integer sizes, data length = product of shape). */
export function checkTensor(t: TensorLike, name = 'tensor'): void {
  if (t === null || typeof t !== 'object' || !('shape' in t) || !('data' in t)) {
    fail(`${name} must be a tensor { shape, data }`);
  }
  checkShape(t.shape, name);
  const n = numel(t.shape);
  if (t.data.length !== n) {
    fail(`${name}.data has ${t.data.length} values but ${name}.shape [${t.shape.join(', ')}] needs ${n}`);
  }
}

/** A tensor of the given shape; `data` (copied) defaults to zeros. */
export function makeTensor(shape: readonly number[], data?: ArrayLike<number>): Tensor {
  checkShape(shape, 'shape');
  const n = numel(shape);
  if (data !== undefined && data.length !== n) {
    fail(`data has ${data.length} values but shape [${shape.join(', ')}] needs ${n}`);
  }
  const out = new Float64Array(n);
  if (data !== undefined) for (let i = 0; i < n; i++) out[i] = data[i] ?? 0;
  return { shape: [...shape], data: out };
}

/** Zeros of the given shape. */
export function zeros(shape: readonly number[]): Tensor {
  return makeTensor(shape);
}

/** Same data, another shape with as many elements (no copy when data is a Float64Array). */
export function reshape(t: TensorLike, shape: readonly number[]): Tensor {
  checkTensor(t, 'tensor');
  checkShape(shape, 'shape');
  if (numel(shape) !== t.data.length) {
    fail(`cannot reshape [${t.shape.join(', ')}] (${t.data.length} values) to [${shape.join(', ')}]`);
  }
  const data = t.data instanceof Float64Array ? t.data : Float64Array.from(t.data);
  return { shape: [...shape], data };
}

/**
 * A tensor from nested arrays: `tensor([[1, 2], [3, 4]])` has shape [2, 2].
 * Ragged arrays are rejected, naming the first offending position.
 */
export function tensor(nested: NestedArray): Tensor {
  const shape: number[] = [];
  let probe: NestedArray = nested;
  while (Array.isArray(probe)) {
    const arr: readonly NestedArray[] = probe;
    shape.push(arr.length);
    if (arr.length === 0) break;
    probe = arr[0] as NestedArray;
  }
  const data = new Float64Array(numel(shape));
  let k = 0;
  const walk = (node: NestedArray, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number')
        fail(`tensor: expected a number at ${path || 'the top level'}, got an array (ragged nesting)`);
      data[k++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      fail(`tensor: ragged nesting at ${path || 'the top level'}: expected an array of length ${shape[depth]}`);
    }
    const arr: readonly NestedArray[] = node;
    arr.forEach((child, i) => walk(child, depth + 1, `${path}[${i}]`));
  };
  walk(nested, 0, '');
  return { shape, data };
}

/** Flat offset of an index; throws if the index is out of range or has the wrong rank. */
export function offset(shape: readonly number[], index: readonly number[]): number {
  if (index.length !== shape.length) {
    fail(`index has ${index.length} coordinates but the tensor has rank ${shape.length}`);
  }
  let off = 0;
  for (let a = 0; a < shape.length; a++) {
    const size = shape[a] ?? 0;
    const i = index[a] ?? 0;
    if (!Number.isInteger(i) || i < 0 || i >= size) fail(`index[${a}] = ${i} is out of range for size ${size}`);
    off = off * size + i;
  }
  return off;
}

/** The element at an index: `at(t, c, i, j)`. */
export function at(t: TensorLike, ...index: number[]): number {
  return t.data[offset(t.shape, index)] ?? 0;
}

/** Nested arrays from a tensor (for display and for toEqual in tests). */
export function toNested(t: TensorLike): NestedArray {
  checkTensor(t, 'tensor');
  if (t.shape.length === 0) return t.data[0] ?? 0;
  let k = 0;
  const build = (depth: number): NestedArray[] => {
    const size = t.shape[depth] ?? 0;
    const out: NestedArray[] = [];
    for (let i = 0; i < size; i++) out.push(depth === t.shape.length - 1 ? (t.data[k++] ?? 0) : build(depth + 1));
    return out;
  };
  return build(0);
}

/** Elementwise map into a new float64 tensor of the same shape. */
export function map(t: TensorLike, fn: (x: number) => number): Tensor {
  checkTensor(t, 'tensor');
  const n = t.data.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = fn(t.data[i] ?? 0);
  return { shape: [...t.shape], data: out };
}
