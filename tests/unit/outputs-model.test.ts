import { describe, expect, it } from 'vitest';
import type { CellOutput } from '../../src/engine/contract';
import {
  chartColumns,
  describeChart,
  describeProgress,
  emptyOutputs,
  gridScale,
  numericColumns,
  progressFraction,
  reduceOutputs,
  type ChartBlock,
  type LogBlock,
  type OutputsView,
} from '../../src/components/cell/outputs-model';

const log = (text: string, level: 'info' | 'warn' | 'error' = 'info'): CellOutput => ({ kind: 'log', level, text });
const lossAcc = [
  { name: 'train loss', axis: 'loss' },
  { name: 'test accuracy', axis: 'accuracy' },
];
const point = (x: number, y: (number | null)[], chartId = 'curves'): CellOutput => ({
  kind: 'chart',
  chartId,
  title: 'Loss and accuracy',
  xLabel: 'Epoch',
  series: lossAcc,
  x,
  y,
});
const progress = (epoch: number, batch: number, eta: number | null = null, rate: number | null = null): CellOutput => ({
  kind: 'progress',
  epoch,
  epochs: 4,
  batch,
  batches: 125,
  etaSeconds: eta,
  imagesPerSecond: rate,
});
const table: CellOutput = { kind: 'table', columns: ['layer', 'params'], rows: [['conv1', 896]] };
const images: CellOutput = {
  kind: 'images',
  title: 'Filters',
  tiles: [{ width: 1, height: 1, pixels: new Uint8ClampedArray(4) }],
};

const run = (outputs: CellOutput[], state: OutputsView = emptyOutputs()) => outputs.reduce(reduceOutputs, state);
const logBlocks = (v: OutputsView) => v.blocks.filter((b): b is LogBlock => b.kind === 'log');
const allLines = (v: OutputsView) =>
  logBlocks(v).flatMap((b) => b.lines.map((l) => `${l.text}${l.count > 1 ? `×${l.count}` : ''}`));

describe('reduceOutputs: order', () => {
  it('keeps blocks in the order they first appeared, with logs between them', () => {
    const v = run([log('loading'), point(1, [0.9, 0.5]), log('epoch 1'), table, point(2, [0.6, 0.7]), images, log('done')]);
    expect(v.blocks.map((b) => b.kind)).toEqual(['log', 'chart', 'log', 'table', 'images', 'log']);
    expect(allLines(v)).toEqual(['loading', 'epoch 1', 'done']);
  });

  it('keeps a chart where its first point came, however many points follow', () => {
    const v = run([point(1, [1, 0]), table, point(2, [0.5, 0.5]), point(3, [0.25, 0.75])]);
    expect(v.blocks.map((b) => b.kind)).toEqual(['chart', 'table']);
    expect((v.blocks[0] as ChartBlock).points).toBe(3);
  });

  it('gives every block a distinct key', () => {
    const v = run([log('a'), table, log('b'), table, point(1, [1, 1]), images, log('c')]);
    expect(new Set(v.blocks.map((b) => b.key)).size).toBe(v.blocks.length);
  });

  it('does not change what the state it was given shows', () => {
    // Chart columns are shared append-only with newer views, so compare what
    // a reader of the view sees (chartColumns), not the raw arrays.
    const seen = (v: OutputsView) =>
      JSON.stringify(v.blocks.map((b) => (b.kind === 'chart' ? chartColumns(b) : b))) + JSON.stringify(v.progress);
    const before = run([log('a'), point(1, [1, 0.1])]);
    const snapshot = seen(before);
    run([log('a'), log('b'), point(2, [0.5, 0.2]), progress(1, 3), table], before);
    expect(seen(before)).toBe(snapshot);
  });

  it('keeps untouched blocks identical, so their components need not redraw', () => {
    const before = run([table, point(1, [1, 0.1]), images]);
    const after = reduceOutputs(before, point(2, [0.5, 0.3]));
    expect(after.blocks[0]).toBe(before.blocks[0]);
    expect(after.blocks[2]).toBe(before.blocks[2]);
    expect(after.blocks[1]).not.toBe(before.blocks[1]);
  });
});

