// View-model of the shape-flow figure: a sequential spec walked by the
// engine's `summarize`, grouped into stages (a layer and the activations that
// follow it), each drawn as a block whose size is proportional to its output:
// height to the map's height (or a vector's length), width to its channels.

import { convParameters, convOutputSizeSteps, denseParameters, poolOutputSizeSteps } from '../../../engine/arithmetic';
import { formatCount } from '../../../engine/arithmetic/format';
import { summarize } from '../../../engine/spec/infer';
import { requireNonNegativeInt, toPair } from '../../../engine/arithmetic/pair';
import type { LayerSpec, SequentialSpec } from '../../../engine/spec/layers';
import { formatLayer } from '../../../engine/spec/repr';

/** Layers that keep the shape and are drawn with the layer before them. */
const ACTIVATIONS = new Set(['ReLU', 'ReLU6', 'LeakyReLU', 'GELU', 'SiLU', 'Sigmoid', 'Tanh']);

export interface FlowScale {
  /** Pixels per row of a feature map. */
  pxPerRow: number;
  /** Pixels per channel. */
  pxPerChannel: number;
  /** Features per pixel of a vector's height. */
  featuresPerPx: number;
  /** Smallest drawn side, so a 3-channel input or 10 logits stay visible. */
  minPx: number;
}

export const DEFAULT_SCALE: FlowScale = { pxPerRow: 4, pxPerChannel: 0.5, featuresPerPx: 16, minPx: 4 };

export interface FlowStage {
  /** Row indices of summarize (or 'input'), stable for keys and test ids. */
  key: string;
  /** Class names, e.g. 'Conv2d + ReLU'. */
  title: string;
  /** A label for under the block, e.g. 'conv 3×3 + ReLU'. */
  short: string;
  /** PyTorch's printout of each layer in the stage. */
  layers: string[];
  /** Per-example output shape: [C, H, W] or [F]. */
  shape: number[];
  /** '32 × 30 × 30' or '2,048'. */
  shapeText: string;
  /** Numbers per example at this point: C·H·W or F. */
  values: number;
  kind: 'map' | 'vector';
  params: number;
  /** How the stage gets its size and parameters, with the numbers filled in. */
  notes: string[];
  width: number;
  height: number;
}

function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? formatCount(shape[0]!) : shape.join(' × ');
}

function size(shape: readonly number[], scale: FlowScale): { kind: 'map' | 'vector'; width: number; height: number } {
  if (shape.length === 3) {
    const [c, h] = shape as [number, number, number];
    return {
      kind: 'map',
      width: Math.max(scale.minPx, c * scale.pxPerChannel),
      height: Math.max(scale.minPx, h * scale.pxPerRow),
    };
  }
  return { kind: 'vector', width: 2 * scale.minPx, height: Math.max(scale.minPx, shape[0]! / scale.featuresPerPx) };
}

function shortName(layer: LayerSpec): string {
  switch (layer.type) {
    case 'Conv2d':
      return `conv ${layer.kernelSize.join('×')}`;
    case 'MaxPool2d':
      return `max pool ${toPair(layer.type, 'kernelSize', layer.kernelSize).join('×')}`;
    case 'AvgPool2d':
      return `avg pool ${toPair(layer.type, 'kernelSize', layer.kernelSize).join('×')}`;
    case 'AdaptiveAvgPool2d':
      return `adaptive pool ${toPair(layer.type, 'outputSize', layer.outputSize).join('×')}`;
    default:
      return layer.type.toLowerCase();
  }
}

/** A layer as one writes it in PyTorch, defaults left out: `Conv2d(3, 32, kernel_size=3)`, `MaxPool2d(2)`. */
export function shortRepr(layer: LayerSpec): string {
  const one = (p: readonly [number, number]) => (p[0] === p[1] ? `${p[0]}` : `(${p[0]}, ${p[1]})`);
  const size = (v: number | readonly [number, number]) => (typeof v === 'number' ? `${v}` : `(${v[0]}, ${v[1]})`);
  switch (layer.type) {
    case 'Conv2d': {
      const extra = [
        layer.stride.some((v) => v !== 1) ? `stride=${one(layer.stride)}` : '',
        layer.padding.some((v) => v !== 0) ? `padding=${one(layer.padding)}` : '',
        layer.dilation.some((v) => v !== 1) ? `dilation=${one(layer.dilation)}` : '',
        layer.groups !== 1 ? `groups=${layer.groups}` : '',
        layer.bias ? '' : 'bias=False',
      ].filter(Boolean);
      return `Conv2d(${[layer.inChannels, layer.outChannels, `kernel_size=${one(layer.kernelSize)}`, ...extra].join(', ')})`;
    }
    case 'MaxPool2d':
    case 'AvgPool2d': {
      const stride = JSON.stringify(layer.stride) === JSON.stringify(layer.kernelSize) ? '' : `, stride=${size(layer.stride)}`;
      return `${layer.type}(${size(layer.kernelSize)}${stride})`;
    }
    case 'AdaptiveAvgPool2d':
      return `AdaptiveAvgPool2d(${size(layer.outputSize)})`;
    case 'Flatten':
      return 'Flatten()';
    case 'Linear':
      return `Linear(${layer.inFeatures}, ${layer.outFeatures}${layer.bias ? '' : ', bias=False'})`;
    default:
      return formatLayer(layer);
  }
}

