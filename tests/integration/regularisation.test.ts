// What "Overfitting and regularisation" promises of its cells, checked by running them as shipped.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { diskFetch, fraction, runShippedCell, tableByFirstColumn } from './run-cell.ts';

beforeAll(() => vi.stubGlobal('fetch', diskFetch));
afterAll(() => vi.unstubAllGlobals());

it('on a few hundred images, training accuracy nears 100% while test accuracy stays far below', async () => {
  const run = await runShippedCell('overfitting');
  console.log(`overfitting: ${run.seconds.toFixed(1)} s\n${run.logs.join('\n')}`);
  const last = tableByFirstColumn(run, '300 training images, 30 epochs').get('Last epoch')!;
  expect(fraction(last[1])).toBeGreaterThanOrEqual(0.98);
  expect(fraction(last[1]) - fraction(last[2])).toBeGreaterThan(0.1);
});

it('BatchNorm in training mode scores far below eval mode when each batch is mostly one class', async () => {
  const run = await runShippedCell('batchnorm-modes');
  console.log(`batchnorm-modes: ${run.seconds.toFixed(1)} s\n${run.logs.join('\n')}`);
  const rows = [...tableByFirstColumn(run, 'The same trained model, evaluated three ways').values()];
  console.log(rows);
  const [evalMode, shuffled, sorted] = rows.map((r) => fraction(r[1]));
  expect(evalMode! - sorted!).toBeGreaterThan(0.2);
  expect(shuffled! - sorted!).toBeGreaterThan(0.2);
});

it('with flips and crops, test accuracy ends higher than without', async () => {
  const run = await runShippedCell('augmentation');
  console.log(`augmentation: ${run.seconds.toFixed(1)} s\n${run.logs.join('\n')}`);
  const rows = tableByFirstColumn(run, 'After 15 epochs on 500 images');
  console.log([...rows.values()]);
  expect(fraction(rows.get('flip + crop')![2])).toBeGreaterThan(fraction(rows.get('no augmentation')![2]) + 0.01);
});
