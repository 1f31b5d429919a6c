import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { writeServiceWorker } from '../../src/offline/precache.mjs';
import { CHAPTER, TRAIN, editCell, runCell, smallTrainingCode, statusOf } from './helpers.ts';

// playwright.config.ts blocks service workers for the other specs; these are about one.
test.use({ serviceWorkers: 'allow' });

/** Waits until the service worker controls the page: it activates only once its precache is complete. */
async function waitUntilPrecached(page: Page): Promise<{ cached: number; listed: number; scope: string }> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
    const worker = await (await fetch(new URL('sw.js', registration.scope))).text();
    const manifest = JSON.parse(/PRECACHE_MANIFEST = (\[.*\]);/.exec(worker)?.[1] ?? '[]') as unknown[];
    const names = (await caches.keys()).filter((name) => name.startsWith('cnn-guide-precache-'));
    const cached = names.length === 1 ? (await (await caches.open(names[0]!)).keys()).length : -names.length;
    return { cached, listed: manifest.length, scope: registration.scope };
  });
}

test('after a first visit the guide reads and trains offline', async ({ page, context, baseURL }) => {
  const failed: string[] = [];
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? '';
    // ERR_ABORTED is a request the page dropped because it navigated away (the
    // favicon, mid-reload), not one the cache could not answer.
    if (error !== 'net::ERR_ABORTED') failed.push(`${error}: ${request.url()}`);
  });
  const wasmFiles: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) wasmFiles.push(new URL(request.url()).pathname);
  });

  await page.goto('./');
  const precache = await waitUntilPrecached(page);
  expect(precache.scope).toBe(baseURL);
  expect(precache.listed).toBeGreaterThan(50);
  expect(precache.cached).toBe(precache.listed);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // Served from the cache with the headers it was first served with, COOP/COEP included.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  await page.getByRole('link', { name: 'Train your first CNN' }).first().click();
  await expect(page).toHaveURL(new RegExp(`${CHAPTER}$`));
  await expect(page.locator('.katex-display').first()).toBeVisible();
  expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Main'))).toBe(true);

  await page.goto(`${CHAPTER}?backend=wasm`);
  await editCell(page, TRAIN, smallTrainingCode());
  const train = await runCell(page, TRAIN);
  await expect(statusOf(page, TRAIN)).toContainText('Backend: WebAssembly');
  await expect(train.locator('.cell-results')).toContainText(/Test accuracy: \d+(\.\d)?%/);
  // Cross-origin isolated offline too, so tfjs took its threaded build.
  expect(wasmFiles.some((path) => path.includes('tfjs-backend-wasm-threaded-simd'))).toBe(true);
  expect(failed).toEqual([]);
});

// A second deploy of a copy of the built site, served on a port of its own.
test.describe('a new deploy', () => {
  const port = Number(process.env.PW_PORT || 4321) + 2;
  const origin = `http://127.0.0.1:${port}/`;
  let site = '';
  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    site = join(mkdtempSync(join(tmpdir(), 'offline-deploy-')), 'site');
    cpSync(process.env.PW_DIST || 'dist', site, { recursive: true });
    server = spawn(process.execPath, ['scripts/serve-static.mjs', '--dir', site, '--base', '/', '--port', String(port)]);
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on('data', (data: Buffer) => data.toString().includes('Serving') && resolve());
      server!.on('exit', (code) => reject(new Error(`serve-static exited with ${code}`)));
    });
  });

  test.afterAll(() => {
    server?.kill();
    rmSync(join(site, '..'), { recursive: true, force: true });
  });

  test('replaces the cache and says "updated, reload"', async ({ page }) => {
    await page.goto(origin);
    await waitUntilPrecached(page);
    const before = await page.evaluate(() => caches.keys());
    await expect(page.getByRole('status').filter({ hasText: 'updated' })).toHaveCount(0);

    // The deploy: a changed page, and the worker generated again as the build does.
    const landing = join(site, 'index.html');
    const marker = 'A sentence only the second deploy has.';
    writeFileSync(landing, readFileSync(landing, 'utf8').replace('</h1>', `</h1><p>${marker}</p>`));
    writeServiceWorker(site);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

    const notice = page.getByRole('status').filter({ hasText: 'This guide was updated.' });
    await expect(notice).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText(marker)).toHaveCount(0);
    // The new worker controls the page as its activation starts; deleting the old cache finishes a little later.
    await expect.poll(() => page.evaluate(() => caches.keys())).toHaveLength(1);
    expect(await page.evaluate(() => caches.keys())).not.toEqual(before);

    await notice.getByRole('button', { name: 'Reload' }).click();
    await expect(page.getByText(marker)).toBeVisible();
    await expect(notice).toBeHidden();
  });
});

// A host that cannot send COOP/COEP (GitHub Pages): the service worker adds them.
test.describe('a host without cross-origin isolation headers', () => {
  const port = Number(process.env.PW_PORT || 4321) + 4;
  const origin = `http://127.0.0.1:${port}/`;
  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    const dir = process.env.PW_DIST || 'dist';
    server = spawn(process.execPath, [
      'scripts/serve-static.mjs',
      '--dir',
      dir,
      '--base',
      '/',
      '--port',
      String(port),
      '--no-isolation',
    ]);
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on('data', (data: Buffer) => data.toString().includes('Serving') && resolve());
      server!.on('exit', (code) => reject(new Error(`serve-static exited with ${code}`)));
    });
  });

  test.afterAll(() => {
    server?.kill();
  });

  test('is cross-origin isolated from the second page on, and trains on the threaded WASM build', async ({ page }) => {
    const wasmFiles: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('.wasm')) wasmFiles.push(new URL(request.url()).pathname);
    });
    await page.goto(origin);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await waitUntilPrecached(page);

    await page.goto(`${origin}${CHAPTER}?backend=wasm`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await editCell(page, TRAIN, smallTrainingCode());
    const train = await runCell(page, TRAIN);
    await expect(statusOf(page, TRAIN)).toContainText(/Backend: WebAssembly \(\d+ threads?\)/);
    await expect(train.locator('.cell-results')).toContainText(/Test accuracy: \d+(\.\d)?%/);
    expect(wasmFiles.some((path) => path.includes('tfjs-backend-wasm-threaded-simd'))).toBe(true);
  });
});
