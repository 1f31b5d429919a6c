// A figure's view in a link: the reader changes the kernel playground, copies
// "Link to this view", and the link restores exactly that view elsewhere; a
// tampered link is ignored with a note and breaks nothing.
import { expect, test } from '@playwright/test';
import { hydratedTestId, watchErrors } from './helpers.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('change the kernel playground, link the view, reopen it in a fresh browser', async ({ page, browser }) => {
  await page.goto('guide/convolution/');
  const fig = await hydratedTestId(page, 'kernel-playground');
  await fig.getByRole('combobox', { name: 'Photo' }).selectOption('camera');
  const weights = fig.getByRole('textbox');
  await weights.nth(4).fill('5');
  await weights.nth(0).fill('-2.5');
  const reads = await fig.getByTestId('kernel-reads').textContent();
  await fig.getByRole('button', { name: 'Link to this view' }).click();
  await expect(fig.getByTestId('kernel-view-status')).toHaveText('Link to this view copied.');
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toContain('#kernel-playground?photo=camera&w=');

  const other = await browser.newContext();
  const fresh = await other.newPage();
  const errors = watchErrors(fresh);
  await fresh.goto(url);
  const restored = await hydratedTestId(fresh, 'kernel-playground');
  await expect(restored.getByRole('combobox', { name: 'Photo' })).toHaveValue('camera');
  await expect(restored.getByRole('textbox').nth(4)).toHaveValue('5');
  await expect(restored.getByRole('textbox').nth(0)).toHaveValue('-2.5');
  await expect(restored.getByTestId('kernel-reads')).toHaveText(reads ?? '');
  await expect(restored.getByTestId('kernel-view-note')).toHaveText('This view came from a link.');
  await expect(restored).toBeInViewport();
  expect(errors).toEqual([]);
  await other.close();
});

test('a tampered view link is ignored with a note, never run', async ({ page }) => {
  const errors = watchErrors(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto('guide/convolution/#kernel-playground?photo=%3Cimg%20src=x%20onerror=alert(1)%3E&w=alert(1),0,0,0,0,0,0,0,0');
  const fig = await hydratedTestId(page, 'kernel-playground');
  await expect(fig.getByTestId('kernel-view-note')).toContainText('only partly used');
  await expect(fig.getByRole('combobox', { name: 'Photo' })).toHaveValue('chelsea');
  await expect(fig.locator('img')).toHaveCount(0);
  expect(dialogs).toBe(0);
  expect(errors).toEqual([]);
});
