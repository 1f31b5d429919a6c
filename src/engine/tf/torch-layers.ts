// Layers tfjs does not have, for PyTorch semantics the builder needs: -inf
// padded max pooling, PyTorch's average-pooling divisor, adaptive average
// pooling to any size, Hardswish/Hardsigmoid, stochastic depth, and dilated
// depthwise convolution (tfjs 4.22's DepthwiseConv2D ignores dilationRate).
import * as tf from '@tensorflow/tfjs';
import type { Pair } from '../arithmetic/pair';
import { slidingOutputSize } from '../arithmetic/output-size';
import { adaptiveBins } from '../spec/rules';

type Shape = (number | null)[];
type Initializer = ReturnType<typeof tf.initializers.zeros>;

// Each is registered, so a model that uses them can be saved and loaded back
// with tf.loadLayersModel.

/** Constant padding of H and W, for PyTorch's -inf padded max pooling. */
export class TorchPad2d extends tf.layers.Layer {
  static className = 'TorchPad2d';
  readonly pads: [[number, number], [number, number]];
  readonly value: number;
  constructor(args: { name?: string; pads: [[number, number], [number, number]]; value: number }) {
    super({ name: args.name });
    this.pads = args.pads;
    this.value = args.value;
  }
  override computeOutputShape(inputShape: Shape): Shape {
    const [b, h, w, c] = inputShape;
    const grow = (size: number | null | undefined, [a, z]: [number, number]) => (size == null ? null : size + a + z);
    return [b ?? null, grow(h, this.pads[0]), grow(w, this.pads[1]), c ?? null];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => tf.pad(x, [[0, 0], this.pads[0], this.pads[1], [0, 0]], this.value));
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), pads: this.pads, value: this.value };
  }
}

/** Constant padding of D, H and W (tfjs has no zeroPadding3d): PyTorch's zero-padded Conv3d, -inf padded MaxPool3d. */
export class TorchPad3d extends tf.layers.Layer {
  static className = 'TorchPad3d';
  readonly pads: [number, number][];
  readonly value: number;
  constructor(args: { name?: string; pads: [number, number][]; value: number }) {
    super({ name: args.name });
    this.pads = args.pads;
    this.value = args.value;
  }
  override computeOutputShape(inputShape: Shape): Shape {
    const [b, ...rest] = inputShape;
    const c = rest.pop();
    const grown = rest.map((size, i) => (size == null ? null : size + this.pads[i]![0] + this.pads[i]![1]));
    return [b ?? null, ...grown, c ?? null];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => tf.pad(x, [[0, 0], ...this.pads, [0, 0]], this.value));
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), pads: this.pads, value: this.value };
  }
}

/**
 * Average pooling with PyTorch's divisor where tfjs' differs: padded zeros
 * counted (count_include_pad) or not, and ceil_mode's partial last window
 * divided by the part of it inside the padded input.
 */
export class TorchAvgPool2d extends tf.layers.Layer {
  static className = 'TorchAvgPool2d';
  readonly window: { kernel: Pair; stride: Pair; padding: Pair; ceilMode: boolean; countIncludePad: boolean };
  constructor(args: { name?: string; window: TorchAvgPool2d['window'] }) {
    super({ name: args.name });
    this.window = args.window;
  }
  private outSize(size: number, i: 0 | 1): number {
    const { kernel, stride, padding: p, ceilMode } = this.window;
    return Math.max(0, slidingOutputSize(size, kernel[i], stride[i], p[i], 1, ceilMode));
  }
  override computeOutputShape(inputShape: Shape): Shape {
    const [b, h, w, c] = inputShape;
    return [b ?? null, h == null ? null : this.outSize(h, 0), w == null ? null : this.outSize(w, 1), c ?? null];
  }
  /** ATen's avg_pool2d divisor along one axis, for each output position. */
  private divisors(size: number, out: number, i: 0 | 1): number[] {
    const { kernel, stride, padding: p, countIncludePad } = this.window;
    return Array.from({ length: out }, (_, o) => {
      const start = o * stride[i] - p[i];
      const end = Math.min(start + kernel[i], size + p[i]);
      return countIncludePad ? end - start : Math.min(end, size) - Math.max(start, 0);
    });
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    const { kernel, stride, padding: p } = this.window;
    const [, h = 0, w = 0] = x.shape;
    const [oh, ow] = [this.outSize(h, 0), this.outSize(w, 1)];
    const extra = (size: number, out: number, i: 0 | 1) => Math.max(0, (out - 1) * stride[i] + kernel[i] - (size + 2 * p[i]));
    const [dh, dw] = [this.divisors(h, oh, 0), this.divisors(w, ow, 1)];
    const scale = dh.flatMap((a) => dw.map((b) => (kernel[0] * kernel[1]) / (a * b)));
    return tf.tidy(() => {
      const padded = tf.pad(x, [
        [0, 0],
        [p[0], p[0] + extra(h, oh, 0)],
        [p[1], p[1] + extra(w, ow, 1)],
        [0, 0],
      ]);
      // avgPool over zero-padded windows is sum / (kh * kw); rescale each position to sum / divisor.
      const mean = tf.avgPool(padded, [...kernel], [...stride], 'valid');
      return tf.mul(mean, tf.tensor4d(scale, [1, oh, ow, 1]));
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), window: this.window as unknown as tf.serialization.ConfigDictValue };
  }
}