describe('reduceOutputs: logs', () => {
  it('collapses consecutive duplicates with a count', () => {
    const v = run([log('a'), log('b'), log('b'), log('b'), log('a'), log('a')]);
    expect(allLines(v)).toEqual(['a', 'b×3', 'a×2']);
  });

  it('does not collapse the same text at another level', () => {
    const v = run([log('slow'), log('slow', 'warn')]);
    expect(logBlocks(v)[0]!.lines.map((l) => [l.level, l.count])).toEqual([
      ['info', 1],
      ['warn', 1],
    ]);
  });

  it('does not collapse across another block', () => {
    const v = run([log('a'), table, log('a')]);
    expect(allLines(v)).toEqual(['a', 'a']);
  });

  it('caps the lines and counts what it dropped, oldest first', () => {
    const v = run(Array.from({ length: 510 }, (_, i) => log(`line ${i}`)));
    const [block] = logBlocks(v);
    expect(block!.lines).toHaveLength(500);
    expect(block!.dropped).toBe(10);
    expect(block!.lines[0]!.text).toBe('line 10');
    expect(block!.lines.at(-1)!.text).toBe('line 509');
    expect(v.logLines).toBe(500);
  });

  it('counts a collapsed repeat as one line of the cap', () => {
    const v = run(
      Array.from({ length: 2000 }, () => log('same')),
      emptyOutputs({ maxLogLines: 3 }),
    );
    expect(allLines(v)).toEqual(['same×2000']);
    expect(logBlocks(v)[0]!.dropped).toBe(0);
  });

  it('drops from the block being written first, keeping earlier context', () => {
    const v = run([log('a1'), log('a2'), table, log('b1'), log('b2'), log('b3')], emptyOutputs({ maxLogLines: 3 }));
    const [first, second] = logBlocks(v);
    expect(first!.lines.map((l) => l.text)).toEqual(['a1', 'a2']);
    expect(second!.lines.map((l) => l.text)).toEqual(['b3']);
    expect(second!.dropped).toBe(2);
  });

  it('then drops from the oldest blocks, keeping the blocks in place', () => {
    const v = run([log('a1'), log('a2'), table, log('b1'), images, log('c1')], emptyOutputs({ maxLogLines: 2 }));
    const [a, b, c] = logBlocks(v);
    expect(a!.lines).toEqual([]);
    expect(a!.dropped).toBe(2);
    expect(b!.lines.map((l) => l.text)).toEqual(['b1']);
    expect(c!.lines.map((l) => l.text)).toEqual(['c1']);
    expect(v.blocks.map((b) => b.kind)).toEqual(['log', 'table', 'log', 'images', 'log']);
    expect(v.logLines).toBe(2);
  });
});

describe('reduceOutputs: progress', () => {
  it('keeps only the latest progress, outside the blocks', () => {
    const v = run([progress(1, 10), log('x'), progress(1, 20, 30, 100), progress(2, 5, 12, 1234)]);
    expect(v.progress).toEqual({ epoch: 2, epochs: 4, batch: 5, batches: 125, etaSeconds: 12, imagesPerSecond: 1234 });
    expect(v.blocks.map((b) => b.kind)).toEqual(['log']);
  });
});

