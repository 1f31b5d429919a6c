import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildModel, conv2dLayerNames, trainableParamCount } from '../../src/engine/tf/build-model';
import { loadTorchWeights, type TorchTensor } from '../../src/engine/tf/torch-weights';
import { summarize } from '../../src/engine/spec/infer';
import type { IntOrPair } from '../../src/engine/arithmetic/pair';
import { F, nn, type ModuleSpec } from '../../src/engine/spec/layers';
import {
  BasicBlock,
  Bottleneck,
  DepthwiseSeparable,
  Inception,
  InvertedResidual,
  MBConv,
  SqueezeExcitation,
} from '../../src/engine/spec/blocks';
import { kitchenSink } from './kitchen-sink';
import { formatModel } from '../../src/engine/spec/repr';
import { classicCNN, lenet5, simpleCNN, tinyVGG } from '../../src/engine/spec/zoo';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('SimpleCNN in tfjs', () => {
  it('has the trainable parameter count of the spec and of PyTorch', () => {
    const cases = [
      { spec: simpleCNN(), input: [3, 32, 32] as const, torch: 94_986 },
      { spec: simpleCNN({ inChannels: 1 }), input: [1, 28, 28] as const, torch: 94_410 },
    ];
    for (const { spec, input, torch } of cases) {
      const model = buildModel(spec, input);
      expect(trainableParamCount(model)).toBe(torch);
      expect(summarize(spec, input).totalParams).toBe(torch);
      // tfjs also counts BatchNorm's moving mean and variance (PyTorch buffers).
      expect(model.countParams()).toBe(torch + 2 * (32 + 64 + 128));
      model.dispose();
    }
  });

  it('names layers by their PyTorch index and outputs logits of shape [B, classes]', () => {
    const model = buildModel(simpleCNN({ inChannels: 1 }), [1, 28, 28]);
    expect(model.layers.map((l) => l.name)).toEqual([
      'input',
      'conv2d_0',
      'batchnorm2d_1',
      'relu_2',
      'maxpool2d_3',
      'conv2d_4',
      'batchnorm2d_5',
      'relu_6',
      'maxpool2d_7',
      'conv2d_8',
      'batchnorm2d_9',
      'relu_10',
      'maxpool2d_11',
      'adaptiveavgpool2d_12',
      'adaptiveavgpool2d_12_keepdims',
      'flatten_13',
      'dropout_14',
      'linear_15',
    ]);
    expect(conv2dLayerNames(model)).toEqual(['conv2d_0', 'conv2d_4', 'conv2d_8']);
    const logits = tf.tidy(() => model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor);
    expect(logits.shape).toEqual([2, 10]);
    logits.dispose();
    model.dispose();
  });

  it('uses PyTorch BatchNorm defaults translated to Keras conventions', () => {
    const model = buildModel(simpleCNN(), [3, 32, 32]);
    const config = model.getLayer('batchnorm2d_1').getConfig();
    expect(config.momentum).toBeCloseTo(0.9, 12);
    expect(config.epsilon).toBe(1e-5);
    model.dispose();
  });

  it('gives the same layer names to a second model; tfjs suffixes its weight names', () => {
    const a = buildModel(simpleCNN(), [3, 32, 32]);
    const b = buildModel(simpleCNN(), [3, 32, 32]);
    expect(b.layers.map((l) => l.name)).toEqual(a.layers.map((l) => l.name));
    const weightNames = new Set([...a.weights, ...b.weights].map((w) => w.name));
    expect(weightNames.size).toBe(a.weights.length + b.weights.length);
    a.dispose();
    b.dispose();
  });
});