/** PyTorch's adaptive average pooling for any sizes: overlapping bins, as matrix products along H then W. */
export class TorchAdaptiveAvgPool2d extends tf.layers.Layer {
  static className = 'TorchAdaptiveAvgPool2d';
  readonly outputSize: Pair;
  constructor(args: { name?: string; outputSize: Pair }) {
    super({ name: args.name });
    this.outputSize = args.outputSize;
  }
  override computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0] ?? null, this.outputSize[0], this.outputSize[1], inputShape[3] ?? null];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const [b = 0, h = 0, w = 0, c = 0] = x.shape;
    const [oh, ow] = this.outputSize;
    const averaging = (size: number, out: number) =>
      tf.tensor2d(
        adaptiveBins(size, out).flatMap(([start, end]) =>
          Array.from({ length: size }, (_, i) => (i >= start && i < end ? 1 / (end - start) : 0)),
        ),
        [out, size],
      );
    return tf.tidy(() => {
      let t = tf.reshape(tf.transpose(x, [1, 0, 2, 3]), [h, b * w * c]);
      t = tf.reshape(tf.matMul(averaging(h, oh), t), [oh, b, w, c]);
      t = tf.reshape(tf.transpose(t, [2, 1, 0, 3]), [w, b * oh * c]);
      t = tf.reshape(tf.matMul(averaging(w, ow), t), [ow, b, oh, c]);
      return tf.transpose(t, [1, 2, 0, 3]);
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), outputSize: [...this.outputSize] };
  }
}

const elementwiseFns = {
  hardswish: (x: tf.Tensor) => tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6)),
  hardsigmoid: (x: tf.Tensor) => tf.div(tf.relu6(tf.add(x, 3)), 6),
} as const;

/** PyTorch activations with no tfjs equivalent. */
export class TorchElementwise extends tf.layers.Layer {
  static className = 'TorchElementwise';
  readonly fn: keyof typeof elementwiseFns;
  constructor(args: { name?: string; fn: keyof typeof elementwiseFns }) {
    super({ name: args.name });
    this.fn = args.fn;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => elementwiseFns[this.fn](x));
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), fn: this.fn };
  }
}

/** torchvision's StochasticDepth: in training, drops the residual branch of whole examples ('row') or the batch. */
export class TorchStochasticDepth extends tf.layers.Layer {
  static className = 'TorchStochasticDepth';
  readonly p: number;
  readonly mode: 'row' | 'batch';
  constructor(args: { name?: string; p: number; mode: 'row' | 'batch' }) {
    super({ name: args.name });
    this.p = args.p;
    this.mode = args.mode;
  }
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs.training || this.p === 0) return x;
    return tf.tidy(() => {
      if (this.p === 1) return tf.zerosLike(x);
      const survival = 1 - this.p;
      const shape = [this.mode === 'row' ? (x.shape[0] ?? 1) : 1, ...x.shape.slice(1).map(() => 1)];
      const keep = tf.floor(tf.add(tf.randomUniform(shape), survival));
      return tf.mul(x, tf.div(keep, survival));
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), p: this.p, mode: this.mode };
  }
}

/**
 * A dilated depthwise convolution, unpadded and with stride 1. tfjs 4.22's
 * DepthwiseConv2D layer accepts a dilationRate but does not pass it to the op
 * (it convolves undilated), so dilated depthwise convs get this layer instead.
 * Weights in DepthwiseConv2D's order and layout: kernel [kh, kw, C, m], bias.
 * Inference only, for now: tfjs-core has no gradient for dilated depthwise convolution.
 */
export class TorchDilatedDepthwiseConv2d extends tf.layers.Layer {
  static className = 'TorchDilatedDepthwiseConv2d';
  readonly kernelSize: Pair;
  readonly depthMultiplier: number;
  readonly dilation: Pair;
  readonly useBias: boolean;
  private readonly initializers: [Initializer, Initializer] | null;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  constructor(args: {
    name?: string;
    kernelSize: Pair;
    depthMultiplier: number;
    dilation: Pair;
    useBias: boolean;
    initializers?: [Initializer, Initializer];
  }) {
    super({ name: args.name });
    this.kernelSize = args.kernelSize;
    this.depthMultiplier = args.depthMultiplier;
    this.dilation = args.dilation;
    this.useBias = args.useBias;
    this.initializers = args.initializers ?? null;
  }
  override build(inputShape: Shape | Shape[]): void {
    const channels = (inputShape as Shape)[3] ?? 0;
    const [kernelInit, biasInit] = this.initializers ?? [tf.initializers.glorotUniform({}), tf.initializers.zeros()];
    this.kernel = this.addWeight('depthwise_kernel', [...this.kernelSize, channels, this.depthMultiplier], 'float32', kernelInit);
    if (this.useBias) this.bias = this.addWeight('bias', [channels * this.depthMultiplier], 'float32', biasInit);
    this.built = true;
  }
  override computeOutputShape(inputShape: Shape): Shape {
    const [b, h, w, c] = inputShape;
    const out = (size: number | null | undefined, i: 0 | 1) =>
      size == null ? null : size - this.dilation[i] * (this.kernelSize[i] - 1);
    return [b ?? null, out(h, 0), out(w, 1), c == null ? null : c * this.depthMultiplier];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    return tf.tidy(() => {
      const y = tf.depthwiseConv2d(x, this.kernel!.read() as tf.Tensor4D, 1, 'valid', 'NHWC', [...this.dilation]);
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      kernelSize: [...this.kernelSize],
      depthMultiplier: this.depthMultiplier,
      dilation: [...this.dilation],
      useBias: this.useBias,
    };
  }
}

for (const cls of [
  TorchPad2d,
  TorchPad3d,
  TorchDilatedDepthwiseConv2d,
  TorchAvgPool2d,
  TorchAdaptiveAvgPool2d,
  TorchElementwise,
  TorchStochasticDepth,
]) {
  tf.serialization.registerClass(cls);
}
