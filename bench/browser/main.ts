// The browser half of `npm run bench`: the page exposes one function that the
// runner calls per backend, with the same backend loading as the guide's worker.
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { BackendName } from '../../src/engine/contract/index.ts';
import { loadBrowserBackend } from '../../src/engine/runtime/worker-session.ts';
import { measureActiveBackend, type Row } from '../measure.ts';

declare global {
  interface Window {
    /** `threads`: WASM only, set before the backend starts (the page is cross-origin isolated). */
    benchBackend(name: BackendName, budgetSeconds: number, threads?: number): Promise<Row[] | { error: string }>;
  }
}

window.benchBackend = async (name, budgetSeconds, threads) => {
  try {
    await loadBrowserBackend(name);
    if (name === 'wasm' && threads !== undefined) setThreadsCount(threads);
    if (!(await tf.setBackend(name))) return { error: `tf.setBackend('${name}') failed` };
    await tf.ready();
    const rows = await measureActiveBackend('chromium', budgetSeconds);
    if (name !== 'wasm') return rows;
    // The count the backend really runs (1 without cross-origin isolation).
    const backend = tf.backend() as unknown as { wasm: { tfjs: { getThreadsCount(): number } } };
    const count = backend.wasm.tfjs.getThreadsCount();
    const asked = threads !== undefined && threads !== count ? ` (asked for ${threads})` : '';
    return rows.map((row) => ({ ...row, backend: `wasm, ${count} thread${count > 1 ? 's' : ''}${asked}` }));
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
};
document.body.dataset.ready = 'true';
