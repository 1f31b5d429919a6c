// BatchNorm in training mode as one differentiable op with a hand-written
// gradient, installed on tf.layers' BatchNormalization layers by buildModel.
//
// Why: tf.layers normalises a training batch with tf.moments and
// tf.batchNormalization, and autodiff then walks every op of both: about two
// dozen full-size elementwise kernels per layer per step (the profile's
// Multiply, Sub, RealDiv, Sum, Tile, Square calls). The closed-form gradient
// needs two channel sums and one affine pass:
//   x̂ = (x - μ)·s, s = 1/√(σ² + ε), y = γ·x̂ + β,
//   ∂β = Σ dy, ∂γ = s·Σ dy·(x - μ),
//   ∂x = γs·dy - γs³·Σ(dy·(x - μ))/n·(x - μ) - γs·Σdy/n,
// with sums over every axis but the channel's (n values each). It also
// updates the running variance with the unbiased estimate, as PyTorch does
// (tf.layers uses the biased one).
//
// Where the backend registers BatchNorm's two kernels (batch-norm-kernels.ts;
// WASM does, natively) the forward pass and the gradient are one call each.

import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_BACKWARD, BATCH_NORM_FORWARD } from './batch-norm-kernels.ts';

/** What a tf.layers BatchNormalization holds; private in its typings, public at run time. */
interface BatchNormalizationInternals {
  axis: number;
  momentum: number;
  epsilon: number;
  gamma: tf.LayerVariable | null;
  beta: tf.LayerVariable | null;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

/** What a tf.customGrad function returns (tfjs-core does not export the type). */
interface CustomGradientResult {
  value: tf.Tensor;
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => tf.Tensor[];
}

export interface BatchStatistics {
  /** [C] mean over every axis but the last. */
  mean: tf.Tensor1D;
  /** [C] biased variance (divided by n), the one that normalises. */
  variance: tf.Tensor1D;
}

/**
 * y = γ·(x - μ)/√(σ² + ε) + β over a channels-last batch, with the batch's own
 * statistics, differentiable in x, γ and β. Also returns the statistics,
 * which the caller owns and must dispose.
 */
export function batchNormTraining(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon: number,
): { y: tf.Tensor } & BatchStatistics {
  const channels = x.shape[x.rank - 1] ?? 1;
  const axes = [...Array(x.rank - 1).keys()];
  const count = x.size / channels;
  let statistics: BatchStatistics | null = null;
  const backend = tf.getBackend();
  const native =
    channels % 4 === 0 &&
    x.dtype === 'float32' &&
    tf.getKernel(BATCH_NORM_FORWARD, backend) !== undefined &&
    tf.getKernel(BATCH_NORM_BACKWARD, backend) !== undefined;
  const nativeForward = (...args: (tf.Tensor | tf.GradSaveFunc)[]): CustomGradientResult => {
    const [xs, scale, shift, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [y, mean, variance, invStd] = tf.engine().runKernel(
      BATCH_NORM_FORWARD,
      { x: xs, gamma: scale, beta: shift },
      {
        epsilon,
      },
    ) as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
    save([xs, mean, invStd, scale]);
    // Copies for the caller, who disposes them before the gradient needs the saved mean.
    statistics = { mean: tf.keep(tf.clone(mean)), variance: tf.keep(variance) };
    return {
      value: y,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xSaved, meanSaved, invStdSaved, gammaSaved] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        return tf.engine().runKernel(BATCH_NORM_BACKWARD, {
          dy: dy as tf.Tensor,
          x: xSaved,
          mean: meanSaved,
          invStd: invStdSaved,
          gamma: gammaSaved,
        }) as tf.Tensor[];
      },
    };
  };
  const forward = (...args: (tf.Tensor | tf.GradSaveFunc)[]): CustomGradientResult => {
    const [xs, scale, shift, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const mean = tf.mean(xs, axes) as tf.Tensor1D;
    const centred = tf.sub(xs, mean);
    const variance = tf.mean(tf.square(centred), axes) as tf.Tensor1D;
    const invStd = tf.rsqrt(tf.add(variance, epsilon));
    const y = tf.add(tf.mul(centred, tf.mul(scale, invStd)), shift);
    save([centred, invStd, scale]);
    // The op's scope disposes what it made; the caller gets these two.
    statistics = { mean: tf.keep(mean), variance: tf.keep(variance) };
    return {
      value: y,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const grad = dy as tf.Tensor;
        const [c, s, g] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const sumDy = tf.sum(grad, axes);
        const sumDyCentred = tf.sum(tf.mul(grad, c), axes);
        const gs = tf.mul(g, s);
        const centredCoefficient = tf.div(tf.mul(gs, tf.mul(tf.square(s), sumDyCentred)), -count);
        const offset = tf.div(tf.mul(gs, sumDy), -count);
        const dx = tf.add(tf.add(tf.mul(grad, gs), tf.mul(c, centredCoefficient)), offset);
        return [dx, tf.mul(sumDyCentred, s), sumDy];
      },
    };
  };
  const y = tf.customGrad(native ? nativeForward : forward)(x, gamma, beta);
  if (statistics === null) throw new Error('batchNormTraining: the op did not run');
  return { y, ...(statistics as BatchStatistics) };
}

/** PyTorch's update of a running statistic: r ← (1 - m)·r + m·value, with m = 1 - Keras' momentum. */
function updateRunning(variable: tf.LayerVariable, value: tf.Tensor, kerasMomentum: number): void {
  tf.tidy(() => {
    const old = variable.read();
    variable.write(tf.add(tf.mul(old, kerasMomentum), tf.mul(value, 1 - kerasMomentum)));
  });
}

/**
 * Makes a tf.layers BatchNormalization train through batchNormTraining.
 * Evaluation mode, and layouts it does not cover (a channel axis that is not
 * last, no γ or β), keep the layer's own path.
 */
export function useFusedTrainingPath(layer: tf.layers.Layer): void {
  const call = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (x === undefined) return call(inputs, kwargs);
    const bn = layer as unknown as BatchNormalizationInternals;
    const channelLast = bn.axis === -1 || bn.axis === x.rank - 1;
    if (kwargs?.training !== true || !channelLast || x.dtype !== 'float32' || bn.gamma === null || bn.beta === null) {
      return call(inputs, kwargs);
    }
    const { gamma, beta } = bn;
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormTraining(x, gamma.read(), beta.read(), bn.epsilon);
      const n = x.size / (x.shape[x.rank - 1] ?? 1);
      updateRunning(bn.movingMean, mean, bn.momentum);
      updateRunning(bn.movingVariance, n > 1 ? tf.mul(variance, n / (n - 1)) : variance, bn.momentum);
      tf.dispose([mean, variance]);
      return y;
    });
  };
}
