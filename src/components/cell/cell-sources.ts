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

// The PyTorch program each cell mirrors, from scripts/pytorch/<id>.py: real
// files that run with torch and give the numbers the chapters compare with.
const pytorchSources = import.meta.glob<string>('../../../scripts/pytorch/*.py', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** The PyTorch equivalent of cell `id`, or null when it has none. */
export function pytorchSource(id: string): string | null {
  const code = pytorchSources[`../../../scripts/pytorch/${id}.py`];
  return code === undefined ? null : code.replace(/\s+$/, '\n');
}
