// The one int-or-pair normalisation and the argument checks of the engine
// (arithmetic, spec layers, reference ops). A figure or a cell feeds these
// functions whatever the reader typed, so a bad value must stop with a message
// that names the argument and the value (never a silent NaN or a wrong count).

/** [height, width]. */
export type Pair = readonly [number, number];

/** A size PyTorch accepts as `3` or `(3, 5)`: one number for both axes, or [height, width]. */
export type IntOrPair = number | Pair;

/** A check of one integer argument; throws with the argument named. */
export type IntCheck = (where: string, name: string, value: unknown) => number;

/** Shows a value the way the reader would recognise it in an error message ("3", "2.5", "'3'", "NaN"). */
export function showValue(value: unknown): string {
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'}); call it, e.g. nn.ReLU()`;
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(showValue).join(', ')}]`;
  return String(value);
}

/** Prefix for messages: "convOutputSize: stride" or just "stride" when there is no caller name. */
function label(where: string, name: string): string {
  return where ? `${where}: ${name}` : name;
}

/** A kernel, stride, dilation, channel or unit count: an integer of at least 1. */
export function requirePositiveInt(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${label(where, name)} must be a positive integer, got ${showValue(value)}`);
  }
  return value;
}

/** A padding or an index: an integer of at least 0. */
export function requireNonNegativeInt(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${label(where, name)} must be a non-negative integer, got ${showValue(value)}`);
  }
  return value;
}

/** Expands `3` to [3, 3] and checks a [height, width] pair (positive by default), naming the axis that is wrong. */
export function toPair(where: string, name: string, value: unknown, check: IntCheck = requirePositiveInt): [number, number] {
  if (typeof value === 'number') {
    const v = check(where, name, value);
    return [v, v];
  }
  if (!Array.isArray(value) || value.length !== 2) {
    throw new RangeError(`${label(where, name)} must be a number or a [height, width] pair, got ${showValue(value)}`);
  }
  return [check(where, `${name}[0]`, value[0]), check(where, `${name}[1]`, value[1])];
}

/** A [C, H, W] feature-map shape of positive integers. */
export function chwShape(where: string, name: string, value: unknown): [number, number, number] {
  if (!Array.isArray(value) || value.length !== 3) {
    throw new RangeError(`${label(where, name)} must be a [C, H, W] shape, got ${showValue(value)}`);
  }
  return [
    requirePositiveInt(where, `${name}[0] (channels)`, value[0]),
    requirePositiveInt(where, `${name}[1] (height)`, value[1]),
    requirePositiveInt(where, `${name}[2] (width)`, value[2]),
  ];
}

/** A [H, W] spatial size of positive integers. */
export function hwShape(where: string, name: string, value: unknown): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new RangeError(`${label(where, name)} must be a [height, width] size, got ${showValue(value)}`);
  }
  return [requirePositiveInt(where, `${name}[0] (height)`, value[0]), requirePositiveInt(where, `${name}[1] (width)`, value[1])];
}

/** A flag that must really be a boolean (a figure's checkbox), defaulting when absent. */
export function booleanOr(where: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new TypeError(`${label(where, name)} must be true or false, got ${showValue(value)}`);
  }
  return value;
}

/** Channels split into groups must divide evenly, as nn.Conv2d requires of both in and out channels. */
export function divisibleByGroups(where: string, name: string, channels: number, groups: number): void {
  if (channels % groups !== 0) {
    throw new RangeError(`${label(where, name)} (${channels}) must be divisible by groups (${groups})`);
  }
}

/** Guards a count that a reader will see: past 2^53 a JavaScript number stops counting exactly. */
export function exactCount(where: string, what: string, value: number): number {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${label(where, what)} is ${value}, too large to count exactly (over 2^53)`);
  }
  return value;
}
