// Grad-CAM (Selvaraju et al. 2017): for the activations A of one layer,
// alpha_k = mean over positions of d y_c / d A_k, map = ReLU(sum_k alpha_k A_k),
// upsampled to the input. y_c is the class logit, before softmax.

import * as tf from '@tensorflow/tfjs';
import type { Heatmap } from '../../contract';
import { runGraph, outputOf } from './graph';
import { checkImage, classScore, readGrid, resolveClass, upsample, type ClassChoice } from './heatmap';

/** The layers Grad-CAM can use: those whose output is a map [B, H, W, C] larger than one pixel. */
export function spatialLayerNames(model: tf.LayersModel): string[] {
  return model.layers
    .filter((l) => {
      const shape = l.outputShape;
      const [, h = 1, w = 1] = Array.isArray(shape[0]) ? [] : (shape as (number | null)[]);
      return l.getClassName() !== 'InputLayer' && l.inboundNodes.length === 1 && shape.length === 4 && (h ?? 1) * (w ?? 1) > 1;
    })
    .map((l) => l.name);
}

/**
 * The default layer: the last conv layer's output after its BatchNorm and ReLU
 * (when they follow it), the last maps the paper uses, before any pooling
 * coarsens them.
 */
export function lastConvStage(model: tf.LayersModel): string {
  const layers = model.layers;
  let last = -1;
  layers.forEach((l, i) => {
    if (l.getClassName() === 'Conv2D' || l.getClassName() === 'DepthwiseConv2D') last = i;
  });
  if (last < 0) throw new Error('gradCam: the model has no conv layer');
  let stage = layers[last]!;
  for (const next of layers.slice(last + 1)) {
    const kind = next.getClassName();
    if (kind === 'ReLU') stage = next;
    if (kind !== 'BatchNormalization') break;
  }
  return stage.name;
}

export interface GradCamOptions {
  /** Default: the model's predicted class. */
  classIndex?: ClassChoice;
  /** A layer with a spatial output; default the last conv stage (lastConvStage). */
  layer?: string;
}

export async function gradCam(model: tf.LayersModel, image: tf.Tensor4D, opts: GradCamOptions = {}): Promise<Heatmap> {
  const [height, width] = checkImage(model, image, 'gradCam');
  const layerName = opts.layer ?? lastConvStage(model);
  const usable = spatialLayerNames(model);
  if (!usable.includes(layerName)) {
    throw new Error(`gradCam: '${layerName}' is not a layer with a [H, W, C] output; the model's are: ${usable.join(', ')}`);
  }
  const classIndex = await resolveClass(model, image, opts.classIndex ?? 'predicted', 'gradCam');
  const target = model.getLayer(layerName).output as tf.SymbolicTensor;
  const [coarse, full] = tf.tidy(() => {
    const base = runGraph(model, image);
    const activations = base.get(target.id) as tf.Tensor4D;
    const score = (a: tf.Tensor) =>
      classScore(outputOf(model, runGraph(model, image, { id: target.id, value: a, base })), classIndex);
    const grads = tf.grad(score)(activations) as tf.Tensor4D;
    const alpha = grads.mean([0, 1, 2]); // [C]: one weight per channel
    const map = tf.relu(activations.squeeze([0]).mul(alpha).sum(2)) as tf.Tensor2D;
    return [map, upsample(map, height, width)];
  });
  const [coarseGrid, grid] = await Promise.all([readGrid(coarse), readGrid(full)]);
  return { ...grid, method: 'grad-cam', classIndex, layer: layerName, signed: false, coarse: coarseGrid };
}
