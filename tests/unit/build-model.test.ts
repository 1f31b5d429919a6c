import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, conv2dLayerNames, trainableParamCount } from '../../src/engine/tf/build-model';
import { summarize } from '../../src/engine/spec/infer';
import { nn, type IntOrPair } from '../../src/engine/spec/layers';
import { simpleCNN } from '../../src/engine/spec/zoo';

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
      'conv2d_0', 'batchnorm2d_1', 'relu_2', 'maxpool2d_3',
      'conv2d_4', 'batchnorm2d_5', 'relu_6', 'maxpool2d_7',
      'conv2d_8', 'batchnorm2d_9', 'relu_10', 'maxpool2d_11',
      'adaptiveavgpool2d_12', 'adaptiveavgpool2d_12_keepdims', 'flatten_13', 'dropout_14', 'linear_15',
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
      tf.add(tf.conv2d(x, kernel, s, [[0, 0], [ph, ph], [pw, pw], [0, 0]], 'NHWC', d), bias),
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

  it('uses same-padded pooling when it equals PyTorch and refuses when it would not', () => {
    const ok = buildModel(nn.Sequential(nn.MaxPool2d(3, { stride: 1, padding: 1 })), [1, 5, 5]);
    expect(ok.outputs[0]!.shape).toEqual([null, 5, 5, 1]);
    ok.dispose();
    expect(() => buildModel(nn.Sequential(nn.MaxPool2d(3, { stride: 2, padding: 1 })), [1, 8, 8])).toThrow(
      'Layer 0 (MaxPool2d): padding 1x1 on a 8x8 input has no tfjs equivalent (TensorFlow pads pooling asymmetrically)',
    );
  });

  it('reports shape errors before making any tfjs layer', () => {
    expect(() => buildModel(nn.Sequential(nn.Conv2d(3, 8, 3)), [1, 8, 8])).toThrow(
      'Layer 0 (Conv2d): expects 3 input channels but receives 1',
    );
  });
});
