/// <reference types="vitest/config" />
// The integration tier (`npm run test:integration`): the guide's promises that
// need training, e.g. "this cell reaches 85%". Each file runs a shipped cell's
// own code through the worker session, on WASM in Node, to the end.
import { availableParallelism } from 'node:os';
import { getViteConfig } from 'astro/config';
import { relaxedSimdExecArgv } from './scripts/relaxed-simd-flag.mjs';

export default getViteConfig({
  test: {
    include: ['tests/integration/**/*.test.ts'],
    environment: 'node',
    // A cell trains for minutes on one core, more when it shares the core.
    testTimeout: 15 * 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Each file trains on one core: one file per core (Vitest's default
    // leaves one core out). In `npm test` the tier shares the cores with the
    // type checks and builds at first, and has them to itself after.
    maxWorkers: availableParallelism(),
    minWorkers: 1,
    // Cells train with the native kernels' fused multiply-adds, as in Chromium.
    poolOptions: { forks: { execArgv: relaxedSimdExecArgv() } },
  },
});
