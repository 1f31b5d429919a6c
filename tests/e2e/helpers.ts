// Shared steps of the browser tests: they drive the cells the way a reader does.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

export const CHAPTER = 'guide/train-your-first-cnn/';
export const TRAIN = 'train-simplecnn';
export const FILTERS = 'show-filters';
export const FEATURE_MAPS = 'show-feature-maps';

/** WebGPU and WebGL run on SwiftShader here, a few images a second: train on a handful. */
export const SMALL_RUN: Record<string, string> = {
  TRAIN_IMAGES: '64',
  TEST_IMAGES: '64',
  EPOCHS: '1',
  BATCH_SIZE: '32',
};

export function cellSource(id: string): string {
  return readFileSync(new URL(`../../src/cells/${id}.ts`, import.meta.url), 'utf8');
}

/** The training cell with its settings shrunk; fails if a setting is no longer in the cell. */
export function smallTrainingCode(): string {
  let code = cellSource(TRAIN);
  for (const [name, value] of Object.entries(SMALL_RUN)) {
    const pattern = new RegExp(`const ${name} = [^;]+;`);
    expect(code, `the training cell declares ${name}`).toMatch(pattern);
    code = code.replace(pattern, `const ${name} = ${value};`);
  }
  return code;
}

export function cell(page: Page, id: string): Locator {
  return page.locator(`[data-cell="${id}"]`);
}

/** Collects uncaught page errors and console errors, to assert there are none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return errors;
}

/** Replaces a cell's code through its editor, as a reader would. */
export async function editCell(page: Page, id: string, code: string): Promise<void> {
  const target = await hydrated(page, `[data-cell="${id}"]`);
  await target.getByRole('button', { name: 'Edit' }).click();
  const editor = target.locator('.cm-content');
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
  await expect(editor).toContainText(code.split('\n')[0] ?? '');
}

export async function runCell(page: Page, id: string, expected: 'done' | 'error' = 'done', timeout = 150_000) {
  const target = await hydrated(page, `[data-cell="${id}"]`);
  await target.getByRole('button', { name: 'Run', exact: true }).click();
  // A run that fails at once may pass through 'running' too fast to see.
  if (expected === 'done') await expect(target).toHaveAttribute('data-state', /running|done/);
  await expect(target).toHaveAttribute('data-state', expected, { timeout });
  return target;
}

export function statusOf(page: Page, id: string): Locator {
  return cell(page, id).getByRole('status');
}

/**
 * Records requests for the engine's heavy code (the worker bundle with
 * TensorFlow.js, the WebGPU and WASM backends, .wasm binaries). A page without
 * runnable cells must make none: figures compute on the main thread.
 */
export function watchEngineRequests(page: Page): string[] {
  const engine: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (/\/(worker|wasm-browser)[^/]*\.js$|\.wasm$/.test(path)) engine.push(path);
  });
  page.on('worker', (worker) => engine.push(`worker: ${worker.url()}`));
  return engine;
}

/**
 * Scrolls a figure or cell into view and waits until Astro has hydrated its
 * island (the island drops its `ssr` attribute then), so that a click or key
 * sent right after is not lost on the server-rendered HTML. `target` is a CSS selector.
 */
export async function hydrated(page: Page, target: string): Promise<Locator> {
  const figure = page.locator(target);
  await figure.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island', { has: page.locator(target) })).not.toHaveAttribute('ssr');
  return figure;
}

/** The same, for a figure found by its data-testid. */
export const hydratedTestId = (page: Page, testid: string): Promise<Locator> => hydrated(page, `[data-testid="${testid}"]`);

/** Opens a page while recording console errors and engine requests, for the assertions at the end of a test. */
export async function openWatched(page: Page, path: string): Promise<{ errors: string[]; engine: string[] }> {
  const errors = watchErrors(page);
  const engine = watchEngineRequests(page);
  await page.goto(path);
  return { errors, engine };
}

/**
 * Records every Content-Security-Policy violation in the page (the
 * `securitypolicyviolation` event, and the console line Chromium prints for
 * one), so a test can fail when the site's policy blocks anything it does.
 */
export async function watchCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
      void report(
        `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  return violations;
}

/** One embed page stands for all of them (one per cell and figure, same layout) in the scans of every page. */
export const SCANNED_EMBED = 'embed/guide/pooling/pooling-windows/';

/** The site's pages, from the build that the tests serve (PW_DIST, or dist), as paths under the base. */
export function builtPages(): string[] {
  const dist = new URL(`../../${process.env.PW_DIST || 'dist'}/`, import.meta.url);
  const found: string[] = [];
  const walk = (dir: URL, path: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && path === '' && entry.name === 'embed') found.push(SCANNED_EMBED);
      else if (entry.isDirectory()) walk(new URL(`${entry.name}/`, dir), `${path}${entry.name}/`);
      else if (entry.name === 'index.html') found.push(path);
      else if (entry.name.endsWith('.html')) found.push(`${path}${entry.name}`);
    }
  };
  walk(dist, '');
  return found.sort();
}

/** Brings every island of the page into view in turn and waits until each has hydrated (client:visible ones wait to be seen). */
export async function hydrateAll(page: Page, label = ''): Promise<void> {
  const islands = page.locator('astro-island');
  for (let i = 0; i < (await islands.count()); i++) {
    await islands.nth(i).evaluate((island) => (island.firstElementChild ?? island).scrollIntoView());
    await expect(islands.nth(i), `${label} island ${i} hydrates`).not.toHaveAttribute('ssr');
  }
}
