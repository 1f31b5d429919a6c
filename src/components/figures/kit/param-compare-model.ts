// Shared view-model of the figures that set a convolution's parameter count
// beside a dense layer's: number formatting for very large counts, the PyTorch
// line that builds each layer, and the two sides from the engine's
// compareConvWithDense.

import { compareConvWithDense, type ConvDenseComparison } from '../../../engine/arithmetic';
import { formatCount, formatRatio } from '../../../engine/arithmetic/format';

/** One column of the comparison. */
export interface ParamSide {
  readonly title: string;
  /** The PyTorch module that has these parameters. */
  readonly code: string;
  readonly total: number;
  /** e.g. "64 × (3·3² + 1) = 1,792" */
  readonly formula: string;
  /** e.g. "weight [64, 3, 3, 3] + bias [64]" */
  readonly tensors: string;
}

export interface ParamComparison {
  readonly conv: ParamSide;
  readonly dense: ParamSide;
  /** dense / conv */
  readonly ratio: number;
  readonly engine: ConvDenseComparison;
}

export interface ConvVsDenseArgs {
  /** [C, H, W] */
  readonly input: readonly [number, number, number];
  readonly outChannels: number;
  /** Odd, so that padding k // 2 keeps H and W ('same'). */
  readonly kernel: number;
  /** The dense layer's units; by default as many as the conv's outputs, C_out·H·W. */
  readonly denseUnits?: number;
}

const shape = (s: readonly number[]) => `[${s.join(', ')}]`;

/** A k × k convolution with 'same' padding and a dense layer on the same image, side by side. */
export function convVsDense({ input, outChannels, kernel, denseUnits }: ConvVsDenseArgs): ParamComparison {
  const padding = Math.floor(kernel / 2);
  const engine = compareConvWithDense({ input: [...input], outChannels, kernel, padding }, denseUnits);
  const [cin] = input;
  const { conv, dense, inFeatures, outFeatures } = engine;
  return {
    conv: {
      title: `Conv2d, ${kernel} × ${kernel}`,
      code: `nn.Conv2d(${cin}, ${outChannels}, kernel_size=${kernel}, padding=${padding})`,
      total: conv.total,
      formula: `${formatCount(outChannels)} × (${formatCount(cin)}·${kernel}² + 1) = ${formatCount(conv.total)}`,
      tensors: `weight ${shape(conv.weightShape)} + bias [${conv.biases}]`,
    },
    dense: {
      title: 'Linear (dense)',
      code: `nn.Linear(${inFeatures}, ${outFeatures})`,
      total: dense.total,
      formula: `${formatCount(inFeatures)} × ${formatCount(outFeatures)} + ${formatCount(outFeatures)} = ${formatCount(dense.total)}`,
      tensors: `weight ${shape(dense.weightShape)} + bias [${dense.biases}]`,
    },
    ratio: engine.ratio,
    engine,
  };
}

/** Bar lengths in percent of the larger count; a nonzero count never shrinks below a visible sliver. */
export function barPercents(a: number, b: number): [number, number] {
  const max = Math.max(a, b);
  const pct = (n: number) => (max > 0 ? (100 * n) / max : 0);
  return [pct(a), pct(b)];
}

/** How the two counts compare, in words. */
export function ratioSentence(ratio: number): string {
  if (ratio >= 1) return `The dense layer has ${formatRatio(ratio)} times as many parameters as the convolution.`;
  return `Here the convolution has ${formatRatio(1 / ratio)} times as many parameters as the dense layer.`;
}
