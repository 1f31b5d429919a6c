// The cells of this page by id, so one cell can offer to run another that it needs.
// A cell registers when its island hydrates, which is when it nears the view
// (hydrate-cell.ts): the one asked for may not have yet, so this asks it to.
import type { RunOutcome } from './session-client.ts';
import { HYDRATE_CELL_EVENT } from './hydrate-event.ts';

interface RegisteredCell {
  title: string;
  run(): Promise<RunOutcome>;
}

const cells = new Map<string, RegisteredCell>();
const waiting = new Map<string, (() => void)[]>();

/** How long a cell asked to hydrate may take before the request is given up. */
const HYDRATE_WAIT_MS = 30_000;

export function registerCell(id: string, cell: RegisteredCell): void {
  cells.set(id, cell);
  for (const wake of waiting.get(id) ?? []) wake();
  waiting.delete(id);
}

/** A cell's title; from its server-rendered heading when it has not hydrated yet. */
export function cellTitle(id: string): string {
  const title = cells.get(id)?.title ?? document.getElementById(`${id}-title`)?.querySelector('a')?.textContent?.trim();
  return title || id;
}

/** Hydrates the cell whose element is `element` and resolves once it has registered (undefined if it never does). */
function hydrated(id: string, element: HTMLElement): Promise<RegisteredCell | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(cells.get(id)), HYDRATE_WAIT_MS);
    waiting.set(id, [
      ...(waiting.get(id) ?? []),
      () => {
        clearTimeout(timer);
        resolve(cells.get(id));
      },
    ]);
    element.dispatchEvent(new Event(HYDRATE_CELL_EVENT, { bubbles: true }));
  });
}

/** Runs another cell of this page; null when the page has no such cell. */
export async function runRegisteredCell(id: string): Promise<RunOutcome | null> {
  const element = document.getElementById(id);
  element?.scrollIntoView({ block: 'nearest' });
  const cell = cells.get(id) ?? (element ? await hydrated(id, element) : undefined);
  if (!cell) return null;
  return cell.run();
}
