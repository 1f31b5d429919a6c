// What the cell API needs to know about the run in progress. One run at a time
// per worker, so a module-level slot is enough and keeps cell code free of plumbing.
import type { CellOutput } from '../contract/index.ts';

export interface Disposable {
  dispose(): void;
}

export interface RunContext {
  readonly runId: number;
  readonly cellId: string;
  /** The site's base URL, ending in '/', for data files. */
  readonly baseUrl: string;
  readonly signal: { readonly aborted: boolean };
  emit(output: CellOutput): void;
  /** Tensors and models the run made; freed when it ends unless kept in the session. */
  readonly owned: Set<Disposable>;
}

let current: RunContext | null = null;

export function beginRun(context: RunContext): void {
  current = context;
}

export function endRun(): RunContext | null {
  const ended = current;
  current = null;
  return ended;
}

export function currentRun(): RunContext {
  if (!current) throw new Error('cnn-guide functions work only while a cell runs.');
  return current;
}

/** Records something the run made so an aborted or failed run still frees it. */
export function own<T extends Disposable>(value: T): T {
  current?.owned.add(value);
  return value;
}
