// The building blocks of the classic architectures, as torchvision 0.14 defines
// them: same children, same names, same forward, so a model built from them
// prints, counts and names its weights exactly as torchvision's does.

import {
  AdaptiveAvgPool2d,
  BatchNorm2d,
  Conv2d,
  F,
  GELU,
  LayerNorm,
  Linear,
  MaxPool2d,
  Permute,
  Module,
  ReLU,
  ReLU6,
  Sequential,
  SequentialAs,
  Sigmoid,
  SiLU,
  StochasticDepth,
  pipe,
  type CustomModuleSpec,
  type LayerSpec,
  type ModuleSpec,
  type SequentialSpec,
} from './layers';

/** A normalisation layer for a number of channels, like torchvision's `norm_layer`. */
export type NormFactory = (channels: number) => LayerSpec;
/** An activation, like torchvision's `activation_layer`, which it calls with inplace=True. */
export type ActivationFactory = (opts: { inplace: boolean }) => LayerSpec;

const conv3x3 = (inPlanes: number, outPlanes: number, stride = 1, groups = 1) =>
  Conv2d(inPlanes, outPlanes, 3, { stride, padding: 1, groups, bias: false });
const conv1x1 = (inPlanes: number, outPlanes: number, stride = 1) => Conv2d(inPlanes, outPlanes, 1, { stride, bias: false });

export interface ResidualOptions {
  stride?: number;
  /**
   * The shortcut. By default it is what torchvision's `_make_layer` builds:
   * conv1x1 + BatchNorm2d when the stride or the channel count changes, and
   * none otherwise. null forces none.
   */
  downsample?: ModuleSpec | null;
}

function shortcut(inPlanes: number, outPlanes: number, stride: number, given: ModuleSpec | null | undefined): ModuleSpec | null {
  if (given !== undefined) return given;
  if (stride === 1 && inPlanes === outPlanes) return null;
  return Sequential(conv1x1(inPlanes, outPlanes, stride), BatchNorm2d(outPlanes));
}

/** ResNet-18/34's block: two 3x3 convs and a shortcut; `planes` output channels (expansion 1). */
export function BasicBlock(inPlanes: number, planes: number, opts: ResidualOptions = {}): CustomModuleSpec {
  const { stride = 1 } = opts;
  const downsample = shortcut(inPlanes, planes, stride, opts.downsample);
  return Module(
    'BasicBlock',
    {
      conv1: conv3x3(inPlanes, planes, stride),
      bn1: BatchNorm2d(planes),
      relu: ReLU({ inplace: true }),
      conv2: conv3x3(planes, planes),
      bn2: BatchNorm2d(planes),
      downsample,
    },
    (x, m) => m.relu(F.add(pipe(x, m.conv1, m.bn1, m.relu, m.conv2, m.bn2), downsample ? m.downsample(x) : x)),
  );
}
BasicBlock.expansion = 1;

/**
 * ResNet-50's block: 1x1 down to `planes`, 3x3 (carrying the stride, as
 * torchvision's "ResNet v1.5" does), 1x1 up to 4 * planes, and a shortcut.
 */
export function Bottleneck(
  inPlanes: number,
  planes: number,
  opts: ResidualOptions & { groups?: number; baseWidth?: number } = {},
): CustomModuleSpec {
  const { stride = 1, groups = 1, baseWidth = 64 } = opts;
  const width = Math.floor(planes * (baseWidth / 64)) * groups;
  const outPlanes = planes * Bottleneck.expansion;
  const downsample = shortcut(inPlanes, outPlanes, stride, opts.downsample);
  return Module(
    'Bottleneck',
    {
      conv1: conv1x1(inPlanes, width),
      bn1: BatchNorm2d(width),
      conv2: conv3x3(width, width, stride, groups),
      bn2: BatchNorm2d(width),
      conv3: conv1x1(width, outPlanes),
      bn3: BatchNorm2d(outPlanes),
      relu: ReLU({ inplace: true }),
      downsample,
    },
    (x, m) =>
      m.relu(F.add(pipe(x, m.conv1, m.bn1, m.relu, m.conv2, m.bn2, m.relu, m.conv3, m.bn3), downsample ? m.downsample(x) : x)),
  );
}
Bottleneck.expansion = 4;

/** GoogLeNet's conv: no bias, BatchNorm with eps 0.001, and a functional ReLU (so no ReLU child). */
export function BasicConv2d(
  inChannels: number,
  outChannels: number,
  kernelSize: number,
  opts: { stride?: number; padding?: number } = {},
): CustomModuleSpec {
  return Module(
    'BasicConv2d',
    { conv: Conv2d(inChannels, outChannels, kernelSize, { ...opts, bias: false }), bn: BatchNorm2d(outChannels, { eps: 0.001 }) },
    (x, m) => F.relu(m.bn(m.conv(x))),
  );
}

