// Model specs written like PyTorch modules: plain, frozen data that the main
// thread can inspect (shapes, parameters, printout) without loading tfjs, and
// that engine/tf turns into a real model. What each layer type computes
// (shape, parameters, MACs, printout) is declared once, in rules.ts; this file
// only says what a layer is and checks its arguments.

import {
  type IntOrPair,
  type Pair,
  requireNonNegativeInt,
  requirePositiveInt,
  showValue as describe,
  toPair,
} from '../arithmetic/pair';
import { toSizes } from '../arithmetic/conv-nd';

export interface Conv2dSpec {
  readonly type: 'Conv2d';
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly dilation: Pair;
  /** 1 for a full convolution, inChannels for a depthwise one. */
  readonly groups: number;
  readonly bias: boolean;
}

export interface BatchNorm2dSpec {
  readonly type: 'BatchNorm2d';
  readonly numFeatures: number;
  readonly eps: number;
  /** PyTorch's convention: the weight of the new batch statistic (tfjs uses 1 - momentum). */
  readonly momentum: number;
}

/**
 * `inplace` changes nothing but the printout; it is kept so that a model prints
 * as the PyTorch one does (torchvision writes `ReLU(inplace=True)`).
 */
export interface ReLUSpec {
  readonly type: 'ReLU';
  readonly inplace: boolean;
}
export interface ReLU6Spec {
  readonly type: 'ReLU6';
  readonly inplace: boolean;
}
export interface SiLUSpec {
  readonly type: 'SiLU';
  readonly inplace: boolean;
}
export interface LeakyReLUSpec {
  readonly type: 'LeakyReLU';
  readonly negativeSlope: number;
  readonly inplace: boolean;
}
export interface GELUSpec {
  readonly type: 'GELU';
  /** 'none' is the exact erf form, PyTorch's default. */
  readonly approximate: 'none' | 'tanh';
}
export interface SigmoidSpec {
  readonly type: 'Sigmoid';
}
export interface TanhSpec {
  readonly type: 'Tanh';
}
export interface HardswishSpec {
  readonly type: 'Hardswish';
}
export interface HardsigmoidSpec {
  readonly type: 'Hardsigmoid';
}

// Pooling sizes keep the form they were given in, because PyTorch prints
// `kernel_size=2` for 2 and `kernel_size=(2, 2)` for (2, 2).
export interface MaxPool2dSpec {
  readonly type: 'MaxPool2d';
  readonly kernelSize: IntOrPair;
  readonly stride: IntOrPair;
  readonly padding: IntOrPair;
  /** Round the output size up, so windows that run off the edge still count. */
  readonly ceilMode: boolean;
}

export interface AvgPool2dSpec {
  readonly type: 'AvgPool2d';
  readonly kernelSize: IntOrPair;
  readonly stride: IntOrPair;
  readonly padding: IntOrPair;
  readonly ceilMode: boolean;
  /** PyTorch's default: padded zeros count in the divisor. */
  readonly countIncludePad: boolean;
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
  readonly inplace: boolean;
}

export interface LinearSpec {
  readonly type: 'Linear';
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly bias: boolean;
}

export interface IdentitySpec {
  readonly type: 'Identity';
}

/** torchvision.ops.StochasticDepth: drops whole residual branches in training, the identity in evaluation. */
export interface StochasticDepthSpec {
  readonly type: 'StochasticDepth';
  readonly p: number;
  readonly mode: 'row' | 'batch';
}

/** nn.LayerNorm: normalises over the last dimensions (normalizedShape), with a learned scale and shift per element. */
export interface LayerNormSpec {
  readonly type: 'LayerNorm';
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
}

/**
 * torchvision's LayerNorm2d (ConvNeXt): a LayerNorm over the channels of a
 * [C, H, W] map, each position on its own (it permutes channels last,
 * normalises and permutes back).
 */
export interface LayerNorm2dSpec {
  readonly type: 'LayerNorm2d';
  readonly numChannels: number;
  readonly eps: number;
}