describe('weights', () => {
  it('initialises like PyTorch: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), repeatably with a seed', async () => {
    const spec = nn.Sequential(nn.Conv2d(2, 16, 3), nn.Flatten(), nn.Linear(16 * 36, 4));
    const a = buildModel(spec, [2, 8, 8], { seed: 7 });
    const b = buildModel(spec, [2, 8, 8], { seed: 7 });
    const c = buildModel(spec, [2, 8, 8], { seed: 8 });
    const [kernel, bias] = a.getLayer('conv2d_0').getWeights();
    const values = await kernel!.data();
    const bound = 1 / Math.sqrt(2 * 9);
    const maxAbs = Math.max(...Array.from(values, Math.abs));
    expect(maxAbs).toBeLessThanOrEqual(bound);
    expect(maxAbs).toBeGreaterThan(0.8 * bound);
    expect(Math.max(...Array.from(await bias!.data(), Math.abs))).toBeLessThanOrEqual(bound);
    expect(Array.from(await b.getLayer('conv2d_0').getWeights()[0]!.data())).toEqual(Array.from(values));
    expect(Array.from(await c.getLayer('conv2d_0').getWeights()[0]!.data())).not.toEqual(Array.from(values));
    const linear = await a.getLayer('linear_2').getWeights()[0]!.data();
    expect(Math.max(...Array.from(linear, Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(16 * 36));
    for (const m of [a, b, c]) m.dispose();
  });
});

describe('layout', () => {
  it('flattens in PyTorch order (C, H, W) so Linear weights can come from PyTorch', async () => {
    const [C, H, W] = [3, 2, 2];
    const model = buildModel(nn.Sequential(nn.Flatten(), nn.Linear(C * H * W, C * H * W)), [C, H, W]);
    model.getLayer('linear_1').setWeights([tf.eye(C * H * W), tf.zeros([C * H * W])]);
    // NHWC image whose value encodes its PyTorch position c, h, w.
    const image = tf.tidy(() =>
      tf.tensor4d(
        Array.from({ length: H * W * C }, (_, i) => {
          const [h, w, c] = [Math.floor(i / (W * C)), Math.floor(i / C) % W, i % C];
          return c * 100 + h * 10 + w;
        }),
        [1, H, W, C],
      ),
    );
    const out = model.predict(image) as tf.Tensor;
    expect(Array.from(await out.data())).toEqual([0, 1, 10, 11, 100, 101, 110, 111, 200, 201, 210, 211]);
    tf.dispose([out, image]);
    model.dispose();
  });

  it('keeps [C, 1, 1] after AdaptiveAvgPool2d, as PyTorch does, so a 1x1 conv can follow', () => {
    const spec = nn.Sequential(nn.Conv2d(1, 4, 3), nn.AdaptiveAvgPool2d(1), nn.Conv2d(4, 2, 1), nn.Flatten());
    const model = buildModel(spec, [1, 6, 6]);
    expect(model.outputs[0]!.shape).toEqual([null, 2]);
    model.dispose();
  });
});

describe('padding matches PyTorch', () => {
  // Oracle: tfjs' conv2d op with explicit symmetric padding, as PyTorch pads.
  const cases: { k: IntOrPair; s: number; p: IntOrPair; d: number; size: [number, number]; usesPadLayer: boolean }[] = [
    { k: 3, s: 1, p: 1, d: 1, size: [6, 6], usesPadLayer: false },
    { k: 3, s: 2, p: 1, d: 1, size: [7, 7], usesPadLayer: false },
    { k: 3, s: 2, p: 1, d: 1, size: [8, 8], usesPadLayer: true },
    { k: 5, s: 1, p: 1, d: 1, size: [6, 7], usesPadLayer: true },
    { k: [3, 5], s: 1, p: [1, 2], d: 1, size: [5, 6], usesPadLayer: false },
    { k: 3, s: 1, p: 2, d: 2, size: [6, 6], usesPadLayer: false },
    { k: 3, s: 1, p: [0, 2], d: 1, size: [5, 5], usesPadLayer: true },
  ];
  it.each(cases)('kernel $k stride $s padding $p dilation $d on $size', async ({ k, s, p, d, size, usesPadLayer }) => {
    const spec = nn.Sequential(nn.Conv2d(2, 3, k, { stride: s, padding: p, dilation: d }));
    const model = buildModel(spec, [2, ...size], { seed: 1 });
    expect(model.layers.some((l) => l.name === 'conv2d_0_pad')).toBe(usesPadLayer);
    const [kernel, bias] = model.getLayer('conv2d_0').getWeights() as [tf.Tensor4D, tf.Tensor1D];
    const x = tf.randomNormal<tf.Rank.R4>([1, size[0], size[1], 2], 0, 1, 'float32', 3);
    const [ph, pw] = typeof p === 'number' ? [p, p] : p;
    const expected = tf.tidy(() =>
      tf.add(
        tf.conv2d(
          x,
          kernel,
          s,
          [
            [0, 0],
            [ph, ph],
            [pw, pw],
            [0, 0],
          ],
          'NHWC',
          d,
        ),
        bias,
      ),
    );
    const actual = model.predict(x) as tf.Tensor;
    expect(actual.shape).toEqual(expected.shape);
    const expectedShape = summarize(spec, [2, ...size]).outputShape.slice(1);
    expect([actual.shape[3], actual.shape[1], actual.shape[2]]).toEqual(expectedShape);
    const diff = await tf.tidy(() => tf.max(tf.abs(tf.sub(actual, expected)))).data();
    expect(diff[0]).toBeLessThan(1e-5);
    tf.dispose([x, expected, actual]);
    model.dispose();
  });

  it('uses same-padded pooling when it equals PyTorch, and -inf padding where it does not', async () => {
    const ok = buildModel(nn.Sequential(nn.MaxPool2d(3, { stride: 1, padding: 1 })), [1, 5, 5]);
    expect(ok.outputs[0]!.shape).toEqual([null, 5, 5, 1]);
    expect(ok.layers.map((l) => l.name)).toEqual(['input', 'maxpool2d_0']);
    ok.dispose();
    // ResNet's stem pool on an even size: TensorFlow would pad 0 before and 1 after.
    const model = buildModel(nn.Sequential(nn.MaxPool2d(3, { stride: 2, padding: 1 })), [1, 8, 8]);
    expect(model.layers.map((l) => l.name)).toEqual(['input', 'maxpool2d_0_pad', 'maxpool2d_0']);
    // All negative, so a zero pad would win where -inf must not.
    const values = Array.from({ length: 64 }, (_, i) => -1 - ((i * 37) % 64));
    const out = model.predict(tf.tensor4d(values, [1, 8, 8, 1])) as tf.Tensor;
    const at = (h: number, w: number) => (h >= 0 && h < 8 && w >= 0 && w < 8 ? values[h * 8 + w]! : -Infinity);
    const expected = Array.from({ length: 16 }, (_, i) => {
      const [oh, ow] = [Math.floor(i / 4), i % 4];
      let max = -Infinity;
      for (let dh = 0; dh < 3; dh++) for (let dw = 0; dw < 3; dw++) max = Math.max(max, at(oh * 2 - 1 + dh, ow * 2 - 1 + dw));
      return max;
    });
    expect(Array.from(await out.data())).toEqual(expected);
    out.dispose();
    model.dispose();
  });

  it('reports shape errors before making any tfjs layer', () => {
    expect(() => buildModel(nn.Sequential(nn.Conv2d(3, 8, 3)), [1, 8, 8])).toThrow(
      'Layer 0 (Conv2d): expects 3 input channels but receives 1',
    );
  });
});

describe('zoo models and blocks in tfjs', () => {
  // Each builds as tfjs layers with the spec's (and so PyTorch's) trainable
  // parameter count and output shape. The big torchvision models are left to
  // the spec tests: they would take long to allocate here.
  const cases: [string, ModuleSpec, [number, number, number]][] = [
    ['SimpleCNN', simpleCNN(), [3, 32, 32]],
    ['classic CNN', classicCNN(), [3, 32, 32]],
    ['TinyVGG', tinyVGG(), [3, 64, 64]],
    ['LeNet-5', lenet5(), [1, 32, 32]],
    ['BasicBlock with downsample', BasicBlock(8, 16, { stride: 2 }), [8, 10, 10]],
    ['BasicBlock', BasicBlock(8, 8), [8, 5, 5]],
    ['Bottleneck with downsample', Bottleneck(8, 4, { stride: 2 }), [8, 9, 9]],
    ['Inception', Inception(12, 4, 4, 6, 2, 3, 3), [12, 6, 6]],
    ['DepthwiseSeparable', DepthwiseSeparable(8, 16, { stride: 2 }), [8, 8, 8]],
    ['MBConv with SE', MBConv({ expandRatio: 6, kernel: 5, stride: 1, inputChannels: 8, outChannels: 8 }, 0.1), [8, 7, 7]],
    ['InvertedResidual', InvertedResidual(8, 8, 1, 6), [8, 6, 6]],
    ['SqueezeExcitation', SqueezeExcitation(16, 4), [16, 3, 3]],
  ];
  it.each(cases)('%s', (_name, spec, input) => {
    const model = buildModel(spec, input);
    const summary = summarize(spec, input);
    expect(trainableParamCount(model)).toBe(summary.totalParams);
    const [, c, h, w] = summary.outputShape;
    expect(model.outputs[0]!.shape).toEqual(h === undefined ? [null, c] : [null, h, w, c]);
    model.dispose();
  });

  it('names nested layers by their PyTorch path', () => {
    const model = buildModel(nn.Sequential(nn.Conv2d(3, 8, 1), BasicBlock(8, 16, { stride: 2 })), [3, 8, 8]);
    expect(model.layers.map((l) => l.name)).toEqual([
      'input',
      'conv2d_0',
      'conv2d_1.conv1_pad',
      'conv2d_1.conv1',
      'batchnorm2d_1.bn1',
      'relu_1.relu',
      'conv2d_1.conv2',
      'conv2d_1.downsample.0',
      'batchnorm2d_1.bn2',
      'batchnorm2d_1.downsample.1',
      'add_1',
      'relu_1.relu_2',
    ]);
    model.dispose();
  });

  it('shares the tfjs layer of a spec layer used twice, as PyTorch shares its weights', () => {
    const conv = nn.Conv2d(4, 4, 3, { padding: 1 });
    const spec = nn.Sequential(conv, nn.ReLU(), conv);
    const model = buildModel(spec, [4, 5, 5]);
    expect(trainableParamCount(model)).toBe(summarize(spec, [4, 5, 5]).totalParams);
    expect(model.layers.filter((l) => l.getClassName() === 'Conv2D')).toHaveLength(1);
    model.dispose();
  });

  it('refuses a grouped convolution, naming the layer', () => {
    const spec = nn.Module('Net', { body: nn.Sequential(nn.Conv2d(8, 8, 3, { groups: 2 })) }, (x, m) => m.body(x));
    expect(() => buildModel(spec, [8, 5, 5])).toThrow(
      'Layer body.0 (Conv2d): groups=2 (a grouped convolution) has no tfjs layer; only groups=1 and depthwise convolutions (groups = in_channels = 8) can be built',
    );
  });
});

async function maxAbsDiff(a: tf.Tensor, expected: ArrayLike<number>): Promise<number> {
  const values = await a.data();
  expect(values.length).toBe(expected.length);
  return Math.max(...Array.from(values, (v, i) => Math.abs(v - (expected[i] ?? NaN))));
}

/** NCHW values, as PyTorch lays them out, into an NHWC tensor. */
const nhwc = (data: ArrayLike<number>, shape: readonly number[]) =>
  tf.tidy(() => tf.transpose(tf.tensor(Array.from(data), [...shape]), [0, 2, 3, 1]));

describe('pooling layers tfjs lacks, against values printed by torch 1.13', () => {
  const x = nhwc(
    Array.from({ length: 30 }, (_, i) => i),
    [1, 1, 5, 6],
  );
  const run = async (layer: ModuleSpec) => {
    const model = buildModel(nn.Sequential(layer), [1, 5, 6]);
    const out = tf.tidy(() => tf.transpose(model.predict(x) as tf.Tensor, [0, 3, 1, 2]));
    const values = Array.from(await out.data());
    tf.dispose([out]);
    model.dispose();
    return values;
  };

  it('AvgPool2d with ceil_mode, counting padding or not', async () => {
    const excluded = await run(nn.AvgPool2d(2, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }));
    expect(excluded).toEqual([0, 1.5, 3.5, 5, 9, 10.5, 12.5, 14, 21, 22.5, 24.5, 26]);
    const included = await run(nn.AvgPool2d(3, { stride: 2, padding: 1, ceilMode: true }));
    const torch = [1.5556, 3.3333, 4.6667, 2.6667, 8.3333, 14, 16, 8.5, 9.5556, 15.3333, 16.6667, 8.6667];
    included.forEach((v, i) => expect(v).toBeCloseTo(torch[i]!, 3));
  });

  it('AdaptiveAvgPool2d with overlapping bins', async () => {
    expect(await run(nn.AdaptiveAvgPool2d([3, 4]))).toEqual([3.5, 4.5, 6.5, 7.5, 12.5, 13.5, 15.5, 16.5, 21.5, 22.5, 24.5, 25.5]);
  });
});

describe('PyTorch weights (scripts/fixtures/model_weights.py)', () => {
  const sink = JSON.parse(readFileSync(new URL('../fixtures/kitchen-sink-weights.json', import.meta.url), 'utf8')) as {
    repr: string;
    inputShape: [number, number, number];
    input: TorchTensor;
    output: TorchTensor;
    stateDict: Record<string, TorchTensor>;
  };
  const spec = kitchenSink();

  it('describes the same model as the fixture', () => {
    expect(formatModel(spec)).toBe(sink.repr);
  });

  it('computes what PyTorch computes, once its state_dict is loaded', async () => {
    const model = buildModel(spec, sink.inputShape, { seed: 1 });
    expect(trainableParamCount(model)).toBe(summarize(spec, sink.inputShape).totalParams);
    loadTorchWeights(model, spec, sink.stateDict);
    const x = nhwc(sink.input.data, sink.input.shape);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual(sink.output.shape);
    const expected = Array.from(sink.output.data);
    const scale = Math.max(...expected.map(Math.abs));
    expect(await maxAbsDiff(y, expected)).toBeLessThan(1e-4 + 1e-5 * scale);
    // The two examples' outputs differ far beyond that tolerance, so the check sees the input.
    const spread = Math.max(...expected.slice(0, 5).map((v, i) => Math.abs(v - expected[5 + i]!)));
    expect(spread).toBeGreaterThan(0.01);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('takes the state_dict as a Map too, and a model saved to JSON loads back with the custom layers', async () => {
    const model = buildModel(spec, sink.inputShape);
    loadTorchWeights(model, spec, new Map(Object.entries(sink.stateDict)));
    const copy = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) } as tf.io.ModelJSON);
    copy.setWeights(model.getWeights());
    const x = nhwc(sink.input.data, sink.input.shape);
    const y = copy.predict(x) as tf.Tensor;
    expect(await maxAbsDiff(y, sink.output.data)).toBeLessThan(1e-4);
    tf.dispose([x, y]);
    model.dispose();
    copy.dispose();
  });

  it('names the weight that is missing, mis-shaped or left over', () => {
    const model = buildModel(spec, sink.inputShape);
    const without = (key: string) => Object.fromEntries(Object.entries(sink.stateDict).filter(([k]) => k !== key));
    expect(() => loadTorchWeights(model, spec, without('3.bn1.running_var'))).toThrow(
      "loadTorchWeights: missing '3.bn1.running_var' (BatchNorm2d 3.bn1 needs [16])",
    );
    const misShaped = { ...sink.stateDict, '0.weight': { shape: [8, 1, 3, 3], data: new Float32Array(72) } };
    expect(() => loadTorchWeights(model, spec, misShaped)).toThrow(
      "loadTorchWeights: '0.weight' has shape [8, 1, 3, 3] but Conv2d 0 needs [8, 3, 3, 3]",
    );
    const short = { ...sink.stateDict, '18.bias': { shape: [5], data: [1, 2, 3] } };
    expect(() => loadTorchWeights(model, spec, short)).toThrow(
      "loadTorchWeights: '18.bias' has 3 values but its shape [5] holds 5",
    );
    const extra = { ...sink.stateDict, 'head.weight': { shape: [1], data: [0] } };
    expect(() => loadTorchWeights(model, spec, extra)).toThrow(
      "loadTorchWeights: 1 weight(s) match no layer of the spec: 'head.weight'; pass { strict: false } to ignore them",
    );
    expect(() => loadTorchWeights(model, spec, extra, { strict: false })).not.toThrow();
    model.dispose();
  });

  it('refuses a model that was not built from the spec', () => {
    const other = buildModel(nn.Sequential(nn.Conv2d(3, 8, 3, { padding: 1, bias: false })), [3, 12, 9]);
    expect(() => loadTorchWeights(other, spec, sink.stateDict)).toThrow(
      "loadTorchWeights: the model has no layer 'batchnorm2d_1' for BatchNorm2d 1; build the model from this spec with buildModel",
    );
    other.dispose();
  });
});

