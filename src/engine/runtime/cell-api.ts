// `cnn-guide`: what a cell imports besides tfjs. Each function knows the run in
// progress, so cell code stays as short as the PyTorch it mirrors: data come from
// this site, training streams its progress and charts, and tensors a stopped run
// made are freed.
import * as tf from '@tensorflow/tfjs';
import { formatFixed, formatPercent, formatSeconds } from '../arithmetic/format.ts';
import type {
  CellOutput,
  ChartSeries,
  Heatmap,
  HeatmapOverlay,
  ImageAnswer,
  ImageRequest,
  ImageTile,
  LabelledImages,
  ModelAnswer,
} from '../contract/index.ts';
import { loadFashionMnist as loadPrepared, type FashionMnist } from '../data/fashion-mnist.ts';
import {
  cowsAndCamels,
  loadSceneAssets,
  type CowsAndCamels,
  type CowsAndCamelsOptions,
  type Scenes,
} from '../data/bias-scenes.ts';
import { sceneRgba } from '../reference/bias-scenes.ts';
import { selectClasses } from '../data/select-classes.ts';
import { imageTensor as preparedImage, toTensors as preparedTensors } from '../data/tensors.ts';
import { summarize, type InputShape } from '../spec/infer.ts';
import type { ModuleSpec, SequentialSpec } from '../spec/layers.ts';
import { describeSpecMismatch, encodeModelFile, ModelFileError, parseModelFile } from '../spec/model-file.ts';
import { checkTrainingMemory } from '../spec/memory.ts';
import { formatModel } from '../spec/repr.ts';
import { buildModel as buildFromSpec, conv2dLayerNames, trainableParamCount, type BuildOptions } from '../tf/build-model.ts';
import { featureMapTiles, filterTiles, grayTile } from '../tf/explain.ts';
import { weightGradientNorms, type LayerGradientNorm } from '../tf/gradient-norms.ts';
import { cam, gradCam, occlusion, saliency, smoothGrad, spatialLayerNames } from '../tf/heatmaps/index.ts';
import { loadTorchWeights, torchStateDict } from '../tf/torch-weights.ts';
import { describePretrained, loadPretrainedModel, type Pretrained, type PretrainedName } from '../tf/pretrained.ts';
import { freeze, loadBackboneModel, unfreeze, type Backbone } from '../tf/transfer.ts';
import type { LayerSpec } from '../spec/layers.ts';
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
/** torch.nn.functional's merges and calls for a forward written with nn.Module: F.add(a, b) is a residual connection. */
export { F } from '../spec/layers.ts';
export { simpleCNN } from '../spec/zoo.ts';
export { summarize, formatModel, trainableParamCount };
export type { FashionMnist, LabelledImages, ImageTensors, EpochRecord, Evaluation, ImageTile, SequentialSpec, TrainOptions };
export type { Heatmap, HeatmapOverlay, Pretrained, PretrainedName, Backbone };
export type { LayerGradientNorm };
export type { CowsAndCamels, CowsAndCamelsOptions, Scenes };

/** Values shared with later cells of the page: `session.set('model', model)`, `session.need('model', 'cell-id')`. */
export const session = sessionStore;

/** The Fashion-MNIST subset this site serves, downloaded once per page and cached by the browser. */
export async function loadFashionMnist(opts: { train?: number; test?: number } = {}): Promise<FashionMnist> {
  return loadPrepared({ ...opts, baseUrl: currentRun().baseUrl });
}

/**
 * Cows and camels on grass and dune, composited in the worker from this site's
 * cut-outs: a training set where a fraction `bias` of each class sits on its
 * usual background, and two test sets with the same animals in the same places,
 * all on their usual background (`usual`) and all on the other one (`swapped`).
 * RGB images, `size`×`size` (default 32); the same seed gives the same images.
 */
export async function loadCowsAndCamels(opts: CowsAndCamelsOptions): Promise<CowsAndCamels> {
  return cowsAndCamels(await loadSceneAssets(currentRun().baseUrl), opts);
}

