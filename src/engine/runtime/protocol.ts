// The one message protocol between a page and its worker session. Both sides
// import these types, so a message the other side cannot handle is a type error.

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/**
 * Best first. WASM trains too: the engine registers the training kernels
 * tfjs 4.22 lacks for it. Here, free of tfjs, so the page can offer the rungs.
 */
export const BACKEND_LADDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Which backend runs, and why any better one was passed over. */
export interface BackendReport {
  name: BackendName;
  fallbacks: { name: BackendName; reason: string }[];
  /** WASM only: the threads its kernels run on (more than 1 only when the page is cross-origin isolated). */
  threads?: number;
}

/** One image of a grid: RGBA pixels, row-major, `width * height * 4` bytes. */
export interface ImageTile {
  width: number;
  height: number;
  pixels: Uint8ClampedArray;
  label?: string;
}

export interface ChartSeries {
  name: string;
  /** Series sharing an axis name share a y-axis (e.g. 'loss', 'accuracy'). */
  axis: string;
}

/** What a cell shows while it runs, in the order it happens. */
export type CellOutput =
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; text: string }
  | {
      kind: 'progress';
      epoch: number;
      epochs: number;
      batch: number;
      batches: number;
      /** Seconds left, when the run has measured enough to say. */
      etaSeconds: number | null;
      imagesPerSecond: number | null;
    }
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
  | { kind: 'table'; title?: string; columns: string[]; rows: (string | number)[][] };

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
  | { type: 'init'; baseUrl: string; backends?: BackendName[] }
  | { type: 'run'; runId: number; cellId: string; code: string }
  | { type: 'abort'; runId: number };

export type FromWorker =
  | { type: 'backend'; report: BackendReport }
  | { type: 'output'; runId: number; output: CellOutput }
  | { type: 'done'; runId: number; seconds: number }
  | { type: 'stopped'; runId: number }
  | { type: 'error'; runId: number; error: CellError };
