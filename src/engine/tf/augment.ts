// Data augmentation on the device, for NHWC batches [B, H, W, C].
//
// Each transform draws its random choices in plain TypeScript from a seeded
// `Random` (so a seed reproduces them on every backend, and tests can check the
// draws without tensors), then applies them with a few whole-batch tfjs ops
// (no per-image loop of kernels). The `draw*` functions are the draws alone.
// Semantics follow torchvision: RandomHorizontalFlip, RandomCrop(size,
// padding) with zero fill, and v2.MixUp / v2.CutMix, except that the partner
// batch is a random permutation (as in the mixup and CutMix papers' code)
// rather than the batch rolled by one.
//
// Every function returns new tensors that the caller owns, and frees the rest.

import * as tf from '@tensorflow/tfjs';
import { beta, permutation, type Random } from '../reference/seeded-random';
import {
  boxArea,
  checkPadding,
  drawCropOffsets,
  drawCutMixBox,
  drawFlips,
  type Box,
  type CropOffset,
} from '../reference/augment-draws';

export { boxArea, drawCropOffsets, drawCutMixBox, drawFlips, type Box, type CropOffset };

function checkBatch(images: tf.Tensor, what: string): [number, number, number, number] {
  if (images.rank !== 4) throw new Error(`${what}: expected images [B, H, W, C], got [${images.shape.join(', ')}]`);
  return images.shape as [number, number, number, number];
}

/** Mirrors the images whose `flips` entry is true (left–right: the W axis). */
export function flipImages(images: tf.Tensor4D, flips: readonly boolean[]): tf.Tensor4D {
  const [b] = checkBatch(images, 'flipImages');
  if (flips.length !== b) throw new Error(`flipImages: ${flips.length} choices for ${b} images`);
  return tf.tidy(() => {
    const mask = tf.tensor4d(Uint8Array.from(flips, Number), [b, 1, 1, 1], 'bool');
    return tf.where(mask, tf.reverse(images, 2), images);
  });
}

/** torchvision's RandomHorizontalFlip(p), drawn for each image of the batch. */
export function randomHorizontalFlip(images: tf.Tensor4D, random: Random, p = 0.5): tf.Tensor4D {
  return flipImages(images, drawFlips(checkBatch(images, 'randomHorizontalFlip')[0], random, p));
}

/**
 * Pads each image with `padding` zeros on every side and crops it back to
 * H×W at its offset. One gather for the whole batch: the offsets differ per
 * image, which slice cannot express, and a gather is exact on every backend.
 */
export function cropImages(images: tf.Tensor4D, offsets: readonly CropOffset[], padding: number): tf.Tensor4D {
  const [b, h, w, c] = checkBatch(images, 'cropImages');
  checkPadding('cropImages', padding);
  if (offsets.length !== b) throw new Error(`cropImages: ${offsets.length} offsets for ${b} images`);
  const [hp, wp] = [h + 2 * padding, w + 2 * padding];
  const index = new Int32Array(b * h * w);
  offsets.forEach(({ top, left }, i) => {
    if (!(top >= 0 && top <= 2 * padding && left >= 0 && left <= 2 * padding)) {
      throw new RangeError(`cropImages: offset (${top}, ${left}) of image ${i} is outside 0..${2 * padding}`);
    }
    for (let y = 0; y < h; y++) {
      const row = (i * hp + top + y) * wp + left;
      for (let x = 0; x < w; x++) index[(i * h + y) * w + x] = row + x;
    }
  });
  return tf.tidy(() => {
    const padded = tf.pad(images, [
      [0, 0],
      [padding, padding],
      [padding, padding],
      [0, 0],
    ]);
    const pixels = tf.reshape(padded, [b * hp * wp, c]);
    return tf.reshape(tf.gather(pixels, tf.tensor1d(index, 'int32')), [b, h, w, c]) as tf.Tensor4D;
  });
}

/** torchvision's RandomCrop((H, W), padding), drawn for each image of the batch. */
export function randomCrop(images: tf.Tensor4D, random: Random, padding: number): tf.Tensor4D {
  return cropImages(images, drawCropOffsets(checkBatch(images, 'randomCrop')[0], random, padding), padding);
}

/** Class indices [B] (int32, with `classes`) or one-hot / soft labels [B, K]. */
export type Labels = tf.Tensor1D | tf.Tensor2D;

