// The schedules figure against torch.optim.lr_scheduler
// (tests/fixtures/schedules-figure.json, written by scripts/fixtures/schedules_figure.py).
import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/schedules-figure.json';
import { oneCycleLR } from '../../src/engine/reference/schedules';
import {
  BASE_LR,
  STEPS,
  WARMUP,
  describeStep,
  scheduleCurves,
} from '../../src/components/figures/training-recipe/schedules-model';

describe('schedules figure', () => {
  it('uses the settings the fixture was made with', () => {
    expect([BASE_LR, STEPS, WARMUP]).toEqual([fixture.baseLr, fixture.steps, fixture.warmup]);
  });

  for (const curve of scheduleCurves()) {
    it(`gives PyTorch's learning rates for ${curve.name}`, () => {
      const torch = fixture.lrs[curve.name];
      expect(curve.values).toHaveLength(torch.length);
      curve.values.forEach((v, i) => expect(v).toBeCloseTo(torch[i]!, 12));
    });
  }

  it('one-cycle starts at max_lr / 25, peaks at 30% of the run and ends far below the start', () => {
    const lr = oneCycleLR(1, { totalSteps: 100 });
    expect(lr(0)).toBeCloseTo(1 / 25, 12);
    expect(lr(29)).toBeCloseTo(1, 12);
    expect(lr(99)).toBeCloseTo(1 / 25 / 1e4, 12);
    expect(() => lr(101)).toThrow(/past totalSteps/);
  });

  it('describes a step', () => {
    expect(describeStep(0)).toBe(
      'Step 0 of 100: learning rate step 0.100, cosine 0.100, warmup, then cosine 0.0100, one-cycle 0.00400.',
    );
  });
});
