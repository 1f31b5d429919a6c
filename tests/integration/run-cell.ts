// Runs a shipped cell's source through the same worker session the browser
// uses, on the WASM backend in Node, with public/ served from disk: what the
// integration tests check is what a reader's Run button does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { registerWasmTrainingKernelsInNode } from '../../src/engine/tf/wasm-node.ts';
import type { CellOutput, FromWorker, InputAnswer } from '../../src/engine/contract/index.ts';
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

/** One worker session that runs shipped cells one after another, so a later cell can use what an earlier one kept (`session.need`). */
export interface CellSession {
  /** Runs src/cells/<id>.ts to its end and returns what it sent; fails if it did not finish. */
  run(id: string): Promise<CellRun>;
}

/** Plays the reader: answers a cell's input request (input.image, input.model) as the page would. */
export type Answerer = (request: Extract<CellOutput, { kind: 'input' }>) => InputAnswer;

/** Starts a worker session on WASM, as a page's first Run does; `answer` plays the reader for cells that ask. */
export function openCellSession(answer?: Answerer): CellSession {
  const messages: FromWorker[] = [];
  let runId = 0;
  let finished: () => void = () => {};
  const session = createWorkerSession(
    (message) => {
      messages.push(message);
      if (answer && message.type === 'output' && message.output.kind === 'input') {
        const request = message.output;
        const runId = message.runId;
        queueMicrotask(() => session.handle({ type: 'input', runId, requestId: request.requestId, answer: answer(request) }));
      }
      if (message.type === 'done' || message.type === 'error' || message.type === 'stopped') finished();
    },
    async (name) => {
      if (name !== 'wasm') throw new Error(`this test runs on wasm, not ${name}`);
      await import('@tensorflow/tfjs-backend-wasm');
      registerWasmTrainingKernelsInNode();
    },
  );
  session.handle({ type: 'init', baseUrl: BASE, backends: ['wasm'] });

  return {
    async run(id) {
      const ended = new Promise<void>((resolve) => (finished = resolve));
      const from = messages.length;
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      session.handle({ type: 'run', runId: ++runId, cellId: id, code: readFileSync(join(root, `src/cells/${id}.ts`), 'utf8') });
      await ended;
      const cpu = process.cpuUsage(cpuStart);
      // The first run's messages include the backend report sent after init.
      const mine = messages.slice(runId === 1 ? 0 : from);
      const last = mine.at(-1);
      if (last?.type !== 'done' || last.runId !== runId) throw new Error(`cell ${id} did not finish: ${JSON.stringify(last)}`);
      const outputs = mine.flatMap((m) => (m.type === 'output' && m.runId === runId ? [m.output] : []));
      return {
        messages: mine,
        outputs,
        logs: outputs.flatMap((o) => (o.kind === 'log' ? [o.text] : [])),
        tables: outputs.flatMap((o) => (o.kind === 'table' ? [o] : [])),
        seconds: (performance.now() - start) / 1000,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      };
    },
  };
}

/** Runs src/cells/<id>.ts to its end in a fresh session and returns what it sent; fails if it did not finish. */
export function runShippedCell(id: string): Promise<CellRun> {
  return openCellSession().run(id);
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
