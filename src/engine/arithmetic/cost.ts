// How much arithmetic a layer does for one image.
//
// Convention (the one PyTorch's profiler, fvcore and most papers use):
//   MACs  = multiply-accumulates of the weights only: outputs × (C_in/groups)·kh·kw for a conv,
//           in × out for a dense layer; bias additions are NOT included.
//   FLOPs = 2 × MACs (one multiply and one add per MAC), again without bias additions.
// Bias additions (one per output value) are reported separately as `biasAdds`.
// All counts are per example; multiply by the batch size for a batch.

import { convShapeStepsFor } from './output-size';
import { type ConvOnImage, convParametersFor, type DenseLayer, denseParametersFor, type ParameterCount } from './parameters';
import { chwShape, exactCount, toPair, requirePositiveInt } from './pair';

/** The arithmetic of one layer on one example. */
export interface LayerCost {
  /** The output shape: [C_out, H', W'] for a conv, [out] for a dense layer. */
  readonly outputShape: readonly number[];
  /** How many output values the layer computes. */
  readonly outputs: number;
  /** Multiply-accumulates behind each output value: (C_in/groups)·kh·kw, or in for a dense layer. */
  readonly macsPerOutput: number;
  /** outputs × macsPerOutput, bias additions excluded. */
  readonly macs: number;
  /** 2 × macs, bias additions excluded (what PyTorch's profiler reports as FLOPs). */
  readonly flops: number;
  /** One addition per output value when the layer has a bias, else 0 (not in macs or flops). */
  readonly biasAdds: number;
  readonly params: ParameterCount;
}

export function cost(where: string, outputShape: number[], macsPerOutput: number, params: ParameterCount): LayerCost {
  const outputs = exactCount(
    where,
    'output count',
    outputShape.reduce((a, b) => a * b, 1),
  );
  const macs = exactCount(where, 'MAC count', outputs * macsPerOutput);
  return {
    outputShape,
    outputs,
    macsPerOutput,
    macs,
    flops: exactCount(where, 'FLOP count', 2 * macs),
    biasAdds: params.biases > 0 ? outputs : 0,
    params,
  };
}

function convCostFor(where: string, layer: ConvOnImage): LayerCost {
  const [c, h, w] = chwShape(where, 'input', layer.input);
  const groups = layer.groups ?? 1;
  const params = convParametersFor(where, {
    inChannels: c,
    outChannels: layer.outChannels,
    kernel: layer.kernel,
    groups,
    bias: layer.bias ?? true,
  });
  const [{ output: oh }, { output: ow }] = convShapeStepsFor(where, [h, w], layer);
  const [, cinPerGroup, kh, kw] = params.weightShape as [number, number, number, number];
  return cost(where, [layer.outChannels, oh, ow], cinPerGroup * kh * kw, params);
}

/** MACs and FLOPs of nn.Conv2d on one [C, H, W] image: every output value is a (C_in/groups)·kh·kw dot product. */
export function convCost(layer: ConvOnImage): LayerCost {
  return convCostFor('convCost', layer);
}

/** MACs and FLOPs of nn.Linear on one example: in × out multiply-accumulates. */
export function linearCost(layer: DenseLayer): LayerCost {
  const params = denseParametersFor('linearCost', layer);
  const [out, inFeatures] = params.weightShape as [number, number];
  return cost('linearCost', [out], inFeatures, params);
}

/** A standard conv to be replaced by a depthwise k×k conv (groups = C_in) then a pointwise 1×1 conv. */
export interface SeparableConvArgs {
  readonly input: readonly [number, number, number];
  readonly outChannels: number;
  readonly kernel: ConvOnImage['kernel'];
  readonly stride?: ConvOnImage['stride'];
  readonly padding?: ConvOnImage['padding'];
  readonly dilation?: ConvOnImage['dilation'];
  /** Whether every conv has a bias (PyTorch's default: true). */
  readonly bias?: boolean;
}

export interface SeparableComparison {
  /** The standard conv C_in -> C_out, k×k. */
  readonly standard: LayerCost;
  /** Depthwise: C_in -> C_in, k×k, groups = C_in (one k×k filter per channel; same stride/padding/dilation). */
  readonly depthwise: LayerCost;
  /** Pointwise: C_in -> C_out, 1×1, on the depthwise output. */
  readonly pointwise: LayerCost;
  /** depthwise + pointwise. */
  readonly separable: { readonly params: number; readonly macs: number; readonly flops: number };
  /** separable.params / standard.params (equals theoreticalRatio without biases). */
  readonly paramRatio: number;
  /** separable.macs / standard.macs (equals theoreticalRatio). */
  readonly macRatio: number;
  /** 1/C_out + 1/(kh·kw): the textbook saving, e.g. about 1/8 to 1/9 for 3×3 kernels and many channels. */
  readonly theoreticalRatio: number;
}

/** Depthwise-separable vs standard conv: params and MACs of each, and the ratio 1/C_out + 1/k². */
export function depthwiseSeparableCost(args: SeparableConvArgs): SeparableComparison {
  const where = 'depthwiseSeparableCost';
  const [c, h, w] = chwShape(where, 'input', args.input);
  const cout = requirePositiveInt(where, 'outChannels', args.outChannels);
  const [kh, kw] = toPair(where, 'kernel', args.kernel, requirePositiveInt);
  const window = { kernel: args.kernel, stride: args.stride, padding: args.padding, dilation: args.dilation };
  const bias = args.bias;
  const standard = convCostFor(where, { input: [c, h, w], outChannels: cout, ...window, bias });
  const depthwise = convCostFor(where, { input: [c, h, w], outChannels: c, groups: c, ...window, bias });
  const [, dh, dw] = depthwise.outputShape as [number, number, number];
  const pointwise = convCostFor(where, { input: [c, dh, dw], outChannels: cout, kernel: 1, bias });
  const separable = {
    params: depthwise.params.total + pointwise.params.total,
    macs: depthwise.macs + pointwise.macs,
    flops: depthwise.flops + pointwise.flops,
  };
  return {
    standard,
    depthwise,
    pointwise,
    separable,
    paramRatio: separable.params / standard.params.total,
    macRatio: separable.macs / standard.macs,
    theoreticalRatio: 1 / cout + 1 / (kh * kw),
  };
}