export interface MixOptions {
  /** λ ~ Beta(alpha, alpha). Default 1 (uniform). */
  alpha?: number;
  /** The number of classes, needed when labels are class indices. */
  classes?: number;
}

export interface MixedBatch {
  images: tf.Tensor4D;
  /** Soft labels [B, K]: weight `lambda` on each image's own label, 1 - lambda on its partner's. */
  labels: tf.Tensor2D;
  lambda: number;
  /** Image i is mixed with image permutation[i]. */
  permutation: Int32Array;
}

function softLabels(labels: Labels, batch: number, classes: number | undefined, what: string): tf.Tensor2D {
  if (labels.shape[0] !== batch) throw new Error(`${what}: ${labels.shape[0]} labels for ${batch} images`);
  if (labels.rank === 2) return tf.cast(labels, 'float32') as tf.Tensor2D;
  if (labels.dtype !== 'int32') throw new Error(`${what}: class-index labels must be int32, got ${labels.dtype}`);
  if (classes === undefined || !Number.isInteger(classes) || classes < 1) {
    throw new Error(`${what}: class-index labels need the number of classes (options.classes)`);
  }
  return tf.cast(tf.oneHot(labels as tf.Tensor1D, classes), 'float32') as tf.Tensor2D;
}

function checkAlpha(what: string, alpha: number): void {
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new RangeError(`${what}: alpha must be positive, got ${alpha}`);
}

/**
 * Blends labels: `own` of each image's label plus `partner` of its partner's.
 * Both weights are given so that each is exact (1 - (1 - a) need not be a).
 */
function mixLabels(
  labels: Labels,
  order: tf.Tensor1D,
  own: number,
  partner: number,
  classes: number | undefined,
  what: string,
): tf.Tensor2D {
  const soft = softLabels(labels, order.shape[0], classes, what);
  return tf.add(tf.mul(soft, own), tf.mul(tf.gather(soft, order), partner)) as tf.Tensor2D;
}

/** mixup: λ·x + (1 - λ)·x[perm], and the labels alike, with one λ ~ Beta(α, α) for the batch. */
export function mixup(images: tf.Tensor4D, labels: Labels, random: Random, { alpha = 1, classes }: MixOptions = {}): MixedBatch {
  const [b] = checkBatch(images, 'mixup');
  checkAlpha('mixup', alpha);
  const lambda = beta(random, alpha, alpha);
  const order = permutation(b, random);
  const [mixed, mixedLabels] = tf.tidy((): [tf.Tensor4D, tf.Tensor2D] => {
    const partner = tf.tensor1d(order, 'int32');
    const x = tf.add(tf.mul(images, lambda), tf.mul(tf.gather(images, partner), 1 - lambda)) as tf.Tensor4D;
    return [x, mixLabels(labels, partner, lambda, 1 - lambda, classes, 'mixup')];
  });
  return { images: mixed, labels: mixedLabels, lambda, permutation: order };
}

export interface CutMixBatch extends MixedBatch {
  /** The pasted box, the same for every image of the batch. */
  box: Box;
  /** Its exact share of the image, the partner label's weight. */
  area: number;
}

/**
 * CutMix: each image gets the box cut from its partner x[perm]; λ ~ Beta(α, α)
 * sets the box's size, and the labels are weighted by the exact pasted area:
 * `area` on the partner's label, `lambda` = 1 - area on the image's own.
 */
export function cutmix(
  images: tf.Tensor4D,
  labels: Labels,
  random: Random,
  { alpha = 1, classes }: MixOptions = {},
): CutMixBatch {
  const [b, h, w] = checkBatch(images, 'cutmix');
  checkAlpha('cutmix', alpha);
  const box = drawCutMixBox(h, w, beta(random, alpha, alpha), random);
  const order = permutation(b, random);
  const area = boxArea(box, h, w);
  const inBox = new Uint8Array(h * w);
  for (let y = box.top; y < box.bottom; y++) inBox.fill(1, y * w + box.left, y * w + box.right);
  const [mixed, mixedLabels] = tf.tidy((): [tf.Tensor4D, tf.Tensor2D] => {
    const partner = tf.tensor1d(order, 'int32');
    const mask = tf.tensor4d(inBox, [1, h, w, 1], 'bool');
    const x = tf.where(mask, tf.gather(images, partner), images) as tf.Tensor4D;
    return [x, mixLabels(labels, partner, 1 - area, area, classes, 'cutmix')];
  });
  return { images: mixed, labels: mixedLabels, lambda: 1 - area, permutation: order, box, area };
}
