// The browser half of `npm run bench`: the page exposes one function that the
// runner calls per backend, with the same backend loading as the guide's worker.
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../src/engine/contract/index.ts';
import { loadBrowserBackend } from '../../src/engine/runtime/worker-session.ts';
import { measureActiveBackend, type Row } from '../measure.ts';

declare global {
  interface Window {
    benchBackend(name: BackendName, budgetSeconds: number): Promise<Row[] | { error: string }>;
  }
}

window.benchBackend = async (name, budgetSeconds) => {
  try {
    await loadBrowserBackend(name);
    if (!(await tf.setBackend(name))) return { error: `tf.setBackend('${name}') failed` };
    await tf.ready();
    return await measureActiveBackend('chromium', budgetSeconds);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
};
document.body.dataset.ready = 'true';
