// Faults a reader meets without causing them: the dataset download fails or
// arrives damaged, the worker dies, two cells are started at once, the tab goes
// to the background, the reader leaves the page and comes back. Each test does
// what the reader would and asserts what they see. On WASM, with tiny cells.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { cell, editCell, FEATURE_MAPS, FILTERS, hydrated, statusOf, TRAIN, watchCspViolations } from './helpers';

const PAGE = 'guide/train-your-first-cnn/?backend=wasm';
const TRAIN_GZ = '**/data/fashion-mnist/train.u8.gz';
const LOAD =
  "import { loadFashionMnist, show } from 'cnn-guide';\nconst data = await loadFashionMnist({ train: 8, test: 8 });\nshow.log(`loaded ${data.train.count} images`);\n";
const PLAIN = "import { show } from 'cnn-guide';\nshow.log('the page still runs cells');\n";
// Screenshots for the notes, when asked for (FAULTS_SHOTS=<folder>).
const SHOTS = process.env.FAULTS_SHOTS;

/** The page's cell workers (the WASM backend starts workers of its own inside one; those are not counted). */
function cellWorkers(page: Page): string[] {
  return page
    .workers()
    .map((w) => w.url())
    .filter((url) => /\/worker-[\w-]+\.js$/.test(new URL(url).pathname));
}

async function press(page: Page, id: string, button: 'Run' | 'Stop' | 'Retry'): Promise<void> {
  await cell(page, id).getByRole('button', { name: button, exact: true }).click();
}

