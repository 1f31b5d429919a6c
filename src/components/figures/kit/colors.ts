// The page side of the one colour module: the maps themselves and their RGBA
// bytes live in engine/reference/colormaps.ts (the worker paints filter tiles
// with them too); here, what only a page needs: a cell's background from one
// of those maps and a text colour chosen for contrast against it, so a number
// stays readable on any tile in either theme; canvas bytes on a figure's scale
// (see paint-canvas.ts); the CSS of a colour key (see ColorKey.svelte).

import { diverging, grayscale, maxAbs, rgbaOf, sequential, type RGB } from '../../../engine/reference/colormaps';

export { maxAbs, rgbaOf, type RGB };

/** A cell's colours as CSS values. */
export interface CellFill {
  readonly background: string;
  readonly color: string;
}

/** WCAG 2 relative luminance of an sRGB colour (0 black, 1 white). */
export function relativeLuminance([r, g, b]: RGB): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio between two colours (1 to 21). */
export function contrastRatio(a: RGB, b: RGB): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

const BLACK: RGB = [0, 0, 0];
const WHITE: RGB = [255, 255, 255];

/** Black or white, whichever contrasts more with the background. */
export function textColorOn(background: RGB): '#000' | '#fff' {
  return contrastRatio(background, BLACK) >= contrastRatio(background, WHITE) ? '#000' : '#fff';
}

export function cssRgb([r, g, b]: RGB): string {
  return `rgb(${r} ${g} ${b})`;
}

function fill(rgb: RGB): CellFill {
  return { background: cssRgb(rgb), color: textColorOn(rgb) };
}

/** v / scale, or 0 when the scale is 0 (an all-zero map is all white, not NaN). */
function ratio(v: number, scale: number): number {
  return scale > 0 ? v / scale : 0;
}

/** Blue for negative, white for zero, red for positive, saturating at ±scale. */
export function divergingFill(value: number, scale: number): CellFill {
  return fill(diverging(ratio(value, scale)));
}

/** Viridis from min (dark) to max (light). */
export function sequentialFill(value: number, min: number, max: number): CellFill {
  return fill(sequential(ratio(value - min, max - min)));
}

/** Black at min, white at max. */
export function grayscaleFill(value: number, min: number, max: number): CellFill {
  return fill(grayscale(ratio(value - min, max - min)));
}

/**
 * Viridis fills for a matrix on the scale [min, max]: by default its own
 * range, from at most 0, so equal values in two matrices on one scale match.
 */
export function sequentialFills(rows: readonly (readonly number[])[], min?: number, max?: number): CellFill[][] {
  const flat = rows.flat();
  const lo = min ?? Math.min(0, ...flat);
  const hi = max ?? Math.max(...flat);
  return rows.map((row) => row.map((v) => sequentialFill(v, lo, hi)));
}

/** Fills for a matrix of values on one diverging scale, ±(largest |value|) unless given. */
export function divergingFills(rows: readonly (readonly number[])[], scale?: number): CellFill[][] {
  const s = scale ?? Math.max(0, ...rows.map((row) => maxAbs(row)));
  return rows.map((row) => row.map((v) => divergingFill(v, s)));
}

/**
 * RGBA bytes for a canvas: each value through the diverging map on the scale
 * ±`scale` (the largest |value| unless given).
 */
export function divergingRgba(values: ArrayLike<number>, scale = maxAbs(values)): Uint8ClampedArray<ArrayBuffer> {
  return rgbaOf(values, (v) => diverging(ratio(v, scale)));
}

/** RGBA bytes for a canvas: values on [min, max] through viridis. */
export function sequentialRgba(values: ArrayLike<number>, min: number, max: number): Uint8ClampedArray<ArrayBuffer> {
  return rgbaOf(values, (v) => sequential(ratio(v - min, max - min)));
}

/** RGBA bytes for a canvas: values in [0, 1] as gray levels. */
export function grayscaleRgba(values: ArrayLike<number>): Uint8ClampedArray<ArrayBuffer> {
  return rgbaOf(values, grayscale);
}

/** A CSS linear-gradient, left to right, through a colour map sampled at `stops` even points of t ∈ [0, 1]. */
export function gradientCss(color: (t: number) => RGB, stops = 9): string {
  const parts = Array.from({ length: stops }, (_, i) => {
    const t = i / (stops - 1);
    return `${cssRgb(color(t))} ${Math.round(100 * t)}%`;
  });
  return `linear-gradient(to right, ${parts.join(', ')})`;
}

/** The diverging map from −1 (left) to +1 (right) as a CSS gradient, for a key. */
export function divergingGradientCss(stops = 9): string {
  return gradientCss((t) => diverging(2 * t - 1), stops);
}

/** Viridis from 0 (left) to 1 (right) as a CSS gradient, for a key. */
export function sequentialGradientCss(stops = 9): string {
  return gradientCss(sequential, stops);
}
