// The page's cell registry with cells that hydrate late (client:cell): a cell
// asked to run before its island hydrated is asked to hydrate, and runs once
// it has registered; its title comes from its server-rendered heading meanwhile.
// A fake document: elements are EventTargets found by id.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cellTitle, registerCell, runRegisteredCell } from '../../src/components/cell/cell-registry.ts';
import { HYDRATE_CELL_EVENT } from '../../src/components/cell/hydrate-event.ts';
import type { RunOutcome } from '../../src/components/cell/session-client.ts';

class FakeElement extends EventTarget {
  scrolled = 0;
  constructor(readonly text = '') {
    super();
  }
  scrollIntoView(): void {
    this.scrolled += 1;
  }
  querySelector(selector: string): { textContent: string } | null {
    return selector === 'a' && this.text ? { textContent: this.text } : null;
  }
}

let elements: Map<string, FakeElement>;

beforeEach(() => {
  elements = new Map();
  vi.stubGlobal('document', { getElementById: (id: string) => elements.get(id) ?? null });
});
afterEach(() => vi.unstubAllGlobals());

const done: RunOutcome = { kind: 'done', seconds: 1 };

describe('cell registry', () => {
  it('hydrates a cell that has not registered yet, waits for it, then runs it once', async () => {
    const island = new FakeElement();
    elements.set('late-producer', island);
    const run = vi.fn(async () => done);
    const asked = vi.fn(() => setTimeout(() => registerCell('late-producer', { title: 'Late producer', run }), 10));
    island.addEventListener(HYDRATE_CELL_EVENT, asked);

    await expect(runRegisteredCell('late-producer')).resolves.toEqual(done);
    expect(asked).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledTimes(1);
    expect(island.scrolled).toBe(1);
  });

  it('runs a registered cell without asking it to hydrate', async () => {
    const island = new FakeElement();
    elements.set('early-producer', island);
    const asked = vi.fn();
    island.addEventListener(HYDRATE_CELL_EVENT, asked);
    const run = vi.fn(async () => done);
    registerCell('early-producer', { title: 'Early producer', run });

    await expect(runRegisteredCell('early-producer')).resolves.toEqual(done);
    expect(asked).not.toHaveBeenCalled();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('answers null for a cell the page does not have', async () => {
    await expect(runRegisteredCell('no-such-cell')).resolves.toBeNull();
  });

  it('takes the title of a cell that has not hydrated from its heading, else its id', () => {
    elements.set('unhydrated-title', new FakeElement('  Train a SimpleCNN '));
    expect(cellTitle('unhydrated')).toBe('Train a SimpleCNN');
    expect(cellTitle('nowhere')).toBe('nowhere');
    registerCell('registered', { title: 'Its own title', run: async () => done });
    expect(cellTitle('registered')).toBe('Its own title');
  });
});
