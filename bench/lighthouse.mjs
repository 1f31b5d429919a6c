#!/usr/bin/env node
// @ts-check
// Lighthouse 12 (its default mobile preset: simulated slow 4G and a 4x slower
// CPU) on every page of the built site, served as a static host would serve it.
// Part of `npm run bench -- --lighthouse`; also runs alone:
//
//   node bench/lighthouse.mjs [--site-dir dist] [--port 4395] [--runs 1] [--pages guide/convolution,index]
//                             [--reports dir] [--json]
//
// --reports keeps each run's full report (JSON, for the Lighthouse viewer) to see where the time goes.
//
// The simulated throttling scales the CPU time it observes, so a loaded machine
// scores lower: compare runs made in the same conditions (the load average is
// printed with each). With --runs N each page keeps its median run (by performance).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { findChromium, HOW_TO_GET_CHROMIUM } from '../scripts/find-chromium.mjs';
import { ensureSite } from './time-to-accuracy.mjs';

/**
 * @typedef {{
 *   page: string; performance: number; accessibility: number; bestPractices: number; seo: number;
 *   tbtMs: number; lcpMs: number; cls: number; fcpMs: number; domSize: number; runs: number[];
 *   failed?: string[];
 * }} LighthouseRow
 */

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

/**
 * Every HTML page of the build, as paths under the site root ('' is the landing page),
 * except the embed pages (one per cell and figure, noindex, made for iframes):
 * each is a cut-out of a chapter that is measured whole.
 * @param {string} siteDir
 */
export function pagesOf(siteDir) {
  /** @type {string[]} */
  const pages = [];
  /** @param {string} dir */
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (relative(siteDir, path).split(sep).join('/') !== 'embed') walk(path);
      } else if (entry.name.endsWith('.html')) {
        const rel = relative(siteDir, path).split(sep).join('/');
        pages.push(rel === 'index.html' ? '' : rel.replace(/(^|\/)index\.html$/, '$1'));
      }
    }
  };
  walk(siteDir);
  return pages.sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
}

/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * @param {import('lighthouse').RunnerResult['lhr']} lhr @param {string} page
 * @returns {Omit<LighthouseRow, 'runs'>}
 */
