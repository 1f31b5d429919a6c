// Exercises as links and saved edits: a reader edits a cell, shares it, and a
// student opens the link in a fresh browser; a reader's edit survives reload.
import { expect, test } from '@playwright/test';
import { cell, editCell, hydrated, watchEngineRequests } from './helpers.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const PAGE = 'guide/how-cnns-learn/';
const ID = 'learn-edge-kernel';
const EXERCISE = "import { show } from 'cnn-guide';\n// Exercise 3: print something\nshow.log('shared exercise 42');";

test('share an edited cell; the link opens it changed and not run, Run runs it, Reset restores the original', async ({
  page,
  browser,
}) => {
  await page.goto(PAGE);
  await editCell(page, ID, EXERCISE);
  const source = cell(page, ID);
  await expect(source).toHaveAttribute('data-changed', 'true');
  await expect(source.getByText('changed', { exact: true })).toBeVisible();
  await source.getByRole('button', { name: 'Share' }).click();
  await expect(source.locator('.cell-share-status')).toContainText('Link to this edited code copied');
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toMatch(new RegExp(`/${PAGE}#code/${ID}/[A-Za-z0-9_-]+$`));

  // The student: a fresh context with nothing stored.
  const student = await browser.newContext();
  const fresh = await student.newPage();
  const engine = watchEngineRequests(fresh);
  await fresh.goto(url);
  const shared = await hydrated(fresh, `[data-cell="${ID}"]`);
  await expect(shared).toHaveAttribute('data-origin', 'link');
  await expect(shared).toHaveAttribute('data-changed', 'true');
  await expect(shared).toHaveAttribute('data-state', 'idle');
  await expect(shared.getByTestId('cell-notice')).toContainText('This code came from a link and has not run');
  await expect(shared.locator('.cm-content')).toContainText("show.log('shared exercise 42');");
  await expect(shared).toBeInViewport();
  expect(engine, 'nothing ran before Run').toEqual([]);

  await shared.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(shared).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(shared.locator('.cell-results')).toContainText('shared exercise 42');

  await shared.getByRole('button', { name: 'Reset' }).click();
  await expect(shared).toHaveAttribute('data-changed', 'false');
  await expect(shared.getByTestId('cell-notice')).toHaveCount(0);
  await expect(shared.locator('.cell-code').first()).toContainText('Sobel');
  await expect(shared.locator('.cell-code').first()).not.toContainText('shared exercise 42');
  expect(new URL(fresh.url()).hash).toBe(`#${ID}`);
  await student.close();
});

test('code too long for a link is refused with a message', async ({ page }) => {
  await page.goto(PAGE);
  // Random digits hardly compress: 20,000 of them stay over the link's limit.
  let x = 12345;
  const digits = Array.from({ length: 20_000 }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return String(Math.floor(x / 65536) % 10);
  }).join('');
  const lines = digits.match(/.{1,80}/g)!.map((line) => `// ${line}`);
  // editCell checks the first line, which a long text scrolls out of CodeMirror's rendered window.
  const target = await hydrated(page, `[data-cell="${ID}"]`);
  await target.getByRole('button', { name: 'Edit' }).click();
  await target.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(['// A long exercise', ...lines].join('\n'));
  await expect(target).toHaveAttribute('data-changed', 'true');
  await target.getByRole('button', { name: 'Share' }).click();
  await expect(target.locator('.cell-share-status')).toContainText('This code is too long for a link');
});

test('a damaged link leaves the original code and says so', async ({ page }) => {
  await page.goto(`${PAGE}#code/${ID}/not-deflate-data`);
  const target = await hydrated(page, `[data-cell="${ID}"]`);
  await expect(target.getByTestId('cell-notice')).toContainText('could not be read');
  await expect(target).toHaveAttribute('data-changed', 'false');
});

test('an edit survives a reload, Reset forgets it, and a changed original is noticed', async ({ page }) => {
  await page.goto(PAGE);
  await editCell(page, ID, EXERCISE);
  await page.reload();
  let target = await hydrated(page, `[data-cell="${ID}"]`);
  await expect(target).toHaveAttribute('data-origin', 'saved');
  await expect(target.getByTestId('cell-notice')).toContainText('Your edit of this cell, saved in this browser');
  await expect(target.locator('.cell-code').first()).toContainText('shared exercise 42');

  await target.getByRole('button', { name: 'Reset' }).click();
  await page.reload();
  target = await hydrated(page, `[data-cell="${ID}"]`);
  await expect(target).toHaveAttribute('data-changed', 'false');
  await expect(target.locator('.cell-code').first()).not.toContainText('shared exercise 42');

  // A later deploy changed the cell: the saved edit names an original with another hash.
  await editCell(page, ID, EXERCISE);
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage).filter((k) => k.startsWith('cnn-guide:edit:'))) {
      const value = JSON.parse(localStorage.getItem(key)!);
      localStorage.setItem(key, JSON.stringify({ ...value, original: '00000000' }));
    }
  });
  await page.reload();
  target = await hydrated(page, `[data-cell="${ID}"]`);
  await expect(target.getByTestId('cell-notice')).toContainText('the original code has changed since you saved it');
});
