// Model specs written like PyTorch modules: plain, readonly data that the main
// thread can inspect (shapes, parameters, printout) without loading tfjs, and
// that engine/tf turns into a real model.

/** A size PyTorch accepts as `3` or `(3, 5)`: [height, width]. */
export type Pair = readonly [number, number];
export type IntOrPair = number | Pair;

export interface Conv2dSpec {
  readonly type: 'Conv2d';
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly dilation: Pair;
  readonly bias: boolean;
}

export interface BatchNorm2dSpec {
  readonly type: 'BatchNorm2d';
  readonly numFeatures: number;
  readonly eps: number;
  /** PyTorch's convention: the weight of the new batch statistic (tfjs uses 1 - momentum). */
  readonly momentum: number;
}

export interface ReLUSpec {
  readonly type: 'ReLU';
}

// Pooling sizes keep the form they were given in, because PyTorch prints
// `kernel_size=2` for 2 and `kernel_size=(2, 2)` for (2, 2).
export interface MaxPool2dSpec {
  readonly type: 'MaxPool2d';
  readonly kernelSize: IntOrPair;
  readonly stride: IntOrPair;
  readonly padding: IntOrPair;
}

export interface AdaptiveAvgPool2dSpec {
  readonly type: 'AdaptiveAvgPool2d';
  readonly outputSize: IntOrPair;
}

export interface FlattenSpec {
  readonly type: 'Flatten';
}

export interface DropoutSpec {
  readonly type: 'Dropout';
  readonly p: number;
}

export interface LinearSpec {
  readonly type: 'Linear';
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly bias: boolean;
}

export type LayerSpec =
  | Conv2dSpec
  | BatchNorm2dSpec
  | ReLUSpec
  | MaxPool2dSpec
  | AdaptiveAvgPool2dSpec
  | FlattenSpec
  | DropoutSpec
  | LinearSpec;

export type LayerType = LayerSpec['type'];

/** The spec type of one layer type, for per-layer rule tables keyed by `type`. */
export type LayerOf<K extends LayerType> = Extract<LayerSpec, { type: K }>;

/** Nesting is not supported yet: a Sequential holds layers, not other Sequentials. */
export interface SequentialSpec {
  readonly type: 'Sequential';
  readonly layers: readonly LayerSpec[];
}

