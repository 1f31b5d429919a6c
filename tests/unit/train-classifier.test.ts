import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nn } from '../../src/engine/spec/layers';
import { simpleCNN } from '../../src/engine/spec/zoo';
import { buildModel } from '../../src/engine/tf/build-model';
import { ThroughputMeter } from '../../src/engine/tf/throughput';
import { createEventLoopYielder, type YieldKind } from '../../src/engine/tf/yield-to-event-loop';
import { evaluateClassifier, trainClassifier, type ImageTensors, type TrainProgress } from '../../src/engine/tf/train-classifier';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 8x8 noise images; class 0 is brighter on the left half, class 1 on the right. */
function leftOrRight(n: number, seed: number): ImageTensors {
  return tf.tidy(() => {
    const noise = tf.randomUniform([n, 8, 8, 1], 0, 0.6, 'float32', seed);
    const labels = tf.tensor1d(
      Array.from({ length: n }, (_, i) => i % 2),
      'int32',
    );
    const left = tf.concat([tf.ones([8, 4, 1]), tf.zeros([8, 4, 1])], 1);
    const masks = tf.stack([left, tf.sub(1, left)]);
    return { x: tf.add(noise, tf.mul(tf.gather(masks, labels), 0.4)) as tf.Tensor4D, y: labels };
  });
}

const tinyCNN = (dropout = 0) =>
  nn.Sequential(
    nn.Conv2d(1, 4, 3, { padding: 1 }),
    nn.BatchNorm2d(4),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Dropout(dropout),
    nn.Linear(4 * 4 * 4, 2),
  );

const numTensors = () => tf.memory().numTensors;

describe('trainClassifier', () => {
  it('learns a learnable rule, reports progress sensibly and leaks nothing', async () => {
    const train = leftOrRight(64, 1);
    const test = leftOrRight(32, 2);
    const model = buildModel(tinyCNN(0.1), [1, 8, 8], { seed: 1 });
    const before = numTensors();
    const progress: TrainProgress[] = [];
    const { epochs } = await trainClassifier(
      model,
      train,
      test,
      { epochs: 6, batchSize: 16, learningRate: 0.02, seed: 1, metricsEvery: 2 },
      { onProgress: (p) => progress.push(p) },
    );
    expect(numTensors()).toBe(before);

    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    const first = epochs[0]!;
    const last = epochs.at(-1)!;
    expect(last.trainLoss).toBeLessThan(first.trainLoss);
    expect(last.trainAccuracy).toBeGreaterThan(0.8);
    expect(last.testAccuracy).toBeGreaterThan(0.8);
    expect(last.testLoss).toBeLessThan(Math.log(2));
    for (const e of epochs) {
      expect(e.seconds).toBeGreaterThan(0);
      expect(e.trainAccuracy).toBeGreaterThanOrEqual(0);
      expect(e.trainAccuracy).toBeLessThanOrEqual(1);
    }

    expect(progress).toHaveLength(6 * 4);
    expect(progress.map((p) => [p.epoch, p.batch])).toEqual(
      Array.from({ length: 24 }, (_, i) => [Math.floor(i / 4) + 1, (i % 4) + 1]),
    );
    expect(progress.every((p) => p.epochs === 6 && p.batches === 4)).toBe(true);
    // Nothing is measured before the first metrics read (batch 2), and each
    // epoch's running loss starts afresh; the speed carries over.
    expect(progress[0]).toMatchObject({ loss: null, imagesPerSecond: null, etaSeconds: null });
    for (const p of progress.slice(1)) {
      expect(p.imagesPerSecond).toBeGreaterThan(0);
      expect(p.etaSeconds).toBeGreaterThanOrEqual(0);
      if (p.batch === 1) expect(p.loss).toBeNull();
      else expect(Number.isFinite(p.loss)).toBe(true);
    }
    expect(progress.at(-1)!.etaSeconds).toBe(0);
    // The progress loss is the epoch's running mean: at the epoch's end it is the epoch's loss.
    expect(progress[3]!.loss).toBeCloseTo(first.trainLoss, 6);
    tf.dispose([train.x, train.y, test.x, test.y]);
    model.dispose();
  });

  it('trains in training mode (BatchNorm updates its moving mean) and evaluates in inference mode', async () => {
    const data = leftOrRight(16, 3);
    const model = buildModel(tinyCNN(0.5), [1, 8, 8], { seed: 2 });
    const bn = model.getLayer('batchnorm2d_1');
    const movingMean = async () => Array.from(await bn.getWeights()[2]!.data());
    const initial = await movingMean();
    expect(initial).toEqual([0, 0, 0, 0]);

    // PyTorch's momentum 0.1: after one step from 0 the running mean is a tenth of the batch mean.
    const conv = tf.model({ inputs: model.inputs, outputs: model.getLayer('conv2d_0').output as tf.SymbolicTensor });
    const batchMean = await tf.tidy(() => tf.mean(conv.predict(data.x) as tf.Tensor, [0, 1, 2])).data();
    await trainClassifier(model, data, null, { epochs: 1, batchSize: 16, learningRate: 0.01, seed: 1 });
    const afterStep = await movingMean();
    expect(afterStep.some((v) => Math.abs(v) > 1e-4)).toBe(true);
    afterStep.forEach((v, i) => expect(v).toBeCloseTo(0.1 * batchMean[i]!, 6));

    const a = await evaluateClassifier(model, data.x, data.y, 5);
    const b = await evaluateClassifier(model, data.x, data.y);
    expect(await movingMean()).toEqual(afterStep);
    expect(a.loss).toBeCloseTo(b.loss, 5);
    expect(a.accuracy).toBe(b.accuracy);
    // Inference mode is model.predict: moving statistics, no dropout.
    const expectedLoss = await tf
      .tidy(() => {
        const logits = model.predict(data.x) as tf.Tensor2D;
        return tf.losses.softmaxCrossEntropy(tf.oneHot(data.y, 2), logits);
      })
      .data();
    expect(a.loss).toBeCloseTo(expectedLoss[0]!, 5);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });

  it('repeats exactly with the same seeds (no dropout)', async () => {
    const data = leftOrRight(32, 4);
    const run = async () => {
      const model = buildModel(tinyCNN(), [1, 8, 8], { seed: 3 });
      const result = await trainClassifier(model, data, null, { epochs: 2, batchSize: 8, learningRate: 0.01, seed: 5 });
      model.dispose();
      return result.epochs.map((e) => [e.trainLoss, e.trainAccuracy]);
    };
    expect(await run()).toEqual(await run());
    tf.dispose([data.x, data.y]);
  });
});

