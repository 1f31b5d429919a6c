#!/usr/bin/env node
// @ts-check
// `npm test`: the three tiers. Unit tests; then the integration tests (cells
// trained on WASM, one file per core) in the background, beside the type
// checks and the two builds (at the root and under a sub-path), mostly
// single-threaded; then the browser tests on both builds. Each
// step's time is printed, and all of them at the end.
// Flags: --e2e-only (skip units, integration and the type check), --no-build (reuse dist/ and dist-subpath/).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, HOW_TO_GET_CHROMIUM } from './find-chromium.mjs';

const args = new Set(process.argv.slice(2));
export const SUBPATH = '/course/';

/** Each finished step and its seconds, for the summary at the end. @type {[string, number][]} */
const timings = [];

/** @param {string} name @param {number} started @param {number | null} status @param {number} [ended] */
function finished(name, started, status, ended = Date.now()) {
  const seconds = Math.round((ended - started) / 1000);
  if (status !== 0) {
    console.error(`✖ ${name} failed after ${seconds} s`);
    process.exit(status ?? 1);
  }
  console.log(`✔ ${name} (${seconds} s)`);
  timings.push([name, seconds]);
}

/** @param {string} name @param {string} command @param {string[]} commandArgs @param {Record<string, string>} env */
function step(name, command, commandArgs, env = {}) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
  finished(name, started, result.status);
}

/**
 * Starts a step beside the ones that follow, its output kept in a file and
 * shown when it ends; returns a function that waits for it. Its process group
 * is ended if this script exits first.
 */
/** @param {string} name @param {string} command @param {string[]} commandArgs @returns {() => Promise<void>} */
function backgroundStep(name, command, commandArgs) {
  const started = Date.now();
  const logPath = join(mkdtempSync(join(tmpdir(), 'cnn-guide-test-')), 'output.log');
  const log = openSync(logPath, 'w');
  console.log(`\n▶ ${name} (in the background; its output follows when it ends)`);
  const child = spawn(command, commandArgs, { stdio: ['ignore', log, log], detached: true });
  let running = true;
  const status = new Promise((resolve) => {
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  }).finally(() => (running = false));
  process.on('exit', () => {
    if (!running || !child.pid) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  });
  return async () => {
    const code = await status;
    // Its exit is seen only between the steps above; its last output says when it ended.
    const ended = statSync(logPath).mtimeMs;
    console.log(`\n▶ ${name}: its output\n${readFileSync(logPath, 'utf8')}`);
    finished(name, started, code, ended);
  };
}

// Ctrl-C: exit through the 'exit' handlers, which end a background step.
process.on('SIGINT', () => process.exit(130));

const chromium = await findChromium();
if (!chromium) {
  console.error(HOW_TO_GET_CHROMIUM);
  process.exit(1);
}

/** @type {(() => Promise<void>) | null} */
let integration = null;
if (!args.has('--e2e-only')) {
  step('unit tests (vitest)', 'npx', ['vitest', 'run']);
  integration = backgroundStep('integration tests (vitest, training on WASM)', 'npx', [
    'vitest',
    'run',
    '--config',
    'vitest.integration.config.ts',
  ]);
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
// The browser tests need both cores (WebGPU on SwiftShader): the training finishes first.
await integration?.();
step('browser tests (playwright)', 'npx', ['playwright', 'test'], { CHROMIUM_PATH: chromium });

console.log('\nTimes:');
for (const [name, seconds] of timings) console.log(`  ${String(seconds).padStart(5)} s  ${name}`);
