// Spec -> tf.LayersModel. tfjs is channels-last, so the model takes [B, H, W, C]
// while the spec (and the reader) think in PyTorch's [B, C, H, W]. Invariant:
// after the tfjs layers of a spec layer, the tensor is the NHWC (or [B, F])
// form of the tensor PyTorch has after that layer, so weights and activations
// line up one to one with PyTorch's. The model is functional, built by walking
// the spec's forward with spec/infer's `trace`, so blocks with branches
// (residual add, inception concat, squeeze-and-excitation multiply) work.
//
// Naming rule: the input layer is `input`; the main tfjs layer of the spec
// layer at PyTorch path p is `${type}_${p}` with the type in lower case
// (`conv2d_0`, `batchnorm2d_1` in a Sequential; `conv2d_layer1.0.conv1` in a
// ResNet), so a layer is found from its PyTorch name. A module called twice
// (a block's ReLU) gets `_2` on its second call; a function or merge in a
// forward is named after its module's path (`relu_conv1`, `add_layer1.0`,
// `flatten_model` at the top). Helper layers that a spec layer needs in tfjs
// get a suffix: `conv2d_4_pad`, `flatten_13_chw`,
// `adaptiveavgpool2d_12_keepdims`. tfjs only requires layer names to be
// unique within a model, so every model gets the same names; tfjs does keep a
// global registry of *weight* names and suffixes repeats (`conv2d_0/kernel_1`
// in the second model built), so load weights by layer
// (`getLayer(name).setWeights`, or loadTorchWeights), never by weight name.

import * as tf from '@tensorflow/tfjs';
import { layerParams, namedModules, trace, type InputShape, type LayerStep, type MergeStep } from '../spec/infer';
import { formatBytes, formatCount } from '../arithmetic/format';
import { effectiveKernel, slidingOutputSize } from '../arithmetic/output-size';
import { type Pair, toPair } from '../arithmetic/pair';
import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  Conv2d,
  MaxPool2d,
  type LayerOf,
  type LayerSpec,
  type LayerType,
  type MergeOp,
  type ModuleSpec,
} from '../spec/layers';
import { poolWindow, poolWindowNd } from '../spec/rules';
import { useFusedTrainingPath } from './fused-batch-norm';
import { hasWeights, layerName } from './layer-names';
import {
  TorchAdaptiveAvgPool2d,
  TorchAvgPool2d,
  TorchDilatedDepthwiseConv2d,
  TorchElementwise,
  TorchPad2d,
  TorchPad3d,
  TorchStochasticDepth,
} from './torch-layers';

export interface BuildOptions {
  /** Seeds the weight initialisers, so the same seed builds the same weights. */
  seed?: number;
}

interface Context {
  /** The spec layer, as reader-facing errors name it: `Layer layer1.0.conv1 (Conv2d)`. */
  where: string;
  /** Name of the main tfjs layer. */
  name: string;
  /** Per-example input and output shapes in PyTorch's order: [C, H, W] or [F]. */
  input: readonly number[];
  output: readonly number[];
  /** Position of the layer in the forward, which varies the seeded initialisers. */
  ordinal: number;
  seed: number | undefined;
}

type Builder<L> = (layer: L, ctx: Context) => tf.layers.Layer[];

/**
 * PyTorch's default init for Conv2d and Linear (kaiming_uniform_ with a = sqrt(5)
 * for the weight, and the same bound for the bias): U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
 */
function pytorchDefaultInit(fanIn: number, ctx: Context, slot: number): ReturnType<typeof tf.initializers.randomUniform> {
  const bound = 1 / Math.sqrt(fanIn);
  const seed = ctx.seed === undefined ? undefined : ctx.seed * 1000 + ctx.ordinal * 2 + slot;
  return tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed });
}

/**
 * True when TensorFlow's 'same' padding gives exactly PyTorch's symmetric padding
 * on an axis of this size. 'same' pads floor(total / 2) before and the rest after;
 * windows then start where PyTorch's do, and if there are as many of them they
 * see the same values.
 */
