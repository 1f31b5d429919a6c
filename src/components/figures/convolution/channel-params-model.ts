// View-model of the multi-channel parameter counter: C_in, C_out and k chosen
// on sliders (channel counts on a roughly geometric scale, as networks use
// them), an image size, and the count C_out(C_in k² + 1) beside a dense layer
// that maps the same input to an output of the same size.

import { formatCount, formatRatio } from '../../../engine/arithmetic/format';
import { convVsDense, type ParamComparison } from '../kit/param-compare-model';
import { linkChoice } from '../kit/view-link';

/** The channel counts a slider steps through: small ones for images, powers of two for feature maps. */
export const CHANNEL_STEPS: readonly number[] = [1, 2, 3, 4, 8, 16, 32, 64, 128, 256, 512];
export const KERNEL_SIZES: readonly number[] = [1, 3, 5, 7];
export const IMAGE_SIDES: readonly number[] = [28, 32, 64, 224];

export const CHANNEL_DEFAULTS = { inChannels: 3, outChannels: 64, kernel: 3, side: 32 } as const;

/** The slider position of a channel count (its index in CHANNEL_STEPS, the nearest one below if absent). */
export function channelIndex(n: number): number {
  let best = 0;
  CHANNEL_STEPS.forEach((v, i) => {
    if (v <= n) best = i;
  });
  return best;
}

export function channelAt(index: number): number {
  return CHANNEL_STEPS[Math.min(Math.max(Math.round(index), 0), CHANNEL_STEPS.length - 1)]!;
}

export interface ChannelParams extends ParamComparison {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: number;
  readonly side: number;
  /** Weights in one filter: C_in·k². */
  readonly perFilter: number;
  readonly sentence: string;
}

export function channelParams(inChannels: number, outChannels: number, kernel: number, side: number): ChannelParams {
  const comparison = convVsDense({ input: [inChannels, side, side], outChannels, kernel });
  const perFilter = inChannels * kernel * kernel;
  const { inFeatures, outFeatures } = comparison.engine;
  return {
    ...comparison,
    inChannels,
    outChannels,
    kernel,
    side,
    perFilter,
    sentence:
      `${formatCount(outChannels)} filters of ${formatCount(inChannels)} × ${kernel} × ${kernel} weights plus a bias each: ` +
      `${formatCount(comparison.conv.total)} parameters, whatever the image size. A dense layer from the ` +
      `${formatCount(inChannels)} × ${side} × ${side} input (${formatCount(inFeatures)} values) to an output of the same ` +
      `size (${formatCount(outFeatures)} values) needs ${formatCount(comparison.dense.total)}, ` +
      `${formatRatio(comparison.ratio)} times as many.`,
  };
}

export interface ChannelSettings {
  readonly cin: number;
  readonly cout: number;
  readonly k: number;
  readonly side: number;
}

/** The figure's view in a link: #channel-params?cin=3&cout=64&k=3&side=32. */
export function channelViewParams(s: ChannelSettings): Record<string, string> {
  return { cin: String(s.cin), cout: String(s.cout), k: String(s.k), side: String(s.side) };
}

/** Settings from a link, each only when a slider or the list offers it. */
export function parseChannelView(params: URLSearchParams): Partial<ChannelSettings> & { problems: string[] } {
  const found = {
    cin: linkChoice(params, 'cin', 'Input channels', CHANNEL_STEPS),
    cout: linkChoice(params, 'cout', 'Output channels', CHANNEL_STEPS),
    k: linkChoice(params, 'k', 'Kernel size', KERNEL_SIZES),
    side: linkChoice(params, 'side', 'Image size', IMAGE_SIDES),
  };
  const out: { -readonly [K in keyof ChannelSettings]?: number } = {};
  const problems: string[] = [];
  for (const [key, r] of Object.entries(found) as [keyof ChannelSettings, { value?: number; problem?: string }][]) {
    if (r.value !== undefined) out[key] = r.value;
    if (r.problem) problems.push(r.problem);
  }
  return { ...out, problems };
}