/** torchvision.ops.misc.Permute: `torch.permute(x, dims)`; dims count the batch as 0, which must stay first. */
export interface PermuteSpec {
  readonly type: 'Permute';
  readonly dims: readonly number[];
}

/**
 * ConvNeXt's layer scale: multiplies each channel of a [C, H, W] map by a
 * learned factor, initialised to `init`. In PyTorch it is an nn.Parameter of
 * shape [C, 1, 1] that the block owns, not a module: it is used as a function
 * in the block's forward (F.layerScale) and counted among the block's
 * parameters, and it prints nothing.
 */
export interface LayerScaleSpec {
  readonly type: 'LayerScale';
  readonly channels: number;
  readonly init: number;
}

/** [depth, height, width]: a 3-D window's sizes, as PyTorch's `(3, 3, 3)`. */
export type Triple = readonly [number, number, number];
/** A size PyTorch accepts as `3` or `(1, 3, 3)`. */
export type IntOrTriple = number | Triple;

/** nn.Conv1d: the 2-D convolution with one spatial axis, over a [C, L] sequence. */
export interface Conv1dSpec {
  readonly type: 'Conv1d';
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
  readonly groups: number;
  readonly bias: boolean;
}

/** nn.Conv3d: over a [C, D, H, W] volume or clip (D: depth, or time). */
export interface Conv3dSpec {
  readonly type: 'Conv3d';
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: Triple;
  readonly stride: Triple;
  readonly padding: Triple;
  readonly dilation: Triple;
  readonly groups: number;
  readonly bias: boolean;
}

export interface MaxPool1dSpec {
  readonly type: 'MaxPool1d';
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
  readonly ceilMode: boolean;
}

export interface AvgPool1dSpec {
  readonly type: 'AvgPool1d';
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
}

// As in 2-D, the sizes keep the form they were given in, for the printout.
export interface MaxPool3dSpec {
  readonly type: 'MaxPool3d';
  readonly kernelSize: IntOrTriple;
  readonly stride: IntOrTriple;
  readonly padding: IntOrTriple;
  readonly ceilMode: boolean;
}

export interface AvgPool3dSpec {
  readonly type: 'AvgPool3d';
  readonly kernelSize: IntOrTriple;
  readonly stride: IntOrTriple;
  readonly padding: IntOrTriple;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
}

export interface AdaptiveAvgPool1dSpec {
  readonly type: 'AdaptiveAvgPool1d';
  readonly outputSize: number;
}

/** A leaf module: one layer with no children. */
export type LayerSpec =
  | Conv2dSpec
  | BatchNorm2dSpec
  | ReLUSpec
  | ReLU6Spec
  | SiLUSpec
  | LeakyReLUSpec
  | GELUSpec
  | SigmoidSpec
  | TanhSpec
  | HardswishSpec
  | HardsigmoidSpec
  | MaxPool2dSpec
  | AvgPool2dSpec
  | AdaptiveAvgPool2dSpec
  | FlattenSpec
  | DropoutSpec
  | LinearSpec
  | IdentitySpec
  | StochasticDepthSpec
  | LayerNormSpec
  | LayerNorm2dSpec
  | PermuteSpec
  | LayerScaleSpec
  | Conv1dSpec
  | Conv3dSpec
  | MaxPool1dSpec
  | AvgPool1dSpec
  | MaxPool3dSpec
  | AvgPool3dSpec
  | AdaptiveAvgPool1dSpec;

export type LayerType = LayerSpec['type'];

/** The spec type of one layer type, for per-layer rule tables keyed by `type`. */
export type LayerOf<K extends LayerType> = Extract<LayerSpec, { type: K }>;

/** Children called in order; PyTorch names them '0', '1', ... */
export interface SequentialSpec {
  readonly type: 'Sequential';
  /** 'Sequential', or the name of a subclass such as torchvision's Conv2dNormActivation. */
  readonly className: string;
  readonly layers: readonly ModuleSpec[];
}

/**
 * A module with named children and a forward written as data (an expression
 * over the children), so blocks with branches (residual add, inception concat,
 * squeeze-and-excitation multiply) are inspectable like any other spec.
 */
