// How big a feature map comes out of a convolution or a pooling layer, with
// PyTorch's rules (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d):
//
//   out = ⌊(n + 2p − d·(k − 1) − 1) / s⌋ + 1
//
// The *Steps functions also return every intermediate term so that a figure
// can print the formula evaluated step by step, e.g. "⌊(7 + 2·0 − 3)/1⌋ + 1 = 5".

import { booleanOr, hwShape, type IntOrPair, requireNonNegativeInt, toPair, requirePositiveInt } from './pair';

/** One axis of a convolution, as nn.Conv2d takes it (stride 1, padding 0, dilation 1 by default). */
export interface ConvAxis {
  readonly kernel: number;
  readonly stride?: number;
  /** A number of zeros on each side, or PyTorch's 'same' (stride 1, odd span only) / 'valid' (= 0). */
  readonly padding?: number | 'same' | 'valid';
  readonly dilation?: number;
}

/** One axis of a pooling window, as nn.MaxPool2d takes it: the stride defaults to the kernel. */
export interface PoolAxis {
  readonly kernel: number;
  /** Defaults to the kernel, as in PyTorch (non-overlapping windows). */
  readonly stride?: number;
  /** At most ⌊kernel/2⌋, as PyTorch requires of pooling. */
  readonly padding?: number;
  /** Only nn.MaxPool2d has dilation; leave it at 1 for average pooling. */
  readonly dilation?: number;
  /** Round the division up instead of down, so a last partial window is kept (see droppedLastWindow). */
  readonly ceilMode?: boolean;
}

/** A 2-D convolution window: each field is one number for both axes or [height, width]. */
export interface Conv2dWindow {
  readonly kernel: IntOrPair;
  readonly stride?: IntOrPair;
  readonly padding?: IntOrPair | 'same' | 'valid';
  readonly dilation?: IntOrPair;
}

/** A 2-D pooling window: each field is one number for both axes or [height, width]. */
export interface Pool2dWindow {
  readonly kernel: IntOrPair;
  readonly stride?: IntOrPair;
  readonly padding?: IntOrPair;
  readonly dilation?: IntOrPair;
  readonly ceilMode?: boolean;
}

/** The output-size formula evaluated term by term, for a figure or a worked example in prose. */
export interface OutputSizeSteps {
  /** n: the input size along this axis. */
  readonly input: number;
  /** k, s, p, d as used (defaults filled in, 'same' resolved to a number). */
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
  readonly ceilMode: boolean;
  /** n + 2p: the input with its zero border. */
  readonly paddedSize: number;
  /** d·(k − 1) + 1: how many input positions one window spans (its effective kernel size). */
  readonly span: number;
  /** n + 2p − span: how far the window can slide from its first position. */
  readonly numerator: number;
  /** numerator / s before rounding (may be fractional: the last stride does not fit exactly). */
  readonly quotient: number;
  /** ⌊quotient⌋, or ⌈quotient⌉ in ceil mode: how many strides the window takes after the first position. */
  readonly rounded: number;
  /** Ceil mode only: true when PyTorch drops the last window because it would start in the right padding. */
  readonly droppedLastWindow: boolean;
  /** Where the last kept window starts, in input coordinates (negative: inside the left padding). */
  readonly lastWindowStart: number;
  /** The output size. */
  readonly output: number;
  /** The formula with the numbers filled in, e.g. "⌊(7 + 2·0 − 3)/1⌋ + 1 = 5". */
  readonly formula: string;
  /** How the span was obtained, e.g. "2·(3 − 1) + 1 = 5" (just "3" without dilation). */
  readonly spanFormula: string;
}

/** The effective kernel size d·(k − 1) + 1: a dilated 3×3 with d = 2 spans 5 input pixels. */
export function effectiveKernel(kernel: number, dilation = 1): number {
  requirePositiveInt('effectiveKernel', 'kernel', kernel);
  requirePositiveInt('effectiveKernel', 'dilation', dilation);
  return spanOf(kernel, dilation);
}

function spanOf(kernel: number, dilation: number): number {
  return dilation * (kernel - 1) + 1;
}

/**
 * The padding that keeps the size at stride 1 ('same'): d·(k − 1)/2 on each side.
 * An even span (e.g. a 2×2 or 4×4 kernel) cannot be padded symmetrically, so this throws.
 */
export function samePadding(kernel: number, dilation = 1): number {
  requirePositiveInt('samePadding', 'kernel', kernel);
  requirePositiveInt('samePadding', 'dilation', dilation);
  return samePaddingFor('samePadding', '', kernel, dilation);
}

function samePaddingFor(where: string, axis: string, kernel: number, dilation: number): number {
  const total = dilation * (kernel - 1);
  if (total % 2 !== 0) {
    const span = total + 1;
    const dilated = dilation === 1 ? '' : ` (dilation ${dilation})`;
    throw new RangeError(
      `${where}: kernel${axis} ${kernel}${dilated} spans ${span} pixels, an even number, so symmetric 'same' padding ` +
        `is impossible: it would need ${total / 2} zeros on each side (PyTorch pads ${Math.floor(total / 2)} before ` +
        `and ${total - Math.floor(total / 2)} after); use an odd kernel`,
    );
  }
  return total / 2;
}

