// View-model of the vanishing-gradient figure: the backward pass through L
// layers multiplies L activation derivatives. In the figure's simplified chain
// every layer sees the same pre-activation z and has weight 1, so the gradient
// that reaches the first layer is f′(z)^L.

import { formatDecimal, formatMagnitude, formatPowerOfTen } from '../../../engine/arithmetic/format';
import { activations, type ActivationName } from '../../../engine/reference';
import { linearScale, svgPoints } from '../kit/chart-axes';
import { ACTIVATION_NAMES, type ChartBox } from './activation-plot-model';

export interface GradientRow {
  name: ActivationName;
  label: string;
  /** f′(z). */
  derivative: number;
  /** f′(z)^L. */
  product: number;
  /** The product as the figure prints it, e.g. "9.54×10⁻⁷". */
  text: string;
}

/** The product of L derivatives, multiplied out layer by layer as backpropagation does. */
export function chainProduct(name: ActivationName, z: number, depth: number): number {
  const d = activations[name].derivative(z);
  let p = 1;
  for (let i = 0; i < depth; i++) p *= d;
  return p;
}

/** One row per activation at pre-activation z and depth L. */
export function gradientRows(z: number, depth: number): GradientRow[] {
  return ACTIVATION_NAMES.map((name) => {
    const product = chainProduct(name, z, depth);
    return {
      name,
      label: activations[name].label,
      derivative: activations[name].derivative(z),
      product,
      text: formatMagnitude(product),
    };
  });
}

export interface GradientChart extends ChartBox {
  /** log10 range of the y axis. */
  minExp: number;
  maxExp: number;
  maxDepth: number;
  /** One polyline per activation, log10 of the product against depth 0…maxDepth (a zero product drops to the floor). */
  lines: { name: ActivationName; path: string }[];
  yTicks: { exp: number; y: number; label: string }[];
  xTicks: { depth: number; x: number }[];
  sx: (depth: number) => number;
  sy: (exp: number) => number;
}

/** Lays out log10(f′(z)^L) for every activation and L = 0…maxDepth, `width` SVG units (pixels on screen) wide. */
export function gradientChart(z: number, maxDepth: number, chartWidth = 480, minExp = -24, maxExp = 4): GradientChart {
  const width = Math.max(240, Math.round(chartWidth));
  const height = Math.min(260, Math.max(200, Math.round(width * 0.5)));
  const [left, right, top, bottom] = [44, 14, 10, 26];
  const sx = linearScale(0, maxDepth, left, width - right);
  const sy = linearScale(maxExp, minExp, top, height - bottom);
  // Values far outside the range are clamped a little beyond it; the SVG clips them at the frame.
  const clampExp = (p: number) => (p > 0 ? Math.max(Math.min(Math.log10(p), maxExp + 1), minExp - 1) : minExp - 1);
  const lines = ACTIVATION_NAMES.map((name) => {
    const pts = Array.from({ length: maxDepth + 1 }, (_, L): [number, number] => [sx(L), sy(clampExp(chainProduct(name, z, L)))]);
    return { name, path: `M${svgPoints(pts, 2, 'L')}` };
  });
  const yTicks = [];
  for (let e = maxExp; e >= minExp; e -= 4) yTicks.push({ exp: e, y: sy(e), label: e === 0 ? '1' : formatPowerOfTen(e) });
  const xTicks = [];
  for (let d = 0; d <= maxDepth; d += 5) xTicks.push({ depth: d, x: sx(d) });
  return { width, height, left, right, top, bottom, minExp, maxExp, maxDepth, lines, yTicks, xTicks, sx, sy };
}

/** The text alternative: what the chain does to the gradient for each activation. */
export function gradientSentence(z: number, depth: number): string {
  const rows = gradientRows(z, depth);
  const parts = rows.map((r) => `${r.label} ${formatDecimal(r.derivative, 4)} per layer, ${r.text} after ${depth}`);
  return `At pre-activation ${formatDecimal(z, 2)}, the gradient factor is: ${parts.join('; ')}.`;
}
