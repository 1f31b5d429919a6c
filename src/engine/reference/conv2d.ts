// 2-D convolution with PyTorch's semantics (F.conv2d: cross-correlation, zero
// padding, stride, dilation, groups, optional bias), in plain TypeScript on
// typed arrays, plus the provenance of a single output value for figures that
// show "the sum of products" behind it.

import { checkTensor, fail, reshape, type Tensor, type TensorLike } from './tensor';
import { formatDecimal } from '../arithmetic/format';
import { effectiveKernel, slidingOutputSize } from '../arithmetic/output-size';
import { type IntOrPair, requireNonNegativeInt, toPair } from '../arithmetic/pair';

/** Zero padding: an int or [h, w] applied on both sides, or PyTorch's 'valid' (0) and 'same' (stride 1 only). */
export type Conv2dPadding = IntOrPair | 'valid' | 'same';

export interface Conv2dOptions {
  /** One value per output channel (length C_out), or null/undefined for none. */
  bias?: ArrayLike<number> | TensorLike | null;
  /** Default 1. */
  stride?: IntOrPair;
  /** Default 0. */
  padding?: Conv2dPadding;
  /** Default 1. */
  dilation?: IntOrPair;
  /** Default 1. Must divide C_in and C_out; groups = C_in is a depthwise convolution. */
  groups?: number;
}

/** Everything about one conv2d call's shapes, resolved and checked. */
export interface Conv2dGeometry {
  /** Whether the input had a batch dimension ([N, C, H, W]). */
  batched: boolean;
  batch: number;
  inChannels: number;
  height: number;
  width: number;
  outChannels: number;
  groups: number;
  inChannelsPerGroup: number;
  outChannelsPerGroup: number;
  kernelHeight: number;
  kernelWidth: number;
  stride: [number, number];
  dilation: [number, number];
  /** Zero padding on each side; top/left and bottom/right differ only for 'same' with an even dilated kernel. */
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
  outHeight: number;
  outWidth: number;
  outputShape: number[];
}

function isTensorLike(v: unknown): v is TensorLike {
  return typeof v === 'object' && v !== null && 'shape' in v && 'data' in v;
}

/** The bias as a plain array-like, checked against C_out. */
function biasValues(bias: Conv2dOptions['bias'], outChannels: number, op: string): ArrayLike<number> | null {
  if (bias === null || bias === undefined) return null;
  let values: ArrayLike<number>;
  if (isTensorLike(bias)) {
    checkTensor(bias, `${op}: bias`);
    values = bias.data;
  } else {
    values = bias;
  }
  if (values.length !== outChannels) {
    fail(`${op}: bias has ${values.length} values but weight has ${outChannels} output channels (weight.shape[0])`);
  }
  return values;
}

