// Runs a shipped cell's source through the same worker session the browser
// uses, on the WASM backend in Node, with public/ served from disk: what the
// integration tests check is what a reader's Run button does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { registerWasmTrainingKernelsInNode } from '../../src/engine/tf/wasm-node.ts';
import type { CellOutput, FromWorker } from '../../src/engine/contract/index.ts';
import { createWorkerSession } from '../../src/engine/runtime/worker-session.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const BASE = 'http://guide.test/';

/** Serves public/ from disk at BASE, as the static site would; pass it to vi.stubGlobal('fetch', …). */
export async function diskFetch(input: RequestInfo | URL): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!url.href.startsWith(BASE)) return new Response('Not Found', { status: 404 });
  return new Response(new Uint8Array(readFileSync(join(root, 'public', url.pathname))));
}

export interface CellRun {
  messages: FromWorker[];
  outputs: CellOutput[];
  logs: string[];
  tables: Extract<CellOutput, { kind: 'table' }>[];
  seconds: number;
  /**
   * CPU seconds the process spent (user + system): on a loaded machine, a
   * better estimate than wall time of how long the cell takes on an idle one.
   */
  cpuSeconds: number;
}

/** Runs src/cells/<id>.ts to its end and returns what it sent; fails if it did not finish. */
export async function runShippedCell(id: string): Promise<CellRun> {
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
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  session.handle({ type: 'init', baseUrl: BASE, backends: ['wasm'] });
  session.handle({ type: 'run', runId: 1, cellId: id, code: readFileSync(join(root, `src/cells/${id}.ts`), 'utf8') });
  await ended;
  const cpu = process.cpuUsage(cpuStart);
  const last = messages.at(-1);
  if (last?.type !== 'done') throw new Error(`cell ${id} did not finish: ${JSON.stringify(last)}`);
  const outputs = messages.flatMap((m) => (m.type === 'output' ? [m.output] : []));
  return {
    messages,
    outputs,
    logs: outputs.flatMap((o) => (o.kind === 'log' ? [o.text] : [])),
    tables: outputs.flatMap((o) => (o.kind === 'table' ? [o] : [])),
    seconds: (performance.now() - start) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

/** The table titled `title`, as rows keyed by their first column. */
export function tableByFirstColumn(run: CellRun, title: string): Map<string, (string | number)[]> {
  const table = run.tables.find((t) => t.title === title);
  if (!table) throw new Error(`no table "${title}"; tables: ${run.tables.map((t) => t.title).join(', ')}`);
  return new Map(table.rows.map((row) => [String(row[0]), row]));
}

/** "87.5%" or 0.875 as a fraction. */
export function fraction(value: string | number | undefined): number {
  if (typeof value === 'number') return value;
  const match = /(-?[\d.]+)\s*%/.exec(value ?? '');
  if (!match) throw new Error(`not a percentage: ${value}`);
  return Number(match[1]) / 100;
}
