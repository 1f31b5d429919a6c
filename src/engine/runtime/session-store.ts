// Values cells hand to later cells on the same page (a trained model, the data).
// It lives as long as the page's worker.

/** Thrown when a cell needs a value no earlier cell has made yet. */
export class MissingValueError extends Error {
  override name = 'MissingValueError';
  readonly missing: { key: string; producedBy: string | null };
  constructor(key: string, producedBy: string | null) {
    const hint = producedBy ? ` Run the cell "${producedBy}" first.` : '';
    super(`This cell needs "${key}", which an earlier cell makes and which is not there yet.${hint}`);
    this.missing = { key, producedBy };
  }
}

export class SessionStore {
  readonly #values = new Map<string, unknown>();

  set<T>(key: string, value: T): T {
    const previous = this.#values.get(key);
    if (previous !== value) disposeIfPossible(previous);
    this.#values.set(key, value);
    return value;
  }

  get<T = unknown>(key: string): T | undefined {
    return this.#values.get(key) as T | undefined;
  }

  has(key: string): boolean {
    return this.#values.has(key);
  }

  /** The value, or a MissingValueError that tells the page which cell to run. */
  need<T = unknown>(key: string, producedBy: string | null = null): T {
    if (!this.#values.has(key)) throw new MissingValueError(key, producedBy);
    return this.#values.get(key) as T;
  }

  keys(): string[] {
    return [...this.#values.keys()];
  }

  values(): unknown[] {
    return [...this.#values.values()];
  }

  /** Forgets every value (their tensors died with a lost GPU device); freeing one that cannot be freed is not an error. */
  clear(): void {
    for (const value of this.#values.values()) {
      try {
        disposeIfPossible(value);
      } catch {
        // Its memory went with the device.
      }
    }
    this.#values.clear();
  }
}

function disposeIfPossible(value: unknown): void {
  const candidate = value as { dispose?: unknown } | null;
  if (candidate && typeof candidate.dispose === 'function') (candidate.dispose as () => void)();
}

/** The worker's one store: every cell of the page sees the same values. */
export const sessionStore = new SessionStore();
