// The one place that decides which tfjs backend a page's worker runs; the
// engine asks tf.getBackend() after it. Only Node entry points (wasm-node.ts,
// the tests and the benchmarks) set a backend themselves.
import * as tf from '@tensorflow/tfjs';
import { BACKEND_LADDER, type BackendName, type BackendReport } from '../contract/index.ts';
import { nativeKernelThreads } from './native-kernels.ts';
import { softwareWebglReason, softwareWebgpuReason, type AdapterInfoLike } from './software-renderer.ts';

export const DEFAULT_LADDER = BACKEND_LADDER;

export interface PrecheckOptions {
  /** Accept a software GPU (the reader asked for this backend by name). */
  allowSoftware: boolean;
}

/** A check that can say why a backend cannot work, or should not be used, before tfjs tries it. */
export type Precheck = (options: PrecheckOptions) => Promise<string | null>;

/** Older Chromium has no `adapter.info` but `requestAdapterInfo()`, and `isFallbackAdapter` on the adapter. */
type AdapterLike = GPUAdapter & { requestAdapterInfo?: () => Promise<AdapterInfoLike>; isFallbackAdapter?: boolean };

async function adapterInfo(adapter: AdapterLike): Promise<AdapterInfoLike> {
  if (adapter.info) return adapter.info as AdapterInfoLike;
  return (await adapter.requestAdapterInfo?.()) ?? {};
}

async function webgpuPrecheck({ allowSoftware }: PrecheckOptions): Promise<string | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return 'this browser has no WebGPU (navigator.gpu is undefined)';
  try {
    const adapter = (await gpu.requestAdapter()) as AdapterLike | null;
    if (!adapter) return 'no WebGPU adapter is available (the GPU or its driver is blocked, or WebGPU is turned off)';
    if (!allowSoftware) return softwareWebgpuReason(await adapterInfo(adapter), adapter.isFallbackAdapter === true);
  } catch (error) {
    return `requesting a WebGPU adapter failed: ${errorText(error)}`;
  }
  return null;
}

/** The unmasked renderer where the browser gives it (Chromium does), else the plain RENDERER string. */
function webglRenderer(gl: WebGLRenderingContext | WebGL2RenderingContext): string | null {
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer: unknown = gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  return typeof renderer === 'string' ? renderer : null;
}

async function webglPrecheck({ allowSoftware }: PrecheckOptions): Promise<string | null> {
  if (typeof OffscreenCanvas === 'undefined') return 'this environment has no OffscreenCanvas for WebGL';
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
  if (!gl) return 'WebGL is not available (no WebGL context could be created)';
  const reason = allowSoftware ? null : softwareWebglReason(webglRenderer(gl));
  // Let go of the probe's context now: browsers cap live WebGL contexts.
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return reason;
}

export const PRECHECKS: Partial<Record<BackendName, Precheck>> = {
  webgpu: webgpuPrecheck,
  webgl: webglPrecheck,
};

/** Loads the code of a backend on demand so a run that falls back never downloads it. */
export type BackendLoader = (name: BackendName) => Promise<void>;

/**
 * The WASM backend's thread count: XNNPACK's (its emscripten module's
 * `tfjs.getThreadsCount`, read without importing the backend) or the native
 * convolutions', whichever is more.
 */
function wasmThreads(backend: unknown): number | null {
  const count = (backend as { wasm?: { tfjs?: { getThreadsCount?: () => number } } }).wasm?.tfjs?.getThreadsCount?.();
  return typeof count === 'number' && count >= 1 ? Math.max(count, nativeKernelThreads()) : null;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Tries each backend in order and keeps the first that works, with the reason
 * each better one was passed over. `tf.setBackend` resolves false on failure
 * (and some backends throw instead), so both count as a failure. A software
 * GPU is passed over too, unless it is `forced`: the rung the reader named.
 */
export async function chooseBackend(
  ladder: readonly BackendName[] = DEFAULT_LADDER,
  load: BackendLoader = async () => {},
  prechecks: Partial<Record<BackendName, Precheck>> = PRECHECKS,
  forced: BackendName | null = null,
): Promise<BackendReport> {
  const fallbacks: BackendReport['fallbacks'] = [];
  for (const name of ladder) {
    let reason: string | null = null;
    try {
      reason = (await prechecks[name]?.({ allowSoftware: name === forced })) ?? null;
      if (reason === null) {
        await load(name);
        const ok = await tf.setBackend(name);
        if (ok) {
          await tf.ready();
          const threads = name === 'wasm' ? wasmThreads(tf.backend()) : null;
          return threads === null ? { name, fallbacks } : { name, fallbacks, threads };
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
