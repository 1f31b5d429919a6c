// Heatmaps that say which parts of an image a class score depends on.
export { cam, camParts, type CamOptions } from './cam';
export { gradCam, lastConvStage, spatialLayerNames, type GradCamOptions } from './grad-cam';
export { occlusion, patchPositions, type OcclusionOptions } from './occlusion';
export { saliency, smoothGrad, smoothGradWithNoise, type SaliencyOptions, type SmoothGradOptions } from './saliency';
export type { ClassChoice } from './heatmap';
