// The view-model of a cell's outputs: a pure reducer from the worker's stream
// (CellOutput messages) to what the output components draw. Kept free of
// Svelte and the DOM so it is unit-tested in Node and shared by any renderer.
import { formatCount, formatEta, formatRate, formatReading, formatTableValue } from '../../engine/arithmetic/format';
import type { CellOutput, ChartSeries, HeatmapOverlay, ImageTile, InputRequest } from '../../engine/contract';

type ProgressOutput = Extract<CellOutput, { kind: 'progress' }>;
type LogLevel = Extract<CellOutput, { kind: 'log' }>['level'];

export interface LogLine {
  level: LogLevel;
  text: string;
  /** How many times this line came in a row (1 = once). */
  count: number;
}

/** Log lines that came between two other blocks. */
export interface LogBlock {
  kind: 'log';
  key: string;
  lines: readonly LogLine[];
  /** Lines of this block removed by the cap, oldest first. */
  dropped: number;
}

export interface ChartBlock {
  kind: 'chart';
  key: string;
  chartId: string;
  title: string;
  xLabel: string;
  series: readonly ChartSeries[];
  /**
   * Columns of points, sorted by x. The arrays may be shared with newer views
   * and be longer than `points` (see appendShared): read them through
   * chartColumns(), or only the first `points` entries.
   */
  x: readonly number[];
  y: readonly (readonly (number | null)[])[];
  points: number;
}

export interface ImagesBlock {
  kind: 'images';
  key: string;
  title: string;
  caption?: string;
  columns?: number;
  scale?: number;
  tiles: readonly ImageTile[];
}

export interface TableBlock {
  kind: 'table';
  key: string;
  title?: string;
  columns: readonly string[];
  rows: readonly (readonly (string | number)[])[];
}

export interface HeatmapsBlock {
  kind: 'heatmaps';
  key: string;
  title: string;
  caption?: string;
  columns?: number;
  items: readonly HeatmapOverlay[];
}

export interface BarsBlock {
  kind: 'bars';
  key: string;
  title: string;
  xLabel: string;
  yLabel: string;
  categories: readonly string[];
  series: readonly { name: string; values: readonly (number | null)[] }[];
}

/** The cell waits for the reader: a drop zone, then a line saying what was given. */
export interface InputBlock {
  kind: 'input';
  key: string;
  requestId: number;
  request: InputRequest;
  /** Why the last file was refused (the worker asked again). */
  problem?: string;
  /** What the reader gave, once answered; the zone closes. */
  answered: string | null;
}

/** A file to save, offered as a link. */
export interface DownloadBlock {
  kind: 'download';
  key: string;
  filename: string;
  mimeType: string;
  bytes: Uint8Array;
  description: string;
}

export type OutputBlock =
  LogBlock | ChartBlock | ImagesBlock | TableBlock | HeatmapsBlock | BarsBlock | InputBlock | DownloadBlock;

export type ProgressView = Omit<ProgressOutput, 'kind'>;

export interface OutputsView {
  /** In the order each first appeared; a chart stays where its first point came. */
  blocks: readonly OutputBlock[];
  /** Only the latest progress counts: a run has one progress bar. */
  progress: ProgressView | null;
  /** Log lines kept, over all log blocks (a collapsed repeat counts once). */
  logLines: number;
  maxLogLines: number;
  /** Source of block keys, so a keyed {#each} never confuses two blocks. */
  nextKey: number;
}

export const DEFAULT_MAX_LOG_LINES = 500;

export function emptyOutputs(options: { maxLogLines?: number } = {}): OutputsView {
  return {
    blocks: [],
    progress: null,
    logLines: 0,
    maxLogLines: Math.max(1, options.maxLogLines ?? DEFAULT_MAX_LOG_LINES),
    nextKey: 0,
  };
}