export interface CustomModuleSpec {
  readonly type: 'Module';
  /** The class name PyTorch prints, e.g. 'BasicBlock'. */
  readonly className: string;
  /** In registration order, which is the order PyTorch prints and names weights in. */
  readonly children: readonly (readonly [string, ModuleSpec])[];
  readonly forward: Expr;
}

export type ModuleSpec = LayerSpec | SequentialSpec | CustomModuleSpec;
export type ContainerSpec = SequentialSpec | CustomModuleSpec;

/** A value in a forward: the module's input, a child applied to a value, a function of values. */
export type Expr =
  | { readonly op: 'input' }
  | { readonly op: 'call'; readonly child: string; readonly x: Expr }
  /**
   * A layer used as a function in forward, e.g. `torch.flatten(x, 1)`; `name` is that call, for errors.
   * Parameter-free, except a LayerScale, whose parameter the enclosing module owns (as ConvNeXt's block does).
   */
  | { readonly op: 'fn'; readonly name: string; readonly layer: LayerSpec; readonly x: Expr }
  /** Elementwise, broadcasting sizes of 1 as PyTorch does (a residual add, an SE scale). */
  | { readonly op: 'add' | 'mul'; readonly xs: readonly Expr[] }
  /** torch.cat(xs, dim=1): along channels (or features). */
  | { readonly op: 'cat'; readonly xs: readonly Expr[] };

export type MergeOp = 'add' | 'mul' | 'cat';

export function isContainer(module: ModuleSpec): module is ContainerSpec {
  return module.type === 'Sequential' || module.type === 'Module';
}

/** A module's children as PyTorch's `named_children()` lists them. */
export function namedChildren(module: ModuleSpec): readonly (readonly [string, ModuleSpec])[] {
  if (module.type === 'Sequential') return module.layers.map((layer, i) => [String(i), layer] as const);
  if (module.type === 'Module') return module.children;
  return [];
}

function checkIntOrPair(layer: string, arg: string, value: IntOrPair, min: 0 | 1): void {
  toPair(layer, arg, value, min === 1 ? requirePositiveInt : requireNonNegativeInt);
}

