// The one check of numbers readers give figures: each kind of bad value gets
// its message and leaves a finite value in range, and a link's numbers are
// used only when they would be taken as typed.
import { describe, expect, it } from 'vitest';
import { checkNumber, linkNumber, parseNumberText, type NumberRule } from '../../src/components/figures/kit/number-input';

const SIZE: NumberRule = { label: 'Height H', min: 1, max: 512, integer: true };
const WEIGHT: NumberRule = { label: 'Weight', min: -1000, max: 1000 };

describe('parseNumberText', () => {
  it('reads plain and e-notation numbers, a typographic minus included', () => {
    expect(parseNumberText(' 12 ')).toBe(12);
    expect(parseNumberText('-0.5')).toBe(-0.5);
    expect(parseNumberText('\u22123')).toBe(-3);
    expect(parseNumberText('.25')).toBe(0.25);
    expect(parseNumberText('1e9')).toBe(1e9);
  });
  it('refuses what is not a finite number', () => {
    for (const t of ['', '-', 'abc', '1e999', 'Infinity', 'NaN', '0x10', '1,5', '2 3', '--1', 'e3', '1e']) {
      expect(parseNumberText(t), t).toBeUndefined();
    }
  });
});

describe('checkNumber', () => {
  it('uses a valid value as it is', () => {
    expect(checkNumber('28', SIZE, 56)).toEqual({ value: 28, message: '' });
    expect(checkNumber(28, SIZE, 56)).toEqual({ value: 28, message: '' });
    expect(checkNumber('-2.5', WEIGHT, 0)).toEqual({ value: -2.5, message: '' });
  });
  it('keeps the fallback for empty, non-numeric and fractional values, saying which', () => {
    const cases: [Parameters<typeof checkNumber>[0], string][] = [
      ['', 'Height H: empty; enter a whole number from 1 to 512. Until then the figure uses 56.'],
      [null, 'Height H: empty; enter a whole number from 1 to 512. Until then the figure uses 56.'],
      ['-', 'Height H: “-” is not a number; enter a whole number from 1 to 512. Until then the figure uses 56.'],
      ['abc', 'Height H: “abc” is not a number; enter a whole number from 1 to 512. Until then the figure uses 56.'],
      [Number.NaN, 'Height H: not a number; enter a whole number from 1 to 512. Until then the figure uses 56.'],
      ['2.5', 'Height H: “2.5” is not a whole number; enter a whole number from 1 to 512. Until then the figure uses 56.'],
    ];
    for (const [raw, message] of cases) expect(checkNumber(raw, SIZE, 56), String(raw)).toEqual({ value: 56, message });
  });
  it('clamps a value out of range to the nearest bound, saying so', () => {
    expect(checkNumber('1e9', SIZE, 56)).toEqual({
      value: 512,
      message: 'Height H: “1e9” is above 512, the most this figure takes; it uses 512.',
    });
    expect(checkNumber('-3', SIZE, 56)).toEqual({
      value: 1,
      message: 'Height H: “-3” is below 1, the least this figure takes; it uses 1.',
    });
    expect(checkNumber(Infinity, WEIGHT, 0).value).toBe(0);
    expect(checkNumber('-5000', WEIGHT, 0).message).toBe(
      'Weight: “-5000” is below −1000, the least this figure takes; it uses −1000.',
    );
  });
  it('cuts a long echo short and never yields NaN or Infinity', () => {
    const long = checkNumber('x'.repeat(500), SIZE, 56);
    expect(long.message.length).toBeLessThan(140);
    for (const raw of ['', '-', 'abc', '1e9', '-7', '0.5', '1e999', '9'.repeat(400), Number.NaN, -Infinity, undefined]) {
      const { value, message } = checkNumber(raw, SIZE, 56);
      expect(Number.isFinite(value) && value >= 1 && value <= 512, String(raw)).toBe(true);
      expect(message).not.toMatch(/NaN|Infinity|∞/);
    }
  });
});

describe('linkNumber', () => {
  it('takes only what would be used as typed, and names the rest', () => {
    const params = new URLSearchParams('h=28&w=9999&c=constructor&k=2.5&big=' + '1'.repeat(100));
    expect(linkNumber(params, 'h', SIZE)).toEqual({ value: 28 });
    expect(linkNumber(params, 'missing', SIZE)).toEqual({});
    for (const key of ['w', 'c', 'k', 'big']) {
      expect(linkNumber(params, key, SIZE), key).toEqual({ problem: 'Height H must be a whole number from 1 to 512' });
    }
  });
});