/** Resolves and checks the shapes and options of a conv2d call (throws with the argument named). */
export function conv2dGeometry(
  inputShape: readonly number[],
  weightShape: readonly number[],
  options: Conv2dOptions = {},
  op = 'conv2d',
): Conv2dGeometry {
  if (inputShape.length !== 3 && inputShape.length !== 4) {
    fail(`${op}: input must be [C, H, W] or [N, C, H, W], got shape [${inputShape.join(', ')}]`);
  }
  if (weightShape.length !== 4) {
    fail(`${op}: weight must be [C_out, C_in / groups, kH, kW], got shape [${weightShape.join(', ')}]`);
  }
  const batched = inputShape.length === 4;
  const [batch, inChannels, height, width] = (batched ? inputShape : [1, ...inputShape]) as [number, number, number, number];
  const [outChannels, inChannelsPerGroup, kernelHeight, kernelWidth] = weightShape as [number, number, number, number];
  if (batch < 1 || inChannels < 1 || height < 1 || width < 1) {
    fail(`${op}: input has an empty dimension, shape [${inputShape.join(', ')}]`);
  }
  if (outChannels < 1 || inChannelsPerGroup < 1 || kernelHeight < 1 || kernelWidth < 1) {
    fail(`${op}: weight has an empty dimension, shape [${weightShape.join(', ')}]`);
  }
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) fail(`${op}: groups must be a positive integer, got ${String(groups)}`);
  if (inChannels % groups !== 0) {
    fail(`${op}: groups=${groups} must divide the input channels, but input has ${inChannels} channels`);
  }
  if (outChannels % groups !== 0) {
    fail(`${op}: groups=${groups} must divide the output channels, but weight has ${outChannels} (weight.shape[0])`);
  }
  if (inChannelsPerGroup * groups !== inChannels) {
    fail(
      `${op}: channel mismatch: input has ${inChannels} channels but weight expects ${inChannelsPerGroup * groups} ` +
        `(weight.shape[1]=${inChannelsPerGroup} × groups=${groups})`,
    );
  }
  const stride = toPair(op, 'stride', options.stride ?? 1);
  const dilation = toPair(op, 'dilation', options.dilation ?? 1);
  const effH = effectiveKernel(kernelHeight, dilation[0]);
  const effW = effectiveKernel(kernelWidth, dilation[1]);
  const padding = options.padding ?? 0;
  let padTop: number, padBottom: number, padLeft: number, padRight: number;
  if (padding === 'valid') {
    padTop = padBottom = padLeft = padRight = 0;
  } else if (padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) {
      fail(`${op}: padding='same' needs stride 1, got stride [${stride[0]}, ${stride[1]}]`);
    }
    // PyTorch: total d(k-1), the smaller half on the top/left, the extra one at the bottom/right.
    padTop = Math.floor((effH - 1) / 2);
    padBottom = effH - 1 - padTop;
    padLeft = Math.floor((effW - 1) / 2);
    padRight = effW - 1 - padLeft;
  } else if (typeof padding === 'string') {
    fail(`${op}: padding must be a number, a [height, width] pair, 'valid' or 'same', got '${padding}'`);
  } else {
    [padTop, padLeft] = toPair(op, 'padding', padding, requireNonNegativeInt);
    padBottom = padTop;
    padRight = padLeft;
  }
  const paddedH = height + padTop + padBottom;
  const paddedW = width + padLeft + padRight;
  if (effH > paddedH || effW > paddedW) {
    const dilated = dilation[0] === 1 && dilation[1] === 1 ? '' : ` (${effH}x${effW} with dilation)`;
    fail(
      `${op}: kernel ${kernelHeight}x${kernelWidth}${dilated} is larger than the padded input ` +
        `${paddedH}x${paddedW} (input ${height}x${width} plus padding)`,
    );
  }
  const outHeight = slidingOutputSize(paddedH, kernelHeight, stride[0], 0, dilation[0]);
  const outWidth = slidingOutputSize(paddedW, kernelWidth, stride[1], 0, dilation[1]);
  return {
    batched,
    batch,
    inChannels,
    height,
    width,
    outChannels,
    groups,
    inChannelsPerGroup,
    outChannelsPerGroup: outChannels / groups,
    kernelHeight,
    kernelWidth,
    stride,
    dilation,
    padTop,
    padBottom,
    padLeft,
    padRight,
    outHeight,
    outWidth,
    outputShape: batched ? [batch, outChannels, outHeight, outWidth] : [outChannels, outHeight, outWidth],
  };
}

function asFloat64(data: ArrayLike<number>): Float64Array {
  return data instanceof Float64Array ? data : Float64Array.from(data);
}

/**
 * out[o + k] += a · x[i + k·step] for k < n: one kernel tap over one output row.
 * A small function of its own gets optimised by V8 early, which keeps the first
 * (cold) call on a 512x512 image fast, not just the later ones.
 */
function axpy(out: Float64Array, o: number, x: Float64Array, i: number, step: number, n: number, a: number): void {
  if (step === 1) {
    for (let k = 0; k < n; k++) out[o + k]! += a * x[i + k]!;
  } else {
    for (let k = 0; k < n; k++) out[o + k]! += a * x[i + k * step]!;
  }
}

/**
 * F.conv2d: input [C_in, H, W] or [N, C_in, H, W], weight [C_out, C_in / groups, kH, kW].
 * Returns [C_out, H_out, W_out] (or with the batch). Each output is the sum of
 * products over (input channel, kernel row, kernel column) in that order, plus the bias.
 */