export interface LayerRow {
  /** PyTorch's index in the Sequential. */
  name: string;
  code: string;
  /** '[B, 32, 30, 30]'. */
  shape: string;
  params: number;
}

/** The summary table of a flat sequential model: each layer as written in PyTorch, its output shape and parameters. */
export function layerRows(spec: SequentialSpec, inputShape: readonly [number, number, number]): LayerRow[] {
  const summary = summarize(spec, inputShape);
  return summary.rows
    .filter((row) => row.depth === 0)
    .map((row, i) => {
      const layer = spec.layers[i]!;
      const code = layer.type === 'Sequential' || layer.type === 'Module' ? layer.className : shortRepr(layer);
      return { name: row.name, code, shape: `[B, ${row.outputShape.slice(1).join(', ')}]`, params: row.params };
    });
}

/** Why a layer outputs what it does, e.g. "30 = ⌊(32 + 2·0 − 3)/1⌋ + 1". */
function notesFor(layer: LayerSpec, input: readonly number[], output: readonly number[]): string[] {
  const h = input[1]!;
  switch (layer.type) {
    case 'Conv2d': {
      const steps = convOutputSizeSteps(h, {
        kernel: layer.kernelSize[0],
        stride: layer.stride[0],
        padding: layer.padding[0],
        dilation: layer.dilation[0],
      });
      const p = convParameters({
        inChannels: layer.inChannels,
        outChannels: layer.outChannels,
        kernel: layer.kernelSize,
        groups: layer.groups,
        bias: layer.bias,
      });
      return [`size: ${steps.formula}`, `parameters: ${p.formula}`];
    }
    case 'MaxPool2d':
    case 'AvgPool2d': {
      const [k] = toPair(layer.type, 'kernelSize', layer.kernelSize);
      const [s] = toPair(layer.type, 'stride', layer.stride);
      const [pad] = toPair(layer.type, 'padding', layer.padding, requireNonNegativeInt);
      return [
        `size: ${poolOutputSizeSteps(h, { kernel: k, stride: s, padding: pad, ceilMode: layer.ceilMode }).formula}`,
        'no parameters',
      ];
    }
    case 'AdaptiveAvgPool2d': {
      const [oh, ow] = toPair(layer.type, 'outputSize', layer.outputSize);
      return [`size: always ${oh} × ${ow}, whatever the input (here ${input[1]} × ${input[2]})`, 'no parameters'];
    }
    case 'Flatten':
      return [`size: ${input.join(' · ')} = ${formatCount(output[0]!)}`, 'no parameters'];
    case 'Linear':
      return [
        `parameters: ${denseParameters({ inFeatures: layer.inFeatures, outFeatures: layer.outFeatures, bias: layer.bias }).formula}`,
      ];
    default:
      return [];
  }
}

/** The stages of a flat sequential model on one input, from the engine's summary. */
export function flowStages(
  spec: SequentialSpec,
  inputShape: readonly [number, number, number],
  scale: FlowScale = DEFAULT_SCALE,
): FlowStage[] {
  const summary = summarize(spec, inputShape);
  const stages: FlowStage[] = [
    {
      key: 'input',
      title: 'Input',
      short: 'input',
      layers: [],
      shape: [...inputShape],
      shapeText: shapeText(inputShape),
      values: inputShape.reduce((a, b) => a * b, 1),
      params: 0,
      notes: [`the image: ${inputShape[0]} channels of ${inputShape[1]} × ${inputShape[2]} pixels`],
      ...size(inputShape, scale),
    },
  ];
  let previous: readonly number[] = inputShape;
  let child = 0;
  summary.rows.forEach((row) => {
    if (row.depth !== 0) return;
    const layer = spec.layers[child++];
    if (!layer || layer.type === 'Sequential' || layer.type === 'Module') {
      throw new TypeError(`flowStages: row ${row.name} is a ${row.type}; the figure draws flat sequential models only`);
    }
    const shape = row.outputShape.slice(1);
    const last = stages[stages.length - 1]!;
    if (ACTIVATIONS.has(layer.type) && last.key !== 'input') {
      last.title += ` + ${layer.type}`;
      last.short += ` + ${layer.type}`;
      last.layers.push(formatLayer(layer));
      last.key += `-${row.name}`;
      return;
    }
    stages.push({
      key: row.name,
      title: layer.type,
      short: shortName(layer),
      layers: [formatLayer(layer)],
      shape,
      shapeText: shapeText(shape),
      values: shape.reduce((a, b) => a * b, 1),
      params: row.params,
      notes: notesFor(layer, previous, shape),
      ...size(shape, scale),
    });
    previous = shape;
  });
  return stages;
}

/** One sentence for the text alternative of a selected stage. */
export function stageSentence(stage: FlowStage, index: number, count: number): string {
  const what =
    stage.kind === 'map'
      ? `${stage.shape[0]} channels of ${stage.shape[1]} × ${stage.shape[2]}`
      : `a vector of ${stage.shapeText} numbers`;
  const params = stage.params === 0 ? 'no parameters' : `${formatCount(stage.params)} parameters`;
  return `Stage ${index + 1} of ${count}, ${stage.title}: ${what} (${formatCount(stage.values)} values per image), ${params}.`;
}
