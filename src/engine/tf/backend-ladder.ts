// The one place that decides which tfjs backend a page's worker runs; the
// engine asks tf.getBackend() after it. Only Node entry points (wasm-node.ts,
// the tests and the benchmarks) set a backend themselves.
import * as tf from '@tensorflow/tfjs';
import { BACKEND_LADDER, type BackendName, type BackendReport } from '../contract/index.ts';

export const DEFAULT_LADDER = BACKEND_LADDER;

/** A check that can say why a backend cannot work before tfjs tries it. */
export type Precheck = () => Promise<string | null>;

async function webgpuPrecheck(): Promise<string | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return 'this browser has no WebGPU (navigator.gpu is undefined)';
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'no WebGPU adapter is available (the GPU or its driver is blocked, or WebGPU is turned off)';
  } catch (error) {
    return `requesting a WebGPU adapter failed: ${errorText(error)}`;
  }
  return null;
}

async function webglPrecheck(): Promise<string | null> {
  if (typeof OffscreenCanvas === 'undefined') return 'this environment has no OffscreenCanvas for WebGL';
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
  return gl ? null : 'WebGL is not available (no WebGL context could be created)';
}

export const PRECHECKS: Partial<Record<BackendName, Precheck>> = {
  webgpu: webgpuPrecheck,
  webgl: webglPrecheck,
};

/** Loads the code of a backend on demand so a run that falls back never downloads it. */
export type BackendLoader = (name: BackendName) => Promise<void>;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Tries each backend in order and keeps the first that works, with the reason
 * each better one was passed over. `tf.setBackend` resolves false on failure
 * (and some backends throw instead), so both count as a failure.
 */
export async function chooseBackend(
  ladder: readonly BackendName[] = DEFAULT_LADDER,
  load: BackendLoader = async () => {},
  prechecks: Partial<Record<BackendName, Precheck>> = PRECHECKS,
): Promise<BackendReport> {
  const fallbacks: BackendReport['fallbacks'] = [];
  for (const name of ladder) {
    let reason: string | null = null;
    try {
      reason = (await prechecks[name]?.()) ?? null;
      if (reason === null) {
        await load(name);
        const ok = await tf.setBackend(name);
        if (ok) {
          await tf.ready();
          return { name, fallbacks };
        }
        reason = `tf.setBackend('${name}') failed to initialise it`;
      }
    } catch (error) {
      reason = `starting ${name} threw: ${errorText(error)}`;
    }
    fallbacks.push({ name, reason });
  }
  const tried = fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; ');
  throw new Error(`No TensorFlow.js backend could start (${tried}).`);
}
