// View-model of the "parameter explosion" figure: an image size (a preset or
// the reader's own), a dense layer of some width and a 3 × 3 convolution with
// some filters, compared through the engine's compareConvWithDense.

import { formatCount, formatCountInWords, formatRatio } from '../../../engine/arithmetic/format';
import { convVsDense, type ParamComparison } from '../kit/param-compare-model';

export type Chw = readonly [number, number, number];

export interface ImagePreset {
  readonly id: string;
  readonly label: string;
  readonly shape: Chw;
}

export const IMAGE_PRESETS: readonly ImagePreset[] = [
  { id: 'mnist', label: '28 × 28 × 1 (MNIST digits)', shape: [1, 28, 28] },
  { id: 'cifar', label: '32 × 32 × 3 (CIFAR-10)', shape: [3, 32, 32] },
  { id: 'imagenet', label: '224 × 224 × 3 (ImageNet)', shape: [3, 224, 224] },
];

export const CUSTOM = 'custom';

/** Limits of the free fields; the largest dense layer they allow is still an exact integer in a double. */
export const LIMITS = {
  side: { min: 1, max: 4096 },
  channels: { min: 1, max: 1024 },
  hidden: { min: 1, max: 100_000 },
  filters: { min: 1, max: 1024 },
} as const;

export const DEFAULTS = { preset: 'imagenet', hidden: 1000, filters: 64 } as const;

export interface Explosion extends ParamComparison {
  readonly inputs: number;
  /** How many output positions reuse every conv weight. */
  readonly reuse: number;
  /** The text alternative. */
  readonly sentence: string;
}

export function describeShape([c, h, w]: Chw): string {
  return `${h} × ${w} × ${c}`;
}

export function explosion(shape: Chw, hidden: number, filters: number): Explosion {
  const comparison = convVsDense({ input: shape, outChannels: filters, kernel: 3, denseUnits: hidden });
  const { inFeatures, weightReuse } = comparison.engine;
  const times =
    comparison.ratio >= 1 ? `${formatRatio(comparison.ratio)} times fewer` : `${formatRatio(1 / comparison.ratio)} times more`;
  return {
    ...comparison,
    inputs: inFeatures,
    reuse: weightReuse,
    sentence:
      `A dense layer from a ${describeShape(shape)} image (${formatCount(inFeatures)} inputs) to ` +
      `${formatCount(hidden)} units has ${formatCount(comparison.dense.total)} parameters ` +
      `(${formatCountInWords(comparison.dense.total)}); a 3 × 3 convolution with ${formatCount(filters)} filters has ` +
      `${formatCount(comparison.conv.total)}, ${times}, and uses each weight at ${formatCount(weightReuse)} positions.`,
  };
}
