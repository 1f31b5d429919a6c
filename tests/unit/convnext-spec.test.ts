// The layers ConvNeXt brought to the spec: their argument and shape errors,
// Linear and LayerNorm on a channels-last map, and the layer scale counted as
// a parameter of the block that owns it. The model itself is checked against
// torchvision in zoo.test.ts.
import { describe, expect, it } from 'vitest';
import { CNBlock } from '../../src/engine/spec/blocks';
import { summarize } from '../../src/engine/spec/infer';
import { LayerNorm2d, LayerScale, nn, Permute } from '../../src/engine/spec/layers';
import { formatLayer } from '../../src/engine/spec/repr';

describe('argument errors name the layer and the argument', () => {
  it.each([
    [() => Permute([0, 1, 1]), 'Permute: dims must be a permutation of 0..2 that keeps the batch (0) first, got [0, 1, 1]'],
    [() => Permute([1, 0, 2, 3]), 'Permute: dims must be a permutation of 0..3 that keeps the batch (0) first, got [1, 0, 2, 3]'],
    [() => nn.LayerNorm([]), 'LayerNorm: normalizedShape must name at least one dimension, got []'],
    [() => nn.LayerNorm(8, { eps: 0 }), 'LayerNorm: eps must be a positive number, got 0'],
    [() => LayerNorm2d(0), 'LayerNorm2d: numChannels'],
    [() => LayerScale(4, Number.NaN), 'LayerScale: init must be a finite number, got NaN'],
  ])('%#', (make, message) => {
    expect(make).toThrow(message);
  });
});

describe('channels last', () => {
  it('lets Linear and LayerNorm act on the channels of a permuted map, and permutes back', () => {
    const spec = nn.Sequential(Permute([0, 2, 3, 1]), nn.LayerNorm(8), nn.Linear(8, 32), nn.GELU(), Permute([0, 3, 1, 2]));
    const { rows, totalParams, totalMacs } = summarize(spec, [8, 5, 6]);
    expect(rows.map((r) => r.outputShape)).toEqual([
      [-1, 5, 6, 8],
      [-1, 5, 6, 8],
      [-1, 5, 6, 32],
      [-1, 5, 6, 32],
      [-1, 32, 5, 6],
    ]);
    expect(totalParams).toBe(2 * 8 + (8 * 32 + 32));
    // One 8 -> 32 product at each of the 5 x 6 positions.
    expect(totalMacs).toBe(5 * 6 * 8 * 32);
  });

  it('still refuses a Linear on a channels-first map, and a LayerNorm2d on a channels-last one', () => {
    expect(() => summarize(nn.Sequential(nn.Linear(4, 2)), [3, 4, 4])).toThrow('add nn.Flatten() before it');
    expect(() => summarize(nn.Sequential(nn.LayerNorm(3)), [3, 4, 4])).toThrow(
      'Layer 0 (LayerNorm): normalises the last dimensions [3] but receives [3, 4, 4]; for the channels of a [C, H, W] map use LayerNorm2d',
    );
    expect(() => summarize(nn.Sequential(Permute([0, 2, 3, 1]), LayerNorm2d(3)), [3, 4, 4])).toThrow(
      'Layer 1 (LayerNorm2d): expects 3 channels',
    );
  });
});

describe("ConvNeXt's block", () => {
  it('owns its layer scale: counted in its parameters, absent from its printout', () => {
    const dim = 8;
    const block = CNBlock(dim, 1e-6, 0);
    const { totalParams } = summarize(block, [dim, 7, 7]);
    const children = summarize(nn.Sequential(...[block.children[0]![1]]), [dim, 7, 7]).totalParams;
    expect(totalParams - children).toBe(dim);
    expect(formatLayer(block)).not.toContain('layer_scale');
    expect(formatLayer(block)).toContain('(stochastic_depth): StochasticDepth(p=0.0, mode=row)');
  });
});
