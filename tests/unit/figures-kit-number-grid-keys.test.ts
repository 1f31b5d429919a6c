// Roving-focus key navigation of the figures' number grid (and the 1 × n row of stages).
import { describe, expect, it } from 'vitest';
import { gridKeyTarget } from '../../src/components/figures/kit/number-grid-keys';

describe('gridKeyTarget', () => {
  it('moves one cell with each arrow', () => {
    expect(gridKeyTarget('ArrowUp', [1, 1], 3, 4)).toEqual([0, 1]);
    expect(gridKeyTarget('ArrowDown', [1, 1], 3, 4)).toEqual([2, 1]);
    expect(gridKeyTarget('ArrowLeft', [1, 1], 3, 4)).toEqual([1, 0]);
    expect(gridKeyTarget('ArrowRight', [1, 1], 3, 4)).toEqual([1, 2]);
  });

  it('stays inside the grid at its edges', () => {
    expect(gridKeyTarget('ArrowUp', [0, 2], 3, 4)).toEqual([0, 2]);
    expect(gridKeyTarget('ArrowLeft', [2, 0], 3, 4)).toEqual([2, 0]);
    expect(gridKeyTarget('ArrowDown', [2, 3], 3, 4)).toEqual([2, 3]);
    expect(gridKeyTarget('ArrowRight', [2, 3], 3, 4)).toEqual([2, 3]);
  });

  it('goes to the ends of the row with Home and End, of the grid with Ctrl', () => {
    expect(gridKeyTarget('Home', [2, 2], 3, 4)).toEqual([2, 0]);
    expect(gridKeyTarget('End', [0, 1], 3, 4)).toEqual([0, 3]);
    expect(gridKeyTarget('Home', [2, 2], 3, 4, true)).toEqual([0, 0]);
    expect(gridKeyTarget('End', [0, 1], 3, 4, true)).toEqual([2, 3]);
  });

  it('leaves other keys, and an empty grid, to the browser', () => {
    expect(gridKeyTarget('Enter', [0, 0], 3, 4)).toBeNull();
    expect(gridKeyTarget('a', [0, 0], 3, 4)).toBeNull();
    expect(gridKeyTarget('PageDown', [0, 0], 3, 4)).toBeNull();
    expect(gridKeyTarget('ArrowRight', [0, 0], 0, 0)).toBeNull();
  });

  it('works as a row of choices (1 × n)', () => {
    expect(gridKeyTarget('ArrowRight', [0, 8], 1, 10)).toEqual([0, 9]);
    expect(gridKeyTarget('ArrowRight', [0, 9], 1, 10)).toEqual([0, 9]);
    expect(gridKeyTarget('ArrowDown', [0, 4], 1, 10)).toEqual([0, 4]);
    expect(gridKeyTarget('Home', [0, 4], 1, 10)).toEqual([0, 0]);
  });
});
