// Transfer learning in the engine: a shipped backbone under a new head, and
// freezing (weights out of training, BatchNorm on its running statistics).
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectClasses } from '../../src/engine/data/select-classes';
import { nn } from '../../src/engine/spec/layers';
import { buildModel } from '../../src/engine/tf/build-model';
import { smallCNN } from '../../src/engine/spec/small-cnn';
import { fetchPretrainedState } from '../../src/engine/tf/pretrained';
import { trainClassifier, type ImageTensors } from '../../src/engine/tf/train-classifier';
import { freeze, loadBackboneModel, unfreeze, withNewHead } from '../../src/engine/tf/transfer';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BASE = 'http://guide.test/';
/** Serves public/ from disk, as the site would. */
const diskFetch = (async (input: RequestInfo | URL) => {
  const url = new URL(String(input));
  try {
    return new Response(new Uint8Array(readFileSync(join(root, 'public', url.pathname))));
  } catch {
    return new Response('Not Found', { status: 404 });
  }
}) as typeof fetch;

const load = (seed = 1) =>
  loadBackboneModel('fashion-backbone', { baseUrl: BASE, fetchImpl: diskFetch, head: nn.Linear(64 * 3 * 3, 5), seed });

const values = (layer: tf.layers.Layer) => layer.getWeights().map((w) => Array.from(w.dataSync()));

