// Faults a reader does not cause but meets: a download that fails or arrives
// damaged (it is a DownloadError, which the cell answers with Retry, and the
// next try succeeds once the network is back), a worker that dies without an
// event, and leaving the page while a cell runs. The browser side of each is
// tried in tests/e2e/faults.spec.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { DOWNLOAD_ERROR, WORKER_STOPPED, type FromWorker, type ToWorker } from '../../src/engine/contract/index.ts';
import { loadFashionMnist } from '../../src/engine/data/fashion-mnist.ts';
import { loadSceneAssets } from '../../src/engine/data/bias-scenes.ts';
import {
  CellSession,
  LEFT_PAGE_MESSAGE,
  WORKER_STOPPED_MESSAGE,
  type RunHandlers,
  type RunOutcome,
} from '../../src/components/cell/session-client.ts';

const publicDir = join(fileURLToPath(new URL('../../', import.meta.url)), 'public');

let hosts = 0;
const freshBase = () => `http://faults${++hosts}.test/`;

type Fault = 'offline' | 'truncate' | 'flip' | null;

/** A server for public/ whose next answers can be made to fail; records each request and its cache mode. */
function flakyServer() {
  const state = { fault: null as Fault, only: '' };
  const requests: { path: string; cache: RequestCache | undefined }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input)).pathname;
    requests.push({ path, cache: init?.cache });
    const hit = path.endsWith(state.only);
    if (hit && state.fault === 'offline') throw new TypeError('Failed to fetch');
    let bytes: Uint8Array = readFileSync(join(publicDir, path));
    if (hit && state.fault === 'truncate') bytes = bytes.subarray(0, bytes.length >> 1);
    if (hit && state.fault === 'flip') {
      // Valid gzip (or none) with one wrong byte inside: only the checksum can tell.
      bytes = path.endsWith('.gz') ? gunzipSync(bytes) : Uint8Array.from(bytes);
      bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
    }
    return new Response(new Uint8Array(bytes));
  }) as typeof fetch;
  return { state, requests, fetchImpl };
}

describe('a dataset download that fails or arrives damaged', () => {
  it('is a DownloadError while offline, and the next call downloads it', async () => {
    const server = flakyServer();
    server.state.fault = 'offline';
    const baseUrl = freshBase();
    const err = await loadFashionMnist({ baseUrl, fetchImpl: server.fetchImpl, train: 8, test: 8 }).catch((e: unknown) => e);
    expect((err as Error).name).toBe(DOWNLOAD_ERROR);
    expect((err as Error).message).toContain('Could not download');
    expect((err as Error).message).toContain('Retry');

    server.state.fault = null;
    const data = await loadFashionMnist({ baseUrl, fetchImpl: server.fetchImpl, train: 8, test: 8 });
    expect(data.train.count).toBe(8);
  });

  it.each([
    ['cut short (not valid gzip)', 'truncate', /is not valid gzip/],
    [
      'whole but with one byte changed (sha256)',
      'flip',
      /does not match the sha256 in its manifest: the download arrived damaged/,
    ],
  ] as const)('is refused when it arrives %s, and the retry bypasses the HTTP cache', async (_, fault, message) => {
    const server = flakyServer();
    server.state.fault = fault;
    server.state.only = 'train.u8.gz';
    const baseUrl = freshBase();
    const err = await loadFashionMnist({ baseUrl, fetchImpl: server.fetchImpl }).catch((e: unknown) => e);
    expect((err as Error).name).toBe(DOWNLOAD_ERROR);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain('Retry');

    server.state.fault = null;
    server.requests.length = 0;
    const data = await loadFashionMnist({ baseUrl, fetchImpl: server.fetchImpl });
    expect(data.train.count).toBe(8000);
    const train = server.requests.filter((r) => r.path.endsWith('train.u8.gz'));
    expect(train).toEqual([{ path: '/data/fashion-mnist/train.u8.gz', cache: 'reload' }]);

    // Once a good copy arrived, later downloads use the HTTP cache again.
    const again = await loadFashionMnist({ baseUrl: freshBase(), fetchImpl: server.fetchImpl });
    expect(again.test.count).toBe(1000);
    expect(server.requests.at(-1)?.cache).toBeUndefined();
  });

  it('refuses damaged cows-and-camels assets by their sha256, and the next call loads them', async () => {
    const server = flakyServer();
    server.state.fault = 'flip';
    server.state.only = 'assets.u8';
    const baseUrl = freshBase();
    const err = await loadSceneAssets(baseUrl, server.fetchImpl).catch((e: unknown) => e);
    expect((err as Error).name).toBe(DOWNLOAD_ERROR);
    expect((err as Error).message).toContain('does not match the sha256');

    server.state.fault = null;
    const assets = await loadSceneAssets(baseUrl, server.fetchImpl);
    expect(assets.classes).toEqual(['cow', 'camel']);
  });
});

/** The browser's Web Locks as the page sees them: a request is granted when the worker holding the lock dies. */
class FakeLocks {
  readonly waiting: { name: string; grant(): void; signal?: AbortSignal }[] = [];

