// How many threads WASM training uses on a cross-origin-isolated page.
//
// Measured on this project's 2-core machine in Chromium (SimpleCNN, batch 64,
// the engine's loop, two rounds interleaved, load 3-5): XNNPACK on 1 thread
// with one helper thread for the native convolutions 224 and 350 images/s;
// XNNPACK on 2 threads with the helper 144 and 316; XNNPACK on 2 threads alone
// 129 and 163; everything on 1 thread 201 and 257. XNNPACK's pool gains nothing
// on the small element-wise kernels left to it and its spinning threads take
// the cores from the convolutions, so its thread count stays tfjs's own (half
// the logical cores, 1 on a 2-core machine) and the extra threads go to the
// convolutions (native-parallel.ts).

/** XNNPACK's own limit, and the most helper threads started. */
export const MAX_WASM_THREADS = 8;

/**
 * Threads for a machine that reports `logicalCores`: every core when there
 * are at most 3 (two threads on a 2-core laptop are faster than one), half of
 * them from 4 up (hyperthreads share a core's SIMD units), at most 8.
 */
export function wasmThreadsFor(logicalCores: number): number {
  const cores = Number.isFinite(logicalCores) && logicalCores >= 1 ? Math.floor(logicalCores) : 1;
  const threads = cores <= 3 ? cores : Math.floor(cores / 2);
  return Math.max(1, Math.min(MAX_WASM_THREADS, threads));
}
