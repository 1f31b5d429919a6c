// The chapter "When the network learns the background" runs its cells, as
// shipped and in page order, through the worker session the browser uses, on
// WASM in Node, and checks what its prose says at the cells' seeds: the biased
// model collapses on swapped backgrounds, Grad-CAM puts little of its heat on
// the animal, and the balanced model closes the gap and looks at the animal.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { diskFetch, fraction, openCellSession, tableByFirstColumn, type CellRun } from './run-cell.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const chapter = readFileSync(join(root, 'src/content/docs/guide/learning-the-background.mdx'), 'utf8');
const cellSource = (id: string) => readFileSync(join(root, `src/cells/${id}.ts`), 'utf8');
const constant = (id: string, name: string) => Number(new RegExp(`const ${name} = ([\\d.]+);`).exec(cellSource(id))?.[1]);

beforeAll(() => vi.stubGlobal('fetch', diskFetch));
afterAll(() => vi.unstubAllGlobals());

const seconds = (run: CellRun) => `${run.seconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU`;

describe('the chapter cells', () => {
  // One session, as on the page: later cells use the models the earlier ones keep.
  const session = openCellSession();
  let biased: { usual: number; swapped: number };

  it('says what the training cells do', () => {
    const images = constant('train-on-biased-scenes', 'TRAIN_IMAGES');
    const test = constant('train-on-biased-scenes', 'TEST_IMAGES');
    const bias = constant('train-on-biased-scenes', 'BIAS');
    expect(chapter).toContain(
      `on ${images.toLocaleString('en-US')} images with\na bias of ${100 * bias}%, and tests it on ${test} usual and ${test} swapped images`,
    );
    expect(constant('train-on-balanced-scenes', 'BIAS')).toBe(0.5);
    for (const name of ['TRAIN_IMAGES', 'TEST_IMAGES', 'EPOCHS', 'SEED', 'LEARNING_RATE']) {
      expect(constant('train-on-balanced-scenes', name), name).toBe(constant('train-on-biased-scenes', name));
    }
  });

  it('the biased model is nearly perfect on usual backgrounds and drops by more than 70 points on swapped ones', async () => {
    const run = await session.run('train-on-biased-scenes');
    console.log(`train-on-biased-scenes: ${seconds(run)}`);
    const rows = tableByFirstColumn(run, 'Trained with 95.0% of each class on its usual background');
    const usual = fraction(rows.get('Usual backgrounds (cow on grass, camel on dune)')?.[1]);
    const swapped = fraction(rows.get('Swapped backgrounds (cow on dune, camel on grass)')?.[1]);
    biased = { usual, swapped };
    console.log(`biased: usual ${usual}, swapped ${swapped}`);
    expect(usual).toBeGreaterThanOrEqual(0.95);
    // "worse than guessing ... gets most of the swapped images wrong"
    expect(swapped).toBeLessThan(0.5);
    expect(usual - swapped).toBeGreaterThan(0.7);
    // "The training accuracy climbs to about 95% and stays there"
    const last = run.logs.filter((l) => l.startsWith('Epoch ')).at(-1) ?? '';
    const trainAccuracy = Number(/train loss [\d.]+, accuracy ([\d.]+)%/.exec(last)?.[1]) / 100;
    expect(trainAccuracy, last).toBeGreaterThan(0.92);
    expect(trainAccuracy, last).toBeLessThan(0.98);
  }, 300_000);

  it("the biased model's Grad-CAM puts less of its heat on the animal than the animal's share of the image", async () => {
    const run = await session.run('where-the-biased-model-looks');
    console.log(`where-the-biased-model-looks: ${seconds(run)}`);
    const [block] = run.outputs.flatMap((o) => (o.kind === 'heatmaps' ? [o] : []));
    expect(block?.items).toHaveLength(6);
    // "8 × 8 positions over a 32 × 32 image"
    for (const item of block!.items) {
      const coarse = (item.heatmap as unknown as { coarse: { width: number; height: number } }).coarse;
      expect([item.image.width, item.heatmap.width, coarse.width, coarse.height]).toEqual([32, 32, 8, 8]);
    }
    const rows = tableByFirstColumn(run, 'Over the first 100 swapped test images');
    const share = fraction(rows.get("Grad-CAM's heat on the animal")?.[1]);
    const area = fraction(rows.get("The animal's share of the image")?.[1]);
    console.log(`biased: heat on animal ${share}, animal area ${area}`);
    expect(share).toBeLessThan(area);
  }, 300_000);

  it('the balanced model narrows the drop to under 10 points', async () => {
    const run = await session.run('train-on-balanced-scenes');
    console.log(`train-on-balanced-scenes: ${seconds(run)}`);
    const rows = tableByFirstColumn(run, 'Test accuracy of the two models');
    const balanced = rows.get('Balanced (50.0% on the usual background)')!;
    const usual = fraction(balanced[1]);
    const swapped = fraction(balanced[2]);
    console.log(`balanced: usual ${usual}, swapped ${swapped}`);
    expect(usual - swapped).toBeLessThan(0.1);
    expect(usual - swapped).toBeLessThan((biased.usual - biased.swapped) / 5);
    expect(swapped).toBeGreaterThan(0.85);
    // The biased model's row, carried over from the session, is the one measured above.
    expect(fraction(rows.get('Biased (95.0% on the usual background)')?.[2])).toBe(biased.swapped);
  }, 300_000);

  it('the balanced model puts at least 1.5 times as much of its heat on the animal', async () => {
    const run = await session.run('where-the-balanced-model-looks');
    console.log(`where-the-balanced-model-looks: ${seconds(run)}`);
    const rows = tableByFirstColumn(run, 'Over the first 100 swapped test images');
    const biasedShare = fraction(rows.get('biased model')?.[1]);
    const balancedShare = fraction(rows.get('balanced model')?.[1]);
    console.log(`heat on animal: biased ${biasedShare}, balanced ${balancedShare}`);
    expect(balancedShare).toBeGreaterThanOrEqual(1.5 * biasedShare);
  }, 300_000);
});
