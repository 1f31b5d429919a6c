// Heatmaps as they leave the worker: plain numbers, no tensors, so the page can
// colour them without tfjs.

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
