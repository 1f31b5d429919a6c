// Gradient saliency (Simonyan et al. 2014): how much the class logit changes
// per pixel, |d y_c / d x|, the largest over the channels. SmoothGrad (Smilkov
// et al. 2017) averages it over copies of the image with Gaussian noise added,
// which washes out the speckle a single gradient has.

import * as tf from '@tensorflow/tfjs';
import type { Heatmap } from '../../contract';
import { checkImage, classScore, readGrid, resolveClass, type ClassChoice } from './heatmap';

/** Saliency of each image of a batch for one class, averaged over the batch: [H, W]. */
function meanSaliency(model: tf.LayersModel, batch: tf.Tensor4D, classIndex: number): tf.Tensor2D {
  return tf.tidy(() => {
    // Each image's logit depends only on that image in evaluation mode, so one
    // backward pass of the sum gives every image its own gradient.
    const score = (x: tf.Tensor) => classScore(model.apply(x, { training: false }) as tf.Tensor2D, classIndex);
    const grads = tf.grad(score)(batch);
    return grads.abs().max(3).mean(0) as tf.Tensor2D;
  });
}

export interface SaliencyOptions {
  /** Default: the model's predicted class. */
  classIndex?: ClassChoice;
}

export async function saliency(model: tf.LayersModel, image: tf.Tensor4D, opts: SaliencyOptions = {}): Promise<Heatmap> {
  checkImage(model, image, 'saliency');
  const classIndex = await resolveClass(model, image, opts.classIndex ?? 'predicted', 'saliency');
  const grid = await readGrid(meanSaliency(model, image, classIndex));
  return { ...grid, method: 'saliency', classIndex, signed: false };
}

export interface SmoothGradOptions extends SaliencyOptions {
  /** Noisy copies averaged; default 25. */
  samples?: number;
  /** Noise standard deviation as a fraction of the image's value range (max - min); default 0.15, as the paper suggests 10-20%. */
  noiseLevel?: number;
  /** Seeds the noise, so the same seed gives the same map; default 0. */
  seed?: number;
}

/** SmoothGrad with the noise given: each entry is one noisy copy's noise, shaped as the image. */
export async function smoothGradWithNoise(
  model: tf.LayersModel,
  image: tf.Tensor4D,
  noise: tf.Tensor4D,
  classIndex: number,
): Promise<Heatmap> {
  checkImage(model, image, 'smoothGrad');
  const map = tf.tidy(() => meanSaliency(model, image.add(noise) as tf.Tensor4D, classIndex));
  const grid = await readGrid(map);
  return { ...grid, method: 'smoothgrad', classIndex, signed: false };
}

export async function smoothGrad(model: tf.LayersModel, image: tf.Tensor4D, opts: SmoothGradOptions = {}): Promise<Heatmap> {
  const { samples = 25, noiseLevel = 0.15, seed = 0 } = opts;
  if (!Number.isInteger(samples) || samples < 1)
    throw new Error(`smoothGrad: samples must be a positive integer, got ${samples}`);
  if (!(noiseLevel >= 0)) throw new Error(`smoothGrad: noiseLevel must be >= 0, got ${noiseLevel}`);
  checkImage(model, image, 'smoothGrad');
  const classIndex = await resolveClass(model, image, opts.classIndex ?? 'predicted', 'smoothGrad');
  const noise = tf.tidy(() => {
    const range = image.max().sub(image.min());
    const [, h, w, c] = image.shape;
    return tf.randomNormal([samples, h, w, c], 0, 1, 'float32', seed).mul(range.mul(noiseLevel)) as tf.Tensor4D;
  });
  try {
    return await smoothGradWithNoise(model, image, noise, classIndex);
  } finally {
    noise.dispose();
  }
}
