// Spec -> tf.LayersModel. tfjs is channels-last, so the model takes [B, H, W, C]
// while the spec (and the reader) think in PyTorch's [B, C, H, W]. Invariant:
// after the tfjs layers of spec layer i, the tensor is the NHWC (or [B, F])
// form of the shape PyTorch has after layer i, so weights and activations
// line up one to one with PyTorch's.
//
// Naming rule: the input layer is `input`; the main tfjs layer of spec layer
// i is `${type}_${i}` with the type in lower case (`conv2d_0`,
// `batchnorm2d_1`, `relu_2`, ...), matching the `(i)` in PyTorch's printout.
// Helper layers that a spec layer needs in tfjs get a suffix: `conv2d_4_pad`,
// `flatten_13_chw`, `adaptiveavgpool2d_12_keepdims`. tfjs only requires layer
// names to be unique within a model, so every model gets the same names; tfjs
// does keep a global registry of *weight* names and suffixes repeats
// (`conv2d_0/kernel_1` in the second model built), so load weights by layer
// (`getLayer(name).setWeights`), never by weight name.

import * as tf from '@tensorflow/tfjs';
import { layerInputShapes } from '../spec/infer';
import { pair, type LayerOf, type LayerSpec, type LayerType, type Pair, type SequentialSpec } from '../spec/layers';

export interface BuildOptions {
  /** Seeds the weight initialisers, so the same seed builds the same weights. */
  seed?: number;
}

interface Context {
  /** Index in the Sequential: the PyTorch name of the layer. */
  index: number;
  name: string;
  /** Per-example input shape in PyTorch's order: [C, H, W] or [F]. */
  input: readonly number[];
  seed: number | undefined;
}

type Builder<L> = (layer: L, ctx: Context) => tf.layers.Layer[];

const layerName = (type: LayerType, index: number): string => `${type.toLowerCase()}_${index}`;

/**
 * PyTorch's default init for Conv2d and Linear (kaiming_uniform_ with a = sqrt(5)
 * for the weight, and the same bound for the bias): U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
 */
function pytorchDefaultInit(fanIn: number, ctx: Context, slot: number): ReturnType<typeof tf.initializers.randomUniform> {
  const bound = 1 / Math.sqrt(fanIn);
  const seed = ctx.seed === undefined ? undefined : ctx.seed * 1000 + ctx.index * 2 + slot;
  return tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed });
}

/**
 * True when TensorFlow's 'same' padding gives exactly PyTorch's symmetric padding
 * on an axis of this size. 'same' pads floor(total / 2) before and the rest after;
 * windows then start where PyTorch's do, and if there are as many of them they
 * see the same values.
 */
function sameEqualsSymmetric(size: number, kernel: number, stride: number, padding: number, dilation: number): boolean {
  const span = dilation * (kernel - 1) + 1;
  const outSame = Math.ceil(size / stride);
  const totalPad = Math.max((outSame - 1) * stride + span - size, 0);
  const outTorch = Math.floor((size + 2 * padding - span) / stride) + 1;
  return Math.floor(totalPad / 2) === padding && outSame === outTorch;
}

function paddingMode(
  ctx: Context,
  kernel: Pair,
  stride: Pair,
  padding: Pair,
  dilation: Pair,
): 'valid' | 'same' | 'explicit' {
  if (padding[0] === 0 && padding[1] === 0) return 'valid';
  const [, h = 0, w = 0] = ctx.input;
  const same =
    sameEqualsSymmetric(h, kernel[0], stride[0], padding[0], dilation[0]) &&
    sameEqualsSymmetric(w, kernel[1], stride[1], padding[1], dilation[1]);
  return same ? 'same' : 'explicit';
}

