// View-model of the schedules figure: four learning-rate schedules over one
// run of 100 steps, from the engine's closed forms of torch.optim's
// schedulers (tests check every value against PyTorch's).

import { cosineAnnealingLR, oneCycleLR, stepLR, warmupCosineLR, type Schedule } from '../../../engine/reference/schedules';

export const BASE_LR = 0.1;
export const STEPS = 100;
export const WARMUP = 10;

export type ScheduleName = 'step' | 'cosine' | 'warmup-cosine' | 'one-cycle';

export interface ScheduleCurve {
  name: ScheduleName;
  label: string;
  /** PyTorch's call that makes it. */
  torch: string;
  /** The learning rate during each step, 0..STEPS-1. */
  values: number[];
}

const SCHEDULES: readonly { name: ScheduleName; label: string; torch: string; make: () => Schedule }[] = [
  {
    name: 'step',
    label: 'Step',
    torch: 'StepLR(step_size=30, gamma=0.1)',
    make: () => stepLR(BASE_LR, { stepSize: 30, gamma: 0.1 }),
  },
  {
    name: 'cosine',
    label: 'Cosine',
    torch: `CosineAnnealingLR(T_max=${STEPS})`,
    make: () => cosineAnnealingLR(BASE_LR, { tMax: STEPS }),
  },
  {
    name: 'warmup-cosine',
    label: 'Warmup, then cosine',
    torch: `SequentialLR([LinearLR(start_factor=0.1, total_iters=${WARMUP}), CosineAnnealingLR(T_max=${STEPS - WARMUP})], milestones=[${WARMUP}])`,
    make: () => warmupCosineLR(BASE_LR, { warmup: WARMUP, total: STEPS, startFactor: 0.1 }),
  },
  {
    name: 'one-cycle',
    label: 'One-cycle',
    torch: `OneCycleLR(max_lr=${BASE_LR}, total_steps=${STEPS})`,
    make: () => oneCycleLR(BASE_LR, { totalSteps: STEPS }),
  },
];

export function scheduleCurves(): ScheduleCurve[] {
  return SCHEDULES.map(({ make, ...rest }) => {
    const schedule = make();
    return { ...rest, values: Array.from({ length: STEPS }, (_, e) => schedule(e)) };
  });
}

/** The live sentence for a step the reader points at. */
export function describeStep(step: number, curves: readonly ScheduleCurve[] = scheduleCurves()): string {
  if (!Number.isInteger(step) || step < 0 || step >= STEPS)
    throw new RangeError(`describeStep: step must be in 0..${STEPS - 1}, got ${step}`);
  const parts = curves.map((c) => `${c.label.toLowerCase()} ${c.values[step]!.toPrecision(3)}`);
  return `Step ${step} of ${STEPS}: learning rate ${parts.join(', ')}.`;
}
