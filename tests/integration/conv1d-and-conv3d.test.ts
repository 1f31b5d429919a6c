// What "Beyond images: 1D and 3D convolutions" promises of its cell, checked by running it as shipped.
import { expect, it } from 'vitest';
import { fraction, runShippedCell, tableByFirstColumn } from './run-cell.ts';

it('a small 1D CNN tells four noisy waveforms apart, far above chance, and shows the kernels of its first layer', async () => {
  const run = await runShippedCell('classify-waveforms');
  console.log(`classify-waveforms: ${run.seconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU\n${run.logs.join('\n')}`);
  const epochs = [...tableByFirstColumn(run, 'Training a 1D CNN on waveforms').values()];
  console.log(epochs);
  // "After eight epochs it labels at least 90% of the test signals correctly" (chance: 25%).
  expect(fraction(epochs.at(-1)![2])).toBeGreaterThanOrEqual(0.9);
  // The training loss falls.
  expect(Number(epochs.at(-1)![1])).toBeLessThan(0.5 * Number(epochs[0]![1]));
  // Every class is recognised, not just the easy ones.
  const perClass = [...tableByFirstColumn(run, 'Test accuracy by class').values()];
  console.log(perClass);
  expect(perClass).toHaveLength(4);
  for (const row of perClass) expect(fraction(row[1])).toBeGreaterThanOrEqual(0.75);
  // The kernels are shown: 8 rows of 9 samples.
  const kernels = run.outputs.find((o) => o.kind === 'images');
  expect(kernels?.kind === 'images' && kernels.tiles.map((t) => [t.width, t.height])).toEqual(
    Array.from({ length: 8 }, () => [9, 1]),
  );
});
