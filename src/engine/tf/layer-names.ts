// How a spec layer's tfjs layer is named, shared by the builder and the
// weight loader so that a PyTorch state_dict key finds its tfjs layer.
import type { LayerOf, LayerSpec, LayerType } from '../spec/layers';

/**
 * The spec layers that own weights PyTorch keeps in its state_dict.
 * torch-weights.ts keys its layouts by this list, so a type added here without
 * a layout fails the type check; tests/unit/layer-contract.test.ts fails when
 * a layer with parameters is missing from it.
 */
export const WEIGHTED_LAYER_TYPES = [
  'Conv2d',
  'BatchNorm2d',
  'Linear',
  'Conv1d',
  'Conv3d',
] as const satisfies readonly LayerType[];
export type WeightedLayerType = (typeof WEIGHTED_LAYER_TYPES)[number];

export const hasWeights = (layer: LayerSpec): layer is LayerOf<WeightedLayerType> =>
  (WEIGHTED_LAYER_TYPES as readonly LayerType[]).includes(layer.type);

/** `${type}_${PyTorch path}`, e.g. `conv2d_layer1.0.conv1`; the root module is `model`. */
export const layerName = (type: string, path: string): string => `${type.toLowerCase()}_${path === '' ? 'model' : path}`;