function sameEqualsSymmetric(size: number, kernel: number, stride: number, padding: number, dilation: number): boolean {
  const span = effectiveKernel(kernel, dilation);
  const outSame = Math.ceil(size / stride);
  const totalPad = Math.max((outSame - 1) * stride + span - size, 0);
  const outTorch = slidingOutputSize(size, kernel, stride, padding, dilation);
  return Math.floor(totalPad / 2) === padding && outSame === outTorch;
}

interface Padding {
  mode: 'valid' | 'same' | 'explicit';
  /** [before, after] per spatial axis ([[top, bottom], [left, right]] in 2-D): PyTorch's padding, plus what ceil_mode's partial last window needs. */
  pads: [number, number][];
}

/** How to pad each spatial axis of the input ctx.input ([C, ...spatial]) so tfjs' windows fall where PyTorch's do. */
function paddingNd(
  ctx: Context,
  kernel: readonly number[],
  stride: readonly number[],
  pad: readonly number[],
  dilation: readonly number[],
  ceilMode: boolean,
): Padding {
  const spatial = ctx.input.slice(1);
  const outs = ctx.output.slice(1);
  // Rows or columns past the padding that the last window reaches: only with ceil_mode.
  const extra = spatial.map((size, i) =>
    ceilMode ? Math.max(0, (outs[i]! - 1) * stride[i]! + effectiveKernel(kernel[i]!, dilation[i]!) - (size + 2 * pad[i]!)) : 0,
  );
  const pads = spatial.map((_, i): [number, number] => [pad[i]!, pad[i]! + extra[i]!]);
  if (pads.flat().every((p) => p === 0)) return { mode: 'valid', pads };
  const same =
    extra.every((e) => e === 0) &&
    spatial.every((size, i) => sameEqualsSymmetric(size, kernel[i]!, stride[i]!, pad[i]!, dilation[i]!));
  return { mode: same ? 'same' : 'explicit', pads };
}

function padding(ctx: Context, kernel: Pair, stride: Pair, pad: Pair, dilation: Pair, ceilMode: boolean) {
  const { mode, pads } = paddingNd(ctx, kernel, stride, pad, dilation, ceilMode);
  return { mode, pads: pads as [[number, number], [number, number]] };
}

/** The lowest float32: a max-pooling pad that never wins, and that WebGL's float uniforms can hold, unlike -Infinity. */
const LOWEST_FLOAT32 = -3.4028234663852886e38;

const activation = (name: string, fn: Parameters<typeof tf.layers.activation>[0]['activation']) => [
  tf.layers.activation({ name, activation: fn }),
];

/**
 * The layers ConvNeXt brought to the zoo (LayerNorm, Permute, layer scale) are
 * specs for counting and printing only: the builder's channels-last layout
 * does not follow a Permute yet.
 */
export const NOT_BUILDABLE_MESSAGE =
  'is not buildable in the browser yet (the spec counts and prints it; tfjs cannot train it here)';
function notBuildable(what: string, ctx: Context): never {
  throw new Error(`${ctx.where}: ${what} ${NOT_BUILDABLE_MESSAGE}`);
}

