// Splits the native convolution kernels across helper threads when the WASM
// backend's memory is shared (a cross-origin-isolated page). tfjs's own thread
// pool runs only XNNPACK's kernels; the convolutions and their gradients, most
// of a training step, are this project's, so without this they would run on
// one core however many the reader has.
//
// Each helper is a worker with its own instance of the same compiled kernels,
// importing the same memory, so it reads and writes the tensors where they
// lie. A call hands a helper a contiguous range of images through a small
// control block in that memory (Atomics to start it and to wait for it), runs
// its own range meanwhile, then waits. Forward convolutions and input
// gradients write disjoint images; filter gradients sum over images, so each
// helper sums its images into scratch memory that is added to the result.
//
// No tfjs import: the helper worker's bundle includes this file.
import type { NativeKernels } from './native-kernels.ts';

/** The kernels a helper can run, by the number the control block carries. */
export const HELPER_OPS = ['conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter'] as const;
export type HelperOp = (typeof HELPER_OPS)[number];

/** Layout of a helper's control block: Int32 words. */
export const CTRL = {
  /** Incremented by the caller to start a job; the helper waits on it. */
  seq: 0,
  /** Set by the helper to the seq it has finished; the caller waits on it. */
  done: 1,
  /** 1 once the helper has instantiated the kernels. */
  ready: 2,
  /** 1 when the last job threw in the helper. */
  failed: 3,
  /** Index into HELPER_OPS of the job. */
  op: 4,
  /** First of the job's arguments. */
  args: 8,
  words: 40,
} as const;

/** What the page's side needs of one helper thread. */
export interface KernelHelper {
  /** True once the helper can take jobs. */
  readonly ready: boolean;
  /** Starts `op` on the helper and returns at once. */
  start(op: HelperOp, args: number[]): void;
  /** Waits for the started job; false when it failed in the helper or took too long. */
  finish(): boolean;
}

/** Scratch memory in the backend's heap. */
export interface HeapAllocator {
  malloc(bytes: number): number;
  free(pointer: number): void;
}

const F = 4;

/** [first image, image count] of each of `parts` ranges over n images, the caller's last. */
export function imageRanges(n: number, parts: number): Array<[number, number]> {
  const count = Math.max(1, Math.min(parts, n));
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor((i * n) / count);
    const end = Math.floor(((i + 1) * n) / count);
    ranges.push([start, end - start]);
  }
  return ranges;
}

/** The helpers' jobs failed or hung: the kernel's result would be wrong. */
export class KernelHelperError extends Error {
  constructor() {
    super('A helper thread of the WASM training kernels failed; the result of this step is not valid.');
    this.name = 'KernelHelperError';
  }
}

/**
 * `kernels`, with conv2d, conv2dBackpropInput and conv2dBackpropFilter split
 * by images across the ready helpers and the calling thread. Other kernels,
 * and calls with fewer images than threads, run on the caller alone.
 */
