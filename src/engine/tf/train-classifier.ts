// A PyTorch-style training loop for image classifiers: Adam, cross-entropy on
// logits, shuffled mini-batches, evaluation after each epoch.
//
// Written by hand rather than with model.fit so that it never blocks on a
// read per batch (metrics are summed on the device and read every few
// batches), yields to the event loop between batches (so a Stop message can
// arrive in a worker), and reports progress the way the reader's cell shows it.
//
// Memory: everything the run allocates is disposed when it ends, normally or
// not. That includes the optimizer: a call is like creating a new
// torch.optim.Adam, so a second call starts with fresh Adam moments. The
// model's weights (and BatchNorm statistics) are updated in place and stay.

import * as tf from '@tensorflow/tfjs';
import { ThroughputMeter } from './throughput';
import { createEventLoopYielder } from './yield-to-event-loop';

export interface LabeledImages {
  /** Images as [N, H, W, C] float32 (tfjs is channels-last). */
  x: tf.Tensor4D;
  /** Class indices as int32, like PyTorch's long targets. */
  y: tf.Tensor1D;
}

/** Anything with `aborted`, e.g. an AbortSignal. */
export interface StopSignal {
  readonly aborted: boolean;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Seeds the shuffling (weights are seeded by buildModel; Dropout masks are not seeded). */
  seed?: number;
  signal?: StopSignal;
  /** Batches between reads of the running loss and accuracy from the device. Default 10. */
  metricsEvery?: number;
  /**
   * 'cosine' anneals the learning rate from `learningRate` to 0 over all
   * batches, as PyTorch's CosineAnnealingLR(T_max = total steps) stepped per batch. Default 'constant'.
   */
  schedule?: 'constant' | 'cosine';
}

/** The learning rate of step `step` (0-based) of `totalSteps`. */
export function scheduledLearningRate(
  schedule: TrainOptions['schedule'],
  learningRate: number,
  step: number,
  totalSteps: number,
): number {
  if (schedule !== 'cosine') return learningRate;
  return 0.5 * learningRate * (1 + Math.cos((Math.PI * step) / totalSteps));
}

export interface TrainProgress {
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Batches done in this epoch, 1..batches. */
  batch: number;
  batches: number;
  etaSeconds: number | null;
  imagesPerSecond: number | null;
  /** Mean training loss of this epoch so far, as of the last read; null before the first. */
  loss: number | null;
}

export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number | null;
  testAccuracy: number | null;
  /** Wall time of the epoch, its evaluation included. */
  seconds: number;
}

export interface TrainCallbacks {
  onProgress?(progress: TrainProgress): void;
  onEpochEnd?(record: EpochRecord): void;
}

export interface Evaluation {
  /** Mean cross-entropy, as nn.CrossEntropyLoss() computes it. */
  loss: number;
  accuracy: number;
}

/** The error a stopped run rejects with; its name is 'AbortError', as for an aborted fetch. */
export function abortError(): Error {
  const error = new Error('Training was stopped');
  error.name = 'AbortError';
  return error;
}