/** A few random 28x28 images with labels, enough for a training step. */
function batch(n: number): ImageTensors {
  return tf.tidy(() => ({
    x: tf.randomUniform([n, 28, 28, 1], -0.8, 2.5, 'float32', 3) as tf.Tensor4D,
    y: tf.tensor1d(
      Array.from({ length: n }, (_, i) => i % 5),
      'int32',
    ),
  }));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('withNewHead', () => {
  it('replaces the last layer and keeps the others', () => {
    const spec = withNewHead(smallCNN(5), nn.Linear(576, 3));
    expect(spec.layers).toHaveLength(14);
    expect(spec.layers.slice(0, -1)).toEqual(smallCNN(5).layers.slice(0, -1));
    expect(spec.layers.at(-1)).toEqual(nn.Linear(576, 3));
  });

  it('refuses a model with nothing to keep', () => {
    expect(() => withNewHead(nn.Sequential(nn.Linear(4, 2)), nn.Linear(4, 3))).toThrow(/backbone/);
  });
});

describe('loadBackboneModel', () => {
  it('loads the shipped backbone, BatchNorm statistics included, under a new seeded head', async () => {
    const { state } = await fetchPretrainedState('fashion-backbone', { baseUrl: BASE, fetchImpl: diskFetch });
    const { model, backbone, head, spec } = await load(7);
    try {
      expect(backbone).toEqual(['conv2d_0', 'batchnorm2d_1', 'conv2d_4', 'batchnorm2d_5', 'conv2d_8', 'batchnorm2d_9']);
      expect(head).toEqual(['linear_13']);
      // Conv weight OIHW in the file, HWIO in tfjs: [o, i, y, x] -> [y, x, i, o].
      const shipped = state.get('4.weight')!;
      const kernel = model.getLayer('conv2d_4').getWeights()[0]!;
      const [o, i, y, x] = [5, 11, 2, 1];
      const [, I, H, W] = shipped.shape as [number, number, number, number];
      const k = kernel.arraySync() as number[][][][];
      expect(k[y]![x]![i]![o]).toBe(shipped.data[((o * I + i) * H + y) * W + x]);
      // gamma, beta, moving mean, moving variance.
      const bn = values(model.getLayer('batchnorm2d_9'));
      for (const [k, suffix] of ['weight', 'bias', 'running_mean', 'running_var'].entries()) {
        expect(bn[k]).toEqual(Array.from(state.get(`9.${suffix}`)!.data));
      }
      // The head is new: what buildModel gives this spec and seed, not the shipped classifier.
      const fresh = buildModel(spec, [1, 28, 28], { seed: 7 });
      expect(values(model.getLayer('linear_13'))).toEqual(values(fresh.getLayer('linear_13')));
      expect(values(model.getLayer('linear_13'))[1]).not.toEqual(Array.from(state.get('13.bias')!.data));
      fresh.dispose();
    } finally {
      model.dispose();
    }
  });

  it('names the unknown model', async () => {
    await expect(
      loadBackboneModel('imagenet' as 'simplecnn', { baseUrl: BASE, fetchImpl: diskFetch, head: nn.Linear(576, 10) }),
    ).rejects.toThrow(/no shipped model 'imagenet'/);
  });
});

describe('freeze', () => {
  it('trains only the head, and frozen BatchNorm keeps its running statistics', async () => {
    const { model, backbone } = await load();
    const data = batch(3);
    try {
      const all = model.trainableWeights.length;
      const before = Object.fromEntries(backbone.map((name) => [name, values(model.getLayer(name))]));
      const headBefore = values(model.getLayer('linear_13'));
      freeze(model, backbone);
      expect(model.trainableWeights.map((w) => w.originalName)).toEqual(['linear_13/kernel', 'linear_13/bias']);
      // In a training step a frozen BatchNorm normalises as in evaluation.
      const [trainMode, evalMode] = tf.tidy(() => [
        (model.apply(data.x, { training: true }) as tf.Tensor).arraySync(),
        (model.apply(data.x, { training: false }) as tf.Tensor).arraySync(),
      ]);
      expect(trainMode).toEqual(evalMode);
      await trainClassifier(model, data, null, { epochs: 1, batchSize: 3, learningRate: 0.01, seed: 0 });
      for (const name of backbone) expect(values(model.getLayer(name)), name).toEqual(before[name]);
      expect(values(model.getLayer('linear_13'))).not.toEqual(headBefore);

      // Unfrozen, every weight trains again and BatchNorm uses (and updates) batch statistics.
      unfreeze(model);
      expect(model.trainableWeights).toHaveLength(all);
      await trainClassifier(model, data, null, { epochs: 1, batchSize: 3, learningRate: 0.01, seed: 0 });
      const [, , movingMean] = values(model.getLayer('batchnorm2d_1'));
      expect(movingMean).not.toEqual(before['batchnorm2d_1']![2]);
      expect(values(model.getLayer('conv2d_0'))).not.toEqual(before['conv2d_0']);
    } finally {
      model.dispose();
      tf.dispose([data.x, data.y]);
    }
  });

  it('leaks no tensor: load, freeze, train, unfreeze, train, dispose', async () => {
    const data = batch(4);
    const start = tf.memory().numTensors;
    const { model, backbone } = await load();
    freeze(model, backbone);
    await trainClassifier(model, data, null, { epochs: 1, batchSize: 4, learningRate: 0.01, seed: 0 });
    unfreeze(model);
    await trainClassifier(model, data, null, { epochs: 1, batchSize: 4, learningRate: 0.01, seed: 0 });
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
    tf.dispose([data.x, data.y]);
  });

  it('names a layer the model does not have', async () => {
    const { model } = await load();
    try {
      expect(() => freeze(model, ['conv2d_99'])).toThrow(
        /freeze: the model has no layer 'conv2d_99'; its layers are input, conv2d_0/,
      );
    } finally {
      model.dispose();
    }
  });
});

describe('selectClasses', () => {
  const split = {
    images: Uint8Array.from([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]),
    labels: Uint8Array.from([0, 1, 2, 1, 3]),
    count: 5,
    height: 1,
    width: 2,
  };

  it('keeps the images of the classes asked for, in order, relabelled in the order given', () => {
    const picked = selectClasses(split, [3, 1]);
    expect(picked.count).toBe(3);
    expect(Array.from(picked.images)).toEqual([1, 1, 3, 3, 4, 4]);
    expect(Array.from(picked.labels)).toEqual([1, 1, 0]);
    expect(selectClasses(split, [1, 2, 3], 2).count).toBe(2);
  });

  it('refuses repeated or negative classes', () => {
    expect(() => selectClasses(split, [1, 1])).toThrow(/distinct/);
    expect(() => selectClasses(split, [-1])).toThrow(/distinct/);
  });
});
