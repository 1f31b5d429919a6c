import { describe, expect, it } from 'vitest';
import { cellRequire, compileCell, describeCellError } from '../../src/engine/runtime/compile-cell.ts';

const modules = { 'cnn-guide': { double: (x: number) => 2 * x } };

async function run(source: string, captured: string[] = []) {
  const fn = compileCell('demo', source);
  const log = { ...console, log: (...args: unknown[]) => captured.push(args.join(' ')) } as Console;
  return fn(cellRequire(modules), log);
}

describe('compileCell', () => {
  it('strips types, maps imports and allows top-level await', async () => {
    const out: string[] = [];
    await run(
      "import { double } from 'cnn-guide';\nconst n: number = await Promise.resolve(double(21));\nconsole.log(`n=${n}`);",
      out,
    );
    expect(out).toEqual(['n=42']);
  });

  it('reports a syntax error with its line', () => {
    try {
      compileCell('demo', 'const a = 1;\nconst b = (;\n');
      expect.unreachable();
    } catch (error) {
      const described = describeCellError(error, 'demo');
      expect(described.name).toBe('SyntaxError');
      expect(described.line).toBe(2);
    }
  });

  it("reports the reader's line for a runtime error", async () => {
    const source = "import { double } from 'cnn-guide';\n\nconst x = double(2);\nthrow new RangeError(`bad ${x}`);\n";
    const error = await run(source).catch((e: unknown) => e);
    const described = describeCellError(error, 'demo');
    expect(described).toMatchObject({ name: 'RangeError', message: 'bad 4', line: 4 });
  });

  it('points at the line of a call into a missing function', async () => {
    const error = await run('const a = 1;\nconst b = a;\n(undefined as unknown as () => void)();\n').catch((e: unknown) => e);
    expect(describeCellError(error, 'demo')).toMatchObject({ name: 'TypeError', line: 3 });
  });

  it('refuses modules a cell cannot have', async () => {
    const error = await run("import fs from 'node:fs';\nconsole.log(fs);").catch((e: unknown) => e);
    const described = describeCellError(error, 'demo');
    expect(described.message).toContain("'node:fs' is not available");
    expect(described.line).toBe(1);
  });
});
