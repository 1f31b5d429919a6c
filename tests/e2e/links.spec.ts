// Links that last: a reader copies the link of a figure or a cell, and the
// link opens the page at that element; an old (renamed) id still leads there.
import { readdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { hydrated, watchErrors } from './helpers.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const chapters = readdirSync(new URL('../../src/content/docs/guide/', import.meta.url))
  .filter((file) => file.endsWith('.mdx'))
  .map((file) => `guide/${file.replace(/\.mdx$/, '')}/`);

test('every cell and every figure of every chapter has a link to itself', async ({ page }) => {
  let total = 0;
  for (const path of chapters) {
    await page.goto(path);
    const elements = page.locator('main [data-cell], main figure.kit-figure');
    const count = await elements.count();
    for (let i = 0; i < count; i++) {
      const element = elements.nth(i);
      const id = await element.getAttribute('id');
      expect(id, `${path}: element ${i} has an id`).toBeTruthy();
      await expect(element.locator(`a[data-copy-link="${id}"]`), `${path}#${id}`).toHaveAttribute('href', `#${id}`);
    }
    total += count;
  }
  expect(total).toBeGreaterThan(20);
});

test('copying a figure’s link announces it, and the link opens the page at the figure', async ({ page, context, baseURL }) => {
  const errors = watchErrors(page);
  await page.goto('guide/convolution/');
  const figure = await hydrated(page, '#kernel-playground');
  const link = figure.getByRole('link', { name: 'Copy a link to this figure' });
  await link.click();
  const status = figure.locator('.copy-link-status');
  await expect(status).toHaveText('Link copied.');
  await expect(status).toHaveAttribute('aria-live', 'polite');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(`${baseURL}guide/convolution/#kernel-playground`);

  const fresh = await context.newPage();
  await fresh.goto(copied);
  await expect(fresh.locator('#kernel-playground')).toBeInViewport();
  expect(errors).toEqual([]);
});

test('copying a cell’s link from its toolbar, by keyboard, and opening it', async ({ page, browser, baseURL }) => {
  await page.goto('guide/train-your-first-cnn/');
  const cell = await hydrated(page, '[data-cell="show-filters"]');
  const link = cell.getByRole('link', { name: /^Copy a link to the cell “Show the first layer.s filters”$/ });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(cell.locator('.copy-link-status')).toHaveText('Link copied.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(`${baseURL}guide/train-your-first-cnn/#show-filters`);

  // A student opens it weeks later: another browser profile, no history.
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(copied);
  await expect(fresh.locator('[data-cell="show-filters"]')).toBeInViewport();
  await other.close();
});

test('a link to a renamed anchor’s old id scrolls to the anchor and shows its current id', async ({ page }) => {
  // scripts/anchors + src/components/links/anchor-aliases.json: #playground became #kernel-playground.
  await page.goto('guide/convolution/#playground');
  await expect(page.locator('#kernel-playground')).toBeInViewport();
  await expect(page).toHaveURL(/#kernel-playground$/);
  // Also when the hash changes on a page already open.
  await page.goto('guide/convolution/');
  await page.evaluate(() => (window.location.hash = 'playground'));
  await expect(page).toHaveURL(/#kernel-playground$/);
  await expect(page.locator('#kernel-playground')).toBeInViewport();
});
