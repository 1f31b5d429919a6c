import { describe, expect, it } from 'vitest';
import { linearScale, SERIES_STYLES, svgPoints } from '../../src/components/figures/kit/chart-axes';

describe('linearScale', () => {
  it('takes the ends of the data onto the ends of the drawing, and is linear between', () => {
    const sx = linearScale(-5, 1, 0, 300);
    expect(sx(-5)).toBe(0);
    expect(sx(1)).toBe(300);
    expect(sx(-2)).toBe(150);
    expect(sx(3)).toBe(400); // outside the data: extrapolated, the SVG clips it
  });

  it('points a y axis up when the bottom of the plot is given first', () => {
    const sy = linearScale(0, 0.1, 147, 3);
    expect(sy(0)).toBe(147);
    expect(sy(0.1)).toBeCloseTo(3, 12);
    expect(sy(0.05)).toBeCloseTo(75, 12);
  });
});

describe('svgPoints', () => {
  it('writes a polyline by default and a path with the L separator', () => {
    const points: [number, number][] = [
      [0, 10],
      [1.25, 2.5],
    ];
    expect(svgPoints(points)).toBe('0.0,10.0 1.3,2.5');
    expect(`M${svgPoints(points, 2, 'L')}`).toBe('M0.00,10.00L1.25,2.50');
    expect(svgPoints([])).toBe('');
  });
});

describe('SERIES_STYLES', () => {
  it('tells lines apart by dash as well as colour', () => {
    const dashes = SERIES_STYLES.map((s) => s.dash ?? 'solid');
    expect(new Set(dashes).size).toBe(SERIES_STYLES.length);
    expect(new Set(SERIES_STYLES.map((s) => s.stroke)).size).toBe(SERIES_STYLES.length);
  });
});
