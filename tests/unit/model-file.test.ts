// Saving and loading a model as one file: the weights written are PyTorch's own
// state_dict (checked against the kitchen-sink fixture that PyTorch wrote), a
// saved file loads back to a model computing what PyTorch computes, and every
// broken or mismatched file is refused with a sentence naming what does not fit.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/engine/tf/build-model';
import { loadTorchWeights, torchStateDict, type TorchTensor } from '../../src/engine/tf/torch-weights';
import { nn } from '../../src/engine/spec/layers';
import {
  base64ToFloat32,
  describeSpecMismatch,
  encodeModelFile,
  float32ToBase64,
  parseModelFile,
  MODEL_FILE_FORMAT,
} from '../../src/engine/spec/model-file';
import { kitchenSink } from './kitchen-sink';
import { formatModel } from '../../src/engine/spec/repr';
import { simpleCNN } from '../../src/engine/spec/zoo';

const sink = JSON.parse(readFileSync(new URL('../fixtures/kitchen-sink-weights.json', import.meta.url), 'utf8')) as {
  repr: string;
  inputShape: [number, number, number];
  input: TorchTensor;
  output: TorchTensor;
  stateDict: Record<string, TorchTensor>;
};
const spec = kitchenSink();
const nhwc = (data: ArrayLike<number>, shape: readonly number[]) =>
  tf.tidy(() => tf.transpose(tf.tensor(Array.from(data), [...shape]), [0, 2, 3, 1]));

let before = 0;
beforeAll(async () => {
  await tf.setBackend('cpu');
  before = tf.memory().numTensors;
});
afterAll(() => expect(tf.memory().numTensors).toBe(before));

describe('base64 of float32', () => {
  it('round-trips exactly, including -0, subnormals and infinities, little-endian', () => {
    const values = Float32Array.from([1, -0, 1.5e-42, Infinity, -3.25, 0.1]);
    const back = base64ToFloat32(float32ToBase64(values));
    expect(Array.from(back)).toEqual(Array.from(values));
    expect(Object.is(back[1], -0)).toBe(true);
    expect(float32ToBase64(Float32Array.from([1]))).toBe('AACAPw=='); // 0x3f800000, low byte first
  });
  it('says what is wrong with bytes that are not float32s', () => {
    expect(() => base64ToFloat32('AAA=')).toThrow('holds 2 bytes, not a whole number of float32 values');
    expect(() => base64ToFloat32('%%%')).toThrow('is not base64');
  });
});

describe('torchStateDict', () => {
  it('gives back the state_dict PyTorch wrote, key for key, shape for shape, value for value', () => {
    expect(formatModel(spec)).toBe(sink.repr);
    const model = buildModel(spec, sink.inputShape);
    loadTorchWeights(model, spec, sink.stateDict);
    const exported = torchStateDict(model, spec);
    const expectedKeys = Object.keys(sink.stateDict).filter((k) => !k.endsWith('num_batches_tracked'));
    expect([...exported.keys()].sort()).toEqual(expectedKeys.sort());
    for (const [key, tensor] of exported) {
      const want = sink.stateDict[key]!;
      expect(tensor.shape, key).toEqual(want.shape);
      // float32 of PyTorch's values: equal to float32 rounding, transposes included.
      expect(Math.max(...Array.from(tensor.data, (v, i) => Math.abs(v - Number(want.data[i]))))).toBeLessThan(1e-6);
    }
    model.dispose();
  });

  it("leaves the model usable (it copies, never frees the model's own weights)", () => {
    const model = buildModel(spec, sink.inputShape, { seed: 1 });
    torchStateDict(model, spec);
    const x = nhwc(sink.input.data, sink.input.shape);
    expect(() => tf.dispose(model.predict(x) as tf.Tensor)).not.toThrow();
    x.dispose();
    model.dispose();
  });
});

