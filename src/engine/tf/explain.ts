// Turns what a CNN has learned into image tiles the page can draw: the
// filters of a conv layer, and the feature maps an image produces.
//
// Both functions are async: they read tensors back with data(), since a
// synchronous read stalls the GPU pipeline (and on WebGPU needs a slow
// workaround).

import * as tf from '@tensorflow/tfjs';
import { formatReading } from '../arithmetic/format';
import { diverging, grayscale, rgbaOf, sequential, type RGB } from '../reference/colormaps';
import type { ImageTile } from '../contract';

function makeTile(
  values: ArrayLike<number>,
  offset: number,
  width: number,
  height: number,
  color: (value: number) => RGB,
  label?: string,
): ImageTile {
  const pixels = rgbaOf(values, color, offset, width * height);
  return label === undefined ? { width, height, pixels } : { width, height, pixels, label };
}

/** A grayscale image (one byte per pixel, 0 = black) as a tile, e.g. the input a model sees. */
export function grayTile(pixels: Uint8Array, width: number, height: number, label?: string): ImageTile {
  if (pixels.length !== width * height) {
    throw new Error(`grayTile: expected ${width}x${height} = ${width * height} pixels, got ${pixels.length}`);
  }
  return makeTile(pixels, 0, width, height, (v) => grayscale(v / 255), label);
}

function convLayer(model: tf.LayersModel, layerName: string): tf.layers.Layer {
  const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D');
  const layer = convs.find((l) => l.name === layerName);
  if (!layer) {
    throw new Error(`No Conv2d layer named '${layerName}'; the model's are: ${convs.map((l) => l.name).join(', ')}`);
  }
  return layer;
}

export interface FilterTiles {
  layer: string;
  /** What the colours mean, for the figure's caption. */
  caption: string;
  /** One tile per output channel, kh x kw pixels, labelled `#i` as PyTorch indexes `weight[i]`. */
  tiles: ImageTile[];
}

/**
 * The filters of a conv layer, one tile per output channel, on one symmetric
 * diverging scale for the whole layer so that tiles can be compared. A filter
 * with several input channels is shown as their mean.
 */
export async function filterTiles(model: tf.LayersModel, layerName: string): Promise<FilterTiles> {
  const layer = convLayer(model, layerName);
  const kernel = layer.getWeights()[0];
  if (!kernel || kernel.rank !== 4) throw new Error(`Layer '${layerName}' has no 4-D kernel`);
  const [kh = 0, kw = 0, inChannels = 0, outChannels = 0] = kernel.shape;
  // tfjs stores HWIO; PyTorch's weight[i] is output channel i.
  const perFilter = tf.tidy(() => tf.transpose(tf.mean(kernel, 2), [2, 0, 1]));
  const values = await perFilter.data<'float32'>();
  perFilter.dispose();
  const maxAbs = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const scale = maxAbs > 0 ? maxAbs : 1;
  const tiles = Array.from({ length: outChannels }, (_, i) =>
    makeTile(values, i * kh * kw, kw, kh, (v) => diverging(v / scale), `#${i}`),
  );
  const what =
    inChannels === 1
      ? `${outChannels} filters of ${layerName}, ${kh}x${kw}`
      : `${outChannels} filters of ${layerName}, ${kh}x${kw}, each shown as the mean over its ${inChannels} input channels`;
  const caption = `${what}. Blue is negative, red positive, white zero; one scale for all tiles (±${formatReading(maxAbs)}).`;
  return { layer: layerName, caption, tiles };
}

export interface FeatureMaps {
  /** The layer whose output is shown: the ReLU of the stage (or the conv itself when it has none). */
  layer: string;
  /** [C, H, W], as PyTorch shows the activation (all channels, even when fewer are tiled). */
  shape: [number, number, number];
  /** One tile per channel, up to maxChannels, each scaled to its own min..max. */
  tiles: ImageTile[];
}

/** For each conv, the layer whose output the next stage sees: its ReLU, if one follows before the next conv. */
function stageOutputs(model: tf.LayersModel): tf.layers.Layer[] {
  const stages: tf.layers.Layer[] = [];
  let current: tf.layers.Layer | null = null;
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind === 'Conv2D') {
      if (current) stages.push(current);
      current = layer;
    } else if (current?.getClassName() === 'Conv2D' && kind === 'ReLU') {
      current = layer;
    }
  }
  if (current) stages.push(current);
  return stages;
}

export async function featureMapTiles(
  model: tf.LayersModel,
  image: tf.Tensor4D,
  opts: { maxChannels?: number } = {},
): Promise<FeatureMaps[]> {
  const { maxChannels = 32 } = opts;
  const expected = model.inputs[0]?.shape.slice(1) ?? [];
  if (image.rank !== 4 || image.shape[0] !== 1 || image.shape.slice(1).some((d, i) => d !== expected[i])) {
    throw new Error(`featureMapTiles: expected one image [1, ${expected.join(', ')}], got [${image.shape.join(', ')}]`);
  }
  const stages = stageOutputs(model);
  if (stages.length === 0) return [];
  // One forward pass for all stages. The probe shares the model's layers, so it
  // must not be disposed (that would release their weights); it owns no tensors.
  const probe = tf.model({ inputs: model.inputs, outputs: stages.map((l) => l.output as tf.SymbolicTensor) });
  const maps = tf.tidy(() => {
    const outputs = probe.predict(image);
    return (Array.isArray(outputs) ? outputs : [outputs]).map((t) => {
      const channels = Math.min(t.shape[3] ?? 0, maxChannels);
      // Channels first, so each tile's pixels are contiguous.
      return { full: t.shape, chw: tf.transpose(tf.slice(t, [0, 0, 0, 0], [1, -1, -1, channels]).squeeze([0]), [2, 0, 1]) };
    });
  });
  try {
    return await Promise.all(
      maps.map(async ({ full, chw }, s) => {
        const [, h = 0, w = 0, c = 0] = full;
        const values = await chw.data<'float32'>();
        const tiles = Array.from({ length: chw.shape[0] ?? 0 }, (_, i) => {
          let [lo, hi] = [Infinity, -Infinity];
          for (let p = i * h * w; p < (i + 1) * h * w; p++) {
            const v = values[p] ?? 0;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
          const range = hi > lo ? hi - lo : 1;
          return makeTile(values, i * h * w, w, h, (v) => sequential((v - lo) / range), `#${i}`);
        });
        return { layer: stages[s]!.name, shape: [c, h, w] as [number, number, number], tiles };
      }),
    );
  } finally {
    tf.dispose(maps.map((m) => m.chw));
  }
}
