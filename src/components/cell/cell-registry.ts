// The cells of this page by id, so one cell can offer to run another that it needs.
import type { RunOutcome } from './session-client.ts';

interface RegisteredCell {
  title: string;
  run(): Promise<RunOutcome>;
}

const cells = new Map<string, RegisteredCell>();

export function registerCell(id: string, cell: RegisteredCell): void {
  cells.set(id, cell);
}

export function cellTitle(id: string): string {
  return cells.get(id)?.title ?? id;
}

/** Runs another cell of this page; null when the page has no such cell. */
export async function runRegisteredCell(id: string): Promise<RunOutcome | null> {
  const cell = cells.get(id);
  if (!cell) return null;
  document.getElementById(id)?.scrollIntoView({ block: 'nearest' });
  return cell.run();
}
