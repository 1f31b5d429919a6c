// What "A training recipe" promises of its cells, checked by running them as shipped.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { diskFetch, fraction, runShippedCell, tableByFirstColumn } from './run-cell.ts';

beforeAll(() => vi.stubGlobal('fetch', diskFetch));
afterAll(() => vi.unstubAllGlobals());

it('the range test sees the loss fall, then diverge, and suggests a rate below the divergence', async () => {
  const run = await runShippedCell('lr-range-test');
  console.log(`lr-range-test: ${run.seconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU\n${run.logs.join('\n')}`);
  expect(run.logs.some((l) => l.includes('the loss is diverging'))).toBe(true);
  const rows = tableByFirstColumn(run, 'Learning-rate range test');
  const suggested = Number(rows.get('suggested (a tenth of it)')![1]);
  const lowest = rows.get('lowest loss')!;
  console.log({ suggested, lowest });
  expect(Number(lowest[2])).toBeLessThan(Math.log(10) / 2);
  expect(suggested).toBeGreaterThan(1e-3);
  // "At the left the loss hardly moves": the smoothed loss of the first steps stays near where it started.
  const smoothed = run.outputs.flatMap((o) =>
    o.kind === 'chart' && o.chartId === 'range' && o.y[1] != null ? [{ x: o.x, y: o.y[1] }] : [],
  );
  const left = smoothed.filter((p) => p.x <= -3.5).map((p) => p.y);
  expect(left.length).toBeGreaterThan(5);
  expect(Math.max(...left) - Math.min(...left)).toBeLessThan(0.1 * left[0]!);
  expect(suggested).toBeLessThan(1);
});

it('at a high learning rate the network with BatchNorm trains and the one without fails', async () => {
  const run = await runShippedCell('batchnorm-high-lr');
  console.log(`batchnorm-high-lr: ${run.seconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU\n${run.logs.join('\n')}`);
  const rows = tableByFirstColumn(run, 'SGD at learning rate 0.2, after 3 epochs');
  console.log([...rows.values()]);
  expect(fraction(rows.get('with BatchNorm')![2])).toBeGreaterThan(0.5);
  // Stuck at chance or diverged: no better than 20%.
  expect(fraction(rows.get('without BatchNorm')![2])).toBeLessThan(0.2);
  // "Its loss at about log 10 (or NaN)".
  const loss = Number(rows.get('without BatchNorm')![1]);
  expect(Number.isNaN(loss) || Math.abs(loss - Math.log(10)) < 0.1).toBe(true);
});
