// How a spec layer's tfjs layer is named, shared by the builder and the
// weight loader so that a PyTorch state_dict key finds its tfjs layer.
import type { LayerSpec } from '../spec/layers';

/** Only these spec layers own weights that PyTorch keeps in its state_dict. */
export const hasWeights = (layer: LayerSpec): boolean =>
  layer.type === 'Conv2d' || layer.type === 'BatchNorm2d' || layer.type === 'Linear';

/** `${type}_${PyTorch path}`, e.g. `conv2d_layer1.0.conv1`; the root module is `model`. */
export const layerName = (type: string, path: string): string => `${type.toLowerCase()}_${path === '' ? 'model' : path}`;
