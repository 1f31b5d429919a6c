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

  it('says where each optimizer is', () => {
    expect(describePaths(0)).toBe(
      'After 0 steps: SGD at (-4.00, 1.50), loss 3.050; SGD with momentum at (-4.00, 1.50), loss 3.050; Adam at (-4.00, 1.50), loss 3.050.',
    );
  });

  it('rejects a negative number of steps', () => {
    expect(() => optimizerPath(OPTIMIZERS[0]!, -1)).toThrow(/steps/);
  });
});
