// Max and average pooling with PyTorch's semantics (F.max_pool2d, F.avg_pool2d,
// adaptive average pooling to 1x1), their backward passes (where the gradient
// goes) and the provenance of one output value, in plain TypeScript.
//
// Inputs are [H, W], [C, H, W] or [N, C, H, W]; every leading plane is pooled
// on its own.

import { checkTensor, fail, type Tensor, type TensorLike } from './tensor';
import { effectiveKernel, slidingOutputSize } from '../arithmetic/output-size';
import { type IntOrPair, requireNonNegativeInt, toPair } from '../arithmetic/pair';

export interface MaxPool2dOptions {
  kernelSize: IntOrPair;
  /** Default: kernelSize. */
  stride?: IntOrPair | null;
  /** Implicit −∞ padding on both sides; at most half the kernel. Default 0. */
  padding?: IntOrPair;
  /** Default 1. */
  dilation?: IntOrPair;
  /** Round the output size up (a last, partial window) instead of down. Default false. */
  ceilMode?: boolean;
}

export interface AvgPool2dOptions {
  kernelSize: IntOrPair;
  /** Default: kernelSize. */
  stride?: IntOrPair | null;
  /** Implicit zero padding on both sides; at most half the kernel. Default 0. */
  padding?: IntOrPair;
  /** Default false. */
  ceilMode?: boolean;
  /** Count padding cells in the divisor (PyTorch default true). */
  countIncludePad?: boolean;
  /** Divide by this instead of the window size. */
  divisorOverride?: number | null;
}

/** Shapes and options of a pooling call, resolved and checked. */
export interface Pool2dGeometry {
  /** Number of independent [H, W] planes (product of the leading dimensions). */
  planes: number;
  height: number;
  width: number;
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  ceilMode: boolean;
  outHeight: number;
  outWidth: number;
  outputShape: number[];
}

