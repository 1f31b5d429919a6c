import { expect, test } from '@playwright/test';
import { CHAPTER, FILTERS, TRAIN, editCell, runCell, smallTrainingCode, watchErrors } from './helpers.ts';

// The site built with BASE_PATH=/course/ and served only under it.
test('under a sub-path, links, assets, the worker and the data all resolve', async ({ page, baseURL }) => {
  const errors = watchErrors(page);
  const failed: string[] = [];
  const outside: string[] = [];
  const base = new URL(baseURL!);
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    // blob: URLs are made in the page (the threaded WASM backend starts its workers from them): no request to the server.
    if (url.protocol === 'blob:') return;
    if (url.origin === base.origin && !url.pathname.startsWith(base.pathname)) outside.push(url.pathname);
  });

  await page.goto('./');
  await page.getByRole('link', { name: 'Train your first CNN' }).first().click();
  await expect(page).toHaveURL(new RegExp(`${base.pathname}${CHAPTER}$`));
  await expect(page.locator('.katex-display').first()).toBeVisible();
  const katexFont = await page.evaluate(() => document.fonts.check('16px KaTeX_Main'));
  expect(katexFont).toBe(true);

  await editCell(page, TRAIN, smallTrainingCode());
  await runCell(page, TRAIN);
  await runCell(page, FILTERS);
  expect(failed).toEqual([]);
  expect(outside).toEqual([]);
  expect(errors).toEqual([]);
});
