// What "Efficient convolutions" promises of its cell, checked by running it as shipped.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { diskFetch, fraction, runShippedCell, tableByFirstColumn } from './run-cell.ts';
import { cellNetworkCounts } from '../../src/components/figures/efficient-convolutions/separable-cell-networks.ts';

beforeAll(() => vi.stubGlobal('fetch', diskFetch));
afterAll(() => vi.unstubAllGlobals());

it('the depthwise-separable network has the counts the chapter states and ends within 5 points of the standard one', async () => {
  const run = await runShippedCell('separable-vs-standard');
  console.log(
    `separable-vs-standard: ${run.seconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU\n${run.logs.join('\n')}`,
  );
  const rows = tableByFirstColumn(run, 'After 3 epochs on 2000 images');
  console.log([...rows.values()]);
  const standard = rows.get('standard')!;
  const separable = rows.get('depthwise separable')!;
  // The prose states these counts from the chapter's copy of the two networks: the cell must build the same ones.
  const counts = cellNetworkCounts();
  expect([standard[1], standard[2]]).toEqual([counts.standard.params, counts.standard.macs]);
  expect([separable[1], separable[2]]).toEqual([counts.separable.params, counts.separable.macs]);
  // "Within 5 points of the standard network's test accuracy", and both have learned (chance is 10%).
  expect(Math.abs(fraction(standard[4]) - fraction(separable[4]))).toBeLessThan(0.05);
  expect(fraction(separable[4])).toBeGreaterThan(0.65);
});
