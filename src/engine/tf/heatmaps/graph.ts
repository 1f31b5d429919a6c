// Runs a built model layer by layer, so that one layer's output can be swapped
// for a tensor we differentiate against. tfjs can only take gradients with
// respect to a function's inputs, and a LayersModel cannot start at an inner
// layer (tf.model wants InputLayers), so Grad-CAM needs the forward written out
// over the model's graph. Walking the graph rather than model.layers makes it
// work for branches too (residual adds, concatenations).

import * as tf from '@tensorflow/tfjs';

/** The parts of a tfjs-layers graph node this walk reads. */
interface GraphNode {
  outboundLayer: tf.layers.Layer;
  inputTensors: tf.SymbolicTensor[];
  outputTensors: tf.SymbolicTensor[];
  callArgs?: Record<string, unknown>;
}

/** The model's nodes, input side first (tfjs numbers depths from the output). */
function nodesInOrder(model: tf.LayersModel): GraphNode[] {
  const byDepth = (model as unknown as { nodesByDepth: Record<string, GraphNode[]> }).nodesByDepth;
  return Object.keys(byDepth)
    .map(Number)
    .sort((a, b) => b - a)
    .flatMap((depth) => byDepth[depth] ?? []);
}

/** Concrete values of the graph's symbolic tensors, by SymbolicTensor id. */
export type GraphValues = Map<number, tf.Tensor>;

/**
 * The forward pass in evaluation mode (BatchNorm on running statistics, no
 * dropout), keeping every intermediate value. With `replace`, the tensor with
 * that id takes the given value and only what depends on it is recomputed from
 * `base`, so the cost is the part of the network after the replaced layer.
 */
export function runGraph(
  model: tf.LayersModel,
  input: tf.Tensor,
  replace?: { id: number; value: tf.Tensor; base: GraphValues },
): GraphValues {
  const values: GraphValues = replace ? new Map(replace.base) : new Map();
  const dirty = new Set<number>();
  if (replace) {
    values.set(replace.id, replace.value);
    dirty.add(replace.id);
  } else {
    const [modelInput] = model.inputs;
    if (!modelInput) throw new Error('runGraph: the model has no input');
    values.set(modelInput.id, input);
  }
  for (const node of nodesInOrder(model)) {
    if (node.outboundLayer.getClassName() === 'InputLayer') continue;
    if (replace && !node.inputTensors.some((t) => dirty.has(t.id))) continue;
    if (replace && node.outputTensors.some((t) => t.id === replace.id)) continue;
    const inputs = node.inputTensors.map((t) => {
      const value = values.get(t.id);
      if (!value) throw new Error(`runGraph: no value for the input of layer '${node.outboundLayer.name}'`);
      return value;
    });
    const result = node.outboundLayer.apply(inputs.length === 1 ? inputs[0]! : inputs, {
      ...node.callArgs,
      training: false,
    }) as tf.Tensor | tf.Tensor[];
    const outputs = Array.isArray(result) ? result : [result];
    node.outputTensors.forEach((t, i) => {
      values.set(t.id, outputs[i]!);
      dirty.add(t.id);
    });
  }
  return values;
}

/** The model's (single) output among the values of a run. */
export function outputOf(model: tf.LayersModel, values: GraphValues): tf.Tensor2D {
  const [output] = model.outputs;
  const value = output && values.get(output.id);
  if (!value || value.rank !== 2) throw new Error('runGraph: the model has no [batch, classes] output');
  return value as tf.Tensor2D;
}