const builders: { readonly [K in LayerType]: Builder<LayerOf<K>> } = {
  Conv2d(layer, ctx) {
    const { kernelSize, stride, dilation, groups } = layer;
    const depthwise = groups > 1 && groups === layer.inChannels;
    if (groups > 1 && !depthwise) {
      throw new Error(
        `${ctx.where}: groups=${groups} (a grouped convolution) has no tfjs layer; ` +
          `only groups=1 and depthwise convolutions (groups = in_channels = ${layer.inChannels}) can be built`,
      );
    }
    if ((stride[0] > 1 || stride[1] > 1) && (dilation[0] > 1 || dilation[1] > 1)) {
      throw new Error(`${ctx.where}: tfjs cannot combine a stride above 1 with a dilation above 1`);
    }
    const pad = padding(ctx, kernelSize, stride, layer.padding, dilation, false);
    const fanIn = (layer.inChannels / groups) * kernelSize[0] * kernelSize[1];
    const common = {
      name: ctx.name,
      kernelSize: [...kernelSize] as [number, number],
      strides: [...stride] as [number, number],
      dilationRate: [...dilation] as [number, number],
      padding: pad.mode === 'same' ? ('same' as const) : ('valid' as const),
      useBias: layer.bias,
      biasInitializer: pytorchDefaultInit(fanIn, ctx, 1),
    };
    const dilated = dilation[0] > 1 || dilation[1] > 1;
    if (depthwise && dilated) {
      const conv = new TorchDilatedDepthwiseConv2d({
        name: ctx.name,
        kernelSize,
        depthMultiplier: layer.outChannels / layer.inChannels,
        dilation,
        useBias: layer.bias,
        initializers: [pytorchDefaultInit(fanIn, ctx, 0), pytorchDefaultInit(fanIn, ctx, 1)],
      });
      return pad.mode === 'valid' ? [conv] : [tf.layers.zeroPadding2d({ name: `${ctx.name}_pad`, padding: pad.pads }), conv];
    }
    const conv = depthwise
      ? tf.layers.depthwiseConv2d({
          ...common,
          depthMultiplier: layer.outChannels / layer.inChannels,
          depthwiseInitializer: pytorchDefaultInit(fanIn, ctx, 0),
        })
      : tf.layers.conv2d({ ...common, filters: layer.outChannels, kernelInitializer: pytorchDefaultInit(fanIn, ctx, 0) });
    if (pad.mode !== 'explicit') return [conv];
    return [tf.layers.zeroPadding2d({ name: `${ctx.name}_pad`, padding: pad.pads }), conv];
  },
  BatchNorm2d(layer, ctx) {
    const bn = tf.layers.batchNormalization({
      name: ctx.name,
      axis: -1,
      // Keras weighs the old average by momentum; PyTorch weighs the new batch by it.
      momentum: 1 - layer.momentum,
      epsilon: layer.eps,
    });
    useFusedTrainingPath(bn);
    return [bn];
  },
  ReLU: (_layer, ctx) => [tf.layers.reLU({ name: ctx.name })],
  ReLU6: (_layer, ctx) => [tf.layers.reLU({ name: ctx.name, maxValue: 6 })],
  LeakyReLU: (layer, ctx) => [tf.layers.leakyReLU({ name: ctx.name, alpha: layer.negativeSlope })],
  SiLU: (_layer, ctx) => activation(ctx.name, 'swish'),
  // tfjs' 'gelu' is the exact erf form and 'gelu_new' the tanh approximation, as PyTorch's two.
  GELU: (layer, ctx) => activation(ctx.name, layer.approximate === 'none' ? 'gelu' : 'gelu_new'),
  Sigmoid: (_layer, ctx) => activation(ctx.name, 'sigmoid'),
  Tanh: (_layer, ctx) => activation(ctx.name, 'tanh'),
  // tfjs' hardSigmoid is Keras' 0.2x + 0.5; PyTorch's is relu6(x + 3) / 6.
  Hardswish: (_layer, ctx) => [new TorchElementwise({ name: ctx.name, fn: 'hardswish' })],
  Hardsigmoid: (_layer, ctx) => [new TorchElementwise({ name: ctx.name, fn: 'hardsigmoid' })],
  MaxPool2d(layer, ctx) {
    const { kernel, stride, padding: pad, ceilMode } = poolWindow(layer);
    const p = padding(ctx, kernel, stride, pad, [1, 1], ceilMode);
    // tfjs' 'same' pooling ignores the padding, as PyTorch's -inf padding does.
    const mode = p.mode === 'same' ? 'same' : 'valid';
    const pool = tf.layers.maxPooling2d({ name: ctx.name, poolSize: [...kernel], strides: [...stride], padding: mode });
    if (p.mode !== 'explicit') return [pool];
    return [new TorchPad2d({ name: `${ctx.name}_pad`, pads: p.pads, value: LOWEST_FLOAT32 }), pool];
  },
  AvgPool2d(layer, ctx) {
    const window = { ...poolWindow(layer), countIncludePad: layer.countIncludePad };
    const p = padding(ctx, window.kernel, window.stride, window.padding, [1, 1], window.ceilMode);
    if (p.mode === 'valid') {
      return [
        tf.layers.averagePooling2d({
          name: ctx.name,
          poolSize: [...window.kernel],
          strides: [...window.stride],
          padding: 'valid',
        }),
      ];
    }
    return [new TorchAvgPool2d({ name: ctx.name, window })];
  },
  AdaptiveAvgPool2d(layer, ctx) {
    const [channels = 0, h = 0, w = 0] = ctx.input;
    const [oh, ow] = toPair(layer.type, 'outputSize', layer.outputSize);
    if (oh === 1 && ow === 1) {
      // tfjs 4.22's global pooling has no keepDims; restore PyTorch's [C, 1, 1].
      return [
        tf.layers.globalAveragePooling2d({ name: ctx.name }),
        tf.layers.reshape({ name: `${ctx.name}_keepdims`, targetShape: [1, 1, channels] }),
      ];
    }
    // Equal bins when the sizes divide: plain average pooling (or nothing at all).
    if (h % oh === 0 && w % ow === 0) {
      if (h === oh && w === ow) return [];
      const size: [number, number] = [h / oh, w / ow];
      return [tf.layers.averagePooling2d({ name: ctx.name, poolSize: size, strides: size, padding: 'valid' })];
    }
    return [new TorchAdaptiveAvgPool2d({ name: ctx.name, outputSize: [oh, ow] })];
  },
  Flatten(_layer, ctx) {
    const [c = 1, ...spatial] = ctx.input;
    if (ctx.input.length === 1) return [tf.layers.reshape({ name: ctx.name, targetShape: [c] })];
    const flatten = tf.layers.flatten({ name: ctx.name });
    // NHWC would flatten in H, W, C order; PyTorch flattens C, H, W (C, L and
    // C, D, H, W likewise). Only the order matters, so a map with a single
    // channel or a single position needs no permute.
    if (c === 1 || spatial.every((d) => d === 1)) return [flatten];
    const dims = [spatial.length + 1, ...spatial.map((_, i) => i + 1)];
    return [tf.layers.permute({ name: `${ctx.name}_chw`, dims }), flatten];
  },
  // No seed on purpose: a seeded tfjs dropout layer draws the same mask at every step.
  Dropout: (layer, ctx) => [tf.layers.dropout({ name: ctx.name, rate: layer.p })],
  // No activation: the model outputs logits, as a PyTorch classifier does.
  Linear: (layer, ctx) => {
    if (ctx.input.length !== 1) return notBuildable('Linear on a channels-last map', ctx);
    return [
      tf.layers.dense({
        name: ctx.name,
        units: layer.outFeatures,
        useBias: layer.bias,
        kernelInitializer: pytorchDefaultInit(layer.inFeatures, ctx, 0),
        biasInitializer: pytorchDefaultInit(layer.inFeatures, ctx, 1),
      }),
    ];
  },
  Identity: () => [],
  StochasticDepth: (layer, ctx) =>
    layer.p === 0 ? [] : [new TorchStochasticDepth({ name: ctx.name, p: layer.p, mode: layer.mode })],
  LayerNorm: (layer, ctx) => notBuildable(layer.type, ctx),
  LayerNorm2d: (layer, ctx) => notBuildable(layer.type, ctx),
  Permute: (layer, ctx) => notBuildable(layer.type, ctx),
  LayerScale: (layer, ctx) => notBuildable(layer.type, ctx),
  // A 1-D layer is its 2-D form on a map of height 1 (tfjs' own conv1d is
  // conv2d underneath too), so padding, ceil_mode and PyTorch's average-pool
  // divisor come from the 2-D builders, and training uses their gradients.
  Conv1d: (l, ctx) =>
    as2d(
      ctx,
      Conv2d(l.inChannels, l.outChannels, [1, l.kernelSize], {
        stride: [1, l.stride],
        padding: [0, l.padding],
        dilation: [1, l.dilation],
        groups: l.groups,
        bias: l.bias,
      }),
    ),
  MaxPool1d: (l, ctx) =>
    as2d(ctx, MaxPool2d([1, l.kernelSize], { stride: [1, l.stride], padding: [0, l.padding], ceilMode: l.ceilMode })),
  AvgPool1d: (l, ctx) =>
    as2d(
      ctx,
      AvgPool2d([1, l.kernelSize], {
        stride: [1, l.stride],
        padding: [0, l.padding],
        ceilMode: l.ceilMode,
        countIncludePad: l.countIncludePad,
      }),
    ),
  AdaptiveAvgPool1d: (l, ctx) => as2d(ctx, AdaptiveAvgPool2d([1, l.outputSize])),
  Conv3d(layer, ctx) {
    const { kernelSize, stride, dilation, groups } = layer;
    if (groups > 1) {
      throw new Error(`${ctx.where}: groups=${groups} has no tfjs layer in 3-D; only groups=1 can be built`);
    }
    if (stride.some((s) => s > 1) && dilation.some((d) => d > 1)) {
      throw new Error(`${ctx.where}: tfjs cannot combine a stride above 1 with a dilation above 1`);
    }
    const pad = paddingNd(ctx, kernelSize, stride, layer.padding, dilation, false);
    const fanIn = layer.inChannels * kernelSize[0] * kernelSize[1] * kernelSize[2];
    const conv = tf.layers.conv3d({
      name: ctx.name,
      filters: layer.outChannels,
      kernelSize: [...kernelSize],
      strides: [...stride],
      dilationRate: [...dilation] as [number, number, number],
      padding: pad.mode === 'same' ? 'same' : 'valid',
      useBias: layer.bias,
      kernelInitializer: pytorchDefaultInit(fanIn, ctx, 0),
      biasInitializer: pytorchDefaultInit(fanIn, ctx, 1),
    });
    if (pad.mode !== 'explicit') return [conv];
    return [new TorchPad3d({ name: `${ctx.name}_pad`, pads: pad.pads, value: 0 }), conv];
  },
  MaxPool3d(layer, ctx) {
    const { kernel, stride, padding: pad, dilation, ceilMode } = poolWindowNd(layer);
    const p = paddingNd(ctx, kernel, stride, pad, dilation, ceilMode);
    const mode = p.mode === 'same' ? 'same' : 'valid';
    const pool = tf.layers.maxPooling3d({ name: ctx.name, poolSize: kernel as Triple, strides: stride as Triple, padding: mode });
    if (p.mode !== 'explicit') return [pool];
    return [new TorchPad3d({ name: `${ctx.name}_pad`, pads: p.pads, value: LOWEST_FLOAT32 }), pool];
  },
  AvgPool3d(layer, ctx) {
    const { kernel, stride, padding: pad, dilation, ceilMode } = poolWindowNd(layer);
    const p = paddingNd(ctx, kernel, stride, pad, dilation, ceilMode);
    const pool = tf.layers.averagePooling3d({
      name: ctx.name,
      poolSize: kernel as Triple,
      strides: stride as Triple,
      padding: 'valid',
    });
    if (p.mode === 'valid') return [pool];
    // Zero padding then a plain average divides by the whole window, which is
    // PyTorch's count_include_pad=True as long as no window runs past the padding.
    const overhang = p.pads.some(([before, after]) => after !== before);
    if (!layer.countIncludePad || overhang) {
      throw new Error(
        `${ctx.where}: tfjs builds a padded AvgPool3d only with countIncludePad true and no ceilMode overhang; ` +
          `pad with a Conv3d or drop the padding`,
      );
    }
    return [new TorchPad3d({ name: `${ctx.name}_pad`, pads: p.pads, value: 0 }), pool];
  },
};

