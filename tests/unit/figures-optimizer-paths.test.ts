// The optimizer-paths figure against torch.optim (tests/fixtures/optimizer-paths.json,
// written by scripts/fixtures/optimizer_paths.py).
import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/optimizer-paths.json';
import {
  OPTIMIZERS,
  START,
  VALLEY,
  describePaths,
  loss,
  optimizerPath,
} from '../../src/components/figures/how-cnns-learn/optimizer-paths-model';

describe('optimizer paths', () => {
  it('uses the valley and start the fixture was made with', () => {
    expect([VALLEY.a, VALLEY.b]).toEqual([fixture.a, fixture.b]);
    expect([START.x, START.y]).toEqual(fixture.start);
  });

  for (const settings of OPTIMIZERS) {
    it(`follows torch.optim's path for ${settings.name}`, () => {
      const torchPath = fixture.paths[settings.name];
      const path = optimizerPath(settings, fixture.steps);
      expect(path).toHaveLength(torchPath.length);
      path.forEach((p, i) => {
        expect(p.x).toBeCloseTo(torchPath[i]![0]!, 10);
        expect(p.y).toBeCloseTo(torchPath[i]![1]!, 10);
      });
    });
  }

  it('shows what the prose says: momentum and Adam end lower than plain SGD in the valley', () => {
    const final = Object.fromEntries(OPTIMIZERS.map((o) => [o.name, loss(VALLEY, optimizerPath(o, fixture.steps).at(-1)!)]));
    expect(final.momentum).toBeLessThan(final.sgd!);
    expect(final.adam).toBeLessThan(final.sgd!);
  });

  it('shows what the prose says of each path', () => {
    const [sgd, momentum, adam] = OPTIMIZERS.map((o) => optimizerPath(o, 40));
    // SGD settles the steep direction within a few steps, then crawls: far from the minimum after 40.
    expect(Math.abs(sgd![5]!.y)).toBeLessThan(0.01);
    expect(sgd![5]!.x).toBeLessThan(-3);
    expect(sgd![40]!.x).toBeLessThan(-0.5);
    // Momentum overshoots across at first, then reaches the minimum within 20 steps.
    expect(Math.sign(momentum![2]!.y)).toBe(-Math.sign(START.y));
    expect(Math.hypot(momentum![20]!.x, momentum![20]!.y)).toBeLessThan(0.05);
    // Adam's first step moves each coordinate by the learning rate.
    expect(Math.abs(START.x - adam![1]!.x)).toBeCloseTo(OPTIMIZERS[2]!.lr, 6);
    expect(Math.abs(START.y - adam![1]!.y)).toBeCloseTo(OPTIMIZERS[2]!.lr, 6);
  });

  it('says where each optimizer is', () => {
    expect(describePaths(0)).toBe(
      'After 0 steps: SGD at (-4.00, 1.50), loss 3.050; SGD with momentum at (-4.00, 1.50), loss 3.050; Adam at (-4.00, 1.50), loss 3.050.',
    );
  });

  it('rejects a negative number of steps', () => {
    expect(() => optimizerPath(OPTIMIZERS[0]!, -1)).toThrow(/steps/);
  });
});
