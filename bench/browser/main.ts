// The browser half of `npm run bench`: the page exposes one function that the
// runner calls per backend, with the same backend loading as the guide's worker.
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { BackendName } from '../../src/engine/contract/index.ts';
import { loadBrowserBackend } from '../../src/engine/runtime/worker-session.ts';
import { nativeKernelThreads } from '../../src/engine/tf/native-kernels.ts';
import { prepareWasmBackend } from '../../src/engine/tf/wasm-browser.ts';
import { measureActiveBackend, type Row } from '../measure.ts';

declare global {
  interface Window {
    /** `threads`: WASM only, set before the backend starts (the page is cross-origin isolated). */
    benchBackend(
      name: BackendName,
      budgetSeconds: number,
      threads?: number,
      helpers?: number,
    ): Promise<Row[] | { error: string }>;
  }
}

window.benchBackend = async (name, budgetSeconds, threads, helpers) => {
  try {
    // `threads` for WASM: 1 is one thread for everything; more keeps XNNPACK's
    // own count (as the site does) and gives the native convolutions
    // `threads - 1` helper threads, unless `helpers` says otherwise.
    if (name === 'wasm') await prepareWasmBackend({ helpers: helpers ?? Math.max(0, (threads ?? 1) - 1) });
    await loadBrowserBackend(name);
    if (name === 'wasm' && threads === 1) setThreadsCount(1);
    if (!(await tf.setBackend(name))) return { error: `tf.setBackend('${name}') failed` };
    await tf.ready();
    const rows = await measureActiveBackend('chromium', budgetSeconds);
    if (name !== 'wasm') return rows;
    // The counts really run (1 and 1 without cross-origin isolation).
    const backend = tf.backend() as unknown as { wasm: { tfjs: { getThreadsCount(): number } } };
    const xnnpack = backend.wasm.tfjs.getThreadsCount();
    const convolutions = nativeKernelThreads();
    const count = Math.max(xnnpack, convolutions);
    const detail = count > 1 ? ` (XNNPACK ${xnnpack}, convolutions ${convolutions})` : '';
    return rows.map((row) => ({ ...row, backend: `wasm, ${count} thread${count > 1 ? 's' : ''}${detail}` }));
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
};
document.body.dataset.ready = 'true';
