// "Your own image" with a camera: Chromium's fake camera (a test pattern) and
// no permission prompt. The camera starts only when its button is pressed, a
// photo goes through the same conversion as a file, and the camera stops after.
// Its own file because a camera needs its own browser (launch flags).
import { expect, test, type Page } from '@playwright/test';
import { hydrated, runCell, watchErrors } from './helpers';

const PAGE = 'guide/what-is-the-network-looking-at/?backend=wasm';
const OWN = 'explain-your-own-image';

async function startWaiting(page: Page, id: string) {
  const target = await hydrated(page, `[data-cell="${id}"]`);
  await target.getByRole('button', { name: 'Run', exact: true }).click();
  const zone = target.getByTestId('input-zone');
  await expect(zone).toBeVisible({ timeout: 60_000 });
  return { target, zone };
}
test.use({
  permissions: ['camera'],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  },
});

test('the camera starts only on its button, and a photo is converted and explained', async ({ page }) => {
  const errors = watchErrors(page);
  const cameraCalls: string[] = [];
  await page.exposeFunction('noteCamera', (what: string) => cameraCalls.push(what));
  await page.addInitScript(() => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (constraints) => {
      void (window as unknown as { noteCamera(w: string): void }).noteCamera(JSON.stringify(constraints));
      return original(constraints);
    };
  });
  await page.goto(PAGE);
  await runCell(page, 'load-pretrained-simplecnn');
  const { target, zone } = await startWaiting(page, OWN);
  expect(cameraCalls).toEqual([]);
  await zone.getByRole('button', { name: 'Use the camera' }).click();
  await expect(zone.getByRole('button', { name: 'Take the photo' })).toBeVisible();
  expect(cameraCalls).toHaveLength(1);
  await expect.poll(() => zone.locator('video').evaluate((v) => (v as HTMLVideoElement).videoWidth)).toBeGreaterThan(0);
  await zone.getByRole('button', { name: 'Take the photo' }).click();
  await expect(target).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(target.getByTestId('input-answered')).toContainText('Your image: a camera photo');
  await expect(target.locator('figure.heatmaps').getByRole('img')).toHaveCount(5);
  // The camera is off again once the photo is taken.
  await expect(target.locator('video')).toHaveCount(0);
  expect(errors).toEqual([]);
});
