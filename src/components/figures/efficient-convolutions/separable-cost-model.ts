// View-model of the separable-cost calculator: C_in, C_out, k, H and W typed
// by the reader, checked (a value out of range is named and replaced by the
// last good one, never NaN), and the engine's depthwiseSeparableCost for a
// k × k convolution with 'same' padding (⌊k/2⌋; stride 1).

import { depthwiseSeparableCost, type SeparableComparison } from '../../../engine/arithmetic/cost';
import { formatCount, formatDecimal, formatRatio } from '../../../engine/arithmetic/format';
import { checkNumber, linkNumber, type NumberRule, type RawNumber } from '../kit/number-input';

export type CostField = 'cin' | 'cout' | 'k' | 'h' | 'w';

export interface CostInputs {
  readonly cin: number;
  readonly cout: number;
  readonly k: number;
  readonly h: number;
  readonly w: number;
}

/** Large enough for any layer of the zoo, small enough that every count stays an exact integer. */
export const COST_LIMITS: Readonly<Record<CostField, NumberRule>> = {
  cin: { min: 1, max: 2048, label: 'Input channels C_in', integer: true },
  cout: { min: 1, max: 2048, label: 'Output channels C_out', integer: true },
  k: { min: 1, max: 11, label: 'Kernel size k', integer: true },
  h: { min: 1, max: 512, label: 'Height H', integer: true },
  w: { min: 1, max: 512, label: 'Width W', integer: true },
};

export const COST_FIELDS = ['cin', 'cout', 'k', 'h', 'w'] as const satisfies readonly CostField[];

/** MobileNet's typical middle layer: 128 -> 128 channels, 3 × 3, at 56 × 56. */
export const COST_DEFAULTS: CostInputs = { cin: 128, cout: 128, k: 3, h: 56, w: 56 };

export interface CostRow {
  readonly name: string;
  /** PyTorch's module, e.g. "nn.Conv2d(128, 128, 3, padding=1, groups=128)". */
  readonly code: string;
  readonly params: number;
  readonly macs: number;
  /** The MACs with their factors: "56·56·128·128·3² = 462,422,016". */
  readonly macFormula: string;
}

export interface CostView {
  readonly inputs: CostInputs;
  /** One message per field that is not a valid number (the figure then uses the last valid value, or the nearest bound). */
  readonly errors: readonly string[];
  readonly rows: readonly CostRow[];
  readonly paramRatio: number;
  readonly macRatio: number;
  /** 1/C_out + 1/k². */
  readonly identity: number;
  /** "1/128 + 1/3² = 0.1189" */
  readonly identityText: string;
  /** How many times fewer MACs the separable pair needs. */
  readonly macSaving: number;
  readonly engine: SeparableComparison;
  readonly sentence: string;
}

/** Checks every field: a whole number in range is used, one out of range is clamped, anything else falls back to `previous`; each with a message. */
export function resolveCostInputs(
  raw: Readonly<Record<CostField, RawNumber>>,
  previous: CostInputs = COST_DEFAULTS,
): { inputs: CostInputs; errors: string[]; invalid: CostField[] } {
  const errors: string[] = [];
  const invalid: CostField[] = [];
  const value = (field: CostField) => {
    const r = checkNumber(raw[field], COST_LIMITS[field], previous[field]);
    if (r.message) {
      errors.push(r.message);
      invalid.push(field);
    }
    return r.value;
  };
  return { inputs: { cin: value('cin'), cout: value('cout'), k: value('k'), h: value('h'), w: value('w') }, errors, invalid };
}

/** The calculator's view in a link: #separable-cost-calculator?cin=128&cout=128&k=3&h=56&w=56. */
export function costViewParams(inputs: CostInputs): Record<string, string> {
  return Object.fromEntries(COST_FIELDS.map((f) => [f, String(inputs[f])]));
}

/** The sizes a link carries, each used only when it is one the calculator takes. */
export function parseCostView(params: URLSearchParams): { inputs: Partial<CostInputs>; problems: string[] } {
  const inputs: { -readonly [K in CostField]?: number } = {};
  const problems: string[] = [];
  for (const f of COST_FIELDS) {
    const r = linkNumber(params, f, COST_LIMITS[f]);
    if (r.value !== undefined) inputs[f] = r.value;
    if (r.problem) problems.push(r.problem);
  }
  return { inputs, problems };
}

const ratioText = (r: number) => formatDecimal(r, 4);

export function costView(inputs: CostInputs, errors: readonly string[] = []): CostView {
  const { cin, cout, k, h, w } = inputs;
  const padding = Math.floor(k / 2);
  const engine = depthwiseSeparableCost({ input: [cin, h, w], outChannels: cout, kernel: k, padding, bias: false });
  const { standard, depthwise, pointwise, separable } = engine;
  const [, oh, ow] = standard.outputShape as [number, number, number];
  const pad = padding > 0 ? `, padding=${padding}` : '';
  const at = `${formatCount(oh)}·${formatCount(ow)}`;
  const rows: CostRow[] = [
    {
      name: 'Standard',
      code: `nn.Conv2d(${cin}, ${cout}, ${k}${pad}, bias=False)`,
      params: standard.params.total,
      macs: standard.macs,
      macFormula: `${at}·${formatCount(cout)}·${formatCount(cin)}·${k}² = ${formatCount(standard.macs)}`,
    },
    {
      name: 'Depthwise',
      code: `nn.Conv2d(${cin}, ${cin}, ${k}${pad}, groups=${cin}, bias=False)`,
      params: depthwise.params.total,
      macs: depthwise.macs,
      macFormula: `${at}·${formatCount(cin)}·${k}² = ${formatCount(depthwise.macs)}`,
    },
    {
      name: 'Pointwise',
      code: `nn.Conv2d(${cin}, ${cout}, 1, bias=False)`,
      params: pointwise.params.total,
      macs: pointwise.macs,
      macFormula: `${at}·${formatCount(cin)}·${formatCount(cout)} = ${formatCount(pointwise.macs)}`,
    },
    {
      name: 'Separable (both)',
      code: 'depthwise, then pointwise',
      params: separable.params,
      macs: separable.macs,
      macFormula: `${formatCount(depthwise.macs)} + ${formatCount(pointwise.macs)} = ${formatCount(separable.macs)}`,
    },
  ];
  const identityText = `1/${formatCount(cout)} + 1/${k}² = ${ratioText(engine.theoreticalRatio)}`;
  const macSaving = 1 / engine.macRatio;
  return {
    inputs,
    errors,
    rows,
    paramRatio: engine.paramRatio,
    macRatio: engine.macRatio,
    identity: engine.theoreticalRatio,
    identityText,
    macSaving,
    engine,
    sentence:
      `A ${k} × ${k} convolution from ${formatCount(cin)} to ${formatCount(cout)} channels on ${formatCount(h)} × ${formatCount(w)}: ` +
      `${formatCount(standard.params.total)} parameters and ${formatCount(standard.macs)} MACs as one standard convolution, ` +
      `${formatCount(separable.params)} and ${formatCount(separable.macs)} split into depthwise and pointwise. ` +
      `The separable pair needs ${ratioText(engine.macRatio)} of the MACs (${formatRatio(macSaving)} times fewer), ` +
      `exactly ${identityText}.`,
  };
}