const builders: { readonly [K in LayerType]: Builder<LayerOf<K>> } = {
  Conv2d(layer, ctx) {
    const { kernelSize, stride, padding, dilation } = layer;
    if ((stride[0] > 1 || stride[1] > 1) && (dilation[0] > 1 || dilation[1] > 1)) {
      throw new Error(`Layer ${ctx.index} (Conv2d): tfjs cannot combine a stride above 1 with a dilation above 1`);
    }
    const mode = paddingMode(ctx, kernelSize, stride, padding, dilation);
    const fanIn = layer.inChannels * kernelSize[0] * kernelSize[1];
    const conv = tf.layers.conv2d({
      name: ctx.name,
      filters: layer.outChannels,
      kernelSize: [...kernelSize],
      strides: [...stride],
      dilationRate: [...dilation],
      padding: mode === 'same' ? 'same' : 'valid',
      useBias: layer.bias,
      kernelInitializer: pytorchDefaultInit(fanIn, ctx, 0),
      biasInitializer: pytorchDefaultInit(fanIn, ctx, 1),
    });
    if (mode !== 'explicit') return [conv];
    const pad = tf.layers.zeroPadding2d({
      name: `${ctx.name}_pad`,
      padding: [
        [padding[0], padding[0]],
        [padding[1], padding[1]],
      ],
    });
    return [pad, conv];
  },
  BatchNorm2d: (layer, ctx) => [
    tf.layers.batchNormalization({
      name: ctx.name,
      axis: -1,
      // Keras weighs the old average by momentum; PyTorch weighs the new batch by it.
      momentum: 1 - layer.momentum,
      epsilon: layer.eps,
    }),
  ],
  ReLU: (_layer, ctx) => [tf.layers.reLU({ name: ctx.name })],
  MaxPool2d(layer, ctx) {
    const [kernel, stride, padding] = [pair(layer.kernelSize), pair(layer.stride), pair(layer.padding)];
    const mode = paddingMode(ctx, kernel, stride, padding, [1, 1]);
    if (mode === 'explicit') {
      // PyTorch pads max pooling with -inf; tfjs has no such padding layer, only 'same'.
      throw new Error(
        `Layer ${ctx.index} (MaxPool2d): padding ${padding[0]}x${padding[1]} on a ` +
          `${ctx.input[1]}x${ctx.input[2]} input has no tfjs equivalent (TensorFlow pads pooling asymmetrically)`,
      );
    }
    return [tf.layers.maxPooling2d({ name: ctx.name, poolSize: [...kernel], strides: [...stride], padding: mode })];
  },
  AdaptiveAvgPool2d(_layer, ctx) {
    const [channels = 0] = ctx.input;
    // tfjs 4.22's global pooling has no keepDims; restore PyTorch's [C, 1, 1].
    return [
      tf.layers.globalAveragePooling2d({ name: ctx.name }),
      tf.layers.reshape({ name: `${ctx.name}_keepdims`, targetShape: [1, 1, channels] }),
    ];
  },
  Flatten(_layer, ctx) {
    const [c = 1, h = 1, w = 1] = ctx.input;
    if (ctx.input.length === 1) return [tf.layers.reshape({ name: ctx.name, targetShape: [c] })];
    const flatten = tf.layers.flatten({ name: ctx.name });
    // NHWC would flatten in H, W, C order; PyTorch flattens C, H, W. Only the
    // order matters, so a map with a single channel or a single pixel needs no permute.
    if (c === 1 || h * w === 1) return [flatten];
    return [tf.layers.permute({ name: `${ctx.name}_chw`, dims: [3, 1, 2] }), flatten];
  },
  // No seed on purpose: a seeded tfjs dropout layer draws the same mask at every step.
  Dropout: (layer, ctx) => [tf.layers.dropout({ name: ctx.name, rate: layer.p })],
  // No activation: the model outputs logits, as a PyTorch classifier does.
  Linear: (layer, ctx) => [
    tf.layers.dense({
      name: ctx.name,
      units: layer.outFeatures,
      useBias: layer.bias,
      kernelInitializer: pytorchDefaultInit(layer.inFeatures, ctx, 0),
      biasInitializer: pytorchDefaultInit(layer.inFeatures, ctx, 1),
    }),
  ],
};

function tfLayersFor(layer: LayerSpec, ctx: Context): tf.layers.Layer[] {
  return (builders[layer.type] as Builder<LayerSpec>)(layer, ctx);
}

/**
 * Builds the spec as a tfjs model taking [B, H, W, C] images and returning
 * logits. Shape errors are thrown before any tfjs layer is made, naming the
 * spec layer (see spec/infer).
 */
export function buildModel(
  spec: SequentialSpec,
  inputShape: readonly [number, number, number],
  opts: BuildOptions = {},
): tf.LayersModel {
  if (spec.layers.length === 0) throw new Error('buildModel: the Sequential has no layers');
  const inputs = layerInputShapes(spec, inputShape);
  const [c, h, w] = inputShape;
  const input = tf.input({ name: 'input', shape: [h, w, c] });
  let x = input;
  spec.layers.forEach((layer, index) => {
    const ctx: Context = { index, name: layerName(layer.type, index), input: inputs[index] ?? [], seed: opts.seed };
    for (const tfLayer of tfLayersFor(layer, ctx)) x = tfLayer.apply(x) as tf.SymbolicTensor;
  });
  return tf.model({ inputs: input, outputs: x });
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