export function reduceOutputs(state: OutputsView, output: CellOutput): OutputsView {
  switch (output.kind) {
    case 'log':
      return addLog(state, output.level, output.text);
    case 'progress': {
      const { kind: _kind, ...progress } = output;
      return { ...state, progress };
    }
    case 'chart':
      return addChartPoint(state, output);
    case 'images': {
      const { kind: _kind, ...rest } = output;
      return pushBlock(state, { kind: 'images', key: `images-${state.nextKey}`, ...rest });
    }
    case 'table': {
      const { kind: _kind, ...rest } = output;
      return pushBlock(state, { kind: 'table', key: `table-${state.nextKey}`, ...rest });
    }
    case 'heatmaps': {
      const { kind: _kind, ...rest } = output;
      return pushBlock(state, { kind: 'heatmaps', key: `heatmaps-${state.nextKey}`, ...rest });
    }
    case 'bars': {
      const { kind: _kind, ...rest } = output;
      return pushBlock(state, { kind: 'bars', key: `bars-${state.nextKey}`, ...rest });
    }
    case 'input': {
      const block: Omit<InputBlock, 'key'> = {
        kind: 'input',
        requestId: output.requestId,
        request: output.request,
        ...(output.problem ? { problem: output.problem } : {}),
        answered: null,
      };
      // A retry takes the place (and the key, so focus stays) of the request it replaces.
      const at = state.blocks.findIndex((b) => b.kind === 'input' && b.requestId === output.replaces);
      const old = state.blocks[at];
      if (output.replaces !== undefined && old) return withBlock(state, at, { ...block, key: old.key });
      return pushBlock(state, { ...block, key: `input-${state.nextKey}` });
    }
    case 'download': {
      const { kind: _kind, ...rest } = output;
      return pushBlock(state, { kind: 'download', key: `download-${state.nextKey}`, ...rest });
    }
  }
}

/** The page answered request `requestId`: its zone closes and says what was given. */
export function markAnswered(state: OutputsView, requestId: number, summary: string): OutputsView {
  const at = state.blocks.findIndex((b) => b.kind === 'input' && b.requestId === requestId);
  const block = state.blocks[at];
  if (block?.kind !== 'input') return state;
  return withBlock(state, at, { ...block, answered: summary });
}

function pushBlock(state: OutputsView, block: OutputBlock): OutputsView {
  return { ...state, blocks: [...state.blocks, block], nextKey: state.nextKey + 1 };
}

function withBlock(state: OutputsView, index: number, block: OutputBlock): OutputsView {
  const blocks = state.blocks.slice();
  blocks[index] = block;
  return { ...state, blocks };
}

// ---- logs ------------------------------------------------------------------

function addLog(state: OutputsView, level: LogLevel, text: string): OutputsView {
  const lastIndex = state.blocks.length - 1;
  const last = state.blocks[lastIndex];
  if (last?.kind === 'log') {
    const prev = last.lines[last.lines.length - 1];
    if (prev && prev.level === level && prev.text === text) {
      // A repeat costs no line of the cap: a loop that warns every batch
      // should not push the rest of the log out.
      const lines = last.lines.slice();
      lines[lines.length - 1] = { ...prev, count: prev.count + 1 };
      return withBlock(state, lastIndex, { ...last, lines });
    }
    const grown = withBlock(state, lastIndex, { ...last, lines: [...last.lines, { level, text, count: 1 }] });
    return capLogs({ ...grown, logLines: state.logLines + 1 });
  }
  const block: LogBlock = { kind: 'log', key: `log-${state.nextKey}`, lines: [{ level, text, count: 1 }], dropped: 0 };
  return capLogs({ ...pushBlock(state, block), logLines: state.logLines + 1 });
}

/**
 * Drops lines until the cap holds. The flood is nearly always the block being
 * written (a line per batch), so its oldest lines go first and the short
 * context between earlier outputs (backend, dataset, model) stays; only then
 * the oldest blocks. Emptied blocks stay, with a count of what went.
 */
function capLogs(state: OutputsView): OutputsView {
  let excess = state.logLines - state.maxLogLines;
  if (excess <= 0) return state;
  const blocks = state.blocks.slice();
  const drop = (i: number, keep: number) => {
    const block = blocks[i];
    if (block?.kind !== 'log') return;
    const n = Math.min(excess, Math.max(0, block.lines.length - keep));
    if (n === 0) return;
    blocks[i] = { ...block, lines: block.lines.slice(n), dropped: block.dropped + n };
    excess -= n;
  };
  drop(blocks.length - 1, 1);
  for (let i = 0; i < blocks.length && excess > 0; i++) drop(i, 0);
  return { ...state, blocks, logLines: state.maxLogLines };
}

// ---- charts ----------------------------------------------------------------

/**
 * Appends to an array that older views may share. Charts get a point per
 * batch or epoch; copying every column on every point would make a long run
 * quadratic. An older view keeps its own `length` and never sees the extra
 * entries; only when an older view is extended a second time (a branch) is
 * the array copied.
 */
