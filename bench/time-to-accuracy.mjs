// The first chapter's training cell as a reader runs it: the built site in
// headless Chromium on WASM (`?backend=wasm`), seconds from clicking Run to
// the final test accuracy, and that accuracy. Part of `npm run bench -- --time-to-accuracy`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHAPTER = 'guide/train-your-first-cnn/';
const CELL = '[data-cell="train-simplecnn"]';

/** Builds the site into `siteDir` unless it is there. */
export function ensureSite(siteDir) {
  if (existsSync(`${siteDir}/index.html`)) return;
  const build = spawnSync('npx', ['astro', 'build', '--outDir', siteDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (build.status !== 0) throw new Error(`building the site failed:\n${build.stderr}`);
}

/**
 * Runs the cell as shipped and waits for it to finish (up to 15 minutes).
 * `launch` starts the browser; the cell's own code is not touched.
 */
export async function timeToAccuracy({ launch, siteDir, port }) {
  ensureSite(siteDir);
  const server = spawn('node', ['scripts/serve-static.mjs', '--dir', siteDir, '--base', '/', '--port', String(port)], {
    stdio: 'ignore',
  });
  const browser = await launch();
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/${CHAPTER}?backend=wasm`);
    const cell = page.locator(CELL);
    // The cell's island is hydrated once its Run button reacts; wait for the idle state it sets.
    await cell.scrollIntoViewIfNeeded();
    await page.locator('astro-island', { has: cell }).first().waitFor();
    await page.waitForFunction((sel) => !document.querySelector(sel)?.closest('astro-island')?.hasAttribute('ssr'), CELL);
    const started = Date.now();
    await cell.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForFunction(
      (sel) => ['done', 'error'].includes(document.querySelector(sel)?.getAttribute('data-state') ?? ''),
      CELL,
      {
        timeout: 900_000,
        polling: 100,
      },
    );
    const seconds = (Date.now() - started) / 1000;
    const results = await cell.locator('.cell-results').innerText();
    const status = await cell.getByRole('status').innerText();
    const accuracy = Number(/Test accuracy: ([\d.]+)%/.exec(results)?.[1] ?? NaN);
    return { seconds, accuracy, status };
  } finally {
    await browser.close();
    server.kill();
  }
}