function throwIfAborted(signal: StopSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

function classCount(model: tf.LayersModel): number {
  const shape = model.outputs[0]?.shape;
  const classes = shape?.[1];
  if (model.outputs.length !== 1 || shape?.length !== 2 || classes == null) {
    throw new Error(`The model must output one [B, classes] tensor of logits, but outputs ${JSON.stringify(shape)}`);
  }
  return classes;
}

/** Catches the mistakes tfjs would report obscurely, or not at all (out-of-range labels). */
async function checkLabeledImages(model: tf.LayersModel, data: LabeledImages, what: string): Promise<void> {
  const { x, y } = data;
  const expected = model.inputs[0]?.shape.slice(1) ?? [];
  if (x.rank !== 4 || x.shape.slice(1).some((d, i) => d !== expected[i])) {
    throw new Error(
      `${what}: images are [${x.shape.join(', ')}] but the model takes [N, ${expected.join(', ')}] (N, H, W, C: tfjs is channels-last)`,
    );
  }
  if (y.rank !== 1 || y.shape[0] !== x.shape[0]) {
    throw new Error(`${what}: expected one label per image (${x.shape[0]}), got labels of shape [${y.shape.join(', ')}]`);
  }
  if (y.dtype !== 'int32') throw new Error(`${what}: labels must be int32 class indices, got ${y.dtype}`);
  if (x.shape[0] === 0) throw new Error(`${what}: there are no images`);
  const classes = classCount(model);
  const range = tf.tidy(() => tf.stack([tf.min(y), tf.max(y)]));
  const [low = 0, high = 0] = await range.data();
  range.dispose();
  if (low < 0 || high >= classes) {
    const bad = low < 0 ? low : high;
    throw new Error(`${what}: label ${bad} is out of range for a model with ${classes} outputs (labels must be 0..${classes - 1})`);
  }
}

function crossEntropyPerExample(logits: tf.Tensor2D, labels: tf.Tensor1D, classes: number): tf.Tensor1D {
  return tf.neg(tf.sum(tf.mul(tf.oneHot(labels, classes), tf.logSoftmax(logits)), -1)) as tf.Tensor1D;
}

function correctCount(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32'));
}

/** Running sums of loss and correct predictions, kept on the device until read. */
class DeviceTotals {
  private loss: tf.Scalar = tf.scalar(0);
  private correct: tf.Scalar = tf.scalar(0);

  /** Takes ownership of both scalars. */
  add(lossSum: tf.Scalar, correct: tf.Scalar): void {
    const [loss, right] = tf.tidy(() => [tf.add(this.loss, lossSum), tf.add(this.correct, correct)]);
    tf.dispose([this.loss, this.correct, lossSum, correct]);
    [this.loss, this.correct] = [loss as tf.Scalar, right as tf.Scalar];
  }

  async read(): Promise<{ loss: number; correct: number }> {
    const [loss, correct] = await Promise.all([this.loss.data(), this.correct.data()]);
    return { loss: loss[0] ?? NaN, correct: correct[0] ?? NaN };
  }

  dispose(): void {
    tf.dispose([this.loss, this.correct]);
  }
}

/** mulberry32: small, fast, and good enough to shuffle with. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffledIndices(n: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`trainClassifier: ${name} must be a positive integer, got ${value}`);
}

/** PyTorch's Adam (eps 1e-8), unless the backend computes in float16, where 1e-8 would round to 0. */
function pytorchAdam(learningRate: number): tf.AdamOptimizer {
  const epsilon = tf.backend().floatPrecision() === 32 ? 1e-8 : tf.backend().epsilon();
  return tf.train.adam(learningRate, 0.9, 0.999, epsilon);
}

export async function trainClassifier(
  model: tf.LayersModel,
  train: LabeledImages,
  test: LabeledImages | null,
  opts: TrainOptions,
  callbacks: TrainCallbacks = {},
): Promise<{ epochs: EpochRecord[] }> {
  const { epochs, batchSize, learningRate, signal, metricsEvery = 10, schedule = 'constant' } = opts;
  checkPositiveInteger('epochs', epochs);
  checkPositiveInteger('batchSize', batchSize);
  checkPositiveInteger('metricsEvery', metricsEvery);
  if (!(learningRate > 0)) throw new RangeError(`trainClassifier: learningRate must be positive, got ${learningRate}`);
  await checkLabeledImages(model, train, 'Training data');
  if (test) await checkLabeledImages(model, test, 'Test data');
  throwIfAborted(signal);

  const classes = classCount(model);
  const n = train.x.shape[0];
  const batches = Math.ceil(n / batchSize);
  const random = seededRandom(opts.seed ?? Math.floor(Math.random() * 2 ** 32));
  const optimizer = pytorchAdam(learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const yielder = createEventLoopYielder();
  const meter = new ThroughputMeter();
  const records: EpochRecord[] = [];

  // One optimisation step in training mode: BatchNorm normalises with the
  // batch's statistics and updates its moving ones, Dropout drops.
  const step = (order: tf.Tensor1D, start: number, size: number): [tf.Scalar, tf.Scalar] => {
    // The accuracy count comes from the same forward pass; tf.keep saves it from the gradient's tidy.
    const kept: { correct?: tf.Scalar } = {};
    const lossSum = tf.tidy(() => {
      const indices = order.slice(start, size);
      const x = tf.gather(train.x, indices);
      const y = tf.gather(train.y, indices);
      const loss = optimizer.minimize(
        () => {
          const logits = model.apply(x, { training: true }) as tf.Tensor2D;
          kept.correct = tf.keep(correctCount(logits, y));
          return tf.mean(crossEntropyPerExample(logits, y, classes));
        },
        true,
        variables,
      ) as tf.Scalar;
      return tf.mul(loss, size) as tf.Scalar;
    });
    if (!kept.correct) throw new Error('trainClassifier: the training step did not run the model');
    return [lossSum, kept.correct];
  };

  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const epochStart = performance.now();
      const order = tf.tensor1d(shuffledIndices(n, random), 'int32');
      const totals = new DeviceTotals();
      let runningLoss: number | null = null;
      let trainLoss = NaN;
      let trainAccuracy = NaN;
      meter.resume((epoch - 1) * n, performance.now());
      try {
        for (let batch = 0; batch < batches; batch++) {
          throwIfAborted(signal);
          const start = batch * batchSize;
          const size = Math.min(batchSize, n - start);
          // Adam reads its learning rate at every step, so setting it here schedules it.
          (optimizer as unknown as { learningRate: number }).learningRate = scheduledLearningRate(
            schedule,
            learningRate,
            (epoch - 1) * batches + batch,
            epochs * batches,
          );
          totals.add(...step(order, start, size));
          const seen = start + size;
          if ((batch + 1) % metricsEvery === 0 || seen === n) {
            const sums = await totals.read();
            meter.record((epoch - 1) * n + seen, performance.now());
            runningLoss = sums.loss / seen;
            [trainLoss, trainAccuracy] = [sums.loss / n, sums.correct / n];
          }
          callbacks.onProgress?.({
            epoch,
            epochs,
            batch: batch + 1,
            batches,
            etaSeconds: meter.etaSeconds(epochs * n - ((epoch - 1) * n + seen)),
            imagesPerSecond: meter.imagesPerSecond,
            loss: runningLoss,
          });
          await yielder.next();
        }
      } finally {
        order.dispose();
        totals.dispose();
      }
      const evaluation = test ? await evaluateChecked(model, test.x, test.y, 256, signal) : null;
      const record: EpochRecord = {
        epoch,
        trainLoss,
        trainAccuracy,
        testLoss: evaluation?.loss ?? null,
        testAccuracy: evaluation?.accuracy ?? null,
        seconds: (performance.now() - epochStart) / 1000,
      };
      records.push(record);
      callbacks.onEpochEnd?.(record);
    }
    return { epochs: records };
  } finally {
    optimizer.dispose();
    yielder.dispose();
  }
}

