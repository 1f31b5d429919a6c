// CellSession, the page side of the worker session, against a fake Worker:
// the test plays the worker's part by answering the messages it is sent.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendReport, CellOutput, FromWorker, ToWorker } from '../../src/engine/contract/index.ts';
import { CellSession, type RunHandlers, type RunOutcome } from '../../src/components/cell/session-client.ts';

class FakeWorker {
  static made: FakeWorker[] = [];
  readonly posted: ToWorker[] = [];
  terminated = false;
  readonly #listeners: Record<string, ((event: unknown) => void)[]> = {};

  constructor(
    readonly url: URL,
    readonly options: WorkerOptions,
  ) {
    FakeWorker.made.push(this);
  }

  addEventListener(type: string, listener: (event: unknown) => void): void {
    (this.#listeners[type] ??= []).push(listener);
  }

  postMessage(message: ToWorker): void {
    this.posted.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** The worker answers. */
  send(message: FromWorker): void {
    for (const listener of this.#listeners.message ?? []) listener({ data: message });
  }

  /** The worker fails to load or crashes; returns whether the page claimed the error. */
  fail(message: string): boolean {
    let prevented = false;
    const event = { message, preventDefault: () => (prevented = true) };
    for (const listener of this.#listeners.error ?? []) listener(event);
    return prevented;
  }

  runs(): Extract<ToWorker, { type: 'run' }>[] {
    return this.posted.filter((m): m is Extract<ToWorker, { type: 'run' }> => m.type === 'run');
  }
}

/** Handlers that record what a run was told, in order. */
function recorder() {
  const events: string[] = [];
  const outputs: CellOutput[] = [];
  const backends: BackendReport[] = [];
  const handlers: RunHandlers = {
    onOutput: (output) => {
      outputs.push(output);
      events.push('output');
    },
    onBackend: (report) => {
      backends.push(report);
      events.push('backend');
    },
    onStart: () => events.push('start'),
  };
  return { handlers, events, outputs, backends };
}

/** Resolves the outcome into a box, so a test can see whether a run has ended yet. */
function track(outcome: Promise<RunOutcome>) {
  const box: { value?: RunOutcome } = {};
  void outcome.then((value) => (box.value = value));
  return box;
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const onlyWorker = () => {
  expect(FakeWorker.made).toHaveLength(1);
  return FakeWorker.made[0]!;
};
const wasm: BackendReport = { name: 'wasm', fallbacks: [{ name: 'webgpu', reason: 'no adapter' }] };

beforeEach(() => {
  FakeWorker.made = [];
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('location', new URL('http://guide.test/guide/first-cnn/'));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('CellSession', () => {
  it('starts one module worker on the first run, initialises it, then sends the run', () => {
    const session = new CellSession();
    expect(FakeWorker.made).toHaveLength(0);
    void session.run('train', 'code A', recorder().handlers);
    const worker = onlyWorker();
    expect(worker.options).toEqual({ type: 'module' });
    expect(worker.url.pathname).toMatch(/engine\/runtime\/worker\.ts$/);
    expect(worker.posted).toEqual([
      { type: 'init', baseUrl: 'http://guide.test/', backends: undefined },
      { type: 'run', runId: 1, cellId: 'train', code: 'code A' },
    ]);
    expect(session.isBusy()).toBe(true);
  });

  it('passes ?backend= to the worker as the ladder from that rung down, and ignores an unknown one', () => {
    vi.stubGlobal('location', new URL('http://guide.test/guide/first-cnn/?backend=webgl'));
    void new CellSession().run('a', '', recorder().handlers);
    vi.stubGlobal('location', new URL('http://guide.test/guide/first-cnn/?backend=tpu'));
    void new CellSession().run('b', '', recorder().handlers);
    const [withRung, withUnknown] = FakeWorker.made;
    expect(withRung!.posted[0]).toEqual({ type: 'init', baseUrl: 'http://guide.test/', backends: ['webgl', 'wasm', 'cpu'] });
    expect(withUnknown!.posted[0]).toEqual({ type: 'init', baseUrl: 'http://guide.test/', backends: undefined });
  });

  it("routes the worker's messages to the run they belong to, and resolves it when done", async () => {
    const session = new CellSession();
    const seen = recorder();
    const outcome = session.run('train', 'code', seen.handlers);
    const worker = onlyWorker();
    const log: CellOutput = { kind: 'log', level: 'info', text: 'Epoch 1/3' };
    worker.send({ type: 'backend', report: wasm });
    worker.send({ type: 'output', runId: 1, output: log });
    worker.send({ type: 'output', runId: 99, output: { kind: 'log', level: 'info', text: 'not this run' } });
    worker.send({ type: 'done', runId: 1, seconds: 2.5 });
    await expect(outcome).resolves.toEqual({ kind: 'done', seconds: 2.5 });
    expect(seen.events).toEqual(['start', 'backend', 'output']);
    expect(seen.outputs).toEqual([log]);
    expect(session.backend).toEqual(wasm);
    expect(session.isBusy()).toBe(false);
  });

  it("resolves a run with the cell's error", async () => {
    const session = new CellSession();
    const outcome = session.run('train', 'code', recorder().handlers);
    const error = { name: 'RangeError', message: 'train(): epochs must be a positive integer, got -1', line: 4 };
    onlyWorker().send({ type: 'error', runId: 1, error });
    await expect(outcome).resolves.toEqual({ kind: 'error', error });
  });

  it('queues runs one at a time in one worker, starting each when the one before ends', async () => {
    const session = new CellSession();
    const first = recorder();
    const second = recorder();
    const one = track(session.run('load', 'code 1', first.handlers));
    const two = track(session.run('train', 'code 2', second.handlers));
    const worker = onlyWorker();
    expect(worker.runs().map((r) => r.cellId)).toEqual(['load']);
    expect(second.events).toEqual([]);

    worker.send({ type: 'output', runId: 2, output: { kind: 'log', level: 'info', text: 'too early' } });
    worker.send({ type: 'done', runId: 1, seconds: 1 });
    await settle();
    expect(one.value).toEqual({ kind: 'done', seconds: 1 });
    expect(two.value).toBeUndefined();
    expect(second.events).toEqual(['start']);
    expect(second.outputs).toEqual([]);
    expect(worker.runs()).toEqual([
      { type: 'run', runId: 1, cellId: 'load', code: 'code 1' },
      { type: 'run', runId: 2, cellId: 'train', code: 'code 2' },
    ]);

    worker.send({ type: 'done', runId: 2, seconds: 3 });
    await settle();
    expect(two.value).toEqual({ kind: 'done', seconds: 3 });
    expect(FakeWorker.made).toHaveLength(1);
  });

  it('stops a queued run at once, without the worker hearing of it', async () => {
    const session = new CellSession();
    void session.run('load', 'code 1', recorder().handlers);
    const queued = recorder();
    const outcome = session.run('train', 'code 2', queued.handlers);
    session.stop('train');
    await expect(outcome).resolves.toEqual({ kind: 'stopped', restarted: false });
    const worker = onlyWorker();
    worker.send({ type: 'done', runId: 1, seconds: 1 });
    await settle();
    expect(worker.runs().map((r) => r.cellId)).toEqual(['load']);
    expect(worker.posted.some((m) => m.type === 'abort')).toBe(false);
    expect(queued.events).toEqual([]);
  });

  it('asks the worker to stop a running cell once, and keeps the worker when it stops in time', async () => {
    vi.useFakeTimers();
    const session = new CellSession();
    const outcome = track(session.run('train', 'code', recorder().handlers));
    const worker = onlyWorker();
    worker.send({ type: 'backend', report: wasm });
    session.stop('train');
    session.stop('train');
    expect(worker.posted.filter((m) => m.type === 'abort')).toEqual([{ type: 'abort', runId: 1 }]);

    await vi.advanceTimersByTimeAsync(300);
    worker.send({ type: 'stopped', runId: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(outcome.value).toEqual({ kind: 'stopped', restarted: false });
    expect(worker.terminated).toBe(false);
    expect(session.backend).toEqual(wasm);
  });

  it('replaces a worker that does not stop within the grace period, and runs the next cell in a fresh one', async () => {
    vi.useFakeTimers();
    const session = new CellSession();
    const stuck = track(session.run('train', 'while (true) {}', recorder().handlers));
    const next = recorder();
    const after = track(session.run('predict', 'code', next.handlers));
    const old = onlyWorker();
    old.send({ type: 'backend', report: wasm });
    session.stop('train');

    await vi.advanceTimersByTimeAsync(500);
    expect(stuck.value).toBeUndefined();
    expect(old.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(stuck.value).toEqual({ kind: 'stopped', restarted: true });
    expect(old.terminated).toBe(true);
    expect(session.backend).toBeNull();

    // The queued cell runs in a new worker, which is initialised first.
    expect(FakeWorker.made).toHaveLength(2);
    const fresh = FakeWorker.made[1]!;
    expect(fresh.posted.map((m) => m.type)).toEqual(['init', 'run']);
    expect(fresh.runs()).toEqual([{ type: 'run', runId: 2, cellId: 'predict', code: 'code' }]);
    expect(next.events).toEqual(['start']);

    // A late answer from the old worker's run changes nothing.
    old.send({ type: 'done', runId: 1, seconds: 9 });
    fresh.send({ type: 'done', runId: 2, seconds: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(stuck.value).toEqual({ kind: 'stopped', restarted: true });
    expect(after.value).toEqual({ kind: 'done', seconds: 1 });
  });

  it('ignores Stop for a cell that is neither running nor queued', () => {
    const session = new CellSession();
    void session.run('train', 'code', recorder().handlers);
    session.stop('other');
    expect(onlyWorker().posted.some((m) => m.type === 'abort')).toBe(false);
  });

  it('ends the run with a readable error when the worker fails, and starts a new worker for the next run', async () => {
    const session = new CellSession();
    const outcome = session.run('train', 'code', recorder().handlers);
    const broken = onlyWorker();
    expect(broken.fail('Failed to fetch dynamically imported module')).toBe(true);
    await expect(outcome).resolves.toEqual({
      kind: 'error',
      error: { name: 'WorkerError', message: "The cell's worker failed: Failed to fetch dynamically imported module." },
    });
    expect(broken.terminated).toBe(true);
    expect(session.isBusy()).toBe(false);

    void session.run('train', 'code', recorder().handlers);
    expect(FakeWorker.made).toHaveLength(2);
    expect(FakeWorker.made[1]!.posted.map((m) => m.type)).toEqual(['init', 'run']);
  });

  it('keeps a backend whose GPU device was lost off the ladder of every later worker, with the reason', async () => {
    vi.stubGlobal('location', new URL('http://guide.test/guide/first-cnn/?backend=webgpu&test-hooks'));
    const session = new CellSession();
    const outcome = session.run('train', 'code', recorder().handlers);
    const first = onlyWorker();
    expect(first.posted[0]).toEqual({
      type: 'init',
      baseUrl: 'http://guide.test/',
      backends: ['webgpu', 'webgl', 'wasm', 'cpu'],
      testHooks: true,
    });
    const reason = 'the GPU device was lost (destroyed: Device was destroyed.)';
    first.send({ type: 'backend-lost', name: 'webgpu', reason });
    first.send({ type: 'error', runId: 1, error: { name: 'GPUDeviceLost', message: 'The run stopped' } });
    await expect(outcome).resolves.toMatchObject({ kind: 'error' });

    // The worker crashes later; its replacement is told of the loss before anything runs.
    void session.run('train', 'code', recorder().handlers);
    first.fail('out of memory');
    void session.run('train', 'code', recorder().handlers);
    expect(FakeWorker.made).toHaveLength(2);
    expect(FakeWorker.made[1]!.posted[0]).toMatchObject({ type: 'init', lost: [{ name: 'webgpu', reason }] });
  });

  it('asks the worker to lose its GPU device only when a test calls the hook', () => {
    const session = new CellSession();
    void session.run('train', 'code', recorder().handlers);
    expect(onlyWorker().posted.some((m) => m.type === 'test-lose-device')).toBe(false);
    session.loseGpuDeviceForTest();
    expect(onlyWorker().posted.at(-1)).toEqual({ type: 'test-lose-device' });
  });

  it('leaves a worker error between runs to the browser', async () => {
    const session = new CellSession();
    const outcome = track(session.run('train', 'code', recorder().handlers));
    const worker = onlyWorker();
    worker.send({ type: 'done', runId: 1, seconds: 1 });
    expect(worker.fail('')).toBe(false);
    expect(worker.terminated).toBe(false);
    await settle();
    expect(outcome.value).toEqual({ kind: 'done', seconds: 1 });
  });
});
