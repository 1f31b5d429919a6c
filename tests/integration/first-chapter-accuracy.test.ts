// The first chapter promises that its training cell, run as shipped, reaches
// at least 85% test accuracy. This runs the cell's own source through the same
// worker session the browser uses, on the WASM backend in Node, and checks.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

import { diskFetch, runShippedCell } from './run-cell.ts';

const PROMISED_ACCURACY = 85;

beforeAll(() => vi.stubGlobal('fetch', diskFetch));
afterAll(() => vi.unstubAllGlobals());

it(`the training cell, as shipped, reaches at least ${PROMISED_ACCURACY}% test accuracy`, async () => {
  const { messages, logs } = await runShippedCell('train-simplecnn');
  expect(messages).toContainEqual({ type: 'backend', report: { name: 'wasm', fallbacks: [], threads: 1 } });
  const line = logs.find((text) => text.startsWith('Test accuracy:'));
  const accuracy = Number(/Test accuracy: ([\d.]+)%/.exec(line ?? '')?.[1]);
  console.log(`${line}\n${logs.filter((text) => text.startsWith('Epoch')).join('\n')}`);
  expect(accuracy).toBeGreaterThanOrEqual(PROMISED_ACCURACY);
});
