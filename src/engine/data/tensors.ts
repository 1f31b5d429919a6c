// Turns prepared image bytes into the tensors a model trains on. tfjs is
// channels-last, so images are [N, H, W, 1]; the reader still sees [B, C, H, W].
import * as tf from '@tensorflow/tfjs';

import type { LabelledImages } from '../contract/images.ts';

/**
 * The first `count` images (default all) as `x` float32 [N, H, W, C] in [0, 1] (C = `split.channels`, default 1)
 * and `y` int32 [N] class indices. The caller owns and disposes both.
 */
export function toTensors(split: LabelledImages, count?: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const n = count ?? split.count;
  if (!Number.isInteger(n) || n < 0 || n > split.count) {
    throw new Error(`toTensors: count must be a whole number from 0 to ${split.count}; got ${String(count)}.`);
  }
  const channels = split.channels ?? 1;
  const pixels = split.height * split.width * channels;
  // Scaling in plain JS rather than with tf.div keeps a 25 MB intermediate
  // uint8-as-float tensor from ever existing on the backend.
  const x = new Float32Array(n * pixels);
  const src = split.images;
  for (let i = 0; i < x.length; i++) x[i] = src[i]! / 255;
  const y = Int32Array.from(split.labels.subarray(0, n));
  return {
    x: tf.tensor4d(x, [n, split.height, split.width, channels], 'float32'),
    y: tf.tensor1d(y, 'int32'),
  };
}

/** Image `index` as a batch of one, float32 [1, H, W, C] in [0, 1]. */
export function imageTensor(split: LabelledImages, index: number): tf.Tensor4D {
  if (!Number.isInteger(index) || index < 0 || index >= split.count) {
    throw new Error(`imageTensor: index must be a whole number from 0 to ${split.count - 1}; got ${String(index)}.`);
  }
  const channels = split.channels ?? 1;
  const pixels = split.height * split.width * channels;
  const x = new Float32Array(pixels);
  const src = split.images.subarray(index * pixels, (index + 1) * pixels);
  for (let i = 0; i < pixels; i++) x[i] = src[i]! / 255;
  return tf.tensor4d(x, [1, split.height, split.width, channels], 'float32');
}
