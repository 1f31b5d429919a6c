// A PyTorch-style training loop for image classifiers: torch.optim's Adam,
// AdamW or SGD (./optim), cross-entropy on logits, shuffled mini-batches,
// optional augmentation on the device (./augment), evaluation after each epoch.
//
// Written by hand rather than with model.fit so that it never blocks on a
// read per batch (metrics are summed on the device and read every few
// batches), yields to the event loop between batches (so a Stop message can
// arrive in a worker), and reports progress the way the reader's cell shows it.
//
// Memory: everything the run allocates is disposed when it ends, normally or
// not. That includes the optimizer: a call is like creating a new
// torch.optim optimizer, so a second call starts with fresh Adam moments. The
// model's weights (and BatchNorm statistics) are updated in place and stay.

import * as tf from '@tensorflow/tfjs';
import { cutmix, mixup, randomCrop, randomHorizontalFlip } from './augment';
import { Adam, AdamW, constantLR, cosineAnnealingLR, SGD, type Schedule, type TorchOptimizer } from './optim';
import { deriveSeed, permutation, seededRandom, type Random } from '../reference/seeded-random';
import { requirePositiveInt } from '../arithmetic/pair';
import type { TrainingProgress } from '../contract';
import { ThroughputMeter } from './throughput';
import { createEventLoopYielder } from './yield-to-event-loop';
import { gpuStepPacer } from './gpu-device';

/** A batch of images and labels as tensors (what trains); LabelledImages are the same as raw bytes. */
export interface ImageTensors {
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
  /** Seeds the shuffling and the augmentation (weights are seeded by buildModel; Dropout masks are not seeded). */
  seed?: number;
  signal?: StopSignal;
  /** Batches between reads of the running loss and accuracy from the device. Default 10. */
  metricsEvery?: number;
  /**
   * 'cosine' anneals the learning rate from `learningRate` to 0 over all
   * batches, as PyTorch's CosineAnnealingLR(T_max = total steps) stepped per batch. Default 'constant'.
   */
  schedule?: 'constant' | 'cosine';
  /** torch.optim.Adam (default), AdamW or SGD, with PyTorch's defaults for what is not given here. */
  optimizer?: 'adam' | 'adamw' | 'sgd';
  /**
   * Adam and SGD add weightDecay·p to the gradient (L2); AdamW decays the
   * weights directly. Default as in PyTorch: 0, and 0.01 for AdamW.
   */
  weightDecay?: number;
  /** SGD's momentum; default 0, as in PyTorch. */
  momentum?: number;
  /** SGD with Nesterov momentum; default false. */
  nesterov?: boolean;
  augment?: AugmentOptions;
}

/**
 * Augmentation of each training batch, on the device, seeded by `seed`.
 * Applied in this order: flip, crop, then mixup or cutmix.
 */
export interface AugmentOptions {
  /** RandomHorizontalFlip: true for p = 0.5, or the probability. */
  flip?: boolean | number;
  /** RandomCrop(H×W, padding): zero padding on each side, then a random window. */
  cropPadding?: number;
  /**
   * mixup's α (λ ~ Beta(α, α), e.g. 0.2). The loss is then cross-entropy
   * against the soft labels, and training accuracy counts a prediction right
   * when it is the label with the larger weight.
   */
  mixup?: number;
  /** CutMix's α (e.g. 1). With mixup too, each batch gets one of the two, at even odds. */
  cutmix?: number;
}

function learningRateSchedule(schedule: TrainOptions['schedule'], learningRate: number, totalSteps: number): Schedule {
  return schedule === 'cosine' ? cosineAnnealingLR(learningRate, { tMax: totalSteps }) : constantLR(learningRate);
}

export interface TrainProgress extends TrainingProgress {
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
async function checkImageTensors(model: tf.LayersModel, data: ImageTensors, what: string): Promise<void> {
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
    throw new Error(
      `${what}: label ${bad} is out of range for a model with ${classes} outputs (labels must be 0..${classes - 1})`,
    );
  }
}

function crossEntropyPerExample(logits: tf.Tensor2D, labels: tf.Tensor1D, classes: number): tf.Tensor1D {
  return softCrossEntropyPerExample(logits, tf.oneHot(labels, classes) as tf.Tensor2D);
}

/** nn.CrossEntropyLoss(reduction='none') with class probabilities [B, classes] as targets. */
function softCrossEntropyPerExample(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  return tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), -1)) as tf.Tensor1D;
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

