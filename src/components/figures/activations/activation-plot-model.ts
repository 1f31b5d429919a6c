// View-model of the activation plot: a function and its derivative sampled
// from the reference implementations, turned into SVG paths, plus the values
// at the reader's marker. Pure functions, so the numbers are unit-tested.

import { formatDecimal } from '../../../engine/arithmetic/format';
import { activations, type ActivationName } from '../../../engine/reference';
import { linearScale } from '../kit/chart-axes';

export const ACTIVATION_NAMES: readonly ActivationName[] = ['relu', 'leakyRelu', 'gelu', 'sigmoid', 'tanh'];

/** How each activation is written in PyTorch, and its formula in plain text (the prose has the typeset one). */
export const ACTIVATION_TEXT: Readonly<Record<ActivationName, { torch: string; formula: string; derivative: string }>> = {
  relu: { torch: 'nn.ReLU()', formula: 'max(0, x)', derivative: '1 if x > 0, else 0' },
  leakyRelu: { torch: 'nn.LeakyReLU(0.01)', formula: 'x if x > 0, else 0.01·x', derivative: '1 if x > 0, else 0.01' },
  gelu: { torch: 'nn.GELU()', formula: 'x·Φ(x)', derivative: 'Φ(x) + x·φ(x)' },
  sigmoid: { torch: 'nn.Sigmoid()', formula: '1 / (1 + e^(−x))', derivative: 'σ(x)·(1 − σ(x))' },
  tanh: { torch: 'nn.Tanh()', formula: 'tanh(x)', derivative: '1 − tanh²(x)' },
};

/** An SVG chart's size and inner margins, in user units (left for the y labels, bottom for the x labels). */
export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface PlotFrame extends ChartBox {
  xMin: number;
  xMax: number;
}

export const DEFAULT_FRAME: PlotFrame = { width: 480, height: 300, left: 34, right: 14, top: 10, bottom: 24, xMin: -4, xMax: 4 };

/** A frame as wide as the figure is on screen (so SVG units are pixels and labels keep their size), 220–320 px high. */
export function frameFor(width: number): PlotFrame {
  const w = Math.max(240, Math.round(width));
  return { ...DEFAULT_FRAME, width: w, height: Math.min(320, Math.max(220, Math.round(w * 0.6))) };
}

export interface Tick {
  value: number;
  /** Position in SVG units along the axis. */
  at: number;
  label: string;
}

export interface ActivationPlot {
  name: ActivationName;
  label: string;
  /** Data range shown vertically (includes 0 and 1, padded). */
  yMin: number;
  yMax: number;
  /** SVG path of f and of f′; a jump (ReLU′ at 0) starts a new sub-path instead of drawing a vertical line. */
  fPath: string;
  dPath: string;
  xTicks: Tick[];
  yTicks: Tick[];
  /** SVG coordinates of the axes' zero lines. */
  zeroX: number;
  zeroY: number;
  sx: (x: number) => number;
  sy: (y: number) => number;
}

export interface MarkerReading {
  x: number;
  fx: number;
  dfx: number;
  /** The readout, e.g. "ReLU(1.5) = 1.5, ReLU′(1.5) = 1". */
  sentence: string;
}

/** Evaluates f and f′ at x with the reference implementation (PyTorch's conventions, leaky slope 0.01). */
export function readMarker(name: ActivationName, x: number): MarkerReading {
  const info = activations[name];
  const fx = info.fn(x);
  const dfx = info.derivative(x);
  const xs = formatDecimal(x, 2);
  const sentence = `${info.label}(${xs}) = ${formatDecimal(fx, 4)}, ${info.label}′(${xs}) = ${formatDecimal(dfx, 4)}`;
  return { x, fx, dfx, sentence };
}

function niceStep(span: number, target: number): number {
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / mag;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * mag;
}

function ticks(min: number, max: number, target: number, place: (v: number) => number): Tick[] {
  const step = niceStep(max - min, target);
  const out: Tick[] = [];
  // Integer multiples of the step, so labels never read 0.30000000000000004.
  for (let i = Math.ceil(min / step - 1e-9); i * step <= max + 1e-9; i++) {
    const value = Number((i * step).toPrecision(12));
    out.push({ value, at: place(value), label: formatDecimal(value, 2) });
  }
  return out;
}

/** Samples f and f′ of one activation over the frame's x range and lays them out in SVG units. */
export function activationPlot(name: ActivationName, frame: PlotFrame = DEFAULT_FRAME, samples = 321): ActivationPlot {
  const info = activations[name];
  const xs = Array.from({ length: samples }, (_, i) => frame.xMin + ((frame.xMax - frame.xMin) * i) / (samples - 1));
  const fs = xs.map((x) => info.fn(x));
  const ds = xs.map((x) => info.derivative(x));
  let lo = Math.min(0, ...fs, ...ds);
  let hi = Math.max(1, ...fs, ...ds);
  const pad = 0.06 * (hi - lo);
  lo -= pad;
  hi += pad;
  const sx = linearScale(frame.xMin, frame.xMax, frame.left, frame.width - frame.right);
  const sy = linearScale(hi, lo, frame.top, frame.height - frame.bottom);
  const path = (ys: number[]) => {
    const jump = 0.2 * (hi - lo);
    return ys
      .map((y, i) => {
        const prev = i > 0 ? ys[i - 1]! : y;
        const cmd = i === 0 || Math.abs(y - prev) > jump ? 'M' : 'L';
        return `${cmd}${sx(xs[i]!).toFixed(2)},${sy(y).toFixed(2)}`;
      })
      .join('');
  };
  return {
    name,
    label: info.label,
    yMin: lo,
    yMax: hi,
    fPath: path(fs),
    dPath: path(ds),
    xTicks: ticks(frame.xMin, frame.xMax, 8, sx),
    yTicks: ticks(lo, hi, 5, sy),
    zeroX: sx(0),
    zeroY: sy(0),
    sx,
    sy,
  };
}
