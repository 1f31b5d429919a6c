// Embeds (issue 14, item 5): a course platform on another origin frames one
// cell or figure. The host page here is served by a tiny server on another
// port (another origin, as a learning platform would be), with the iframe and
// the few lines of listener the README gives. (page.route cannot stand in for
// it: Chromium's local network access checks refuse a loopback frame in a page
// that no local server answered.)
import { createServer, type Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { ROOT_URL } from '../../playwright.config';
import { watchCspViolations } from './helpers';

// PW_PORT + 1 and + 2 are the sub-path build and offline.spec.ts's second deploy; + 4 its host without isolation headers.
const HOST = (() => {
  const url = new URL(ROOT_URL);
  url.port = process.env.PW_EMBED_HOST_PORT || String(Number(url.port) + 3);
  return url.origin;
})();
const SITE = new URL(ROOT_URL).origin;
const CELL = 'learn-edge-kernel';
const CELL_EMBED = `${ROOT_URL}embed/guide/how-cnns-learn/${CELL}/?backend=wasm`;
const FIGURE_EMBED = `${ROOT_URL}embed/guide/pooling/pooling-windows/?theme=light`;

/**
 * The README's snippet: the iframe, and a listener that sizes it from the
 * embed's messages. An isolated host (COOP and COEP, as a site that wants
 * threads itself would send) lets the frame share its isolation.
 */
function hostPage(src: string, isolated: boolean): string {
  const allow = isolated ? ' allow="cross-origin-isolated"' : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A course</title></head><body>
<h1>Week 3</h1>
<iframe src="${src.replace(/"/g, '&quot;')}" title="Embedded from the guide" style="width: 100%; border: 0" loading="lazy"${allow}></iframe>
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
  // /course/?embed=<url>[&isolated=1] frames <url>.
  host = createServer((request, response) => {
    const query = new URL(request.url ?? '/', HOST).searchParams;
    const isolated = query.get('isolated') === '1';
    const isolation = isolated
      ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' }
      : {};
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...isolation })
      .end(hostPage(query.get('embed') ?? '', isolated));
  });
  await new Promise<void>((resolve) => host.listen(Number(new URL(HOST).port), '127.0.0.1', resolve));
});
test.afterAll(() => new Promise<void>((resolve) => host.close(() => resolve())));

async function openHost(page: Page, src: string, isolated = false) {
  await page.goto(`${HOST}/course/?embed=${encodeURIComponent(src)}${isolated ? '&isolated=1' : ''}`);
  return page.frameLocator('iframe');
}

test('a cell embedded on another origin runs on WebAssembly in its frame, and the frame is sized to it', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const violations = await watchCspViolations(page);
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
  // The host is not cross-origin isolated, so neither is the frame: no SharedArrayBuffer, one thread.
  await expect(cell.getByRole('status')).toContainText('WebAssembly (1 thread)');
  expect(await cell.evaluate(() => crossOriginIsolated)).toBe(false);
  await expect(cell.locator('.cell-results .uplot')).toHaveCount(2);
  // The output made the frame taller, and the host followed.
  await expect.poll(async () => (await iframe.boundingBox())?.height ?? 0).toBeGreaterThan(before + 100);
  expect(errors).toEqual([]);
  expect(violations).toEqual([]);
});

test('a figure embedded by an isolated page of another origin loads, responds to input, in the theme asked for, and links to its section', async ({
  page,
}) => {
  const frame = await openHost(page, FIGURE_EMBED, true);
  const figure = frame.getByTestId('pooling-windows');
  await expect(frame.locator('astro-island', { has: figure })).not.toHaveAttribute('ssr');
  await expect(frame.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(frame.locator('figure.kit-figure')).toHaveCount(1);
  // The embed opted in (Cross-Origin-Resource-Policy), so the isolated host may frame it, and it shares the isolation.
  expect(await figure.evaluate(() => crossOriginIsolated)).toBe(true);
  const calc = figure.getByTestId('pooling-calc');
  const max = await calc.textContent();
  await figure.getByTestId('pooling-op').selectOption('avg');
  await expect(calc).not.toHaveText(max ?? '');
  await expect(calc).toContainText('/4 =');
  // "Open the full section" leaves the frame: the top window goes to the chapter, at the figure.
  await frame.getByTestId('embed-full-section').click();
  await expect(page).toHaveURL(`${ROOT_URL}guide/pooling/#pooling-windows`);
});