const MINUS = '\u2212';

/** One axis of a sliding window, already-checked integers. */
type AxisWindow = [input: number, kernel: number, stride: number, padding: number, dilation: number, ceilMode: boolean];

/** The formula's terms; `output` below 1 means no window fits. */
function slidingWindow(...[input, kernel, stride, padding, dilation, ceilMode]: AxisWindow) {
  const paddedSize = input + 2 * padding;
  const span = spanOf(kernel, dilation);
  const numerator = paddedSize - span;
  const quotient = numerator / stride;
  // PyTorch (pooling_output_shape): ceil mode adds s − 1 before an integer floor, i.e. rounds up.
  const rounded = ceilMode ? Math.ceil(quotient) : Math.floor(quotient);
  // PyTorch's ceil-mode rule: the last window must start inside the input or the left padding.
  const droppedLastWindow = ceilMode && rounded * stride >= input + padding;
  const output = rounded + 1 - (droppedLastWindow ? 1 : 0);
  return { paddedSize, span, numerator, quotient, rounded, droppedLastWindow, output };
}

/**
 * The output size along one axis for already-checked integers, the formula
 * every module uses (spec rules, reference ops, the tfjs builder); below 1
 * when no window fits, so the caller can say why in its own words.
 */
export function slidingOutputSize(
  input: number,
  kernel: number,
  stride: number,
  padding: number,
  dilation = 1,
  ceilMode = false,
): number {
  return slidingWindow(input, kernel, stride, padding, dilation, ceilMode).output;
}

/**
 * The shared core, for already-checked integers (other modules call it with their own `where`).
 * `axis` names the axis in messages (' (height)' or '').
 */
export function slidingStepsFor(where: string, axis: string, ...window: AxisWindow): OutputSizeSteps {
  const [input, kernel, stride, padding, dilation, ceilMode] = window;
  const { paddedSize, span, numerator, quotient, rounded, droppedLastWindow, output } = slidingWindow(...window);
  // No window fits (in floor mode this is exactly n + 2p < span; ceil mode lets the last window hang
  // over the end, as PyTorch does, so there only an empty output is an error).
  if (output < 1) {
    const dilated = dilation === 1 ? '' : ` (dilated to ${span} by dilation ${dilation})`;
    throw new RangeError(
      `${where}: kernel${axis} ${kernel}${dilated} is larger than the padded input${axis} ${paddedSize} ` +
        `(input ${input} + 2·padding ${padding})`,
    );
  }
  const [open, close] = ceilMode ? ['\u2308', '\u2309'] : ['\u230A', '\u230B'];
  const drop = droppedLastWindow ? ` ${MINUS} 1` : '';
  const formula = `${open}(${input} + 2·${padding} ${MINUS} ${span})/${stride}${close} + 1${drop} = ${output}`;
  const spanFormula = dilation === 1 ? `${span}` : `${dilation}·(${kernel} ${MINUS} 1) + 1 = ${span}`;
  return {
    input,
    kernel,
    stride,
    padding,
    dilation,
    ceilMode,
    paddedSize,
    span,
    numerator,
    quotient,
    rounded,
    droppedLastWindow,
    lastWindowStart: (output - 1) * stride - padding,
    output,
    formula,
    spanFormula,
  };
}

function convAxis(
  where: string,
  axis: string,
  input: number,
  kernel: number,
  stride: number,
  padding: number | 'same' | 'valid',
  dilation: number,
): OutputSizeSteps {
  let pad: number;
  if (padding === 'same') {
    if (stride !== 1) {
      throw new RangeError(
        `${where}: padding 'same' needs stride 1 (PyTorch does not support it for strided convolutions), got stride${axis} ${stride}`,
      );
    }
    pad = samePaddingFor(where, axis, kernel, dilation);
  } else if (padding === 'valid') {
    pad = 0;
  } else {
    pad = padding;
  }
  return slidingStepsFor(where, axis, input, kernel, stride, pad, dilation, false);
}

function checkPoolPadding(where: string, axis: string, padding: number, kernel: number): void {
  // PyTorch: "pad should be at most half of kernel size" (the kernel itself, not the dilated span).
  if (padding > Math.floor(kernel / 2)) {
    throw new RangeError(
      `${where}: padding${axis} ${padding} must be at most half of kernel${axis} ${kernel} ` +
        `(pooling pads at most ⌊${kernel}/2⌋ = ${Math.floor(kernel / 2)})`,
    );
  }
}

function checkConvPadding(where: string, name: string, value: unknown): number | 'same' | 'valid' {
  if (value === 'same' || value === 'valid') return value;
  return requireNonNegativeInt(where, name, value);
}

