// `cnn-guide`: what a cell imports besides tfjs. Each function knows the run in
// progress, so cell code stays as short as the PyTorch it mirrors: data come from
// this site, training streams its progress and charts, and tensors a stopped run
// made are freed.
import * as tf from '@tensorflow/tfjs';
import { formatFixed, formatPercent, formatSeconds } from '../arithmetic/format.ts';
import type { CellOutput, ChartSeries, Heatmap, HeatmapOverlay, ImageTile, LabelledImages } from '../contract/index.ts';
import { loadFashionMnist as loadPrepared, type FashionMnist } from '../data/fashion-mnist.ts';
import { imageTensor as preparedImage, toTensors as preparedTensors } from '../data/tensors.ts';
import { summarize, type InputShape } from '../spec/infer.ts';
import type { SequentialSpec } from '../spec/layers.ts';
import { formatModel } from '../spec/repr.ts';
import { buildModel as buildFromSpec, conv2dLayerNames, trainableParamCount, type BuildOptions } from '../tf/build-model.ts';
import { featureMapTiles, filterTiles, grayTile } from '../tf/explain.ts';
import { cam, gradCam, occlusion, saliency, smoothGrad, spatialLayerNames } from '../tf/heatmaps/index.ts';
import { describePretrained, loadPretrainedModel, type Pretrained, type PretrainedName } from '../tf/pretrained.ts';
import { Adam, AdamW, SGD, type AdamOptions, type SGDOptions } from '../tf/optim/index.ts';
import { randomCrop, randomHorizontalFlip } from '../tf/augment.ts';
import { createEventLoopYielder } from '../tf/yield-to-event-loop.ts';
import { permutation, seededRandom } from '../reference/seeded-random.ts';
import {
  abortError,
  evaluateClassifier,
  trainClassifier,
  type EpochRecord,
  type Evaluation,
  type ImageTensors,
  type TrainOptions,
} from '../tf/train-classifier.ts';
import { currentRun, own } from './run-context.ts';
import { sessionStore } from './session-store.ts';
import { checkEvaluateArguments, checkTrainArguments } from './train-arguments.ts';

export { nn } from '../spec/layers.ts';
export { summarize, formatModel, trainableParamCount };
export type { FashionMnist, LabelledImages, ImageTensors, EpochRecord, Evaluation, ImageTile, SequentialSpec, TrainOptions };
export type { Heatmap, HeatmapOverlay, Pretrained, PretrainedName };

/** Values shared with later cells of the page: `session.set('model', model)`, `session.need('model', 'cell-id')`. */
export const session = sessionStore;

/** The Fashion-MNIST subset this site serves, downloaded once per page and cached by the browser. */
export async function loadFashionMnist(opts: { train?: number; test?: number } = {}): Promise<FashionMnist> {
  return loadPrepared({ ...opts, baseUrl: currentRun().baseUrl });
}

/** Images as x [N, H, W, 1] in [0, 1] and labels y [N]; freed when the cell ends unless kept in the session. */
export function toTensors(split: LabelledImages, count?: number): ImageTensors {
  const { x, y } = preparedTensors(split, count);
  own(x);
  own(y);
  return { x, y };
}

/** One image as a batch of one, [1, H, W, 1]. */
export function imageTensor(split: LabelledImages, index: number): tf.Tensor4D {
  return own(preparedImage(split, index));
}

/**
 * A model this site ships trained ('simplecnn': the first chapter's SimpleCNN,
 * trained by scripts/pretrain_simplecnn.py), with its spec and model.json. The
 * model is freed when the cell ends unless kept in the session.
 */
export async function loadPretrained(name: PretrainedName): Promise<Pretrained> {
  const pretrained = await loadPretrainedModel(name, { baseUrl: currentRun().baseUrl });
  own(pretrained.model);
  return pretrained;
}

export { describePretrained };

/**
 * A tfjs model with the spec's layers, PyTorch's initialisation and parameter count. Input shape as
 * PyTorch: [C, H, W] ([C, L] for a sequence, [C, D, H, W] for a volume); the model takes it channels-last.
 */
export function buildModel(spec: SequentialSpec, inputShape: InputShape, opts?: BuildOptions): tf.LayersModel {
  return own(buildFromSpec(spec, inputShape, opts));
}

const percent = (x: number | null) => (x === null ? '–' : formatPercent(x));
const fixed = (x: number | null) => (x === null ? '–' : formatFixed(x, 3));

/** One point of a train-vs-test chart by epoch; the metric names the chart, its axis and its two series. */
function epochChart(metric: string, title: string, epoch: number, train: number, test: number | null): CellOutput {
  return {
    kind: 'chart',
    chartId: metric,
    title,
    xLabel: 'epoch',
    series: [
      { name: `train ${metric}`, axis: metric },
      { name: `test ${metric}`, axis: metric },
    ],
    x: epoch,
    y: [train, test],
  };
}

