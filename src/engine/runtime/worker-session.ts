// The worker side of a page's session: picks the backend once, runs one cell at
// a time, streams its outputs, and frees what a run made unless a later cell needs it.
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, DEFAULT_LADDER, type BackendLoader } from '../tf/backend-ladder.ts';
import { cellRequire, compileCell, describeCellError } from './compile-cell.ts';
import { cellModules } from './cell-modules.ts';
import { sessionStore } from './session-store.ts';
import type { BackendName, BackendReport, CellError, CellOutput, FromWorker, InputAnswer, ToWorker } from '../contract/index.ts';
import { abortError } from '../tf/train-classifier.ts';
import { beginRun, endRun, type Disposable, type RunContext } from './run-context.ts';
import { loseGpuDeviceForTest, watchGpuDeviceLoss } from '../tf/gpu-device.ts';
import {
  DEVICE_LOST_ERROR,
  describeDeviceLoss,
  deviceLostMessage,
  forcedAfterLoss,
  ladderWithout,
  withLostFallbacks,
  type LostBackend,
} from './device-loss.ts';

/** The browser's loader: WebGPU and WASM are outside the main tfjs bundle; fetch them only when tried. */
export async function loadBrowserBackend(name: BackendName): Promise<void> {
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (name === 'wasm') await (await import('../tf/wasm-browser.ts')).prepareWasmBackend();
}

function formatArgs(args: unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'string') return a;
      if (a instanceof Error) return `${a.name}: ${a.message}`;
      try {
        return JSON.stringify(a);
      } catch {
        return String(a);
      }
    })
    .join(' ');
}

