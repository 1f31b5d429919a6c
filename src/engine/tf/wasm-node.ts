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

/** The compiled kernels for the single-threaded backend: `relaxed` with fused multiply-adds (relaxed SIMD). */
export function readNativeKernelBinary(relaxed: boolean): Uint8Array<ArrayBuffer> {
  const name = relaxed ? 'training-kernels-relaxed.wasm' : 'training-kernels.wasm';
  return new Uint8Array(readFileSync(new URL(`./native/${name}`, import.meta.url)));
}

/** Whether this Node compiles the relaxed-SIMD kernels (Node 20: only with --experimental-wasm-relaxed-simd). */
export function relaxedSimdInNode(): boolean {
  return WebAssembly.validate(readNativeKernelBinary(true));
}

/** Registers the training kernels, native ones included, for 'wasm'. */
export function registerWasmTrainingKernelsInNode(): void {
  // Node runs the single-threaded backend only (see above): its memory is not shared.
  provideNativeKernels({ plain: new WebAssembly.Module(readNativeKernelBinary(relaxedSimdInNode())) });
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
