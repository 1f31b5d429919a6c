/// <reference types="vitest/config" />
// The integration tier (`npm run test:integration`): the guide's promises that
// need training, e.g. "this cell reaches 85%". Each file runs a shipped cell's
// own code through the worker session, on WASM in Node, to the end.
import { getViteConfig } from 'astro/config';

export default getViteConfig({
  test: {
    include: ['tests/integration/**/*.test.ts'],
    environment: 'node',
    // A cell trains for minutes on one core.
    testTimeout: 15 * 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One training at a time: `npm test` runs this tier beside the type checks
    // and builds, which keep the other core busy.
    maxWorkers: 1,
    minWorkers: 1,
  },
});
