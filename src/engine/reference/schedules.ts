// Learning-rate schedules as pure functions of the epoch (or step), no tfjs.
//
// Each is the closed form of the torch.optim.lr_scheduler class it is named
// after: `schedule(e)` is the learning rate PyTorch's optimizer holds during
// epoch e (0-based) when scheduler.step() is called once after each epoch.
// PyTorch steps most of them recursively (lr ← lr·factor); the closed forms
// agree with that to rounding (tests/unit/schedules.test.ts checks 1e-9).

import { requirePositiveInt } from '../arithmetic/pair';

/** The learning rate of the 0-based epoch or step `e`. */
export type Schedule = (e: number) => number;

function checkEpoch(e: number): void {
  if (!Number.isInteger(e) || e < 0) throw new RangeError(`schedule: the epoch must be an integer >= 0, got ${e}`);
}

export function constantLR(baseLr: number): Schedule {
  return (e) => {
    checkEpoch(e);
    return baseLr;
  };
}

/** StepLR: multiplies by `gamma` every `stepSize` epochs. */
export function stepLR(baseLr: number, { stepSize, gamma = 0.1 }: { stepSize: number; gamma?: number }): Schedule {
  requirePositiveInt('stepLR', 'stepSize', stepSize);
  return (e) => {
    checkEpoch(e);
    return baseLr * gamma ** Math.floor(e / stepSize);
  };
}

/**
 * CosineAnnealingLR: from baseLr at 0 down to etaMin at tMax along half a
 * cosine. Past tMax it rises again (period 2·tMax), as PyTorch's does; it is
 * not a warm restart (that is CosineAnnealingWarmRestarts).
 */
export function cosineAnnealingLR(baseLr: number, { tMax, etaMin = 0 }: { tMax: number; etaMin?: number }): Schedule {
  requirePositiveInt('cosineAnnealingLR', 'tMax', tMax);
  return (e) => {
    checkEpoch(e);
    return etaMin + ((baseLr - etaMin) * (1 + Math.cos((Math.PI * e) / tMax))) / 2;
  };
}

/** LinearLR: the factor goes linearly from startFactor to endFactor over totalIters epochs, then stays. */
export function linearLR(
  baseLr: number,
  { startFactor = 1 / 3, endFactor = 1, totalIters = 5 }: { startFactor?: number; endFactor?: number; totalIters?: number } = {},
): Schedule {
  if (!(startFactor > 0 && startFactor <= 1)) throw new RangeError(`linearLR: startFactor must be in (0, 1], got ${startFactor}`);
  if (!(endFactor >= 0 && endFactor <= 1)) throw new RangeError(`linearLR: endFactor must be in [0, 1], got ${endFactor}`);
  requirePositiveInt('linearLR', 'totalIters', totalIters);
  return (e) => {
    checkEpoch(e);
    return baseLr * (startFactor + ((endFactor - startFactor) * Math.min(e, totalIters)) / totalIters);
  };
}

/**
 * SequentialLR: `schedules[i]` runs from milestone i-1 (0 for the first),
 * restarted at its own epoch 0 there, as PyTorch's SequentialLR calls
 * scheduler.step(0) at each milestone.
 */
export function sequentialLR(schedules: readonly Schedule[], milestones: readonly number[]): Schedule {
  if (milestones.length !== schedules.length - 1) {
    throw new RangeError(
      `sequentialLR: expected ${schedules.length - 1} milestones for ${schedules.length} schedules, got ${milestones.length}`,
    );
  }
  milestones.forEach((m, i) => {
    requirePositiveInt('sequentialLR', 'a milestone', m);
    if (i > 0 && m <= milestones[i - 1]!) throw new RangeError('sequentialLR: milestones must increase');
  });
  return (e) => {
    checkEpoch(e);
    // bisect_right: at a milestone the next schedule has begun.
    let i = 0;
    while (i < milestones.length && milestones[i]! <= e) i++;
    const start = i === 0 ? 0 : milestones[i - 1]!;
    return schedules[i]!(e - start);
  };
}

export interface WarmupCosineOptions {
  /** Epochs of linear warm-up; the cosine starts at epoch `warmup` with baseLr. */
  warmup: number;
  /** Length of the whole run; the cosine gets total - warmup epochs (its T_max). */
  total: number;
  /** The warm-up's first factor (LinearLR's start_factor). Default 0.1. */
  startFactor?: number;
  etaMin?: number;
}

/**
 * Linear warm-up then cosine annealing, exactly PyTorch's
 *   SequentialLR(opt, [LinearLR(opt, start_factor, total_iters=warmup),
 *                      CosineAnnealingLR(opt, T_max=total - warmup, eta_min)], milestones=[warmup]).
 * Its warm-up epochs run at baseLr·(s + (1 - s)·e/warmup) for e < warmup, so
 * the last one is below baseLr; the cosine then starts at baseLr.
 */
export function warmupCosineLR(baseLr: number, { warmup, total, startFactor = 0.1, etaMin = 0 }: WarmupCosineOptions): Schedule {
  requirePositiveInt('warmupCosineLR', 'warmup', warmup);
  if (!Number.isInteger(total) || total <= warmup) {
    throw new RangeError(`warmupCosineLR: total must be an integer above warmup (${warmup}), got ${total}`);
  }
  return sequentialLR(
    [
      linearLR(baseLr, { startFactor, endFactor: 1, totalIters: warmup }),
      cosineAnnealingLR(baseLr, { tMax: total - warmup, etaMin }),
    ],
    [warmup],
  );
}

export interface OneCycleOptions {
  /** Steps in the whole run (OneCycleLR's total_steps). */
  totalSteps: number;
  /** Fraction of the steps spent rising. Default 0.3. */
  pctStart?: number;
  /** The start is maxLr / divFactor. Default 25. */
  divFactor?: number;
  /** The end is the start / finalDivFactor. Default 1e4. */
  finalDivFactor?: number;
}

/**
 * OneCycleLR with PyTorch's defaults (anneal_strategy='cos', two phases): up
 * from maxLr/divFactor to maxLr along half a cosine over the first pctStart of
 * the steps, then down to far below the start. Stepped once per batch.
 */
export function oneCycleLR(
  maxLr: number,
  { totalSteps, pctStart = 0.3, divFactor = 25, finalDivFactor = 1e4 }: OneCycleOptions,
): Schedule {
  requirePositiveInt('oneCycleLR', 'totalSteps', totalSteps);
  if (!(pctStart > 0 && pctStart < 1)) throw new RangeError(`oneCycleLR: pctStart must be in (0, 1), got ${pctStart}`);
  const initial = maxLr / divFactor;
  const min = initial / finalDivFactor;
  const peakStep = pctStart * totalSteps - 1;
  const anneal = (start: number, end: number, pct: number) => end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  return (e) => {
    checkEpoch(e);
    if (e > totalSteps) throw new RangeError(`oneCycleLR: step ${e} is past totalSteps (${totalSteps})`);
    if (e <= peakStep) return anneal(initial, maxLr, e / peakStep);
    return anneal(maxLr, min, (e - peakStep) / (totalSteps - 1 - peakStep));
  };
}
