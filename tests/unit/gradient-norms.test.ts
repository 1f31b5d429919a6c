// gradientNorms against PyTorch: the norm of every layer's weight.grad after
// one backward pass in training mode (scripts/fixtures/gradient_norms.py).
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { BasicBlock } from '../../src/engine/spec/blocks';
import { nn } from '../../src/engine/spec/layers';
import { buildModel } from '../../src/engine/tf/build-model';
import { weightGradientNorms } from '../../src/engine/tf/gradient-norms';
import { loadTorchWeights, type TorchTensor } from '../../src/engine/tf/torch-weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const fixture = JSON.parse(readFileSync(new URL('../fixtures/gradient-norms.json', import.meta.url), 'utf8')) as {
  inputShape: [number, number, number];
  stateDict: Record<string, TorchTensor>;
  input: TorchTensor;
  labels: number[];
  norms: number[];
};

// The fixture's model, module for module.
const spec = nn.Sequential(
  nn.Conv2d(1, 4, 3, { padding: 1, bias: false }),
  nn.BatchNorm2d(4),
  nn.ReLU(),
  BasicBlock(4, 4),
  nn.AdaptiveAvgPool2d(1),
  nn.Flatten(),
  nn.Linear(4, 3),
);

it("equals PyTorch's weight.grad.norm() for every conv and linear layer, input side first", async () => {
  const model = buildModel(spec, fixture.inputShape);
  loadTorchWeights(model, spec, fixture.stateDict);
  const [n, c, h, w] = fixture.input.shape as [number, number, number, number];
  const x = tf.tidy(() => tf.transpose(tf.tensor4d(Array.from(fixture.input.data), [n, c, h, w]), [0, 2, 3, 1]));
  const y = tf.tensor1d(fixture.labels, 'int32');
  const before = tf.memory().numTensors;
  const norms = await weightGradientNorms(model, x, y);
  expect(tf.memory().numTensors).toBe(before);
  expect(norms.map((n) => n.layer)).toEqual(['conv2d_0', 'conv2d_3.conv1', 'conv2d_3.conv2', 'linear_6']);
  expect(norms).toHaveLength(fixture.norms.length);
  norms.forEach((n, i) => expect(n.norm).toBeCloseTo(fixture.norms[i]!, 5));
  tf.dispose([x, y]);
  model.dispose();
});

it('leaves the weights as they were', async () => {
  const model = buildModel(spec, fixture.inputShape, { seed: 1 });
  const before = model.getWeights().map((w) => Array.from(w.dataSync()));
  const x = tf.randomUniform([2, 6, 6, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const y = tf.tensor1d([0, 2], 'int32');
  await weightGradientNorms(model, x, y);
  const trainable = new Set(model.trainableWeights.map((w) => w.name));
  model.weights.forEach((w, i) => {
    if (trainable.has(w.name)) expect(Array.from(w.read().dataSync())).toEqual(before[i]);
  });
  tf.dispose([x, y]);
  model.dispose();
});