function checkPositive(layer: string, arg: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${layer}: ${arg} must be a positive number, got ${describe(value)}`);
  }
}

function checkProbability(layer: string, value: number, max: '1)' | '1]'): void {
  if (!(value >= 0 && (max === '1)' ? value < 1 : value <= 1))) {
    throw new RangeError(`${layer}: p must be in [0, ${max}, got ${describe(value)}`);
  }
}

/** PyTorch's own rule for pooling: a window must never lie entirely in the padding. */
function checkPoolPadding(layer: string, kernelSize: IntOrPair, padding: IntOrPair): void {
  const [kh, kw] = toPair(layer, 'kernelSize', kernelSize);
  const [ph, pw] = toPair(layer, 'padding', padding, requireNonNegativeInt);
  if (ph > kh / 2 || pw > kw / 2) {
    throw new RangeError(
      `${layer}: padding must be at most half the kernel size, got padding ${describe(padding)} for kernelSize ${describe(kernelSize)}`,
    );
  }
}

const freeze = <T extends object>(spec: T): T => Object.freeze(spec);

export interface Conv2dOptions {
  stride?: IntOrPair;
  /** Zero padding on each side; PyTorch's 'same'/'valid' strings are not supported. */
  padding?: IntOrPair;
  dilation?: IntOrPair;
  /** Split channels into this many independent groups; groups = inChannels is a depthwise convolution. */
  groups?: number;
  bias?: boolean;
}

export function Conv2d(inChannels: number, outChannels: number, kernelSize: IntOrPair, opts: Conv2dOptions = {}): Conv2dSpec {
  const { stride = 1, padding = 0, dilation = 1, groups = 1, bias = true } = opts;
  requirePositiveInt('Conv2d', 'inChannels', inChannels);
  requirePositiveInt('Conv2d', 'outChannels', outChannels);
  checkIntOrPair('Conv2d', 'kernelSize', kernelSize, 1);
  checkIntOrPair('Conv2d', 'stride', stride, 1);
  checkIntOrPair('Conv2d', 'padding', padding, 0);
  checkIntOrPair('Conv2d', 'dilation', dilation, 1);
  requirePositiveInt('Conv2d', 'groups', groups);
  if (inChannels % groups !== 0 || outChannels % groups !== 0) {
    throw new RangeError(
      `Conv2d: groups must divide both inChannels and outChannels, got groups ${groups} for ${inChannels} -> ${outChannels} channels`,
    );
  }
  return freeze({
    type: 'Conv2d',
    inChannels,
    outChannels,
    kernelSize: toPair('Conv2d', 'kernelSize', kernelSize),
    stride: toPair('Conv2d', 'stride', stride),
    padding: toPair('Conv2d', 'padding', padding, requireNonNegativeInt),
    dilation: toPair('Conv2d', 'dilation', dilation),
    groups,
    bias,
  });
}

export function BatchNorm2d(numFeatures: number, opts: { eps?: number; momentum?: number } = {}): BatchNorm2dSpec {
  const { eps = 1e-5, momentum = 0.1 } = opts;
  requirePositiveInt('BatchNorm2d', 'numFeatures', numFeatures);
  checkPositive('BatchNorm2d', 'eps', eps);
  if (!(momentum > 0 && momentum <= 1)) {
    throw new RangeError(`BatchNorm2d: momentum must be in (0, 1], got ${describe(momentum)}`);
  }
  return freeze({ type: 'BatchNorm2d', numFeatures, eps, momentum });
}

export interface InplaceOption {
  /** Printed only: tfjs never works in place. */
  inplace?: boolean;
}

export const ReLU = ({ inplace = false }: InplaceOption = {}): ReLUSpec => freeze({ type: 'ReLU', inplace });
export const ReLU6 = ({ inplace = false }: InplaceOption = {}): ReLU6Spec => freeze({ type: 'ReLU6', inplace });
export const SiLU = ({ inplace = false }: InplaceOption = {}): SiLUSpec => freeze({ type: 'SiLU', inplace });
export const Sigmoid = (): SigmoidSpec => freeze({ type: 'Sigmoid' });
export const Tanh = (): TanhSpec => freeze({ type: 'Tanh' });
export const Hardswish = (_opts: InplaceOption = {}): HardswishSpec => freeze({ type: 'Hardswish' });
export const Hardsigmoid = (_opts: InplaceOption = {}): HardsigmoidSpec => freeze({ type: 'Hardsigmoid' });

export function LeakyReLU(negativeSlope = 0.01, { inplace = false }: InplaceOption = {}): LeakyReLUSpec {
  if (!Number.isFinite(negativeSlope)) {
    throw new RangeError(`LeakyReLU: negativeSlope must be a finite number, got ${describe(negativeSlope)}`);
  }
  return freeze({ type: 'LeakyReLU', negativeSlope, inplace });
}

export function GELU({ approximate = 'none' }: { approximate?: 'none' | 'tanh' } = {}): GELUSpec {
  if (approximate !== 'none' && approximate !== 'tanh') {
    throw new RangeError(`GELU: approximate must be 'none' or 'tanh', got ${describe(approximate)}`);
  }
  return freeze({ type: 'GELU', approximate });
}

export interface PoolOptions {
  /** Defaults to the kernel size, as in PyTorch. */
  stride?: IntOrPair;
  padding?: IntOrPair;
  ceilMode?: boolean;
}

export function MaxPool2d(kernelSize: IntOrPair, opts: PoolOptions = {}): MaxPool2dSpec {
  const { stride = kernelSize, padding = 0, ceilMode = false } = opts;
  checkIntOrPair('MaxPool2d', 'kernelSize', kernelSize, 1);
  checkIntOrPair('MaxPool2d', 'stride', stride, 1);
  checkIntOrPair('MaxPool2d', 'padding', padding, 0);
  checkPoolPadding('MaxPool2d', kernelSize, padding);
  return freeze({ type: 'MaxPool2d', kernelSize, stride, padding, ceilMode });
}

export function AvgPool2d(kernelSize: IntOrPair, opts: PoolOptions & { countIncludePad?: boolean } = {}): AvgPool2dSpec {
  const { stride = kernelSize, padding = 0, ceilMode = false, countIncludePad = true } = opts;
  checkIntOrPair('AvgPool2d', 'kernelSize', kernelSize, 1);
  checkIntOrPair('AvgPool2d', 'stride', stride, 1);
  checkIntOrPair('AvgPool2d', 'padding', padding, 0);
  checkPoolPadding('AvgPool2d', kernelSize, padding);
  return freeze({ type: 'AvgPool2d', kernelSize, stride, padding, ceilMode, countIncludePad });
}

/** Average pooling to a fixed output size, whatever the input size (PyTorch's bins may overlap). */
export function AdaptiveAvgPool2d(outputSize: IntOrPair): AdaptiveAvgPool2dSpec {
  checkIntOrPair('AdaptiveAvgPool2d', 'outputSize', outputSize, 1);
  return freeze({ type: 'AdaptiveAvgPool2d', outputSize });
}

export const Flatten = (): FlattenSpec => freeze({ type: 'Flatten' });
export const Identity = (): IdentitySpec => freeze({ type: 'Identity' });

export function Dropout(p = 0.5, { inplace = false }: InplaceOption = {}): DropoutSpec {
  checkProbability('Dropout', p, '1)');
  return freeze({ type: 'Dropout', p, inplace });
}

export function StochasticDepth(p: number, mode: 'row' | 'batch' = 'row'): StochasticDepthSpec {
  checkProbability('StochasticDepth', p, '1]');
  if (mode !== 'row' && mode !== 'batch') {
    throw new RangeError(`StochasticDepth: mode must be 'row' or 'batch', got ${describe(mode)}`);
  }
  return freeze({ type: 'StochasticDepth', p, mode });
}

export function Linear(inFeatures: number, outFeatures: number, opts: { bias?: boolean } = {}): LinearSpec {
  const { bias = true } = opts;
  requirePositiveInt('Linear', 'inFeatures', inFeatures);
  requirePositiveInt('Linear', 'outFeatures', outFeatures);
  return freeze({ type: 'Linear', inFeatures, outFeatures, bias });
}

export function LayerNorm(
  normalizedShape: number | readonly number[],
  opts: { eps?: number; elementwiseAffine?: boolean } = {},
): LayerNormSpec {
  const { eps = 1e-5, elementwiseAffine = true } = opts;
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  if (shape.length === 0) throw new RangeError('LayerNorm: normalizedShape must name at least one dimension, got []');
  shape.forEach((d) => requirePositiveInt('LayerNorm', 'normalizedShape', d));
  checkPositive('LayerNorm', 'eps', eps);
  return freeze({ type: 'LayerNorm', normalizedShape: Object.freeze(shape), eps, elementwiseAffine });
}

export function LayerNorm2d(numChannels: number, opts: { eps?: number } = {}): LayerNorm2dSpec {
  const { eps = 1e-5 } = opts;
  requirePositiveInt('LayerNorm2d', 'numChannels', numChannels);
  checkPositive('LayerNorm2d', 'eps', eps);
  return freeze({ type: 'LayerNorm2d', numChannels, eps });
}

export function Permute(dims: readonly number[]): PermuteSpec {
  const sorted = [...dims].sort((a, b) => a - b);
  if (dims.length < 2 || !sorted.every((d, i) => d === i) || dims[0] !== 0) {
    throw new RangeError(
      `Permute: dims must be a permutation of 0..${Math.max(1, dims.length - 1)} that keeps the batch (0) first, got ${describe(dims)}`,
    );
  }
  return freeze({ type: 'Permute', dims: Object.freeze([...dims]) });
}

export function LayerScale(channels: number, init: number): LayerScaleSpec {
  requirePositiveInt('LayerScale', 'channels', channels);
  if (!Number.isFinite(init)) throw new RangeError(`LayerScale: init must be a finite number, got ${describe(init)}`);
  return freeze({ type: 'LayerScale', channels, init });
}

// 1-D and 3-D layers: the same arguments as their 2-D forms, with one size per spatial axis.

function checkConvChannels(layer: string, inChannels: number, outChannels: number, groups: number): void {
  requirePositiveInt(layer, 'inChannels', inChannels);
  requirePositiveInt(layer, 'outChannels', outChannels);
  requirePositiveInt(layer, 'groups', groups);
  if (inChannels % groups !== 0 || outChannels % groups !== 0) {
    throw new RangeError(
      `${layer}: groups must divide both inChannels and outChannels, got groups ${groups} for ${inChannels} -> ${outChannels} channels`,
    );
  }
}

export interface Conv1dOptions {
  stride?: number;
  /** Zeros on each end of the sequence. */
  padding?: number;
  dilation?: number;
  groups?: number;
  bias?: boolean;
}

export function Conv1d(inChannels: number, outChannels: number, kernelSize: number, opts: Conv1dOptions = {}): Conv1dSpec {
  const { stride = 1, padding = 0, dilation = 1, groups = 1, bias = true } = opts;
  checkConvChannels('Conv1d', inChannels, outChannels, groups);
  const [k] = toSizes('Conv1d', 'kernelSize', kernelSize, 1);
  const [s] = toSizes('Conv1d', 'stride', stride, 1);
  const [p] = toSizes('Conv1d', 'padding', padding, 1, requireNonNegativeInt);
  const [d] = toSizes('Conv1d', 'dilation', dilation, 1);
  return freeze({ type: 'Conv1d', inChannels, outChannels, kernelSize: k!, stride: s!, padding: p!, dilation: d!, groups, bias });
}

export interface Conv3dOptions {
  stride?: IntOrTriple;
  padding?: IntOrTriple;
  dilation?: IntOrTriple;
  groups?: number;
  bias?: boolean;
}

const triple = (layer: string, arg: string, value: IntOrTriple, check = requirePositiveInt): Triple =>
  toSizes(layer, arg, value, 3, check) as unknown as Triple;

export function Conv3d(inChannels: number, outChannels: number, kernelSize: IntOrTriple, opts: Conv3dOptions = {}): Conv3dSpec {
  const { stride = 1, padding = 0, dilation = 1, groups = 1, bias = true } = opts;
  checkConvChannels('Conv3d', inChannels, outChannels, groups);
  return freeze({
    type: 'Conv3d',
    inChannels,
    outChannels,
    kernelSize: triple('Conv3d', 'kernelSize', kernelSize),
    stride: triple('Conv3d', 'stride', stride),
    padding: triple('Conv3d', 'padding', padding, requireNonNegativeInt),
    dilation: triple('Conv3d', 'dilation', dilation),
    groups,
    bias,
  });
}

/** PyTorch's pooling rule on every axis: a window must never lie entirely in the padding. */
function checkPoolPaddingNd(
  layer: string,
  kernelSize: number | readonly number[],
  padding: number | readonly number[],
  rank: number,
): void {
  const k = toSizes(layer, 'kernelSize', kernelSize, rank);
  const p = toSizes(layer, 'padding', padding, rank, requireNonNegativeInt);
  if (p.some((v, i) => v > k[i]! / 2)) {
    throw new RangeError(
      `${layer}: padding must be at most half the kernel size, got padding ${describe(padding)} for kernelSize ${describe(kernelSize)}`,
    );
  }
}

function checkPoolNd(layer: string, rank: number, kernelSize: unknown, stride: unknown, padding: unknown): void {
  toSizes(layer, 'kernelSize', kernelSize, rank);
  toSizes(layer, 'stride', stride, rank);
  toSizes(layer, 'padding', padding, rank, requireNonNegativeInt);
  checkPoolPaddingNd(layer, kernelSize as number, padding as number, rank);
}

export interface Pool1dOptions {
  /** Defaults to the kernel size, as in PyTorch. */
  stride?: number;
  padding?: number;
  ceilMode?: boolean;
}

export function MaxPool1d(kernelSize: number, opts: Pool1dOptions = {}): MaxPool1dSpec {
  const { stride = kernelSize, padding = 0, ceilMode = false } = opts;
  checkPoolNd('MaxPool1d', 1, kernelSize, stride, padding);
  return freeze({ type: 'MaxPool1d', kernelSize, stride, padding, ceilMode });
}

export function AvgPool1d(kernelSize: number, opts: Pool1dOptions & { countIncludePad?: boolean } = {}): AvgPool1dSpec {
  const { stride = kernelSize, padding = 0, ceilMode = false, countIncludePad = true } = opts;
  checkPoolNd('AvgPool1d', 1, kernelSize, stride, padding);
  return freeze({ type: 'AvgPool1d', kernelSize, stride, padding, ceilMode, countIncludePad });
}

export interface Pool3dOptions {
  /** Defaults to the kernel size, as in PyTorch. */
  stride?: IntOrTriple;
  padding?: IntOrTriple;
  ceilMode?: boolean;
}

export function MaxPool3d(kernelSize: IntOrTriple, opts: Pool3dOptions = {}): MaxPool3dSpec {
  const { stride = kernelSize, padding = 0, ceilMode = false } = opts;
  checkPoolNd('MaxPool3d', 3, kernelSize, stride, padding);
  return freeze({ type: 'MaxPool3d', kernelSize, stride, padding, ceilMode });
}

export function AvgPool3d(kernelSize: IntOrTriple, opts: Pool3dOptions & { countIncludePad?: boolean } = {}): AvgPool3dSpec {
  const { stride = kernelSize, padding = 0, ceilMode = false, countIncludePad = true } = opts;
  checkPoolNd('AvgPool3d', 3, kernelSize, stride, padding);
  return freeze({ type: 'AvgPool3d', kernelSize, stride, padding, ceilMode, countIncludePad });
}

/** Average pooling of a sequence to a fixed length (1: one value per channel, global average pooling). */
export function AdaptiveAvgPool1d(outputSize: number): AdaptiveAvgPool1dSpec {
  toSizes('AdaptiveAvgPool1d', 'outputSize', outputSize, 1);
  return freeze({ type: 'AdaptiveAvgPool1d', outputSize });
}

function isModuleSpec(value: unknown): value is ModuleSpec {
  if (typeof value !== 'object' || value === null || !('type' in value) || typeof value.type !== 'string') return false;
  if (value.type === 'Sequential') return 'layers' in value && Array.isArray(value.layers);
  if (value.type === 'Module') return 'children' in value && 'forward' in value;
  return true;
}

/** A Sequential printed under another class name, as torchvision's Sequential subclasses are. */
export function SequentialAs(className: string, layers: readonly ModuleSpec[]): SequentialSpec {
  layers.forEach((layer, i) => {
    if (!isModuleSpec(layer)) {
      throw new TypeError(`${className}: argument ${i} must be a layer such as nn.ReLU() or a module, got ${describe(layer)}`);
    }
  });
  return freeze({ type: 'Sequential', className, layers: Object.freeze([...layers]) });
}

export function Sequential(...layers: ModuleSpec[]): SequentialSpec {
  return SequentialAs('Sequential', layers);
}

const inputExpr: Expr = freeze({ op: 'input' });

/** What a forward can call: each child as a function of a value. */
export type Calls<K extends string> = { readonly [N in K]: (x: Expr) => Expr };

/**
 * A module with named children and a forward, written like a PyTorch class:
 *
 *   nn.Module('Block', { conv: nn.Conv2d(8, 8, 3, { padding: 1 }), relu: nn.ReLU() },
 *     (x, m) => m.relu(F.add(m.conv(x), x)))
 *
 * Children map to null for an optional submodule PyTorch sets to None; it is
 * not registered, and calling it in forward is an error. Children are
 * registered (printed, named) in the object's key order, as PyTorch registers
 * attributes in assignment order; JavaScript puts integer-like keys first,
 * so use a Sequential for children named '0', '1', ...
 */
export function Module<K extends string>(
  className: string,
  children: { readonly [N in K]: ModuleSpec | null },
  forward: (x: Expr, m: Calls<K>) => Expr,
): CustomModuleSpec {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(className)) {
    throw new TypeError(`Module: className must be an identifier such as 'BasicBlock', got ${describe(className)}`);
  }
  const named: (readonly [string, ModuleSpec])[] = [];
  const calls = {} as Record<string, (x: Expr) => Expr>;
  for (const [name, child] of Object.entries<ModuleSpec | null>(children)) {
    // PyTorch's own restriction: a dot would make the dotted weight names ambiguous.
    if (name === '' || name.includes('.')) {
      throw new TypeError(`${className}: child name ${JSON.stringify(name)} must be non-empty and contain no '.'`);
    }
    if (child === null) {
      calls[name] = () => {
        throw new TypeError(`${className}: forward calls '${name}', which is None (not given)`);
      };
      continue;
    }
    if (!isModuleSpec(child)) {
      throw new TypeError(`${className}: child '${name}' must be a layer or a module, got ${describe(child)}`);
    }
    named.push(Object.freeze([name, child] as const));
    calls[name] = (x) => freeze({ op: 'call', child: name, x });
  }
  const out = forward(inputExpr, calls as Calls<K>);
  if (typeof out !== 'object' || out === null || !('op' in out)) {
    throw new TypeError(`${className}: forward must return a value built from its input, got ${describe(out)}`);
  }
  return freeze({ type: 'Module', className, children: Object.freeze(named), forward: out });
}

function merge(op: MergeOp, xs: readonly Expr[]): Expr {
  if (xs.length < 2) throw new TypeError(`F.${op}: needs at least two values, got ${xs.length}`);
  return freeze({ op, xs: Object.freeze([...xs]) });
}

const fn = (name: string, layer: LayerSpec, x: Expr): Expr => freeze({ op: 'fn', name, layer, x });

/** The functions a forward may use, named after torch.nn.functional and torch. */
export const F = {
  /** `a + b (+ ...)`, e.g. a residual connection. */
  add: (...xs: Expr[]): Expr => merge('add', xs),
  /** `a * b`, broadcasting sizes of 1: squeeze-and-excitation's channel scale. */
  mul: (...xs: Expr[]): Expr => merge('mul', xs),
  /** `torch.cat(xs, 1)`: inception's concatenation along channels. */
  cat: (xs: Expr[]): Expr => merge('cat', xs),
  /** `torch.flatten(x, 1)`. */
  flatten: (x: Expr): Expr => fn('torch.flatten', Flatten(), x),
  relu: (x: Expr): Expr => fn('F.relu', ReLU(), x),
  adaptiveAvgPool2d: (x: Expr, outputSize: IntOrPair): Expr => fn('F.adaptive_avg_pool2d', AdaptiveAvgPool2d(outputSize), x),
  dropout: (x: Expr, p: number): Expr => fn('F.dropout', Dropout(p), x),
  /** `self.layer_scale * x`: ConvNeXt's per-channel learned scale, a parameter of the calling module. */
  layerScale: (x: Expr, channels: number, init: number): Expr => fn('self.layer_scale *', LayerScale(channels, init), x),
} as const;

/** `pipe(x, f, g, h)` is `h(g(f(x)))`: a chain of calls written in the order they run. */
export function pipe(x: Expr, ...steps: ((x: Expr) => Expr)[]): Expr {
  return steps.reduce((value, step) => step(value), x);
}

/** The constructors grouped like `torch.nn`, so cells read `nn.Conv2d(1, 32, 3, { padding: 1 })`. */
export const nn = {
  Conv2d,
  BatchNorm2d,
  ReLU,
  ReLU6,
  SiLU,
  LeakyReLU,
  GELU,
  Sigmoid,
  Tanh,
  Hardswish,
  Hardsigmoid,
  MaxPool2d,
  AvgPool2d,
  AdaptiveAvgPool2d,
  Flatten,
  Dropout,
  Linear,
  Identity,
  Sequential,
  Module,
  LayerNorm,
  Conv1d,
  Conv3d,
  MaxPool1d,
  AvgPool1d,
  MaxPool3d,
  AvgPool3d,
  AdaptiveAvgPool1d,
} as const;
