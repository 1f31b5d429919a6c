// Every page fits a 390 px phone: wide content (code, tables, math, figures)
// scrolls inside its own box instead of widening the page.
import { readdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { watchErrors } from './helpers.ts';

const chapters = readdirSync(new URL('../../src/content/docs/guide/', import.meta.url))
  .filter((file) => file.endsWith('.mdx'))
  .map((file) => `guide/${file.replace(/\.mdx$/, '')}/`);

test.use({ viewport: { width: 390, height: 844 } });

for (const path of ['', ...chapters]) {
  test(`/${path} fits a 390 px phone`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    // Islands hydrate when visible: scroll through so each has laid itself out.
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 600) {
        window.scrollTo(0, y);
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `the page is ${width} px wide`).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
  });
}
