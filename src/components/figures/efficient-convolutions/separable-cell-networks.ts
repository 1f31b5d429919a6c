// The two networks of the cell "separable-vs-standard" (src/cells/), written
// again here so the chapter can state their counts at build time; the
// integration test checks that the cell's own table reports these very counts.

import { summarize } from '../../../engine/spec/infer';
import { nn, type ModuleSpec, type SequentialSpec } from '../../../engine/spec/layers';

export const CELL_WIDTHS = [16, 32, 64] as const;
export const CELL_INPUT: readonly [number, number, number] = [1, 28, 28];

function conv(cin: number, cout: number, separable: boolean): ModuleSpec[] {
  if (!separable) return [nn.Conv2d(cin, cout, 3, { padding: 1 })];
  return [nn.Conv2d(cin, cin, 3, { padding: 1, groups: cin }), nn.Conv2d(cin, cout, 1)];
}

export function cellNetwork(separable: boolean): SequentialSpec {
  const [a, b, c] = CELL_WIDTHS;
  return nn.Sequential(
    nn.Conv2d(1, a, 3, { padding: 1 }),
    nn.BatchNorm2d(a),
    nn.ReLU(),
    nn.MaxPool2d(2),
    ...conv(a, b, separable),
    nn.BatchNorm2d(b),
    nn.ReLU(),
    nn.MaxPool2d(2),
    ...conv(b, c, separable),
    nn.BatchNorm2d(c),
    nn.ReLU(),
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Linear(c, 10),
  );
}

export interface CellNetworkCounts {
  readonly standard: { readonly params: number; readonly macs: number };
  readonly separable: { readonly params: number; readonly macs: number };
  /** standard / separable */
  readonly paramRatio: number;
  readonly macRatio: number;
}

export function cellNetworkCounts(): CellNetworkCounts {
  const s = summarize(cellNetwork(false), CELL_INPUT);
  const d = summarize(cellNetwork(true), CELL_INPUT);
  return {
    standard: { params: s.totalParams, macs: s.totalMacs },
    separable: { params: d.totalParams, macs: d.totalMacs },
    paramRatio: s.totalParams / d.totalParams,
    macRatio: s.totalMacs / d.totalMacs,
  };
}
