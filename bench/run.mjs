#!/usr/bin/env node
// @ts-check
// `npm run bench`: training and inference throughput of SimpleCNN (1x28x28,
// batch 64) on every backend available, in Node and in headless Chromium,
// the engine's training loop against a naive model.fit, and PyTorch on the
// CPU when the system python3 has torch. Not a test: these are timings.
//
//   npm run bench [-- --json] [--seconds 10] [--skip-browser] [--skip-node]
//                 [--browser-backends webgpu,webgl,wasm,cpu] [--node-backends wasm,cpu]
//                 [--time-to-accuracy [--site-dir dist]] [--lighthouse [--site-dir dist] [--lighthouse-runs 1]]
//
// --time-to-accuracy adds the first chapter's cell as a reader runs it (the
// built site, headless Chromium, WASM): seconds from Run to its final test
// accuracy. With --skip-node --skip-browser it is the only measurement.
// --lighthouse adds Lighthouse's mobile scores of every page of the built site
// (bench/lighthouse.mjs; the site is built into --site-dir when it is missing).
import { relaxedSimdExecArgv } from '../scripts/relaxed-simd-flag.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { findChromium, HOW_TO_GET_CHROMIUM } from '../scripts/find-chromium.mjs';
import { timeToAccuracy } from './time-to-accuracy.mjs';
import { lighthouseAll, lighthouseTable } from './lighthouse.mjs';

const { values: opts } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    json: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '10' },
    'skip-browser': { type: 'boolean', default: false },
    'skip-node': { type: 'boolean', default: false },
    'browser-backends': { type: 'string', default: 'webgpu,webgl,wasm,cpu' },
    'node-backends': { type: 'string', default: 'wasm,cpu' },
    'time-to-accuracy': { type: 'boolean', default: false },
    'site-dir': { type: 'string', default: 'dist' },
    lighthouse: { type: 'boolean', default: false },
    'lighthouse-runs': { type: 'string', default: '1' },
    'lighthouse-port': { type: 'string', default: '4395' },
  },
});
/** @typedef {import('./measure.ts').Row} BenchRow */
/** @typedef {NonNullable<BenchRow['baselines']>[number]} Baseline */
/** @typedef {{ target: string; measured: number | string; met: boolean; why: string }} Target */

/** @type {BenchRow[]} */
const rows = [];
/** @type {string[]} */
const notes = [];
const cores = availableParallelism();
/** @param {string} text */
const say = (text) => {
  if (!opts.json) process.stderr.write(`${text}\n`);
};

