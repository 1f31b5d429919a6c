// What "How a CNN learns" promises of its cells, checked by running them as shipped.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { diskFetch, fraction, runShippedCell, tableByFirstColumn } from './run-cell.ts';

beforeAll(() => vi.stubGlobal('fetch', diskFetch));
afterAll(() => vi.unstubAllGlobals());

it('the written-out training loop lowers the loss and lifts test accuracy far above chance', async () => {
  const run = await runShippedCell('training-loop');
  console.log(`training-loop: ${run.seconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU\n${run.logs.join('\n')}`);
  const rows = [...tableByFirstColumn(run, 'Training loop').values()];
  const first = rows[1]!;
  const last = rows.at(-1)!;
  expect(fraction(rows[0]![2])).toBeLessThan(0.2);
  expect(Number(last[1])).toBeLessThan(Number(first[1]));
  expect(fraction(last[2])).toBeGreaterThan(0.7);
});

it('gradient descent rediscovers the Sobel kernel from image/edge-map pairs', async () => {
  const run = await runShippedCell('learn-edge-kernel');
  console.log(`learn-edge-kernel: ${run.seconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU\n${run.logs.join('\n')}`);
  const line = run.logs.find((l) => l.startsWith('Largest difference from Sobel:'));
  expect(Number(line?.split(': ')[1])).toBeLessThan(0.05);
});
