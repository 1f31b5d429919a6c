// The size of each layer's weight gradient for one batch: how strongly the
// loss pulls on each layer before any training step, which shows whether the
// gradient reaching the layers near the input has vanished or exploded.

import * as tf from '@tensorflow/tfjs';

/** One layer's weight gradient, as PyTorch's `layer.weight.grad.norm()` after `loss.backward()`. */
export interface LayerGradientNorm {
  /** The tfjs layer, named after the PyTorch module path (`conv2d_3.conv1`). */
  layer: string;
  /** The Frobenius norm of d loss / d weight (the kernel; biases and BatchNorm's scales are left out). */
  norm: number;
}

/**
 * The mean cross-entropy of the model on (x, y) in training mode (BatchNorm
 * uses the batch's statistics, as in `model.train()`), differentiated with
 * respect to every layer's kernel, input side first.
 */
export async function weightGradientNorms(model: tf.LayersModel, x: tf.Tensor4D, y: tf.Tensor1D): Promise<LayerGradientNorm[]> {
  const kernels = model.layers.flatMap((layer) =>
    // The kernel is the weight of rank 2 or more; biases and BatchNorm's scale and shift are vectors.
    layer.trainableWeights
      .filter((w) => w.shape.length >= 2)
      .map((w) => ({ layer: layer.name, variable: w.read() as tf.Variable })),
  );
  if (kernels.length === 0)
    throw new Error('gradientNorms: the model has no layer with weights (a convolution or a linear layer)');
  const norms = tf.tidy(() => {
    const { grads } = tf.variableGrads(
      () => {
        const logits = model.apply(x, { training: true }) as tf.Tensor2D;
        const classes = logits.shape[1];
        return tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(y, classes), tf.logSoftmax(logits)), -1))) as tf.Scalar;
      },
      kernels.map((k) => k.variable),
    );
    return tf.stack(kernels.map((k) => tf.norm(grads[k.variable.name]!)));
  });
  try {
    const values = await norms.data();
    return kernels.map((k, i) => ({ layer: k.layer, norm: values[i]! }));
  } finally {
    norms.dispose();
  }
}
