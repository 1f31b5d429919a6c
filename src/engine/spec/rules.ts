// The layer contract: for each leaf layer type, in one place, its output shape
// (PyTorch's arithmetic, floor or ceil), trainable parameters, multiply-
// accumulates and printout. Containers (Sequential, blocks) get theirs from
// their children, in infer.ts and repr.ts.

import { convCost, linearCost } from '../arithmetic/cost';
import { convNdCost, convNdParameters, toSizes } from '../arithmetic/conv-nd';
import { effectiveKernel, slidingOutputSize } from '../arithmetic/output-size';
import { convParameters, denseParameters } from '../arithmetic/parameters';
import { type IntOrPair, type Pair, requireNonNegativeInt, toPair } from '../arithmetic/pair';
import type { LayerOf, LayerSpec, LayerType } from './layers';
import { pythonBool, pythonFloat } from './python';

/** A per-example shape ([C, H, W] or [F]) and what a later error message may need to know about it. */
export interface Flow {
  readonly shape: readonly number[];
  /** Set when the features came from a Flatten of this [C, H, W] map (and only shape-keeping layers since). */
  readonly flattenedFrom: readonly number[] | null;
  /** Set after a Permute put the channels last ([H, W, C]), where Linear and LayerNorm act on the last dimension. */
  readonly channelsLast?: boolean;
}

export interface LayerRule<L> {
  /** The per-example output; throws, starting with `where`, when the input does not fit. */
  output(layer: L, input: Flow, where: string): Flow;
  /** Trainable parameters: BatchNorm's running statistics are buffers, not parameters. */
  params(layer: L): number;
  /**
   * Multiply-accumulates per example. Only convolutions (1-D, 2-D, 3-D) and Linear count, as in
   * torchvision's published GFLOPS and in the usual forward-hook counters;
   * pooling, normalisation and activations are left out.
   */
  macs(layer: L, input: readonly number[], output: readonly number[]): number;
  /** The text `print(layer)` gives in PyTorch. */
  repr(layer: L): string;
}

export const show = (shape: readonly number[]): string => `[${shape.join(', ')}]`;
const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function featureMap(input: Flow, where: string, expectedChannels?: number): [number, number, number] {
  const [c, h, w] = input.shape;
  if (input.shape.length !== 3 || c === undefined || h === undefined || w === undefined) {
    const channels = expectedChannels === undefined ? 'C' : String(expectedChannels);
    const got = input.shape.length === 1 ? `flat features ${show(input.shape)}` : show(input.shape);
    throw new Error(`${where}: expects a feature map [${channels}, H, W] but receives ${got}`);
  }
  return [c, h, w];
}

interface Window {
  kernel: Pair;
  stride: Pair;
  padding: Pair;
  dilation: Pair;
  ceilMode: boolean;
}

function slidingOutput(where: string, [c, h, w]: [number, number, number], win: Window): [number, number] {
  const { kernel, stride, padding, dilation, ceilMode } = win;
  const oh = slidingOutputSize(h, kernel[0], stride[0], padding[0], dilation[0], ceilMode);
  const ow = slidingOutputSize(w, kernel[1], stride[1], padding[1], dilation[1], ceilMode);
  if (oh < 1 || ow < 1) {
    const span = kernel.map((k, i) => effectiveKernel(k, dilation[i] ?? 1));
    const dilated = dilation[0] !== 1 || dilation[1] !== 1 ? ` (dilated to ${span[0]}x${span[1]})` : '';
    throw new Error(
      `${where}: kernel ${kernel[0]}x${kernel[1]}${dilated} is larger than its padded input ` +
        `${h + 2 * padding[0]}x${w + 2 * padding[1]} (input ${show([c, h, w])}, padding ${show(padding)})`,
    );
  }
  return [oh, ow];
}

/** The window of a pooling layer, whose sizes may be given as one number. */
export function poolWindow(layer: LayerOf<'MaxPool2d'> | LayerOf<'AvgPool2d'>): Window {
  return {
    kernel: toPair(layer.type, 'kernelSize', layer.kernelSize),
    stride: toPair(layer.type, 'stride', layer.stride),
    padding: toPair(layer.type, 'padding', layer.padding, requireNonNegativeInt),
    dilation: [1, 1],
    ceilMode: layer.ceilMode,
  };
}