function appendShared<T>(arr: readonly T[], length: number, value: T): T[] {
  const out = arr.length === length ? (arr as T[]) : arr.slice(0, length);
  out.push(value);
  return out;
}

function addChartPoint(state: OutputsView, output: Extract<CellOutput, { kind: 'chart' }>): OutputsView {
  const index = state.blocks.findIndex((b) => b.kind === 'chart' && b.chartId === output.chartId);
  const existing = state.blocks[index];
  if (existing?.kind !== 'chart') {
    const block: ChartBlock = {
      kind: 'chart',
      key: `chart-${state.nextKey}`,
      chartId: output.chartId,
      title: output.title,
      xLabel: output.xLabel,
      series: output.series,
      x: [output.x],
      y: output.series.map((_, s) => [output.y[s] ?? null]),
      points: 1,
    };
    return pushBlock(state, block);
  }
  return withBlock(state, index, withPoint(existing, output.x, output.y));
}

function withPoint(chart: ChartBlock, x: number, y: readonly (number | null)[]): ChartBlock {
  const n = chart.points;
  const lastX = chart.x[n - 1];
  const valueAt = (s: number) => y[s] ?? null;
  if (lastX === undefined || x > lastX) {
    return {
      ...chart,
      x: appendShared(chart.x, n, x),
      y: chart.y.map((col, s) => appendShared(col, n, valueAt(s))),
      points: n + 1,
    };
  }
  // Same x again (say, test accuracy sent after the epoch's train loss) or an
  // x out of order: uPlot needs x sorted and unique, so merge or insert. Both
  // are rare (once an epoch at most), so copying is fine here.
  const xs = chart.x.slice(0, n);
  const ys = chart.y.map((col) => col.slice(0, n));
  const at = xs.findIndex((v) => v >= x);
  if (xs[at] === x) {
    ys.forEach((col, s) => {
      const v = valueAt(s);
      if (v !== null) col[at] = v;
    });
    return { ...chart, x: xs, y: ys };
  }
  xs.splice(at, 0, x);
  ys.forEach((col, s) => col.splice(at, 0, valueAt(s)));
  return { ...chart, x: xs, y: ys, points: n + 1 };
}

/** The chart's points as equal-length columns, [x, ...one per series], as uPlot wants them. */
export function chartColumns(chart: ChartBlock): [number[], ...(number | null)[][]] {
  const n = chart.points;
  const trim = <T>(col: readonly T[]): T[] => (col.length === n ? (col as T[]) : col.slice(0, n));
  return [trim(chart.x), ...chart.y.map(trim)];
}

/** A text alternative for the chart: what it plots and the latest value of each series. */
export function describeChart(chart: ChartBlock): string {
  const n = chart.points;
  const xName = chart.xLabel.toLowerCase();
  const head = `${chart.title} by ${xName}.`;
  const lastX = chart.x[n - 1];
  if (lastX === undefined) return head;
  const parts: string[] = [];
  chart.series.forEach((series, s) => {
    const col = chart.y[s] ?? [];
    for (let i = n - 1; i >= 0; i--) {
      const v = col[i];
      if (v === null || v === undefined) continue;
      const at = chart.x[i] === lastX ? '' : ` (at ${xName} ${formatTableValue(chart.x[i] ?? 0)})`;
      parts.push(`${series.name} ${formatReading(v)}${at}`);
      return;
    }
  });
  if (parts.length === 0) return head;
  return `${head} Latest (${xName} ${formatTableValue(lastX)}): ${parts.join(', ')}.`;
}

// ---- bar charts ------------------------------------------------------------