/** Loss and accuracy in inference mode (BatchNorm uses its moving statistics, no Dropout), in batches. */
export async function evaluateClassifier(
  model: tf.LayersModel,
  x: tf.Tensor4D,
  y: tf.Tensor1D,
  batchSize = 256,
  opts: { signal?: StopSignal } = {},
): Promise<Evaluation> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`evaluateClassifier: batchSize must be a positive integer, got ${batchSize}`);
  }
  await checkLabeledImages(model, { x, y }, 'Evaluation data');
  return evaluateChecked(model, x, y, batchSize, opts.signal);
}

async function evaluateChecked(
  model: tf.LayersModel,
  x: tf.Tensor4D,
  y: tf.Tensor1D,
  batchSize: number,
  signal: StopSignal | undefined,
): Promise<Evaluation> {
  const classes = classCount(model);
  const n = x.shape[0];
  const totals = new DeviceTotals();
  const yielder = createEventLoopYielder();
  try {
    for (let start = 0; start < n; start += batchSize) {
      throwIfAborted(signal);
      const size = Math.min(batchSize, n - start);
      const [lossSum, correct] = tf.tidy(() => {
        const logits = model.apply(tf.slice(x, start, size), { training: false }) as tf.Tensor2D;
        const labels = tf.slice(y, start, size);
        return [tf.sum(crossEntropyPerExample(logits, labels, classes)), correctCount(logits, labels)];
      });
      totals.add(lossSum as tf.Scalar, correct as tf.Scalar);
      await yielder.next();
    }
    const sums = await totals.read();
    return { loss: sums.loss / n, accuracy: sums.correct / n };
  } finally {
    totals.dispose();
    yielder.dispose();
  }
}