/** @param {string} text @returns {BenchRow[]} */
function jsonLines(text) {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

/**
 * @param {string} command @param {string[]} args
 * @returns {Promise<{ code: number | null; out: string; err: string }>}
 */
function runCollect(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
      for (const line of String(d).split('\n')) if (line.startsWith('{')) say(`  ${summary(JSON.parse(line))}`);
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** @param {BenchRow} r */
const summary = (r) => `${r.where} ${r.backend} ${r.mode}: ${r.imagesPerSecond.toFixed(1)} images/s`;

if (!opts['skip-node']) {
  say('Node (tfjs):');
  // With relaxed SIMD where this Node needs a flag for it, as the test tiers run (scripts/relaxed-simd-flag.mjs).
  const node = await runCollect(process.execPath, [
    ...relaxedSimdExecArgv(),
    'node_modules/.bin/vite-node',
    'bench/node-throughput.ts',
    '--',
    '--seconds',
    opts.seconds,
    '--backends',
    opts['node-backends'],
  ]);
  rows.push(...jsonLines(node.out));
  if (node.code !== 0) notes.push(`Node run failed: ${node.err.trim().split('\n').slice(-3).join(' ')}`);

  const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
  if (hasTorch) {
    say('PyTorch:');
    // One thread (as WASM in Node) and all cores (as threaded WASM in an isolated page).
    for (const threads of new Set([1, cores])) {
      const torch = await runCollect('/usr/bin/python3', ['bench/torch_simplecnn.py', opts.seconds, String(threads)]);
      rows.push(...jsonLines(torch.out));
      if (torch.code !== 0) notes.push(`PyTorch run failed: ${torch.err.trim().split('\n').slice(-1)}`);
    }
  } else {
    notes.push('No PyTorch row: /usr/bin/python3 cannot import torch (Debian: apt-get install python3-torch).');
  }
}

if (!opts['skip-browser']) {
  const executablePath = await findChromium();
  if (!executablePath) {
    notes.push(`No browser rows: ${HOW_TO_GET_CHROMIUM}`);
  } else {
    say('Chromium (tfjs):');
    const build = spawnSync('npx', ['vite', 'build', '--config', 'bench/vite.config.ts'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (build.status !== 0) throw new Error(`building the benchmark page failed:\n${build.stderr}`);
    const port = 4393;
    const server = spawn('node', ['scripts/serve-static.mjs', '--dir', 'dist-bench', '--base', '/', '--port', String(port)], {
      stdio: 'ignore',
    });
    const browser = await chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
        '--enable-unsafe-webgpu',
      ],
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      // WASM twice: one thread, and all cores (the page is cross-origin isolated).
      /** @type {[string, number | undefined][]} */
      const runs = [];
      for (const b of opts['browser-backends'].split(',')) {
        if (b === 'wasm') for (const t of new Set([1, cores])) runs.push([b, t]);
        else runs.push([b, undefined]);
      }
      for (const [backend, threads] of runs) {
        // A fresh page per backend: one backend's memory and shaders do not weigh on the next.
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${port}/`);
        await page.waitForSelector('body[data-ready]');
        const benchArgs = /** @type {Parameters<Window['benchBackend']>} */ ([
          backend,
          Number(opts.seconds),
          threads ?? undefined,
        ]);
        const result = await page.evaluate(([b, s, t]) => window.benchBackend(b, s, t), benchArgs);
        if ('error' in result) {
          notes.push(`Chromium ${backend}: ${result.error}`);
        } else {
          for (const row of result) {
            rows.push(row);
            say(`  ${summary(row)}`);
          }
        }
        await page.close();
      }
    } finally {
      await browser.close();
      server.kill();
    }
  }
}

let firstResult = null;
if (opts['time-to-accuracy']) {
  const executablePath = await findChromium();
  if (!executablePath) {
    notes.push(`No time to accuracy: ${HOW_TO_GET_CHROMIUM}`);
  } else {
    say(`Chromium, the first chapter's cell as shipped on WASM (${opts['site-dir']}/):`);
    const args = [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ];
    firstResult = await timeToAccuracy({
      launch: () => chromium.launch({ executablePath, args }),
      siteDir: opts['site-dir'],
      port: 4394,
    });
    say(`  ${firstResult.accuracy}% test accuracy ${firstResult.seconds.toFixed(1)} s after Run (${firstResult.status})`);
  }
}

/** @type {Awaited<ReturnType<typeof lighthouseAll>> | null} */
let lighthouse = null;
if (opts.lighthouse) {
  say(`Lighthouse, mobile preset, every page of ${opts['site-dir']}/:`);
  lighthouse = await lighthouseAll({
    siteDir: opts['site-dir'],
    port: Number(opts['lighthouse-port']),
    runs: Number(opts['lighthouse-runs']),
    log: say,
  });
  if ('error' in lighthouse) notes.push(`No Lighthouse scores: ${lighthouse.error}`);
}
const lighthouseRows = lighthouse && !('error' in lighthouse) ? lighthouse.rows : [];

// Each row's comparisons: the engine's loop against model.fit on the same
// backend, and the WASM backend against PyTorch's CPU (same thread count).
/** @param {(row: BenchRow) => boolean} pred */
const find = (pred) => rows.find(pred);
for (const row of rows) {
  /** @type {Baseline[]} */
  const baselines = [];
  /** @param {BenchRow | undefined} other */
  const compare = (other) =>
    other &&
    baselines.push({
      where: other.where,
      backend: other.backend,
      mode: other.mode,
      ratio: row.imagesPerSecond / other.imagesPerSecond,
    });
  if (row.mode === 'train: engine loop')
    compare(find((r) => r.where === row.where && r.backend === row.backend && r.mode === 'train: model.fit'));
  if (row.backend.startsWith('wasm') && row.mode !== 'train: model.fit') {
    // PyTorch at the same thread count: Node's WASM is single-threaded.
    const threads = Number(/(\d+) threads?/.exec(row.backend)?.[1] ?? 1);
    const label = `cpu, ${threads} thread${threads > 1 ? 's' : ''}`;
    compare(
      find(
        (r) =>
          r.where === 'python' &&
          r.backend.endsWith(label) &&
          r.mode === (row.mode === 'inference' ? 'inference' : 'train: torch'),
      ),
    );
  }
  if (baselines.length) row.baselines = baselines;
}

// The targets of the engine (issue #4), judged on this run's rows.
/** @type {Target[]} */
const targets = [];
/** @param {BenchRow | undefined} row @param {string} where */
const ratioOf = (row, where) =>
  row?.baselines?.find((b) => b.where === where || (where === 'same' && b.where === row.where))?.ratio;
for (const where of ['node', 'chromium']) {
  const wasm = find(
    (r) =>
      r.where === where &&
      ['wasm', 'wasm (relaxed SIMD)', 'wasm, 1 thread'].includes(r.backend) &&
      r.mode === 'train: engine loop',
  );
  const ratio = ratioOf(wasm, 'python');
  if (ratio !== undefined) {
    targets.push({
      target: `WASM training in ${where} >= 0.6x PyTorch CPU (1 thread)`,
      measured: ratio,
      met: ratio >= 0.6,
      why: "the convolutions (this project's AssemblyScript kernels, forward and gradients) take about three quarters of the step, and WASM SIMD is 4 lanes wide where PyTorch's CPU kernels use AVX2 (8 lanes; torch.__config__.show() says which); `npx vite-node bench/engine-train-profile.ts -- --profile` shows where the time goes",
    });
  }
}
for (const backend of ['webgpu', 'webgl']) {
  const row = find((r) => r.where === 'chromium' && r.backend === backend && r.mode === 'train: engine loop');
  const ratio = ratioOf(row, 'same');
  if (ratio !== undefined) {
    targets.push({
      target: `engine loop >= 1.5x model.fit on ${backend}`,
      measured: ratio,
      met: ratio >= 1.5,
      why: 'what the loop saves is the read-back after every batch; on a software GPU (SwiftShader) a batch takes seconds of compute, so a sync point per batch costs little in comparison',
    });
  }
}
if (firstResult) {
  const met = firstResult.accuracy >= 85 && firstResult.seconds <= 60;
  targets.push({
    target: "first chapter's cell >= 85% test accuracy within 60 s on WASM in Chromium",
    measured: `${firstResult.accuracy}% in ${firstResult.seconds.toFixed(1)} s`,
    met,
    why: 'the cell trains too long or too little for this machine; its settings (images, epochs, width) and the WASM kernels decide',
  });
}
if (lighthouseRows.length) {
  const worst = Math.min(...lighthouseRows.map((r) => r.performance));
  targets.push({
    target: 'Lighthouse performance >= 95 on every page (mobile)',
    measured: `${worst} (lowest)`,
    met: worst >= 95,
    why: 'see the pages below 95 in the Lighthouse table; a loaded machine lowers the score (simulated throttling scales the CPU time it observes)',
  });
  const others = lighthouseRows.filter((r) => Math.min(r.accessibility, r.bestPractices, r.seo) < 100);
  targets.push({
    target: 'Lighthouse accessibility, best practices and SEO 100 on every page',
    measured: others.length ? others.map((r) => r.page).join(', ') : 'all 100',
    met: others.length === 0,
    why: (others.flatMap((r) => r.failed ?? []).join('; ') || 'see the table').slice(0, 400),
  });
}
const leaks = rows.flatMap((r) => (r.leakedTensors === undefined ? [] : [r.leakedTensors]));
if (leaks.length) {
  const worst = Math.max(...leaks);
  targets.push({
    target: 'zero tensors leaked per run (engine loop)',
    measured: worst,
    met: worst === 0,
    why: 'a leak: find it with tf.memory() around trainClassifier',
  });
}

if (opts.json) {
  console.log(JSON.stringify({ rows, timeToAccuracy: firstResult, lighthouse, targets, notes }, null, 2));
} else {
  const header = ['where', 'backend', 'mode', 'images/s', 'batches', 'leaked tensors', 'compared with'];
  const table = rows.map((r) => [
    r.where,
    r.backend,
    r.mode,
    r.imagesPerSecond.toFixed(1),
    String(r.batches),
    r.leakedTensors === undefined ? '' : String(r.leakedTensors),
    (r.baselines ?? [])
      .map(
        (b) =>
          `${b.ratio.toFixed(2)}x ${b.where === r.where ? '' : `${b.where} `}${b.mode}${b.where === 'python' ? ` (${b.backend.split(', ').pop()})` : ''}`,
      )
      .join('; '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]?.length ?? 0)));
  /** @param {string[]} cells */
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  if (table.length) {
    console.log(line(header));
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const t of table) console.log(line(t));
  }
  if (firstResult) {
    console.log(
      `\nFirst chapter's cell (Chromium, WASM): ${firstResult.accuracy}% test accuracy, ${firstResult.seconds.toFixed(1)} s from Run.`,
    );
  }
  if (lighthouse && !('error' in lighthouse)) {
    console.log(
      `\nLighthouse ${lighthouse.lighthouseVersion}, mobile preset (load average ${lighthouse.loadAverage.map((l) => l.toFixed(2)).join(' -> ')}):`,
    );
    console.log(lighthouseTable(lighthouse.rows));
  }
  if (targets.length) console.log('\nTargets:');
  for (const t of targets) {
    const measured =
      typeof t.measured === 'string'
        ? t.measured
        : Number.isInteger(t.measured)
          ? String(t.measured)
          : `${t.measured.toFixed(2)}x`;
    console.log(`- ${t.met ? 'met' : 'MISSED'}: ${t.target}: ${measured}${t.met ? '' : ` (${t.why})`}`);
  }
  for (const note of notes) console.log(`\nNote: ${note}`);
}
