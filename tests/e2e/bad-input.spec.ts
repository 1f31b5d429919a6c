// A reader edits cells into things that cannot run: each shows a message in the
// cell, and the page goes on working (another cell runs, a figure responds).
import { expect, test } from '@playwright/test';
import { cell, editCell, FEATURE_MAPS, FILTERS, runCell, statusOf, watchCspViolations } from './helpers';

const PAGE = 'guide/train-your-first-cnn/';
const PLAIN = "import { show } from 'cnn-guide';\nshow.log('the page still runs cells');\n";

test('an endless loop with no await is ended by Stop within 2 s by replacing the worker, and says so', async ({ page }) => {
  const violations = await watchCspViolations(page);
  await page.goto(PAGE);
  await editCell(page, FILTERS, 'let n = 0;\nwhile (true) { n++; }\n');
  const looping = cell(page, FILTERS);
  await looping.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(looping).toHaveAttribute('data-state', 'running');
  // Give the worker time to load its backend and enter the loop.
  await page.waitForTimeout(3_000);
  const pressed = Date.now();
  await looping.getByRole('button', { name: 'Stop' }).click();
  await expect(looping).toHaveAttribute('data-state', 'idle', { timeout: 2_000 });
  expect(Date.now() - pressed).toBeLessThan(2_000);
  await expect(statusOf(page, FILTERS)).toContainText('worker was replaced');

  await editCell(page, FEATURE_MAPS, PLAIN);
  const next = await runCell(page, FEATURE_MAPS, 'done', 60_000);
  await expect(next.locator('.cell-results')).toContainText('the page still runs cells');
  expect(violations).toEqual([]);
});

test('an import of a module that does not exist is named in the cell, and the next cell runs', async ({ page }) => {
  await page.goto(PAGE);
  await editCell(page, FILTERS, "import torch from 'torch';\nconsole.log(torch.nn);\n");
  const broken = await runCell(page, FILTERS, 'error', 60_000);
  await expect(broken.getByRole('alert')).toContainText("'torch' is not available here");
  await expect(broken.getByRole('alert')).toContainText('line 1');

  await editCell(page, FEATURE_MAPS, PLAIN);
  await runCell(page, FEATURE_MAPS, 'done', 60_000);
});

test('a model too big for the browser is refused with its size and the limit, and the next cell runs', async ({ page }) => {
  await page.goto(PAGE);
  await editCell(
    page,
    FILTERS,
    "import { nn, buildModel } from 'cnn-guide';\nbuildModel(nn.Sequential(nn.Flatten(), nn.Linear(100000, 100000)), [1, 100000, 1]);\n",
  );
  const broken = await runCell(page, FILTERS, 'error', 60_000);
  await expect(broken.getByRole('alert')).toContainText('10,000,100,000 parameters (40 GB');
  await expect(broken.getByRole('alert')).toContainText('over the limit of 250,000,000');

  await editCell(page, FEATURE_MAPS, PLAIN);
  await runCell(page, FEATURE_MAPS, 'done', 60_000);
});