/**
 * GoogLeNet's inception block: four branches concatenated along channels.
 * As in torchvision, the "5x5" branch uses a 3x3 kernel.
 */
export function Inception(
  inChannels: number,
  ch1x1: number,
  ch3x3red: number,
  ch3x3: number,
  ch5x5red: number,
  ch5x5: number,
  poolProj: number,
): CustomModuleSpec {
  return Module(
    'Inception',
    {
      branch1: BasicConv2d(inChannels, ch1x1, 1),
      branch2: Sequential(BasicConv2d(inChannels, ch3x3red, 1), BasicConv2d(ch3x3red, ch3x3, 3, { padding: 1 })),
      branch3: Sequential(BasicConv2d(inChannels, ch5x5red, 1), BasicConv2d(ch5x5red, ch5x5, 3, { padding: 1 })),
      branch4: Sequential(MaxPool2d(3, { stride: 1, padding: 1, ceilMode: true }), BasicConv2d(inChannels, poolProj, 1)),
    },
    (x, m) => F.cat([m.branch1(x), m.branch2(x), m.branch3(x), m.branch4(x)]),
  );
}

export interface ConvNormActivationOptions {
  kernelSize?: number;
  stride?: number;
  /** Default: (kernelSize - 1) / 2 * dilation, which keeps the size at stride 1. */
  padding?: number;
  groups?: number;
  dilation?: number;
  /** Default BatchNorm2d; null for none. */
  norm?: NormFactory | null;
  /** Default ReLU; null for none. */
  activation?: ActivationFactory | null;
  /** Default: only when there is no norm (a bias before BatchNorm is wasted). */
  bias?: boolean;
}

/** torchvision.ops.Conv2dNormActivation: conv, norm, activation in a Sequential subclass. */
export function Conv2dNormActivation(
  inChannels: number,
  outChannels: number,
  opts: ConvNormActivationOptions = {},
): SequentialSpec {
  const { kernelSize = 3, stride = 1, groups = 1, dilation = 1, norm = BatchNorm2d, activation = ReLU } = opts;
  const { padding = Math.floor((kernelSize - 1) / 2) * dilation, bias = norm === null } = opts;
  const layers: ModuleSpec[] = [Conv2d(inChannels, outChannels, kernelSize, { stride, padding, dilation, groups, bias })];
  if (norm) layers.push(norm(outChannels));
  if (activation) layers.push(activation({ inplace: true }));
  return SequentialAs('Conv2dNormActivation', layers);
}

/**
 * MobileNet v1's unit: a depthwise 3x3 conv (one filter per channel) then a
 * pointwise 1x1 conv, each followed by BatchNorm and ReLU. It costs about
 * 1/out + 1/9 of a full 3x3 conv.
 */
export function DepthwiseSeparable(
  inChannels: number,
  outChannels: number,
  opts: { stride?: number; kernelSize?: number } = {},
): CustomModuleSpec {
  const { stride = 1, kernelSize = 3 } = opts;
  const padding = Math.floor((kernelSize - 1) / 2);
  return Module(
    'DepthwiseSeparable',
    {
      depthwise: Conv2d(inChannels, inChannels, kernelSize, { stride, padding, groups: inChannels, bias: false }),
      bn1: BatchNorm2d(inChannels),
      pointwise: Conv2d(inChannels, outChannels, 1, { bias: false }),
      bn2: BatchNorm2d(outChannels),
      relu: ReLU({ inplace: true }),
    },
    (x, m) => pipe(x, m.depthwise, m.bn1, m.relu, m.pointwise, m.bn2, m.relu),
  );
}

/** Python's round(): halves go to the even neighbour. */
function pythonRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** MobileNetV2's block: 1x1 expand (unless t = 1), 3x3 depthwise, 1x1 linear projection; residual when shapes allow. */
export function InvertedResidual(
  inp: number,
  oup: number,
  stride: number,
  expandRatio: number,
  norm: NormFactory = BatchNorm2d,
): CustomModuleSpec {
  const hidden = pythonRound(inp * expandRatio);
  const useResidual = stride === 1 && inp === oup;
  const layers: ModuleSpec[] = [];
  if (expandRatio !== 1) layers.push(Conv2dNormActivation(inp, hidden, { kernelSize: 1, norm, activation: ReLU6 }));
  layers.push(
    Conv2dNormActivation(hidden, hidden, { stride, groups: hidden, norm, activation: ReLU6 }),
    Conv2d(hidden, oup, 1, { bias: false }),
    norm(oup),
  );
  return Module('InvertedResidual', { conv: Sequential(...layers) }, (x, m) => (useResidual ? F.add(x, m.conv(x)) : m.conv(x)));
}