/** Resolves and checks a pooling call's shapes and options (throws with the argument named). */
export function pool2dGeometry(
  inputShape: readonly number[],
  options: MaxPool2dOptions | AvgPool2dOptions,
  op: string,
): Pool2dGeometry {
  if (inputShape.length < 2 || inputShape.length > 4) {
    fail(`${op}: input must be [H, W], [C, H, W] or [N, C, H, W], got shape [${inputShape.join(', ')}]`);
  }
  if (inputShape.some((d) => d < 1)) fail(`${op}: input has an empty dimension, shape [${inputShape.join(', ')}]`);
  if (options === null || typeof options !== 'object' || options.kernelSize === undefined) {
    fail(`${op}: options.kernelSize is required`);
  }
  const kernel = toPair(op, 'kernelSize', options.kernelSize);
  const stride = toPair(op, 'stride', options.stride ?? kernel);
  const padding = toPair(op, 'padding', options.padding ?? 0, requireNonNegativeInt);
  const dilation = toPair(op, 'dilation', 'dilation' in options ? (options.dilation ?? 1) : 1);
  const ceilMode = options.ceilMode ?? false;
  if (padding[0] > Math.floor(kernel[0] / 2) || padding[1] > Math.floor(kernel[1] / 2)) {
    fail(
      `${op}: padding [${padding[0]}, ${padding[1]}] must be at most half of kernelSize ` +
        `[${kernel[0]}, ${kernel[1]}] (PyTorch's rule)`,
    );
  }
  const h = inputShape[inputShape.length - 2] as number;
  const w = inputShape[inputShape.length - 1] as number;
  const outHeight = slidingOutputSize(h, kernel[0], stride[0], padding[0], dilation[0], ceilMode);
  const outWidth = slidingOutputSize(w, kernel[1], stride[1], padding[1], dilation[1], ceilMode);
  if (outHeight < 1 || outWidth < 1) {
    fail(
      `${op}: kernelSize [${kernel[0]}, ${kernel[1]}] (dilation [${dilation[0]}, ${dilation[1]}]) is larger than the ` +
        `padded input ${h + 2 * padding[0]}x${w + 2 * padding[1]}: output would be ${outHeight}x${outWidth}`,
    );
  }
  let planes = 1;
  for (let i = 0; i < inputShape.length - 2; i++) planes *= inputShape[i] as number;
  return {
    planes,
    height: h,
    width: w,
    kernel,
    stride,
    padding,
    dilation,
    ceilMode,
    outHeight,
    outWidth,
    outputShape: [...inputShape.slice(0, -2), outHeight, outWidth],
  };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Integer tensor (flat indices). */
export interface IndexTensor {
  readonly shape: number[];
  readonly data: Int32Array;
}

/**
 * F.max_pool2d with return_indices=True. Padding acts as −∞. Ties go to the
 * first maximum in row-major order; a NaN wins (as in PyTorch). `indices` are
 * flat positions row·W + col within each input plane (−1 for an empty window).
 */
export function maxPool2dWithIndices(input: TensorLike, options: MaxPool2dOptions): { output: Tensor; indices: IndexTensor } {
  const op = 'maxPool2d';
  checkTensor(input, `${op}: input`);
  const g = pool2dGeometry(input.shape, options, op);
  const { height: H, width: W, outHeight: OH, outWidth: OW } = g;
  const [sh, sw] = g.stride;
  const [ph, pw] = g.padding;
  const [dh, dw] = g.dilation;
  const spanH = effectiveKernel(g.kernel[0], dh);
  const spanW = effectiveKernel(g.kernel[1], dw);
  const x = input.data;
  const out = new Float64Array(g.planes * OH * OW);
  const idx = new Int32Array(g.planes * OH * OW);
  for (let p = 0; p < g.planes; p++) {
    const inBase = p * H * W;
    for (let oy = 0; oy < OH; oy++) {
      let y0 = oy * sh - ph;
      const y1 = Math.min(y0 + spanH, H);
      while (y0 < 0) y0 += dh;
      for (let ox = 0; ox < OW; ox++) {
        let x0 = ox * sw - pw;
        const x1 = Math.min(x0 + spanW, W);
        while (x0 < 0) x0 += dw;
        let best = -Infinity;
        let bestIndex = y0 < y1 && x0 < x1 ? y0 * W + x0 : -1;
        for (let y = y0; y < y1; y += dh) {
          for (let xx = x0; xx < x1; xx += dw) {
            const v = x[inBase + y * W + xx] ?? 0;
            if (v > best || Number.isNaN(v)) {
              best = v;
              bestIndex = y * W + xx;
            }
          }
        }
        const k = (p * OH + oy) * OW + ox;
        out[k] = best;
        idx[k] = bestIndex;
      }
    }
  }
  return { output: { shape: g.outputShape, data: out }, indices: { shape: [...g.outputShape], data: idx } };
}

/** F.max_pool2d: the largest value in each window (padding counts as −∞). */
export function maxPool2d(input: TensorLike, options: MaxPool2dOptions): Tensor {
  return maxPool2dWithIndices(input, options).output;
}

/**
 * Backward of max pooling: each upstream gradient goes to its window's winner
 * (the argmax); overlapping windows that share a winner add up. Returns a
 * gradient shaped like the input.
 */
export function maxPool2dBackward(input: TensorLike, gradOutput: TensorLike, options: MaxPool2dOptions): Tensor {
  const op = 'maxPool2dBackward';
  checkTensor(gradOutput, `${op}: gradOutput`);
  const { output, indices } = maxPool2dWithIndices(input, options);
  if (!sameShape(gradOutput.shape, output.shape)) {
    fail(`${op}: gradOutput shape [${gradOutput.shape.join(', ')}] must equal the output shape [${output.shape.join(', ')}]`);
  }
  const H = input.shape[input.shape.length - 2] as number;
  const W = input.shape[input.shape.length - 1] as number;
  const perPlane = (output.shape[output.shape.length - 2] as number) * (output.shape[output.shape.length - 1] as number);
  const grad = new Float64Array(input.data.length);
  for (let k = 0; k < indices.data.length; k++) {
    const i = indices.data[k]!;
    if (i >= 0) grad[Math.floor(k / perPlane) * H * W + i]! += gradOutput.data[k] ?? 0;
  }
  return { shape: [...input.shape], data: grad };
}

/** One avg-pool window along an axis, as PyTorch computes it: the counted span and the clipped span. */
function avgSpan(o: number, stride: number, pad: number, kernel: number, size: number) {
  const start = o * stride - pad;
  const end = Math.min(start + kernel, size + pad); // ceil-mode overhang past the padding is not counted
  return { start, end, from: Math.max(start, 0), to: Math.min(end, size) };
}

function avgDivisor(
  rows: ReturnType<typeof avgSpan>,
  cols: ReturnType<typeof avgSpan>,
  countIncludePad: boolean,
  divisorOverride: number | null,
): number {
  if (divisorOverride !== null) return divisorOverride;
  if (countIncludePad) return (rows.end - rows.start) * (cols.end - cols.start);
  return (rows.to - rows.from) * (cols.to - cols.from);
}

/**
 * Visits every output of average pooling whose window holds at least one
 * input cell (PyTorch leaves the others 0): its flat index, the flat indices
 * of the input cells it averages, and what it divides their sum by. Forward
 * and backward both walk the windows this way.
 */
function forEachAvgWindow(
  g: Pool2dGeometry,
  options: AvgPool2dOptions,
  op: string,
  visit: (outIndex: number, cells: readonly number[], divisor: number) => void,
): void {
  const { countIncludePad, divisorOverride } = avgOptions(options, op);
  const { height: H, width: W, outHeight: OH, outWidth: OW } = g;
  for (let p = 0; p < g.planes; p++) {
    const inBase = p * H * W;
    for (let oy = 0; oy < OH; oy++) {
      const rows = avgSpan(oy, g.stride[0], g.padding[0], g.kernel[0], H);
      for (let ox = 0; ox < OW; ox++) {
        const cols = avgSpan(ox, g.stride[1], g.padding[1], g.kernel[1], W);
        if (rows.from >= rows.to || cols.from >= cols.to) continue;
        const cells: number[] = [];
        for (let y = rows.from; y < rows.to; y++) {
          for (let xx = cols.from; xx < cols.to; xx++) cells.push(inBase + y * W + xx);
        }
        visit((p * OH + oy) * OW + ox, cells, avgDivisor(rows, cols, countIncludePad, divisorOverride));
      }
    }
  }
}

function avgOptions(options: AvgPool2dOptions, op: string): { countIncludePad: boolean; divisorOverride: number | null } {
  const divisorOverride = options.divisorOverride ?? null;
  if (divisorOverride !== null && (!Number.isInteger(divisorOverride) || divisorOverride < 1)) {
    fail(`${op}: divisorOverride must be a positive integer, got ${String(divisorOverride)}`);
  }
  return { countIncludePad: options.countIncludePad ?? true, divisorOverride };
}

/**
 * F.avg_pool2d: the mean of each window. With countIncludePad (default) the
 * padding cells count in the divisor; in ceil mode the part of a last window
 * beyond the padding never counts (PyTorch's rule).
 */
export function avgPool2d(input: TensorLike, options: AvgPool2dOptions): Tensor {
  const op = 'avgPool2d';
  checkTensor(input, `${op}: input`);
  const g = pool2dGeometry(input.shape, options, op);
  const x = input.data;
  const out = new Float64Array(g.planes * g.outHeight * g.outWidth);
  forEachAvgWindow(g, options, op, (k, cells, divisor) => {
    let sum = 0;
    for (const i of cells) sum += x[i] ?? 0;
    out[k] = sum / divisor;
  });
  return { shape: g.outputShape, data: out };
}

/**
 * Backward of average pooling: each upstream gradient is spread evenly,
 * gradOutput / divisor to every input cell of its window (padding cells' shares
 * are dropped). `input` may be the input tensor or just its shape.
 */
export function avgPool2dBackward(
  input: TensorLike | readonly number[],
  gradOutput: TensorLike,
  options: AvgPool2dOptions,
): Tensor {
  const op = 'avgPool2dBackward';
  const inputShape = Array.isArray(input) ? (input as readonly number[]) : (input as TensorLike).shape;
  if (!Array.isArray(input)) checkTensor(input as TensorLike, `${op}: input`);
  checkTensor(gradOutput, `${op}: gradOutput`);
  const g = pool2dGeometry(inputShape, options, op);
  if (!sameShape(gradOutput.shape, g.outputShape)) {
    fail(`${op}: gradOutput shape [${gradOutput.shape.join(', ')}] must equal the output shape [${g.outputShape.join(', ')}]`);
  }
  const grad = new Float64Array(g.planes * g.height * g.width);
  forEachAvgWindow(g, options, op, (k, cells, divisor) => {
    const share = (gradOutput.data[k] ?? 0) / divisor;
    for (const i of cells) grad[i]! += share;
  });
  return { shape: [...inputShape], data: grad };
}

function globalShape(shape: readonly number[], op: string): { planes: number; size: number; outputShape: number[] } {
  if (shape.length < 2 || shape.length > 4) {
    fail(`${op}: input must be [H, W], [C, H, W] or [N, C, H, W], got shape [${shape.join(', ')}]`);
  }
  if (shape.some((d) => d < 1)) fail(`${op}: input has an empty dimension, shape [${shape.join(', ')}]`);
  const h = shape[shape.length - 2] as number;
  const w = shape[shape.length - 1] as number;
  return { planes: shape.reduce((a, b) => a * b, 1) / (h * w), size: h * w, outputShape: [...shape.slice(0, -2), 1, 1] };
}

/** Global average pooling (AdaptiveAvgPool2d(1)): [..., H, W] to [..., 1, 1], the mean of each plane. */
export function globalAvgPool2d(input: TensorLike): Tensor {
  const op = 'globalAvgPool2d';
  checkTensor(input, `${op}: input`);
  const { planes, size, outputShape } = globalShape(input.shape, op);
  const out = new Float64Array(planes);
  for (let p = 0; p < planes; p++) {
    let sum = 0;
    for (let i = p * size; i < (p + 1) * size; i++) sum += input.data[i] ?? 0;
    out[p] = sum / size;
  }
  return { shape: outputShape, data: out };
}

/** Backward of global average pooling: every cell of a plane gets gradOutput / (H·W). */
export function globalAvgPool2dBackward(input: TensorLike | readonly number[], gradOutput: TensorLike): Tensor {
  const op = 'globalAvgPool2dBackward';
  const inputShape = Array.isArray(input) ? (input as readonly number[]) : (input as TensorLike).shape;
  checkTensor(gradOutput, `${op}: gradOutput`);
  const { planes, size, outputShape } = globalShape(inputShape, op);
  if (!sameShape(gradOutput.shape, outputShape)) {
    fail(`${op}: gradOutput shape [${gradOutput.shape.join(', ')}] must equal the output shape [${outputShape.join(', ')}]`);
  }
  const grad = new Float64Array(planes * size);
  for (let p = 0; p < planes; p++) grad.fill((gradOutput.data[p] ?? 0) / size, p * size, (p + 1) * size);
  return { shape: [...inputShape], data: grad };
}

// ------------------------------------------------------------------ provenance

export interface PoolOutputIndex {
  row: number;
  col: number;
  /** Channel when the input is [C, H, W] or [N, C, H, W], default 0. */
  channel?: number;
  /** Batch index when the input is [N, C, H, W], default 0. */
  batch?: number;
}

/** One cell of a pooling window (in input coordinates, possibly outside the input). */
export interface PoolCell {
  row: number;
  col: number;
  /** The input value; −∞ (max) or 0 (avg) outside the input. */
  value: number;
  /** Outside the input: padding, or (ceil mode) past it. */
  isPadding: boolean;
}

export interface MaxPoolProvenance {
  batch: number;
  channel: number;
  row: number;
  col: number;
  /** The kernel's cells (dilated), row-major, including those in the padding. */
  cells: (PoolCell & { isWinner: boolean })[];
  /** The argmax: where the gradient of this output goes. Null only for an empty window. */
  winner: { row: number; col: number; value: number; index: number } | null;
  /** The output value (the winner's value). */
  value: number;
}

export interface AvgPoolProvenance {
  batch: number;
  channel: number;
  row: number;
  col: number;
  /**
   * The kernel's cells, row-major. `counted`: in the divisor (padding counts
   * with countIncludePad; a ceil-mode overhang past the padding never does).
   * `share`: the part of this output's gradient the cell receives (0 outside the input).
   */
  cells: (PoolCell & { counted: boolean; share: number })[];
  sum: number;
  divisor: number;
  /** 1 / divisor: what every input cell of the window gets of the upstream gradient. */
  share: number;
  value: number;
}

function planeOf(
  shape: readonly number[],
  index: PoolOutputIndex,
  op: string,
): { plane: number; channel: number; batch: number } {
  const { channel = 0, batch = 0 } = index;
  const channels = shape.length >= 3 ? (shape[shape.length - 3] as number) : 1;
  const batches = shape.length === 4 ? (shape[0] as number) : 1;
  if (!Number.isInteger(channel) || channel < 0 || channel >= channels) {
    fail(`${op}: channel ${String(channel)} is out of range [0, ${channels - 1}]`);
  }
  if (!Number.isInteger(batch) || batch < 0 || batch >= batches) {
    fail(`${op}: batch ${String(batch)} is out of range [0, ${batches - 1}]`);
  }
  return { plane: batch * channels + channel, channel, batch };
}

function checkOutputPosition(g: Pool2dGeometry, row: number, col: number, op: string): void {
  if (!Number.isInteger(row) || row < 0 || row >= g.outHeight)
    fail(`${op}: row ${String(row)} is out of range [0, ${g.outHeight - 1}]`);
  if (!Number.isInteger(col) || col < 0 || col >= g.outWidth)
    fail(`${op}: col ${String(col)} is out of range [0, ${g.outWidth - 1}]`);
}

/** The window behind one max-pool output and its winner (the cell the gradient flows to). */
export function maxPool2dProvenance(input: TensorLike, index: PoolOutputIndex, options: MaxPool2dOptions): MaxPoolProvenance {
  const op = 'maxPool2dProvenance';
  checkTensor(input, `${op}: input`);
  const g = pool2dGeometry(input.shape, options, op);
  const { plane, channel, batch } = planeOf(input.shape, index, op);
  const { row, col } = index;
  checkOutputPosition(g, row, col, op);
  const { height: H, width: W } = g;
  const top = row * g.stride[0] - g.padding[0];
  const left = col * g.stride[1] - g.padding[1];
  const cells: MaxPoolProvenance['cells'] = [];
  let winner: MaxPoolProvenance['winner'] = null;
  for (let ky = 0; ky < g.kernel[0]; ky++) {
    for (let kx = 0; kx < g.kernel[1]; kx++) {
      const y = top + ky * g.dilation[0];
      const x = left + kx * g.dilation[1];
      const isPadding = y < 0 || y >= H || x < 0 || x >= W;
      const value = isPadding ? -Infinity : (input.data[plane * H * W + y * W + x] ?? 0);
      // Same scan order and comparison as the forward pass, so the winner is its argmax.
      if (!isPadding && (winner === null || value > winner.value || Number.isNaN(value))) {
        winner = { row: y, col: x, value, index: y * W + x };
      }
      cells.push({ row: y, col: x, value, isPadding, isWinner: false });
    }
  }
  if (winner) {
    const w = winner;
    for (const c of cells) c.isWinner = c.row === w.row && c.col === w.col;
  }
  return { batch, channel, row, col, cells, winner, value: winner ? winner.value : -Infinity };
}

/** The window behind one average-pool output, its divisor and each input's share of the gradient. */
export function avgPool2dProvenance(input: TensorLike, index: PoolOutputIndex, options: AvgPool2dOptions): AvgPoolProvenance {
  const op = 'avgPool2dProvenance';
  checkTensor(input, `${op}: input`);
  const g = pool2dGeometry(input.shape, options, op);
  const { countIncludePad, divisorOverride } = avgOptions(options, op);
  const { plane, channel, batch } = planeOf(input.shape, index, op);
  const { row, col } = index;
  checkOutputPosition(g, row, col, op);
  const { height: H, width: W } = g;
  const rows = avgSpan(row, g.stride[0], g.padding[0], g.kernel[0], H);
  const cols = avgSpan(col, g.stride[1], g.padding[1], g.kernel[1], W);
  const empty = rows.from >= rows.to || cols.from >= cols.to;
  const divisor = avgDivisor(rows, cols, countIncludePad, divisorOverride);
  const share = empty ? 0 : 1 / divisor;
  const cells: AvgPoolProvenance['cells'] = [];
  let sum = 0;
  for (let y = rows.start; y < rows.start + g.kernel[0]; y++) {
    for (let x = cols.start; x < cols.start + g.kernel[1]; x++) {
      const isPadding = y < 0 || y >= H || x < 0 || x >= W;
      const inDivisorSpan = y < rows.end && x < cols.end;
      const value = isPadding ? 0 : (input.data[plane * H * W + y * W + x] ?? 0);
      if (!isPadding) sum += value;
      cells.push({
        row: y,
        col: x,
        value,
        isPadding,
        counted: divisorOverride === null ? (countIncludePad ? inDivisorSpan : !isPadding) : !isPadding,
        share: isPadding ? 0 : share,
      });
    }
  }
  return { batch, channel, row, col, cells, sum, divisor, share, value: empty ? 0 : sum / divisor };
}
