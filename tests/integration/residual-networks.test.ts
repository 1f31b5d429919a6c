// What "Residual networks" promises of its cell, checked by running it as shipped.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { diskFetch, runShippedCell, tableByFirstColumn } from './run-cell.ts';

beforeAll(() => vi.stubGlobal('fetch', diskFetch));
afterAll(() => vi.unstubAllGlobals());

it('the residual network trains to a lower loss, though the plain one gets no smaller gradients near the input', async () => {
  const run = await runShippedCell('plain-vs-residual');
  console.log(`plain-vs-residual: ${run.seconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU\n${run.logs.join('\n')}`);
  const table = tableByFirstColumn(run, 'Two networks of 20 layers, 3 epochs on 1000 images');
  console.log([...table.values()]);
  const loss = (arm: string) => Number(table.get(arm)![1]);
  // "The plain network ends with a clearly higher training loss."
  expect(loss('plain') - loss('residual')).toBeGreaterThan(0.2);

  const bars = run.outputs.find((o) => o.kind === 'bars');
  if (bars?.kind !== 'bars') throw new Error('no bar chart');
  const norms = (arm: string) => bars.series.find((s) => s.name === arm)!.values as number[];
  console.log(bars.series.map((s) => `${s.name}: ${s.values.map((v) => v?.toFixed(3)).join(' ')}`).join('\n'));
  expect(norms('plain')).toHaveLength(20);
  const sum = (values: number[], from: number, to: number) => values.slice(from - 1, to).reduce((a, b) => a + b, 0);
  // Layers 2-3 are the first block's convolutions, 18-19 the last block's.
  const firstBlock = (arm: string) => sum(norms(arm), 2, 3);
  const lastBlock = (arm: string) => sum(norms(arm), 18, 19);
  // "In the plain network the gradient grows on its way back to the input: its first block gets over twice its last block's."
  expect(firstBlock('plain')).toBeGreaterThan(2 * lastBlock('plain'));
  // "And more than the residual network's first block gets."
  expect(firstBlock('plain')).toBeGreaterThan(firstBlock('residual'));
  // "The residual network's last, linear layer gets the largest of all."
  expect(Math.max(...norms('residual'))).toBe(norms('residual')[19]);
});
