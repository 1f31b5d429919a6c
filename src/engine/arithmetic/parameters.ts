// How many numbers a layer learns, counted like PyTorch's
// sum(p.numel() for p in layer.parameters()), and why a convolution needs so
// few of them next to a dense layer on the same image.

import { convShapeStepsFor, type Conv2dWindow } from './output-size';
import { booleanOr, chwShape, divisibleByGroups, exactCount, type IntOrPair, toPair, requirePositiveInt } from './pair';

/** An nn.Conv2d as far as its parameters go (bias on by default, as in PyTorch). */
export interface ConvLayer {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: IntOrPair;
  /** Split channels into independent groups (groups = inChannels is a depthwise convolution). */
  readonly groups?: number;
  readonly bias?: boolean;
}

/** An nn.Linear (bias on by default, as in PyTorch). */
export interface DenseLayer {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly bias?: boolean;
}

/** A parameter count split the way PyTorch stores it, so a figure can show the weight tensor's shape. */
export interface ParameterCount {
  /** PyTorch's weight shape: [C_out, C_in/groups, kh, kw] for a conv, [out, in] for a dense layer. */
  readonly weightShape: readonly number[];
  readonly weights: number;
  /** One per output channel or unit, 0 without bias. */
  readonly biases: number;
  readonly total: number;
  /** The count with its numbers filled in, e.g. "64·3·3·3 + 64 = 1792". */
  readonly formula: string;
}

export function count(where: string, weightShape: number[], biases: number): ParameterCount {
  const weights = exactCount(
    where,
    'weight count',
    weightShape.reduce((a, b) => a * b, 1),
  );
  const total = exactCount(where, 'parameter count', weights + biases);
  const bias = biases > 0 ? ` + ${biases}` : '';
  return { weightShape, weights, biases, total, formula: `${weightShape.join('·')}${bias} = ${total}` };
}

/** Parameters of nn.Conv2d: C_out·(C_in/groups)·kh·kw weights + C_out biases, whatever the image size. */
export function convParameters(layer: ConvLayer): ParameterCount {
  return convParametersFor('convParameters', layer);
}

/** convParameters for another module's function, so its errors carry that function's name. */
export function convParametersFor(where: string, layer: ConvLayer): ParameterCount {
  const cin = requirePositiveInt(where, 'inChannels', layer.inChannels);
  const cout = requirePositiveInt(where, 'outChannels', layer.outChannels);
  const [kh, kw] = toPair(where, 'kernel', layer.kernel, requirePositiveInt);
  const groups = requirePositiveInt(where, 'groups', layer.groups ?? 1);
  divisibleByGroups(where, 'inChannels', cin, groups);
  divisibleByGroups(where, 'outChannels', cout, groups);
  const bias = booleanOr(where, 'bias', layer.bias, true);
  return count(where, [cout, cin / groups, kh, kw], bias ? cout : 0);
}

/** Parameters of nn.Linear: one weight per (input, output) pair + one bias per output. */
export function denseParameters(layer: DenseLayer): ParameterCount {
  return denseParametersFor('denseParameters', layer);
}

/** denseParameters for another module's function, so its errors carry that function's name. */
export function denseParametersFor(where: string, layer: DenseLayer): ParameterCount {
  const inFeatures = requirePositiveInt(where, 'inFeatures', layer.inFeatures);
  const outFeatures = requirePositiveInt(where, 'outFeatures', layer.outFeatures);
  const bias = booleanOr(where, 'bias', layer.bias, true);
  return count(where, [outFeatures, inFeatures], bias ? outFeatures : 0);
}

/** A convolution applied to a [C, H, W] image, for comparing it with a dense layer on the same image. */
export interface ConvOnImage extends Conv2dWindow {
  /** The input feature map [C, H, W]; C is the conv's inChannels. */
  readonly input: readonly [number, number, number];
  readonly outChannels: number;
  readonly groups?: number;
  readonly bias?: boolean;
}

export interface ConvDenseComparison {
  readonly conv: ParameterCount;
  readonly dense: ParameterCount;
  /** The conv's output [C_out, H', W']. */
  readonly convOutputShape: readonly [number, number, number];
  /** C·H·W: what the dense layer sees once the image is flattened. */
  readonly inFeatures: number;
  /** The dense layer's units: C_out·H'·W' unless given. */
  readonly outFeatures: number;
  /** dense.total / conv.total: how many times more parameters the dense layer needs. */
  readonly ratio: number;
  /** How many output positions reuse each conv weight (H'·W'): the weight sharing a dense layer lacks. */
  readonly weightReuse: number;
}

/**
 * The same image through a conv and through a dense layer: by default the dense layer produces as many
 * outputs as the conv (C_out·H'·W'), or pass `denseUnits` (e.g. 1000 classes on a 224×224×3 image).
 */
export function compareConvWithDense(layer: ConvOnImage, denseUnits?: number): ConvDenseComparison {
  const where = 'compareConvWithDense';
  const [c, h, w] = chwShape(where, 'input', layer.input);
  const conv = convParametersFor(where, {
    inChannels: c,
    outChannels: layer.outChannels,
    kernel: layer.kernel,
    groups: layer.groups ?? 1,
    bias: layer.bias ?? true,
  });
  const [{ output: oh }, { output: ow }] = convShapeStepsFor(where, [h, w], layer);
  const cout = layer.outChannels;
  const inFeatures = exactCount(where, 'inFeatures', c * h * w);
  const outFeatures =
    denseUnits === undefined
      ? exactCount(where, 'outFeatures', cout * oh * ow)
      : requirePositiveInt(where, 'denseUnits', denseUnits);
  const dense = count(where, [outFeatures, inFeatures], (layer.bias ?? true) ? outFeatures : 0);
  return {
    conv,
    dense,
    convOutputShape: [cout, oh, ow],
    inFeatures,
    outFeatures,
    ratio: dense.total / conv.total,
    weightReuse: oh * ow,
  };
}
