// The WASM backend in the browser: the .wasm binaries are emitted by Vite as
// site assets (so they respect the base path and are fetched only when this
// rung of the ladder is tried), and the training kernels tfjs 4.22 lacks are
// registered before the backend starts, the compiled ones among them.
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import kernelsUrl from './native/training-kernels.wasm?url';
import sharedKernelsUrl from './native/training-kernels-shared.wasm?url';
import { provideNativeKernels } from './native-kernels.ts';
import { registerWasmTrainingKernels } from './wasm-training-kernels.ts';

let prepared = false;

/**
 * Points tfjs at the site's copies of the binaries (tfjs picks SIMD, and
 * threads when cross-origin isolated, itself) and compiles the native kernels.
 * Without them (a failed fetch) training still works, on the slower
 * compositions of the backend's own kernels.
 */
export async function prepareWasmBackend(): Promise<void> {
  if (prepared) return;
  // tfjs takes its threaded build (shared memory) when the page is cross-origin
  // isolated; ask for one thread per logical core. (On this project's 2-core
  // machine tfjs 4.22 still reports 1 XNNPACK thread, with or without this.)
  const shared = globalThis.crossOriginIsolated === true;
  if (shared) setThreadsCount(Math.max(1, navigator.hardwareConcurrency || 1));
  try {
    const response = await fetch(shared ? sharedKernelsUrl : kernelsUrl);
    const module = response.ok ? await WebAssembly.compile(await response.arrayBuffer()) : null;
    provideNativeKernels(shared ? { shared: module } : { plain: module });
  } catch {
    // Keep the compositions.
  }
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plainUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
  });
  registerWasmTrainingKernels();
  prepared = true;
}
