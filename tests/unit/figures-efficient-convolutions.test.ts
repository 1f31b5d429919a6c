// The efficient-convolutions chapter's view-models, against PyTorch
// (tests/fixtures/efficient-convolutions.json, scripts/fixtures/efficient_convolutions.py)
// and the engine's own counts of the zoo.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  inceptionComparison,
  invertedResidualBlock,
  mbConvBlock,
} from '../../src/components/figures/efficient-convolutions/block-counts';
import { clampPhi, scaledCount, scalingView } from '../../src/components/figures/efficient-convolutions/compound-scaling-model';
import {
  COST_DEFAULTS,
  costView,
  resolveCostInputs,
} from '../../src/components/figures/efficient-convolutions/separable-cost-model';
import { cellNetwork, cellNetworkCounts } from '../../src/components/figures/efficient-convolutions/separable-cell-networks';
import { separableSplit, splitView } from '../../src/components/figures/efficient-convolutions/separable-split-model';
import { formatLayer, summarize, zoo } from '../../src/engine/index';

interface Fixture {
  inception: { name: string; inputShape: number[]; params: number; paramsWithout: number; macsWithout: number }[];
  separableSplit: { depthwise: number[][][]; pointwise: number[][][]; composed: number[][][][]; standard: number[][][] };
  scaledEfficientNets: { name: string; width: number; depth: number; resolution: number; params: number; macs: number }[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/efficient-convolutions.json', import.meta.url), 'utf8')) as Fixture;

describe('Inception with and without 1x1 reductions', () => {
  const c = inceptionComparison();

  it('finds every Inception block of GoogLeNet and counts both versions as PyTorch does', () => {
    expect(c.blocks.map((b) => b.name)).toEqual(fixture.inception.map((b) => b.name));
    c.blocks.forEach((b, i) => {
      const ref = fixture.inception[i]!;
      expect(b.inputShape).toEqual(ref.inputShape);
      expect(b.params).toBe(ref.params);
      expect(b.paramsWithout).toBe(ref.paramsWithout);
      expect(b.macsWithout).toBe(ref.macsWithout);
    });
  });

  it('reads the block arguments torchvision gives inception3a', () => {
    expect(c.blocks[0]!.args).toEqual({
      inChannels: 192,
      ch1x1: 64,
      ch3x3red: 96,
      ch3x3: 128,
      ch5x5red: 16,
      ch5x5: 32,
      poolProj: 32,
    });
  });

  it('totals the whole network both ways from the zoo', () => {
    const g = summarize(zoo.googlenet.build(), [3, 224, 224]);
    expect(c.totalParams).toBe(g.totalParams);
    const extra = fixture.inception.reduce((s, b) => s + b.paramsWithout - b.params, 0);
    expect(c.totalParamsWithout).toBe(g.totalParams + extra);
    expect(c.totalMacsWithout).toBeGreaterThan(2 * c.totalMacs);
  });
});

describe('block breakdowns', () => {
  it('splits MobileNetV2 features.3 into expand, depthwise, project and BatchNorm, summing to the block', () => {
    const b = invertedResidualBlock();
    expect(b.type).toBe('InvertedResidual');
    expect(b.parts.map((p) => p.path)).toEqual(['conv.0', 'conv.1', 'conv.2', 'conv.3']);
    expect(b.parts.reduce((s, p) => s + p.params, 0)).toBe(b.params);
    expect(b.parts.reduce((s, p) => s + p.macs, 0)).toBe(b.macs);
    // The depthwise conv: 144 channels, one 3×3 filter each.
    expect(b.parts[1]!.params).toBe(144 * 9 + 2 * 144);
    expect(b.inputShape).toEqual([-1, 24, 56, 56]);
  });

  it('shows the squeeze-and-excitation of EfficientNet-B0 features.2.1 layer by layer', () => {
    const b = mbConvBlock();
    expect(b.type).toBe('MBConv');
    const fc1 = b.parts.find((p) => p.path === 'block.2.fc1')!;
    const fc2 = b.parts.find((p) => p.path === 'block.2.fc2')!;
    // 144 -> 6 -> 144 with biases, squeeze = max(1, 24 // 4).
    expect([fc1.params, fc2.params]).toEqual([144 * 6 + 6, 6 * 144 + 144]);
    expect(b.parts.reduce((s, p) => s + p.params, 0)).toBe(b.params);
    expect(b.parts.reduce((s, p) => s + p.macs, 0)).toBe(b.macs);
  });
});

describe('separable split', () => {
  const split = separableSplit();

  it('computes the depthwise, pointwise and composed-kernel outputs PyTorch computes', () => {
    expect(split.depthwise).toEqual(fixture.separableSplit.depthwise);
    expect(split.output).toEqual(fixture.separableSplit.pointwise);
    expect(split.composed).toEqual(fixture.separableSplit.composed);
    expect(split.standard).toEqual(fixture.separableSplit.standard);
    expect(split.maxDifference).toBe(0);
  });

  it('says what one output value is made of', () => {
    const v = splitView(split, { outChannel: 1, row: 1, col: 2 });
    expect(v.depthwiseValues).toEqual([6, 3, 0]);
    expect(v.sum).toBe('0.5·6 + (−1)·3 + 1·0 = 0');
    expect(v.sentence).toBe(
      'Output 2, row 2, column 3: the depthwise step gives 6 on channel 1, 3 on channel 2, 0 on channel 3; ' +
        'the pointwise step sums 0.5·6 + (−1)·3 + 1·0 = 0. The standard convolution with the composed kernel gives 0, the same.',
    );
  });
});

describe('separable cost calculator', () => {
  it('gives the engine counts and the exact identity 1/C_out + 1/k²', () => {
    const v = costView(COST_DEFAULTS);
    const [standard, depthwise, pointwise, both] = v.rows;
    expect(standard!.params).toBe(128 * 128 * 9);
    expect(standard!.macs).toBe(56 * 56 * 128 * 128 * 9);
    expect(depthwise!.macs).toBe(56 * 56 * 128 * 9);
    expect(pointwise!.macs).toBe(56 * 56 * 128 * 128);
    expect(both!.macs).toBe(depthwise!.macs + pointwise!.macs);
    expect(v.macRatio).toBeCloseTo(1 / 128 + 1 / 9, 12);
    expect(v.paramRatio).toBeCloseTo(1 / 128 + 1 / 9, 12);
    expect(v.identityText).toBe('1/128 + 1/3² = 0.1189');
    expect(standard!.code).toBe('nn.Conv2d(128, 128, 3, padding=1, bias=False)');
    expect(depthwise!.code).toBe('nn.Conv2d(128, 128, 3, padding=1, groups=128, bias=False)');
  });

  it('rejects what is not a whole number, clamps what is out of range, and names the field', () => {
    const { inputs, errors, invalid } = resolveCostInputs(
      { cin: Number.NaN, cout: '0', k: '3.5', h: null, w: '99999' },
      COST_DEFAULTS,
    );
    expect(inputs).toEqual({ ...COST_DEFAULTS, cout: 1, w: 512 });
    expect(invalid).toEqual(['cin', 'cout', 'k', 'h', 'w']);
    expect(errors[0]).toBe(
      'Input channels C_in: not a number; enter a whole number from 1 to 2,048. Until then the figure uses 128.',
    );
    expect(errors[4]).toBe('Width W: “99999” is above 512, the most this figure takes; it uses 512.');
    const ok = resolveCostInputs({ cin: 32, cout: 64, k: 5, h: 28, w: 14 });
    expect(ok.errors).toEqual([]);
    const v = costView(ok.inputs);
    expect(v.sentence).not.toMatch(/NaN|Infinity/);
    expect(v.rows[0]!.macs).toBe(28 * 14 * 64 * 32 * 25);
  });

  it('stays exact at the largest inputs it accepts', () => {
    const v = costView({ cin: 2048, cout: 2048, k: 11, h: 512, w: 512 });
    expect(Number.isSafeInteger(v.rows[0]!.macs)).toBe(true);
    expect(v.macRatio).toBeCloseTo(1 / 2048 + 1 / 121, 12);
  });
});

describe('compound scaling', () => {
  it('at width 1, depth 1 is the zoo’s EfficientNet-B0', () => {
    const b0 = summarize(zoo.efficientnetB0.build(), [3, 224, 224]);
    expect(scaledCount(1, 1, 224)).toEqual({ params: b0.totalParams, macs: b0.totalMacs, blocks: 16 });
  });

  for (const ref of fixture.scaledEfficientNets) {
    it(`reproduces torchvision's ${ref.name} (width ${ref.width}, depth ${ref.depth}, ${ref.resolution} px)`, () => {
      const c = scaledCount(ref.width, ref.depth, ref.resolution);
      expect([c.params, c.macs]).toEqual([ref.params, ref.macs]);
    });
  }

  it('multiplies FLOPs by (α·β²·γ²)^φ and clamps φ', () => {
    const v = scalingView(2);
    expect(v.flopsFactor).toBeCloseTo((1.2 * 1.1 ** 2 * 1.15 ** 2) ** 2, 12);
    expect(v.resolution).toBe(Math.round(224 * 1.15 ** 2));
    expect(scalingView(0).realFactor).toBe(1);
    expect([clampPhi(Number.NaN), clampPhi(-3), clampPhi(99), clampPhi(2.4)]).toEqual([0, 0, 7, 2]);
    expect(scalingView(Number.NaN).sentence).not.toMatch(/NaN/);
  });
});

describe("the cell's networks", () => {
  it('are the same networks as the cell builds (its source spells the same layers)', () => {
    const source = readFileSync(new URL('../../src/cells/separable-vs-standard.ts', import.meta.url), 'utf8');
    expect(source).toContain('const WIDTHS = [16, 32, 64];');
    expect(source).toContain('nn.Conv2d(cin, cin, 3, { padding: 1, groups: cin }), nn.Conv2d(cin, cout, 1)');
    const printed = formatLayer(cellNetwork(true));
    expect(printed).toContain('Conv2d(16, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), groups=16)');
    const c = cellNetworkCounts();
    expect(c.paramRatio).toBeGreaterThan(5);
    // PyTorch counts the standard network 24,170 (scripts/pytorch/separable-vs-standard.py prints it).
    expect(c.standard.params).toBe(24170);
  });
});
