// How a backend report reads to the reader. Free of tfjs so the page can use it.
import type { BackendName, BackendReport } from './protocol.ts';

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
