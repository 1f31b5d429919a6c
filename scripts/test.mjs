#!/usr/bin/env node
// @ts-check
// `npm test`: unit tests, type check, the site built twice (at the root and
// under a sub-path), then the browser tests on both builds.
// Flags: --e2e-only (skip units and the type check), --no-build (reuse dist/ and dist-subpath/).
import { spawnSync } from 'node:child_process';
import { findChromium, HOW_TO_GET_CHROMIUM } from './find-chromium.mjs';

const args = new Set(process.argv.slice(2));
export const SUBPATH = '/course/';

/** @param {string} name @param {string} command @param {string[]} commandArgs @param {Record<string, string>} env */
function step(name, command, commandArgs, env = {}) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (result.status !== 0) {
    console.error(`✖ ${name} failed after ${seconds} s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${name} (${seconds} s)`);
}

const chromium = await findChromium();
if (!chromium) {
  console.error(HOW_TO_GET_CHROMIUM);
  process.exit(1);
}

if (!args.has('--e2e-only')) {
  step('unit tests (vitest)', 'npx', ['vitest', 'run']);
  // The rest of `npm run check`, named in package.json once.
  step('import boundaries (dependency-cruiser)', 'npm', ['run', '--silent', 'deps']);
  step('format (prettier --check)', 'npm', ['run', '--silent', 'format:check']);
  step('lint (eslint)', 'npm', ['run', '--silent', 'lint']);
  step('type check (astro check)', 'npx', ['astro', 'check']);
  // astro check skips .svelte files; svelte-check types them and lints their accessibility.
  step('type check (svelte-check)', 'npx', ['svelte-check', '--threshold', 'warning', '--fail-on-warnings']);
}
if (!args.has('--no-build')) {
  step('build at /', 'npx', ['astro', 'build', '--outDir', 'dist'], { BASE_PATH: '/' });
  step(`build at ${SUBPATH}`, 'npx', ['astro', 'build', '--outDir', 'dist-subpath'], { BASE_PATH: SUBPATH });
}
step('browser tests (playwright)', 'npx', ['playwright', 'test'], { CHROMIUM_PATH: chromium });
