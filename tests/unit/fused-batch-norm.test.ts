// The fused BatchNorm training op against tf.layers' own path (tf.moments +
// tf.batchNormalization, differentiated op by op), and its running statistics
// against PyTorch's update rule. End-to-end agreement with PyTorch's gradients
// is in gradient-norms.test.ts, whose model has BatchNorm layers.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchNormTraining, useFusedTrainingPath } from '../../src/engine/tf/fused-batch-norm';
import { provideNativeKernels } from '../../src/engine/tf/native-kernels';
import { registerWasmTrainingKernelsInNode, useWasmBackend } from '../../src/engine/tf/wasm-node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function seeded(shape: number[], seed: number, shift = 0): tf.Tensor {
  return tf.tidy(() => tf.add(tf.randomNormal(shape, 0, 1.5, 'float32', seed), shift));
}

/** The textbook op, differentiated by autodiff: what tf.layers trains through. */
function reference(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const axes = [...Array(x.rank - 1).keys()];
  const { mean, variance } = tf.moments(x, axes);
  return tf.batchNorm(x, mean, variance, beta, gamma, epsilon);
}

function maxAbsDiff(a: tf.Tensor | undefined, b: tf.Tensor | undefined): number {
  if (a === undefined || b === undefined) throw new Error('missing tensor');
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] ?? NaN);
}

// On the CPU backend the op composes tf ops; on WASM it runs BatchNorm's two
// native kernels where the channel count is a multiple of 4, and their
// JavaScript fallback when the native kernels are not loaded.
describe.each(['cpu', 'wasm', 'wasm without the native kernels'])('batchNormTraining on %s', (backend) => {
  beforeAll(async () => {
    if (backend === 'cpu') return;
    await useWasmBackend();
    if (backend !== 'wasm') provideNativeKernels({ plain: null });
  });
  afterAll(async () => {
    if (backend === 'wasm without the native kernels') registerWasmTrainingKernelsInNode();
    await tf.setBackend('cpu');
  });

  for (const shape of [
    [4, 5, 6, 3],
    [2, 7, 7, 8],
    [16, 10],
    [3, 6, 5, 12],
  ] as const) {
    it(`matches autodiff through tf.moments + tf.batchNorm: output and the gradients of x, γ, β (${shape.join('x')})`, () => {
      const c = shape[shape.length - 1] ?? 1;
      const dims = [...shape];
      const x = seeded(dims, 1, 0.7);
      const gamma = seeded([c], 2, 1);
      const beta = seeded([c], 3);
      const upstream = seeded(dims, 4);
      const eps = 1e-5;
      const loss = (f: typeof reference) => (xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(f(xs, g, b, eps), upstream));
      const fused = (xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor, e: number) => {
        const { y, mean, variance } = batchNormTraining(xs, g, b, e);
        tf.dispose([mean, variance]);
        return y;
      };
      const before = tf.memory().numTensors;
      const want = tf.grads(loss(reference))([x, gamma, beta]);
      const got = tf.grads(loss(fused))([x, gamma, beta]);
      const wantY = tf.tidy(() => reference(x, gamma, beta, eps));
      const gotY = fused(x, gamma, beta, eps);
      expect(maxAbsDiff(gotY, wantY)).toBeLessThan(1e-5);
      for (let i = 0; i < 3; i++) expect(maxAbsDiff(got[i], want[i])).toBeLessThan(2e-4);
      tf.dispose([...want, ...got, wantY, gotY]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, gamma, beta, upstream]);
    });
  }
});

describe('batchNormTraining', () => {
  it('returns the batch mean and the biased variance', () => {
    const x = tf.tensor2d([1, 10, 3, 20, 5, 60], [3, 2]);
    const { y, mean, variance } = batchNormTraining(x, tf.ones([2]), tf.zeros([2]), 1e-5);
    expect(Array.from(mean.dataSync())).toEqual([3, 30]);
    expect(variance.dataSync()[0]).toBeCloseTo(8 / 3, 5);
    expect(variance.dataSync()[1]).toBeCloseTo(1400 / 3, 3);
    tf.dispose([x, y, mean, variance]);
  });
});

describe('useFusedTrainingPath', () => {
  function layer(momentum: number) {
    const bn = tf.layers.batchNormalization({ axis: -1, momentum, epsilon: 1e-5 });
    useFusedTrainingPath(bn);
    return bn;
  }

  it('updates the running mean and the running variance as PyTorch does (unbiased variance, momentum 0.1)', () => {
    const bn = layer(0.9);
    const x = seeded([3, 4, 4, 2], 7, 2);
    const out = bn.apply(x, { training: true }) as tf.Tensor;
    const n = 3 * 4 * 4;
    const values = x.reshape([n, 2]).arraySync() as number[][];
    const [, , runningMean, runningVar] = bn.getWeights().map((w) => w.dataSync());
    if (runningMean === undefined || runningVar === undefined) throw new Error('no running statistics');
    for (let c = 0; c < 2; c++) {
      const column = values.map((row) => row[c] ?? NaN);
      const mean = column.reduce((s, v) => s + v, 0) / n;
      const unbiased = column.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
      expect(runningMean[c]).toBeCloseTo(0.9 * 0 + 0.1 * mean, 5);
      expect(runningVar[c]).toBeCloseTo(0.9 * 1 + 0.1 * unbiased, 5);
    }
    tf.dispose([x, out]);
  });

  it('keeps evaluation mode on the running statistics, untouched', () => {
    const bn = layer(0.9);
    const x = seeded([2, 3, 3, 2], 8, 5);
    const out = bn.apply(x, { training: false }) as tf.Tensor;
    // Fresh statistics (mean 0, variance 1): evaluation is x / sqrt(1 + eps).
    expect(maxAbsDiff(out, tf.div(x, Math.sqrt(1 + 1e-5)))).toBeLessThan(1e-5);
    expect(Array.from(bn.getWeights()[2]?.dataSync() ?? [])).toEqual([0, 0]);
    tf.dispose([x, out]);
  });
});
