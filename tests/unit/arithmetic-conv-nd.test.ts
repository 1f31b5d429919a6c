// engine/arithmetic's convolutions over 1 and 3 spatial axes against
// PyTorch's nn.Conv1d and nn.Conv3d (tests/fixtures/arithmetic-reference.json,
// "convNd", written by scripts/fixtures/arithmetic_reference.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convCost, convNdCost, convNdOutputShape, convNdParameters } from '../../src/engine/arithmetic';
import { summarize } from '../../src/engine/spec/infer';
import { nn } from '../../src/engine/spec/layers';

type Sizes = number | number[];
interface Row {
  module: 'Conv1d' | 'Conv3d';
  input: number[];
  outChannels: number;
  kernel: Sizes;
  stride: Sizes;
  padding: Sizes;
  dilation: Sizes;
  groups: number;
  bias: boolean;
  outputShape: number[];
  weightShape: number[];
  params: number;
  macs: number;
}

const rows = (
  JSON.parse(readFileSync(new URL('../fixtures/arithmetic-reference.json', import.meta.url), 'utf8')) as { convNd: Row[] }
).convNd;
const first = (v: Sizes): number => (typeof v === 'number' ? v : v[0]!);
const triple = (v: Sizes): [number, number, number] => (typeof v === 'number' ? [v, v, v] : (v as [number, number, number]));

describe.each(rows.map((r) => [`${r.module} ${JSON.stringify(r.input)} k=${JSON.stringify(r.kernel)}`, r] as const))(
  '%s',
  (_name, r) => {
    const rank = r.input.length - 1;
    const window = { kernel: r.kernel, stride: r.stride, padding: r.padding, dilation: r.dilation };

    it('gives PyTorch output shape, parameters and MACs', () => {
      expect(convNdOutputShape(r.input.slice(1), window)).toEqual(r.outputShape.slice(1));
      const kernel = typeof r.kernel === 'number' ? Array.from({ length: rank }, () => r.kernel as number) : r.kernel;
      const params = convNdParameters({
        inChannels: r.input[0]!,
        outChannels: r.outChannels,
        kernel,
        groups: r.groups,
        bias: r.bias,
      });
      expect(params.weightShape).toEqual(r.weightShape);
      expect(params.total).toBe(r.params);
      const cost = convNdCost({ ...window, input: r.input, outChannels: r.outChannels, groups: r.groups, bias: r.bias });
      expect(cost.outputShape).toEqual(r.outputShape);
      expect(cost.macs).toBe(r.macs);
    });

    it('is what the spec rule of the layer counts', () => {
      const [cin] = r.input as [number];
      const layer =
        r.module === 'Conv1d'
          ? nn.Conv1d(cin, r.outChannels, first(r.kernel), {
              stride: first(r.stride),
              padding: first(r.padding),
              dilation: first(r.dilation),
              groups: r.groups,
              bias: r.bias,
            })
          : nn.Conv3d(cin, r.outChannels, triple(r.kernel), {
              stride: triple(r.stride),
              padding: triple(r.padding),
              dilation: triple(r.dilation),
              groups: r.groups,
              bias: r.bias,
            });
      const summary = summarize(nn.Sequential(layer), r.input);
      expect(summary.outputShape.slice(1)).toEqual(r.outputShape);
      expect(summary.totalParams).toBe(r.params);
      expect(summary.totalMacs).toBe(r.macs);
    });
  },
);

describe('convolutions over any number of axes', () => {
  it('gives the 2-D counts of convCost for two axes', () => {
    const nd = convNdCost({ input: [3, 32, 30], outChannels: 16, kernel: [3, 5], stride: 2, padding: [1, 2] });
    const flat = convCost({ input: [3, 32, 30], outChannels: 16, kernel: [3, 5], stride: 2, padding: [1, 2] });
    expect([nd.outputShape, nd.macs, nd.params.total]).toEqual([flat.outputShape, flat.macs, flat.params.total]);
  });

  it('names the argument and the axis that is wrong', () => {
    expect(() => convNdOutputShape([8, 8, 8], { kernel: [3, 3] })).toThrow(
      'convNdOutputShape: kernel must be a number or a [depth, height, width] list of 3, got [3, 3]',
    );
    expect(() => convNdOutputShape([4], { kernel: 9 })).toThrow(
      'convNdOutputShape: kernel (length) 9 is larger than the padded input (length) 4 (input 4 + 2·padding 0)',
    );
    expect(() => convNdCost({ input: [1], outChannels: 2, kernel: 3 })).toThrow('convNdCost: input must be [C, ...spatial]');
  });
});
