// Every cell has its PyTorch program (shown in the cell's PyTorch tab), and the
// settings both declare at the top (TRAIN_IMAGES = 2000, …) agree.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const cellsDir = new URL('../../src/cells/', import.meta.url);
const pythonDir = new URL('../../scripts/pytorch/', import.meta.url);
const cells = readdirSync(cellsDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const programs = readdirSync(pythonDir)
  .filter((f) => f.endsWith('.py') && !f.startsWith('cnn_guide'))
  .map((f) => f.slice(0, -3))
  .sort();

/** Top-level numeric constants: `const NAME = 1e-4;` in TypeScript, `NAME = 1e-4` in Python. */
function settings(source: string, python: boolean): Map<string, number> {
  const pattern = python ? /^([A-Z][A-Z0-9_]*) = ([-\d.e]+)\s*$/gm : /^const ([A-Z][A-Z0-9_]*) = ([-\d.e]+);\s*$/gm;
  return new Map([...source.matchAll(pattern)].map((m) => [m[1]!, Number(m[2])]));
}

describe('PyTorch programs', () => {
  it('exist for every cell, and only for cells', () => {
    expect(programs).toEqual(cells);
  });

  for (const id of cells) {
    it(`${id}: the program's settings equal the cell's`, () => {
      const ts = settings(readFileSync(new URL(`${id}.ts`, cellsDir), 'utf8'), false);
      const py = settings(readFileSync(new URL(`${id}.py`, pythonDir), 'utf8'), true);
      const shared = [...ts.keys()].filter((name) => py.has(name));
      for (const name of shared) expect(py.get(name), name).toBe(ts.get(name));
      // A cell with settings shares them with its program.
      if (ts.size > 0) expect(shared.length).toBeGreaterThan(0);
    });
  }
});
