// View-model of the receptive-field calculator: a stack of conv and pool
// layers the reader edits, run through the engine's receptiveField (the
// recurrence) and stride1ReceptiveField (the closed form, when it applies).
// Stacks are plain arrays, changed by pure functions.

import { receptiveField, stride1ReceptiveField, type ReceptiveFieldRow } from '../../../engine/arithmetic';

export type RfKind = 'conv' | 'pool';

export interface RfLayer {
  /** Stable identity for keyed lists and focus. */
  id: number;
  kind: RfKind;
  kernel: number;
  stride: number;
  /** Conv only; a pool keeps 1. */
  dilation: number;
  padding: number;
}

export type RfLayerSettings = Omit<RfLayer, 'id'>;

export const MAX_LAYERS = 12;
export const KERNELS: Readonly<Record<RfKind, readonly number[]>> = { conv: [1, 2, 3, 5, 7], pool: [2, 3, 4] };
export const STRIDES = [1, 2, 3, 4] as const;
export const DILATIONS = [1, 2, 3, 4] as const;
export const INPUT_SIZES = [28, 32, 64, 224] as const;

export const conv = (kernel = 3, stride = 1, dilation = 1, padding = 0): RfLayerSettings => ({
  kind: 'conv',
  kernel,
  stride,
  dilation,
  padding,
});
export const pool = (kernel = 2, stride = kernel): RfLayerSettings => ({ kind: 'pool', kernel, stride, dilation: 1, padding: 0 });

export const PRESETS: Readonly<Record<string, { label: string; layers: readonly RfLayerSettings[] }>> = {
  classic: { label: 'Classic CNN', layers: [conv(), pool(), conv(), pool(), conv()] },
  threeConvs: { label: 'Three 3×3 convs', layers: [conv(3, 1, 1, 1), conv(3, 1, 1, 1), conv(3, 1, 1, 1)] },
  dilated: { label: 'Dilated 1, 2, 4', layers: [conv(3, 1, 1, 1), conv(3, 1, 2, 2), conv(3, 1, 4, 4)] },
  strided: { label: 'Strided convs', layers: [conv(3, 2, 1, 1), conv(3, 2, 1, 1), conv(3, 2, 1, 1)] },
};

/** Paddings a layer may have: a conv up to 4 (what a 3 × 3 at dilation 4 needs for 'same'), a pool at most ⌊k/2⌋ (PyTorch's rule). */
export function paddingsFor(layer: RfLayerSettings): number[] {
  const max = layer.kind === 'conv' ? 4 : Math.floor(layer.kernel / 2);
  return Array.from({ length: max + 1 }, (_, i) => i);
}

export function fromSettings(settings: readonly RfLayerSettings[]): RfLayer[] {
  return settings.map((s, i) => ({ ...s, id: i + 1 }));
}

export function addLayer(layers: readonly RfLayer[], settings: RfLayerSettings): RfLayer[] {
  if (layers.length >= MAX_LAYERS) return [...layers];
  const id = layers.reduce((m, l) => Math.max(m, l.id), 0) + 1;
  return [...layers, { ...settings, id }];
}

export function removeLayer(layers: readonly RfLayer[], id: number): RfLayer[] {
  return layers.filter((l) => l.id !== id);
}

/** Changes one setting, keeping the layer valid (a pool's padding shrinks with its kernel). */
export function updateLayer(layers: readonly RfLayer[], id: number, patch: Partial<RfLayerSettings>): RfLayer[] {
  return layers.map((l) => {
    if (l.id !== id) return l;
    const next = { ...l, ...patch };
    if (next.kind === 'pool') next.dilation = 1;
    next.padding = Math.min(next.padding, Math.max(...paddingsFor(next)));
    return next;
  });
}

/** "conv 1", "pool 1", "conv 2", ...: each kind counted on its own. */
export function layerLabels(layers: readonly RfLayerSettings[]): string[] {
  const seen: Record<RfKind, number> = { conv: 0, pool: 0 };
  return layers.map((l) => `${l.kind} ${++seen[l.kind]}`);
}

export interface RfRowView extends ReceptiveFieldRow {
  id: number;
  kind: RfKind;
  /** This layer's output size at the chosen input size; absent from the first layer that does not fit on. */
  outputSize?: number;
  /** rf / input size, capped at 1, for the bar. */
  fraction: number;
}

export interface ClosedForm {
  applies: boolean;
  /** The closed form with numbers, or why the recurrence is needed. */
  text: string;
  value?: number;
}

export interface RfView {
  rows: RfRowView[];
  rf: number;
  jump: number;
  inputSize: number;
  /** The last output size, when every layer fits. */
  outputSize?: number;
  /** Set when a layer's window is larger than its (padded) input. */
  error?: string;
  closedForm: ClosedForm;
  sentence: string;
}

const MINUS = '\u2212';

function closedForm(layers: readonly RfLayerSettings[], rf: number, labels: readonly string[]): ClosedForm {
  if (layers.length === 0) return { applies: true, text: 'An empty stack: every output is one input pixel, r = 1.', value: 1 };
  const strided = layers.findIndex((l) => l.stride !== 1);
  if (strided >= 0) {
    return {
      applies: false,
      text: `${labels[strided]} has stride ${layers[strided]!.stride}, so every later layer's window is spread over ${layers[strided]!.stride}× more input pixels: the closed form 1 + L(k ${MINUS} 1) no longer applies, and the recurrence does the counting.`,
    };
  }
  const first = layers[0]!;
  if (layers.every((l) => l.kernel === first.kernel && l.dilation === first.dilation)) {
    const value = stride1ReceptiveField(layers.length, first.kernel, first.dilation);
    const d = first.dilation === 1 ? '' : `${first.dilation}·`;
    return {
      applies: true,
      text: `Stride 1 everywhere, one kernel size: r = 1 + L·${d}(k ${MINUS} 1) = 1 + ${layers.length}·${d}(${first.kernel} ${MINUS} 1) = ${value}.`,
      value,
    };
  }
  const terms = layers.map((l) => l.dilation * (l.kernel - 1));
  return { applies: true, text: `Stride 1 everywhere: r = 1 + Σ d(k ${MINUS} 1) = 1 + ${terms.join(' + ')} = ${rf}.`, value: rf };
}

