// The source text of every cell, read at build time so pages show exactly the
// file that tsc checks and the worker runs.
const sources = import.meta.glob<string>('../../cells/*.ts', { query: '?raw', import: 'default', eager: true });

export function cellSource(id: string): string {
  const code = sources[`../../cells/${id}.ts`];
  if (code === undefined) {
    const known = Object.keys(sources)
      .map((path) => path.replace(/^.*\/(.+)\.ts$/, '$1'))
      .join(', ');
    throw new Error(`No runnable cell "${id}": expected src/cells/${id}.ts (cells: ${known || 'none'}).`);
  }
  return code.replace(/\s+$/, '\n');
}
