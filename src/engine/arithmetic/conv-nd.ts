// Convolutions over any number of spatial axes: one for a sequence
// (nn.Conv1d on [C, L]), three for a volume or a clip (nn.Conv3d on
// [C, D, H, W]). The formula per axis is the one of output-size.ts; the
// parameter and MAC counts are those of parameters.ts and cost.ts with one
// kernel size per axis, so a 2-D count and a 3-D count come from one rule.

import { cost, type LayerCost } from './cost';
import { slidingStepsFor } from './output-size';
import { count, type ParameterCount } from './parameters';
import {
  booleanOr,
  divisibleByGroups,
  exactCount,
  type IntCheck,
  requireNonNegativeInt,
  requirePositiveInt,
  showValue,
} from './pair';

/** One size for every axis, or one per axis: PyTorch's `3` or `(3, 3, 3)`. */
export type IntOrSizes = number | readonly number[];

const AXIS_NAMES: Record<number, readonly string[]> = {
  1: ['length'],
  2: ['height', 'width'],
  3: ['depth', 'height', 'width'],
};

/** Expands `3` to one size per axis and checks each, naming the axis that is wrong. */
export function toSizes(
  where: string,
  name: string,
  value: unknown,
  rank: number,
  check: IntCheck = requirePositiveInt,
): number[] {
  if (typeof value === 'number') return Array.from({ length: rank }, () => check(where, name, value));
  if (!Array.isArray(value) || value.length !== rank) {
    const axes = (AXIS_NAMES[rank] ?? []).join(', ');
    throw new RangeError(`${where}: ${name} must be a number or a [${axes}] list of ${rank}, got ${showValue(value)}`);
  }
  return value.map((v: unknown, i) => check(where, `${name}[${i}]`, v));
}

/** A convolution over `kernel.length` spatial axes; every field one number or one per axis. */
export interface ConvNdWindow {
  readonly kernel: IntOrSizes;
  readonly stride?: IntOrSizes;
  readonly padding?: IntOrSizes;
  readonly dilation?: IntOrSizes;
}

/** A convolution over a [C, ...spatial] input, as nn.Conv1d or nn.Conv3d holds it. */
export interface ConvNdOnInput extends ConvNdWindow {
  /** [C, L] for a sequence, [C, D, H, W] for a volume. */
  readonly input: readonly number[];
  readonly outChannels: number;
  readonly groups?: number;
  readonly bias?: boolean;
}

interface Resolved {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
}

function resolve(where: string, rank: number, window: ConvNdWindow): Resolved {
  return {
    kernel: toSizes(where, 'kernel', window.kernel, rank),
    stride: toSizes(where, 'stride', window.stride ?? 1, rank),
    padding: toSizes(where, 'padding', window.padding ?? 0, rank, requireNonNegativeInt),
    dilation: toSizes(where, 'dilation', window.dilation ?? 1, rank),
  };
}

/** Output sizes of a convolution along each spatial axis: [100] with a 9-wide kernel and padding 4 gives [100]. */
export function convNdOutputShape(input: readonly number[], window: ConvNdWindow): number[] {
  return convNdOutputShapeFor('convNdOutputShape', input, window);
}

function convNdOutputShapeFor(where: string, input: readonly number[], window: ConvNdWindow): number[] {
  if (!Array.isArray(input) || input.length < 1) {
    throw new RangeError(`${where}: input must be a list of spatial sizes such as [100] or [8, 16, 16], got ${showValue(input)}`);
  }
  const sizes = input.map((n, i) => requirePositiveInt(where, `input[${i}]`, n));
  const { kernel, stride, padding, dilation } = resolve(where, sizes.length, window);
  const names = AXIS_NAMES[sizes.length];
  return sizes.map((n, i) => {
    const axis = names ? ` (${names[i]})` : ` ${i}`;
    return slidingStepsFor(where, axis, n, kernel[i]!, stride[i]!, padding[i]!, dilation[i]!, false).output;
  });
}

/** Parameters of nn.Conv1d / nn.Conv3d: C_out·(C_in/groups)·(product of the kernel) weights + C_out biases. */
export function convNdParameters(layer: {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: readonly number[];
  readonly groups?: number;
  readonly bias?: boolean;
}): ParameterCount {
  const where = 'convNdParameters';
  const cin = requirePositiveInt(where, 'inChannels', layer.inChannels);
  const cout = requirePositiveInt(where, 'outChannels', layer.outChannels);
  const kernel = toSizes(where, 'kernel', layer.kernel, Array.isArray(layer.kernel) ? layer.kernel.length : 1);
  const groups = requirePositiveInt(where, 'groups', layer.groups ?? 1);
  divisibleByGroups(where, 'inChannels', cin, groups);
  divisibleByGroups(where, 'outChannels', cout, groups);
  const bias = booleanOr(where, 'bias', layer.bias, true);
  return count(where, [cout, cin / groups, ...kernel], bias ? cout : 0);
}

/** MACs of nn.Conv1d / nn.Conv3d on one example: every output value is a (C_in/groups)·(product of the kernel) dot product. */
export function convNdCost(layer: ConvNdOnInput): LayerCost {
  const where = 'convNdCost';
  if (!Array.isArray(layer.input) || layer.input.length < 2) {
    throw new RangeError(
      `${where}: input must be [C, ...spatial] such as [1, 100] or [3, 8, 16, 16], got ${showValue(layer.input)}`,
    );
  }
  const [c = 0, ...spatial] = layer.input;
  const rank = spatial.length;
  const kernel = toSizes(where, 'kernel', layer.kernel, rank);
  const params = convNdParameters({
    inChannels: c,
    outChannels: layer.outChannels,
    kernel,
    groups: layer.groups,
    bias: layer.bias,
  });
  const out = convNdOutputShapeFor(where, spatial, { ...layer, kernel });
  const macsPerOutput = exactCount(
    where,
    'MACs per output',
    params.weightShape.slice(1).reduce((a, b) => a * b, 1),
  );
  return cost(where, [layer.outChannels, ...out], macsPerOutput, params);
}