/** Receptive field, jump and output size of every layer of the stack, for one input size. */
export function rfView(layers: readonly RfLayer[], inputSize: number): RfView {
  const labels = layerLabels(layers);
  const named = layers.map((l, i) => ({
    name: labels[i]!,
    kernel: l.kernel,
    stride: l.stride,
    padding: l.padding,
    dilation: l.dilation,
  }));
  const result = receptiveField(named);
  // Output sizes layer by layer, stopping at the first layer whose window does not fit.
  const sizes: number[] = [];
  let error: string | undefined;
  let size = inputSize;
  for (const [i, l] of named.entries()) {
    const padded = size + 2 * l.padding;
    const span = l.dilation * (l.kernel - 1) + 1;
    if (padded < span) {
      error = `${l.name} needs ${span} input pixels for one window but gets ${size}${l.padding ? ` (${padded} padded)` : ''}, so at input size ${inputSize} ${i === 1 ? 'only the first layer fits' : `only the first ${i} layers fit`}.`;
      break;
    }
    size = receptiveField(named.slice(0, i + 1), { inputSize }).outputSize!;
    sizes.push(size);
  }
  const rows = result.rows.map((row, i) => ({
    ...row,
    id: layers[i]!.id,
    kind: layers[i]!.kind,
    ...(sizes[i] === undefined ? {} : { outputSize: sizes[i] }),
    fraction: Math.min(1, row.rf / inputSize),
  }));
  const cf = closedForm(layers, result.rf, labels);
  const sentence =
    layers.length === 0
      ? 'No layers: each output is a single input pixel.'
      : `After ${layers.length} layer${layers.length === 1 ? '' : 's'}, each output unit sees ${result.rf} × ${result.rf} input pixels, and neighbouring units are ${result.jump} pixel${result.jump === 1 ? '' : 's'} apart` +
        (error
          ? '; ' + error
          : sizes.length
            ? `; the last map is ${sizes[sizes.length - 1]} × ${sizes[sizes.length - 1]} for a ${inputSize} × ${inputSize} input.`
            : '.');
  return {
    rows,
    rf: result.rf,
    jump: result.jump,
    inputSize,
    ...(error === undefined && sizes.length === layers.length && layers.length > 0
      ? { outputSize: sizes[sizes.length - 1]! }
      : {}),
    ...(error === undefined ? {} : { error }),
    closedForm: cf,
    sentence,
  };
}

/** One layer in a link: "c3s1d1p0" (conv k, s, d, p) or "m2s2p0" (max pool k, s, p). */
function layerToken(l: RfLayerSettings): string {
  return l.kind === 'conv' ? `c${l.kernel}s${l.stride}d${l.dilation}p${l.padding}` : `m${l.kernel}s${l.stride}p${l.padding}`;
}

const TOKEN = /^(?:c(\d{1,2})s(\d{1,2})d(\d{1,2})p(\d{1,2})|m(\d{1,2})s(\d{1,2})p(\d{1,2}))$/;

/** A layer from its token, only when the calculator's own controls could have made it. */
function layerFromToken(token: string): RfLayerSettings | undefined {
  const m = TOKEN.exec(token);
  if (!m) return undefined;
  const layer = m[1] ? conv(+m[1], +m[2]!, +m[3]!, +m[4]!) : { ...pool(+m[5]!, +m[6]!), padding: +m[7]! };
  const ok =
    KERNELS[layer.kind].includes(layer.kernel) &&
    (STRIDES as readonly number[]).includes(layer.stride) &&
    (DILATIONS as readonly number[]).includes(layer.dilation) &&
    paddingsFor(layer).includes(layer.padding);
  return ok ? layer : undefined;
}

/** The calculator's view in a link: #rf-calculator?in=32&layers=c3s1d1p0,m2s2p0,c3s1d1p0. */
export function rfViewParams(layers: readonly RfLayerSettings[], inputSize: number): Record<string, string> {
  return { in: String(inputSize), layers: layers.map(layerToken).join(',') };
}

/** A stack and input size from a link; a value the controls could not have set is named and left out. */
export function parseRfView(params: URLSearchParams): { layers?: RfLayerSettings[]; inputSize?: number; problems: string[] } {
  const problems: string[] = [];
  const view: { layers?: RfLayerSettings[]; inputSize?: number; problems: string[] } = { problems };
  const size = params.get('in');
  if (size !== null) {
    const n = /^\d{1,3}$/.test(size) ? Number(size) : NaN;
    if ((INPUT_SIZES as readonly number[]).includes(n)) view.inputSize = n;
    else problems.push(`the input size must be one of ${INPUT_SIZES.join(', ')}`);
  }
  const stack = params.get('layers');
  if (stack !== null) {
    const tokens = stack === '' ? [] : stack.split(',', MAX_LAYERS + 1);
    const layers = tokens.map(layerFromToken);
    const bad = layers.findIndex((l) => l === undefined);
    if (tokens.length > MAX_LAYERS) problems.push(`the stack has more than ${MAX_LAYERS} layers, so it is left out`);
    else if (bad >= 0)
      problems.push(`layer ${bad + 1} of the stack is not one these controls can set, so the whole stack is left out`);
    else view.layers = layers as RfLayerSettings[];
  }
  return view;
}
