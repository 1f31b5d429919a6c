// View-model of the 1-D convolution slider: a short signal, a choice of
// kernels, and for one output position the window of samples the kernel
// covers, the products it sums and a sentence saying so. The output comes
// from the engine's reference conv1d (PyTorch's F.conv1d), stride 1, no padding.

import { formatDecimal } from '../../../engine/arithmetic/format';
import { conv1d } from '../../../engine/reference/conv-nd';

/** A signal with the features the kernels find: a flat stretch, a step up, a spike, a ramp down. */
export const SIGNAL: readonly number[] = [0, 0, 0, 0, 1, 1, 1, 1, 1, 3, 1, 1, 1, 1, 0.75, 0.5, 0.25, 0, 0, 0];

export type KernelName = 'difference' | 'average' | 'spike';

export interface KernelChoice {
  readonly label: string;
  readonly weights: readonly number[];
  /** What the kernel responds to, for the sentence. */
  readonly finds: string;
}

export const KERNELS: Readonly<Record<KernelName, KernelChoice>> = {
  difference: { label: 'Difference [−1, 0, 1]', weights: [-1, 0, 1], finds: 'rises (positive) and falls (negative)' },
  average: { label: 'Moving average [⅓, ⅓, ⅓]', weights: [1 / 3, 1 / 3, 1 / 3], finds: 'the local mean: it smooths' },
  spike: { label: 'Spike [−½, 1, −½]', weights: [-0.5, 1, -0.5], finds: 'samples that stand out from both neighbours' },
};

/** The whole output, y[i] = Σ_j w[j]·x[i + j]: F.conv1d on [1, L] with weight [1, 1, K]. */
export function convolveSignal(signal: readonly number[], weights: readonly number[]): number[] {
  const y = conv1d({ shape: [1, signal.length], data: signal }, { shape: [1, 1, weights.length], data: weights });
  return Array.from(y.data);
}

export interface SlideView {
  position: number;
  /** Number of outputs: L − K + 1. */
  count: number;
  /** The samples the kernel covers, inclusive. */
  first: number;
  last: number;
  value: number;
  output: number[];
  /** "(−1)·0 + 0·1 + 1·1 = 1" */
  products: string;
  sentence: string;
}

const signed = (x: number) => (x < 0 ? `(${formatDecimal(x)})` : formatDecimal(x));

/** Everything the figure shows with the kernel at output `position` (clamped to the outputs). */
export function slideView(signal: readonly number[], kernel: KernelChoice, position: number): SlideView {
  const output = convolveSignal(signal, kernel.weights);
  const count = output.length;
  const at = Math.min(Math.max(Math.round(position), 0), count - 1);
  const k = kernel.weights.length;
  const value = output[at]!;
  const terms = kernel.weights.map((w, j) => `${signed(w)}·${signed(signal[at + j]!)}`);
  return {
    position: at,
    count,
    first: at,
    last: at + k - 1,
    value,
    output,
    products: `${terms.join(' + ')} = ${formatDecimal(value)}`,
    sentence:
      `Output ${at} of 0–${count - 1}: the ${k}-sample kernel covers samples ${at}–${at + k - 1}, ` +
      `so y[${at}] = ${formatDecimal(value)}. This kernel finds ${kernel.finds}.`,
  };
}
