// The site's Content-Security-Policy: every built page carries one, nothing the
// site does breaks it (pages, islands, search, a cell on WebAssembly), and it
// does block what an attacker would add.
import { expect, test } from '@playwright/test';
import { builtPages, cell, editCell, hydrateAll, hydrated, runCell, watchCspViolations, watchErrors } from './helpers';

const PRETRAINED_PAGE = 'guide/what-is-the-network-looking-at/';

test('every page carries a policy, loads and hydrates every island without a CSP violation', async ({ page }) => {
  const violations = await watchCspViolations(page);
  const pages = builtPages();
  expect(pages.length).toBeGreaterThan(5);
  for (const path of pages) {
    await page.goto(path);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy, path).toContain("script-src 'self'");
    expect(policy, path).not.toMatch(/\s'unsafe-eval'/);
    await hydrateAll(page, path);
    expect(violations, path).toEqual([]);
  }
});

test('the search (Pagefind, WebAssembly in the page) finds a chapter without a CSP violation', async ({ page }) => {
  const violations = await watchCspViolations(page);
  await page.goto('');
  await page.getByRole('button', { name: 'Search' }).first().click();
  await page.locator('.pagefind-ui__search-input').fill('pooling');
  await expect(page.locator('.pagefind-ui__result').first()).toBeVisible({ timeout: 30_000 });
  expect(violations).toEqual([]);
});

test('cells run on WebAssembly and draw their figures without a CSP violation', async ({ page }) => {
  const violations = await watchCspViolations(page);
  const errors = watchErrors(page);
  await page.goto(PRETRAINED_PAGE);
  const loaded = await runCell(page, 'load-pretrained-simplecnn', 'done', 120_000);
  await expect(loaded.getByRole('status')).toContainText('WebAssembly');
  await runCell(page, 'cam-right-and-wrong', 'done', 120_000);
  await expect(cell(page, 'cam-right-and-wrong').locator('canvas').first()).toBeVisible();
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
});

test('the policy blocks an injected inline script and a script from another origin, and the watch sees it', async ({ page }) => {
  const violations = await watchCspViolations(page);
  await page.goto('');
  const ran = await page.evaluate(async () => {
    const inline = document.createElement('script');
    inline.textContent = 'window.__injected = true;';
    document.body.append(inline);
    const remote = document.createElement('script');
    remote.src = 'https://example.com/evil.js';
    document.body.append(remote);
    await new Promise((resolve) => setTimeout(resolve, 200));
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => violations.join('\n')).toContain('script-src');
  await expect.poll(() => violations.join('\n')).toContain('example.com');
});

test('a cell edited into something that writes HTML shows it as text, not markup', async ({ page }) => {
  const violations = await watchCspViolations(page);
  await page.goto('guide/train-your-first-cnn/');
  await hydrated(page, '[data-cell="show-filters"]');
  await editCell(page, 'show-filters', 'console.log(\'<img src=x onerror="window.__pwned=1"><b>bold</b>\');\n');
  const target = await runCell(page, 'show-filters', 'done', 60_000);
  await expect(target.locator('.cell-results')).toContainText('<b>bold</b>');
  await expect(target.locator('.cell-results b')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(violations).toEqual([]);
});
