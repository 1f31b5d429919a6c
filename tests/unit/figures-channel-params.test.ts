// The multi-channel parameter counter. PyTorch 1.13 counts
// nn.Conv2d(3, 64, 3) 1,792 and nn.Conv2d(64, 128, 3) 73,856 parameters.
import { describe, expect, it } from 'vitest';
import {
  CHANNEL_DEFAULTS,
  CHANNEL_STEPS,
  KERNEL_SIZES,
  channelAt,
  channelIndex,
  channelParams,
} from '../../src/components/figures/convolution/channel-params-model';

describe('channel params', () => {
  it('steps channel counts on a roughly geometric scale', () => {
    expect(CHANNEL_STEPS).toEqual([1, 2, 3, 4, 8, 16, 32, 64, 128, 256, 512]);
    expect(KERNEL_SIZES).toEqual([1, 3, 5, 7]);
    expect(channelIndex(3)).toBe(2);
    expect(channelIndex(64)).toBe(7);
    expect(channelIndex(100)).toBe(7);
    expect(channelAt(7)).toBe(64);
    expect(channelAt(-1)).toBe(1);
    expect(channelAt(99)).toBe(512);
  });

  it('counts C_out(C_in k² + 1) and the dense layer of the same input and output size', () => {
    const { inChannels, outChannels, kernel, side } = CHANNEL_DEFAULTS;
    const p = channelParams(inChannels, outChannels, kernel, side);
    expect(p.conv.total).toBe(1792);
    expect(p.perFilter).toBe(27);
    expect(p.dense.total).toBe(3072 * 65536 + 65536);
    expect(p.conv.code).toBe('nn.Conv2d(3, 64, kernel_size=3, padding=1)');
    expect(p.dense.code).toBe('nn.Linear(3072, 65536)');
    expect(p.sentence).toBe(
      '64 filters of 3 × 3 × 3 weights plus a bias each: 1,792 parameters, whatever the image size. A dense layer ' +
        'from the 3 × 32 × 32 input (3,072 values) to an output of the same size (65,536 values) needs 201,392,128, ' +
        '112,384 times as many.',
    );
  });

  it('counts a deeper layer, and a 1 × 1 one', () => {
    expect(channelParams(64, 128, 3, 32).conv.total).toBe(73_856);
    const pointwise = channelParams(64, 128, 1, 32);
    expect(pointwise.conv.total).toBe(128 * (64 + 1));
    expect(pointwise.conv.code).toBe('nn.Conv2d(64, 128, kernel_size=1, padding=0)');
  });

  it('does not depend on the image size, while the dense layer does', () => {
    const small = channelParams(16, 32, 5, 28);
    const large = channelParams(16, 32, 5, 224);
    expect(small.conv.total).toBe(large.conv.total);
    expect(large.dense.total).toBeGreaterThan(small.dense.total * 4000);
  });

  it('stays exact at the largest settings', () => {
    const p = channelParams(512, 512, 7, 224);
    expect(Number.isSafeInteger(p.dense.total)).toBe(true);
    expect(p.conv.total).toBe(512 * (512 * 49 + 1));
  });
});