/** PyTorch's adaptive pooling bins along one axis: [floor(i*n/out), ceil((i+1)*n/out)) for each output i. */
export function adaptiveBins(size: number, out: number): [number, number][] {
  return Array.from({ length: out }, (_, i) => [Math.floor((i * size) / out), Math.ceil(((i + 1) * size) / out)]);
}

const pythonTuple = (xs: readonly number[]): string => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`);

const tuple = ([h, w]: Pair): string => `(${h}, ${w})`;
const intOrTuple = (size: IntOrPair): string => (typeof size === 'number' ? String(size) : tuple(size));
const inplaceOnly = (l: { inplace: boolean }): string => (l.inplace ? 'inplace=True' : '');

const keepShape = (_layer: unknown, input: Flow): Flow => input;
const none = (): number => 0;

/** A layer that maps each value on its own: shape kept, no parameters, no MACs counted. */
function elementwise<L>(repr: (layer: L) => string): LayerRule<L> {
  return { output: keepShape, params: none, macs: none, repr };
}

function poolOutput(layer: LayerOf<'MaxPool2d'> | LayerOf<'AvgPool2d'>, input: Flow, where: string): Flow {
  const map = featureMap(input, where);
  const [h, w] = slidingOutput(where, map, poolWindow(layer));
  return { shape: [map[0], h, w], flattenedFrom: null };
}

// 1-D and 3-D layers: the 2-D rules with one size per spatial axis.

const RANK_FORMS: Record<number, string> = { 1: 'L', 3: 'D, H, W' };
const RANK_NAMES: Record<number, string> = { 1: 'a sequence', 3: 'a volume' };

/** The input as [C, ...spatial] with `axes` spatial axes, or an error that says which form the layer wants. */
export function mapOfRank(input: Flow, where: string, axes: 1 | 3, expectedChannels?: number): number[] {
  if (input.shape.length !== axes + 1) {
    const channels = expectedChannels === undefined ? 'C' : String(expectedChannels);
    throw new Error(`${where}: expects ${RANK_NAMES[axes]} [${channels}, ${RANK_FORMS[axes]}] but receives ${show(input.shape)}`);
  }
  return [...input.shape];
}

export interface WindowNd {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceilMode: boolean;
}

/** Output sizes along each spatial axis of a [C, ...spatial] input, or an error naming the layer. */
function slidingOutputNd(where: string, map: readonly number[], win: WindowNd): number[] {
  const spatial = map.slice(1);
  const { kernel, stride, padding, dilation, ceilMode } = win;
  const out = spatial.map((n, i) => slidingOutputSize(n, kernel[i]!, stride[i]!, padding[i]!, dilation[i]!, ceilMode));
  if (out.some((o) => o < 1)) {
    const span = kernel.map((k, i) => effectiveKernel(k, dilation[i]!));
    const dilated = dilation.some((d) => d !== 1) ? ` (dilated to ${span.join('x')})` : '';
    throw new Error(
      `${where}: kernel ${kernel.join('x')}${dilated} is larger than its padded input ` +
        `${spatial.map((n, i) => n + 2 * padding[i]!).join('x')} (input ${show(map)}, padding ${show(padding)})`,
    );
  }
  return out;
}

type PoolNd = LayerOf<'MaxPool1d'> | LayerOf<'AvgPool1d'> | LayerOf<'MaxPool3d'> | LayerOf<'AvgPool3d'>;
const poolAxes = (layer: PoolNd): 1 | 3 => (layer.type.endsWith('1d') ? 1 : 3);

/** The window of a 1-D or 3-D pooling layer, one size per spatial axis. */
export function poolWindowNd(layer: PoolNd): WindowNd {
  const axes = poolAxes(layer);
  return {
    kernel: toSizes(layer.type, 'kernelSize', layer.kernelSize, axes),
    stride: toSizes(layer.type, 'stride', layer.stride, axes),
    padding: toSizes(layer.type, 'padding', layer.padding, axes, requireNonNegativeInt),
    dilation: Array.from({ length: axes }, () => 1),
    ceilMode: layer.ceilMode,
  };
}

function poolOutputNd(layer: PoolNd, input: Flow, where: string): Flow {
  const map = mapOfRank(input, where, poolAxes(layer));
  return { shape: [map[0]!, ...slidingOutputNd(where, map, poolWindowNd(layer))], flattenedFrom: null };
}

type ConvNd = LayerOf<'Conv1d'> | LayerOf<'Conv3d'>;
const sizesOf = (v: number | readonly number[]): number[] => (typeof v === 'number' ? [v] : [...v]);

function convNdOutput(layer: ConvNd, input: Flow, where: string): Flow {
  const map = mapOfRank(input, where, layer.type === 'Conv1d' ? 1 : 3, layer.inChannels);
  if (map[0] !== layer.inChannels) {
    throw new Error(`${where}: expects ${layer.inChannels} input channels but receives ${map[0]} (input ${show(map)})`);
  }
  const win = {
    kernel: sizesOf(layer.kernelSize),
    stride: sizesOf(layer.stride),
    padding: sizesOf(layer.padding),
    dilation: sizesOf(layer.dilation),
    ceilMode: false,
  };
  return { shape: [layer.outChannels, ...slidingOutputNd(where, map, win)], flattenedFrom: null };
}

const convNdRule = <L extends ConvNd>(): LayerRule<L> => ({
  output: convNdOutput,
  params: (l) => convNdParameters({ ...l, kernel: sizesOf(l.kernelSize) }).total,
  macs: (l, input) =>
    convNdCost({
      ...l,
      input,
      kernel: sizesOf(l.kernelSize),
      stride: sizesOf(l.stride),
      padding: sizesOf(l.padding),
      dilation: sizesOf(l.dilation),
    }).macs,
  repr(l) {
    // PyTorch prints 1-D sizes as one-tuples, `(9,)`, and leaves out defaults.
    const t = (v: number | readonly number[]) => {
      const sizes = sizesOf(v);
      return sizes.length === 1 ? `(${sizes[0]},)` : `(${sizes.join(', ')})`;
    };
    const isAll = (v: number | readonly number[], n: number) => sizesOf(v).every((x) => x === n);
    const parts = [`${l.inChannels}`, `${l.outChannels}`, `kernel_size=${t(l.kernelSize)}`, `stride=${t(l.stride)}`];
    if (!isAll(l.padding, 0)) parts.push(`padding=${t(l.padding)}`);
    if (!isAll(l.dilation, 1)) parts.push(`dilation=${t(l.dilation)}`);
    if (l.groups !== 1) parts.push(`groups=${l.groups}`);
    if (!l.bias) parts.push('bias=False');
    return `${l.type}(${parts.join(', ')})`;
  },
});

const intOrSizes = (v: number | readonly number[]): string => (typeof v === 'number' ? String(v) : `(${v.join(', ')})`);

type Rules = { readonly [K in LayerType]: LayerRule<LayerOf<K>> };

export const rules: Rules = {
  Conv2d: {
    output(layer, input, where) {
      const map = featureMap(input, where, layer.inChannels);
      if (map[0] !== layer.inChannels) {
        throw new Error(`${where}: expects ${layer.inChannels} input channels but receives ${map[0]} (input ${show(map)})`);
      }
      const [h, w] = slidingOutput(where, map, { ...layer, kernel: layer.kernelSize, ceilMode: false });
      return { shape: [layer.outChannels, h, w], flattenedFrom: null };
    },
    params: (l) => convParameters({ ...l, kernel: l.kernelSize }).total,
    macs: (l, input) => convCost({ ...l, input: input as [number, number, number], kernel: l.kernelSize }).macs,
    repr(l) {
      // PyTorch's extra_repr leaves out arguments that have their default value.
      const parts = [`${l.inChannels}`, `${l.outChannels}`, `kernel_size=${tuple(l.kernelSize)}`, `stride=${tuple(l.stride)}`];
      if (l.padding[0] !== 0 || l.padding[1] !== 0) parts.push(`padding=${tuple(l.padding)}`);
      if (l.dilation[0] !== 1 || l.dilation[1] !== 1) parts.push(`dilation=${tuple(l.dilation)}`);
      if (l.groups !== 1) parts.push(`groups=${l.groups}`);
      if (!l.bias) parts.push('bias=False');
      return `Conv2d(${parts.join(', ')})`;
    },
  },
  BatchNorm2d: {
    output(layer, input, where) {
      const map = featureMap(input, where, layer.numFeatures);
      if (map[0] !== layer.numFeatures) {
        throw new Error(`${where}: expects ${layer.numFeatures} channels but receives ${map[0]} (input ${show(map)})`);
      }
      return input;
    },
    params: (l) => 2 * l.numFeatures,
    macs: none,
    repr: (l) =>
      `BatchNorm2d(${l.numFeatures}, eps=${pythonFloat(l.eps)}, momentum=${pythonFloat(l.momentum)}, affine=True, track_running_stats=True)`,
  },
  ReLU: elementwise((l) => `ReLU(${inplaceOnly(l)})`),
  ReLU6: elementwise((l) => `ReLU6(${inplaceOnly(l)})`),
  SiLU: elementwise((l) => `SiLU(${inplaceOnly(l)})`),
  LeakyReLU: elementwise((l) => `LeakyReLU(negative_slope=${pythonFloat(l.negativeSlope)}${l.inplace ? ', inplace=True' : ''})`),
  GELU: elementwise((l) => `GELU(approximate='${l.approximate}')`),
  Sigmoid: elementwise(() => 'Sigmoid()'),
  Tanh: elementwise(() => 'Tanh()'),
  Hardswish: elementwise(() => 'Hardswish()'),
  Hardsigmoid: elementwise(() => 'Hardsigmoid()'),
  MaxPool2d: {
    output: poolOutput,
    params: none,
    macs: none,
    repr: (l) =>
      `MaxPool2d(kernel_size=${intOrTuple(l.kernelSize)}, stride=${intOrTuple(l.stride)}, padding=${intOrTuple(l.padding)}, ` +
      `dilation=1, ceil_mode=${pythonBool(l.ceilMode)})`,
  },
  AvgPool2d: {
    output: poolOutput,
    params: none,
    macs: none,
    // PyTorch 1.13 prints only these three, whatever ceil_mode and count_include_pad are.
    repr: (l) =>
      `AvgPool2d(kernel_size=${intOrTuple(l.kernelSize)}, stride=${intOrTuple(l.stride)}, padding=${intOrTuple(l.padding)})`,
  },
  AdaptiveAvgPool2d: {
    output(layer, input, where) {
      const [c] = featureMap(input, where);
      return { shape: [c, ...toPair(layer.type, 'outputSize', layer.outputSize)], flattenedFrom: null };
    },
    params: none,
    macs: none,
    repr: (l) => `AdaptiveAvgPool2d(output_size=${intOrTuple(l.outputSize)})`,
  },
  Flatten: {
    output(_layer, input) {
      if (input.shape.length === 1) return input;
      return { shape: [product(input.shape)], flattenedFrom: input.shape };
    },
    params: none,
    macs: none,
    repr: () => 'Flatten(start_dim=1, end_dim=-1)',
  },
  Dropout: elementwise((l) => `Dropout(p=${pythonFloat(l.p)}, inplace=${pythonBool(l.inplace)})`),
  Identity: elementwise(() => 'Identity()'),
  StochasticDepth: elementwise((l) => `StochasticDepth(p=${pythonFloat(l.p)}, mode=${l.mode})`),
  Linear: {
    output(layer, input, where) {
      const features = input.shape.at(-1);
      // On a map whose last dimension is the features (channels moved last by a Permute, as in ConvNeXt),
      // PyTorch applies the layer at every position.
      if (input.shape.length > 1 && features === layer.inFeatures && input.flattenedFrom === null && input.channelsLast) {
        return { shape: [...input.shape.slice(0, -1), layer.outFeatures], flattenedFrom: null, channelsLast: true };
      }
      if (input.shape.length !== 1 || features === undefined) {
        throw new Error(
          `${where}: expects ${layer.inFeatures} input features but receives a feature map ${show(input.shape)}; ` +
            `add nn.Flatten() before it`,
        );
      }
      if (features !== layer.inFeatures) {
        const origin = input.flattenedFrom ? ` (from Flatten of ${show(input.flattenedFrom)})` : '';
        throw new Error(`${where}: expects ${layer.inFeatures} input features but receives ${features}${origin}`);
      }
      return { shape: [layer.outFeatures], flattenedFrom: null };
    },
    params: (l) => denseParameters(l).total,
    // At every position of a channels-last map: one in x out product per position.
    macs: (l, _input, output) => linearCost(l).macs * (product(output) / l.outFeatures),
    repr: (l) => `Linear(in_features=${l.inFeatures}, out_features=${l.outFeatures}, bias=${pythonBool(l.bias)})`,
  },
  LayerNorm: {
    output(layer, input, where) {
      const tail = input.shape.slice(-layer.normalizedShape.length);
      if (tail.length !== layer.normalizedShape.length || tail.some((d, i) => d !== layer.normalizedShape[i])) {
        throw new Error(
          `${where}: normalises the last dimensions ${show(layer.normalizedShape)} but receives ${show(input.shape)}` +
            (input.shape.length === 3 && !input.channelsLast ? '; for the channels of a [C, H, W] map use LayerNorm2d' : ''),
        );
      }
      return input;
    },
    params: (l) => (l.elementwiseAffine ? 2 * product(l.normalizedShape) : 0),
    macs: none,
    repr: (l) =>
      `LayerNorm(${pythonTuple(l.normalizedShape)}, eps=${pythonFloat(l.eps)}, elementwise_affine=${pythonBool(l.elementwiseAffine)})`,
  },
  LayerNorm2d: {
    output(layer, input, where) {
      const map = featureMap(input, where, layer.numChannels);
      if (input.channelsLast || map[0] !== layer.numChannels) {
        throw new Error(`${where}: expects ${layer.numChannels} channels but receives ${map[0]} (input ${show(map)})`);
      }
      return input;
    },
    params: (l) => 2 * l.numChannels,
    macs: none,
    // A subclass of nn.LayerNorm, so it prints as one under its own name.
    repr: (l) => `LayerNorm2d((${l.numChannels},), eps=${pythonFloat(l.eps)}, elementwise_affine=True)`,
  },
  Permute: {
    output(layer, input, where) {
      if (layer.dims.length !== input.shape.length + 1) {
        throw new Error(`${where}: permutes ${layer.dims.length} dimensions but receives [B, ${input.shape.join(', ')}]`);
      }
      const shape = layer.dims.slice(1).map((d) => input.shape[d - 1]!);
      // ConvNeXt's pair: [0, 2, 3, 1] moves channels last, [0, 3, 1, 2] moves them back.
      const channelsLast = input.shape.length === 3 ? layer.dims.join() === '0,2,3,1' : undefined;
      return { shape, flattenedFrom: null, ...(channelsLast ? { channelsLast } : {}) };
    },
    params: none,
    macs: none,
    repr: () => 'Permute()',
  },
  LayerScale: {
    output(layer, input, where) {
      const [c] = featureMap(input, where, layer.channels);
      if (input.channelsLast || c !== layer.channels) {
        throw new Error(`${where}: scales ${layer.channels} channels but receives ${show(input.shape)}`);
      }
      return input;
    },
    params: (l) => l.channels,
    macs: none,
    repr: (l) => `LayerScale(${l.channels}, init=${pythonFloat(l.init)})`,
  },
  Conv1d: convNdRule(),
  Conv3d: convNdRule(),
  MaxPool1d: {
    output: poolOutputNd,
    params: none,
    macs: none,
    repr: (l) =>
      `MaxPool1d(kernel_size=${l.kernelSize}, stride=${l.stride}, padding=${l.padding}, dilation=1, ceil_mode=${pythonBool(l.ceilMode)})`,
  },
  // nn.AvgPool1d stores its sizes as one-tuples, and prints them so.
  AvgPool1d: {
    output: poolOutputNd,
    params: none,
    macs: none,
    repr: (l) => `AvgPool1d(kernel_size=(${l.kernelSize},), stride=(${l.stride},), padding=(${l.padding},))`,
  },
  MaxPool3d: {
    output: poolOutputNd,
    params: none,
    macs: none,
    repr: (l) =>
      `MaxPool3d(kernel_size=${intOrSizes(l.kernelSize)}, stride=${intOrSizes(l.stride)}, padding=${intOrSizes(l.padding)}, ` +
      `dilation=1, ceil_mode=${pythonBool(l.ceilMode)})`,
  },
  AvgPool3d: {
    output: poolOutputNd,
    params: none,
    macs: none,
    repr: (l) =>
      `AvgPool3d(kernel_size=${intOrSizes(l.kernelSize)}, stride=${intOrSizes(l.stride)}, padding=${intOrSizes(l.padding)})`,
  },
  AdaptiveAvgPool1d: {
    output(layer, input, where) {
      const [c = 0] = mapOfRank(input, where, 1);
      return { shape: [c, layer.outputSize], flattenedFrom: null };
    },
    params: none,
    macs: none,
    repr: (l) => `AdaptiveAvgPool1d(output_size=${l.outputSize})`,
  },
};

/** The rule of a layer, typed for that layer. */
export function ruleFor<L extends LayerSpec>(layer: L): LayerRule<L> {
  const rule = rules[layer.type] as unknown as LayerRule<L> | undefined;
  if (!rule) throw new TypeError(`Unknown layer type '${layer.type}'; known: ${Object.keys(rules).join(', ')}`);
  return rule;
}