  request(name: string, options: LockOptions, callback: () => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const entry = { name, signal: options.signal, grant: () => resolve(callback()) };
      this.waiting.push(entry);
      options.signal?.addEventListener('abort', () => {
        this.waiting.splice(this.waiting.indexOf(entry), 1);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }

  /** The worker holding `name` died: the page's request for it is granted. */
  release(name: string): void {
    for (const entry of this.waiting.filter((w) => w.name === name)) {
      this.waiting.splice(this.waiting.indexOf(entry), 1);
      entry.grant();
    }
  }
}

class FakeWorker {
  static made: FakeWorker[] = [];
  readonly posted: ToWorker[] = [];
  terminated = false;
  readonly #listeners: ((event: { data: FromWorker }) => void)[] = [];

  constructor() {
    FakeWorker.made.push(this);
  }

  addEventListener(type: string, listener: (event: { data: FromWorker }) => void): void {
    if (type === 'message') this.#listeners.push(listener);
  }

  postMessage(message: ToWorker): void {
    this.posted.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  send(message: FromWorker): void {
    for (const listener of this.#listeners) listener({ data: message });
  }

  /** The lock the page asked this worker to hold; the worker says it holds it. */
  holdLock(): string {
    const init = this.posted[0];
    if (init?.type !== 'init' || !init.lifeLock) throw new Error('the worker was not given a life lock');
    this.send({ type: 'alive', lock: init.lifeLock });
    return init.lifeLock;
  }
}

const handlers: RunHandlers = { onOutput: () => {}, onBackend: () => {} };
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
function track(outcome: Promise<RunOutcome>) {
  const box: { value?: RunOutcome } = {};
  void outcome.then((value) => (box.value = value));
  return box;
}

describe('a worker that dies, and a page that is left', () => {
  let locks: FakeLocks;
  let page: EventTarget;

  beforeEach(() => {
    FakeWorker.made = [];
    locks = new FakeLocks();
    page = new EventTarget();
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('location', new URL('http://guide.test/guide/first-cnn/'));
    vi.stubGlobal('navigator', { locks });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('ends the run with "stopped unexpectedly" when the worker dies without an event, and the next run gets a fresh worker', async () => {
    const session = new CellSession(page);
    const outcome = track(session.run('train', 'self.close()', handlers));
    const lock = FakeWorker.made[0]!.holdLock();
    expect(lock).toMatch(/^cnn-guide-worker-/);
    await settle();
    expect(outcome.value).toBeUndefined();

    locks.release(lock);
    await settle();
    expect(outcome.value).toEqual({ kind: 'error', error: { name: WORKER_STOPPED, message: WORKER_STOPPED_MESSAGE } });
    expect(FakeWorker.made[0]!.terminated).toBe(true);
    expect(session.isBusy()).toBe(false);

    void session.run('train', 'code', handlers);
    expect(FakeWorker.made).toHaveLength(2);
    const fresh = FakeWorker.made[1]!;
    expect(fresh.posted.map((m) => m.type)).toEqual(['init', 'run']);
    expect(fresh.holdLock()).not.toBe(lock);
  });

  it('replaces a worker that died between runs, and does not mistake a worker it closed itself for a death', async () => {
    vi.useFakeTimers();
    try {
      const session = new CellSession(page);
      const first = track(session.run('a', 'code', handlers));
      const worker = FakeWorker.made[0]!;
      const lock = worker.holdLock();
      worker.send({ type: 'done', runId: 1, seconds: 1 });
      await vi.advanceTimersByTimeAsync(0);
      expect(first.value).toEqual({ kind: 'done', seconds: 1 });

      locks.release(lock);
      const second = track(session.run('b', 'while (true) {}', handlers));
      expect(FakeWorker.made).toHaveLength(2);
      const replacement = FakeWorker.made[1]!;
      replacement.holdLock();

      // Stop replaces a stuck worker; its lock request is withdrawn, not granted as a death.
      session.stop('b');
      await vi.advanceTimersByTimeAsync(1_000);
      expect(second.value).toEqual({ kind: 'stopped', restarted: true });
      expect(locks.waiting).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('closes the worker and ends the running and queued runs when the page is left (pagehide)', async () => {
    const session = new CellSession(page);
    const running = track(session.run('train', 'code', handlers));
    expect(session.runningCell()).toBe('train');
    const queued = track(session.run('predict', 'code', handlers));
    expect(session.runningCell()).toBe('predict');
    FakeWorker.made[0]!.holdLock();

    page.dispatchEvent(new Event('pagehide'));
    await settle();
    expect(running.value).toEqual({ kind: 'error', error: { name: 'Stopped', message: LEFT_PAGE_MESSAGE } });
    expect(queued.value).toEqual({ kind: 'stopped', restarted: false });
    expect(FakeWorker.made[0]!.terminated).toBe(true);
    expect(locks.waiting).toEqual([]);
    expect(session.runningCell()).toBeNull();

    // Back on the page, Run starts one fresh worker.
    void session.run('train', 'code', handlers);
    expect(FakeWorker.made).toHaveLength(2);
    expect(FakeWorker.made[1]!.terminated).toBe(false);
  });
});
