// Embeds under a base path (the site built with BASE_PATH=/course/): the page's
// scripts, styles and links stay inside it, and an embed registers no service
// worker (a framed figure must not download the whole guide for offline reading).
import { expect, test } from '@playwright/test';
import { watchErrors } from './helpers.ts';

test.use({ serviceWorkers: 'allow' });

test('under a sub-path an embed loads, hydrates, links to its section under the base, and registers no service worker', async ({
  page,
  baseURL,
}) => {
  const base = new URL(baseURL!).pathname;
  const errors = watchErrors(page);
  const workerScripts: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/sw.js')) workerScripts.push(request.url());
  });
  await page.goto('embed/guide/pooling/pooling-windows/');
  const figure = page.getByTestId('pooling-windows');
  await expect(page.locator('astro-island', { has: figure })).not.toHaveAttribute('ssr');
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
  await expect(page.getByTestId('embed-full-section')).toHaveAttribute('href', `${base}guide/pooling/#pooling-windows`);
  await figure.getByTestId('pooling-op').selectOption('avg');
  await expect(figure.getByTestId('pooling-calc')).toContainText('/4 =');
  // The register script ran long before the island hydrated; it asked for no worker.
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) === undefined)).toBe(true);
  expect(workerScripts).toEqual([]);
  expect(errors).toEqual([]);
});
