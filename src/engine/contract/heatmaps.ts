// Heatmaps as they leave the worker: plain numbers, no tensors, so the page can
// colour them without tfjs.

import type { ImageTile } from './images.ts';

/** Values on a grid, row-major: `values[y * width + x]`. */
export interface HeatmapGrid {
  width: number;
  height: number;
  values: Float32Array;
}

export type ExplainMethod = 'cam' | 'grad-cam' | 'saliency' | 'smoothgrad' | 'occlusion';

/** What one method says about one image and one class, at the input's size. */
export interface Heatmap extends HeatmapGrid {
  method: ExplainMethod;
  /** The class explained. */
  classIndex: number;
  /** The layer whose activations it weighs (CAM, Grad-CAM). */
  layer?: string;
  /**
   * True when the sign means something (CAM: evidence for or against; occlusion:
   * hiding a patch lowered or raised the probability); false for maps that are
   * never negative (Grad-CAM after its ReLU, saliency as magnitudes).
   */
  signed: boolean;
  /** The map at the layer's own resolution, before upsampling (CAM, Grad-CAM). */
  coarse?: HeatmapGrid;
}

/** One image with a heatmap laid over it, as a cell shows it. */
export interface HeatmapOverlay {
  /** The input the model saw, e.g. a grayscale tile. */
  image: ImageTile;
  heatmap: HeatmapGrid & { signed: boolean };
  /** First line under the picture, e.g. "predicted: Sneaker (94%)". */
  caption: string;
  /** Second line, e.g. "Grad-CAM for: Sandal". */
  detail?: string;
}