describe('reduceOutputs: charts', () => {
  it('groups points by chartId; title and series come from the first message', () => {
    const v = run([
      point(1, [1, 0.1], 'a'),
      point(1, [5, 0.5], 'b'),
      { ...point(2, [0.5, 0.2], 'a'), title: 'Renamed', series: [{ name: 'other', axis: 'loss' }] } as CellOutput,
    ]);
    const [a, b] = v.blocks as ChartBlock[];
    expect(a!.title).toBe('Loss and accuracy');
    expect(a!.series.map((s) => s.name)).toEqual(['train loss', 'test accuracy']);
    expect(chartColumns(a!)).toEqual([
      [1, 2],
      [1, 0.5],
      [0.1, 0.2],
    ]);
    expect(chartColumns(b!)).toEqual([[1], [5], [0.5]]);
  });

  it('fills a missing y with null', () => {
    const v = run([point(1, [0.9])]);
    expect(chartColumns(v.blocks[0] as ChartBlock)).toEqual([[1], [0.9], [null]]);
  });

  it('merges a second message at the same x instead of adding a point', () => {
    const v = run([point(1, [0.9, null]), point(1, [null, 0.6]), point(2, [0.5, null])]);
    expect(chartColumns(v.blocks[0] as ChartBlock)).toEqual([
      [1, 2],
      [0.9, 0.5],
      [0.6, null],
    ]);
  });

  it('inserts an out-of-order x where it belongs (uPlot needs x sorted)', () => {
    const v = run([point(1, [1, 1]), point(3, [3, 3]), point(2, [2, 2])]);
    expect(chartColumns(v.blocks[0] as ChartBlock)).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });

  it('keeps an older view intact when it is extended twice (shared columns)', () => {
    const base = run([point(1, [1, 0.1]), point(2, [0.5, 0.2])]);
    const left = reduceOutputs(base, point(3, [0.3, 0.3]));
    const right = reduceOutputs(base, point(3, [9, 9]));
    expect(chartColumns(base.blocks[0] as ChartBlock)).toEqual([
      [1, 2],
      [1, 0.5],
      [0.1, 0.2],
    ]);
    expect(chartColumns(left.blocks[0] as ChartBlock)[1]).toEqual([1, 0.5, 0.3]);
    expect(chartColumns(right.blocks[0] as ChartBlock)[1]).toEqual([1, 0.5, 9]);
  });

  // How fast this is belongs to a benchmark, not to a timed assertion.
  it('keeps every one of thousands of points', () => {
    const v = run(Array.from({ length: 20_000 }, (_, i) => point(i, [1 / (i + 1), i / 20_000])));
    expect((v.blocks[0] as ChartBlock).points).toBe(20_000);
  });

  it('describes the latest values in words', () => {
    const v = run([point(1, [0.9, 0.5]), point(2, [0.6, 0.8]), point(3, [0.41234, null])]);
    expect(describeChart(v.blocks[0] as ChartBlock)).toBe(
      'Loss and accuracy by epoch. Latest (epoch 3): train loss 0.412, test accuracy 0.8 (at epoch 2).',
    );
  });
});

describe('numericColumns', () => {
  it('marks columns holding only numbers, ignoring blanks', () => {
    expect(
      numericColumns({
        columns: ['layer', 'params', 'note', 'empty'],
        rows: [
          ['conv1', 896, 'x', ''],
          ['fc', 94_090, 3, ''],
          ['total', '', 'y', ''],
        ],
      }),
    ).toEqual([false, true, false, false]);
  });
});

describe('progress text', () => {
  it('describes progress, leaving out what is not measured yet', () => {
    const p = { epoch: 2, epochs: 4, batch: 37, batches: 125, etaSeconds: 12.2, imagesPerSecond: 1234 };
    expect(describeProgress(p)).toBe('Epoch 2/4 · batch 37/125 · 1,234 img/s · ETA 0:12');
    expect(describeProgress({ ...p, etaSeconds: null, imagesPerSecond: null })).toBe('Epoch 2/4 · batch 37/125');
  });

  it('progressFraction counts finished epochs plus batches of the current one', () => {
    const p = { epoch: 2, epochs: 4, batch: 25, batches: 100, etaSeconds: null, imagesPerSecond: null };
    expect(progressFraction(p)).toBeCloseTo(1.25 / 4);
    expect(progressFraction({ ...p, epoch: 4, batch: 100 })).toBe(1);
    expect(progressFraction({ ...p, epochs: 0 })).toBe(0);
  });
});

describe('gridScale', () => {
  it('brings tiles near 84 px with a whole-number scale unless the grid sets one', () => {
    expect(gridScale([{ width: 28, height: 28 }])).toBe(3);
    expect(gridScale([{ width: 3, height: 3 }])).toBe(28);
    expect(gridScale([{ width: 224, height: 224 }])).toBe(1);
    expect(
      gridScale([
        { width: 3, height: 3 },
        { width: 28, height: 28 },
      ]),
    ).toBe(3);
    expect(gridScale([{ width: 28, height: 28 }], 2)).toBe(2);
    expect(gridScale([])).toBe(1);
  });
});
