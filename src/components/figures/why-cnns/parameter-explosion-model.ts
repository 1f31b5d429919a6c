// View-model of the "parameter explosion" figure: an image size (a preset or
// the reader's own), a dense layer of some width and a 3 × 3 convolution with
// some filters, compared through the engine's compareConvWithDense.

import { formatCount, formatCountInWords, formatRatio } from '../../../engine/arithmetic/format';
import { convVsDense, type ParamComparison } from '../kit/param-compare-model';
import { linkNumber, type NumberRule } from '../kit/number-input';

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
  height: { label: 'Height', min: 1, max: 4096, integer: true },
  width: { label: 'Width', min: 1, max: 4096, integer: true },
  channels: { label: 'Channels', min: 1, max: 1024, integer: true },
  hidden: { label: 'Dense units', min: 1, max: 100_000, integer: true },
  filters: { label: 'Conv filters (3 × 3)', min: 1, max: 1024, integer: true },
} as const satisfies Record<string, NumberRule>;

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

export interface ExplosionSettings {
  /** A preset's id, or CUSTOM. */
  readonly image: string;
  /** [C, H, W]: the reader's own size, used when image is CUSTOM. */
  readonly shape: Chw;
  readonly hidden: number;
  readonly filters: number;
}

/** The figure's view in a link: #parameter-explosion?img=custom&h=100&w=50&c=2&units=10&filters=32. */
export function explosionViewParams(v: ExplosionSettings): Record<string, string> {
  const own: Record<string, string> =
    v.image === CUSTOM ? { h: String(v.shape[1]), w: String(v.shape[2]), c: String(v.shape[0]) } : {};
  return { img: v.image, ...own, units: String(v.hidden), filters: String(v.filters) };
}

/** What a link sets, value by value; a value the figure would not take is named and left out. */
export function parseExplosionView(params: URLSearchParams): {
  image?: string;
  height?: number;
  width?: number;
  channels?: number;
  hidden?: number;
  filters?: number;
  problems: string[];
} {
  const problems: string[] = [];
  const out: { -readonly [K in 'height' | 'width' | 'channels' | 'hidden' | 'filters']?: number } & { image?: string } = {};
  const img = params.get('img');
  if (img !== null) {
    if (img === CUSTOM || IMAGE_PRESETS.some((p) => p.id === img)) out.image = img;
    else problems.push(`the image size must be one of ${[...IMAGE_PRESETS.map((p) => p.id), CUSTOM].join(', ')}`);
  }
  const keys = { height: 'h', width: 'w', channels: 'c', hidden: 'units', filters: 'filters' } as const;
  for (const [name, key] of Object.entries(keys) as [keyof typeof keys, string][]) {
    const r = linkNumber(params, key, LIMITS[name]);
    if (r.value !== undefined) out[name] = r.value;
    if (r.problem) problems.push(r.problem);
  }
  return { ...out, problems };
}