/** How often progress is sent to the page: often enough to look live, rarely enough to cost nothing. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * What a cell may set: epochs, batch size and learning rate, and optionally
 * the schedule ('cosine' anneals to 0 like PyTorch's CosineAnnealingLR), the
 * optimizer ('adam', 'adamw', 'sgd' with momentum/nesterov), weight decay,
 * augmentation ({ flip, cropPadding, mixup, cutmix }) and a seed.
 */
export type TrainSettings = Omit<TrainOptions, 'signal' | 'metricsEvery'>;

/**
 * One arm of a comparison: its runs draw into shared charts, one series per
 * arm, so both arms' curves end up on one chart with a legend.
 */
export interface CompareArm {
  /** This run's arm, one of `arms`. */
  arm: string;
  /** Every arm of the comparison, in legend order. */
  arms: readonly string[];
}

function emitArmPoints(arm: CompareArm, e: EpochRecord): void {
  const index = arm.arms.indexOf(arm.arm);
  if (index < 0) throw new Error(`train: arm "${arm.arm}" is not one of ${JSON.stringify(arm.arms)}`);
  const at = (v: number | null) => arm.arms.map((_, i) => (i === index ? v : null));
  const series = (axis: string): ChartSeries[] => arm.arms.map((name) => ({ name, axis }));
  const run = currentRun();
  if (e.testAccuracy !== null) {
    run.emit({
      kind: 'chart',
      chartId: 'compare-test-accuracy',
      title: 'Test accuracy by epoch',
      xLabel: 'epoch',
      series: series('accuracy'),
      x: e.epoch,
      y: at(e.testAccuracy),
    });
  }
  run.emit({
    kind: 'chart',
    chartId: 'compare-train-loss',
    title: 'Training loss by epoch',
    xLabel: 'epoch',
    series: series('loss'),
    x: e.epoch,
    y: at(e.trainLoss),
  });
}

/**
 * Trains on cross-entropy with the optimizer the settings name (Adam unless
 * told otherwise), showing a progress bar, a loss and accuracy chart and a
 * line per epoch. Stop ends it before the next batch. With `compare`, the run
 * is one arm of a comparison and its curves join the other arms' charts.
 */
export async function train(
  model: tf.LayersModel,
  trainSet: ImageTensors,
  testSet: ImageTensors | null,
  settings: TrainSettings,
  compare?: CompareArm,
): Promise<EpochRecord[]> {
  checkTrainArguments(model, trainSet, testSet, settings);
  const run = currentRun();
  let lastProgress = 0;
  const history = await trainClassifier(
    model,
    trainSet,
    testSet,
    { ...settings, signal: run.signal },
    {
      onProgress(p) {
        const now = performance.now();
        if (now - lastProgress < PROGRESS_INTERVAL_MS && p.batch < p.batches) return;
        lastProgress = now;
        run.emit({ kind: 'progress', ...p });
      },
      onEpochEnd(e) {
        if (compare) {
          emitArmPoints(compare, e);
        } else {
          run.emit(epochChart('loss', 'Loss by epoch', e.epoch, e.trainLoss, e.testLoss));
          run.emit(epochChart('accuracy', 'Accuracy by epoch', e.epoch, e.trainAccuracy, e.testAccuracy));
        }
        run.emit({
          kind: 'log',
          level: 'info',
          text:
            `${compare ? `${compare.arm}, epoch` : 'Epoch'} ${e.epoch}/${settings.epochs}: train loss ${fixed(e.trainLoss)}, accuracy ${percent(e.trainAccuracy)}` +
            (testSet ? ` · test loss ${fixed(e.testLoss)}, accuracy ${percent(e.testAccuracy)}` : '') +
            ` · ${formatSeconds(e.seconds)}`,
        });
      },
    },
  );
  return history.epochs;
}

/** Loss and accuracy in evaluation mode (model.eval() in PyTorch). */
export async function evaluate(model: tf.LayersModel, set: ImageTensors): Promise<Evaluation> {
  checkEvaluateArguments(model, set);
  return evaluateClassifier(model, set.x, set.y, 256, { signal: currentRun().signal });
}

/** Class probabilities for one image, in evaluation mode. */
export async function predict(model: tf.LayersModel, image: tf.Tensor4D): Promise<number[]> {
  const probabilities = tf.tidy(() => tf.softmax(model.predict(image) as tf.Tensor2D));
  try {
    return Array.from(await probabilities.data());
  } finally {
    probabilities.dispose();
  }
}

/**
 * torch.optim's optimizers, update rule for update rule. They are tf.Optimizers:
 * `opt.minimize(() => loss, true)` does zero_grad, backward and step in one call,
 * and `opt.learningRate = x` between steps schedules it. Freed when the cell ends.
 */
export const optim = {
  SGD: (options: SGDOptions): SGD => own(new SGD(options)),
  Adam: (options: AdamOptions = {}): Adam => own(new Adam(options)),
  AdamW: (options: AdamOptions = {}): AdamW => own(new AdamW(options)),
};

