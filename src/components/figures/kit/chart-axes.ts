// The arithmetic of the figures' SVG charts, in one place: a linear map from
// data onto the drawing, and a list of points written as SVG coordinates.
// Pure, so it is unit-tested (tests/unit/figures-chart-axes.test.ts).

/**
 * The linear map taking data d0 to screen r0 and d1 to r1. For a y axis that
 * points up, give the bottom of the plot as r0 (screen y grows downwards).
 */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (value: number) => number {
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/**
 * Screen points as SVG coordinates "x,y", each to `digits` decimals, joined by
 * `separator`: ' ' for a <polyline>'s points, 'L' after an 'M' for a <path>.
 */
export function svgPoints(points: Iterable<readonly [number, number]>, digits = 1, separator = ' '): string {
  const out: string[] = [];
  for (const [x, y] of points) out.push(`${x.toFixed(digits)},${y.toFixed(digits)}`);
  return out.join(separator);
}

/** How the figures tell the lines of one chart apart: colour and dash, both, so colour is never the only cue. */
export interface SeriesStyle {
  readonly stroke: string;
  readonly dash?: string;
}

/** The lines of a chart in order: the accent first, then orange, green, purple, each with its own dash. */
export const SERIES_STYLES: readonly SeriesStyle[] = [
  { stroke: 'var(--sl-color-text-accent)' },
  { stroke: 'var(--sl-color-orange)', dash: '6 3' },
  { stroke: 'var(--sl-color-green)', dash: '2 2' },
  { stroke: 'var(--sl-color-purple)', dash: '8 3 2 3' },
];
