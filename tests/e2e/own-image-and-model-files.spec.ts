// "Your own image" and "Saving and loading a model" on the explanation page,
// on WebAssembly through the real UI: a text file is refused with a message and
// the zone stays open; a picture chosen from the keyboard (and one pasted) is
// cropped, inverted, classified and explained; Stop ends the wait; a model is
// saved through a download link and loads back predicting the same.
import { readFileSync } from 'node:fs';
import { expect, test, type FileChooser, type Page } from '@playwright/test';
import { hydrated, runCell, statusOf, watchErrors } from './helpers';

const PAGE = 'guide/what-is-the-network-looking-at/?backend=wasm';
const fixture = (name: string) => new URL(`../fixtures/own-image/${name}`, import.meta.url).pathname;
const PNG = fixture('sneaker-on-white.png');
const TEXT = fixture('not-an-image.txt');
const OWN = 'explain-your-own-image';

/** Presses Run and waits until the cell shows its drop zone. */
async function startWaiting(page: Page, id: string) {
  const target = await hydrated(page, `[data-cell="${id}"]`);
  await target.getByRole('button', { name: 'Run', exact: true }).click();
  const zone = target.getByTestId('input-zone');
  await expect(zone).toBeVisible({ timeout: 60_000 });
  return { target, zone };
}

test('your own image: a text file is refused, a picture chosen from the keyboard is classified and explained', async ({
  page,
}) => {
  const errors = watchErrors(page);
  // Listening from the start: Playwright turns on file-chooser interception
  // asynchronously, and a chooser opened before it is on never reaches the test.
  const choosers: FileChooser[] = [];
  page.on('filechooser', (chooser) => choosers.push(chooser));
  await page.goto(PAGE);
  await runCell(page, 'load-pretrained-simplecnn');
  const { target, zone } = await startWaiting(page, OWN);
  await expect(statusOf(page, OWN)).toContainText('Waiting for your image');
  await expect(zone).toContainText('never leaves your browser');

  await zone.locator('input[type="file"]').setInputFiles(TEXT);
  await expect(zone.getByRole('alert')).toHaveText(
    'not-an-image.txt is not an image (its type is text/plain); choose a photo or picture file (PNG, JPEG, WebP, GIF).',
  );
  await expect(target).toHaveAttribute('data-state', 'running');

  // The zone's button opens the file picker from the keyboard.
  const choose = zone.getByRole('button', { name: 'Choose an image…' });
  await choose.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => choosers.length).toBe(1);
  await choosers[0]!.setFiles(PNG);
  await expect(target).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  console.log(`${OWN}: ${await statusOf(page, OWN).textContent()}`);
  await expect(target.getByTestId('input-answered')).toContainText('Your image: sneaker-on-white.png (140 × 112');
  await expect(target).toContainText('centre-cropped 140 × 112 to 112 × 112; scaled to 28 × 28 by averaging');
  await expect(target).toContainText('inverted: its border was light');
  const top = target.locator('table').first();
  await expect(top.locator('tbody tr')).toHaveCount(3);
  await expect(top.locator('tbody tr').first().locator('th, td').first()).toHaveText('Sneaker');
  await expect(target.locator('figure.heatmaps').getByRole('img')).toHaveCount(5);
  expect(errors).toEqual([]);
});

test('your own image: a pasted picture works, and Stop ends the wait', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  await runCell(page, 'load-pretrained-simplecnn');

  let { target, zone } = await startWaiting(page, OWN);
  await target.getByRole('button', { name: 'Stop' }).click();
  await expect(target).toHaveAttribute('data-state', 'idle');
  await expect(statusOf(page, OWN)).toContainText('Stopped.');

  ({ target, zone } = await startWaiting(page, OWN));
  await zone.getByRole('button', { name: 'Choose an image…' }).focus();
  await page.evaluate((base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, readFileSync(PNG).toString('base64'));
  await expect(target).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(target.getByTestId('input-answered')).toContainText('Your image: pasted image');
  await expect(target.locator('table').first().locator('tbody tr').first().locator('th, td').first()).toHaveText('Sneaker');
  expect(errors).toEqual([]);
});

test('a model saved through its download link loads back, after a broken file is refused, and predicts the same', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto(PAGE);
  await runCell(page, 'load-pretrained-simplecnn');
  const saver = await runCell(page, 'save-model');
  const link = saver.getByRole('link', { name: 'Save simplecnn.json' });
  await expect(link).toHaveAttribute('href', /^blob:/);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('simplecnn.json');
  const saved = await download.path();
  const json = JSON.parse(readFileSync(saved, 'utf8')) as { format: string; version: number; stateDict: unknown[] };
  expect([json.format, json.version]).toEqual(['cnn-guide-model', 1]);

  const { target, zone } = await startWaiting(page, 'load-model');
  await zone.locator('input[type="file"]').setInputFiles(TEXT);
  await expect(zone.getByRole('alert')).toContainText('not-an-image.txt cannot be loaded: it is not JSON');
  await expect(target).toHaveAttribute('data-state', 'running');
  await zone.locator('input[type="file"]').setInputFiles(saved);
  await expect(target).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  console.log(`load-model: ${await statusOf(page, 'load-model').textContent()}`);
  await expect(target).toContainText(
    /Same prediction as the model in this page on 1,?000 of 1,?000 test images; largest difference of a logit: 0\.0e\+0/,
  );
  expect(errors).toEqual([]);
});