describe('stochastic depth', () => {
  it('drops whole examples in training and scales the rest, and is the identity in inference', async () => {
    const block = MBConv({ expandRatio: 1, kernel: 3, stride: 1, inputChannels: 4, outChannels: 4 }, 0.5);
    const model = buildModel(nn.Sequential(block), [4, 3, 3]);
    const layer = model.layers.find((l) => l.name === 'stochasticdepth_0.stochastic_depth')!;
    const x = tf.ones([64, 3, 3, 4]);
    const trained = layer.apply(x, { training: true }) as tf.Tensor;
    const perExample = Array.from(await tf.mean(trained, [1, 2, 3]).data());
    expect(new Set(perExample)).toEqual(new Set([0, 2]));
    const inferred = layer.apply(x) as tf.Tensor;
    expect(Array.from(await inferred.data()).every((v) => v === 1)).toBe(true);
    tf.dispose([x, trained, inferred]);
    model.dispose();
  });
});

describe('forward functions', () => {
  it('builds F.mul, F.cat and F.add merges', async () => {
    const spec = nn.Module('Net', { a: nn.Conv2d(2, 3, 1, { bias: false }), pool: nn.AdaptiveAvgPool2d(1) }, (x, m) =>
      F.cat([F.mul(m.a(x), m.pool(m.a(x))), F.add(x, x)]),
    );
    const model = buildModel(spec, [2, 2, 2]);
    expect(model.outputs[0]!.shape).toEqual([null, 2, 2, 5]);
    expect(model.layers.map((l) => l.name)).toContain('mul_model');
    model.dispose();
  });
});

