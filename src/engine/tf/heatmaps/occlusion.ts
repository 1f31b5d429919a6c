// Occlusion sensitivity (Zeiler and Fergus 2014): hide one patch of the image
// at a time and see how far the class probability falls. It needs no
// gradients, only forward passes, so it treats the model as a black box; the
// price is one forward pass per patch position.

import * as tf from '@tensorflow/tfjs';
import type { Heatmap } from '../../contract';
import { checkImage, resolveClass, type ClassChoice } from './heatmap';

export interface OcclusionOptions {
  /** Default: the model's predicted class. */
  classIndex?: ClassChoice;
  /** Side of the square patch in pixels; default 6. */
  patch?: number;
  /** Step between patch positions; default 2. */
  stride?: number;
  /** Value the patch is filled with; default 0 (black, the background of Fashion-MNIST). */
  fill?: number;
  /** Occluded images per forward pass; default 64. */
  batchSize?: number;
}

/** Top-left corners 0, stride, 2 stride, ..., and always the last one that fits, so every pixel is covered. */
export function patchPositions(size: number, patch: number, stride: number): number[] {
  const positions: number[] = [];
  for (let p = 0; p + patch <= size; p += stride) positions.push(p);
  if (positions[positions.length - 1] !== size - patch) positions.push(size - patch);
  return positions;
}

/**
 * Each pixel's value is the mean, over the patches that cover it, of
 * p_c(image) - p_c(image with the patch hidden): positive where hiding the
 * pixel costs the class probability, negative where it helps.
 */
export async function occlusion(model: tf.LayersModel, image: tf.Tensor4D, opts: OcclusionOptions = {}): Promise<Heatmap> {
  const [height, width] = checkImage(model, image, 'occlusion');
  const { patch = 6, stride = 2, fill = 0, batchSize = 64 } = opts;
  for (const [name, value] of [
    ['patch', patch],
    ['stride', stride],
    ['batchSize', batchSize],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`occlusion: ${name} must be a positive integer, got ${value}`);
  }
  if (patch > height || patch > width)
    throw new Error(`occlusion: a ${patch}-pixel patch does not fit the ${height}x${width} image`);
  const classIndex = await resolveClass(model, image, opts.classIndex ?? 'predicted', 'occlusion');
  const rows = patchPositions(height, patch, stride);
  const cols = patchPositions(width, patch, stride);
  const corners = rows.flatMap((r) => cols.map((c) => [r, c] as const));
  const probabilityOf = async (batch: tf.Tensor4D): Promise<Float32Array> => {
    const p = tf.tidy(() =>
      tf
        .softmax(model.predict(batch) as tf.Tensor2D)
        .gather([classIndex], 1)
        .reshape([-1]),
    );
    try {
      return Float32Array.from(await p.data<'float32'>());
    } finally {
      p.dispose();
    }
  };
  const [base = 0] = await probabilityOf(image);
  const total = new Float32Array(height * width);
  const count = new Float32Array(height * width);
  for (let start = 0; start < corners.length; start += batchSize) {
    const chunk = corners.slice(start, start + batchSize);
    const batch = tf.tidy(() => {
      // A 0/1 keep-mask per position: the image where it is 1, the fill where 0.
      const masks = new Float32Array(chunk.length * height * width).fill(1);
      chunk.forEach(([r, c], k) => {
        for (let y = r; y < r + patch; y++)
          masks.fill(0, k * height * width + y * width + c, k * height * width + y * width + c + patch);
      });
      const keep = tf.tensor4d(masks, [chunk.length, height, width, 1]);
      return image.mul(keep).add(tf.scalar(1).sub(keep).mul(fill)) as tf.Tensor4D;
    });
    let probabilities: Float32Array;
    try {
      probabilities = await probabilityOf(batch);
    } finally {
      batch.dispose();
    }
    chunk.forEach(([r, c], k) => {
      const drop = base - probabilities[k]!;
      for (let y = r; y < r + patch; y++) {
        for (let x = c; x < c + patch; x++) {
          total[y * width + x]! += drop;
          count[y * width + x]! += 1;
        }
      }
    });
  }
  const values = total.map((t, i) => t / count[i]!);
  return { width, height, values, method: 'occlusion', classIndex, signed: true };
}
