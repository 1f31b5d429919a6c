// What the page, the worker and the trainer agree on, free of tfjs: the
// message protocol, the backends, progress and images as plain bytes.

export { BACKEND_LADDER, type BackendName, type BackendReport, describeBackend } from './backends.ts';
export type { ImageTile, LabelledImages } from './images.ts';
export type { ExplainMethod, Heatmap, HeatmapGrid, HeatmapOverlay } from './heatmaps.ts';
export type { TrainingProgress } from './progress.ts';
export type { CellError, CellOutput, ChartSeries, FromWorker, ToWorker } from './protocol.ts';
export {
  INPUT_LIMITS,
  type ImageAnswer,
  type ImageRequest,
  type InputAnswer,
  type InputRequest,
  type ModelAnswer,
  type ModelRequest,
} from './inputs.ts';
export { DOWNLOAD_ERROR, DownloadError, WORKER_STOPPED } from './faults.ts';
