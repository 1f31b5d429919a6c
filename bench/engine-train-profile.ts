/**
 * Where a step of the engine's own training loop (trainClassifier on the
 * guide's SimpleCNN, batch 64) spends its time on tfjs's WASM backend in Node:
 * wall time per kernel over top-level kernel calls.
 *
 *   npx vite-node bench/engine-train-profile.ts [-- --batches 30 --no-native]
 *
 * Not a test: numbers depend on the machine.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { simpleCNN } from '../src/engine/spec/zoo.ts';
import { buildModel } from '../src/engine/tf/build-model.ts';
import { trainClassifier } from '../src/engine/tf/train-classifier.ts';
import { registerWasmTrainingKernels } from '../src/engine/tf/wasm-training-kernels.ts';
import { registerWasmTrainingKernelsInNode } from '../src/engine/tf/wasm-node.ts';
import { installKernelTimer } from './kernel-timer.ts';

const argv = process.argv.slice(2);
const batchesArg = argv.indexOf('--batches');
const batches = batchesArg >= 0 ? Number(argv[batchesArg + 1]) : 30;
const native = !argv.includes('--no-native');
const widthsArg = argv.indexOf('--widths');
const widths = ((widthsArg >= 0 ? argv[widthsArg + 1] : undefined) ?? '32,64,128').split(',').map(Number);
const batchArg = argv.indexOf('--batch');
const BATCH = batchArg >= 0 ? Number(argv[batchArg + 1]) : 64;

if (native) registerWasmTrainingKernelsInNode();
else registerWasmTrainingKernels();
await tf.setBackend('wasm');
await tf.ready();

const randomSet = (n: number) =>
  tf.tidy(() => ({
    x: tf.randomUniform([n, 28, 28, 1]) as tf.Tensor4D,
    y: tf.randomUniform([n], 0, 10, 'int32') as tf.Tensor1D,
  }));

const model = buildModel(simpleCNN({ inChannels: 1, widths }), [1, 28, 28], { seed: 1 });
// --no-fused-bn: BatchNorm back on tf.layers' own training path (autodiff through
// tf.moments + tf.batchNorm), by removing the instance's fused `call`.
const fusedBN = !argv.includes('--no-fused-bn');
if (!fusedBN) {
  for (const layer of model.layers) {
    if (layer.getClassName() === 'BatchNormalization') delete (layer as unknown as { call?: unknown }).call;
  }
}
const warm = randomSet(BATCH * 2);
await trainClassifier(model, warm, null, { epochs: 1, batchSize: BATCH, learningRate: 1e-3, seed: 1 });
tf.dispose(warm);
const data = randomSet(BATCH * batches);
const profile = argv.includes('--profile');
const totals = profile ? installKernelTimer() : null;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await trainClassifier(model, data, null, { epochs: 1, batchSize: BATCH, learningRate: 1e-3, seed: 1 });
const elapsed = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
  `engine loop, widths ${widths.join('/')}, batch ${BATCH}, ${native ? 'native kernels' : 'compositions'}, BatchNorm ${fusedBN ? 'fused' : 'tf.layers'}: ${batches} batches in ${elapsed.toFixed(2)} s = ${((batches * BATCH) / elapsed).toFixed(0)} images/s; CPU ${cpuSeconds.toFixed(2)} s = ${((batches * BATCH) / cpuSeconds).toFixed(0)} images per CPU second`,
);
if (totals) {
  const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, v]) => s + v.ms, 0);
  console.log(
    `kernel time per step: ${(total / batches).toFixed(1)} ms (wall per step ${((1000 * elapsed) / batches).toFixed(1)} ms)`,
  );
  for (const [name, v] of rows.slice(0, 25)) {
    console.log(
      `  ${name.padEnd(24)} ${(v.ms / batches).toFixed(2).padStart(8)} ms  ${((100 * v.ms) / total).toFixed(1).padStart(5)} %  (${(v.calls / batches).toFixed(0)} calls)`,
    );
  }
}
