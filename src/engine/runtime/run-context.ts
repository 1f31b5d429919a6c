// What the cell API needs to know about the run in progress. One run at a time
// per worker, so a module-level slot is enough and keeps cell code free of plumbing.
import type { CellOutput, InputAnswer, InputRequest } from '../contract/index.ts';

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
  /**
   * Shows a drop zone in the cell and waits for the reader's answer; Stop
   * rejects it. `retry` replaces the zone of an earlier request and says why.
   * Absent where no page answers (a test that gives no answers).
   */
  ask?(request: InputRequest, retry?: { of: number; problem: string }): { requestId: number; answer: Promise<InputAnswer> };
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