/** Keep in step with kitchen_sink_1d() in scripts/fixtures/model_weights.py. */
function kitchenSink1d() {
  return nn.Sequential(
    nn.Conv1d(2, 6, 5, { padding: 2, bias: false }),
    nn.ReLU(),
    nn.MaxPool1d(3, { stride: 2, padding: 1, ceilMode: true }),
    nn.Conv1d(6, 6, 3, { padding: 2, dilation: 2, groups: 6 }),
    nn.AvgPool1d(3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
    nn.Conv1d(6, 8, 3, { stride: 2 }),
    nn.GELU(),
    nn.AdaptiveAvgPool1d(1),
    nn.Flatten(),
    nn.Linear(8, 4),
  );
}

/** Keep in step with kitchen_sink_3d() in scripts/fixtures/model_weights.py. */
function kitchenSink3d() {
  return nn.Sequential(
    nn.Conv3d(2, 4, 3, { padding: 1, bias: false }),
    nn.ReLU(),
    nn.MaxPool3d(2, { stride: 2, padding: 1 }),
    nn.Conv3d(4, 6, [1, 3, 3], { stride: [1, 2, 2], padding: [0, 1, 1] }),
    nn.AvgPool3d([1, 2, 2], { padding: [0, 1, 1] }),
    nn.Conv3d(6, 4, [2, 1, 1], { dilation: [2, 1, 1] }),
    nn.AvgPool3d(1),
    nn.Flatten(),
    nn.Linear(4 * 1 * 2 * 2, 5),
  );
}

/** [N, C, ...spatial] values, as PyTorch lays them out, into a channels-last tensor. */
const channelsLast = (data: ArrayLike<number>, shape: readonly number[]) =>
  tf.tidy(() => {
    const axes = shape.map((_, i) => i);
    return tf.transpose(tf.tensor(Array.from(data), [...shape]), [0, ...axes.slice(2), 1]);
  });

describe.each([
  ['1-D', 'kitchen-sink-1d-weights.json', kitchenSink1d],
  ['3-D', 'kitchen-sink-3d-weights.json', kitchenSink3d],
] as const)('%s layers against PyTorch (scripts/fixtures/model_weights.py)', (_rank, file, make) => {
  const sink = JSON.parse(readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8')) as {
    repr: string;
    inputShape: number[];
    input: TorchTensor;
    output: TorchTensor;
    stateDict: Record<string, TorchTensor>;
  };
  const spec = make();

  it('describes the same model as the fixture, with PyTorch parameter count', () => {
    expect(formatModel(spec)).toBe(sink.repr);
    const torchParams = Object.entries(sink.stateDict).reduce((n, [, t]) => n + t.data.length, 0);
    expect(summarize(spec, sink.inputShape).totalParams).toBe(torchParams);
  });

  it('computes what PyTorch computes, once its state_dict is loaded', async () => {
    const model = buildModel(spec, sink.inputShape, { seed: 1 });
    expect(trainableParamCount(model)).toBe(summarize(spec, sink.inputShape).totalParams);
    loadTorchWeights(model, spec, sink.stateDict);
    const x = channelsLast(sink.input.data, sink.input.shape);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual(sink.output.shape);
    const expected = Array.from(sink.output.data);
    const scale = Math.max(...expected.map(Math.abs));
    expect(await maxAbsDiff(y, expected)).toBeLessThan(1e-4 + 1e-5 * scale);
    const classes = sink.output.shape[1]!;
    const spread = Math.max(...expected.slice(0, classes).map((v, i) => Math.abs(v - expected[classes + i]!)));
    expect(spread).toBeGreaterThan(0.01);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('1-D and 3-D layers train', () => {
  it('a Conv1d model and a Conv3d model get gradients for every weight on the CPU backend', () => {
    const cases = [
      {
        spec: nn.Sequential(
          nn.Conv1d(1, 4, 5, { padding: 2 }),
          nn.ReLU(),
          nn.MaxPool1d(2),
          nn.AdaptiveAvgPool1d(1),
          nn.Flatten(),
          nn.Linear(4, 3),
        ),
        input: [1, 16],
      },
      {
        spec: nn.Sequential(nn.Conv3d(1, 2, 3, { padding: 1 }), nn.MaxPool3d(2), nn.Flatten(), nn.Linear(2 * 2 * 2 * 2, 3)),
        input: [1, 4, 4, 4],
      },
    ];
    for (const { spec, input } of cases) {
      const model = buildModel(spec, input, { seed: 3 });
      const [c, ...spatial] = input;
      const { grads } = tf.variableGrads(
        () =>
          tf.tidy(() =>
            tf.mean(
              tf.square(model.apply(tf.randomNormal([2, ...spatial, c!], 0, 1, 'float32', 4), { training: true }) as tf.Tensor),
            ),
          ) as tf.Scalar,
      );
      const names = Object.keys(grads);
      expect(names.length).toBe(model.trainableWeights.length);
      for (const g of Object.values(grads)) expect(tf.any(tf.notEqual(g, 0)).dataSync()[0]).toBe(1);
      tf.dispose(grads);
      model.dispose();
    }
  });
});

describe('3-D layers tfjs cannot build say so, naming the layer', () => {
  it('a grouped Conv3d and a padded AvgPool3d that does not count the padding', () => {
    expect(() => buildModel(nn.Sequential(nn.Conv3d(2, 4, 3, { groups: 2 })), [2, 4, 4, 4])).toThrow(
      'Layer 0 (Conv3d): groups=2 has no tfjs layer in 3-D; only groups=1 can be built',
    );
    expect(() => buildModel(nn.Sequential(nn.AvgPool3d(3, { padding: 1, countIncludePad: false })), [1, 4, 4, 4])).toThrow(
      'Layer 0 (AvgPool3d): tfjs builds a padded AvgPool3d only with countIncludePad true and no ceilMode overhang',
    );
  });
});
