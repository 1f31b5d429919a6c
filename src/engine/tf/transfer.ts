// Transfer learning: a shipped backbone under a new head, and freezing.
//
// PyTorch's recipe is load_state_dict(strict=False) for everything but the old
// classifier, a new nn.Linear in its place, `requires_grad = False` on the
// backbone's parameters and `backbone.eval()` so its BatchNorm keeps the
// source task's running statistics. Here the same: `loadBackboneModel` builds
// the spec with its last layer replaced and loads every other layer; `freeze`
// takes layers out of `model.trainableWeights` (which the training loop
// optimises) and makes a frozen BatchNorm normalise with its running
// statistics even in a training step, as Keras does with trainable = false.

import * as tf from '@tensorflow/tfjs';
import { namedModules } from '../spec/infer';
import { isContainer, nn, type LayerSpec, type SequentialSpec } from '../spec/layers';
import { buildModel } from './build-model';
import { hasWeights, layerName } from './layer-names';
import { fetchPretrainedState, PRETRAINED_SPECS, type Pretrained, type PretrainedName } from './pretrained';
import { loadTorchWeights } from './torch-weights';

export interface Backbone extends Pretrained {
  /** The tfjs names of the layers with weights that came from the shipped model, input side first: what `freeze` takes. */
  backbone: string[];
  /** The tfjs names of the new head's layers with weights. */
  head: string[];
}

/** The spec with its last layer (the source task's classifier) replaced by `head`. */
export function withNewHead(spec: SequentialSpec, head: LayerSpec): SequentialSpec {
  if (spec.layers.length < 2) throw new Error('withNewHead: the model needs a backbone and a last layer to replace');
  return nn.Sequential(...spec.layers.slice(0, -1), head);
}

/** Names of the tfjs layers with weights among the spec's top-level layers that `pick` chooses by index. */
function weightedLayerNames(spec: SequentialSpec, pick: (index: number) => boolean): string[] {
  const names: string[] = [];
  for (const [path, module] of namedModules(spec)) {
    const index = Number(path.split('.')[0]);
    if (path === '' || !pick(index) || isContainer(module) || !hasWeights(module)) continue;
    names.push(layerName(module.type, path));
  }
  return names;
}

/**
 * A shipped model with its last layer replaced by `head` (seeded by `seed`),
 * every other layer holding the shipped weights, BatchNorm statistics included.
 */
export async function loadBackboneModel(
  name: PretrainedName,
  opts: { baseUrl: string; head: LayerSpec; seed?: number; fetchImpl?: typeof fetch },
): Promise<Backbone> {
  const { info, state } = await fetchPretrainedState(name, opts);
  const source = PRETRAINED_SPECS[name]();
  const spec = withNewHead(source, opts.head);
  const headIndex = spec.layers.length - 1;
  const isBackbone = (index: number) => index < headIndex;
  const model = buildModel(spec, info.inputShape, opts.seed === undefined ? {} : { seed: opts.seed });
  try {
    // strict: the shipped keys that do not fit are exactly the old head's.
    const oldHead = `${headIndex}.`;
    const kept = new Map([...state].filter(([key]) => !key.startsWith(oldHead)));
    loadTorchWeights(model, spec, kept, { only: (path) => isBackbone(Number(path.split('.')[0])) });
  } catch (err) {
    model.dispose();
    throw err;
  }
  return {
    model,
    spec,
    info,
    backbone: weightedLayerNames(spec, isBackbone),
    head: weightedLayerNames(spec, (i) => !isBackbone(i)),
  };
}

const holdsStatistics = new WeakSet<tf.layers.Layer>();

/**
 * While frozen (trainable = false), a BatchNorm layer normalises with its
 * running statistics and leaves them alone, even when the model is called with
 * training: true, as `module.eval()` on a frozen part does in PyTorch.
 * Without this, a frozen backbone's BatchNorm would still use each batch's
 * statistics and overwrite the source task's running ones with the target's.
 */
function holdStatisticsWhileFrozen(layer: tf.layers.Layer): void {
  if (holdsStatistics.has(layer)) return;
  const call = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => call(inputs, layer.trainable ? kwargs : { ...kwargs, training: false });
  holdsStatistics.add(layer);
}

function layersNamed(model: tf.LayersModel, names: readonly string[] | undefined, what: string): tf.layers.Layer[] {
  if (names === undefined) return model.layers;
  return names.map((name) => {
    try {
      return model.getLayer(name);
    } catch {
      throw new Error(`${what}: the model has no layer '${name}'; its layers are ${model.layers.map((l) => l.name).join(', ')}`);
    }
  });
}

/**
 * Takes the named layers out of training (requires_grad = False): their
 * weights leave `model.trainableWeights`, and BatchNorm among them runs in
 * evaluation mode.
 */
export function freeze(model: tf.LayersModel, layers: readonly string[]): void {
  for (const layer of layersNamed(model, layers, 'freeze')) {
    if (layer.getClassName() === 'BatchNormalization') holdStatisticsWhileFrozen(layer);
    layer.trainable = false;
  }
}

/** Trains the named layers again (all of them when none are named); BatchNorm goes back to batch statistics in training. */
export function unfreeze(model: tf.LayersModel, layers?: readonly string[]): void {
  for (const layer of layersNamed(model, layers, 'unfreeze')) layer.trainable = true;
}
