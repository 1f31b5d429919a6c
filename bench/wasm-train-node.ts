/**
 * Training and inference throughput of a small CNN on tfjs's WASM backend in
 * Node (single-threaded SIMD: tfjs disables WASM threads under Node).
 *
 *   npx vite-node bench/wasm-train-node.ts [-- --seconds 20 --batch 64 --backend wasm|cpu --profile --missing-only]
 *
 * --profile prints the time spent per kernel (top-level kernel calls, i.e.
 * what the ops and the gradient tape ask for).
 * --missing-only registers only the kernels the WASM backend lacks and keeps
 * its own (slower) Conv2DBackpropInput, Tile and MaxPoolGrad, to compare.
 * --no-native leaves out the compiled kernels (native/training-kernels.wasm)
 * and keeps the compositions of the backend's own kernels, to compare.
 * Not a test: numbers depend on the machine.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../src/engine/tf/wasm-training-kernels';
import { registerWasmTrainingKernelsInNode } from '../src/engine/tf/wasm-node';
import { installKernelTimer } from './kernel-timer';

interface Options {
  seconds: number;
  batch: number;
  backend: string;
  profile: boolean;
  missingOnly: boolean;
  native: boolean;
}

function parseOptions(argv: string[]): Options {
  const opts: Options = { seconds: 20, batch: 64, backend: 'wasm', profile: false, missingOnly: false, native: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = argv[i + 1];
    if (a === '--seconds' && next !== undefined) opts.seconds = Number(argv[++i]);
    else if (a === '--batch' && next !== undefined) opts.batch = Number(argv[++i]);
    else if (a === '--backend' && next !== undefined) opts.backend = String(argv[++i]);
    else if (a === '--profile') opts.profile = true;
    else if (a === '--missing-only') opts.missingOnly = true;
    else if (a === '--no-native') opts.native = false;
  }
  return opts;
}

/** Conv(3x3, pad 1) -> BatchNorm -> ReLU -> MaxPool(2), three times, then GAP -> dropout -> dense(10). */
function buildModel(): tf.Sequential {
  const model = tf.sequential();
  [32, 64, 128].forEach((filters, i) => {
    model.add(tf.layers.conv2d({ ...(i === 0 ? { inputShape: [28, 28, 1] } : {}), filters, kernelSize: 3, padding: 'same' }));
    model.add(tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }));
    model.add(tf.layers.reLU());
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  });
  model.add(tf.layers.globalAveragePooling2d({}));
  model.add(tf.layers.dropout({ rate: 0.5 }));
  model.add(tf.layers.dense({ units: 10 }));
  return model;
}

function timeLoop(seconds: number, step: () => void): { steps: number; elapsed: number } {
  const t0 = performance.now();
  let steps = 0;
  while (performance.now() - t0 < seconds * 1000) {
    step();
    steps++;
  }
  return { steps, elapsed: (performance.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  if (opts.native && !opts.missingOnly) registerWasmTrainingKernelsInNode();
  else registerWasmTrainingKernels({ replaceSlowKernels: !opts.missingOnly });
  if (!(await tf.setBackend(opts.backend))) throw new Error(`backend ${opts.backend} unavailable`);
  await tf.ready();

  const model = buildModel();
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomNormal([opts.batch, 28, 28, 1]);
  const labels = tf.oneHot(tf.randomUniform([opts.batch], 0, 10, 'int32') as tf.Tensor1D, 10);

  const trainStep = (): void => {
    const loss = tf.tidy(
      () =>
        optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
          true,
        ) as tf.Scalar,
    );
    loss.dataSync();
    loss.dispose();
  };
  const inferStep = (): void => {
    const y = tf.tidy(() => model.predict(x) as tf.Tensor);
    y.dataSync();
    y.dispose();
  };

  for (let i = 0; i < 3; i++) trainStep();
  inferStep();
  const totals = opts.profile ? installKernelTimer() : null;

  const tensorsBefore = tf.memory().numTensors;
  const train = timeLoop(opts.seconds, trainStep);
  const trainRate = (train.steps * opts.batch) / train.elapsed;
  const profileTrain = totals === null ? null : new Map(totals);
  totals?.clear();
  const infer = timeLoop(Math.max(2, opts.seconds / 4), inferStep);
  const inferRate = (infer.steps * opts.batch) / infer.elapsed;

  const wasmInfo =
    tf.getBackend() === 'wasm'
      ? `, simd ${String(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))}, ` +
        `kernels: ${opts.missingOnly ? 'missing ones only' : 'missing + replacements'}`
      : '';
  console.log(`backend ${tf.getBackend()}, batch ${opts.batch}${wasmInfo}`);
  console.log(`train: ${train.steps} steps in ${train.elapsed.toFixed(1)} s = ${trainRate.toFixed(0)} images/s`);
  console.log(`infer: ${infer.steps} batches in ${infer.elapsed.toFixed(1)} s = ${inferRate.toFixed(0)} images/s`);
  console.log(`tensors leaked per train step: ${((tf.memory().numTensors - tensorsBefore) / train.steps).toFixed(2)}`);
  if (profileTrain !== null) {
    const rows = [...profileTrain.entries()].sort((a, b) => b[1].ms - a[1].ms);
    const total = rows.reduce((s, [, v]) => s + v.ms, 0);
    console.log(`\nkernel time per train step (${train.steps} steps):`);
    for (const [name, v] of rows.slice(0, 15)) {
      console.log(
        `  ${name.padEnd(24)} ${(v.ms / train.steps).toFixed(2).padStart(8)} ms  ${((100 * v.ms) / total).toFixed(1).padStart(5)} %  (${(v.calls / train.steps).toFixed(0)} calls)`,
      );
    }
  }
}

await main();
