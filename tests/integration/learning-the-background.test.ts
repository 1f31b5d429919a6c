import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { diskFetch, openCellSession } from './run-cell.ts';

beforeAll(() => vi.stubGlobal('fetch', diskFetch));
afterAll(() => vi.unstubAllGlobals());

describe('scratch', () => {
  const session = openCellSession();
  for (const id of ['train-on-biased-scenes', 'where-the-biased-model-looks', 'train-on-balanced-scenes', 'where-the-balanced-model-looks']) {
  it(id, async () => {
    const run = await session.run(id);
    console.log(id, run.seconds, run.cpuSeconds, JSON.stringify(run.tables));
  }, 300_000);
  }
});
