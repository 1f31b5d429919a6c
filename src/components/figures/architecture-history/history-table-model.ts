// The history table: each architecture's reported result beside the counts
// the engine computes for the zoo's spec of it, and a sort that any column
// can drive.

import { trace, summarize } from '../../../engine/spec/infer';
import type { ModuleSpec } from '../../../engine/spec/layers';
import { zooModel } from '../../../engine/spec/zoo';
import { REPORTED_RESULTS, type ReportedResult } from './reported-errors';

/**
 * Depth as the papers count it ("16 weight layers", "22 layers deep"): the
 * most convolutions and linear layers on any one path from input to output.
 * Branches that run side by side (an inception module's, a residual block's
 * shortcut) add the longest of them, and so do the 1 × 1 convolutions of a
 * squeeze-and-excitation branch, which lie on a path too.
 */
export function weightedDepth(spec: ModuleSpec, inputShape: readonly [number, number, number]): number {
  return trace<number>(spec, inputShape, 0, {
    layer: ({ layer, x }) => (layer.type === 'Conv2d' || layer.type === 'Linear' ? x + 1 : x),
    merge: ({ xs }) => Math.max(...xs),
  }).value;
}

export interface HistoryRow extends ReportedResult {
  readonly inputShape: readonly [number, number, number];
  readonly depth: number;
  readonly params: number;
  readonly macs: number;
}

export function historyRows(results: readonly ReportedResult[] = REPORTED_RESULTS): HistoryRow[] {
  return results.map((result) => {
    const entry = zooModel(result.model);
    const spec = entry.build();
    const summary = summarize(spec, entry.inputShape);
    return {
      ...result,
      inputShape: entry.inputShape,
      depth: weightedDepth(spec, entry.inputShape),
      params: summary.totalParams,
      macs: summary.totalMacs,
    };
  });
}

export type SortKey = 'year' | 'depth' | 'params' | 'macs' | 'top1Error' | 'top5Error';
export type SortDirection = 'ascending' | 'descending';
export interface SortState {
  readonly key: SortKey;
  readonly direction: SortDirection;
}

export const SORT_COLUMNS: readonly { readonly key: SortKey; readonly label: string }[] = [
  { key: 'year', label: 'Year' },
  { key: 'depth', label: 'Depth' },
  { key: 'params', label: 'Parameters' },
  { key: 'macs', label: 'MACs' },
  { key: 'top1Error', label: 'Top-1 error' },
  { key: 'top5Error', label: 'Top-5 error' },
];

/** Sorted by one column; rows without a value (an error the paper does not give) go last either way; ties keep year order. */
export function sortRows(rows: readonly HistoryRow[], { key, direction }: SortState): HistoryRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) return x === y ? a.year - b.year : x === null ? 1 : -1;
    return sign * (x - y) || a.year - b.year;
  });
}

/** A click on a column: the same column flips its direction, a new one starts ascending. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key !== key) return { key, direction: 'ascending' };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

export function sortSentence(rows: readonly HistoryRow[], { key, direction }: SortState): string {
  const label = SORT_COLUMNS.find((c) => c.key === key)!.label.toLowerCase();
  const order = direction === 'ascending' ? 'lowest' : 'highest';
  return `Sorted by ${label}, ${order} first: ${rows.map((r) => r.name).join(', ')}.`;
}
