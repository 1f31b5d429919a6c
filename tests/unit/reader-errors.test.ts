// The errors a reader sees when a cell calls the cnn-guide API wrongly, locked
// word for word: each names what the reader wrote (the argument, the setting,
// the layer) and what it got, never an internal function of the engine.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, evaluate, nn, toTensors, train } from '../../src/engine/runtime/cell-api.ts';
import { beginRun, endRun } from '../../src/engine/runtime/run-context.ts';
import type { LabelledImages } from '../../src/engine/contract/index.ts';

const tiny = () => nn.Sequential(nn.Conv2d(1, 2, 3, { padding: 1 }), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 4 * 4, 3));

/** Four 4x4 images, as the prepared data holds them. */
const split: LabelledImages = {
  count: 4,
  height: 4,
  width: 4,
  images: new Uint8Array(4 * 16).map((_, i) => (i * 37) % 256),
  labels: Uint8Array.from([0, 1, 2, 1]),
};

let model: tf.LayersModel;
let trainSet: ReturnType<typeof toTensors>;
const settings = { epochs: 1, batchSize: 2, learningRate: 0.01 };

beforeAll(async () => {
  await tf.setBackend('cpu');
  beginRun({ runId: 1, cellId: 'test', baseUrl: '/', signal: { aborted: false }, emit: () => {}, owned: new Set() });
  model = buildModel(tiny(), [1, 4, 4], { seed: 1 });
  trainSet = toTensors(split);
});

afterAll(() => {
  const run = endRun();
  for (const item of run?.owned ?? []) item.dispose();
});

/** train() with one argument replaced by what the reader wrote. */
const trainWith = (overrides: Partial<typeof settings> & Record<string, unknown>) =>
  train(model, trainSet, null, { ...settings, ...overrides } as typeof settings);

describe('train() names the setting the reader got wrong', () => {
  it('lets through every setting it knows, rightly given', async () => {
    const all = { schedule: 'cosine', optimizer: 'sgd', momentum: 0.9, nesterov: true, weightDecay: 1e-4, seed: 3 };
    const history = await trainWith({ ...all, augment: { flip: true, cropPadding: 1, mixup: 0.2, cutmix: 1 } });
    expect(history).toHaveLength(1);
    await expect(evaluate(model, trainSet)).resolves.toHaveProperty('accuracy');
  });

  it('epochs, batch size and learning rate', async () => {
    await expect(trainWith({ epochs: -1 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[RangeError: train(): epochs must be a positive integer, got -1]`,
    );
    await expect(trainWith({ batchSize: 0.5 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[RangeError: train(): batchSize must be a positive integer, got 0.5]`,
    );
    await expect(trainWith({ learningRate: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[RangeError: train(): learningRate must be a positive number, got 0]`,
    );
  });

  it('the optimizer, the schedule and their options', async () => {
    await expect(trainWith({ optimizer: 'Adam' })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[RangeError: train(): optimizer must be 'adam', 'adamw' or 'sgd', got "Adam"]`,
    );
    await expect(trainWith({ schedule: 'step' })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[RangeError: train(): schedule must be 'constant' or 'cosine', got "step"]`,
    );
    await expect(trainWith({ optimizer: 'sgd', nesterov: true })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[RangeError: train(): nesterov needs optimizer 'sgd' with a momentum above 0, got momentum 0]`,
    );
    await expect(trainWith({ weightDecay: -0.1 })).rejects.toThrow('train(): weightDecay must be a number >= 0, got -0.1');
    await expect(trainWith({ augment: { flip: 'yes' } })).rejects.toThrow(
      'train(): augment.flip must be true, false or a probability in [0, 1], got "yes"',
    );
  });

  it("another library's name for a setting, or one it does not have", async () => {
    await expect(trainWith({ lr: 0.01 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: train(): unknown setting lr; did you mean learningRate?]`,
    );
    await expect(trainWith({ augment: { rotate: 15 } })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: train(): unknown setting rotate; augment settings are flip, cropPadding, mixup, cutmix]`,
    );
  });
});

describe('train() and evaluate() name the argument the reader got wrong', () => {
  it('a spec where the model goes', async () => {
    await expect(train(tiny() as never, trainSet, null, settings)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: train(): model must be a model made by buildModel, got a Sequential spec; build it first: buildModel(spec, [1, 28, 28])]`,
    );
  });

  it('the raw images where tensors go', async () => {
    await expect(train(model, split as never, null, settings)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: train(): trainSet must be images and labels as tensors { x, y }, got an object with count, height, width, images, labels; turn the images into tensors first: toTensors(data.train)]`,
    );
    await expect(evaluate(model, split as never)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: evaluate(): the set must be images and labels as tensors { x, y }, got an object with count, height, width, images, labels; turn the images into tensors first: toTensors(data.test)]`,
    );
  });

  it('missing data, or the settings where the test set goes', async () => {
    await expect(train(model, undefined as never, null, settings)).rejects.toThrow(
      'train(): trainSet must be images and labels as tensors { x, y }, got nothing (undefined); pass toTensors(data.train)',
    );
    await expect(train(model, trainSet, settings as never, undefined as never)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: train(): the settings came third, where the test set goes; call train(model, trainSet, testSet, settings), with null as testSet to train without one]`,
    );
    await expect(train(model, trainSet, null, undefined as never)).rejects.toThrow(
      'train(): settings must be an object such as { epochs: 4, batchSize: 64, learningRate: 0.003 }, got nothing (undefined)',
    );
  });

  it('images of the wrong size for the model', async () => {
    const wide = { x: tf.zeros([2, 4, 5, 1]) as tf.Tensor4D, y: tf.tensor1d([0, 1], 'int32') };
    await expect(train(model, wide, null, settings)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: Training data: images are [2, 4, 5, 1] but the model takes [N, 4, 4, 1] (N, H, W, C: tfjs is channels-last)]`,
    );
    tf.dispose([wide.x, wide.y]);
  });
});

describe('layer sizes that do not fit name the layer and the sizes', () => {
  it('a bad argument to a layer', () => {
    expect(() => nn.Conv2d(1, 8, [3, 0])).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Conv2d: kernelSize[1] must be a positive integer, got 0]`,
    );
    expect(() => nn.Linear(128, -10)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Linear: outFeatures must be a positive integer, got -10]`,
    );
  });

  it('a Linear that does not match what Flatten gives it, found when the model is built', () => {
    const spec = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 14 * 14, 10));
    expect(() => buildModel(spec, [1, 28, 28])).toThrowErrorMatchingInlineSnapshot(
      `[Error: Layer 4 (Linear): expects 1568 input features but receives 1352 (from Flatten of [8, 13, 13])]`,
    );
  });

  it('a kernel larger than its input', () => {
    const spec = nn.Sequential(nn.MaxPool2d(2), nn.MaxPool2d(2), nn.Conv2d(1, 4, 5));
    expect(() => buildModel(spec, [1, 12, 12])).toThrowErrorMatchingInlineSnapshot(
      `[Error: Layer 2 (Conv2d): kernel 5x5 is larger than its padded input 3x3 (input [1, 3, 3], padding [0, 0])]`,
    );
  });

  it('an empty model', () => {
    expect(() => buildModel(nn.Sequential(), [1, 28, 28])).toThrowErrorMatchingInlineSnapshot(
      `[Error: buildModel(): the Sequential has no layers; give nn.Sequential(...) at least one]`,
    );
  });
});