export function pair(size: IntOrPair): Pair {
  return typeof size === 'number' ? [size, size] : size;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

function checkInt(layer: string, arg: string, value: number, min: 0 | 1): void {
  if (!Number.isInteger(value) || value < min) {
    const wanted = min === 1 ? 'a positive integer' : 'a non-negative integer';
    throw new RangeError(`${layer}: ${arg} must be ${wanted}, got ${describe(value)}`);
  }
}

function checkIntOrPair(layer: string, arg: string, value: IntOrPair, min: 0 | 1): void {
  const ok =
    typeof value === 'number' ||
    (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number'));
  if (!ok) throw new RangeError(`${layer}: ${arg} must be a number or a pair [h, w], got ${describe(value)}`);
  for (const v of pair(value)) {
    if (!Number.isInteger(v) || v < min) {
      const wanted = min === 1 ? 'positive integers' : 'non-negative integers';
      throw new RangeError(`${layer}: ${arg} must be ${wanted}, got ${describe(value)}`);
    }
  }
}

function checkPositive(layer: string, arg: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${layer}: ${arg} must be a positive number, got ${describe(value)}`);
  }
}

export interface Conv2dOptions {
  stride?: IntOrPair;
  /** Zero padding on each side; PyTorch's 'same'/'valid' strings are not supported. */
  padding?: IntOrPair;
  dilation?: IntOrPair;
  bias?: boolean;
}

export function Conv2d(
  inChannels: number,
  outChannels: number,
  kernelSize: IntOrPair,
  opts: Conv2dOptions = {},
): Conv2dSpec {
  const { stride = 1, padding = 0, dilation = 1, bias = true } = opts;
  checkInt('Conv2d', 'inChannels', inChannels, 1);
  checkInt('Conv2d', 'outChannels', outChannels, 1);
  checkIntOrPair('Conv2d', 'kernelSize', kernelSize, 1);
  checkIntOrPair('Conv2d', 'stride', stride, 1);
  checkIntOrPair('Conv2d', 'padding', padding, 0);
  checkIntOrPair('Conv2d', 'dilation', dilation, 1);
  return {
    type: 'Conv2d',
    inChannels,
    outChannels,
    kernelSize: pair(kernelSize),
    stride: pair(stride),
    padding: pair(padding),
    dilation: pair(dilation),
    bias,
  };
}

export function BatchNorm2d(numFeatures: number, opts: { eps?: number; momentum?: number } = {}): BatchNorm2dSpec {
  const { eps = 1e-5, momentum = 0.1 } = opts;
  checkInt('BatchNorm2d', 'numFeatures', numFeatures, 1);
  checkPositive('BatchNorm2d', 'eps', eps);
  if (!(momentum > 0 && momentum <= 1)) {
    throw new RangeError(`BatchNorm2d: momentum must be in (0, 1], got ${describe(momentum)}`);
  }
  return { type: 'BatchNorm2d', numFeatures, eps, momentum };
}

export function ReLU(): ReLUSpec {
  return { type: 'ReLU' };
}

export function MaxPool2d(kernelSize: IntOrPair, opts: { stride?: IntOrPair; padding?: IntOrPair } = {}): MaxPool2dSpec {
  const { stride = kernelSize, padding = 0 } = opts;
  checkIntOrPair('MaxPool2d', 'kernelSize', kernelSize, 1);
  checkIntOrPair('MaxPool2d', 'stride', stride, 1);
  checkIntOrPair('MaxPool2d', 'padding', padding, 0);
  // PyTorch's own rule: a window must never lie entirely in the padding.
  const [kh, kw] = pair(kernelSize);
  const [ph, pw] = pair(padding);
  if (ph > kh / 2 || pw > kw / 2) {
    throw new RangeError(
      `MaxPool2d: padding must be at most half the kernel size, got padding ${describe(padding)} for kernelSize ${describe(kernelSize)}`,
    );
  }
  return { type: 'MaxPool2d', kernelSize, stride, padding };
}

export function AdaptiveAvgPool2d(outputSize: IntOrPair): AdaptiveAvgPool2dSpec {
  checkIntOrPair('AdaptiveAvgPool2d', 'outputSize', outputSize, 1);
  const [h, w] = pair(outputSize);
  if (h !== 1 || w !== 1) {
    throw new RangeError(
      `AdaptiveAvgPool2d: only outputSize 1 (global average pooling) is supported for now, got ${describe(outputSize)}`,
    );
  }
  return { type: 'AdaptiveAvgPool2d', outputSize };
}

export function Flatten(): FlattenSpec {
  return { type: 'Flatten' };
}

export function Dropout(p = 0.5): DropoutSpec {
  if (!(p >= 0 && p < 1)) throw new RangeError(`Dropout: p must be in [0, 1), got ${describe(p)}`);
  return { type: 'Dropout', p };
}

export function Linear(inFeatures: number, outFeatures: number, opts: { bias?: boolean } = {}): LinearSpec {
  const { bias = true } = opts;
  checkInt('Linear', 'inFeatures', inFeatures, 1);
  checkInt('Linear', 'outFeatures', outFeatures, 1);
  return { type: 'Linear', inFeatures, outFeatures, bias };
}

export function Sequential(...layers: LayerSpec[]): SequentialSpec {
  layers.forEach((layer, i) => {
    if (typeof layer !== 'object' || layer === null || !('type' in layer) || layer.type === ('Sequential' as string)) {
      throw new TypeError(`Sequential: argument ${i} must be a layer such as nn.ReLU() (nested Sequentials are not supported)`);
    }
  });
  return { type: 'Sequential', layers: Object.freeze([...layers]) };
}

/** The constructors grouped like `torch.nn`, so cells read `nn.Conv2d(1, 32, 3, { padding: 1 })`. */
export const nn = {
  Conv2d,
  BatchNorm2d,
  ReLU,
  MaxPool2d,
  AdaptiveAvgPool2d,
  Flatten,
  Dropout,
  Linear,
  Sequential,
} as const;