/** The convolution formula evaluated term by term along one axis (for the stride/padding explorer). */
export function convOutputSizeSteps(input: number, conv: ConvAxis): OutputSizeSteps {
  const where = 'convOutputSize';
  const n = requirePositiveInt(where, 'input', input);
  const k = requirePositiveInt(where, 'kernel', conv.kernel);
  const s = requirePositiveInt(where, 'stride', conv.stride ?? 1);
  const p = checkConvPadding(where, 'padding', conv.padding ?? 0);
  const d = requirePositiveInt(where, 'dilation', conv.dilation ?? 1);
  return convAxis(where, '', n, k, s, p, d);
}

/** Output size of a convolution along one axis: 7 with a 3-wide kernel gives 5. */
export function convOutputSize(input: number, conv: ConvAxis): number {
  return convOutputSizeSteps(input, conv).output;
}

/** The pooling formula evaluated term by term along one axis, ceil mode included. */
export function poolOutputSizeSteps(input: number, pool: PoolAxis): OutputSizeSteps {
  const where = 'poolOutputSize';
  const n = requirePositiveInt(where, 'input', input);
  const k = requirePositiveInt(where, 'kernel', pool.kernel);
  const s = requirePositiveInt(where, 'stride', pool.stride ?? k);
  const p = requireNonNegativeInt(where, 'padding', pool.padding ?? 0);
  const d = requirePositiveInt(where, 'dilation', pool.dilation ?? 1);
  const ceil = booleanOr(where, 'ceilMode', pool.ceilMode, false);
  checkPoolPadding(where, '', p, k);
  return slidingStepsFor(where, '', n, k, s, p, d, ceil);
}

/** Output size of a pooling layer along one axis: 2×2 max pooling halves an even size, floors an odd one. */
export function poolOutputSize(input: number, pool: PoolAxis): number {
  return poolOutputSizeSteps(input, pool).output;
}

const AXES = [' (height)', ' (width)'] as const;

/** The convolution formula for [H, W], one OutputSizeSteps per axis. */
export function convOutputShapeSteps(input: readonly [number, number], conv: Conv2dWindow): [OutputSizeSteps, OutputSizeSteps] {
  return convShapeStepsFor('convOutputShape', input, conv);
}

/** convOutputShapeSteps for another module's function, so its errors carry that function's name. */
export function convShapeStepsFor(
  where: string,
  input: readonly [number, number],
  conv: Conv2dWindow,
): [OutputSizeSteps, OutputSizeSteps] {
  const hw = hwShape(where, 'input', input);
  const k = toPair(where, 'kernel', conv.kernel, requirePositiveInt);
  const s = toPair(where, 'stride', conv.stride ?? 1, requirePositiveInt);
  const padding = conv.padding ?? 0;
  const p: [number | 'same' | 'valid', number | 'same' | 'valid'] =
    padding === 'same' || padding === 'valid' ? [padding, padding] : toPair(where, 'padding', padding, requireNonNegativeInt);
  const d = toPair(where, 'dilation', conv.dilation ?? 1, requirePositiveInt);
  const axis = (i: 0 | 1) => convAxis(where, AXES[i], hw[i], k[i], s[i], p[i], d[i]);
  return [axis(0), axis(1)];
}

/** Output [H, W] of nn.Conv2d on an [H, W] input: [32, 32] with a 3×3 kernel gives [30, 30]. */
export function convOutputShape(input: readonly [number, number], conv: Conv2dWindow): [number, number] {
  const [h, w] = convOutputShapeSteps(input, conv);
  return [h.output, w.output];
}

/** The pooling formula for [H, W], one OutputSizeSteps per axis. */
export function poolOutputShapeSteps(input: readonly [number, number], pool: Pool2dWindow): [OutputSizeSteps, OutputSizeSteps] {
  const where = 'poolOutputShape';
  const hw = hwShape(where, 'input', input);
  const k = toPair(where, 'kernel', pool.kernel, requirePositiveInt);
  const s = pool.stride === undefined ? k : toPair(where, 'stride', pool.stride, requirePositiveInt);
  const p = toPair(where, 'padding', pool.padding ?? 0, requireNonNegativeInt);
  const d = toPair(where, 'dilation', pool.dilation ?? 1, requirePositiveInt);
  const ceil = booleanOr(where, 'ceilMode', pool.ceilMode, false);
  const axis = (i: 0 | 1) => {
    checkPoolPadding(where, AXES[i], p[i], k[i]);
    return slidingStepsFor(where, AXES[i], hw[i], k[i], s[i], p[i], d[i], ceil);
  };
  return [axis(0), axis(1)];
}

/** Output [H, W] of nn.MaxPool2d / nn.AvgPool2d on an [H, W] input: [30, 30] with 2×2 pooling gives [15, 15]. */
export function poolOutputShape(input: readonly [number, number], pool: Pool2dWindow): [number, number] {
  const [h, w] = poolOutputShapeSteps(input, pool);
  return [h.output, w.output];
}
