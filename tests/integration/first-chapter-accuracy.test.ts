// The first chapter promises that its training cell, run as shipped, reaches
// at least 85% test accuracy. This runs the cell's own source through the same
// worker session the browser uses, on the WASM backend in Node, and checks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

import { registerWasmTrainingKernelsInNode } from '../../src/engine/tf/wasm-node.ts';
import type { FromWorker } from '../../src/engine/contract/index.ts';
import { createWorkerSession } from '../../src/engine/runtime/worker-session.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BASE = 'http://guide.test/';
const PROMISED_ACCURACY = 85;

/** Serves public/ from disk at BASE, as the static site would. */
async function diskFetch(input: RequestInfo | URL): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!url.href.startsWith(BASE)) return new Response('Not Found', { status: 404 });
  return new Response(new Uint8Array(readFileSync(join(root, 'public', url.pathname))));
}

beforeAll(() => vi.stubGlobal('fetch', diskFetch));
afterAll(() => vi.unstubAllGlobals());

it(`the training cell, as shipped, reaches at least ${PROMISED_ACCURACY}% test accuracy`, async () => {
  const messages: FromWorker[] = [];
  let finished!: () => void;
  const ended = new Promise<void>((resolve) => (finished = resolve));
  const session = createWorkerSession(
    (message) => {
      messages.push(message);
      if (message.type === 'done' || message.type === 'error' || message.type === 'stopped') finished();
    },
    async (name) => {
      if (name !== 'wasm') throw new Error(`this test runs on wasm, not ${name}`);
      await import('@tensorflow/tfjs-backend-wasm');
      registerWasmTrainingKernelsInNode();
    },
  );
  session.handle({ type: 'init', baseUrl: BASE, backends: ['wasm'] });
  session.handle({ type: 'run', runId: 1, cellId: 'train-simplecnn', code: readFileSync(join(root, 'src/cells/train-simplecnn.ts'), 'utf8') });
  await ended;

  const last = messages.at(-1);
  expect(last, JSON.stringify(last)).toMatchObject({ type: 'done' });
  expect(messages).toContainEqual({ type: 'backend', report: { name: 'wasm', fallbacks: [], threads: 1 } });
  const logs = messages.flatMap((m) => (m.type === 'output' && m.output.kind === 'log' ? [m.output.text] : []));
  const line = logs.find((text) => text.startsWith('Test accuracy:'));
  const accuracy = Number(/Test accuracy: ([\d.]+)%/.exec(line ?? '')?.[1]);
  console.log(`${line}\n${logs.filter((text) => text.startsWith('Epoch')).join('\n')}`);
  expect(accuracy).toBeGreaterThanOrEqual(PROMISED_ACCURACY);
});
