// Weights in PyTorch's layout (a state_dict) into a model built by buildModel:
// conv OIHW -> HWIO, depthwise -> tfjs's depthwise layout, Linear transposed,
// BatchNorm's affine parameters and running statistics.
import * as tf from '@tensorflow/tfjs';
import { namedModules } from '../spec/infer';
import { Conv2d, isContainer, type LayerOf, type LayerSpec, type ModuleSpec } from '../spec/layers';
import { show } from '../spec/rules';
import { hasWeights, layerName, type WeightedLayerType } from './layer-names';

/** One tensor of a PyTorch state_dict: `{ shape: t.shape, data: t.flatten().tolist() }`. */
export interface TorchTensor {
  shape: readonly number[];
  data: ArrayLike<number>;
}

export type TorchStateDict = ReadonlyMap<string, TorchTensor> | Readonly<Record<string, TorchTensor>>;

interface WeightLayout<L> {
  /** The state_dict entries of the layer, by suffix, with the shapes PyTorch gives them. */
  torch(layer: L): [suffix: string, shape: number[]][];
  /** From PyTorch's tensors (in that order) to the tfjs layer's weights (in getWeights() order). */
  toTf(layer: L, tensors: tf.Tensor[]): tf.Tensor[];
  /** The way back: the tfjs layer's weights to PyTorch's tensors, in `torch(layer)` order. */
  fromTf(layer: L, weights: tf.Tensor[]): tf.Tensor[];
}

const weightLayouts: { readonly [K in WeightedLayerType]: WeightLayout<LayerOf<K>> } = {
  Conv2d: {
    torch: (l) => [
      ['weight', [l.outChannels, l.inChannels / l.groups, ...l.kernelSize]],
      ...(l.bias ? [['bias', [l.outChannels]] as [string, number[]]] : []),
    ],
    toTf(l, [weight, ...bias]) {
      const [kh, kw] = l.kernelSize;
      // PyTorch's depthwise [C*m, 1, kh, kw] (output c*m + j from input c) is tfjs' [kh, kw, C, m].
      const kernel =
        l.groups > 1
          ? tf.transpose(tf.reshape(weight!, [l.inChannels, l.outChannels / l.inChannels, kh, kw]), [2, 3, 0, 1])
          : tf.transpose(weight!, [2, 3, 1, 0]); // OIHW -> HWIO
      return [kernel, ...bias];
    },
    fromTf(l, [kernel, ...bias]) {
      const [kh, kw] = l.kernelSize;
      const weight =
        l.groups > 1
          ? tf.reshape(tf.transpose(kernel!, [2, 3, 0, 1]), [l.outChannels, 1, kh, kw])
          : tf.transpose(kernel!, [3, 2, 0, 1]); // HWIO -> OIHW
      return [weight, ...bias];
    },
  },
  BatchNorm2d: {
    torch: (l) => ['weight', 'bias', 'running_mean', 'running_var'].map((s) => [s, [l.numFeatures]]),
    // tfjs: gamma, beta, moving mean, moving variance: the same order.
    toTf: (_l, tensors) => tensors,
    fromTf: (_l, weights) => weights,
  },
  Linear: {
    torch: (l) => [
      ['weight', [l.outFeatures, l.inFeatures]],
      ...(l.bias ? [['bias', [l.outFeatures]] as [string, number[]]] : []),
    ],
    toTf: (_l, [weight, ...bias]) => [tf.transpose(weight!), ...bias],
    fromTf: (_l, [kernel, ...bias]) => [tf.transpose(kernel!), ...bias],
  },
  // Built as a Conv2d of height 1 (build-model's as2d): [O, I/g, K] is [O, I/g, 1, K], then as Conv2d.
  Conv1d: {
    torch: (l) => [
      ['weight', [l.outChannels, l.inChannels / l.groups, l.kernelSize]],
      ...(l.bias ? [['bias', [l.outChannels]] as [string, number[]]] : []),
    ],
    toTf(l, [weight, ...bias]) {
      const as2d = Conv2d(l.inChannels, l.outChannels, [1, l.kernelSize], { groups: l.groups, bias: l.bias });
      const [o, i] = weight!.shape as [number, number, number];
      return weightLayouts.Conv2d.toTf(as2d, [tf.reshape(weight!, [o, i, 1, l.kernelSize]), ...bias]);
    },
    fromTf(l, tensors) {
      const as2d = Conv2d(l.inChannels, l.outChannels, [1, l.kernelSize], { groups: l.groups, bias: l.bias });
      const [weight, ...bias] = weightLayouts.Conv2d.fromTf(as2d, tensors);
      return [tf.reshape(weight!, [l.outChannels, l.inChannels / l.groups, l.kernelSize]), ...bias];
    },
  },
  Conv3d: {
    torch: (l) => [
      ['weight', [l.outChannels, l.inChannels / l.groups, ...l.kernelSize]],
      ...(l.bias ? [['bias', [l.outChannels]] as [string, number[]]] : []),
    ],
    toTf: (_l, [weight, ...bias]) => [tf.transpose(weight!, [2, 3, 4, 1, 0]), ...bias], // OIDHW -> DHWIO
    fromTf: (_l, [kernel, ...bias]) => [tf.transpose(kernel!, [4, 3, 0, 1, 2]), ...bias], // DHWIO -> OIDHW
  },
};

