// View-model of the optimizer-paths figure: SGD, SGD with momentum and Adam
// started from the same point of a 2D loss surface, step by step, with
// torch.optim's update rules (tests check the paths against PyTorch's). The
// surface is a long, narrow valley, f(x, y) = a·x² + b·y² with a ≪ b: the
// shape that makes plain gradient descent zigzag across and crawl along.

export interface Point {
  x: number;
  y: number;
}

export interface Surface {
  a: number;
  b: number;
}

/** The figure's valley: 20 times steeper across (y) than along (x). */
export const VALLEY: Surface = { a: 0.05, b: 1 };
export const START: Point = { x: -4, y: 1.5 };

export function loss({ a, b }: Surface, p: Point): number {
  return a * p.x * p.x + b * p.y * p.y;
}

export function gradient({ a, b }: Surface, p: Point): Point {
  return { x: 2 * a * p.x, y: 2 * b * p.y };
}

export type OptimizerName = 'sgd' | 'momentum' | 'adam';

export interface OptimizerSettings {
  name: OptimizerName;
  lr: number;
  /** SGD's momentum (PyTorch's convention: buf = μ·buf + g, p -= lr·buf). */
  momentum?: number;
  betas?: readonly [number, number];
  eps?: number;
}

/** The figure's three optimizers, with settings at which each makes progress. */
export const OPTIMIZERS: readonly OptimizerSettings[] = [
  { name: 'sgd', lr: 0.4 },
  { name: 'momentum', lr: 0.4, momentum: 0.7 },
  { name: 'adam', lr: 0.3 },
];

/** The points visited: the start, then one point per step. */
export function optimizerPath(
  settings: OptimizerSettings,
  steps: number,
  surface: Surface = VALLEY,
  start: Point = START,
): Point[] {
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError(`optimizerPath: steps must be a whole number >= 0, got ${steps}`);
  if (!(settings.lr > 0)) throw new RangeError(`optimizerPath: lr must be positive, got ${settings.lr}`);
  const path: Point[] = [start];
  let p = start;
  let buffer: Point | null = null;
  let m: Point = { x: 0, y: 0 };
  let v: Point = { x: 0, y: 0 };
  const [beta1, beta2] = settings.betas ?? [0.9, 0.999];
  const eps = settings.eps ?? 1e-8;
  for (let t = 1; t <= steps; t++) {
    const g = gradient(surface, p);
    if (settings.name === 'adam') {
      m = { x: beta1 * m.x + (1 - beta1) * g.x, y: beta1 * m.y + (1 - beta1) * g.y };
      v = { x: beta2 * v.x + (1 - beta2) * g.x * g.x, y: beta2 * v.y + (1 - beta2) * g.y * g.y };
      const c1 = 1 - beta1 ** t;
      const c2 = Math.sqrt(1 - beta2 ** t);
      // torch.optim.Adam: step = lr / c1, denominator sqrt(v) / c2 + eps.
      const step = (mi: number, vi: number) => (settings.lr / c1) * (mi / (Math.sqrt(vi) / c2 + eps));
      p = { x: p.x - step(m.x, v.x), y: p.y - step(m.y, v.y) };
    } else {
      const mu = settings.name === 'momentum' ? (settings.momentum ?? 0.9) : 0;
      // PyTorch starts the buffer at the first gradient, not at zero.
      buffer = mu === 0 ? g : buffer === null ? g : { x: mu * buffer.x + g.x, y: mu * buffer.y + g.y };
      p = { x: p.x - settings.lr * buffer.x, y: p.y - settings.lr * buffer.y };
    }
    path.push(p);
  }
  return path;
}

const LABELS: Record<OptimizerName, string> = { sgd: 'SGD', momentum: 'SGD with momentum', adam: 'Adam' };

/** A sentence for the figure's live region: where each optimizer is after `step` steps. */
export function describePaths(step: number, surface: Surface = VALLEY): string {
  const parts = OPTIMIZERS.map((o) => {
    const p = optimizerPath(o, step, surface).at(-1)!;
    return `${LABELS[o.name]} at (${p.x.toFixed(2)}, ${p.y.toFixed(2)}), loss ${loss(surface, p).toFixed(3)}`;
  });
  return `After ${step} step${step === 1 ? '' : 's'}: ${parts.join('; ')}.`;
}