/** F.cross_entropy: the mean over the batch of -log softmax(logits)[label]. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const logProbabilities = tf.logSoftmax(logits);
    return tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(labels, classes), logProbabilities), -1))) as tf.Scalar;
  });
}

/** The number of rows of `logits` whose largest entry is at the label. */
export function correctCount(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32')));
}

/**
 * torchvision's transforms on a batch [N, H, W, C], each image drawn on its own,
 * seeded. New tensors, freed when the cell ends.
 */
export const transforms = {
  /** RandomCrop(H×W, padding): pad with zeros, cut a random window: a shift of up to `padding` pixels. */
  randomCrop(images: tf.Tensor4D, padding: number, seed: number): tf.Tensor4D {
    return own(randomCrop(images, seededRandom(seed), padding));
  },
  /** RandomHorizontalFlip(p). */
  randomHorizontalFlip(images: tf.Tensor4D, seed: number, p = 0.5): tf.Tensor4D {
    return own(randomHorizontalFlip(images, seededRandom(seed), p));
  },
};

/** A stream of uniform numbers in [0, 1) fixed by `seed` (mulberry32), for data a cell makes itself. */
export { seededRandom };

/** The numbers 0..n-1 in an order fixed by `seed`, like torch.randperm(n) after torch.manual_seed(seed). */
export function shuffledIndices(n: number, seed: number): number[] {
  return Array.from(permutation(n, seededRandom(seed)));
}

let yielder: ReturnType<typeof createEventLoopYielder> | null = null;

/**
 * Lets the page's messages in (a loop that never awaits would never see Stop)
 * and ends the run there if Stop was pressed. Call it once a batch in your own loops.
 */
export async function checkStop(): Promise<void> {
  yielder ??= createEventLoopYielder();
  await yielder.next();
  if (currentRun().signal.aborted) throw abortError();
}

/** Where a cell's own chart goes and what its series are called. */
export interface ChartSpec {
  /** Points with the same id go to the same chart. */
  id: string;
  title: string;
  xLabel: string;
  /** The y-axis of all series. */
  yLabel: string;
  series: readonly string[];
}

type Cell = string | number;

/** Ways to put results in the cell. */
export const show = {
  log(...parts: unknown[]): void {
    currentRun().emit({ kind: 'log', level: 'info', text: parts.map(String).join(' ') });
  },
  table(columns: string[], rows: Cell[][], title?: string): void {
    currentRun().emit({ kind: 'table', columns, rows, ...(title ? { title } : {}) });
  },
  /** One point of a live chart: x and one y per series (null where a series has none at x). */
  chart(spec: ChartSpec, x: number, y: readonly (number | null)[]): void {
    const { id, title, xLabel, yLabel } = spec;
    const series = spec.series.map((name) => ({ name, axis: yLabel }));
    currentRun().emit({ kind: 'chart', chartId: id, title, xLabel, series, x, y: [...y] });
  },
  images(tiles: ImageTile[], opts: { title: string; caption?: string; columns?: number; scale?: number }): void {
    currentRun().emit({ kind: 'images', tiles, ...opts });
  },
  /** Images with heatmaps over them, a colour key and an opacity control; each with one or two caption lines. */
  heatmaps(items: HeatmapOverlay[], opts: { title: string; caption?: string; columns?: number }): void {
    currentRun().emit({ kind: 'heatmaps', items, ...opts });
  },
  /** PyTorch's print(model), then each layer's output shape and parameters. */
  model(spec: SequentialSpec, inputShape: InputShape): void {
    const summary = summarize(spec, inputShape);
    show.log(formatModel(spec));
    const rows: Cell[][] = summary.rows.map((r) => [r.name, r.type, `[${r.outputShape.join(', ')}]`, r.params]);
    rows.push(['', 'Total trainable', '', summary.totalParams]);
    show.table(['#', 'Layer', 'Output shape', 'Parameters'], rows, `Input [-1, ${inputShape.join(', ')}]`);
  },
};

/** Looking inside a trained model. */
export const explain = {
  /** The names of the conv layers, input side first. */
  convLayers: conv2dLayerNames,
  filters: filterTiles,
  featureMaps: featureMapTiles,
  /** Layers with a spatial output, any of which Grad-CAM can use. */
  mapLayers: spatialLayerNames,
  /** Class activation map: needs global average pooling and one linear layer at the end. */
  cam,
  /** Grad-CAM on any layer with a spatial output (default: the last conv stage). */
  gradCam,
  /** |d score / d pixel|. */
  saliency,
  /** Saliency averaged over noisy copies (seeded). */
  smoothGrad,
  /** The drop in the class probability when a patch is hidden. */
  occlusion,
  /** A grayscale image of a split as a tile. */
  imageTile(split: LabelledImages, index: number, label?: string): ImageTile {
    const size = split.height * split.width;
    return grayTile(split.images.subarray(index * size, (index + 1) * size), split.width, split.height, label);
  },
};
