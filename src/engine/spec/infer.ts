// Output shapes and parameter counts of a spec, computed without tensors, with
// PyTorch's semantics (floor for conv/pool sizes) so the numbers match what
// the reader would get from PyTorch.

import { pair, type LayerOf, type LayerSpec, type LayerType, type Pair, type SequentialSpec } from './layers';

/** Batch dimension as shown in summaries: -1, like torchsummary, since a model takes any batch size. */
export const BATCH = -1;

export interface SummaryRow {
  /** The layer's index in the Sequential, as PyTorch prints it: '0', '1', ... */
  name: string;
  type: LayerType;
  /** [B, C, H, W] or [B, F], with B shown as -1. */
  outputShape: number[];
  /** Trainable parameters (BatchNorm's running statistics are buffers, not parameters). */
  params: number;
}

export interface ModelSummary {
  rows: SummaryRow[];
  totalParams: number;
  /** [B, ...] with B shown as -1. */
  outputShape: number[];
}

/** A per-example shape ([C, H, W] or [F]) and what a later error message may need to know about it. */
interface Flow {
  shape: readonly number[];
  /** Set when the features came from a Flatten of this [C, H, W] map (and only shape-keeping layers since). */
  flattenedFrom: readonly number[] | null;
}

type Rule<L> = {
  output(layer: L, input: Flow, where: string): Flow;
  params(layer: L): number;
};
type Rules = { readonly [K in LayerType]: Rule<LayerOf<K>> };

const show = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

function featureMap(input: Flow, where: string, expectedChannels?: number): [number, number, number] {
  const [c, h, w] = input.shape;
  if (input.shape.length !== 3 || c === undefined || h === undefined || w === undefined) {
    const channels = expectedChannels === undefined ? 'C' : String(expectedChannels);
    throw new Error(`${where}: expects a feature map [${channels}, H, W] but receives flat features ${show(input.shape)}`);
  }
  return [c, h, w];
}

/** PyTorch's conv/pool output size along one axis, or null when the window does not fit. */
function slidingSize(size: number, kernel: number, stride: number, padding: number, dilation: number): number | null {
  const span = dilation * (kernel - 1) + 1;
  if (size + 2 * padding < span) return null;
  return Math.floor((size + 2 * padding - span) / stride) + 1;
}

function slidingOutput(
  where: string,
  [c, h, w]: [number, number, number],
  kernel: Pair,
  stride: Pair,
  padding: Pair,
  dilation: Pair,
): [number, number] {
  const oh = slidingSize(h, kernel[0], stride[0], padding[0], dilation[0]);
  const ow = slidingSize(w, kernel[1], stride[1], padding[1], dilation[1]);
  if (oh === null || ow === null) {
    const span = kernel.map((k, i) => (dilation[i] ?? 1) * (k - 1) + 1);
    const dilated = dilation[0] !== 1 || dilation[1] !== 1 ? ` (dilated to ${span[0]}x${span[1]})` : '';
    throw new Error(
      `${where}: kernel ${kernel[0]}x${kernel[1]}${dilated} is larger than its padded input ` +
        `${h + 2 * padding[0]}x${w + 2 * padding[1]} (input ${show([c, h, w])}, padding ${show(padding)})`,
    );
  }
  return [oh, ow];
}

const keepShape = (_layer: unknown, input: Flow): Flow => input;
const noParams = (): number => 0;

