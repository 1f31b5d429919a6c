import { expect, test } from '@playwright/test';
import { CHAPTER } from './helpers.ts';

// playwright.config.ts blocks service workers for the other specs; this one is about one.
test.use({ serviceWorkers: 'allow' });

// The site built with BASE_PATH=/course/: the worker's scope and cache stay inside it.
test('under a sub-path the service worker is scoped to it and the guide reads offline', async ({ page, context, baseURL }) => {
  const base = new URL(baseURL!);
  const failed: string[] = [];
  page.on('requestfailed', (request) => failed.push(`${request.failure()?.errorText}: ${request.url()}`));

  await page.goto('./');
  const { scope, outside } = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
    const keys: string[] = [];
    for (const name of await caches.keys()) keys.push(...(await (await caches.open(name)).keys()).map((request) => request.url));
    return { scope: registration.scope, outside: keys.filter((url) => !url.startsWith(registration.scope)) };
  });
  expect(scope).toBe(base.href);
  expect(outside).toEqual([]);

  await context.setOffline(true);
  await page.reload();
  await page.getByRole('link', { name: 'Train your first CNN' }).first().click();
  await expect(page).toHaveURL(new RegExp(`${base.pathname}${CHAPTER}$`));
  await expect(page.locator('.katex-display').first()).toBeVisible();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(failed).toEqual([]);
});
