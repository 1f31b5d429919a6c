// The one message protocol between a page and its worker session. Both sides
// import these types, so a message the other side cannot handle is a type error.

import type { BackendName, BackendReport } from './backends.ts';
import type { HeatmapOverlay } from './heatmaps.ts';
import type { ImageTile } from './images.ts';
import type { InputAnswer, InputRequest } from './inputs.ts';
import type { TrainingProgress } from './progress.ts';

export interface ChartSeries {
  name: string;
  /** Series sharing an axis name share a y-axis (e.g. 'loss', 'accuracy'). */
  axis: string;
}

/** What a cell shows while it runs, in the order it happens. */
export type CellOutput =
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; text: string }
  | ({ kind: 'progress' } & TrainingProgress)
  | {
      kind: 'chart';
      /** Points with the same chart id go to the same chart. */
      chartId: string;
      title: string;
      xLabel: string;
      series: ChartSeries[];
      /** One point: x and one y per series (null where a series has no value at x). */
      x: number;
      y: (number | null)[];
    }
  | { kind: 'images'; title: string; caption?: string; columns?: number; scale?: number; tiles: ImageTile[] }
  | { kind: 'table'; title?: string; columns: string[]; rows: (string | number)[][] }
  | { kind: 'heatmaps'; title: string; caption?: string; columns?: number; items: HeatmapOverlay[] }
  | {
      kind: 'bars';
      title: string;
      /** What the categories are (e.g. 'layer') and what the bars measure (e.g. 'gradient norm'). */
      xLabel: string;
      yLabel: string;
      /** One group of bars per category, in order along the x axis. */
      categories: string[];
      /** One bar per series in each group; null where a series has no value for a category. */
      series: { name: string; values: (number | null)[] }[];
    }
  /**
   * The cell waits for the reader (an image, a model file): the page shows a
   * drop zone and answers with a ToWorker 'input'. A request that `replaces`
   * an earlier one (the file did not fit) takes its place and says why.
   */
  | { kind: 'input'; requestId: number; request: InputRequest; problem?: string; replaces?: number }
  /** A file the reader can save: the page offers it as a link (a Blob URL, nothing leaves the browser). */
  | { kind: 'download'; filename: string; mimeType: string; bytes: Uint8Array; description: string };

/** An error as the reader sees it. */
export interface CellError {
  name: string;
  message: string;
  /** Line and column in the cell's code, when the error comes from it. */
  line?: number;
  column?: number;
  /** Set when the cell needs a value an earlier cell makes (session.need). */
  missing?: { key: string; producedBy: string | null };
}

export type ToWorker =
  | {
      type: 'init';
      baseUrl: string;
      backends?: BackendName[];
      /** A Web Lock the worker holds for its whole life, so the page learns when it dies. */
      lifeLock?: string;
      /** Backends whose device this page lost: a replacement worker keeps them off its ladder. */
      lost?: { name: BackendName; reason: string }[];
      /** `?test-hooks` in the page's URL: the worker accepts 'test-lose-device'. */
      testHooks?: boolean;
    }
  | { type: 'run'; runId: number; cellId: string; code: string }
  | { type: 'abort'; runId: number }
  | { type: 'input'; runId: number; requestId: number; answer: InputAnswer }
  /** Test hook (only with `init.testHooks`): destroy the WebGPU device, as a driver reset would lose it. */
  | { type: 'test-lose-device' };

export type FromWorker =
  | { type: 'backend'; report: BackendReport }
  | { type: 'output'; runId: number; output: CellOutput }
  | { type: 'done'; runId: number; seconds: number }
  | { type: 'stopped'; runId: number }
  | { type: 'error'; runId: number; error: CellError }
  /** The worker holds its life lock: from now on the page can wait for the lock to learn of its death. */
  | { type: 'alive'; lock: string }
  /** The device under `name` was lost: the page keeps it off the ladder for the rest of its life. */
  | { type: 'backend-lost'; name: BackendName; reason: string };
