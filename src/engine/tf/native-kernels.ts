// Binds the compiled training kernels (native/training-kernels.wasm, built from
// native/assembly/ by `npm run build:kernels`) to a WASM backend's heap. The
// module imports the backend's WebAssembly.Memory, so it reads tensors and
// writes results where tfjs keeps them, with no copy in or out.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { splitAcrossHelpers, startWorkerHelper, type HeapAllocator } from './native-parallel.ts';

/** The exports of training-kernels.wasm; every pointer is a byte offset into the backend's heap. */
export interface NativeKernels {
  /** BatchNorm's training forward pass over [rows, c] (c % 4 == 0); acc: 2 * c floats of scratch. */
  batchNormForward(
    x: number,
    gamma: number,
    beta: number,
    y: number,
    mean: number,
    variance: number,
    invStd: number,
    acc: number,
    rows: number,
    c: number,
    eps: number,
  ): void;
  /** Its gradient; acc: 7 * c floats of scratch. */
  batchNormBackward(
    dy: number,
    x: number,
    mean: number,
    invStd: number,
    gamma: number,
    dx: number,
    dGamma: number,
    dBeta: number,
    acc: number,
    rows: number,
    c: number,
  ): void;
  /** One Adam update of `count` floats (optim/adam-step-kernel.ts); outputs are new tensors. */
  adamStep(
    p: number,
    g: number,
    m: number,
    v: number,
    outP: number,
    outM: number,
    outV: number,
    count: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    negStepSize: number,
    bc2Sqrt: number,
    eps: number,
    pScale: number,
    gSign: number,
    l2: number,
    scaleP: boolean,
    decay: boolean,
  ): void;
  /** dst[i] += src[i] for i < count. */
  accumulate(dst: number, src: number, count: number): void;
  /** `bias` is ignored unless `hasBias`; `relu` applies max(0, y). Needs co % 8 == 0. */
  conv2d(
    x: number,
    filter: number,
    bias: number,
    out: number,
    n: number,
    h: number,
    w: number,
    ci: number,
    ho: number,
    wo: number,
    co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    padTop: number,
    padLeft: number,
    hasBias: boolean,
    relu: boolean,
  ): void;
  conv2dBackpropFilter(
    x: number,
    dy: number,
    out: number,
    n: number,
    h: number,
    w: number,
    ci: number,
    ho: number,
    wo: number,
    co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    padTop: number,
    padLeft: number,
  ): void;
  conv2dBackpropInput(
    dy: number,
    filter: number,
    scratch: number,
    out: number,
    n: number,
    h: number,
    w: number,
    ci: number,
    ho: number,
    wo: number,
    co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    padTop: number,
    padLeft: number,
  ): void;
  /** Channel multiplier 1. */
  depthwiseBackpropFilter(
    x: number,
    dy: number,
    out: number,
    n: number,
    h: number,
    w: number,
    c: number,
    ho: number,
    wo: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    padTop: number,
    padLeft: number,
  ): void;
  /** Channel multiplier 1. */
  depthwiseBackpropInput(
    dy: number,
    filter: number,
    out: number,
    n: number,
    h: number,
    w: number,
    c: number,
    ho: number,
    wo: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    padTop: number,
    padLeft: number,
  ): void;
  maxPoolGrad(
    x: number,
    dy: number,
    out: number,
    n: number,
    h: number,
    w: number,
    c: number,
    ho: number,
    wo: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    padTop: number,
    padLeft: number,
  ): void;
}

/** The same kernels compiled twice: a module must declare whether the memory it imports is shared. */
export interface CompiledKernels {
  /** For the single-threaded backend (training-kernels.wasm). */
  plain: WebAssembly.Module | null;
  /** For the threaded backend, whose memory is shared (training-kernels-shared.wasm). */
  shared: WebAssembly.Module | null;
  /**
   * With shared memory: starts one helper thread for the convolutions
   * (kernel-helper-worker.ts); `helpers` of them are started.
   */
  spawnHelper: (() => Worker) | null;
  helpers: number;
}

let compiled: CompiledKernels = { plain: null, shared: null, spawnHelper: null, helpers: 0 };
let bound = new WeakMap<WebAssembly.Memory, NativeKernels | null>();

/**
 * Hands over the compiled modules (Node reads the files, the browser fetches
 * them); without them the kernels fall back to compositions of the backend's own.
 */
export function provideNativeKernels(modules: Partial<CompiledKernels>): void {
  compiled = { ...compiled, ...modules };
  bound = new WeakMap();
}

/**
 * Threads the native convolutions run on: 1, or 1 plus the helpers when the
 * shared-memory kernels are loaded with helpers (a cross-origin-isolated page).
 */
export function nativeKernelThreads(): number {
  return compiled.shared !== null && compiled.spawnHelper !== null ? 1 + compiled.helpers : 1;
}

/** The emscripten module of tfjs-backend-wasm 4.22 keeps its memory at `asm.memory` (the threaded build at `wasmMemory`). */
function heapOf(backend: BackendWasm): WebAssembly.Memory | null {
  const module = backend.wasm as unknown as { asm?: { memory?: WebAssembly.Memory }; wasmMemory?: WebAssembly.Memory };
  return module.asm?.memory ?? module.wasmMemory ?? null;
}

/** The kernels bound to this backend's heap, or null when they are not loaded or cannot bind. */
export function nativeKernelsFor(backend: BackendWasm): NativeKernels | null {
  const memory = heapOf(backend);
  if (memory === null) return null;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const module = shared ? compiled.shared : compiled.plain;
  if (module === null) return null;
  let kernels = bound.get(memory);
  if (kernels === undefined) {
    try {
      kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as NativeKernels;
      const { spawnHelper, helpers } = compiled;
      if (shared && spawnHelper !== null && helpers > 0) {
        const heap = heapAllocator(backend);
        const started = Array.from({ length: helpers }, () => startWorkerHelper(spawnHelper, module, memory, heap));
        kernels = splitAcrossHelpers(kernels, started, heap);
      }
    } catch {
      kernels = null;
    }
    bound.set(memory, kernels);
  }
  return kernels;
}

/** Scratch memory from the backend's own allocator. */
function heapAllocator(backend: BackendWasm): HeapAllocator {
  const wasm = backend.wasm as unknown as { _malloc(bytes: number): number; _free(pointer: number): void };
  return {
    malloc: (bytes) => {
      const pointer = wasm._malloc(bytes) >>> 0;
      if (pointer === 0) throw new Error('The WASM backend is out of memory.');
      return pointer;
    },
    free: (pointer) => wasm._free(pointer),
  };
}

/** Where a tensor's bytes start in the backend's heap. */
export function heapOffset(backend: BackendWasm, t: TensorInfo): number {
  const data = backend.dataIdMap.get(t.dataId) as { memoryOffset: number } | undefined;
  if (data === undefined) throw new Error('A tensor of the WASM backend has no data.');
  return data.memoryOffset;
}