export function conv2d(input: TensorLike, weight: TensorLike, options: Conv2dOptions = {}): Tensor {
  checkTensor(input, 'conv2d: input');
  checkTensor(weight, 'conv2d: weight');
  const g = conv2dGeometry(input.shape, weight.shape, options);
  const bias = biasValues(options.bias, g.outChannels, 'conv2d');
  const x = asFloat64(input.data);
  const w = asFloat64(weight.data);
  const { height: H, width: W, outHeight: OH, outWidth: OW, kernelHeight: KH, kernelWidth: KW } = g;
  const [sh, sw] = g.stride;
  const [dh, dw] = g.dilation;
  const out = new Float64Array(g.batch * g.outChannels * OH * OW);
  const planeIn = H * W;
  const planeOut = OH * OW;

  // Valid output-column range for each kernel column: 0 <= ox*sw + kx*dw - padLeft < W.
  const oxFrom = new Int32Array(KW);
  const oxTo = new Int32Array(KW);
  for (let kx = 0; kx < KW; kx++) {
    const shift = kx * dw - g.padLeft;
    oxFrom[kx] = Math.max(0, Math.ceil(-shift / sw));
    oxTo[kx] = Math.min(OW, Math.floor((W - 1 - shift) / sw) + 1);
  }

  for (let n = 0; n < g.batch; n++) {
    for (let oc = 0; oc < g.outChannels; oc++) {
      const group = Math.floor(oc / g.outChannelsPerGroup);
      const outBase = (n * g.outChannels + oc) * planeOut;
      for (let icg = 0; icg < g.inChannelsPerGroup; icg++) {
        const inBase = (n * g.inChannels + group * g.inChannelsPerGroup + icg) * planeIn;
        const wBase = (oc * g.inChannelsPerGroup + icg) * KH * KW;
        for (let ky = 0; ky < KH; ky++) {
          for (let kx = 0; kx < KW; kx++) {
            const wv = w[wBase + ky * KW + kx]!;
            const from = oxFrom[kx]!;
            const to = oxTo[kx]!;
            if (from >= to) continue;
            const colShift = kx * dw - g.padLeft;
            for (let oy = 0; oy < OH; oy++) {
              const iy = oy * sh + ky * dh - g.padTop;
              if (iy < 0 || iy >= H) continue;
              axpy(out, outBase + oy * OW + from, x, inBase + iy * W + colShift + from * sw, sw, to - from, wv);
            }
          }
        }
      }
      if (bias) {
        const b = bias[oc] ?? 0;
        for (let k = outBase; k < outBase + planeOut; k++) out[k]! += b;
      }
    }
  }
  return { shape: g.outputShape, data: out };
}

/**
 * A single-channel convenience for the kernel playground: image [H, W] and
 * kernel [kH, kW] give [H_out, W_out] (same semantics as conv2d).
 */
export function convolve2d(
  image: TensorLike,
  kernel: TensorLike,
  options: Omit<Conv2dOptions, 'groups' | 'bias'> & { bias?: number } = {},
): Tensor {
  checkTensor(image, 'convolve2d: image');
  checkTensor(kernel, 'convolve2d: kernel');
  if (image.shape.length !== 2) fail(`convolve2d: image must be [H, W], got shape [${image.shape.join(', ')}]`);
  if (kernel.shape.length !== 2) fail(`convolve2d: kernel must be [kH, kW], got shape [${kernel.shape.join(', ')}]`);
  const { bias, ...rest } = options;
  const y = conv2d(reshape(image, [1, ...image.shape]), reshape(kernel, [1, 1, ...kernel.shape]), {
    ...rest,
    bias: bias === undefined ? null : [bias],
  });
  return { shape: y.shape.slice(1), data: y.data };
}

/** One term of the sum behind an output value. */
export interface ConvTerm {
  inputChannel: number;
  /** Row in the input; negative or >= H when the term falls in the zero padding. */
  inputRow: number;
  inputCol: number;
  kernelRow: number;
  kernelCol: number;
  /** 0 in the padding. */
  inputValue: number;
  weight: number;
  product: number;
  isPadding: boolean;
}

export interface ConvOutputIndex {
  /** Output channel, default 0. */
  outChannel?: number;
  row: number;
  col: number;
  /** Batch index when the input is [N, C, H, W], default 0. */
  batch?: number;
}