export function splitAcrossHelpers(kernels: NativeKernels, helpers: readonly KernelHelper[], heap: HeapAllocator): NativeKernels {
  /**
   * Runs `job` for each helper's range on that helper and for the caller's
   * (last) range here, with `mine` true; throws if a helper failed.
   */
  function split(n: number, job: (start: number, count: number, mine: boolean) => [HelperOp, number[]]) {
    const ready = helpers.filter((h) => h.ready);
    const ranges = imageRanges(n, ready.length + 1);
    const [start, count] = ranges.pop()!;
    const started: KernelHelper[] = [];
    ranges.forEach(([s, c], i) => {
      const helper = ready[i]!;
      helper.start(...job(s, c, false));
      started.push(helper);
    });
    let error: unknown = null;
    try {
      callKernel(kernels, ...job(start, count, true));
    } catch (e) {
      error = e;
    }
    // Every started helper is waited for, even after an error, so that none is
    // still writing when the caller frees or reuses the memory.
    const ok = started.map((h) => h.finish()).every(Boolean);
    if (error !== null) throw error;
    if (!ok) throw new KernelHelperError();
  }

  /** Scratch for each helper's share of a call, freed when the call ends. */
  function withScratch(bytes: number, body: (scratch: () => number) => void): void {
    const taken: number[] = [];
    try {
      body(() => {
        const p = heap.malloc(bytes);
        taken.push(p);
        return p;
      });
    } finally {
      for (const p of taken) heap.free(p);
    }
  }

  return {
    ...kernels,
    conv2d(x, f, bias, out, n, h, w, ci, ho, wo, co, kh, kw, sh, sw, dh, dw, padTop, padLeft, hasBias, relu) {
      const window = [kh, kw, sh, sw, dh, dw, padTop, padLeft];
      const inImage = h * w * ci * F;
      const outImage = ho * wo * co * F;
      split(n, (s, c) => [
        'conv2d',
        [x + s * inImage, f, bias, out + s * outImage, c, h, w, ci, ho, wo, co, ...window, +hasBias, +relu],
      ]);
    },
    conv2dBackpropInput(dy, f, ft, out, n, h, w, ci, ho, wo, co, kh, kw, sh, sw, dh, dw, padTop, padLeft) {
      const window = [kh, kw, sh, sw, dh, dw, padTop, padLeft];
      const dyImage = ho * wo * co * F;
      const outImage = h * w * ci * F;
      // Each helper transposes the filter into its own scratch; the caller uses `ft`.
      withScratch(kh * kw * ci * co * F, (scratch) =>
        split(n, (s, c, mine) => [
          'conv2dBackpropInput',
          [dy + s * dyImage, f, mine ? ft : scratch(), out + s * outImage, c, h, w, ci, ho, wo, co, ...window],
        ]),
      );
    },
    conv2dBackpropFilter(x, dy, out, n, h, w, ci, ho, wo, co, kh, kw, sh, sw, dh, dw, padTop, padLeft) {
      const window = [kh, kw, sh, sw, dh, dw, padTop, padLeft];
      const xImage = h * w * ci * F;
      const dyImage = ho * wo * co * F;
      const size = kh * kw * ci * co;
      // Each helper sums its images into its own scratch, added to `out` (the caller's) after.
      withScratch(size * F, (scratch) => {
        const partial: number[] = [];
        split(n, (s, c, mine) => {
          const into = mine ? out : scratch();
          if (!mine) partial.push(into);
          return ['conv2dBackpropFilter', [x + s * xImage, dy + s * dyImage, into, c, h, w, ci, ho, wo, co, ...window]];
        });
        for (const p of partial) kernels.accumulate(out, p, size);
      });
    },
  };
}

/** Calls one of the split kernels with its arguments as numbers (booleans as 0 and 1), as a helper's control block carries them. */
function callKernel(kernels: NativeKernels, op: HelperOp, args: number[]): void {
  (kernels[op] as (...a: number[]) => void)(...args);
}

/** Runs one job from a control block on a helper's own instance of the kernels. */
export function runHelperJob(kernels: NativeKernels, ctrl: Int32Array): void {
  callKernel(kernels, HELPER_OPS[ctrl[CTRL.op]!]!, Array.from(ctrl.subarray(CTRL.args, CTRL.words)));
}

/** How long a caller waits for a helper's share before calling it failed. */
export const HELPER_TIMEOUT_MS = 60_000;

/** Atomics.wait blocks in workers but throws on a page's main thread (the benchmark page), which spins instead. */
function canBlock(): boolean {
  return typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
}

/**
 * The caller's side of a helper worker. `spawn` makes the worker (which runs
 * kernel-helper-worker.ts); the worker gets the compiled kernels, the memory
 * and its control block, and says it is ready through the block.
 */
export function startWorkerHelper(
  spawn: () => Worker,
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  heap: HeapAllocator,
): KernelHelper {
  const at = heap.malloc(CTRL.words * 4);
  const ctrl = new Int32Array(memory.buffer, at, CTRL.words);
  ctrl.fill(0);
  let broken = false;
  let seq = 0;
  try {
    const worker = spawn();
    worker.addEventListener('error', () => {
      broken = true;
    });
    worker.postMessage({ module, memory, ctrl: at });
  } catch {
    broken = true;
  }
  const block = canBlock();
  return {
    get ready() {
      return !broken && Atomics.load(ctrl, CTRL.ready) === 1;
    },
    start(op, args) {
      ctrl[CTRL.op] = HELPER_OPS.indexOf(op);
      ctrl.set(args, CTRL.args);
      seq = (seq + 1) | 0;
      Atomics.store(ctrl, CTRL.seq, seq);
      Atomics.notify(ctrl, CTRL.seq);
    },
    finish() {
      const deadline = performance.now() + HELPER_TIMEOUT_MS;
      let done = Atomics.load(ctrl, CTRL.done);
      while (done !== seq) {
        const left = deadline - performance.now();
        if (left <= 0) {
          broken = true;
          return false;
        }
        if (block) Atomics.wait(ctrl, CTRL.done, done, left);
        done = Atomics.load(ctrl, CTRL.done);
      }
      if (Atomics.load(ctrl, CTRL.failed) === 1) {
        Atomics.store(ctrl, CTRL.failed, 0);
        return false;
      }
      return true;
    },
  };
}
