// Elementwise activations and their derivatives, with PyTorch's conventions:
// ReLU'(0) = 0, LeakyReLU'(0) = negative_slope, GELU in the exact erf form
// (approximate='none'). Written so that no finite or infinite input gives NaN.

import { checkTensor, fail, type Tensor, type TensorLike } from './tensor';

const SQRT_PI = Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** exp(-x²) without the rounding error of x*x: x = hi + lo with hi*hi exact. */
function expNegSquare(x: number): number {
  const hi = Math.round(x * 65536) / 65536;
  const lo = x - hi;
  return Math.exp(-hi * hi) * Math.exp(-lo * (x + hi));
}

/** erf for |x| < 2.5: 2/√π · e^(−x²) · Σ (2x²)^n x / (1·3·…·(2n+1)), all terms positive (no cancellation). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= Math.abs(sum) * 1e-17) break;
  }
  return (2 / SQRT_PI) * expNegSquare(x) * sum;
}

/** erfc for x >= 2: e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), modified Lentz. */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? 1 / tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return expNegSquare(x) / (SQRT_PI * f);
}

/** The error function, to within a few units in the last place (relative error < 1e-14 everywhere). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax < 2.5) return erfSeries(x);
  if (ax >= 6) return Math.sign(x); // erfc(6) = 2e-17 < half an ulp of 1
  const r = 1 - erfcContinuedFraction(ax);
  return x < 0 ? -r : r;
}

/** The complementary error function 1 − erf(x), accurate in relative terms in the far tail (e.g. erfc(26) ≈ 5.7e−296). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x === Infinity) return 0;
  if (x >= 2) return x > 27.3 ? 0 : erfcContinuedFraction(x);
  if (x > -2.5) return 1 - erf(x);
  return x <= -6 ? 2 : 2 - erfcContinuedFraction(-x);
}

/** Standard normal CDF Φ(x) = ½ erfc(−x/√2), accurate for large negative x too. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** max(0, x); NaN stays NaN. */
export function relu(x: number): number {
  return x > 0 || Number.isNaN(x) ? x : 0;
}

/** 1 for x > 0, else 0 (PyTorch: the derivative at 0 is 0). */
export function reluDerivative(x: number): number {
  return x > 0 ? 1 : 0;
}

function checkSlope(negativeSlope: number): void {
  if (typeof negativeSlope !== 'number' || !Number.isFinite(negativeSlope)) {
    fail(`leakyRelu: negativeSlope must be a finite number, got ${String(negativeSlope)}`);
  }
}

/** x for x > 0, negativeSlope·x otherwise (PyTorch default slope 0.01). */
export function leakyRelu(x: number, negativeSlope = 0.01): number {
  checkSlope(negativeSlope);
  if (x > 0) return x;
  // 0·(−∞) would be NaN; a zero slope means the negative side is flat.
  return negativeSlope === 0 && !Number.isNaN(x) ? 0 : x * negativeSlope;
}

/** 1 for x > 0, negativeSlope otherwise (PyTorch: the derivative at 0 is the slope). */
export function leakyReluDerivative(x: number, negativeSlope = 0.01): number {
  checkSlope(negativeSlope);
  return x > 0 ? 1 : negativeSlope;
}

/** GELU, exact form x·Φ(x) (PyTorch's default approximate='none'). */
export function gelu(x: number): number {
  if (x === -Infinity) return 0;
  return x * normalCdf(x);
}

/** d/dx x·Φ(x) = Φ(x) + x·φ(x). */
export function geluDerivative(x: number): number {
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  return normalCdf(x) + x * normalPdf(x);
}

/** 1 / (1 + e^(−x)), computed without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** σ(x)(1 − σ(x)) = e^(−|x|) / (1 + e^(−|x|))², accurate in the tails. */
export function sigmoidDerivative(x: number): number {
  const e = Math.exp(-Math.abs(x));
  return e / ((1 + e) * (1 + e));
}

/** Hyperbolic tangent. */
export function tanh(x: number): number {
  return Math.tanh(x);
}

/** 1 − tanh²(x) = 4e^(−2|x|) / (1 + e^(−2|x|))², accurate in the tails. */
export function tanhDerivative(x: number): number {
  const e = Math.exp(-2 * Math.abs(x));
  return (4 * e) / ((1 + e) * (1 + e));
}

export type ActivationName = 'relu' | 'leakyRelu' | 'gelu' | 'sigmoid' | 'tanh';

export interface ActivationOptions {
  /** leakyRelu only; default 0.01. */
  negativeSlope?: number;
}

export interface ActivationInfo {
  /** How PyTorch names it. */
  label: string;
  fn: (x: number, options?: ActivationOptions) => number;
  derivative: (x: number, options?: ActivationOptions) => number;
}

/** Each activation with its derivative, for figures that plot or switch between them. */
export const activations: Readonly<Record<ActivationName, ActivationInfo>> = {
  relu: { label: 'ReLU', fn: relu, derivative: reluDerivative },
  leakyRelu: {
    label: 'LeakyReLU',
    fn: (x, o) => leakyRelu(x, o?.negativeSlope),
    derivative: (x, o) => leakyReluDerivative(x, o?.negativeSlope),
  },
  gelu: { label: 'GELU', fn: gelu, derivative: geluDerivative },
  sigmoid: { label: 'Sigmoid', fn: sigmoid, derivative: sigmoidDerivative },
  tanh: { label: 'Tanh', fn: tanh, derivative: tanhDerivative },
};

function lookup(name: ActivationName, op: string): ActivationInfo {
  const info = Object.prototype.hasOwnProperty.call(activations, name) ? activations[name] : undefined;
  if (!info) fail(`${op}: unknown activation '${String(name)}' (expected one of ${Object.keys(activations).join(', ')})`);
  return info;
}

function mapWith(input: TensorLike, f: (x: number) => number, op: string): Tensor {
  checkTensor(input, `${op}: input`);
  const n = input.data.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(input.data[i] ?? 0);
  return { shape: [...input.shape], data: out };
}

/** The activation applied elementwise to a tensor. */
export function applyActivation(input: TensorLike, name: ActivationName, options: ActivationOptions = {}): Tensor {
  const info = lookup(name, 'applyActivation');
  if (name === 'leakyRelu') checkSlope(options.negativeSlope ?? 0.01);
  return mapWith(input, (x) => info.fn(x, options), 'applyActivation');
}

/** The activation's derivative at each element of the (pre-activation) input. */
export function activationDerivative(input: TensorLike, name: ActivationName, options: ActivationOptions = {}): Tensor {
  const info = lookup(name, 'activationDerivative');
  if (name === 'leakyRelu') checkSlope(options.negativeSlope ?? 0.01);
  return mapWith(input, (x) => info.derivative(x, options), 'activationDerivative');
}

/** Backward pass: gradOutput · f′(input), elementwise (shapes must match). */
export function activationBackward(
  input: TensorLike,
  gradOutput: TensorLike,
  name: ActivationName,
  options: ActivationOptions = {},
): Tensor {
  checkTensor(gradOutput, 'activationBackward: gradOutput');
  const d = activationDerivative(input, name, options);
  if (gradOutput.shape.length !== d.shape.length || gradOutput.shape.some((s, i) => s !== d.shape[i])) {
    fail(`activationBackward: gradOutput shape [${gradOutput.shape.join(', ')}] must equal input shape [${d.shape.join(', ')}]`);
  }
  for (let i = 0; i < d.data.length; i++) d.data[i]! *= gradOutput.data[i] ?? 0;
  return d;
}
