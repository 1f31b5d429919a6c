/**
 * The WASM backend for Node scripts and tests (not for the browser, which
 * has to serve the .wasm files and call setWasmPaths itself).
 *
 * In Node no setWasmPaths is needed: the backend's Node bundle
 * (dist/tf-backend-wasm.node.js) loads the binaries from its own directory.
 * SIMD works (Node >= 16). Threads do not: tfjs 4.22 reports
 * WASM_HAS_MULTITHREAD_SUPPORT = false whenever IS_NODE (tfjs issue 3830), so
 * Node always runs the single-threaded SIMD binary.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { provideNativeKernels } from './native-kernels';
import { registerWasmTrainingKernels } from './wasm-training-kernels';

export interface WasmNodeInfo {
  simd: boolean;
  threads: boolean;
}

/** Registers the training kernels, native ones included, for 'wasm'. */
export function registerWasmTrainingKernelsInNode(): void {
  // Node runs the single-threaded backend only (see above): its memory is not shared.
  const binary = readFileSync(new URL('./native/training-kernels.wasm', import.meta.url));
  provideNativeKernels({ plain: new WebAssembly.Module(binary) });
  registerWasmTrainingKernels();
}

/** Registers the training kernels and makes 'wasm' the active backend. */
export async function useWasmBackend(): Promise<WasmNodeInfo> {
  registerWasmTrainingKernelsInNode();
  if (!(await tf.setBackend('wasm'))) {
    throw new Error("tf.setBackend('wasm') failed in Node.");
  }
  await tf.ready();
  const [simd, threads] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  return { simd: simd === true, threads: threads === true };
}
