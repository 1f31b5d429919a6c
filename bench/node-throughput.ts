// The Node half of `npm run bench`: SimpleCNN on tfjs's WASM backend (with the
// engine's training kernels) and its CPU backend. Prints one JSON row per line.
//   npx vite-node bench/node-throughput.ts -- [--seconds 15] [--backends wasm,cpu]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { parseArgs } from 'node:util';
import { registerWasmTrainingKernelsInNode, relaxedSimdInNode } from '../src/engine/tf/wasm-node.ts';
import { measureActiveBackend } from './measure.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { seconds: { type: 'string', default: '15' }, backends: { type: 'string', default: 'wasm,cpu' } },
});
registerWasmTrainingKernelsInNode();
for (const backend of values.backends.split(',')) {
  if (!(await tf.setBackend(backend))) {
    console.error(`node: backend ${backend} did not start`);
    continue;
  }
  await tf.ready();
  // Which build of the native kernels ran: Node 20 compiles the relaxed-SIMD one only with the flag bench/run.mjs passes.
  const label = backend === 'wasm' && relaxedSimdInNode() ? 'wasm (relaxed SIMD)' : backend;
  for (const row of await measureActiveBackend('node', Number(values.seconds)))
    console.log(JSON.stringify({ ...row, backend: label }));
}
