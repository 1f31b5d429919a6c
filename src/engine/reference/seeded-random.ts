// Seeded randomness in plain TypeScript (no tfjs): shuffles, augmentation
// choices and mixup's λ are drawn here so that a seed reproduces a run on any
// backend, and so that the draws can be tested without tensors.

/** A stream of uniform numbers in [0, 1). */
export type Random = () => number;

/** mulberry32: 32 bits of state, fast, and good enough for shuffles and augmentation. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seed for an independent stream, derived from `seed` and a `stream` number
 * (the splitmix32 finaliser), so that adding draws to one stream (say,
 * augmentation) leaves another (the shuffle) as it was.
 */
export function deriveSeed(seed: number, stream: number): number {
  let z = (seed + Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** An integer in 0..n-1, like torch.randint(n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** A random order of 0..n-1 (Fisher–Yates), like torch.randperm(n). */
export function permutation(n: number, random: Random): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** A standard normal sample (Box–Muller; 1 - u keeps the logarithm finite). */
export function normal(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A Gamma(shape, 1) sample by Marsaglia and Tsang's method. Below shape 1 the
 * method does not apply directly; Gamma(a) = Gamma(a + 1) · U^(1/a) does.
 */
export function gamma(random: Random, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma: shape must be positive, got ${shape}`);
  if (shape < 1) return gamma(random, shape + 1) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Beta(a, b) sample as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function beta(random: Random, a: number, b: number): number {
  const x = gamma(random, a);
  const y = gamma(random, b);
  // Both underflow to 0 only for tiny shapes, where Beta puts its mass at 0 and 1.
  if (x + y === 0) return random() < a / (a + b) ? 1 : 0;
  return x / (x + y);
}
