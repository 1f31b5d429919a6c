// The backends a cell can run on, best first, and how a backend report reads
// to the reader. Free of tfjs so the page can use it.

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/**
 * Best first. WASM trains too: the engine registers the training kernels
 * tfjs 4.22 lacks for it. Here, free of tfjs, so the page can offer the rungs.
 */
export const BACKEND_LADDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Which backend runs, and why any better one was passed over. */
export interface BackendReport {
  name: BackendName;
  fallbacks: { name: BackendName; reason: string }[];
  /** WASM only: the threads its kernels run on (more than 1 only when the page is cross-origin isolated). */
  threads?: number;
}

const LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU' };

export function backendLabel(name: BackendName): string {
  return LABELS[name];
}

/** The sentence a cell's status region shows once a backend is chosen. */
export function describeBackend(report: BackendReport): string {
  const threads = report.threads === undefined ? '' : ` (${report.threads} ${report.threads === 1 ? 'thread' : 'threads'})`;
  const running = `Backend: ${backendLabel(report.name)}${threads}.`;
  if (report.fallbacks.length === 0) return running;
  const why = report.fallbacks.map((f) => `${backendLabel(f.name)} unavailable: ${f.reason}`).join('; ');
  return `${running} Fell back because ${why}.`;
}