/** One bar of a grouped bar chart, in the drawing's coordinates (y grows downwards). */
export interface BarRect {
  category: number;
  series: number;
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

export interface BarsLayout {
  bars: BarRect[];
  /** The y axis' ticks: value and height in the drawing. */
  ticks: { value: number; y: number }[];
  /** The centre of each category's group, for its label. */
  groupCentres: number[];
}

/** Round tick steps 1, 2, 5 × 10^k so that about `count` ticks span [0, max]. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let i = 0; i * step <= max * (1 + 1e-9); i++) ticks.push(Number((i * step).toPrecision(12)));
  if (ticks.at(-1)! < max) ticks.push(Number((ticks.length * step).toPrecision(12)));
  return ticks;
}

/**
 * Grouped bars from a baseline of 0 in a plot box [left, left + width] x
 * [top, top + height]: groups of equal width with a gap between them, the
 * bars of a group side by side. Missing and negative values draw no bar.
 */
export function barsLayout(
  block: Pick<BarsBlock, 'categories' | 'series'>,
  box: { left: number; top: number; width: number; height: number },
): BarsLayout {
  const values = block.series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const ticks = niceTicks(Math.max(0, ...values));
  const top = ticks.at(-1)! > 0 ? ticks.at(-1)! : 1;
  const yOf = (v: number) => box.top + box.height - (v / top) * box.height;
  const groups = Math.max(1, block.categories.length);
  const groupWidth = box.width / groups;
  const inner = groupWidth * 0.8;
  const barWidth = inner / Math.max(1, block.series.length);
  const bars: BarRect[] = [];
  block.series.forEach((s, si) =>
    s.values.forEach((v, ci) => {
      if (v === null || !Number.isFinite(v) || v <= 0) return;
      const x = box.left + ci * groupWidth + (groupWidth - inner) / 2 + si * barWidth;
      bars.push({ category: ci, series: si, x, y: yOf(v), width: barWidth, height: box.top + box.height - yOf(v), value: v });
    }),
  );
  return {
    bars,
    ticks: ticks.map((value) => ({ value, y: yOf(value) })),
    groupCentres: block.categories.map((_, ci) => box.left + (ci + 0.5) * groupWidth),
  };
}

/** A text alternative for a bar chart: every value, series by series. */
export function describeBars(block: Pick<BarsBlock, 'title' | 'xLabel' | 'yLabel' | 'categories' | 'series'>): string {
  const lines = block.series.map((s) => {
    const values = s.values.map((v, i) => `${block.categories[i]}: ${v === null ? '–' : formatReading(v)}`);
    return `${s.name}: ${values.join(', ')}.`;
  });
  return [`${block.title}: ${block.yLabel} by ${block.xLabel.toLowerCase()}.`, ...lines].join(' ');
}

// ---- tables ----------------------------------------------------------------

/** Which columns hold only numbers (blank cells aside), so they can be right-aligned, header included. */
export function numericColumns(table: Pick<TableBlock, 'columns' | 'rows'>): boolean[] {
  return table.columns.map((_, c) => {
    let seen = false;
    for (const row of table.rows) {
      const v = row[c];
      if (v === undefined || v === '') continue;
      if (typeof v !== 'number') return false;
      seen = true;
    }
    return seen;
  });
}

// ---- image grids -------------------------------------------------------------

/** What a tile of the default scale measures on screen: 28-pixel digits show at 3x. */
export const TILE_TARGET_PX = 84;

/**
 * The scale of a grid's tiles: the message's own, else the whole number that
 * brings the largest tile near TILE_TARGET_PX, so a 3x3 filter and a 28x28
 * digit both show at a size one can read. Whole numbers keep pixels square.
 */
export function gridScale(tiles: readonly Pick<ImageTile, 'width' | 'height'>[], scale?: number): number {
  if (scale !== undefined && Number.isFinite(scale) && scale > 0) return scale;
  const largest = tiles.reduce((m, t) => Math.max(m, t.width, t.height), 0);
  if (largest <= 0) return 1;
  return Math.max(1, Math.round(TILE_TARGET_PX / largest));
}

/**
 * How far the run is, 0..1. Epoch and batch count from 1 and say how many are
 * done: epoch 2/4, batch 37/125 is one epoch plus 37 batches.
 */
export function progressFraction(p: ProgressView): number {
  if (p.epochs <= 0) return 0;
  const inEpoch = p.batches > 0 ? p.batch / p.batches : 0;
  const f = (p.epoch - 1 + inEpoch) / p.epochs;
  return Math.min(1, Math.max(0, f));
}

/** "Epoch 2/4 · batch 37/125 · 1,234 img/s · ETA 0:12"; parts not yet measured are left out. */
export function describeProgress(p: ProgressView): string {
  const parts = [`Epoch ${p.epoch}/${p.epochs}`];
  if (p.batches > 0) parts.push(`batch ${formatCount(p.batch)}/${formatCount(p.batches)}`);
  const rate = formatRate(p.imagesPerSecond);
  if (rate) parts.push(rate);
  const eta = formatEta(p.etaSeconds);
  if (eta) parts.push(`ETA ${eta}`);
  return parts.join(' · ');
}
