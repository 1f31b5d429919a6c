/// <reference types="vitest/config" />
// The unit tier (`npm run test:unit`, and plain `npx vitest`): fast, pure
// tests. A test that trains a model to the end belongs to the integration tier
// (vitest.integration.config.ts).
import { getViteConfig } from 'astro/config';
import { relaxedSimdExecArgv } from './scripts/relaxed-simd-flag.mjs';

export default getViteConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Generous only for a loaded 2-core machine: a unit test takes seconds at most.
    testTimeout: 60_000,
    pool: 'forks',
    // The kernel tests check both builds of the native kernels, the relaxed-SIMD one included.
    poolOptions: { forks: { execArgv: relaxedSimdExecArgv() } },
  },
});
