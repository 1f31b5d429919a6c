// The colour maps of the guide (weights, activations, heatmaps), as
// piecewise-linear ramps through published stops, and the RGBA bytes of a
// whole map for a canvas. Plain TypeScript so the worker (filter tiles), the
// cell UI (heatmaps) and the figures (through figures/kit/colors.ts, which adds
// the page-only CSS and contrast helpers) share one module.

export type RGB = readonly [number, number, number];

/**
 * ColorBrewer RdBu (9 classes), blue for negative. The darkest two classes
 * are left out so neither end disappears into a dark page background, and
 * the near-white middle is still visible on a light one.
 */
const RD_BU: readonly RGB[] = [
  [33, 102, 172],
  [67, 147, 195],
  [146, 197, 222],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [244, 165, 130],
  [214, 96, 77],
  [178, 24, 43],
];

/** Matplotlib's viridis sampled at 0, 0.1, ..., 1: perceptually uniform, dark to light. */
const VIRIDIS: readonly RGB[] = [
  [68, 1, 84],
  [72, 36, 117],
  [65, 68, 135],
  [53, 95, 141],
  [42, 120, 142],
  [33, 145, 140],
  [34, 168, 132],
  [68, 191, 112],
  [122, 209, 81],
  [189, 223, 38],
  [253, 231, 37],
];

function clamp01(t: number): number {
  // NaN maps to the start of the ramp rather than poisoning a whole tile.
  return t > 0 ? (t < 1 ? t : 1) : 0;
}

function ramp(stops: readonly RGB[], t: number): RGB {
  const x = clamp01(t) * (stops.length - 1);
  const i = Math.min(Math.floor(x), stops.length - 2);
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/** t in [-1, 1]: blue below 0, near-white at 0, red above. Values outside are clamped. */
export function diverging(t: number): RGB {
  return ramp(RD_BU, (t + 1) / 2);
}

/** t in [0, 1]: viridis, from dark purple to yellow. */
export function sequential(t: number): RGB {
  return ramp(VIRIDIS, t);
}

/** t in [0, 1]: black to white. */
export function grayscale(t: number): RGB {
  const v = Math.round(clamp01(t) * 255);
  return [v, v, v];
}

/** Largest |v| over one or more lists of values, 0 for none (NaN is ignored): a colour scale they share. */
export function maxAbs(...lists: ArrayLike<number>[]): number {
  let m = 0;
  for (const values of lists) {
    for (let i = 0; i < values.length; i++) {
      const a = Math.abs(values[i] ?? 0);
      if (a > m) m = a;
    }
  }
  return m;
}

/**
 * RGBA bytes for a canvas: `count` values from `offset` (by default all of
 * them) each through a colour map, fully opaque.
 */
export function rgbaOf(
  values: ArrayLike<number>,
  color: (value: number) => RGB,
  offset = 0,
  count = values.length - offset,
): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(count * 4);
  for (let i = 0; i < count; i++) {
    const [r, g, b] = color(values[offset + i] ?? 0);
    out[4 * i] = r;
    out[4 * i + 1] = g;
    out[4 * i + 2] = b;
    out[4 * i + 3] = 255;
  }
  return out;
}
