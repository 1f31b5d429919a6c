// The bar-chart output: the reducer keeps it as one block, and the layout and
// text alternative are pure functions of it.
import { describe, expect, it } from 'vitest';
import type { CellOutput } from '../../src/engine/contract';
import { barsLayout, describeBars, emptyOutputs, niceTicks, reduceOutputs } from '../../src/components/cell/outputs-model';

const bars: Extract<CellOutput, { kind: 'bars' }> = {
  kind: 'bars',
  title: 'Gradient norm',
  xLabel: 'Layer',
  yLabel: 'norm',
  categories: ['1', '2', '3'],
  series: [
    { name: 'plain', values: [0.5, 1.2, null] },
    { name: 'residual', values: [0.25, 0.75, 2] },
  ],
};

describe('bar chart output', () => {
  it('becomes one block with its own key', () => {
    const view = reduceOutputs(reduceOutputs(emptyOutputs(), { kind: 'log', level: 'info', text: 'hi' }), bars);
    const { kind: _kind, ...rest } = bars;
    expect(view.blocks[1]).toEqual({ kind: 'bars', key: 'bars-1', ...rest });
  });

  it('ticks at round steps up to at least the largest value', () => {
    expect(niceTicks(2)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(niceTicks(1.2)).toEqual([0, 0.5, 1, 1.5]);
    expect(niceTicks(0.07)).toEqual([0, 0.02, 0.04, 0.06, 0.08]);
    expect(niceTicks(0)).toEqual([0]);
  });

  it('lays groups side by side, a bar per series, heights on a scale from 0 to the top tick', () => {
    const layout = barsLayout(bars, { left: 0, top: 0, width: 300, height: 100 });
    // The missing value draws no bar.
    expect(layout.bars).toHaveLength(5);
    expect(layout.groupCentres).toEqual([50, 150, 250]);
    const tallest = layout.bars.find((b) => b.value === 2)!;
    expect(tallest.y).toBeCloseTo(0);
    expect(tallest.height).toBeCloseTo(100);
    const half = layout.bars.find((b) => b.value === 0.5)!;
    expect(half.height).toBeCloseTo(25);
    // Within a group the series follow each other, in order, inside the group's width.
    const group0 = layout.bars.filter((b) => b.category === 0).sort((a, b) => a.series - b.series);
    expect(group0[0]!.x + group0[0]!.width).toBeCloseTo(group0[1]!.x);
    expect(group0[0]!.x).toBeGreaterThanOrEqual(0);
    expect(group0[1]!.x + group0[1]!.width).toBeLessThanOrEqual(100);
  });

  it('says every value in words', () => {
    expect(describeBars(bars)).toBe(
      'Gradient norm: norm by layer. plain: 1: 0.5, 2: 1.2, 3: –. residual: 1: 0.25, 2: 0.75, 3: 2.',
    );
  });
});
