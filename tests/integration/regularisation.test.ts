// What "Overfitting and regularisation" promises of its cells, checked by running them as shipped.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { diskFetch, fraction, runShippedCell, tableByFirstColumn } from './run-cell.ts';

beforeAll(() => vi.stubGlobal('fetch', diskFetch));
afterAll(() => vi.unstubAllGlobals());

it('on a few hundred images, training accuracy nears 100% while test accuracy stays far below', async () => {
  const run = await runShippedCell('overfitting');
  console.log(`overfitting: ${run.seconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU\n${run.logs.join('\n')}`);
  const last = tableByFirstColumn(run, '300 training images, 30 epochs').get('Last epoch')!;
  expect(fraction(last[1])).toBeGreaterThanOrEqual(0.98);
  expect(fraction(last[1]) - fraction(last[2])).toBeGreaterThan(0.1);
  // "The test loss, after falling, turns upwards."
  const testLoss = run.outputs.flatMap((o) => (o.kind === 'chart' && o.chartId === 'loss' && o.y[1] != null ? [o.y[1]] : []));
  const lowest = Math.min(...testLoss);
  expect(testLoss.indexOf(lowest)).toBeLessThan(testLoss.length / 2);
  expect(testLoss.at(-1)!).toBeGreaterThan(1.2 * lowest);
});

it('BatchNorm in training mode scores far below eval mode when each batch is mostly one class', async () => {
  const run = await runShippedCell('batchnorm-modes');
  console.log(`batchnorm-modes: ${run.seconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU\n${run.logs.join('\n')}`);
  const rows = [...tableByFirstColumn(run, 'The same trained model, evaluated three ways').values()];
  console.log(rows);
  const [evalMode, shuffled, sorted] = rows.map((r) => fraction(r[1]));
  expect(evalMode! - sorted!).toBeGreaterThan(0.2);
  expect(shuffled! - sorted!).toBeGreaterThan(0.2);
  // "Training mode on shuffled batches comes close" to eval mode.
  expect(Math.abs(evalMode! - shuffled!)).toBeLessThan(0.1);
});

it('trained with random crops, the model is far more accurate on shifted test images', async () => {
  const run = await runShippedCell('augmentation');
  console.log(`augmentation: ${run.seconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU\n${run.logs.join('\n')}`);
  const rows = tableByFirstColumn(run, 'After 8 epochs on 500 images');
  console.log([...rows.values()]);
  const shifted = (arm: string) => fraction(rows.get(arm)![3]);
  expect(shifted('random crop') - shifted('no augmentation')).toBeGreaterThan(0.05);
  // Without augmentation, shifting the test images costs accuracy.
  expect(fraction(rows.get('no augmentation')![2]) - shifted('no augmentation')).toBeGreaterThan(0.1);
  // "On the centred images it is behind after these few epochs."
  expect(fraction(rows.get('random crop')![2])).toBeLessThan(fraction(rows.get('no augmentation')![2]));
});