// Readers reach this loop through the cell API's train(), so its errors name
// train() and the settings as the reader wrote them, never this module's functions.

const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

function checkPositiveInteger(name: string, value: number): void {
  requirePositiveInt('train()', name, value);
}

function checkNonNegative(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`train(): ${name} must be a number >= 0, got ${show(value)}`);
  }
}

/** Fails before training, and before the optimizer reports the same mistake in its own words. */
function checkSettings(opts: TrainOptions): void {
  const { learningRate, schedule = 'constant', optimizer = 'adam', momentum, nesterov = false } = opts;
  checkPositiveInteger('epochs', opts.epochs);
  checkPositiveInteger('batchSize', opts.batchSize);
  checkPositiveInteger('metricsEvery', opts.metricsEvery ?? 10);
  if (!(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new RangeError(`train(): learningRate must be a positive number, got ${show(learningRate)}`);
  }
  if (schedule !== 'constant' && schedule !== 'cosine') {
    throw new RangeError(`train(): schedule must be 'constant' or 'cosine', got ${show(schedule)}`);
  }
  if (optimizer !== 'adam' && optimizer !== 'adamw' && optimizer !== 'sgd') {
    throw new RangeError(`train(): optimizer must be 'adam', 'adamw' or 'sgd', got ${show(optimizer)}`);
  }
  checkNonNegative('weightDecay', opts.weightDecay);
  checkNonNegative('momentum', momentum);
  if (nesterov && !(optimizer === 'sgd' && (momentum ?? 0) > 0)) {
    throw new RangeError(`train(): nesterov needs optimizer 'sgd' with a momentum above 0, got momentum ${show(momentum ?? 0)}`);
  }
  checkAugment(opts.augment ?? {});
}

/** Fails before training rather than at the first batch. */
function checkAugment({ flip = false, cropPadding = 0, mixup: mixupAlpha, cutmix: cutmixAlpha }: AugmentOptions): void {
  if (typeof flip !== 'boolean' && !(typeof flip === 'number' && flip >= 0 && flip <= 1)) {
    throw new RangeError(`train(): augment.flip must be true, false or a probability in [0, 1], got ${show(flip)}`);
  }
  if (!Number.isInteger(cropPadding) || cropPadding < 0) {
    throw new RangeError(`train(): augment.cropPadding must be an integer >= 0, got ${show(cropPadding)}`);
  }
  for (const [name, alpha] of [
    ['mixup', mixupAlpha],
    ['cutmix', cutmixAlpha],
  ] as const) {
    if (alpha !== undefined && !(alpha > 0 && Number.isFinite(alpha))) {
      throw new RangeError(`train(): augment.${name} (α) must be positive, got ${show(alpha)}`);
    }
  }
}

function createOptimizer(opts: TrainOptions): TorchOptimizer<unknown> {
  const { optimizer = 'adam', learningRate: lr, weightDecay } = opts;
  // PyTorch's eps 1e-8, unless the backend computes in float16, where 1e-8 would round to 0.
  const eps = tf.backend().floatPrecision() === 32 ? 1e-8 : tf.backend().epsilon();
  switch (optimizer) {
    case 'adam':
      return new Adam({ lr, eps, weightDecay });
    case 'adamw':
      return new AdamW({ lr, eps, weightDecay });
    case 'sgd':
      return new SGD({ lr, weightDecay, momentum: opts.momentum, nesterov: opts.nesterov });
    default:
      throw new RangeError(`train(): optimizer must be 'adam', 'adamw' or 'sgd', got ${show(optimizer)}`);
  }
}

/** A training batch after augmentation, with its targets as class probabilities [B, classes]. */
function augmentBatch(
  x: tf.Tensor4D,
  y: tf.Tensor1D,
  classes: number,
  augment: AugmentOptions,
  random: Random,
): { x: tf.Tensor4D; targets: tf.Tensor2D } {
  const { flip = false, cropPadding = 0, mixup: mixupAlpha, cutmix: cutmixAlpha } = augment;
  if (flip !== false) x = randomHorizontalFlip(x, random, flip === true ? 0.5 : flip);
  if (cropPadding > 0) x = randomCrop(x, random, cropPadding);
  const useMixup = mixupAlpha !== undefined && (cutmixAlpha === undefined || random() < 0.5);
  if (useMixup) {
    const mixed = mixup(x, y, random, { alpha: mixupAlpha, classes });
    return { x: mixed.images, targets: mixed.labels };
  }
  if (cutmixAlpha !== undefined) {
    const mixed = cutmix(x, y, random, { alpha: cutmixAlpha, classes });
    return { x: mixed.images, targets: mixed.labels };
  }
  return { x, targets: tf.cast(tf.oneHot(y, classes), 'float32') as tf.Tensor2D };
}

export async function trainClassifier(
  model: tf.LayersModel,
  train: ImageTensors,
  test: ImageTensors | null,
  opts: TrainOptions,
  callbacks: TrainCallbacks = {},
): Promise<{ epochs: EpochRecord[] }> {
  const { epochs, batchSize, learningRate, signal, metricsEvery = 10, schedule = 'constant' } = opts;
  checkSettings(opts);
  await checkImageTensors(model, train, 'Training data');
  if (test) await checkImageTensors(model, test, 'Test data');
  throwIfAborted(signal);

  const classes = classCount(model);
  const n = train.x.shape[0];
  const batches = Math.ceil(n / batchSize);
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 32);
  const random = seededRandom(seed);
  // Its own stream, so that turning augmentation on leaves the shuffle as it was.
  const augmentRandom = seededRandom(deriveSeed(seed, 1));
  const mixes = opts.augment?.mixup !== undefined || opts.augment?.cutmix !== undefined;
  const lrAt = learningRateSchedule(schedule, learningRate, epochs * batches);
  const optimizer = createOptimizer(opts);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const yielder = createEventLoopYielder();
  // On WebGPU, no more than a step ahead of the GPU, so Stop is not followed by a queue to drain.
  const pacer = gpuStepPacer();
  const meter = new ThroughputMeter();
  const records: EpochRecord[] = [];

  // One optimisation step in training mode: BatchNorm normalises with the
  // batch's statistics and updates its moving ones, Dropout drops.
  const step = (order: tf.Tensor1D, start: number, size: number): [tf.Scalar, tf.Scalar] => {
    // The accuracy count comes from the same forward pass; tf.keep saves it from the gradient's tidy.
    const kept: { correct?: tf.Scalar } = {};
    const lossSum = tf.tidy(() => {
      const indices = order.slice(start, size);
      const y = tf.gather(train.y, indices);
      const { x, targets } = augmentBatch(tf.gather(train.x, indices), y, classes, opts.augment ?? {}, augmentRandom);
      const counted = mixes ? (tf.argMax(targets, -1) as tf.Tensor1D) : y;
      const loss = optimizer.minimize(
        () => {
          const logits = model.apply(x, { training: true }) as tf.Tensor2D;
          kept.correct = tf.keep(correctCount(logits, counted));
          return tf.mean(softCrossEntropyPerExample(logits, targets));
        },
        true,
        variables,
      ) as tf.Scalar;
      return tf.mul(loss, size) as tf.Scalar;
    });
    if (!kept.correct) throw new Error('The training step did not run the model (a bug in the training loop)');
    return [lossSum, kept.correct];
  };

  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const epochStart = performance.now();
      const order = tf.tensor1d(permutation(n, random), 'int32');
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
          // The optimizer reads its learning rate at every step, so setting it here schedules it.
          optimizer.learningRate = lrAt((epoch - 1) * batches + batch);
          totals.add(...step(order, start, size));
          await pacer.afterStep(signal);
          const seen = start + size;
          if ((batch + 1) % metricsEvery === 0 || seen === n) {
            const sums = await totals.read();
            if (!Number.isFinite(sums.loss)) throw lossNotFinite(sums.loss, (epoch - 1) * batches + batch + 1, epoch, lrAt(0));
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

/** Training cannot recover from a NaN or infinite loss: stop, and say when and what usually causes it. */
function lossNotFinite(loss: number, step: number, epoch: number, learningRate: number): Error {
  return new RangeError(
    `train(): the loss became ${loss} by step ${step} (epoch ${epoch}), so training stopped; ` +
      `the learning rate (${learningRate}) may be too high, or the inputs hold NaN or infinite values; ` +
      'try a learning rate ten times smaller and check the data',
  );
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
  await checkImageTensors(model, { x, y }, 'Evaluation data');
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
  const pacer = gpuStepPacer();
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
      await pacer.afterStep(signal);
      await yielder.next();
    }
    const sums = await totals.read();
    return { loss: sums.loss / n, accuracy: sums.correct / n };
  } finally {
    totals.dispose();
    yielder.dispose();
  }
}