const rules: Rules = {
  Conv2d: {
    output(layer, input, where) {
      const map = featureMap(input, where, layer.inChannels);
      if (map[0] !== layer.inChannels) {
        throw new Error(
          `${where}: expects ${layer.inChannels} input channels but receives ${map[0]} (input ${show(map)})`,
        );
      }
      const [h, w] = slidingOutput(where, map, layer.kernelSize, layer.stride, layer.padding, layer.dilation);
      return { shape: [layer.outChannels, h, w], flattenedFrom: null };
    },
    params: (l) => l.outChannels * l.inChannels * l.kernelSize[0] * l.kernelSize[1] + (l.bias ? l.outChannels : 0),
  },
  BatchNorm2d: {
    output(layer, input, where) {
      const map = featureMap(input, where, layer.numFeatures);
      if (map[0] !== layer.numFeatures) {
        throw new Error(`${where}: expects ${layer.numFeatures} channels but receives ${map[0]} (input ${show(map)})`);
      }
      return input;
    },
    params: (l) => 2 * l.numFeatures,
  },
  ReLU: { output: keepShape, params: noParams },
  MaxPool2d: {
    output(layer, input, where) {
      const map = featureMap(input, where);
      const [h, w] = slidingOutput(where, map, pair(layer.kernelSize), pair(layer.stride), pair(layer.padding), [1, 1]);
      return { shape: [map[0], h, w], flattenedFrom: null };
    },
    params: noParams,
  },
  AdaptiveAvgPool2d: {
    output(layer, input, where) {
      const [c] = featureMap(input, where);
      return { shape: [c, ...pair(layer.outputSize)], flattenedFrom: null };
    },
    params: noParams,
  },
  Flatten: {
    output(_layer, input) {
      if (input.shape.length === 1) return input;
      return { shape: [input.shape.reduce((a, b) => a * b, 1)], flattenedFrom: input.shape };
    },
    params: noParams,
  },
  Dropout: { output: keepShape, params: noParams },
  Linear: {
    output(layer, input, where) {
      const [features] = input.shape;
      if (input.shape.length !== 1 || features === undefined) {
        throw new Error(
          `${where}: expects ${layer.inFeatures} input features but receives a feature map ${show(input.shape)}; ` +
            `add nn.Flatten() before it`,
        );
      }
      if (features !== layer.inFeatures) {
        const origin = input.flattenedFrom ? ` (from Flatten of ${show(input.flattenedFrom)})` : '';
        throw new Error(`${where}: expects ${layer.inFeatures} input features but receives ${features}${origin}`);
      }
      return { shape: [layer.outFeatures], flattenedFrom: null };
    },
    params: (l) => l.inFeatures * l.outFeatures + (l.bias ? l.outFeatures : 0),
  },
};

function ruleFor<L extends LayerSpec>(layer: L): Rule<L> {
  return rules[layer.type] as unknown as Rule<L>;
}

/** Trainable parameters of one layer, as `sum(p.numel() for p in layer.parameters())` counts them. */
export function layerParams(layer: LayerSpec): number {
  return ruleFor(layer).params(layer);
}

/** The per-example shape ([C, H, W] or [F]) that enters each layer; throws, naming the layer, on a mismatch. */
export function layerInputShapes(model: SequentialSpec, inputShape: readonly [number, number, number]): number[][] {
  const shapes: number[][] = [];
  walk(model, inputShape, (_i, _layer, input) => shapes.push([...input]));
  return shapes;
}

function walk(
  model: SequentialSpec,
  inputShape: readonly [number, number, number],
  visit: (index: number, layer: LayerSpec, input: readonly number[], output: readonly number[]) => void,
): readonly number[] {
  if (inputShape.length !== 3 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new RangeError(`inputShape must be [C, H, W] with positive integers, got ${show(inputShape)}`);
  }
  let flow: Flow = { shape: inputShape, flattenedFrom: null };
  model.layers.forEach((layer, index) => {
    const next = ruleFor(layer).output(layer, flow, `Layer ${index} (${layer.type})`);
    visit(index, layer, flow.shape, next.shape);
    flow = next;
  });
  return flow.shape;
}

export function summarize(model: SequentialSpec, inputShape: readonly [number, number, number]): ModelSummary {
  const rows: SummaryRow[] = [];
  const output = walk(model, inputShape, (index, layer, _input, out) => {
    rows.push({ name: String(index), type: layer.type, outputShape: [BATCH, ...out], params: layerParams(layer) });
  });
  return {
    rows,
    totalParams: rows.reduce((sum, row) => sum + row.params, 0),
    outputShape: [BATCH, ...output],
  };
}