/**
 * torchvision.ops.SqueezeExcitation: global average pool, squeeze to
 * `squeezeChannels` with a 1x1 conv, expand back, and scale each input
 * channel by the sigmoid of the result.
 */
export function SqueezeExcitation(
  inputChannels: number,
  squeezeChannels: number,
  opts: { activation?: () => LayerSpec; scaleActivation?: () => LayerSpec } = {},
): CustomModuleSpec {
  const { activation = () => ReLU(), scaleActivation = () => Sigmoid() } = opts;
  return Module(
    'SqueezeExcitation',
    {
      avgpool: AdaptiveAvgPool2d(1),
      fc1: Conv2d(inputChannels, squeezeChannels, 1),
      fc2: Conv2d(squeezeChannels, inputChannels, 1),
      activation: activation(),
      scale_activation: scaleActivation(),
    },
    (x, m) => F.mul(pipe(x, m.avgpool, m.fc1, m.activation, m.fc2, m.scale_activation), x),
  );
}

/** torchvision's `_make_divisible`: round channels to a multiple of `divisor`, losing at most 10%. */
export function makeDivisible(v: number, divisor = 8, minValue = divisor): number {
  let out = Math.max(minValue, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (out < 0.9 * v) out += divisor;
  return out;
}

export interface MBConvConfig {
  expandRatio: number;
  kernel: number;
  stride: number;
  inputChannels: number;
  outChannels: number;
}

/**
 * EfficientNet's block: MobileNetV2's inverted residual with SiLU, a
 * squeeze-and-excitation on the expanded channels, and stochastic depth on
 * the residual branch.
 */
export function MBConv(cnf: MBConvConfig, stochasticDepthProb: number, norm: NormFactory = BatchNorm2d): CustomModuleSpec {
  const useResidual = cnf.stride === 1 && cnf.inputChannels === cnf.outChannels;
  const expanded = makeDivisible(cnf.inputChannels * cnf.expandRatio);
  const layers: ModuleSpec[] = [];
  if (expanded !== cnf.inputChannels) {
    layers.push(Conv2dNormActivation(cnf.inputChannels, expanded, { kernelSize: 1, norm, activation: SiLU }));
  }
  layers.push(
    Conv2dNormActivation(expanded, expanded, {
      kernelSize: cnf.kernel,
      stride: cnf.stride,
      groups: expanded,
      norm,
      activation: SiLU,
    }),
    SqueezeExcitation(expanded, Math.max(1, Math.floor(cnf.inputChannels / 4)), { activation: () => SiLU({ inplace: true }) }),
    Conv2dNormActivation(expanded, cnf.outChannels, { kernelSize: 1, norm, activation: null }),
  );
  return Module(
    'MBConv',
    { block: Sequential(...layers), stochastic_depth: StochasticDepth(stochasticDepthProb, 'row') },
    (x, m) => (useResidual ? F.add(m.stochastic_depth(m.block(x)), x) : m.block(x)),
  );
}

/**
 * ConvNeXt's block (torchvision's CNBlock): a 7x7 depthwise conv, then, with
 * channels last, LayerNorm and an MLP that expands 4x (Linear, GELU, Linear),
 * scaled per channel by a learned layer scale, through stochastic depth, added
 * to the input.
 */
export function CNBlock(dim: number, layerScale: number, stochasticDepthProb: number): CustomModuleSpec {
  return Module(
    'CNBlock',
    {
      block: Sequential(
        Conv2d(dim, dim, 7, { padding: 3, groups: dim, bias: true }),
        Permute([0, 2, 3, 1]),
        LayerNorm(dim, { eps: 1e-6 }),
        Linear(dim, 4 * dim),
        GELU(),
        Linear(4 * dim, dim),
        Permute([0, 3, 1, 2]),
      ),
      stochastic_depth: StochasticDepth(stochasticDepthProb, 'row'),
    },
    (x, m) => F.add(m.stochastic_depth(F.layerScale(m.block(x), dim, layerScale)), x),
  );
}

/** The blocks, grouped for cells: `blocks.BasicBlock(64, 64)`. */
export const blocks = {
  BasicBlock,
  Bottleneck,
  BasicConv2d,
  Inception,
  Conv2dNormActivation,
  DepthwiseSeparable,
  InvertedResidual,
  SqueezeExcitation,
  MBConv,
  CNBlock,
} as const;