/** Images as x [N, H, W, C] in [0, 1] and labels y [N]; freed when the cell ends unless kept in the session. */
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
  remember(pretrained.model, { spec: pretrained.spec, inputShape: pretrained.info.inputShape, classes: pretrained.info.classes });
  return pretrained;
}

export { describePretrained };

/**
 * The images of some classes only, relabelled 0..k-1 in the order given:
 * selectClasses(data.train, [5, 6, 7, 8, 9], 1000) is a five-class task of at most 1,000 images.
 */
export { selectClasses };

/**
 * A shipped model ('fashion-backbone': five Fashion-MNIST classes) with its last layer replaced by
 * `head`, a new layer initialised from `seed`; every other layer holds the
 * shipped weights. `backbone` names those layers, for `freeze`. Freed when
 * the cell ends unless kept in the session.
 */
export async function loadBackbone(name: PretrainedName, opts: { head: LayerSpec; seed?: number }): Promise<Backbone> {
  const loaded = await loadBackboneModel(name, { ...opts, baseUrl: currentRun().baseUrl });
  own(loaded.model);
  return loaded;
}

/**
 * freeze(model, layers): those layers stop training (requires_grad = False),
 * and BatchNorm among them uses its running statistics in training too
 * (PyTorch: .eval() on the frozen part). unfreeze(model) trains everything again.
 */
export { freeze, unfreeze };

/**
 * A tfjs model with the spec's layers, PyTorch's initialisation and parameter count. Input shape as
 * PyTorch: [C, H, W] ([C, L] for a sequence, [C, D, H, W] for a volume); the model takes it channels-last.
 */
export function buildModel(spec: SequentialSpec, inputShape: InputShape, opts?: BuildOptions): tf.LayersModel {
  const model = own(buildFromSpec(spec, inputShape, opts));
  remember(model, { spec, inputShape });
  return model;
}

/** What a model was built from, so `download` can write its spec beside its weights. */
interface ModelOrigin {
  spec: ModuleSpec;
  inputShape: InputShape;
  classes?: readonly string[];
}

const origins = new WeakMap<tf.LayersModel, ModelOrigin>();

function remember(model: tf.LayersModel, origin: ModelOrigin): void {
  origins.set(model, origin);
}

/**
 * Refuses, before the first batch is allocated, a model whose training at
 * this batch size would not fit in the browser (spec/memory's estimate). A
 * batch larger than the set trains on the whole set at once.
 */