/** How one output value of conv2d was made. */
export interface ConvProvenance {
  batch: number;
  outChannel: number;
  row: number;
  col: number;
  group: number;
  /** The input channels this output reads (its group). */
  inputChannels: number[];
  /** The receptive field in input coordinates (inclusive), possibly reaching into the padding. */
  window: { top: number; left: number; bottom: number; right: number };
  /** Ordered by input channel, kernel row, kernel column (the order conv2d sums in). */
  terms: ConvTerm[];
  sumOfProducts: number;
  hasBias: boolean;
  /** 0 when there is no bias. */
  bias: number;
  /** sumOfProducts + bias: equal to conv2d's output at this position. */
  sum: number;
}

function checkIndex(value: number, size: number, what: string, op: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= size) {
    fail(`${op}: ${what} ${String(value)} is out of range [0, ${size - 1}]`);
  }
}

/** The terms, bias and sum behind conv2d's output at (outChannel, row, col). */
export function conv2dProvenance(
  input: TensorLike,
  weight: TensorLike,
  index: ConvOutputIndex,
  options: Conv2dOptions = {},
): ConvProvenance {
  const op = 'conv2dProvenance';
  checkTensor(input, `${op}: input`);
  checkTensor(weight, `${op}: weight`);
  const g = conv2dGeometry(input.shape, weight.shape, options, op);
  const bias = biasValues(options.bias, g.outChannels, op);
  const { outChannel = 0, row, col, batch = 0 } = index;
  checkIndex(batch, g.batch, 'batch', op);
  checkIndex(outChannel, g.outChannels, 'outChannel', op);
  checkIndex(row, g.outHeight, 'row', op);
  checkIndex(col, g.outWidth, 'col', op);
  const group = Math.floor(outChannel / g.outChannelsPerGroup);
  const top = row * g.stride[0] - g.padTop;
  const left = col * g.stride[1] - g.padLeft;
  const terms: ConvTerm[] = [];
  const inputChannels: number[] = [];
  let sumOfProducts = 0;
  for (let icg = 0; icg < g.inChannelsPerGroup; icg++) {
    const ic = group * g.inChannelsPerGroup + icg;
    inputChannels.push(ic);
    for (let ky = 0; ky < g.kernelHeight; ky++) {
      for (let kx = 0; kx < g.kernelWidth; kx++) {
        const iy = top + ky * g.dilation[0];
        const ix = left + kx * g.dilation[1];
        const isPadding = iy < 0 || iy >= g.height || ix < 0 || ix >= g.width;
        const inputValue = isPadding ? 0 : (input.data[((batch * g.inChannels + ic) * g.height + iy) * g.width + ix] ?? 0);
        const w = weight.data[((outChannel * g.inChannelsPerGroup + icg) * g.kernelHeight + ky) * g.kernelWidth + kx] ?? 0;
        const product = inputValue * w;
        if (!isPadding) sumOfProducts += product;
        terms.push({
          inputChannel: ic,
          inputRow: iy,
          inputCol: ix,
          kernelRow: ky,
          kernelCol: kx,
          inputValue,
          weight: w,
          product,
          isPadding,
        });
      }
    }
  }
  const b = bias ? (bias[outChannel] ?? 0) : 0;
  return {
    batch,
    outChannel,
    row,
    col,
    group,
    inputChannels,
    window: {
      top,
      left,
      bottom: top + (g.kernelHeight - 1) * g.dilation[0],
      right: left + (g.kernelWidth - 1) * g.dilation[1],
    },
    terms,
    sumOfProducts,
    hasBias: bias !== null,
    bias: b,
    sum: bias ? sumOfProducts + b : sumOfProducts,
  };
}

/**
 * The provenance as one line, e.g. "1·1 + 0·0 + 1·1 + … = 4" (products in term
 * order, negative factors in parentheses, the bias last when there is one).
 */
export function formatConvProvenance(p: ConvProvenance, digits = 3): string {
  const factor = (v: number) => {
    const s = formatDecimal(v, digits);
    return s.startsWith('−') ? `(${s})` : s;
  };
  const parts = p.terms.map((t) => `${factor(t.inputValue)}·${factor(t.weight)}`);
  if (p.hasBias) parts.push(factor(p.bias));
  return `${parts.join(' + ')} = ${formatDecimal(p.sum, digits)}`;
}