test('a dataset download that fails, then arrives damaged, shows Retry; Retry succeeds once the network is back', async ({
  page,
}) => {
  const violations = await watchCspViolations(page);
  await page.goto(PAGE);
  await editCell(page, FILTERS, LOAD);
  const target = cell(page, FILTERS);
  const alert = target.getByRole('alert');

  // The network drops: the cell says so and offers Retry.
  await page.context().route(TRAIN_GZ, (route) => route.abort('internetdisconnected'));
  await press(page, FILTERS, 'Run');
  await expect(target).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(alert).toContainText('Could not download');
  await expect(alert).toContainText('train.u8.gz');
  await expect(alert.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(statusOf(page, FILTERS)).toContainText('The data could not be downloaded');
  if (SHOTS) {
    await target.screenshot({ path: `${SHOTS}/retry-network.png` });
    await page.setViewportSize({ width: 390, height: 800 });
    await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
    await target.screenshot({ path: `${SHOTS}/retry-network-390-dark.png` });
    await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
    await page.setViewportSize({ width: 1280, height: 720 });
  }

  // Retry while the server sends a damaged copy (valid bytes, one changed): the checksum refuses it.
  await page.context().unroute(TRAIN_GZ);
  const good = gunzipSync(readFileSync(new URL('../../public/data/fashion-mnist/train.u8.gz', import.meta.url)));
  const damaged = Uint8Array.from(good);
  damaged[1000] = damaged[1000]! ^ 0xff;
  await page.context().route(TRAIN_GZ, (route) => route.fulfill({ status: 200, body: Buffer.from(damaged) }));
  await press(page, FILTERS, 'Retry');
  await expect(alert).toContainText('does not match the sha256 in its manifest', { timeout: 60_000 });
  await expect(target).toHaveAttribute('data-state', 'error');
  if (SHOTS) await target.screenshot({ path: `${SHOTS}/retry-checksum.png` });

  // The network is back: Retry loads the data and the cell runs to the end.
  await page.context().unroute(TRAIN_GZ);
  await press(page, FILTERS, 'Retry');
  await expect(target).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(target.locator('.cell-results')).toContainText('loaded 8 images');
  await expect(alert).toHaveCount(0);
  expect(violations).toEqual([]);
});

test('a worker that dies under a cell is reported, and the next Run starts a fresh worker', async ({ page }) => {
  await page.goto(PAGE);
  // self.close() ends the worker the way running out of memory does: no error event, no reply.
  await editCell(page, FILTERS, "console.log('closing the worker');\nself.close();\nawait new Promise(() => {});\n");
  const dying = cell(page, FILTERS);
  await press(page, FILTERS, 'Run');
  await expect(dying).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(dying.getByRole('alert')).toContainText('stopped unexpectedly');
  await expect(dying.getByRole('alert')).toContainText('Run starts a fresh worker');
  await expect.poll(() => page.workers().length).toBe(0);

  await editCell(page, FEATURE_MAPS, PLAIN);
  await press(page, FEATURE_MAPS, 'Run');
  await expect(cell(page, FEATURE_MAPS)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(cell(page, FEATURE_MAPS).locator('.cell-results')).toContainText('the page still runs cells');
  expect(cellWorkers(page)).toHaveLength(1);
});

test('a cell run while another runs waits as "queued", runs after it, and Stop takes it out of the queue', async ({ page }) => {
  await page.goto(PAGE);
  const slow =
    'for (let i = 1; i <= 4; i++) {\n  console.log(`first cell, step ${i}`);\n  await new Promise((r) => setTimeout(r, 400));\n}\n';
  await editCell(page, FILTERS, slow);
  await editCell(page, FEATURE_MAPS, "console.log('second cell ran');\n");
  const first = cell(page, FILTERS);
  const second = cell(page, FEATURE_MAPS);
  const title = (await first.locator('.cell-title a').innerText()).trim();

  await press(page, FILTERS, 'Run');
  await expect(first.locator('.cell-results')).toContainText('first cell, step 1', { timeout: 60_000 });
  await press(page, FEATURE_MAPS, 'Run');
  await expect(second).toHaveAttribute('data-state', 'queued');
  await expect(statusOf(page, FEATURE_MAPS)).toContainText(`Queued: this cell runs when “${title}” finishes`);
  await expect(second.getByRole('button', { name: 'Stop' })).toBeEnabled();
  if (SHOTS) {
    await second.screenshot({ path: `${SHOTS}/queued.png` });
    await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
    await second.screenshot({ path: `${SHOTS}/queued-dark.png` });
    await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
  }

  await expect(first).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(second).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(first.locator('.cell-results')).toContainText('first cell, step 4');
  await expect(first.locator('.cell-results')).not.toContainText('second cell');
  await expect(second.locator('.cell-results')).toHaveText(/^\s*second cell ran\s*$/);

  // Stop on the queued cell: it never runs, and the first is untouched.
  await press(page, FILTERS, 'Run');
  await expect(first).toHaveAttribute('data-state', 'running');
  await press(page, FEATURE_MAPS, 'Run');
  await expect(second).toHaveAttribute('data-state', 'queued');
  await press(page, FEATURE_MAPS, 'Stop');
  await expect(second).toHaveAttribute('data-state', 'idle');
  await expect(statusOf(page, FEATURE_MAPS)).toContainText('Stopped.');
  await expect(first).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(first.locator('.cell-results')).toContainText('first cell, step 4');
  await expect(second.locator('.cell-results')).not.toContainText('second cell ran');
});

test.describe('with the back/forward cache and background throttling on', () => {
  // Playwright turns both off by default; these tests need the browser as readers have it.
  let browser: Browser;
  test.beforeAll(async ({ playwright }, info) => {
    browser = await playwright.chromium.launch({
      ...info.project.use.launchOptions,
      ignoreDefaultArgs: [
        '--disable-back-forward-cache',
        '--disable-background-timer-throttling',
        '--disable-backgrounding-occluded-windows',
        '--disable-renderer-backgrounding',
      ],
    });
  });
  test.afterAll(async () => browser.close());

  async function open(base: string | undefined): Promise<Page> {
    const context = await browser.newContext({ baseURL: base, serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { shows: boolean[] };
      w.shows = [];
      addEventListener('pageshow', (event: PageTransitionEvent) => w.shows.push(event.persisted));
    });
    return page;
  }

  test('a cell trains to the end while the tab is hidden and frames are withheld, and the page shows it all on return', async ({
    baseURL,
  }) => {
    const page = await open(baseURL);
    await page.goto(PAGE);
    const tiny =
      "import { nn, buildModel, loadFashionMnist, toTensors, train, show } from 'cnn-guide';\n" +
      'const data = await loadFashionMnist({ train: 128, test: 32 });\n' +
      'const model = buildModel(nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(2704, 10)), [1, 28, 28]);\n' +
      'await train(model, toTensors(data.train), toTensors(data.test), { epochs: 2, batchSize: 32, learningRate: 0.01 });\n' +
      "show.log('trained while hidden');\n";
    await editCell(page, TRAIN, tiny);
    // Headless Chromium never hides a page by itself (a second page or a
    // minimised window leaves it "visible"), so the test does what a hidden
    // tab does to the page: visibilityState "hidden", a visibilitychange
    // event, and no animation frames at all until it is shown again.
    await page.evaluate(() => {
      const w = window as unknown as { showAgain: () => void; framesAsked: number };
      const raf = window.requestAnimationFrame.bind(window);
      const held: FrameRequestCallback[] = [];
      w.framesAsked = 0;
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      window.requestAnimationFrame = (callback) => {
        w.framesAsked += 1;
        held.push(callback);
        return 0;
      };
      document.dispatchEvent(new Event('visibilitychange'));
      w.showAgain = () => {
        delete (document as unknown as Record<string, unknown>).visibilityState;
        delete (document as unknown as Record<string, unknown>).hidden;
        window.requestAnimationFrame = raf;
        document.dispatchEvent(new Event('visibilitychange'));
        for (const callback of held.splice(0)) raf(callback);
      };
    });
    const target = cell(page, TRAIN);
    await press(page, TRAIN, 'Run');
    await expect(target).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    // Still "hidden": the outputs are already in the page.
    expect(await page.evaluate(() => document.visibilityState)).toBe('hidden');
    await expect(target.locator('.cell-results')).toContainText('trained while hidden');
    await expect(target.locator('.cell-results')).toContainText('Epoch 2/2');

    await page.evaluate(() => (window as unknown as { showAgain: () => void }).showAgain());
    await expect(target.locator('.cell-results .u-legend')).toHaveCount(2);
    await expect(statusOf(page, TRAIN)).toContainText('Done in');
    await page.context().close();
  });

  test('leaving the page and coming back (back/forward cache) leaves no worker behind, and a cell still runs', async ({
    baseURL,
  }) => {
    const page = await open(baseURL);
    // The browser's own list of workers: Playwright's page.workers() loses
    // track of a worker that a cached page takes along and brings back.
    const cdp = await browser.newBrowserCDPSession();
    const workerTargets = async () =>
      (await cdp.send('Target.getTargets')).targetInfos.filter((t) => t.type === 'worker').map((t) => t.url);
    await page.goto(PAGE);
    await editCell(page, FILTERS, PLAIN);
    await press(page, FILTERS, 'Run');
    await expect(cell(page, FILTERS)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    expect(cellWorkers(page)).toHaveLength(1);
    expect((await workerTargets()).filter((url) => url.includes('/worker-'))).toHaveLength(1);

    await page.goto('../../');
    // Away: the cached page keeps no worker (nor the WASM backend's own workers).
    await expect.poll(workerTargets).toEqual([]);
    await page.goBack({ waitUntil: 'commit' });
    // Restored from the cache (pageshow with persisted), not reloaded.
    await expect.poll(() => page.evaluate(() => (window as unknown as { shows: boolean[] }).shows)).toEqual([false, true]);
    expect(await workerTargets()).toEqual([]);

    await hydrated(page, `[data-cell="${FILTERS}"]`);
    await press(page, FILTERS, 'Run');
    await expect(cell(page, FILTERS)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(cell(page, FILTERS).locator('.cell-results')).toContainText('the page still runs cells');
    expect(cellWorkers(page)).toHaveLength(1);
    expect((await workerTargets()).filter((url) => url.includes('/worker-'))).toHaveLength(1);
    await cdp.detach();
    await page.context().close();
  });
});
