// The figures' colour module: the engine's maps, text that stays readable on them, canvas bytes.
import { describe, expect, it } from 'vitest';
import {
  contrastRatio,
  divergingFill,
  divergingFills,
  divergingGradientCss,
  divergingRgba,
  sequentialGradientCss,
  grayscaleFill,
  grayscaleRgba,
  maxAbs,
  relativeLuminance,
  rgbaOf,
  sequentialFill,
  sequentialFills,
  sequentialRgba,
  textColorOn,
} from '../../src/components/figures/kit/colors';

describe('contrast', () => {
  it('matches the WCAG definitions at the extremes', () => {
    expect(relativeLuminance([0, 0, 0])).toBe(0);
    expect(relativeLuminance([255, 255, 255])).toBeCloseTo(1, 12);
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 10);
    // #777 on white is the classic borderline case: 4.48:1.
    expect(contrastRatio([119, 119, 119], [255, 255, 255])).toBeCloseTo(4.48, 2);
  });

  it('picks the text colour with more contrast', () => {
    expect(textColorOn([247, 247, 247])).toBe('#000');
    expect(textColorOn([33, 102, 172])).toBe('#fff');
    expect(textColorOn([178, 24, 43])).toBe('#fff');
  });

  it('keeps every diverging, sequential and gray tile at 4.5:1 or better', () => {
    const black = [0, 0, 0] as const;
    const white = [255, 255, 255] as const;
    const parse = (css: string) => css.match(/\d+/g)!.map(Number) as unknown as [number, number, number];
    for (let i = 0; i <= 100; i++) {
      const t = i / 100;
      for (const f of [divergingFill(2 * t - 1, 1), sequentialFill(t, 0, 1), grayscaleFill(t, 0, 1)]) {
        const bg = parse(f.background);
        expect(contrastRatio(bg, f.color === '#000' ? black : white)).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});

describe('diverging map', () => {
  it('is white at zero, red above and blue below, saturating at the scale', () => {
    expect(divergingFill(0, 3).background).toBe('rgb(247 247 247)');
    expect(divergingFill(3, 3).background).toBe('rgb(178 24 43)');
    expect(divergingFill(9, 3).background).toBe('rgb(178 24 43)');
    expect(divergingFill(-3, 3).background).toBe('rgb(33 102 172)');
  });

  it('maps an all-zero matrix to white rather than NaN', () => {
    expect(divergingFill(0, 0).background).toBe('rgb(247 247 247)');
    expect(divergingFills([[0, 0]])[0]).toEqual([divergingFill(0, 1), divergingFill(0, 1)]);
  });

  it('scales a matrix by its largest |value|', () => {
    const fills = divergingFills([
      [-2, 1],
      [0, 4],
    ]);
    expect(fills[1]?.[1]?.background).toBe('rgb(178 24 43)');
    expect(fills[0]?.[0]).toEqual(divergingFill(-0.5, 1));
  });

  it('paints RGBA bytes, opaque, on ±max|v|', () => {
    const rgba = divergingRgba([-1, 0, 0.5, 1]);
    expect(Array.from(rgba.subarray(0, 4))).toEqual([33, 102, 172, 255]);
    expect(Array.from(rgba.subarray(4, 8))).toEqual([247, 247, 247, 255]);
    expect(Array.from(rgba.subarray(12, 16))).toEqual([178, 24, 43, 255]);
    expect(maxAbs([-3, 2, Number.NaN])).toBe(3);
  });

  it('gives a legend gradient from blue through white to red', () => {
    const css = divergingGradientCss(3);
    expect(css).toBe('linear-gradient(to right, rgb(33 102 172) 0%, rgb(247 247 247) 50%, rgb(178 24 43) 100%)');
  });
});

it('paints gray levels for values in [0, 1]', () => {
  expect(Array.from(grayscaleRgba([0, 0.5, 1]))).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
});

describe('sequential map', () => {
  it('puts a matrix on its own range from at most 0, or on a given one', () => {
    const rows = [
      [1, 3],
      [9, 0],
    ];
    const own = sequentialFills(rows);
    expect(own[1]?.[0]).toEqual(sequentialFill(1, 0, 1)); // 9, the top: yellow, black text
    expect(own[1]?.[0]?.color).toBe('#000');
    expect(own[1]?.[1]?.color).toBe('#fff'); // 0, dark purple
    expect(sequentialFills(rows, 0, 18)[1]?.[0]).toEqual(sequentialFill(0.5, 0, 1));
    expect(textColorOn([68, 1, 84])).toBe('#fff');
    expect(textColorOn([253, 231, 37])).toBe('#000');
  });

  it('paints canvas bytes on [min, max], and any map through rgbaOf', () => {
    const bytes = sequentialRgba([0, 2], 0, 2);
    const parse = (css: string) => css.match(/\d+/g)!.map(Number);
    expect(Array.from(bytes.subarray(0, 3))).toEqual(parse(sequentialFill(0, 0, 1).background));
    expect(Array.from(bytes.subarray(4, 7))).toEqual(parse(sequentialFill(1, 0, 1).background));
    expect(Array.from(rgbaOf([5], () => [1, 2, 3]))).toEqual([1, 2, 3, 255]);
    // A window of a longer list (the worker's filter tiles): values 2 and 3 only.
    expect(Array.from(rgbaOf([1, 2, 3, 4], (v) => [v, v, v], 1, 2))).toEqual([2, 2, 2, 255, 3, 3, 3, 255]);
  });

  it('writes the viridis key from dark purple at 0% to yellow at 100%', () => {
    expect(sequentialGradientCss(3)).toBe(
      'linear-gradient(to right, rgb(68 1 84) 0%, rgb(33 145 140) 50%, rgb(253 231 37) 100%)',
    );
  });

  it('shares one scale across several lists', () => {
    expect(maxAbs([1, -2], [0.5], [])).toBe(2);
    expect(maxAbs()).toBe(0);
  });
});