/** A console for the cell whose output lands in the cell, not in devtools. */
function cellConsole(emit: (output: CellOutput) => void): Console {
  const line =
    (level: 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      emit({ kind: 'log', level, text: formatArgs(args) });
  return { ...console, log: line('info'), info: line('info'), debug: line('info'), warn: line('warn'), error: line('error') };
}

/** Everything reachable from the session's values, one level deep (a model, or {x, y}). */
function keptBySession(): Set<unknown> {
  const kept = new Set<unknown>();
  for (const value of sessionStore.values()) {
    kept.add(value);
    if (value && typeof value === 'object') for (const inner of Object.values(value)) kept.add(inner);
  }
  return kept;
}

function freeOwned(context: RunContext): void {
  const kept = keptBySession();
  for (const item of context.owned) {
    if (kept.has(item)) continue;
    const tensor = item as Partial<tf.Tensor>;
    if (tensor.isDisposed === true) continue;
    try {
      item.dispose();
    } catch {
      // Already freed through another path (a model disposing its own weights).
    }
  }
}

export function createWorkerSession(post: (message: FromWorker) => void, loadBackend: BackendLoader = loadBrowserBackend) {
  let baseUrl = '/';
  let ladder: readonly BackendName[] = DEFAULT_LADDER;
  /** The rung the reader named with `?backend=`: used even on a software GPU. */
  let forced: BackendName | null = null;
  let backend: Promise<BackendReport> | null = null;
  let active: { runId: number; aborted: boolean; lost?: string } | null = null;
  /** Backends whose device was lost on this page (the page passes them on to a replacement worker). */
  let lost: LostBackend[] = [];
  /** `?test-hooks`: the page may ask this worker to lose its GPU device. */
  let testHooks = false;
  /** Settles when the device under the active run is lost, so a read that never returns cannot hold the run. */
  let onActiveLoss: ((reason: string) => void) | null = null;
  /** Requests of the active run waiting for the reader, by id. */
  const waiting = new Map<number, { resolve(answer: InputAnswer): void; reject(error: Error): void }>();
  let nextRequestId = 1;

  function cancelWaiting(): void {
    for (const { reject } of waiting.values()) reject(abortError());
    waiting.clear();
  }

  function chooseAfterLosses(): Promise<BackendReport> {
    return chooseBackend(ladderWithout(ladder, lost), loadBackend, undefined, forcedAfterLoss(forced, lost)).then((report) => {
      watchGpuDeviceLoss((info) => deviceLost(report.name, describeDeviceLoss(info)));
      return lost.length ? withLostFallbacks(report, lost) : report;
    });
  }

  /**
   * The device under `name` is gone, and with it every tensor on it: stop the
   * run, forget the session's values, and choose the next rung now, so the
   * status line says at once what the next Run uses and why.
   */
  function deviceLost(name: BackendName, reason: string): void {
    if (lost.some((l) => l.name === name)) return;
    lost = [...lost, { name, reason }];
    post({ type: 'backend-lost', name, reason });
    sessionStore.clear();
    backend = null;
    if (active) {
      active.aborted = true;
      active.lost = reason;
      cancelWaiting();
    }
    onActiveLoss?.(reason);
    ensureBackend().then(
      (report) => post({ type: 'backend', report }),
      () => {},
    );
  }

  async function ensureBackend(): Promise<BackendReport> {
    backend ??= chooseAfterLosses();
    try {
      return await backend;
    } catch (error) {
      backend = null;
      throw error;
    }
  }

  async function run(runId: number, cellId: string, code: string): Promise<void> {
    if (active) {
      post({ type: 'error', runId, error: { name: 'Busy', message: 'Another cell is still running in this page.' } });
      return;
    }
    const state: { runId: number; aborted: boolean; lost?: string } = { runId, aborted: false };
    active = state;
    const started = performance.now();
    const emit = (output: CellOutput) => post({ type: 'output', runId, output });
    const context: RunContext = {
      runId,
      cellId,
      baseUrl,
      signal: state,
      emit,
      owned: new Set<Disposable>(),
      ask(request, retry) {
        const requestId = nextRequestId++;
        const answer = new Promise<InputAnswer>((resolve, reject) => waiting.set(requestId, { resolve, reject }));
        emit({ kind: 'input', requestId, request, ...(retry ? { replaces: retry.of, problem: retry.problem } : {}) });
        return { requestId, answer };
      },
    };
    try {
      const report = await ensureBackend();
      post({ type: 'backend', report });
      const fn = compileCell(cellId, code);
      beginRun(context);
      const lostUnder = new Promise<never>((_, reject) => {
        onActiveLoss = (reason) => reject(new Error(reason));
      });
      await Promise.race([fn(cellRequire(cellModules), cellConsole(emit)), lostUnder]);
      if (state.lost !== undefined) post({ type: 'error', runId, error: await lostError(state.lost) });
      else if (state.aborted) post({ type: 'stopped', runId });
      else post({ type: 'done', runId, seconds: (performance.now() - started) / 1000 });
    } catch (error) {
      if (state.lost !== undefined) post({ type: 'error', runId, error: await lostError(state.lost) });
      else if (state.aborted) post({ type: 'stopped', runId });
      else post({ type: 'error', runId, error: describeCellError(error, cellId) });
    } finally {
      onActiveLoss = null;
      cancelWaiting();
      endRun();
      freeOwned(context);
      active = null;
    }
  }

  /** The run's error after a loss, naming the backend the next Run uses (chosen already). */
  async function lostError(reason: string): Promise<CellError> {
    const next = await ensureBackend().then(
      (report) => report.name,
      () => null,
    );
    return { name: DEVICE_LOST_ERROR, message: deviceLostMessage(reason, next) };
  }

  return {
    handle(message: ToWorker): void {
      switch (message.type) {
        case 'init':
          baseUrl = message.baseUrl;
          if (message.backends?.length) {
            ladder = message.backends;
            forced = message.backends[0] ?? null;
          }
          lost = message.lost ?? [];
          testHooks = message.testHooks === true;
          break;
        case 'test-lose-device':
          if (testHooks) loseGpuDeviceForTest();
          break;
        case 'abort':
          if (active?.runId === message.runId) {
            active.aborted = true;
            // A cell waiting for the reader has no batch loop to notice the abort.
            cancelWaiting();
          }
          break;
        case 'input': {
          if (active?.runId !== message.runId) break;
          const request = waiting.get(message.requestId);
          waiting.delete(message.requestId);
          request?.resolve(message.answer);
          break;
        }
        case 'run':
          void run(message.runId, message.cellId, message.code);
          break;
      }
    },
  };
}
