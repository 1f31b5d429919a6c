import { describe, expect, it } from 'vitest';
import { MissingValueError, SessionStore } from '../../src/engine/runtime/session-store.ts';

/** Something with a dispose(), like a tfjs model or tensor, that counts its disposals. */
function disposable(name: string) {
  return {
    name,
    disposals: 0,
    dispose() {
      this.disposals++;
    },
  };
}

describe('SessionStore', () => {
  it('keeps values by key, in the order they were first set', () => {
    const store = new SessionStore();
    expect(store.set('epochs', 3)).toBe(3);
    store.set('model', { layers: 2 });
    expect(store.get('epochs')).toBe(3);
    expect(store.get('missing')).toBeUndefined();
    expect(store.has('model')).toBe(true);
    expect(store.has('missing')).toBe(false);
    expect(store.keys()).toEqual(['epochs', 'model']);
    expect(store.values()).toEqual([3, { layers: 2 }]);
  });

  it('frees a value replaced by a new one, so a re-run cell does not leak its old model', () => {
    const store = new SessionStore();
    const first = disposable('first');
    const second = disposable('second');
    store.set('model', first);
    store.set('model', second);
    expect(first.disposals).toBe(1);
    expect(second.disposals).toBe(0);
    expect(store.get('model')).toBe(second);
  });

  it('does not free a value set again under the same key', () => {
    const store = new SessionStore();
    const model = disposable('model');
    store.set('model', model);
    store.set('model', model);
    expect(model.disposals).toBe(0);
  });

  it('replaces values without dispose() without complaint', () => {
    const store = new SessionStore();
    store.set('data', { x: 1 });
    store.set('data', null);
    store.set('data', 'text');
    expect(store.get('data')).toBe('text');
  });

  it('need() returns a value that is there, even a falsy one', () => {
    const store = new SessionStore();
    store.set('count', 0);
    expect(store.need('count', 'counter')).toBe(0);
  });

  it('need() names the missing value and the cell that makes it', () => {
    const store = new SessionStore();
    let caught: unknown;
    try {
      store.need('model', 'train-simplecnn');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MissingValueError);
    const error = caught as MissingValueError;
    expect(error.name).toBe('MissingValueError');
    expect(error.missing).toEqual({ key: 'model', producedBy: 'train-simplecnn' });
    expect(error.message).toMatchInlineSnapshot(
      `"This cell needs "model", which an earlier cell makes and which is not there yet. Run the cell "train-simplecnn" first."`,
    );
  });

  it('need() without a producing cell gives no hint to run one', () => {
    const store = new SessionStore();
    expect(() => store.need('model')).toThrowErrorMatchingInlineSnapshot(
      `[MissingValueError: This cell needs "model", which an earlier cell makes and which is not there yet.]`,
    );
  });
});
