// The parameter-explosion figure and the shared conv-vs-dense comparison. The
// counts are sum(p.numel() for p in layer.parameters()) in PyTorch 1.13:
// nn.Linear(150528, 1000) 150,529,000; nn.Conv2d(3, 64, 3, padding=1) 1,792;
// nn.Linear(784, 1000) 785,000; nn.Conv2d(1, 64, 3) 640; nn.Linear(3072, 65536) 201,392,128.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatCountInWords, formatRatio } from '../../src/engine/arithmetic/format';
import { barPercents, convVsDense, ratioSentence } from '../../src/components/figures/kit/param-compare-model';
import {
  DEFAULTS,
  IMAGE_PRESETS,
  LIMITS,
  describeShape,
  explosion,
} from '../../src/components/figures/why-cnns/parameter-explosion-model';

describe('conv vs dense', () => {
  it('counts a 224 × 224 × 3 image into 1,000 units against 64 3 × 3 filters', () => {
    const c = convVsDense({ input: [3, 224, 224], outChannels: 64, kernel: 3, denseUnits: 1000 });
    expect(c.dense.total).toBe(150_529_000);
    expect(c.conv.total).toBe(1792);
    expect(c.conv.code).toBe('nn.Conv2d(3, 64, kernel_size=3, padding=1)');
    expect(c.dense.code).toBe('nn.Linear(150528, 1000)');
    expect(c.conv.formula).toBe('64 × (3·3² + 1) = 1,792');
    expect(c.dense.formula).toBe('150,528 × 1,000 + 1,000 = 150,529,000');
    expect(c.conv.tensors).toBe('weight [64, 3, 3, 3] + bias [64]');
    expect(c.dense.tensors).toBe('weight [1000, 150528] + bias [1000]');
    expect(c.ratio).toBeCloseTo(150_529_000 / 1792, 9);
  });

  it('defaults the dense layer to as many outputs as the convolution has', () => {
    const c = convVsDense({ input: [3, 32, 32], outChannels: 64, kernel: 3 });
    expect(c.dense.total).toBe(201_392_128);
    expect(c.engine.outFeatures).toBe(64 * 32 * 32);
  });
});

describe('formatting', () => {
  it('writes counts, words, bytes and ratios', () => {
    expect(formatCount(150528)).toBe('150,528');
    expect(formatCountInWords(1792)).toBe('1,792');
    expect(formatCountInWords(150_529_000)).toBe('151 million');
    expect(formatCountInWords(3_000_001_000)).toBe('3 billion');
    expect(formatBytes(7168)).toBe('7.17 kB');
    expect(formatBytes(602_116_000)).toBe('602 MB');
    expect(formatBytes(12)).toBe('12 bytes');
    expect(formatRatio(84000.4)).toBe('84,000');
    expect(formatRatio(2.456)).toBe('2.46');
  });

  it('says which side is larger', () => {
    expect(ratioSentence(10)).toBe('The dense layer has 10 times as many parameters as the convolution.');
    expect(ratioSentence(0.5)).toBe('Here the convolution has 2 times as many parameters as the dense layer.');
    expect(barPercents(1, 4)).toEqual([25, 100]);
    expect(barPercents(0, 0)).toEqual([0, 0]);
  });
});

describe('parameter explosion', () => {
  it('offers MNIST, CIFAR-10 and ImageNet sizes, ImageNet first shown', () => {
    expect(IMAGE_PRESETS.map((p) => p.shape)).toEqual([
      [1, 28, 28],
      [3, 32, 32],
      [3, 224, 224],
    ]);
    expect(DEFAULTS).toEqual({ preset: 'imagenet', hidden: 1000, filters: 64 });
    expect(describeShape([3, 224, 224])).toBe('224 × 224 × 3');
  });

  it('states the comparison in a sentence', () => {
    const e = explosion([3, 224, 224], 1000, 64);
    expect(e.inputs).toBe(150_528);
    expect(e.reuse).toBe(224 * 224);
    expect(e.sentence).toBe(
      'A dense layer from a 224 × 224 × 3 image (150,528 inputs) to 1,000 units has 150,529,000 parameters ' +
        '(151 million); a 3 × 3 convolution with 64 filters has 1,792, 84,001 times fewer, and uses each weight at ' +
        '50,176 positions.',
    );
  });

  it('counts MNIST', () => {
    const e = explosion([1, 28, 28], 1000, 64);
    expect([e.dense.total, e.conv.total]).toEqual([785_000, 640]);
  });

  it('says "more" when the convolution is the larger layer', () => {
    const e = explosion([1, 2, 2], 1, 64);
    expect(e.conv.total).toBeGreaterThan(e.dense.total);
    expect(e.sentence).toContain('times more');
  });

  it('stays exact at the largest sizes the fields allow', () => {
    const e = explosion([LIMITS.channels.max, LIMITS.height.max, LIMITS.width.max], LIMITS.hidden.max, LIMITS.filters.max);
    expect(Number.isSafeInteger(e.dense.total)).toBe(true);
    expect(e.dense.total).toBe(1024 * 4096 * 4096 * 100_000 + 100_000);
  });
});