type Triple = [number, number, number];

/**
 * A 1-D layer built as its 2-D form: [B, L, C] is viewed as [B, 1, L, C], the
 * 2-D builder's layers run (the weighted one keeps the 1-D layer's name, so
 * PyTorch's state_dict finds it), and the result is viewed back as [B, L', C'].
 */
function as2d(ctx: Context, layer: LayerSpec): tf.layers.Layer[] {
  const [c = 0, length = 0] = ctx.input;
  const [oc = 0, outLength = 0] = ctx.output;
  const inner = { ...ctx, input: [c, 1, length], output: [oc, 1, outLength] };
  return [
    tf.layers.reshape({ name: `${ctx.name}_2d`, targetShape: [1, length, c] }),
    ...(builders[layer.type] as Builder<LayerSpec>)(layer, inner),
    tf.layers.reshape({ name: `${ctx.name}_1d`, targetShape: [outLength, oc] }),
  ];
}

const mergeLayers: Record<MergeOp, (name: string) => tf.layers.Layer> = {
  add: (name) => tf.layers.add({ name }),
  mul: (name) => tf.layers.multiply({ name }),
  // PyTorch's dim 1 (channels, or features) is tfjs' last axis.
  cat: (name) => tf.layers.concatenate({ name, axis: -1 }),
};

