// Turns a cell's TypeScript into a function the worker can call, keeping line
// numbers so an error can point at the reader's line. tfjs-free: tests run it in Node.
import { transform } from 'sucrase';
import type { CellError } from '../contract/index.ts';

export type CellModules = Record<string, unknown>;
export type CellFunction = (require: (name: string) => unknown, console: Console) => Promise<unknown>;

/** An error in the cell's source, found before it runs. */
export class CellSyntaxError extends Error {
  override name = 'SyntaxError';
  constructor(
    message: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
  ) {
    super(message);
  }
}

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as new (...args: string[]) => CellFunction;

export function sourceUrlFor(cellId: string): string {
  return `cell-${cellId.replace(/[^\w-]/g, '_')}.js`;
}

/**
 * Sucrase strips types and turns `import … from 'x'` into `require('x')` on the
 * same line, so line N of the output is line N of what the reader wrote.
 */
export function compileCell(cellId: string, source: string): CellFunction {
  let code: string;
  try {
    code = transform(source, { transforms: ['typescript', 'imports'], production: true }).code;
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const message = (error as Error).message.replace(/\s*\(\d+:\d+\)$/, '');
    throw new CellSyntaxError(message, loc?.line, loc ? loc.column + 1 : undefined);
  }
  try {
    return new AsyncFunction('require', 'console', `${code}\n//# sourceURL=${sourceUrlFor(cellId)}`);
  } catch (error) {
    // V8 gives no position for a SyntaxError thrown by the Function constructor.
    throw new CellSyntaxError((error as Error).message, undefined, undefined);
  }
}

/** A require() that only knows the modules a cell may import. */
export function cellRequire(modules: CellModules): (name: string) => unknown {
  return (name: string) => {
    if (Object.hasOwn(modules, name)) return modules[name];
    const allowed = Object.keys(modules)
      .map((m) => `'${m}'`)
      .join(' and ');
    throw new Error(`Cells can import only ${allowed}; '${name}' is not available here.`);
  };
}

let headerLines: number | null = null;

/**
 * How many lines the Function constructor puts before the body (two in V8),
 * measured once in this engine rather than assumed.
 */
function functionHeaderLines(): number {
  if (headerLines === null) {
    headerLines = 0;
    try {
      new Function('require', 'console', `throw new Error('probe');\n//# sourceURL=cell-probe.js`)();
    } catch (error) {
      const where = locateInStack(error, 'cell-probe.js');
      if (where) headerLines = where.line - 1;
    }
  }
  return headerLines;
}

function locateInStack(error: unknown, sourceUrl: string): { line: number; column: number } | null {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const escaped = sourceUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : null;
}

/** The reader's view of anything a cell throws. */
export function describeCellError(error: unknown, cellId: string): CellError {
  if (error instanceof CellSyntaxError) {
    return { name: error.name, message: error.message, line: error.line, column: error.column };
  }
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : `The cell threw a non-Error value: ${String(error)}`;
  const result: CellError = { name, message };
  const missing = (error as { missing?: CellError['missing'] } | null)?.missing;
  if (missing) result.missing = missing;
  const where = locateInStack(error, sourceUrlFor(cellId));
  if (where) {
    result.line = where.line - functionHeaderLines();
    result.column = where.column;
  }
  return result;
}
