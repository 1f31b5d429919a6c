// Convolution and pooling over one or three spatial axes with PyTorch's
// semantics (F.conv1d, F.conv3d, F.max_pool1d/3d, F.avg_pool1d/3d), in plain
// TypeScript: the same sliding window as conv2d.ts, with one size per axis.
// One loop serves every rank, so 1-D and 3-D cannot disagree about padding,
// stride or dilation; tests check both against PyTorch.

import { toSizes, type IntOrSizes } from '../arithmetic/conv-nd';
import { slidingOutputSize } from '../arithmetic/output-size';
import { requireNonNegativeInt } from '../arithmetic/pair';
import { checkTensor, fail, makeTensor, numel, type Tensor, type TensorLike } from './tensor';

export interface ConvNdOptions {
  /** One value per output channel, or null/undefined for none. */
  bias?: ArrayLike<number> | null;
  /** One number for every axis, or one per axis. Default 1. */
  stride?: IntOrSizes;
  /** Zeros on each side of each axis. Default 0. */
  padding?: IntOrSizes;
  dilation?: IntOrSizes;
  /** Must divide C_in and C_out; groups = C_in is a depthwise convolution. */
  groups?: number;
}

export interface PoolNdOptions {
  kernelSize: IntOrSizes;
  /** Defaults to the kernel size, as in PyTorch. */
  stride?: IntOrSizes;
  padding?: IntOrSizes;
  ceilMode?: boolean;
}

export interface AvgPoolNdOptions extends PoolNdOptions {
  /** PyTorch's default, true: padded zeros count in the divisor. */
  countIncludePad?: boolean;
}

const FORMS: Record<number, string> = { 1: 'L', 3: 'D, H, W' };

/** [N, C, ...spatial] of the input, adding N = 1 when it has no batch axis. */
function batchedShape(op: string, rank: number, input: TensorLike): { batched: boolean; shape: number[] } {
  checkTensor(input, `${op}: input`);
  const n = input.shape.length;
  if (n !== rank + 1 && n !== rank + 2) {
    fail(`${op}: input must be [C, ${FORMS[rank]}] or [N, C, ${FORMS[rank]}], got shape [${input.shape.join(', ')}]`);
  }
  return { batched: n === rank + 2, shape: n === rank + 2 ? [...input.shape] : [1, ...input.shape] };
}

/** Every index of a box of these sizes, in row-major order. */
function* positions(sizes: readonly number[]): Generator<number[]> {
  const total = numel(sizes);
  const index = sizes.map(() => 0);
  for (let i = 0; i < total; i++) {
    yield [...index];
    for (let a = sizes.length - 1; a >= 0; a--) {
      if (++index[a]! < sizes[a]!) break;
      index[a] = 0;
    }
  }
}

const flatIndex = (index: readonly number[], sizes: readonly number[]): number =>
  index.reduce((acc, i, a) => acc * sizes[a]! + i, 0);

function outputSizes(op: string, spatial: number[], k: number[], s: number[], p: number[], d: number[], ceil: boolean): number[] {
  const out = spatial.map((n, a) => slidingOutputSize(n, k[a]!, s[a]!, p[a]!, d[a]!, ceil));
  if (out.some((o) => o < 1)) {
    fail(`${op}: kernel ${k.join('x')} does not fit the padded input ${spatial.map((n, a) => n + 2 * p[a]!).join('x')}`);
  }
  return out;
}

function convNd(op: string, rank: number, input: TensorLike, weight: TensorLike, options: ConvNdOptions): Tensor {
  const { batched, shape } = batchedShape(op, rank, input);
  checkTensor(weight, `${op}: weight`);
  if (weight.shape.length !== rank + 2) {
    fail(`${op}: weight must be [C_out, C_in / groups, ${FORMS[rank]}], got shape [${weight.shape.join(', ')}]`);
  }
  const [batch = 1, cin = 1, ...spatial] = shape;
  const [cout = 1, cinPerGroup = 1, ...kernel] = weight.shape;
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1 || cin % groups !== 0 || cout % groups !== 0) {
    fail(`${op}: groups=${String(groups)} must be a positive integer dividing ${cin} input and ${cout} output channels`);
  }
  if (cinPerGroup * groups !== cin) {
    fail(`${op}: channel mismatch: input has ${cin} channels but weight expects ${cinPerGroup * groups}`);
  }
  const bias = options.bias ?? null;
  if (bias !== null && bias.length !== cout) fail(`${op}: bias has ${bias.length} values but weight has ${cout} output channels`);
  const s = toSizes(op, 'stride', options.stride ?? 1, rank);
  const p = toSizes(op, 'padding', options.padding ?? 0, rank, requireNonNegativeInt);
  const d = toSizes(op, 'dilation', options.dilation ?? 1, rank);
  const outSpatial = outputSizes(op, spatial, kernel, s, p, d, false);
  const coutPerGroup = cout / groups;
  const out = makeTensor([batch, cout, ...outSpatial]);
  const inBox = numel(spatial);
  const kBox = numel(kernel);
  const kernelPositions = [...positions(kernel)];
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let oc = 0; oc < cout; oc++) {
      const g = Math.floor(oc / coutPerGroup);
      for (const at of positions(outSpatial)) {
        let sum = bias === null ? 0 : bias[oc]!;
        for (let ic = 0; ic < cinPerGroup; ic++) {
          const inBase = (b * cin + g * cinPerGroup + ic) * inBox;
          const wBase = (oc * cinPerGroup + ic) * kBox;
          kernelPositions.forEach((kk, j) => {
            const where = at.map((x, a) => x * s[a]! - p[a]! + kk[a]! * d[a]!);
            if (where.some((x, a) => x < 0 || x >= spatial[a]!)) return;
            sum += input.data[inBase + flatIndex(where, spatial)]! * weight.data[wBase + j]!;
          });
        }
        out.data[o++] = sum;
      }
    }
  }
  return batched ? out : makeTensor(out.shape.slice(1), out.data);
}

