// The split of the native convolutions across helper threads: the arithmetic
// of the image ranges, offsets and partial sums, with in-process stand-ins for
// the helper workers that run their share through the same control-block
// protocol (runHelperJob) on the same heap. The real workers run in Chromium
// (every e2e cell on a cross-origin-isolated page).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOffset, nativeKernelsFor, type NativeKernels } from '../../src/engine/tf/native-kernels';
import {
  CTRL,
  HELPER_OPS,
  imageRanges,
  KernelHelperError,
  runHelperJob,
  splitAcrossHelpers,
  type HeapAllocator,
  type HelperOp,
  type KernelHelper,
} from '../../src/engine/tf/native-parallel';
import { useWasmBackend } from '../../src/engine/tf/wasm-node';
import { wasmThreadsFor } from '../../src/engine/tf/wasm-threads';

let kernels: NativeKernels;
let backend: BackendWasm;
let heap: HeapAllocator;

/** Runs its share when the caller waits for it, on the same kernels, through a control block. */
function inlineHelper(options: { ready?: boolean; fails?: boolean } = {}): KernelHelper & { jobs: HelperOp[] } {
  const ctrl = new Int32Array(CTRL.words);
  const jobs: HelperOp[] = [];
  return {
    jobs,
    ready: options.ready ?? true,
    start(op, args) {
      jobs.push(op);
      ctrl[CTRL.op] = HELPER_OPS.indexOf(op);
      ctrl.set(args, CTRL.args);
    },
    finish() {
      if (options.fails) return false;
      runHelperJob(kernels, ctrl);
      return true;
    },
  };
}

function at(t: tf.Tensor): number {
  return heapOffset(backend, t as unknown as tf.TensorInfo);
}

beforeAll(async () => {
  await useWasmBackend();
  backend = tf.backend() as unknown as BackendWasm;
  kernels = nativeKernelsFor(backend)!;
  const wasm = backend.wasm as unknown as { _malloc(n: number): number; _free(p: number): void };
  heap = { malloc: (n) => wasm._malloc(n) >>> 0, free: (p) => wasm._free(p) };
});

describe('imageRanges', () => {
  it('covers every image once, in order, in near-equal ranges', () => {
    for (const [n, parts] of [
      [64, 2],
      [7, 3],
      [2, 4],
      [1, 2],
      [0, 2],
    ] as const) {
      const ranges = imageRanges(n, parts);
      expect(ranges.length).toBe(Math.max(1, Math.min(parts, n)));
      let next = 0;
      for (const [start, count] of ranges) {
        expect(start).toBe(next);
        next += count;
      }
      expect(next).toBe(n);
      const counts = ranges.map(([, c]) => c);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });
});

describe('splitAcrossHelpers', () => {
  // n = 5 images split into 2 or 3 uneven ranges; padding 1, stride 1 (the
  // four-pixel blocks) and stride 2 (single pixels).
  const n = 5;
  const [h, w, ci, co, k] = [9, 7, 8, 16, 3];
  const cases = [
    { stride: 1, pad: 1 },
    { stride: 2, pad: 1 },
  ];

  function runAll(kn: NativeKernels, stride: number, pad: number) {
    const ho = Math.floor((h + 2 * pad - k) / stride) + 1;
    const wo = Math.floor((w + 2 * pad - k) / stride) + 1;
    const x = tf.randomNormal([n, h, w, ci], 0, 1, 'float32', 1);
    const f = tf.randomNormal([k, k, ci, co], 0, 1, 'float32', 2);
    const bias = tf.randomNormal([co], 0, 1, 'float32', 3);
    const dy = tf.randomNormal([n, ho, wo, co], 0, 1, 'float32', 4);
    const y = tf.zeros([n, ho, wo, co]);
    const dx = tf.zeros([n, h, w, ci]);
    const dw = tf.zeros([k, k, ci, co]);
    const ft = tf.zeros([k, k, co, ci]);
    const window = [k, k, stride, stride, 1, 1, pad, pad] as const;
    kn.conv2d(at(x), at(f), at(bias), at(y), n, h, w, ci, ho, wo, co, ...window, true, true);
    kn.conv2dBackpropInput(at(dy), at(f), at(ft), at(dx), n, h, w, ci, ho, wo, co, ...window);
    kn.conv2dBackpropFilter(at(x), at(dy), at(dw), n, h, w, ci, ho, wo, co, ...window);
    const out = { y: y.dataSync().slice(), dx: dx.dataSync().slice(), dw: dw.dataSync().slice() };
    tf.dispose([x, f, bias, dy, y, dx, dw, ft]);
    return out;
  }

  it.each(cases)('gives what one thread gives, with 1 and 2 helpers (stride $stride)', ({ stride, pad }) => {
    const alone = runAll(kernels, stride, pad);
    for (const count of [1, 2]) {
      const helpers = Array.from({ length: count }, () => inlineHelper());
      const split = runAll(splitAcrossHelpers(kernels, helpers, heap), stride, pad);
      // Each image is computed the same way whoever computes it...
      expect(split.y).toEqual(alone.y);
      expect(split.dx).toEqual(alone.dx);
      // ...but the filter gradient's sum over images is regrouped.
      const scale = Math.max(...alone.dw.map(Math.abs));
      const diff = Math.max(...split.dw.map((v, i) => Math.abs(v - alone.dw[i]!)));
      expect(diff / scale).toBeLessThan(1e-5);
      expect(split.dw).not.toEqual(new Float32Array(alone.dw.length));
      for (const helper of helpers) expect(helper.jobs).toEqual(['conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter']);
    }
  });

  it('leaves helpers that are not ready out, and frees its scratch', () => {
    const idle = inlineHelper({ ready: false });
    const busy = inlineHelper();
    const live = new Set<number>();
    const counted: HeapAllocator = {
      malloc: (bytes) => {
        const p = heap.malloc(bytes);
        live.add(p);
        return p;
      },
      free: (p) => {
        live.delete(p);
        heap.free(p);
      },
    };
    const alone = runAll(kernels, 1, 1);
    const split = runAll(splitAcrossHelpers(kernels, [idle, busy], counted), 1, 1);
    expect(idle.jobs).toEqual([]);
    expect(busy.jobs.length).toBe(3);
    expect(split.y).toEqual(alone.y);
    expect(live.size).toBe(0);
  });

  it('throws when a helper fails, after waiting for the others', () => {
    const good = inlineHelper();
    const bad = inlineHelper({ fails: true });
    expect(() => runAll(splitAcrossHelpers(kernels, [good, bad], heap), 1, 1)).toThrow(KernelHelperError);
  });
});

describe('WASM threads', () => {
  it('gives a 2-core machine both cores and half the logical cores from 4 up, at most 8', () => {
    expect([1, 2, 3, 4, 8, 12, 32].map(wasmThreadsFor)).toEqual([1, 2, 3, 2, 4, 6, 8]);
    expect([0, NaN, -1].map(wasmThreadsFor)).toEqual([1, 1, 1]);
  });
});
