// The page side of the worker session: one worker per page, shared by all its
// cells, runs queued one at a time, and a Stop that always ends a run within a second.
import {
  BACKEND_LADDER,
  type BackendName,
  type BackendReport,
  type CellError,
  type CellOutput,
  type FromWorker,
  type InputAnswer,
  type ToWorker,
} from '../../engine/contract/index.ts';

export type RunOutcome =
  { kind: 'done'; seconds: number } | { kind: 'stopped'; restarted: boolean } | { kind: 'error'; error: CellError };

export interface RunHandlers {
  onOutput(output: CellOutput): void;
  onBackend(report: BackendReport): void;
  /** Called when the run actually starts, after any run queued before it. */
  onStart?(): void;
}

/** How long a run may take to honour Stop before its worker is replaced. */
const STOP_GRACE_MS = 600;

/** `?backend=webgl` starts the ladder at that rung, so a reader can compare backends. */
function ladderFromUrl(): BackendName[] | undefined {
  const wanted = new URLSearchParams(location.search).get('backend');
  const start = BACKEND_LADDER.indexOf(wanted as BackendName);
  return start >= 0 ? BACKEND_LADDER.slice(start) : undefined;
}

/** `?test-hooks` lets a test lose the GPU device the way a driver reset would (see README, "What happens when…"). */
function testHooksFromUrl(): boolean {
  return typeof location !== 'undefined' && new URLSearchParams(location.search).has('test-hooks');
}

interface PendingRun {
  runId: number;
  cellId: string;
  code: string;
  handlers: RunHandlers;
  resolve(outcome: RunOutcome): void;
  stopTimer?: ReturnType<typeof setTimeout>;
  started: boolean;
}

export class CellSession {
  #worker: Worker | null = null;
  #nextRunId = 1;
  #queue: PendingRun[] = [];
  #current: PendingRun | null = null;
  backend: BackendReport | null = null;
  /** Backends whose GPU device this page lost: kept off the ladder of any later worker too. */
  #lost: { name: BackendName; reason: string }[] = [];

  run(cellId: string, code: string, handlers: RunHandlers): Promise<RunOutcome> {
    return new Promise((resolve) => {
      this.#queue.push({ runId: this.#nextRunId++, cellId, code, handlers, resolve, started: false });
      this.#pump();
    });
  }

  isBusy(): boolean {
    return this.#current !== null;
  }

  stop(cellId: string): void {
    const queued = this.#queue.findIndex((r) => r.cellId === cellId);
    if (queued >= 0) {
      const [run] = this.#queue.splice(queued, 1);
      run?.resolve({ kind: 'stopped', restarted: false });
      return;
    }
    const run = this.#current;
    if (!run || run.cellId !== cellId || run.stopTimer) return;
    this.#post({ type: 'abort', runId: run.runId });
    // A batch on a slow backend, or an endless loop in edited code, cannot
    // notice the abort: replace the worker rather than wait.
    run.stopTimer = setTimeout(() => {
      if (this.#current !== run) return;
      this.#restartWorker();
      this.#finish(run, { kind: 'stopped', restarted: true });
    }, STOP_GRACE_MS);
  }

  /** Sends the reader's answer to a cell waiting for it (input.image, input.model); false when it no longer waits. */
  answer(cellId: string, requestId: number, answer: InputAnswer): boolean {
    const run = this.#current;
    if (!run || run.cellId !== cellId || run.stopTimer) return false;
    this.#post({ type: 'input', runId: run.runId, requestId, answer });
    return true;
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('../../engine/runtime/worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => this.#receive(event.data));
    worker.addEventListener('error', (event) => {
      // A worker that fails to load (a network error, a missing chunk) ends the run with a message.
      const run = this.#current;
      if (!run) return;
      event.preventDefault();
      this.#restartWorker();
      this.#finish(run, {
        kind: 'error',
        error: { name: 'WorkerError', message: `The cell's worker failed: ${event.message || 'it could not be loaded'}.` },
      });
    });
    const init: ToWorker = {
      type: 'init',
      baseUrl: new URL(import.meta.env.BASE_URL, location.href).href.replace(/\/?$/, '/'),
      backends: ladderFromUrl(),
      ...(this.#lost.length ? { lost: [...this.#lost] } : {}),
      ...(testHooksFromUrl() ? { testHooks: true } : {}),
    };
    worker.postMessage(init);
    this.#worker = worker;
    return worker;
  }

  #restartWorker(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.backend = null;
  }

  #post(message: ToWorker): void {
    this.#ensureWorker().postMessage(message);
  }

  #pump(): void {
    if (this.#current) return;
    const next = this.#queue.shift();
    if (!next) return;
    this.#current = next;
    next.started = true;
    next.handlers.onStart?.();
    this.#post({ type: 'run', runId: next.runId, cellId: next.cellId, code: next.code });
  }

  #finish(run: PendingRun, outcome: RunOutcome): void {
    if (run.stopTimer) clearTimeout(run.stopTimer);
    if (this.#current === run) this.#current = null;
    run.resolve(outcome);
    this.#pump();
  }

  #receive(message: FromWorker): void {
    const run = this.#current;
    if (message.type === 'backend-lost') {
      this.#lost.push({ name: message.name, reason: message.reason });
      return;
    }
    if (message.type === 'backend') {
      this.backend = message.report;
      run?.handlers.onBackend(message.report);
      return;
    }
    if (!run || message.runId !== run.runId) return;
    switch (message.type) {
      case 'output':
        run.handlers.onOutput(message.output);
        break;
      case 'done':
        this.#finish(run, { kind: 'done', seconds: message.seconds });
        break;
      case 'stopped':
        this.#finish(run, { kind: 'stopped', restarted: false });
        break;
      case 'error':
        this.#finish(run, { kind: 'error', error: message.error });
        break;
    }
  }

  /** Test hook: the worker destroys its WebGPU device (honoured only with `?test-hooks`). */
  loseGpuDeviceForTest(): void {
    this.#post({ type: 'test-lose-device' });
  }
}

let pageSession: CellSession | null = null;

/** The page's one session: cells on a page share models through it. */
export function getSession(): CellSession {
  pageSession ??= new CellSession();
  if (testHooksFromUrl() && typeof window !== 'undefined') {
    (window as unknown as { cellTestHooks?: object }).cellTestHooks = {
      loseGpuDevice: () => pageSession?.loseGpuDeviceForTest(),
    };
  }
  return pageSession;
}
