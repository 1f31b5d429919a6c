// What the benchmark measures, the same code in Node and in the browser:
// SimpleCNN (the guide's, 1x28x28 input, batch 64) trained by the engine's
// loop, trained by a naive model.fit, and run for inference. Random data: the
// speed of a step does not depend on what the images show.
import * as tf from '@tensorflow/tfjs';
import { simpleCNN } from '../src/engine/spec/zoo.ts';
import { buildModel } from '../src/engine/tf/build-model.ts';
import { trainClassifier } from '../src/engine/tf/train-classifier.ts';

export const BATCH = 64;
export const INPUT: [number, number, number] = [1, 28, 28];

export type Mode = 'train: engine loop' | 'train: model.fit' | 'inference';

export interface Row {
  where: string;
  backend: string;
  mode: Mode;
  imagesPerSecond: number;
  /** How many batches the timed part ran. */
  batches: number;
  seconds: number;
  /** Tensors alive after the timed run that were not before (engine loop only). */
  leakedTensors?: number;
  /** What this row is compared with, and the ratios (filled in by bench/run.mjs). */
  baselines?: { where: string; backend: string; mode: string; ratio: number }[];
}

function randomSet(images: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const [c, h, w] = INPUT;
  return tf.tidy(() => ({
    x: tf.randomUniform([images, h, w, c]) as tf.Tensor4D,
    y: tf.randomUniform([images], 0, 10, 'int32') as tf.Tensor1D,
  }));
}

const seconds = (since: number) => (performance.now() - since) / 1000;

/** Batches to time so that the measured part lasts about `budget` seconds, from one warm-up's pace. */
function batchesFor(budget: number, secondsPerBatch: number, max = 60): number {
  return Math.max(1, Math.min(max, Math.round(budget / Math.max(secondsPerBatch, 1e-3))));
}

async function engineLoop(budget: number): Promise<Omit<Row, 'where' | 'backend'>> {
  const model = buildModel(simpleCNN({ inChannels: 1 }), INPUT, { seed: 1 });
  try {
    const warm = randomSet(BATCH);
    await trainClassifier(model, warm, null, { epochs: 1, batchSize: BATCH, learningRate: 1e-3, seed: 1 });
    tf.dispose(warm);
    // The warm-up includes compiling shaders; a second short run gives the pace.
    const pace = randomSet(BATCH);
    let t0 = performance.now();
    await trainClassifier(model, pace, null, { epochs: 1, batchSize: BATCH, learningRate: 1e-3, seed: 1 });
    tf.dispose(pace);
    const batches = batchesFor(budget, seconds(t0));
    const data = randomSet(BATCH * batches);
    const before = tf.memory().numTensors;
    t0 = performance.now();
    await trainClassifier(model, data, null, { epochs: 1, batchSize: BATCH, learningRate: 1e-3, seed: 1 });
    const elapsed = seconds(t0);
    const leakedTensors = tf.memory().numTensors - before;
    tf.dispose(data);
    return { mode: 'train: engine loop', imagesPerSecond: (BATCH * batches) / elapsed, batches, seconds: elapsed, leakedTensors };
  } finally {
    model.dispose();
  }
}

/** What a tfjs tutorial does: compile, one-hot labels, model.fit. */
async function naiveFit(budget: number): Promise<Omit<Row, 'where' | 'backend'>> {
  const model = buildModel(simpleCNN({ inChannels: 1 }), INPUT, { seed: 1 });
  model.compile({
    optimizer: tf.train.adam(1e-3),
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
    metrics: ['accuracy'],
  });
  const fit = async (images: number): Promise<number> => {
    const { x, y } = randomSet(images);
    const oneHot = tf.oneHot(y, 10);
    const t0 = performance.now();
    await model.fit(x, oneHot, { batchSize: BATCH, epochs: 1, shuffle: true, verbose: 0 });
    const elapsed = seconds(t0);
    tf.dispose([x, y, oneHot]);
    return elapsed;
  };
  try {
    await fit(BATCH);
    const batches = batchesFor(budget, await fit(BATCH));
    const elapsed = await fit(BATCH * batches);
    return { mode: 'train: model.fit', imagesPerSecond: (BATCH * batches) / elapsed, batches, seconds: elapsed };
  } finally {
    model.dispose();
  }
}

async function inference(budget: number): Promise<Omit<Row, 'where' | 'backend'>> {
  const model = buildModel(simpleCNN({ inChannels: 1 }), INPUT, { seed: 1 });
  const { x, y } = randomSet(BATCH);
  const run = async (batches: number): Promise<number> => {
    const t0 = performance.now();
    let last: tf.Tensor | null = null;
    for (let i = 0; i < batches; i++) {
      last?.dispose();
      last = model.predict(x) as tf.Tensor;
    }
    await last?.data();
    last?.dispose();
    return seconds(t0);
  };
  try {
    await run(2);
    const batches = batchesFor(budget, await run(1), 400);
    const elapsed = await run(batches);
    return { mode: 'inference', imagesPerSecond: (BATCH * batches) / elapsed, batches, seconds: elapsed };
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

/** All three measurements on the backend that is active now. */
export async function measureActiveBackend(where: string, budgetSeconds: number): Promise<Row[]> {
  const backend = tf.getBackend();
  const rows: Row[] = [];
  for (const measure of [engineLoop, naiveFit, inference]) {
    rows.push({ where, backend, ...(await measure(budgetSeconds)) });
  }
  return rows;
}
