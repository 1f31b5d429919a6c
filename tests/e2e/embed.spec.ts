// Embeds (issue 14, item 5): a course platform on another origin frames one
// cell or figure. The host page here is served by a tiny server on the next
// port (another origin, as a learning platform would be), with the iframe and
// the few lines of listener the README gives. (page.route cannot stand in for
// it: Chromium's local network access checks refuse a loopback frame in a page
// that no local server answered.)
import { createServer, type Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { ROOT_URL } from '../../playwright.config';

const HOST = (() => {
  const url = new URL(ROOT_URL);
  url.port = String(Number(url.port) + 1);
  return url.origin;
})();
const SITE = new URL(ROOT_URL).origin;
const CELL = 'learn-edge-kernel';
const CELL_EMBED = `${ROOT_URL}embed/guide/how-cnns-learn/${CELL}/?backend=wasm`;
const FIGURE_EMBED = `${ROOT_URL}embed/guide/pooling/pooling-windows/?theme=light`;

/** The README's snippet: the iframe, and a listener that sizes it from the embed's messages. */
function hostPage(src: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A course</title></head><body>
<h1>Week 3</h1>
<iframe src="${src}" title="Embedded from the guide" style="width: 100%; border: 0" loading="lazy"></iframe>
<script>
  addEventListener('message', (event) => {
    if (event.origin !== '${SITE}' || event.data?.type !== 'cnn-guide:embed-height') return;
    for (const frame of document.querySelectorAll('iframe'))
      if (frame.contentWindow === event.source) frame.style.height = event.data.height + 'px';
  });
</script></body></html>`;
}

let host: Server;
test.beforeAll(async () => {
  // /course/?embed=<url> frames <url>.
  host = createServer((request, response) => {
    const src = new URL(request.url ?? '/', HOST).searchParams.get('embed') ?? '';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(src.replace(/"/g, '&quot;')));
  });
  await new Promise<void>((resolve) => host.listen(Number(new URL(HOST).port), '127.0.0.1', resolve));
});
test.afterAll(() => new Promise<void>((resolve) => host.close(() => resolve())));

async function openHost(page: Page, src: string) {
  await page.goto(`${HOST}/course/?embed=${encodeURIComponent(src)}`);
  return page.frameLocator('iframe');
}

test('a cell embedded on another origin runs on WebAssembly in its frame, and the frame is sized to it', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const frame = await openHost(page, CELL_EMBED);
  const cell = frame.locator(`[data-cell="${CELL}"]`);
  await expect(frame.locator('astro-island', { has: cell })).not.toHaveAttribute('ssr');
  // Just the element: one cell, no sidebar, and a way to the full section in the top window.
  await expect(frame.locator('[data-cell]')).toHaveCount(1);
  await expect(frame.locator('nav.sidebar, .sidebar-pane')).toHaveCount(0);
  const back = frame.getByTestId('embed-full-section');
  await expect(back).toHaveAttribute('target', '_top');
  await expect(back).toHaveAttribute('href', `/guide/how-cnns-learn/#${CELL}`);
  // The frame reports its height, and the host's listener applies it.
  const iframe = page.locator('iframe');
  await expect.poll(async () => (await iframe.boundingBox())?.height ?? 0).toBeGreaterThan(400);

  const before = (await iframe.boundingBox())?.height ?? 0;
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(cell.getByRole('status')).toContainText('WebAssembly');
  await expect(cell.locator('.cell-results .uplot')).toHaveCount(2);
  // The output made the frame taller, and the host followed.
  await expect.poll(async () => (await iframe.boundingBox())?.height ?? 0).toBeGreaterThan(before + 100);
  expect(errors).toEqual([]);
});

test('a figure embedded on another origin responds to input, in the theme asked for, and links to its section', async ({
  page,
}) => {
  const frame = await openHost(page, FIGURE_EMBED);
  const figure = frame.getByTestId('pooling-windows');
  await expect(frame.locator('astro-island', { has: figure })).not.toHaveAttribute('ssr');
  await expect(frame.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(frame.locator('figure.kit-figure')).toHaveCount(1);
  const calc = figure.getByTestId('pooling-calc');
  const max = await calc.textContent();
  await figure.getByTestId('pooling-op').selectOption('avg');
  await expect(calc).not.toHaveText(max ?? '');
  await expect(calc).toContainText('/4 =');
  // "Open the full section" leaves the frame: the top window goes to the chapter, at the figure.
  await frame.getByTestId('embed-full-section').click();
  await expect(page).toHaveURL(`${ROOT_URL}guide/pooling/#pooling-windows`);
});