function poolNd(op: string, rank: number, input: TensorLike, options: AvgPoolNdOptions, kind: 'max' | 'avg'): Tensor {
  const { batched, shape } = batchedShape(op, rank, input);
  const [batch = 1, channels = 1, ...spatial] = shape;
  const k = toSizes(op, 'kernelSize', options.kernelSize, rank);
  const s = toSizes(op, 'stride', options.stride ?? options.kernelSize, rank);
  const p = toSizes(op, 'padding', options.padding ?? 0, rank, requireNonNegativeInt);
  if (p.some((v, a) => v > k[a]! / 2)) fail(`${op}: padding must be at most half the kernel size`);
  const ones = k.map(() => 1);
  const outSpatial = outputSizes(op, spatial, k, s, p, ones, options.ceilMode ?? false);
  const countIncludePad = options.countIncludePad ?? true;
  const out = makeTensor([batch, channels, ...outSpatial]);
  const box = numel(spatial);
  let o = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const base = plane * box;
    for (const at of positions(outSpatial)) {
      // ATen: the window [start, end) is cut at the padded edge for the divisor, then at the input.
      const start = at.map((x, a) => x * s[a]! - p[a]!);
      const padEnd = start.map((x, a) => Math.min(x + k[a]!, spatial[a]! + p[a]!));
      const lo = start.map((x) => Math.max(x, 0));
      const hi = padEnd.map((x, a) => Math.min(x, spatial[a]!));
      let acc = kind === 'max' ? -Infinity : 0;
      for (const offset of positions(hi.map((h, a) => h - lo[a]!))) {
        const v =
          input.data[
            base +
              flatIndex(
                offset.map((x, a) => x + lo[a]!),
                spatial,
              )
          ]!;
        acc = kind === 'max' ? (v > acc || Number.isNaN(v) ? v : acc) : acc + v;
      }
      if (kind === 'avg') {
        const divisor = countIncludePad
          ? padEnd.reduce((n, e, a) => n * (e - start[a]!), 1)
          : hi.reduce((n, e, a) => n * (e - lo[a]!), 1);
        acc /= divisor;
      }
      out.data[o++] = acc;
    }
  }
  return batched ? out : makeTensor(out.shape.slice(1), out.data);
}

/** F.conv1d: input [C, L] or [N, C, L], weight [C_out, C_in / groups, K]. */
export function conv1d(input: TensorLike, weight: TensorLike, options: ConvNdOptions = {}): Tensor {
  return convNd('conv1d', 1, input, weight, options);
}

/** F.conv3d: input [C, D, H, W] or [N, C, D, H, W], weight [C_out, C_in / groups, kD, kH, kW]. */
export function conv3d(input: TensorLike, weight: TensorLike, options: ConvNdOptions = {}): Tensor {
  return convNd('conv3d', 3, input, weight, options);
}

/** F.max_pool1d on [C, L] or [N, C, L]; padding counts as -inf. */
export function maxPool1d(input: TensorLike, options: PoolNdOptions): Tensor {
  return poolNd('maxPool1d', 1, input, options, 'max');
}

/** F.avg_pool1d on [C, L] or [N, C, L], with PyTorch's divisor. */
export function avgPool1d(input: TensorLike, options: AvgPoolNdOptions): Tensor {
  return poolNd('avgPool1d', 1, input, options, 'avg');
}

/** F.max_pool3d on [C, D, H, W] or [N, C, D, H, W]; padding counts as -inf. */
export function maxPool3d(input: TensorLike, options: PoolNdOptions): Tensor {
  return poolNd('maxPool3d', 3, input, options, 'max');
}

/** F.avg_pool3d on [C, D, H, W] or [N, C, D, H, W], with PyTorch's divisor. */
export function avgPool3d(input: TensorLike, options: AvgPoolNdOptions): Tensor {
  return poolNd('avgPool3d', 3, input, options, 'avg');
}
