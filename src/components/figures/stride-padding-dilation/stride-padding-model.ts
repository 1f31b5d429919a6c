// View-model of the stride / padding / dilation explorer: which cells of the
// padded input each output reads, which input cells no window ever reads, and
// the output-size formula evaluated by the engine. Square inputs and kernels:
// both axes follow the same numbers, so one axis is computed and used twice.

import { convOutputSizeSteps, effectiveKernel, samePadding, type OutputSizeSteps } from '../../../engine/arithmetic';
import { linkNumber } from '../kit/number-input';

export interface ConvSettings {
  readonly input: number;
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
}

export type SettingName = keyof ConvSettings;

/** Slider ranges: small enough that every cell of the padded grid stays visible on a phone. */
export const LIMITS: Readonly<Record<SettingName, readonly [number, number]>> = {
  input: [1, 12],
  kernel: [1, 7],
  stride: [1, 4],
  padding: [0, 4],
  dilation: [1, 4],
};

export const LABELS: Readonly<Record<SettingName, string>> = {
  input: 'Input size n',
  kernel: 'Kernel size k',
  stride: 'Stride s',
  padding: 'Padding p',
  dilation: 'Dilation d',
};

/** Whether 'same' padding exists for these settings, and which p it is. */
export type SameInfo =
  { readonly possible: true; readonly padding: number } | { readonly possible: false; readonly reason: string };

export type Explorer =
  | {
      readonly ok: true;
      readonly settings: ConvSettings;
      readonly steps: OutputSizeSteps;
      /** n + 2p: side of the drawn grid. */
      readonly padded: number;
      readonly output: number;
      /** Input indices (along one axis) that no window reads. */
      readonly neverRead: readonly number[];
      /** Those of them past the last window: the rows PyTorch's floor drops. */
      readonly droppedAtEnd: readonly number[];
      readonly same: SameInfo;
    }
  | {
      readonly ok: false;
      readonly settings: ConvSettings;
      readonly padded: number;
      /** The engine's message, without its function-name prefix. */
      readonly error: string;
      readonly same: SameInfo;
    };

function sameInfo({ kernel, stride, dilation }: ConvSettings): SameInfo {
  if (stride !== 1) return { possible: false, reason: "'same' padding needs stride 1" };
  try {
    return { possible: true, padding: samePadding(kernel, dilation) };
  } catch (e) {
    return { possible: false, reason: engineMessage(e) };
  }
}

