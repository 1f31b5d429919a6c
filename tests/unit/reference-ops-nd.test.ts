// The 1-D and 3-D reference ops against PyTorch's own numbers
// (tests/fixtures/reference-ops-nd.json, written by scripts/fixtures/reference_ops.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  avgPool1d,
  avgPool3d,
  conv1d,
  conv2d,
  conv3d,
  maxPool1d,
  maxPool3d,
  type Tensor,
  type TensorLike,
} from '../../src/engine/reference';

interface Flat {
  shape: number[];
  data: number[];
}
type Sizes = number | number[];
interface ConvCase {
  name: string;
  input: Flat;
  weight: Flat;
  bias: number[] | null;
  stride: Sizes;
  padding: Sizes;
  dilation: Sizes;
  groups: number;
  output: Flat;
}
interface PoolCase {
  name: string;
  input: Flat;
  kernelSize: Sizes;
  stride: Sizes | null;
  padding: Sizes;
  ceilMode: boolean;
  countIncludePad: boolean;
  output: Flat;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/reference-ops-nd.json', import.meta.url), 'utf8')) as Record<
  'conv1d' | 'conv3d',
  ConvCase[]
> &
  Record<'maxPool1d' | 'avgPool1d' | 'maxPool3d' | 'avgPool3d', PoolCase[]>;

function expectClose(actual: Tensor, expected: Flat): void {
  expect(actual.shape).toEqual(expected.shape);
  const worst = Math.max(...expected.data.map((v, i) => Math.abs(v - actual.data[i]!)));
  expect(worst).toBeLessThan(1e-9);
}

const convs = { conv1d, conv3d };
describe.each(['conv1d', 'conv3d'] as const)('%s against PyTorch', (op) => {
  it.each(fixture[op].map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { input, weight, bias, stride, padding, dilation, groups } = c;
    expectClose(convs[op](input, weight, { bias, stride, padding, dilation, groups }), c.output);
  });
});

const pools = { maxPool1d, avgPool1d, maxPool3d, avgPool3d };
describe.each(['maxPool1d', 'avgPool1d', 'maxPool3d', 'avgPool3d'] as const)('%s against PyTorch', (op) => {
  it.each(fixture[op].map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const options = {
      kernelSize: c.kernelSize,
      stride: c.stride ?? undefined,
      padding: c.padding,
      ceilMode: c.ceilMode,
      countIncludePad: c.countIncludePad,
    };
    expectClose(pools[op](c.input, options), c.output);
  });
});

describe('1-D is 2-D of height 1', () => {
  it('conv1d equals conv2d on a [C, 1, L] map with a [1, K] kernel', () => {
    const [c] = fixture.conv1d.slice(1);
    const { input, weight, bias } = c!;
    const as2d = (t: TensorLike, at: number): TensorLike => ({
      shape: [...t.shape.slice(0, at), 1, ...t.shape.slice(at)],
      data: t.data,
    });
    const flat = conv2d(as2d(input, 1), as2d(weight, 2), { bias, padding: [0, 1] });
    expectClose(conv1d(input, weight, { bias, padding: 1 }), {
      shape: [flat.shape[0]!, flat.shape[2]!],
      data: Array.from(flat.data),
    });
  });

  it('names the shape it wants', () => {
    expect(() =>
      conv1d({ shape: [1, 8], data: new Float64Array(8) }, { shape: [1, 1, 3, 3], data: new Float64Array(9) }),
    ).toThrow('conv1d: weight must be [C_out, C_in / groups, L], got shape [1, 1, 3, 3]');
    expect(() =>
      conv3d({ shape: [4, 4], data: new Float64Array(16) }, { shape: [1, 1, 3, 3, 3], data: new Float64Array(27) }),
    ).toThrow('conv3d: input must be [C, D, H, W] or [N, C, D, H, W], got shape [4, 4]');
    expect(() => maxPool1d({ shape: [1, 3], data: [1, 2, 3] }, { kernelSize: 5 })).toThrow(
      'maxPool1d: kernel 5 does not fit the padded input 3',
    );
  });
});
