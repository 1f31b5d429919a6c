// Shared steps of the explanation methods: checking the image, picking the
// class, resizing a coarse map to the input and reading it back.

import * as tf from '@tensorflow/tfjs';
import type { HeatmapGrid } from '../../contract';

/** Which class to explain: an index, or 'predicted' for the model's top class. */
export type ClassChoice = number | 'predicted';

/** Throws unless `image` is one image [1, H, W, C] of the size the model takes. */
export function checkImage(model: tf.LayersModel, image: tf.Tensor, who: string): [number, number] {
  const expected = model.inputs[0]?.shape.slice(1) ?? [];
  if (image.rank !== 4 || image.shape[0] !== 1 || image.shape.slice(1).some((d, i) => d !== expected[i])) {
    throw new Error(`${who}: expected one image [1, ${expected.join(', ')}], got [${image.shape.join(', ')}]`);
  }
  return [image.shape[1]!, image.shape[2]!];
}

/** The class index to explain, checked against the model's number of classes. */
export async function resolveClass(model: tf.LayersModel, image: tf.Tensor4D, choice: ClassChoice, who: string): Promise<number> {
  const classes = model.outputs[0]?.shape[1] ?? 0;
  if (choice === 'predicted') {
    const top = tf.tidy(() => tf.argMax(model.predict(image) as tf.Tensor2D, 1));
    try {
      return (await top.data())[0]!;
    } finally {
      top.dispose();
    }
  }
  if (!Number.isInteger(choice) || choice < 0 || choice >= classes) {
    throw new Error(`${who}: class ${choice} is not one of the model's ${classes} classes (0 to ${classes - 1})`);
  }
  return choice;
}

/**
 * A [h, w] map resized to [H, W] bilinearly with half-pixel centres, which is
 * PyTorch's F.interpolate(mode='bilinear', align_corners=False).
 */
export function upsample(coarse: tf.Tensor2D, height: number, width: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [h, w] = coarse.shape;
    if (h === height && w === width) return coarse.clone();
    return tf.image
      .resizeBilinear(coarse.reshape([1, h, w, 1]) as tf.Tensor4D, [height, width], false, true)
      .reshape([height, width]);
  });
}

/** Reads a 2-D map back and frees it. */
export async function readGrid(map: tf.Tensor2D): Promise<HeatmapGrid> {
  try {
    const [height, width] = map.shape;
    return { width, height, values: Float32Array.from(await map.data<'float32'>()) };
  } finally {
    map.dispose();
  }
}

/**
 * The sum over the batch of logit `classIndex`, written as a product with a
 * one-hot row rather than a gather: the gather's gradient needs a kernel
 * (UnsortedSegmentSum) that tfjs' WASM backend does not have.
 */
export function classScore(logits: tf.Tensor2D, classIndex: number): tf.Scalar {
  const classes = logits.shape[1];
  return logits.mul(tf.oneHot([classIndex], classes)).sum();
}
