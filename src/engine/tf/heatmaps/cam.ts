// Class activation mapping (Zhou et al. 2016). When a model ends in global
// average pooling and one linear layer, its logit for class c is
//   y_c = sum_k w_ck * mean_ij A_k(i, j) + b_c = mean_ij [ sum_k w_ck A_k(i, j) ] + b_c,
// so M_c(i, j) = sum_k w_ck A_k(i, j) says how much each position adds to y_c.
// Nothing but the weights and one forward pass is needed, and it exists only
// for this architecture: anything between the pooling and the class score
// (a hidden layer, a flatten of a whole map) breaks the sum apart.

import * as tf from '@tensorflow/tfjs';
import type { Heatmap } from '../../contract';
import { checkImage, readGrid, resolveClass, upsample, type ClassChoice } from './heatmap';

/** Layers that may sit between the pooling and the linear layer without changing the sum. */
const PASS_THROUGH = new Set(['Reshape', 'Flatten', 'Dropout']);

interface CamParts {
  /** The layer whose output the pooling averages. */
  maps: tf.layers.Layer;
  /** The linear classifier: kernel [C, classes]. */
  linear: tf.layers.Layer;
}

function only<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

/** The layers CAM needs, or an error that says why this model has none. */
export function camParts(model: tf.LayersModel): CamParts {
  const outputLayer = model.outputLayers[0];
  const why = (reason: string) =>
    new Error(
      `cam: CAM needs a model that ends in global average pooling and one linear layer; ${reason}. Grad-CAM works on any conv layer.`,
    );
  if (!outputLayer || outputLayer.getClassName() !== 'Dense') throw why('its output does not come from a linear layer');
  let layer: tf.layers.Layer | undefined = only(outputLayer.inboundNodes)?.inboundLayers[0];
  while (layer && PASS_THROUGH.has(layer.getClassName())) layer = only(layer.inboundNodes)?.inboundLayers[0];
  if (!layer || layer.getClassName() !== 'GlobalAveragePooling2D') {
    throw why(`before '${outputLayer.name}' there is ${layer ? `'${layer.name}' (${layer.getClassName()})` : 'no single layer'}`);
  }
  const maps = only(layer.inboundNodes)?.inboundLayers[0];
  if (!maps) throw why('the pooling has no single input');
  return { maps, linear: outputLayer };
}

export interface CamOptions {
  /** Default: the model's predicted class. */
  classIndex?: ClassChoice;
}

/** The class activation map M_c, signed (negative: evidence against c), upsampled to the input. */
export async function cam(model: tf.LayersModel, image: tf.Tensor4D, opts: CamOptions = {}): Promise<Heatmap> {
  const [height, width] = checkImage(model, image, 'cam');
  const { maps, linear } = camParts(model);
  const classIndex = await resolveClass(model, image, opts.classIndex ?? 'predicted', 'cam');
  const probe = tf.model({ inputs: model.inputs, outputs: maps.output as tf.SymbolicTensor });
  const [coarse, full] = tf.tidy(() => {
    const activations = (probe.predict(image) as tf.Tensor4D).squeeze([0]) as tf.Tensor3D; // [h, w, C]
    const kernel = linear.getWeights()[0] as tf.Tensor2D; // [C, classes]
    const w = kernel.slice([0, classIndex], [-1, 1]).reshape([-1]);
    const map = activations.mul(w).sum(2) as tf.Tensor2D;
    return [map, upsample(map, height, width)];
  });
  const [coarseGrid, grid] = await Promise.all([readGrid(coarse), readGrid(full)]);
  return { ...grid, method: 'cam', classIndex, layer: maps.name, signed: true, coarse: coarseGrid };
}