/** "convOutputSize: kernel 7 is …" -> "Kernel 7 is …": the reader did not call a function. */
export function engineMessage(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const text = raw.replace(/^\w+: /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Padded-grid indices (along one axis) that the taps of output o land on. */
export function tapOffsets(settings: ConvSettings, o: number): number[] {
  const { kernel, stride, dilation } = settings;
  return Array.from({ length: kernel }, (_, u) => o * stride + u * dilation);
}

/** The engine's formula plus what the explorer derives from it. */
export function explore(settings: ConvSettings): Explorer {
  const padded = settings.input + 2 * settings.padding;
  const same = sameInfo(settings);
  let steps: OutputSizeSteps;
  try {
    steps = convOutputSizeSteps(settings.input, settings);
  } catch (e) {
    return { ok: false, settings, padded, error: engineMessage(e), same };
  }
  const touched = new Set<number>();
  for (let o = 0; o < steps.output; o++) for (const t of tapOffsets(settings, o)) touched.add(t);
  const last = Math.max(...touched);
  const neverRead: number[] = [];
  const droppedAtEnd: number[] = [];
  for (let i = 0; i < settings.input; i++) {
    const at = i + settings.padding;
    if (touched.has(at)) continue;
    neverRead.push(i);
    if (at > last) droppedAtEnd.push(i);
  }
  return { ok: true, settings, steps, padded, output: steps.output, neverRead, droppedAtEnd, same };
}

/** The lines of the worked formula: padded size, window span (with dilation), the output size. */
export function formulaLines(steps: OutputSizeSteps): string[] {
  const lines = [`padded input: ${steps.input} + 2·${steps.padding} = ${steps.paddedSize}`];
  lines.push(steps.dilation === 1 ? `window span: k = ${steps.span}` : `window span: d·(k − 1) + 1 = ${steps.spanFormula}`);
  lines.push(`output: ${steps.formula}`);
  return lines;
}

/** The same lines for settings with no output: the span that does not fit. */
export function invalidLines({ input, kernel, padding, dilation }: ConvSettings): string[] {
  const span = effectiveKernel(kernel, dilation);
  const how = dilation === 1 ? `k = ${span}` : `d·(k − 1) + 1 = ${dilation}·(${kernel} − 1) + 1 = ${span}`;
  const padded = input + 2 * padding;
  return [`padded input: ${input} + 2·${padding} = ${padded}`, `window span: ${how} > ${padded}`, 'output: none'];
}

/** Output (row, col) of the index-th window in the order the convolution visits them. */
export function windowAt(index: number, output: number): [number, number] {
  return [Math.floor(index / output), index % output];
}

/** How many windows read input cell (row, col): 1 for a corner without padding, up to k² inside. */
export function windowsReading(settings: ConvSettings, row: number, col: number): number {
  const { output } = convOutputSizeSteps(settings.input, settings);
  const along = (i: number) => {
    let count = 0;
    for (let o = 0; o < output; o++) if (tapOffsets(settings, o).includes(i + settings.padding)) count++;
    return count;
  };
  return along(row) * along(col);
}

const MINUS = '\u2212';
const num = (v: number) => (v < 0 ? `${MINUS}${-v}` : String(v));

/** "rows 0 to 2" or "rows 0, 2, 4" (dilated), in input coordinates. */
function axisText(name: string, taps: readonly number[]): string {
  const first = taps[0] ?? 0;
  const last = taps[taps.length - 1] ?? 0;
  if (taps.length === 1) return `${name} ${num(first)}`;
  const contiguous = last - first === taps.length - 1;
  return contiguous ? `${name}s ${num(first)} to ${num(last)}` : `${name}s ${taps.map(num).join(', ')}`;
}

/** The sentence for a screen reader: what output (row, col) reads. */
export function describeWindow(settings: ConvSettings, row: number, col: number): string {
  const p = settings.padding;
  const rows = tapOffsets(settings, row).map((t) => t - p);
  const cols = tapOffsets(settings, col).map((t) => t - p);
  const inside = (i: number) => i >= 0 && i < settings.input;
  const real = rows.filter(inside).length * cols.filter(inside).length;
  const taps = rows.length * cols.length;
  const pad = taps - real;
  const padText = pad === 0 ? '' : `; ${pad} of its ${taps} taps fall on the zero padding`;
  return `Output (${row}, ${col}) reads input ${axisText('row', rows)} and ${axisText('column', cols)}${padText}.`;
}

/** The sentence that sums the settings up, or the error. */
export function describeExplorer(e: Explorer): string {
  const { input: n, kernel: k, stride: s, padding: p, dilation: d } = e.settings;
  const head = `Input ${n}×${n}, padding ${p}, kernel ${k}×${k}, stride ${s}, dilation ${d}`;
  if (!e.ok) return `${head}: no output. ${e.error}.`;
  const dropped = e.droppedAtEnd.length;
  const skipped = e.neverRead.length - dropped;
  let tail = '';
  if (dropped > 0)
    tail += ` The last ${dropped === 1 ? 'row and column' : `${dropped} rows and columns`} of the input never fit a window.`;
  if (skipped > 0)
    tail += ` ${skipped === 1 ? 'One row and column falls' : `${skipped} rows and columns fall`} between windows and ${skipped === 1 ? 'is' : 'are'} never read.`;
  return `${head}: output ${e.output}×${e.output}, since ${e.steps.formula}.${tail}`;
}

/** The PyTorch call that the settings describe, and the shape it returns. */
export function pytorchLine(e: Explorer): { code: string; result: string } {
  const { input: n, kernel: k, stride: s, padding: p, dilation: d } = e.settings;
  const code = `nn.Conv2d(1, 1, kernel_size=${k}, stride=${s}, padding=${p}, dilation=${d})(torch.zeros(1, 1, ${n}, ${n})).shape`;
  return { code, result: e.ok ? `torch.Size([1, 1, ${e.output}, ${e.output}])` : 'RuntimeError' };
}

/** Clamp a setting into its slider range (a prop may come in out of range). */
export function clampSetting(name: SettingName, value: number): number {
  const [lo, hi] = LIMITS[name];
  return Math.min(hi, Math.max(lo, Math.round(value)));
}

/** Short names of the settings in a view link: #explorer?n=7&k=3&s=2&p=1&d=1. */
export const VIEW_KEYS: Readonly<Record<SettingName, string>> = {
  input: 'n',
  kernel: 'k',
  stride: 's',
  padding: 'p',
  dilation: 'd',
};

export function explorerViewParams(settings: ConvSettings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(VIEW_KEYS) as SettingName[]) out[VIEW_KEYS[name]] = String(settings[name]);
  return out;
}

/**
 * Settings from a link, one by one: a whole number within the slider's range
 * is used; anything else keeps the figure's own value and is named in `problems`.
 */
export function parseExplorerView(params: URLSearchParams): { settings: Partial<ConvSettings>; problems: string[] } {
  const settings: { -readonly [K in SettingName]?: number } = {};
  const problems: string[] = [];
  for (const name of Object.keys(VIEW_KEYS) as SettingName[]) {
    const [min, max] = LIMITS[name];
    const r = linkNumber(params, VIEW_KEYS[name], { label: LABELS[name], min, max, integer: true });
    if (r.value !== undefined) settings[name] = r.value;
    if (r.problem) problems.push(r.problem);
  }
  return { settings, problems };
}
