// Wall time per kernel over top-level engine.runKernel calls, for the benchmarks' --profile.
import * as tf from '@tensorflow/tfjs';

/** Accumulates wall time per kernel name over top-level engine.runKernel calls. */
export function installKernelTimer(): Map<string, { ms: number; calls: number }> {
  const totals = new Map<string, { ms: number; calls: number }>();
  const engine = tf.engine() as unknown as { runKernel: (name: string, ...rest: unknown[]) => unknown };
  const original = engine.runKernel.bind(engine);
  let depth = 0;
  engine.runKernel = (name: string, ...rest: unknown[]) => {
    depth++;
    const t0 = performance.now();
    try {
      return original(name, ...rest);
    } finally {
      depth--;
      // Only outermost calls: a kernel that runs others through the engine would otherwise count twice.
      if (depth === 0) {
        const entry = totals.get(name) ?? { ms: 0, calls: 0 };
        entry.ms += performance.now() - t0;
        entry.calls++;
        totals.set(name, entry);
      }
    }
  };
  return totals;
}
