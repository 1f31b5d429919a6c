/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

// Promises that need training: each test runs a shipped cell on WASM in Node.
export default getViteConfig({
  test: {
    include: ['tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 600_000,
    pool: 'forks',
  },
});