/**
 * Sets the weights of a model built by buildModel(spec) from a PyTorch
 * state_dict (names like `features.0.weight`, `layer1.0.bn1.running_mean`):
 * convolution kernels OIHW -> HWIO (depthwise ones to tfjs' depthwise layout),
 * Linear weights transposed, BatchNorm's weight, bias and running statistics.
 * Like load_state_dict(strict=True), a key that fits no layer is an error
 * (`num_batches_tracked` aside, which tfjs does not keep); strict: false ignores them.
 * Every weight is checked before any is set. `only` picks the layers to set by
 * their PyTorch path (a backbone under a new head): the others keep the weights
 * they have, and the state_dict need not hold theirs.
 */
export function loadTorchWeights(
  model: tf.LayersModel,
  spec: ModuleSpec,
  weights: TorchStateDict,
  opts: { strict?: boolean; only?: (path: string) => boolean } = {},
): void {
  const { strict = true, only = () => true } = opts;
  const entries: ReadonlyMap<string, TorchTensor> = weights instanceof Map ? weights : new Map(Object.entries(weights));
  const unused = new Set([...entries.keys()].filter((key) => !key.endsWith('.num_batches_tracked')));
  const plan: { layer: tf.layers.Layer; spec: LayerSpec; values: { data: Float32Array; shape: number[] }[] }[] = [];
  for (const [path, module] of namedModules(spec)) {
    if (isContainer(module) || !hasWeights(module) || !only(path)) continue;
    const layout = weightLayouts[module.type] as WeightLayout<LayerSpec>;
    const label = `${module.type} ${path || '(the model)'}`;
    const values = layout.torch(module).map(([suffix, shape]) => {
      const key = path === '' ? suffix : `${path}.${suffix}`;
      const tensor = entries.get(key);
      if (!tensor) throw new Error(`loadTorchWeights: missing '${key}' (${label} needs ${show(shape)})`);
      unused.delete(key);
      if (tensor.shape.length !== shape.length || tensor.shape.some((d, i) => d !== shape[i])) {
        throw new Error(`loadTorchWeights: '${key}' has shape ${show(tensor.shape)} but ${label} needs ${show(shape)}`);
      }
      const size = shape.reduce((a, b) => a * b, 1);
      if (tensor.data.length !== size) {
        throw new Error(`loadTorchWeights: '${key}' has ${tensor.data.length} values but its shape ${show(shape)} holds ${size}`);
      }
      return { data: Float32Array.from(tensor.data), shape };
    });
    const name = layerName(module.type, path);
    let layer: tf.layers.Layer;
    try {
      layer = model.getLayer(name);
    } catch {
      throw new Error(
        `loadTorchWeights: the model has no layer '${name}' for ${label}; build the model from this spec with buildModel`,
      );
    }
    plan.push({ layer, spec: module, values });
  }
  if (strict && unused.size > 0) {
    const keys = [...unused];
    const listed =
      keys
        .slice(0, 5)
        .map((k) => `'${k}'`)
        .join(', ') + (keys.length > 5 ? `, and ${keys.length - 5} more` : '');
    throw new Error(
      `loadTorchWeights: ${keys.length} weight(s) match no layer of the spec: ${listed}; pass { strict: false } to ignore them`,
    );
  }
  for (const { layer, spec: layerSpec, values } of plan) {
    const layout = weightLayouts[layerSpec.type as keyof typeof weightLayouts] as WeightLayout<LayerSpec>;
    const tensors = tf.tidy(() =>
      layout.toTf(
        layerSpec,
        values.map((v) => tf.tensor(v.data, v.shape)),
      ),
    );
    try {
      layer.setWeights(tensors);
    } finally {
      tf.dispose(tensors);
    }
  }
}

/**
 * The model's weights as PyTorch's state_dict of the same spec (what
 * `model.state_dict()` holds, `num_batches_tracked` aside): the inverse of
 * loadTorchWeights, so that loading the result gives back the same model.
 */
export function torchStateDict(model: tf.LayersModel, spec: ModuleSpec): Map<string, { shape: number[]; data: Float32Array }> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [path, module] of namedModules(spec)) {
    if (isContainer(module) || !hasWeights(module)) continue;
    const layout = weightLayouts[module.type] as WeightLayout<LayerSpec>;
    const name = layerName(module.type, path);
    let layer: tf.layers.Layer;
    try {
      layer = model.getLayer(name);
    } catch {
      throw new Error(
        `torchStateDict: the model has no layer '${name}' for ${module.type} ${path || '(the model)'}; was it built from this spec?`,
      );
    }
    // getWeights() gives the layer's own variables, and a layout may pass them through: copy, so disposing frees only copies.
    const tensors = tf.tidy(() => layout.fromTf(module, layer.getWeights()).map((t) => tf.clone(t)));
    try {
      layout.torch(module).forEach(([suffix, shape], i) => {
        const tensor = tensors[i]!;
        const key = path === '' ? suffix : `${path}.${suffix}`;
        out.set(key, { shape, data: Float32Array.from(tensor.dataSync()) });
      });
    } finally {
      tf.dispose(tensors);
    }
  }
  return out;
}
