import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  constantLR,
  cosineAnnealingLR,
  linearLR,
  sequentialLR,
  stepLR,
  warmupCosineLR,
  type Schedule,
} from '../../src/engine/tf/optim/schedules';

interface ScheduleCase {
  name: string;
  options: Record<string, number>;
  /** The learning rate of epochs 0..epochs-1, read from PyTorch's param_groups. */
  lrs: number[];
}

const { schedules } = JSON.parse(readFileSync(new URL('../fixtures/optim-reference.json', import.meta.url), 'utf8')) as {
  schedules: { base_lr: number; epochs: number; cases: ScheduleCase[] };
};
const baseLr = schedules.base_lr;

const option = (c: ScheduleCase, key: string): number => {
  const value = c.options[key];
  if (value === undefined) throw new Error(`${c.name}: no option ${key}`);
  return value;
};

function fromTorch(c: ScheduleCase): Schedule {
  if (c.name.startsWith('step')) return stepLR(baseLr, { stepSize: option(c, 'step_size'), gamma: option(c, 'gamma') });
  if (c.name.startsWith('cosine')) return cosineAnnealingLR(baseLr, { tMax: option(c, 'T_max'), etaMin: option(c, 'eta_min') });
  if (c.name.startsWith('warmup_cosine')) {
    const warmup = option(c, 'warmup');
    return warmupCosineLR(baseLr, {
      warmup,
      total: warmup + option(c, 'T_max'),
      startFactor: option(c, 'start_factor'),
      etaMin: option(c, 'eta_min'),
    });
  }
  throw new Error(`no schedule for ${c.name}`);
}

const epochs = Array.from({ length: schedules.epochs }, (_, e) => e);

function maxRelativeError(schedule: Schedule, expected: readonly number[]): number {
  return Math.max(...expected.map((lr, e) => Math.abs(schedule(e) - lr) / Math.abs(lr)));
}

describe('schedules match torch.optim.lr_scheduler stepped once per epoch (1e-9 relative)', () => {
  it('the fixture has the cases the brief asks for', () => {
    expect(schedules.cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(['step', 'cosine', 'cosine_eta_min', 'warmup_cosine']),
    );
    expect(schedules.epochs).toBe(30);
    for (const c of schedules.cases) expect(c.lrs).toHaveLength(30);
  });

  it.each(schedules.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(maxRelativeError(fromTorch(c), c.lrs)).toBeLessThan(1e-9);
  });

  // The comparison can fail: these near misses are what people often write instead.
  it('tells apart the usual near misses', () => {
    const lrsOf = (name: string) => schedules.cases.find((c) => c.name === name)!.lrs;
    // A warm-up that reaches baseLr at its last epoch, not at the milestone.
    const reachesBaseEarly = sequentialLR([(e) => baseLr * (0.1 + (0.9 * e) / 4), cosineAnnealingLR(baseLr, { tMax: 25 })], [5]);
    expect(maxRelativeError(reachesBaseEarly, lrsOf('warmup_cosine'))).toBeGreaterThan(1e-3);
    // A cosine that ignores eta_min, or that restarts at T_max instead of rising again.
    expect(maxRelativeError(cosineAnnealingLR(baseLr, { tMax: 30 }), lrsOf('cosine_eta_min'))).toBeGreaterThan(1e-3);
    const restarting: Schedule = (e) => cosineAnnealingLR(baseLr, { tMax: 12, etaMin: 1e-3 })(e % 12);
    expect(maxRelativeError(restarting, lrsOf('cosine_short'))).toBeGreaterThan(1e-3);
    // StepLR off by one epoch.
    expect(maxRelativeError((e) => stepLR(baseLr, { stepSize: 10 })(e + 1), lrsOf('step'))).toBeGreaterThan(1e-3);
  });
});

describe('schedule definitions', () => {
  it('linearLR and constantLR', () => {
    const warm = linearLR(1, { startFactor: 0.25, totalIters: 3 });
    expect(epochs.slice(0, 6).map(warm)).toEqual([0.25, 0.5, 0.75, 1, 1, 1]);
    expect(linearLR(2)(0)).toBeCloseTo(2 / 3, 15);
    expect(constantLR(0.3)(17)).toBe(0.3);
  });

  it('sequentialLR restarts each schedule at its milestone', () => {
    const s = sequentialLR([constantLR(1), (e) => 10 + e, (e) => 100 + e], [2, 5]);
    expect(epochs.slice(0, 8).map(s)).toEqual([1, 1, 10, 11, 12, 100, 101, 102]);
  });

  it('cosine reaches eta_min at T_max and is symmetric about it', () => {
    const s = cosineAnnealingLR(0.1, { tMax: 10, etaMin: 0.01 });
    expect(s(10)).toBeCloseTo(0.01, 15);
    expect(s(13)).toBeCloseTo(s(7), 15);
  });

  it('rejects what PyTorch would reject, and epochs that are not whole', () => {
    expect(() => stepLR(0.1, { stepSize: 0 })).toThrow('stepLR: stepSize must be a positive integer, got 0');
    expect(() => cosineAnnealingLR(0.1, { tMax: 0 })).toThrow('cosineAnnealingLR: tMax must be a positive integer');
    expect(() => linearLR(0.1, { startFactor: 0 })).toThrow('linearLR: startFactor must be in (0, 1], got 0');
    expect(() => sequentialLR([constantLR(1)], [3])).toThrow('sequentialLR: expected 0 milestones for 1 schedules, got 1');
    expect(() => warmupCosineLR(0.1, { warmup: 5, total: 5 })).toThrow(
      'warmupCosineLR: total must be an integer above warmup (5), got 5',
    );
    expect(() => constantLR(0.1)(-1)).toThrow('schedule: the epoch must be an integer >= 0, got -1');
    expect(() => stepLR(0.1, { stepSize: 3 })(1.5)).toThrow('schedule: the epoch must be an integer >= 0, got 1.5');
  });
});
