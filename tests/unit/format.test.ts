import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatCountInWords,
  formatDecimal,
  formatEta,
  formatFixed,
  formatMagnitude,
  formatPercent,
  formatPowerOfTen,
  formatRate,
  formatRatio,
  formatReading,
  formatSeconds,
  formatTableValue,
  groupInteger,
} from '../../src/engine/arithmetic/format';

describe('counts', () => {
  it('groups thousands in every count', () => {
    expect(formatCount(94_986)).toBe('94,986');
    expect(formatCount(7)).toBe('7');
    expect(formatCount(1_234_567)).toBe('1,234,567');
  });

  it('groups whole counts without Intl exactly as Intl.NumberFormat en-US does', () => {
    const intl = new Intl.NumberFormat('en-US');
    const values = [0, -0, 1, -1, 999, 1_000, -1_000, 12_345, 999_999, 1_000_000, 138_357_544, -94_986, Number.MAX_SAFE_INTEGER];
    for (let k = 1; k < 1e15; k *= 7) values.push(Math.round(k), -Math.round(k));
    for (const n of values) expect(groupInteger(n), String(n)).toBe(intl.format(n));
    expect(formatCount(2.5)).toBe(intl.format(2.5));
  });

  it('says very large counts in words, small ones exactly', () => {
    expect(formatCountInWords(9_999)).toBe('9,999');
    expect(formatCountInWords(150_529_000)).toBe('151 million');
  });
});

describe('decimals in figures and formulas', () => {
  it('trims trailing zeros and uses a real minus sign', () => {
    expect(formatDecimal(-0.12345, 3)).toBe('−0.123');
    expect(formatDecimal(2.5)).toBe('2.5');
    expect(formatDecimal(4)).toBe('4');
    expect(formatDecimal(-0.0001, 3)).toBe('0');
  });

  it('prints infinities and NaN as a reader expects', () => {
    expect(formatDecimal(Infinity)).toBe('∞');
    expect(formatDecimal(-Infinity)).toBe('−∞');
    expect(formatDecimal(NaN)).toBe('NaN');
  });

  it('switches to powers of ten for tiny and huge magnitudes', () => {
    expect(formatMagnitude(0)).toBe('0');
    expect(formatMagnitude(0.25)).toBe('0.25');
    expect(formatMagnitude(1e-6)).toBe('1×10⁻⁶');
    expect(formatMagnitude(2.2e12)).toBe('2.2×10¹²');
    expect(formatPowerOfTen(-12)).toBe('10⁻¹²');
  });
});

describe('measurements', () => {
  it('prints percentages, fixed decimals and seconds', () => {
    expect(formatPercent(0.87341)).toBe('87.3%');
    expect(formatPercent(1, 0)).toBe('100%');
    expect(formatFixed(0.41237, 3)).toBe('0.412');
    expect(formatSeconds(12.345)).toBe('12.3 s');
  });

  it('prints bytes in SI units and ratios by size', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(7168)).toBe('7.17 kB');
    expect(formatBytes(2.5e9)).toBe('2.5 GB');
    expect(formatRatio(84_085.6)).toBe('84,086');
    expect(formatRatio(2.5)).toBe('2.5');
  });

  it('reads chart values to three significant digits', () => {
    expect(formatReading(0.87341)).toBe('0.873');
    expect(formatReading(1234.5)).toBe('1,235');
    expect(formatReading(0.00001234)).toBe('1.23e-5');
  });
});

describe('cell output numbers', () => {
  it.each([
    [0, '0:00'],
    [0.4, '0:00'],
    [42, '0:42'],
    [59.4, '0:59'],
    [59.6, '1:00'],
    [185, '3:05'],
    [3599.5, '1:00:00'],
    [3600, '1:00:00'],
    [3723, '1:02:03'],
    [36_000, '10:00:00'],
    [-5, '0:00'],
  ])('formatEta(%s) = %s', (s, text) => {
    expect(formatEta(s)).toBe(text);
  });

  it('formatEta says nothing when the time is unknown', () => {
    expect(formatEta(null)).toBe('');
    expect(formatEta(undefined)).toBe('');
    expect(formatEta(Number.NaN)).toBe('');
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe('');
  });

  it.each([
    [1234.4, '1,234 img/s'],
    [12.5, '13 img/s'],
    [3.42, '3.4 img/s'],
    [0, '0 img/s'],
    [1_500_000, '1,500,000 img/s'],
  ])('formatRate(%s) = %s', (r, text) => {
    expect(formatRate(r)).toBe(text);
  });

  it('formatRate says nothing when the rate is unknown', () => {
    expect(formatRate(null)).toBe('');
  });

  it.each([
    [94_986, '94,986'],
    [0.87341, '0.8734'],
    [12.34567, '12.346'],
    [1234.56, '1,234.6'],
    [0.00001, '1.00e-5'],
    [-3, '-3'],
  ])('formatTableValue(%s) = %s', (v, text) => {
    expect(formatTableValue(v)).toBe(text);
  });
});
