// The training-memory estimate that refuses a model too big for the browser
// before a batch is allocated: computed from the spec's shapes, checked
// against shapes worked out by hand, and its refusal's message.
import { describe, expect, it } from 'vitest';
import { BasicBlock, nn, simpleCNN } from '../../src/engine/index.ts';
import { checkTrainingMemory, largestBatchThatFits, MAX_TRAINING_BYTES, trainingMemory } from '../../src/engine/spec/memory.ts';

describe('trainingMemory', () => {
  it('adds up every layer output and the input, per example, and scales with the batch', () => {
    // [1,5,5] -> Conv2d(1,2,3) [2,3,3] -> ReLU [2,3,3] -> Flatten [18] -> Linear(18,4) [4]
    const spec = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(18, 4));
    const m = trainingMemory(spec, [1, 5, 5], 10);
    expect(m.activationsPerExample).toBe(25 + 18 + 18 + 18 + 4);
    expect(m.activationBytes).toBe(4 * 10 * 83);
    // Conv2d: 2*1*3*3 + 2 = 20; Linear: 18*4 + 4 = 76
    expect(m.parameters).toBe(96);
    expect(m.parameterBytes).toBe(4 * 4 * 96);
    expect(m.totalBytes).toBe(m.activationBytes + m.parameterBytes);
  });

  it('counts every call of a residual block, the merge and the ReLU used twice included', () => {
    // conv1, bn1, relu, conv2, bn2, add (the merge), relu: seven [4,8,8] outputs, and the input.
    const m = trainingMemory(BasicBlock(4, 4), [4, 8, 8], 1);
    expect(m.activationsPerExample).toBe(8 * 256);
  });

  it('leaves the guide’s own models far below the limit at the batch sizes the cells use', () => {
    const m = trainingMemory(simpleCNN({ inChannels: 1 }), [1, 28, 28], 64);
    expect(m.totalBytes).toBeLessThan(MAX_TRAINING_BYTES / 30);
  });
});

describe('checkTrainingMemory', () => {
  it('refuses a conv net on huge images at batch 64 with the estimate, its parts and the limit', () => {
    const spec = nn.Sequential(
      nn.Conv2d(3, 64, 3, { padding: 1 }),
      nn.ReLU(),
      nn.AdaptiveAvgPool2d(1),
      nn.Flatten(),
      nn.Linear(64, 10),
    );
    const m = trainingMemory(spec, [3, 1024, 1024], 64);
    expect(m.totalBytes).toBeGreaterThan(MAX_TRAINING_BYTES);
    expect(() => checkTrainingMemory('train()', spec, [3, 1024, 1024], 64)).toThrow(
      /^train\(\): training this model at batch size 64 needs about 3[0-9.]* GB \(.* of layer outputs kept for the backward pass.*over the limit of 3 GB.*batchSize of at most \d+/,
    );
  });

  it('refuses huge channel counts, and says when not even one image fits', () => {
    const wide = nn.Sequential(nn.Conv2d(1, 100_000, 3, { padding: 1 }), nn.Flatten());
    expect(() => checkTrainingMemory('train()', wide, [1, 128, 128], 64)).toThrow(/even one image does not fit/);
  });

  it('accepts the largest batch it offers, and refuses one more', () => {
    const spec = nn.Sequential(nn.Conv2d(3, 64, 3, { padding: 1 }), nn.Flatten());
    const fits = largestBatchThatFits(trainingMemory(spec, [3, 512, 512], 1));
    expect(fits).toBeGreaterThan(0);
    expect(() => checkTrainingMemory('train()', spec, [3, 512, 512], fits)).not.toThrow();
    expect(() => checkTrainingMemory('train()', spec, [3, 512, 512], fits + 1)).toThrow(RangeError);
  });
});
