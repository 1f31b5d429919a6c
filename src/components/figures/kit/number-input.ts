// One check for every number a reader gives a figure, typed into a field or
// carried by a "link to this view": empty, non-numeric, fractional and
// out-of-range values each get a short message, and the figure always gets a
// finite value to draw (the last good one, or the nearest bound), so NaN or
// Infinity never reach the screen.
import { formatCount, formatDecimal } from '../../../engine/arithmetic/format';

export interface NumberRule {
  /** Names the value in messages: "Height H", "Dense units". */
  readonly label: string;
  readonly min: number;
  readonly max: number;
  /** Whole numbers only (channels, sizes); otherwise any decimal in range (weights). */
  readonly integer?: boolean;
}

/**
 * What a field holds: its text, or NaN for text the browser would not turn
 * into a number (a number field's badInput: "-", "e", "1e999").
 */
export type RawNumber = string | number | null | undefined;

export interface CheckedNumber {
  /** Always finite and within the rule's range. */
  readonly value: number;
  /** Empty when the raw value was used as it is. */
  readonly message: string;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const ECHO_MAX = 16;

/** A number written in plain decimal or e-notation (a typographic minus allowed), or undefined. */
export function parseNumberText(text: string): number | undefined {
  const t = text.trim().replace(/^\u2212/, '-');
  if (!NUMBER.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

const show = (rule: NumberRule, v: number) => (rule.integer ? formatCount(v) : formatDecimal(v));

/** "a whole number from 1 to 2,048", "a number from −1,000 to 1,000" */
export function expected(rule: NumberRule): string {
  return `${rule.integer ? 'a whole number' : 'a number'} from ${show(rule, rule.min)} to ${show(rule, rule.max)}`;
}

/** What the reader typed, short enough for a message. */
function echo(raw: string): string {
  const t = raw.trim();
  return `“${t.length > ECHO_MAX ? `${t.slice(0, ECHO_MAX)}…` : t}”`;
}

/**
 * Checks a raw value against its rule. A valid value is used as it is; one
 * out of range is clamped to the nearest bound; an empty, non-numeric or
 * fractional one (for a whole-number rule) leaves `fallback` in place.
 */
export function checkNumber(raw: RawNumber, rule: NumberRule, fallback: number): CheckedNumber {
  const keep = (what: string): CheckedNumber => ({
    value: fallback,
    message: `${rule.label}: ${what}; enter ${expected(rule)}. Until then the figure uses ${show(rule, fallback)}.`,
  });
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return keep('empty');
  const text = typeof raw === 'string' ? raw : '';
  const v = typeof raw === 'number' ? (Number.isFinite(raw) ? raw : undefined) : parseNumberText(raw);
  if (v === undefined) return keep(text ? `${echo(text)} is not a number` : 'not a number');
  const typed = text ? echo(text) : show(rule, v);
  if (v > rule.max)
    return {
      value: rule.max,
      message: `${rule.label}: ${typed} is above ${show(rule, rule.max)}, the most this figure takes; it uses ${show(rule, rule.max)}.`,
    };
  if (v < rule.min)
    return {
      value: rule.min,
      message: `${rule.label}: ${typed} is below ${show(rule, rule.min)}, the least this figure takes; it uses ${show(rule, rule.min)}.`,
    };
  if (rule.integer && !Number.isInteger(v)) return keep(`${typed} is not a whole number`);
  return { value: v, message: '' };
}

/** What a number field holds, with text the browser could not read as a number turned into NaN. */
export function fieldValue(input: HTMLInputElement): RawNumber {
  return input.validity?.badInput ? Number.NaN : input.value;
}

/**
 * A number carried by a link. Only a value the figure would take as typed is
 * used (no clamping: a link that asks for too much is named, not bent);
 * otherwise `problem` says why and the figure keeps its own value.
 */
export function linkNumber(params: URLSearchParams, key: string, rule: NumberRule): { value?: number; problem?: string } {
  const raw = params.get(key);
  if (raw === null) return {};
  // A view's numbers are short; anything longer is not one of ours.
  const checked = raw.length > 24 ? { value: NaN, message: 'x' } : checkNumber(raw, rule, NaN);
  return checked.message ? { problem: `${rule.label} must be ${expected(rule)}` } : { value: checked.value };
}
