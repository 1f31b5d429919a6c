// The WASM backend in the browser: the .wasm binaries are emitted by Vite as
// site assets (so they respect the base path and are fetched only when this
// rung of the ladder is tried), and the training kernels tfjs 4.22 lacks are
// registered before the backend starts, the compiled ones among them.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import kernelsUrl from './native/training-kernels.wasm?url';
import relaxedKernelsUrl from './native/training-kernels-relaxed.wasm?url';
import sharedKernelsUrl from './native/training-kernels-shared.wasm?url';
import sharedRelaxedKernelsUrl from './native/training-kernels-shared-relaxed.wasm?url';
import { provideNativeKernels } from './native-kernels.ts';
import { registerWasmTrainingKernels } from './wasm-training-kernels.ts';
import { wasmThreadsFor } from './wasm-threads.ts';

let prepared = false;

/**
 * The first of these kernel builds that this engine compiles: the relaxed-SIMD
 * one (fused multiply-adds; Chromium since 114) before the plain SIMD one.
 * Null when none can be fetched, and training keeps the compositions.
 */
async function compileFirstSupported(urls: string[]): Promise<WebAssembly.Module | null> {
  for (const url of urls) {
    try {
      const response = await fetch(url);
      if (!response.ok) continue;
      const bytes = await response.arrayBuffer();
      if (WebAssembly.validate(bytes)) return await WebAssembly.compile(bytes);
    } catch {
      // Try the next build.
    }
  }
  return null;
}

/**
 * Points tfjs at the site's copies of the binaries (tfjs picks SIMD, and
 * threads when cross-origin isolated, itself) and compiles the native kernels.
 * Without them (a failed fetch) training still works, on the slower
 * compositions of the backend's own kernels.
 */
export async function prepareWasmBackend(options: { helpers?: number } = {}): Promise<void> {
  if (prepared) return;
  // tfjs takes its threaded build (shared memory) when the page is cross-origin
  // isolated, with its own XNNPACK thread count; the convolutions get helper
  // threads of their own below (wasm-threads.ts says why).
  const shared = globalThis.crossOriginIsolated === true;
  const module = await compileFirstSupported(
    shared ? [sharedRelaxedKernelsUrl, sharedKernelsUrl] : [relaxedKernelsUrl, kernelsUrl],
  );
  if (shared) {
    // The convolutions are this project's kernels, not XNNPACK's: they get
    // helper threads of their own, one per thread beyond the first.
    const helpers = options.helpers ?? wasmThreadsFor(navigator.hardwareConcurrency || 1) - 1;
    const spawnHelper = () => new Worker(new URL('./native/kernel-helper-worker.ts', import.meta.url), { type: 'module' });
    provideNativeKernels({ shared: module, spawnHelper, helpers });
  } else {
    provideNativeKernels({ plain: module });
  }
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plainUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
  });
  registerWasmTrainingKernels();
  prepared = true;
}