describe('SimpleCNN', () => {
  // 8x8 images, the smallest its three poolings take: the CPU backend trains SimpleCNN at a few images a second.
  it('takes a couple of steps on a handful of images', async () => {
    const model = buildModel(simpleCNN({ inChannels: 1 }), [1, 8, 8], { seed: 6 });
    const data = tf.tidy(() => ({
      x: tf.randomUniform([4, 8, 8, 1], 0, 1, 'float32', 7) as tf.Tensor4D,
      y: tf.tensor1d([0, 3, 5, 9], 'int32'),
    }));
    const before = numTensors();
    const { epochs } = await trainClassifier(model, data, data, { epochs: 1, batchSize: 2, learningRate: 1e-3, seed: 1 });
    expect(numTensors()).toBe(before);
    const [record] = epochs;
    // Ten classes: the loss starts near ln 10.
    expect(record!.trainLoss).toBeGreaterThan(1);
    expect(record!.trainLoss).toBeLessThan(4);
    expect(Number.isFinite(record!.testLoss)).toBe(true);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});

describe('stopping', () => {
  it('stops before the next batch when an abort message arrives during a batch, and leaks nothing', async () => {
    const data = leftOrRight(64, 5);
    const model = buildModel(tinyCNN(0.2), [1, 8, 8], { seed: 4 });
    const before = numTensors();
    const signal = { aborted: false };
    // Like the worker: the abort comes as a message, handled between tasks.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      signal.aborted = true;
    };
    const progress: TrainProgress[] = [];
    const run = trainClassifier(
      model,
      data,
      data,
      { epochs: 3, batchSize: 8, learningRate: 0.01, signal },
      {
        onProgress(p) {
          progress.push(p);
          if (p.batch === 2) channel.port2.postMessage('abort');
        },
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    channel.port1.close();
    expect(progress.map((p) => p.batch)).toEqual([1, 2]);
    expect(numTensors()).toBe(before);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });

  it('does not start when already stopped, and stops an evaluation too', async () => {
    const data = leftOrRight(16, 6);
    const model = buildModel(tinyCNN(), [1, 8, 8]);
    const before = numTensors();
    const signal = { aborted: true };
    const onProgress = () => {
      throw new Error('no batch should run');
    };
    await expect(
      trainClassifier(model, data, null, { epochs: 1, batchSize: 8, learningRate: 0.01, signal }, { onProgress }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    await expect(evaluateClassifier(model, data.x, data.y, 4, { signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(numTensors()).toBe(before);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});

describe('input checks', () => {
  it('explains bad labels and shapes', async () => {
    const model = buildModel(tinyCNN(), [1, 8, 8]);
    const opts = { epochs: 1, batchSize: 4, learningRate: 0.01 };
    const x = tf.zeros([4, 8, 8, 1]) as tf.Tensor4D;
    const floatLabels = tf.tensor1d([0, 1, 0, 1], 'float32');
    const outOfRange = tf.tensor1d([0, 1, 2, 1], 'int32');
    const wrongImages = tf.zeros([4, 1, 8, 8]) as tf.Tensor4D;
    const labels = tf.tensor1d([0, 1, 0, 1], 'int32');
    const before = numTensors();
    await expect(trainClassifier(model, { x, y: floatLabels }, null, opts)).rejects.toThrow(
      'Training data: labels must be int32 class indices, got float32',
    );
    await expect(trainClassifier(model, { x, y: outOfRange }, null, opts)).rejects.toThrow(
      'Training data: label 2 is out of range for a model with 2 outputs (labels must be 0..1)',
    );
    await expect(trainClassifier(model, { x: wrongImages, y: labels }, null, opts)).rejects.toThrow(
      'Training data: images are [4, 1, 8, 8] but the model takes [N, 8, 8, 1] (N, H, W, C: tfjs is channels-last)',
    );
    await expect(trainClassifier(model, { x, y: labels }, null, { ...opts, batchSize: 0 })).rejects.toThrow(
      'train(): batchSize must be a positive integer, got 0',
    );
    expect(numTensors()).toBe(before);
    tf.dispose([x, floatLabels, outOfRange, wrongImages, labels]);
    model.dispose();
  });
});

describe('ThroughputMeter', () => {
  it('averages the last intervals and skips pauses', () => {
    const meter = new ThroughputMeter(2);
    expect(meter.imagesPerSecond).toBeNull();
    meter.resume(0, 0);
    meter.record(10, 10_000); // warm-up: 1 image/s
    meter.record(110, 11_000); // 100 images/s
    meter.record(210, 12_000);
    expect(meter.imagesPerSecond).toBe(100);
    meter.resume(210, 60_000); // an evaluation happened; not counted
    meter.record(410, 62_000);
    expect(meter.imagesPerSecond).toBe(100);
    expect(meter.etaSeconds(500)).toBe(5);
  });
});

describe('createEventLoopYielder', () => {
  it.each<YieldKind>(['immediate', 'timeout'])('%s lets a queued timer run', async (kind) => {
    const yielder = createEventLoopYielder(kind);
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    // Bounded by time, not a count: Node's setTimeout(0) waits at least 1 ms, and a fast
    // machine yields 200 times in less. A yielder that only awaits microtasks never lets it run.
    const deadline = Date.now() + 2_000;
    while (!timerRan && Date.now() < deadline) await yielder.next();
    yielder.dispose();
    expect(timerRan).toBe(true);
  });

  // Its fairness is a browser property (Node drains a port's messages in bursts
  // of up to 1,000, which is why Node gets setImmediate); here: it resumes and lets go.
  it('message-channel resumes and releases its ports', async () => {
    const yielder = createEventLoopYielder('message-channel');
    for (let i = 0; i < 3; i++) await yielder.next();
    yielder.dispose();
  });
});