describe('a model file', () => {
  const saved = () => {
    const model = buildModel(spec, sink.inputShape);
    loadTorchWeights(model, spec, sink.stateDict);
    const text = encodeModelFile({
      name: 'sink',
      spec,
      inputShape: sink.inputShape,
      classes: ['a', 'b', 'c', 'd', 'e'],
      stateDict: torchStateDict(model, spec),
    });
    model.dispose();
    return text;
  };
  const text = saved();

  it('loads back into a model that computes what PyTorch computes', async () => {
    const file = parseModelFile(text);
    expect(file.name).toBe('sink');
    expect(file.classes).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(formatModel(file.spec)).toBe(sink.repr);
    const model = buildModel(file.spec, file.inputShape);
    loadTorchWeights(model, file.spec, file.stateDict);
    const x = nhwc(sink.input.data, sink.input.shape);
    const y = model.predict(x) as tf.Tensor;
    const got = await y.data();
    const scale = Math.max(...Array.from(sink.output.data, (v) => Math.abs(Number(v))));
    expect(Math.max(...Array.from(got, (v, i) => Math.abs(v - Number(sink.output.data[i]))))).toBeLessThan(1e-4 + 1e-5 * scale);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('carries print(model) for a person reading it', () => {
    expect((JSON.parse(text) as { pytorch: string }).pytorch).toBe(sink.repr);
  });

  const edit = (change: (json: Record<string, unknown>) => void) => {
    const json = JSON.parse(text) as Record<string, unknown>;
    change(json);
    return JSON.stringify(json);
  };
  const weights = (json: Record<string, unknown>) =>
    json.stateDict as { key: string; shape: number[]; data: string; dtype: string }[];

  it.each([
    ['not JSON', 'PK\u0003\u0004 a zip file', 'it is not JSON; it starts with "PK\\u0003\\u0004 a zip file"'],
    ['JSON cut short', '{"format": "cnn-guide-model", "ver', /^it is not complete JSON \(.+\)$/],
    [
      'another JSON',
      '{"modelTopology": {}}',
      'it is JSON but not a model file of this guide: "format" should be "cnn-guide-model", and it has none',
    ],
    [
      'another format',
      '{"format": "keras"}',
      'it is JSON but not a model file of this guide: "format" should be "cnn-guide-model", it is "keras"',
    ],
    ['a newer version', edit((j) => (j.version = 2)), 'it is version 2 of the format; this page reads version 1'],
    [
      'a bad input shape',
      edit((j) => (j.inputShape = [3, 0, 32])),
      'its "inputShape" should be [C, H, W] ([C, L] or [C, D, H, W]) with positive sizes, it is [3,0,32]',
    ],
    [
      'an unknown layer',
      edit((j) => ((j.spec as { layers: unknown[] }).layers[2] = { type: 'Mish' })),
      'the spec\'s module 2 is a layer type this guide does not know: "Mish"',
    ],
    [
      'a spec that does not build',
      edit((j) => (j.inputShape = [1, 16, 16])),
      /^its spec does not build for input \[1, 16, 16\]: Layer 0 \(Conv2d\)/,
    ],
    ['no weights', edit((j) => delete j.stateDict), 'it has no "stateDict" (the weights)'],
    [
      'float16 weights',
      edit((j) => (weights(j)[0]!.dtype = 'float16')),
      'weight \'0.weight\' is stored as "float16"; this page reads float32',
    ],
    [
      'truncated weights',
      edit((j) => (weights(j)[0]!.data = weights(j)[0]!.data.slice(0, 16))),
      "weight '0.weight' has 3 values, but its shape [8, 3, 3, 3] holds 216",
    ],
  ])('refuses %s and says why', (_what, file, message) => {
    expect(() => parseModelFile(file)).toThrow(message);
  });

  it('leaves missing weights and weights of the wrong shape to the loader, which names the layer', () => {
    const missing = parseModelFile(edit((j) => (j.stateDict = weights(j).filter((t) => t.key !== '3.bn1.running_var'))));
    const model = buildModel(missing.spec, missing.inputShape);
    expect(() => loadTorchWeights(model, missing.spec, missing.stateDict)).toThrow(
      "missing '3.bn1.running_var' (BatchNorm2d 3.bn1 needs [16])",
    );
    const reshaped = parseModelFile(edit((j) => (weights(j).find((t) => t.key === '18.weight')!.shape = [96, 5])));
    expect(() => loadTorchWeights(model, reshaped.spec, reshaped.stateDict)).toThrow(
      "'18.weight' has shape [96, 5] but Linear 18 needs [5, 96]",
    );
    model.dispose();
  });
});

describe('describeSpecMismatch', () => {
  const expected = { spec: simpleCNN({ inChannels: 1 }), inputShape: [1, 28, 28] as const };
  it('is null for the same model', () => {
    expect(describeSpecMismatch(expected, { spec: simpleCNN({ inChannels: 1 }), inputShape: [1, 28, 28] })).toBeNull();
  });
  it('names the input shape, then the first layer that differs, as PyTorch prints both', () => {
    expect(describeSpecMismatch(expected, { spec: simpleCNN({ inChannels: 3 }), inputShape: [3, 32, 32] })).toBe(
      'the model takes input [3, 32, 32], this cell needs [1, 28, 28]',
    );
    expect(describeSpecMismatch(expected, { spec: simpleCNN({ inChannels: 1, numClasses: 5 }), inputShape: [1, 28, 28] })).toBe(
      'layer 15 is Linear(in_features=128, out_features=5, bias=True); this cell expects layer 15: Linear(in_features=128, out_features=10, bias=True)',
    );
    const shorter = nn.Sequential(...simpleCNN({ inChannels: 1 }).layers.slice(0, 12));
    expect(describeSpecMismatch(expected, { spec: shorter, inputShape: [1, 28, 28] })).toBe(
      'the model ends after layer 11; this cell expects layer 12: AdaptiveAvgPool2d(output_size=1)',
    );
  });
  it('names the format it reads', () => {
    expect(MODEL_FILE_FORMAT).toBe('cnn-guide-model');
  });
});
