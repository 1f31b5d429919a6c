// Roving-focus key navigation for a grid of cells (one tab stop, arrow keys
// move it), as a pure function so it is tested without a browser. A 1 × n
// grid is a row of choices (e.g. the stages of a network).

/** [row, column], both from 0. */
export type GridCell = readonly [number, number];

/**
 * The cell a key moves to from `at` in a grid of `rows` × `cols`, clamped to
 * the grid, or null when the key does not move (the caller then lets the
 * browser have it). Arrows move one cell; Home and End go to the start and
 * end of the row, or with Ctrl to the first and last cell of the grid.
 */
export function gridKeyTarget(key: string, at: GridCell, rows: number, cols: number, ctrl = false): [number, number] | null {
  if (rows < 1 || cols < 1) return null;
  const [r, c] = at;
  const to: [number, number] | undefined = (
    {
      ArrowUp: [r - 1, c],
      ArrowDown: [r + 1, c],
      ArrowLeft: [r, c - 1],
      ArrowRight: [r, c + 1],
      Home: ctrl ? [0, 0] : [r, 0],
      End: ctrl ? [rows - 1, cols - 1] : [r, cols - 1],
    } as Record<string, [number, number]>
  )[key];
  if (!to) return null;
  return [clamp(to[0], rows - 1), clamp(to[1], cols - 1)];
}

function clamp(v: number, max: number): number {
  return Math.min(Math.max(v, 0), max);
}
