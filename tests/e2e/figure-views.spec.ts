// A figure's view in a link: the reader changes the kernel playground, copies
// "Link to this view", and the link restores exactly that view elsewhere; a
// tampered link is ignored with a note and breaks nothing.
import { expect, test } from '@playwright/test';
import { hydrated, hydratedTestId, watchErrors } from './helpers.ts';

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

test('set the stride explorer, link the view, reopen it; a bad value keeps its default', async ({ page, browser }) => {
  await page.goto('guide/stride-padding-dilation/');
  const fig = await hydrated(page, '#explorer');
  await fig.getByTestId('stride-slider').fill('2');
  await fig.getByTestId('padding-slider').fill('1');
  const live = await fig.getByTestId('explorer-live').textContent();
  await fig.getByRole('button', { name: 'Link to this view' }).click();
  await expect(fig.getByTestId('explorer-view-status')).toHaveText('Link to this view copied.');
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toMatch(/#explorer\?n=7&k=3&s=2&p=1&d=1$/);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(url);
  const restored = await hydrated(fresh, '#explorer');
  await expect(restored.getByTestId('stride-value')).toHaveText('2');
  await expect(restored.getByTestId('padding-value')).toHaveText('1');
  await expect(restored.getByTestId('explorer-live')).toHaveText(live ?? '');
  await expect(restored).toBeInViewport();
  // The other explorer on the page keeps its own settings.
  await expect(fresh.locator('#dilation-explorer').getByTestId('dilation-value')).toHaveText('2');

  await fresh.goto('about:blank');
  await fresh.goto(url.replace('s=2', 's=99'));
  const partly = await hydrated(fresh, '#explorer');
  await expect(partly.getByTestId('explorer-view-note')).toContainText('Stride s must be a whole number from 1 to 4');
  await expect(partly.getByTestId('stride-value')).toHaveText('1');
  await expect(partly.getByTestId('padding-value')).toHaveText('1');
  await other.close();
});

test('build a receptive-field stack, link it, reopen it in a fresh browser', async ({ page, browser }) => {
  await page.goto('guide/architecture/');
  const fig = await hydratedTestId(page, 'rf-calculator');
  await fig.getByRole('button', { name: 'Dilated 1, 2, 4' }).click();
  await fig.getByRole('button', { name: 'Add max pool 2×2' }).click();
  await fig.getByTestId('rf-input-size').selectOption('64');
  const summary = await fig.getByTestId('rf-summary').textContent();
  const outs = await fig.getByTestId('rf-out').allTextContents();
  await fig.getByRole('button', { name: 'Link to this view' }).click();
  await expect(fig.getByTestId('rf-view-status')).toHaveText('Link to this view copied.');
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toContain('#rf-calculator?in=64&layers=c3s1d1p1%2Cc3s1d2p2%2Cc3s1d4p4%2Cm2s2p0');

  const other = await browser.newContext();
  const fresh = await other.newPage();
  const errors = watchErrors(fresh);
  await fresh.goto(url);
  // No scrolling here: the link itself brings the figure on screen, which hydrates it and restores the view.
  const restored = fresh.getByTestId('rf-calculator');
  await expect(restored.getByTestId('rf-view-note')).toHaveText('This view came from a link.');
  await expect(restored.getByTestId('rf-summary')).toHaveText(summary ?? '');
  await expect(restored.getByTestId('rf-out')).toHaveText(outs);
  await expect(restored.getByRole('combobox', { name: 'Padding of conv 3' })).toHaveValue('4');
  await expect(restored).toBeInViewport();
  expect(errors).toEqual([]);
  await other.close();
});

test('hostile values in a calculator’s link are ignored with a note; the good ones are used', async ({ page }) => {
  const errors = watchErrors(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto(
    'guide/efficient-convolutions/#separable-cost-calculator?cin=%3Cimg%20src=x%20onerror=alert(1)%3E&cout=1e9&k=5&h=NaN&w=28',
  );
  const fig = await hydratedTestId(page, 'separable-cost');
  await expect(fig.getByTestId('cost-view-note')).toHaveText(
    'This link’s view was only partly used: Input channels C_in must be a whole number from 1 to 2,048; ' +
      'Output channels C_out must be a whole number from 1 to 2,048; Height H must be a whole number from 1 to 512. ' +
      'Those settings keep their defaults.',
  );
  await expect(fig.getByRole('spinbutton', { name: 'Kernel size k' })).toHaveValue('5');
  await expect(fig.getByRole('spinbutton', { name: 'Width W' })).toHaveValue('28');
  await expect(fig.getByRole('spinbutton', { name: 'Input channels C_in' })).toHaveValue('128');
  await expect(fig.getByTestId('cost-error')).toHaveText('');
  await expect(fig.locator('img')).toHaveCount(0);
  await expect(fig).not.toContainText('NaN');
  expect(dialogs).toBe(0);
  expect(errors).toEqual([]);
});
