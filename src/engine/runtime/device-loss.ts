// What the worker decides and says when the GPU device under a run is lost
// (a driver reset, another tab taking the GPU, the browser reclaiming memory):
// that backend is out for the rest of the page's life, and the next Run takes
// the next rung of the ladder. Free of tfjs, so it is tested as plain logic.
import { backendLabel, type BackendName, type BackendReport } from '../contract/backends.ts';

/** A backend the page lost while it ran, and why, as the reader reads it. */
export interface LostBackend {
  name: BackendName;
  reason: string;
}

/** GPUDeviceLostInfo, or what is known of it. */
export interface DeviceLostInfoLike {
  reason?: string;
  message?: string;
}

/** "the GPU device was lost (destroyed: Device was destroyed.)": WebGPU's reason and message, when given. */
export function describeDeviceLoss(info: DeviceLostInfoLike): string {
  const parts = [info.reason && info.reason !== 'unknown' ? info.reason : '', info.message?.trim() ?? ''].filter(Boolean);
  return `the GPU device was lost (${parts.length ? parts.join(': ') : 'no reason given'})`;
}

/** The ladder without the backends the page lost; the rungs keep their order. */
export function ladderWithout(ladder: readonly BackendName[], lost: readonly LostBackend[]): BackendName[] {
  return ladder.filter((name) => !lost.some((l) => l.name === name));
}

/**
 * The rung the reader named with `?backend=` stays forced (allowed on a
 * software GPU) unless it is the one lost; then nothing is forced, and the
 * rest of the ladder is judged as for any reader.
 */
export function forcedAfterLoss(forced: BackendName | null, lost: readonly LostBackend[]): BackendName | null {
  return forced && lost.some((l) => l.name === forced) ? null : forced;
}

/** The report of the backend chosen after a loss, with the lost ones first among the reasons. */
export function withLostFallbacks(report: BackendReport, lost: readonly LostBackend[]): BackendReport {
  const earlier = lost.map(({ name, reason }) => ({ name, reason: `${reason} earlier on this page` }));
  return { ...report, fallbacks: [...earlier, ...report.fallbacks] };
}

/** The error a run shows when its device was lost under it. */
export function deviceLostMessage(reason: string, next: BackendName | null): string {
  const then = next
    ? `the next Run uses ${backendLabel(next)}`
    : 'no other backend could start, so the next Run will try the ladder again';
  return `The run stopped: ${reason}; ${then}. Values made by earlier cells are gone, so those cells need to run again.`;
}

export const DEVICE_LOST_ERROR = 'GPUDeviceLost';
