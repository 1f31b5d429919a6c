// How the guide prints numbers: one function per kind of number, so a count,
// a weight, a chart reading or a percentage reads the same in every chapter,
// figure and cell output. One fixed locale: the guide is in English, and its
// numbers should read the same for every reader (and in tests).

const LOCALE = 'en-US';
const MINUS = '\u2212';
// Made on first use, not when a page loads this module: the first Intl formatter
// of a page loads the locale's data (about 50 ms, 200 ms at Lighthouse's 4x
// slower CPU), and most figures and every cell import this file but print no
// grouped count until later, if ever. Whole counts are grouped without Intl
// (groupInteger), so a figure that prints them as it hydrates does not pay that.
let groupedFormat: Intl.NumberFormat | undefined;
let wordsFormat: Intl.NumberFormat | undefined;
const grouped = (): Intl.NumberFormat => (groupedFormat ??= new Intl.NumberFormat(LOCALE));
const words = (): Intl.NumberFormat =>
  (wordsFormat ??= new Intl.NumberFormat(LOCALE, { notation: 'compact', compactDisplay: 'long', maximumSignificantDigits: 3 }));

/** A safe integer grouped by thousands as en-US writes it (the same text as Intl.NumberFormat('en-US')). */
export function groupInteger(n: number): string {
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 || Object.is(n, -0) ? `-${digits}` : digits;
}

/** A count of parameters, values or images, grouped: 94986 -> "94,986". */
export function formatCount(n: number): string {
  return Number.isSafeInteger(n) ? groupInteger(n) : grouped().format(n);
}

/** A very large count in words: 150529000 -> "151 million"; below ten thousand, the exact count. */
export function formatCountInWords(n: number): string {
  return n < 10_000 ? formatCount(n) : words().format(n);
}

/**
 * A value in a figure or formula: integers as they are, others to `digits`
 * decimals without trailing zeros, a typographic minus (U+2212), ∞ for infinity.
 */
export function formatDecimal(x: number, digits = 3): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : `${MINUS}∞`;
  let s = Number.isInteger(x)
    ? String(Math.abs(x))
    : Math.abs(x)
        .toFixed(digits)
        .replace(/\.?0+$/, '');
  if (s === '') s = '0';
  return x < 0 && s !== '0' ? `${MINUS}${s}` : s;
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** 10 to a power with a superscript exponent: -12 -> "10⁻¹²". */
export function formatPowerOfTen(exp: number): string {
  return `10${[...String(exp)].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

/**
 * A positive value that may span many orders of magnitude (a gradient factor):
 * plain decimals between 0.001 and 10,000, else "3.2×10⁻⁸".
 */
export function formatMagnitude(v: number): string {
  if (v === 0) return '0';
  if (v >= 1e-3 && v < 1e4) return formatDecimal(v, 4);
  const [m, e] = v.toExponential(2).split('e') as [string, string];
  return `${m.replace(/\.?0+$/, '')}×${formatPowerOfTen(Number(e))}`;
}

/** A cell in a table or chart: integers grouped, fractions to 4 places (fewer when large), tiny ones in e-notation. */
export function formatTableValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString(LOCALE);
  if (Math.abs(v) < 1e-3) return v.toExponential(2);
  return v.toLocaleString(LOCALE, { maximumFractionDigits: Math.abs(v) < 1 ? 4 : Math.abs(v) < 100 ? 3 : 1 });
}

/** A value read off a chart (legend, text alternative): three significant digits are what a reader compares. */
export function formatReading(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(2);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString(LOCALE);
  return v.toLocaleString(LOCALE, { maximumSignificantDigits: 3 });
}

/** A fraction as a percentage with `digits` decimals: 0.8734 -> "87.3%". */
export function formatPercent(fraction: number, digits = 1): string {
  return `${(100 * fraction).toFixed(digits)}%`;
}

/** A loss or another measured value with exactly `digits` decimals: 0.41237 -> "0.412". */
export function formatFixed(x: number, digits: number): string {
  return x.toFixed(digits);
}

/** A duration measured in seconds: 12.345 -> "12.3 s". */
export function formatSeconds(seconds: number): string {
  return `${seconds.toFixed(1)} s`;
}

/** Time left as a clock: "0:42", "3:05", "1:02:03"; '' when unknown. Rounded first, so 59.6 is "1:00", not "0:60". */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '';
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** "1,234 img/s"; one decimal below 10 so a slow CPU run does not read "0 img/s"; '' when unknown. */
export function formatRate(imagesPerSecond: number | null | undefined): string {
  if (imagesPerSecond === null || imagesPerSecond === undefined || !Number.isFinite(imagesPerSecond)) return '';
  const r = Math.max(0, imagesPerSecond);
  return `${r.toLocaleString(LOCALE, { maximumFractionDigits: r < 10 ? 1 : 0 })} img/s`;
}

/** Bytes in SI units with three significant digits: 7168 -> "7.17 kB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${v} bytes` : `${Number(v.toPrecision(3))} ${units[u]}`;
}

/** How many times more: large ratios rounded and grouped ("84,086"), small ones to three significant digits ("2.5"). */
export function formatRatio(r: number): string {
  return r >= 100 ? formatCount(Math.round(r)) : `${Number(r.toPrecision(3))}`;
}

/**
 * A duration for planning: "about 40 s" (to 5 s, at least 5 s) under two
 * minutes, "about 3 min" (to the minute) above.
 */
export function formatAboutDuration(seconds: number): string {
  if (seconds < 120) return `about ${Math.max(5, Math.round(seconds / 5) * 5)} s`;
  return `about ${Math.round(seconds / 60)} min`;
}
