// Which runnable cells train a network, and how long a chapter's training
// takes, from the times bench/cell-times.mjs measured (cell-times.json beside
// this file). The syllabus states those times; a unit test fails when a
// training cell has none, so a new cell cannot ship without being timed.

/** What bench/cell-times.mjs writes with --write. */
export interface CellTimes {
  /** When the bench ran (ISO 8601). */
  date: string;
  /** The machine in words: CPU model and count, OS, browser. */
  machine: string;
  /** The backend every cell ran on (the bench forces ?backend=wasm). */
  backend: string;
  /** 1, 5 and 15 minute load averages before and after the run: a busy machine inflates the times. */
  loadAverage: { before: number[]; after: number[] };
  /** The cell's own "Done in … s", by cell id. */
  seconds: Record<string, number>;
}

/**
 * A cell trains when it calls the cell API's `train(` or builds a torch-style
 * optimiser (`optim.Adam(...)`) for a loop of its own.
 */
export function isTrainingCell(source: string): boolean {
  return /(?<![\w.])train\(|\boptim\.[A-Z]/.test(source);
}

/** The ids of the chapter's cells that train, in page order. */
export function trainingCellIds(cellIds: readonly string[], sourceOf: (id: string) => string | undefined): string[] {
  return cellIds.filter((id) => isTrainingCell(sourceOf(id) ?? ''));
}

/** The chapter's training time: the sum of its training cells' measured times; null when one is unmeasured. */
export function chapterTrainingSeconds(trainingIds: readonly string[], times: CellTimes): number | null {
  let total = 0;
  for (const id of trainingIds) {
    const s = times.seconds[id];
    if (s === undefined || !Number.isFinite(s)) return null;
    total += s;
  }
  return total;
}