function checkMemoryForTraining(model: tf.LayersModel, trainSet: ImageTensors, batchSize: number): void {
  const origin = origins.get(model);
  if (origin === undefined || !Number.isInteger(batchSize) || batchSize < 1) return;
  checkTrainingMemory('train()', origin.spec, origin.inputShape, Math.min(batchSize, trainSet.x.shape[0] || batchSize));
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

/** A run that shows only its progress bar: no chart or line per epoch (a cell that trains many models reports them itself). */
export interface QuietRun {
  quiet: true;
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
 * is one arm of a comparison and its curves join the other arms' charts; with
 * `{ quiet: true }` it shows only the progress bar.
 */
export async function train(
  model: tf.LayersModel,
  trainSet: ImageTensors,
  testSet: ImageTensors | null,
  settings: TrainSettings,
  compare?: CompareArm | QuietRun,
): Promise<EpochRecord[]> {
  checkTrainArguments(model, trainSet, testSet, settings);
  checkMemoryForTraining(model, trainSet, settings.batchSize);
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
        if (compare && 'quiet' in compare) return;
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
  /** Normalize(mean, std): (x − mean) / std, with the constants the model was trained with. */
  normalize(images: tf.Tensor4D, mean: number, std: number): tf.Tensor4D {
    if (!(std > 0) || !Number.isFinite(mean)) {
      throw new RangeError(`transforms.normalize: needs a finite mean and a std above 0, got mean ${mean}, std ${std}`);
    }
    return own(tf.tidy(() => tf.div(tf.sub(images, mean), std)));
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

/** What a bar chart shows: groups of bars, one group per category and one bar per series. */
export interface BarsSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  categories: readonly string[];
  series: readonly { name: string; values: readonly (number | null)[] }[];
}

/**
 * The norm of each layer's weight gradient of the mean cross-entropy on the
 * first `count` images of `set` (default all), in training mode, input side
 * first: `loss.backward()` and `layer.weight.grad.norm()` for every layer in
 * PyTorch. The model's weights do not change.
 */
export async function gradientNorms(model: tf.LayersModel, set: ImageTensors, count?: number): Promise<LayerGradientNorm[]> {
  checkEvaluateArguments(model, set);
  const n = Math.min(count ?? set.x.shape[0], set.x.shape[0]);
  const x = tf.slice(set.x, 0, n);
  const y = tf.slice(set.y, 0, n);
  try {
    return await weightGradientNorms(model, x, y);
  } finally {
    x.dispose();
    y.dispose();
  }
}

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
  /** A bar chart: one group of bars per category, one bar per series (e.g. per layer, one bar per arm). */
  bars(spec: BarsSpec): void {
    const { title, xLabel, yLabel } = spec;
    for (const s of spec.series) {
      if (s.values.length !== spec.categories.length) {
        throw new Error(`show.bars: series "${s.name}" has ${s.values.length} values for ${spec.categories.length} categories`);
      }
    }
    const series = spec.series.map((s) => ({ name: s.name, values: [...s.values] }));
    currentRun().emit({ kind: 'bars', title, xLabel, yLabel, categories: [...spec.categories], series });
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
  /** An image of a split (grayscale or RGB) as a tile. */
  imageTile(split: LabelledImages, index: number, label?: string): ImageTile {
    if ((split.channels ?? 1) === 3) {
      const pixels = sceneRgba(split, index);
      return { width: split.width, height: split.height, pixels, ...(label === undefined ? {} : { label }) };
    }
    const size = split.height * split.width;
    return grayTile(split.images.subarray(index * size, (index + 1) * size), split.width, split.height, label);
  },
};

/** The reader's own picture, converted on the page to what the model takes. */
export interface OwnImage {
  /** The file's name, or 'pasted image' / 'camera photo'. */
  name: string;
  /** [1, H, W, C] in [0, 1], as the data loader's images; freed when the cell ends. */
  tensor: tf.Tensor4D;
  /** What the model sees, as a tile to show. */
  tile: ImageTile;
  /** The crop in colour, larger, to show beside it. */
  preview: ImageTile;
  /** How the picture was converted, one step a line, for the reader. */
  steps: string[];
}

/** A model file the reader loaded, rebuilt from its spec. */
export interface LoadedModel {
  model: tf.LayersModel;
  spec: ModuleSpec;
  inputShape: InputShape;
  classes?: string[];
  /** The file's name. */
  name: string;
}

function asker() {
  const run = currentRun();
  if (!run.ask) throw new Error('input: this cell waits for the reader, and nothing here can answer (run it in the page)');
  return run.ask.bind(run);
}

function tileOf(answer: ImageAnswer): ImageTile {
  const { width, height, channels, pixels } = answer;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) rgba[4 * i + c] = pixels[i * channels + (channels === 1 ? 0 : c)]!;
    rgba[4 * i + 3] = 255;
  }
  return { width, height, pixels: rgba, label: 'what the model sees' };
}

/** Reads a model file's text into a model, or says what does not fit. */
function modelFromFile(
  answer: ModelAnswer,
  expect?: { spec: ModuleSpec; inputShape: readonly [number, number, number] },
): LoadedModel {
  const file = parseModelFile(answer.text);
  if (expect) {
    const mismatch = describeSpecMismatch(expect, file);
    if (mismatch) throw new ModelFileError(mismatch);
  }
  const model = buildFromSpec(file.spec, file.inputShape);
  try {
    loadTorchWeights(model, file.spec, file.stateDict);
  } catch (error) {
    model.dispose();
    throw new ModelFileError((error as Error).message.replace(/^loadTorchWeights: /, ''));
  }
  own(model);
  remember(model, { spec: file.spec, inputShape: file.inputShape, classes: file.classes });
  return { model, spec: file.spec, inputShape: file.inputShape, classes: file.classes, name: answer.name };
}

/**
 * Asking the reader: each call shows a drop zone in the cell and waits (Stop
 * ends the wait). Nothing the reader gives leaves the browser.
 */
export const input = {
  /**
   * An image of the reader's own (drop, paste, pick or camera), converted on
   * the page: centre-cropped to the shape asked for, scaled down, grayscale
   * for `channels: 1`, and with `background: 'dark'` inverted when its
   * border is light, so it looks like the training images.
   */
  async image(opts: Omit<ImageRequest, 'kind' | 'background'> & { background?: ImageRequest['background'] }): Promise<OwnImage> {
    const request: ImageRequest = { kind: 'image', background: 'dark', ...opts };
    const answer = await asker()(request).answer;
    if (answer.kind !== 'image') throw new Error(`input.image: the page answered with a ${answer.kind}`);
    const { width, height, channels, pixels } = answer;
    const tensor = own(
      tf.tidy(() => tf.div(tf.tensor4d(Float32Array.from(pixels), [1, height, width, channels]), 255)) as tf.Tensor4D,
    );
    return { name: answer.name, tensor, tile: tileOf(answer), preview: answer.preview, steps: answer.steps };
  },
  /**
   * A model file saved by `download` (or written by PyTorch in the same
   * format). A file that does not fit is named and the reader asked again;
   * with `expect`, the model must also match that spec and input shape.
   */
  async model(
    opts: { prompt?: string; expect?: { spec: ModuleSpec; inputShape: readonly [number, number, number] } } = {},
  ): Promise<LoadedModel> {
    const ask = asker();
    let retry: { of: number; problem: string } | undefined;
    for (;;) {
      const { requestId, answer } = ask({ kind: 'model', ...(opts.prompt ? { prompt: opts.prompt } : {}) }, retry);
      const reply = await answer;
      if (reply.kind !== 'model') throw new Error(`input.model: the page answered with a ${reply.kind}`);
      try {
        return modelFromFile(reply, opts.expect);
      } catch (error) {
        if (!(error instanceof ModelFileError)) throw error;
        retry = { of: requestId, problem: `${reply.name} cannot be loaded: ${error.message}.` };
      }
    }
  },
};

/**
 * Offers the model as one file to save (a link in the cell): its spec, its
 * weights as PyTorch's state_dict, and the class names when known. Load it
 * back with `input.model()`. Models from buildModel, loadPretrained and
 * input.model know their spec; for others pass `{ spec, inputShape }`.
 */
export function download(
  model: tf.LayersModel,
  filename: string,
  opts: { spec?: ModuleSpec; inputShape?: readonly [number, number, number]; classes?: readonly string[] } = {},
): { bytes: number } {
  const known = origins.get(model);
  const spec = opts.spec ?? known?.spec;
  const inputShape = opts.inputShape ?? known?.inputShape;
  if (!spec || !inputShape) {
    throw new Error(
      'download: this model was not made by buildModel, loadPretrained or input.model, so pass { spec, inputShape }',
    );
  }
  const classes = opts.classes ?? known?.classes;
  const text = encodeModelFile({
    name: filename.replace(/\.json$/, ''),
    spec,
    inputShape,
    ...(classes ? { classes } : {}),
    stateDict: torchStateDict(model, spec),
  });
  const bytes = new TextEncoder().encode(text);
  currentRun().emit({
    kind: 'download',
    filename,
    mimeType: 'application/json',
    bytes,
    description: `${trainableParamCount(model).toLocaleString('en')} trained parameters, spec and weights in one JSON file`,
  });
  return { bytes: bytes.length };
}