/**
 * Builds the spec as a tfjs model taking [B, H, W, C] images and returning
 * logits. Shape errors are thrown before any tfjs layer is made, naming the
 * spec layer (see spec/infer).
 */
/**
 * The most parameters a cell may build: 1 GB of float32 weights. Training
 * holds about four copies (weights, gradients, Adam's two moments), which is
 * what a browser tab can still get; VGG-16's 138 million fit.
 */
export const MAX_PARAMETERS = 250_000_000;

/** Refuses, from the spec alone, a model whose weights would not fit, before tfjs allocates any of them. */
function checkModelFits(spec: ModuleSpec): void {
  const params = layerParams(spec);
  if (params <= MAX_PARAMETERS) return;
  throw new RangeError(
    `buildModel(): this model has ${formatCount(params)} parameters (${formatBytes(4 * params)} of float32 weights), ` +
      `over the limit of ${formatCount(MAX_PARAMETERS)} (${formatBytes(4 * MAX_PARAMETERS)}) a cell may build in the browser; ` +
      'make the largest layers smaller (a Linear layer has in × out weights)',
  );
}

export function buildModel(spec: ModuleSpec, inputShape: InputShape, opts: BuildOptions = {}): tf.LayersModel {
  if (spec.type === 'Sequential' && spec.layers.length === 0)
    throw new Error('buildModel(): the Sequential has no layers; give nn.Sequential(...) at least one');
  // A dry run first: shape errors surface before tfjs has made (and leaked) any layer.
  trace(spec, inputShape, undefined, { layer: () => undefined, merge: () => undefined });
  checkModelFits(spec);
  // Name a module with weights by its first path in named_modules(), as loadTorchWeights looks it up.
  const pathOf = new Map(namedModules(spec).map(([path, module]) => [module, path] as const));
  const used = new Set<string>(['input']);
  const unique = (base: string): string => {
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  };
  // The same spec object called again shares its tfjs layers, and so its weights, as in PyTorch.
  const shared = new Map<LayerSpec, tf.layers.Layer[]>();
  let ordinal = 0;
  // Channels last: [C, H, W] is [H, W, C], [C, L] is [L, C], [C, D, H, W] is [D, H, W, C].
  const [c = 0, ...spatial] = inputShape;
  const input = tf.input({ name: 'input', shape: [...spatial, c] });
  const where = (step: LayerStep<unknown>) =>
    step.fn === null ? `Layer ${step.path} (${step.layer.type})` : `${step.fn} in the forward of ${step.path || 'the model'}`;
  const out = trace<tf.SymbolicTensor>(spec, inputShape, input, {
    layer(step) {
      let layers = hasWeights(step.layer) ? shared.get(step.layer) : undefined;
      if (!layers) {
        const path = step.fn === null ? (pathOf.get(step.layer) ?? step.path) : step.path;
        const ctx: Context = {
          where: where(step),
          name: unique(layerName(step.layer.type, path)),
          input: step.input.shape,
          output: step.output.shape,
          ordinal: ordinal++,
          seed: opts.seed,
        };
        layers = (builders[step.layer.type] as Builder<LayerSpec>)(step.layer, ctx);
        if (hasWeights(step.layer)) shared.set(step.layer, layers);
      }
      return layers.reduce((x, layer) => layer.apply(x) as tf.SymbolicTensor, step.x);
    },
    merge(step: MergeStep<tf.SymbolicTensor>) {
      return mergeLayers[step.op](unique(layerName(step.op, step.path))).apply(step.xs) as tf.SymbolicTensor;
    },
  });
  return tf.model({ inputs: input, outputs: out.value });
}

/**
 * Trainable parameters, comparable with PyTorch's count and spec/infer's.
 * `model.countParams()` also counts BatchNorm's moving mean and variance,
 * which PyTorch keeps as buffers.
 */
export function trainableParamCount(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
}

/** Names of the model's Conv2D layers, input side first. */
export function conv2dLayerNames(model: tf.LayersModel): string[] {
  return model.layers.filter((layer) => layer.getClassName() === 'Conv2D').map((layer) => layer.name);
}
