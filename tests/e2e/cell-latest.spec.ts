// With long code, a running cell shows its latest output under its buttons,
// where the reader who pressed Run is looking.
import { expect, test } from '@playwright/test';
import { editCell } from './helpers.ts';

test('a running cell shows its latest log line near Run, and drops it when done', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('guide/how-cnns-learn/');
  const code = [
    "import { show } from 'cnn-guide';",
    ...Array.from({ length: 60 }, (_, i) => `// a long cell, line ${i + 2}`),
    "show.log('first step done');",
    'await new Promise((resolve) => setTimeout(resolve, 4000));',
    "show.log('all done');",
  ].join('\n');
  await editCell(page, 'learn-edge-kernel', code);
  const cell = page.locator('[data-cell="learn-edge-kernel"]');
  const run = cell.getByRole('button', { name: 'Run', exact: true });
  await run.click();
  const latest = cell.getByTestId('cell-latest');
  await expect(latest).toContainText('Latest: first step done', { timeout: 120_000 });
  const runBox = (await run.boundingBox())!;
  const latestBox = (await latest.boundingBox())!;
  expect(latestBox.y - runBox.y, 'the latest line sits just under the buttons').toBeLessThan(150);
  await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(latest).toHaveCount(0);
  await expect(cell.locator('.cell-results')).toContainText('all done');
});