function rowOf(lhr, page) {
  const score = (/** @type {string} */ id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const numeric = (/** @type {string} */ id) => lhr.audits[id]?.numericValue ?? NaN;
  // What keeps a category below 100, so a run says why without opening the report.
  const failed = ['accessibility', 'best-practices', 'seo'].flatMap((id) =>
    (lhr.categories[id]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
      .map((ref) => `${id}: ${ref.id}`),
  );
  return {
    page: page === '' ? '/' : page,
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    tbtMs: numeric('total-blocking-time'),
    lcpMs: numeric('largest-contentful-paint'),
    cls: numeric('cumulative-layout-shift'),
    fcpMs: numeric('first-contentful-paint'),
    domSize: numeric('dom-size'),
    ...(failed.length ? { failed } : {}),
  };
}

/**
 * Serves `siteDir` on `port` and runs Lighthouse on each page.
 * @param {{ siteDir: string; port: number; runs?: number; only?: string[]; reports?: string; log?: (text: string) => void }} options
 * @returns {Promise<{ rows: LighthouseRow[]; loadAverage: number[]; lighthouseVersion: string } | { error: string }>}
 */
export async function lighthouseAll({ siteDir, port, runs = 1, only, reports, log = () => {} }) {
  const chromePath = await findChromium();
  if (!chromePath) return { error: HOW_TO_GET_CHROMIUM };
  ensureSite(siteDir);
  let pages = pagesOf(siteDir);
  if (only?.length) pages = pages.filter((p) => only.some((o) => (p || 'index').replace(/\/$/, '') === o.replace(/\/$/, '')));
  // Compressed, as a static host serves it: the simulated slow 4G is sensitive to bytes.
  const server = spawn('node', ['scripts/serve-static.mjs', '--dir', siteDir, '--base', '/', '--port', String(port), '--gzip'], {
    stdio: 'ignore',
  });
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const loadBefore = loadavg();
  /** @type {LighthouseRow[]} */
  const rows = [];
  let lighthouseVersion = '';
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const page of pages) {
      /** @type {Omit<LighthouseRow, 'runs'>[]} */
      const results = [];
      for (let i = 0; i < runs; i++) {
        // A trace Lighthouse failed to record (NO_NAVSTART, NO_FCP: it happens on a loaded machine) is retried.
        let result;
        for (let attempt = 0; attempt < 3; attempt++) {
          result = await lighthouse(`http://127.0.0.1:${port}/${page}`, {
            port: chrome.port,
            output: 'json',
            logLevel: 'error',
            onlyCategories: CATEGORIES,
          });
          if (!result?.lhr.runtimeError) break;
          log(`  /${page}: ${result.lhr.runtimeError.code}, again`);
        }
        if (!result || result.lhr.runtimeError)
          throw new Error(`Lighthouse failed on /${page}: ${result?.lhr.runtimeError?.message ?? 'no result'}`);
        lighthouseVersion = result.lhr.lighthouseVersion;
        if (reports) {
          mkdirSync(reports, { recursive: true });
          const name = `${(page || 'index').replace(/\/$/, '').replaceAll('/', '_')}-${i + 1}.json`;
          writeFileSync(join(reports, name), JSON.stringify(result.lhr));
        }
        results.push(rowOf(result.lhr, page));
      }
      const scores = results.map((r) => r.performance);
      const chosen = results.find((r) => r.performance === median(scores)) ?? results[0];
      if (!chosen) throw new Error(`Lighthouse gave no result for /${page}`);
      rows.push({ ...chosen, runs: scores });
      log(
        `  /${page}: performance ${chosen.performance} (runs ${scores.join(', ')}), TBT ${chosen.tbtMs.toFixed(0)} ms, load ${(loadavg()[0] ?? 0).toFixed(2)}`,
      );
    }
  } finally {
    chrome.kill();
    server.kill();
  }
  const loadAfter = loadavg();
  return { rows, loadAverage: [loadBefore[0] ?? 0, loadAfter[0] ?? 0], lighthouseVersion };
}

/** @param {LighthouseRow[]} rows */
export function lighthouseTable(rows) {
  const header = ['page', 'performance', 'accessibility', 'best practices', 'SEO', 'TBT ms', 'LCP s', 'CLS'];
  const table = rows.map((r) => [
    r.page,
    String(r.performance),
    String(r.accessibility),
    String(r.bestPractices),
    String(r.seo),
    r.tbtMs.toFixed(0),
    (r.lcpMs / 1000).toFixed(1),
    r.cls.toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]?.length ?? 0)));
  /** @param {string[]} cells */
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...table.map(line)].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values: opts } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      json: { type: 'boolean', default: false },
      'site-dir': { type: 'string', default: 'dist' },
      port: { type: 'string', default: '4395' },
      runs: { type: 'string', default: '1' },
      pages: { type: 'string' },
      reports: { type: 'string' },
    },
  });
  const result = await lighthouseAll({
    siteDir: opts['site-dir'],
    port: Number(opts.port),
    runs: Number(opts.runs),
    only: opts.pages?.split(','),
    reports: opts.reports,
    log: (text) => opts.json || process.stderr.write(`${text}\n`),
  });
  if ('error' in result) {
    console.error(result.error);
    process.exit(1);
  }
  if (opts.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(lighthouseTable(result.rows));
    console.log(
      `\nLighthouse ${result.lighthouseVersion}, mobile preset; load average ${result.loadAverage.map((l) => l.toFixed(2)).join(' -> ')}`,
    );
    for (const r of result.rows) for (const f of r.failed ?? []) console.log(`- ${r.page}: ${f}`);
  }
}
