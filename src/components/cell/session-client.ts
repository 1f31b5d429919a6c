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
  WORKER_STOPPED,
} from '../../engine/contract/index.ts';

export type RunOutcome =
  { kind: 'done'; seconds: number } | { kind: 'stopped'; restarted: boolean } | { kind: 'error'; error: CellError };

/** What the cell says when its worker died under it; exported for the tests. */
export const WORKER_STOPPED_MESSAGE =
  'The worker running this cell stopped unexpectedly (the browser may have run out of memory for it, or the code closed it). ' +
  'Run starts a fresh worker; values made by earlier cells are gone and those cells need to run again.';

/** What a run that was going on when the reader left the page ends with. */
export const LEFT_PAGE_MESSAGE = 'You left the page while this cell ran, so its worker was closed. Run starts it again.';

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
  /** Ends the page's wait on the current worker's life lock (see #watchLife). */
  #stopWatching: AbortController | null = null;
  backend: BackendReport | null = null;
  /** Backends whose GPU device this page lost: kept off the ladder of any later worker too. */
  #lost: { name: BackendName; reason: string }[] = [];

  constructor(target: Pick<Window, 'addEventListener'> | null = typeof window === 'undefined' ? null : window) {
    // A page kept in the back/forward cache must not keep a worker (with its
    // tensors and any run) alive in the background: close it on the way out;
    // the next Run after coming back starts a fresh one.
    target?.addEventListener('pagehide', () => this.leavePage());
  }

  /** The cell a new run would wait for (the last queued, else the one running); null when it would start at once. */
  runningCell(): string | null {
    return this.#queue.at(-1)?.cellId ?? this.#current?.cellId ?? null;
  }

  /** Closes the worker and ends every run, queued or going on: the page is being left. */
  leavePage(): void {
    const queued = this.#queue.splice(0);
    const run = this.#current;
    this.#restartWorker();
    for (const r of queued) r.resolve({ kind: 'stopped', restarted: false });
    if (run) this.#finish(run, { kind: 'error', error: { name: 'Stopped', message: LEFT_PAGE_MESSAGE } });
  }

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
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      if (event.data.type === 'alive') this.#watchLife(worker, event.data.lock);
      else this.#receive(event.data);
    });
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
      ...(pageLocks() ? { lifeLock: lifeLockName() } : {}),
      ...(this.#lost.length ? { lost: [...this.#lost] } : {}),
      ...(testHooksFromUrl() ? { testHooks: true } : {}),
    };
    worker.postMessage(init);
    this.#worker = worker;
    return worker;
  }

  /**
   * The worker holds a Web Lock for its whole life; the page asks for the same
   * lock and is granted it only when the worker is gone. This catches deaths
   * that fire no event (out of memory, self.close()) without timing guesses:
   * a busy worker still holds its lock. Without Web Locks (an insecure
   * context) only the worker's error event is heard.
   */
  #watchLife(worker: Worker, lock: string): void {
    const locks = pageLocks();
    if (!locks || this.#worker !== worker) return;
    this.#stopWatching?.abort();
    const watching = new AbortController();
    this.#stopWatching = watching;
    locks
      .request(lock, { signal: watching.signal }, () => {
        if (this.#worker === worker) this.#workerDied();
      })
      .catch(() => undefined); // aborted: the page closed this worker itself.
  }

  #workerDied(): void {
    this.#restartWorker();
    const run = this.#current;
    if (!run) return;
    this.#finish(
      run,
      run.stopTimer
        ? { kind: 'stopped', restarted: true }
        : { kind: 'error', error: { name: WORKER_STOPPED, message: WORKER_STOPPED_MESSAGE } },
    );
  }

  #restartWorker(): void {
    this.#stopWatching?.abort();
    this.#stopWatching = null;
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

  #receive(message: Exclude<FromWorker, { type: 'alive' }>): void {
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

function pageLocks(): LockManager | undefined {
  return typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { locks?: LockManager }).locks;
}

function lifeLockName(): string {
  const id = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
  return `cnn-guide-worker-${id}`;
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
