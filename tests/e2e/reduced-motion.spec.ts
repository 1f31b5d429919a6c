// A reader who asks the system for reduced motion: nothing on the page moves
// by itself. The figures' transitions end at once, and a cell's live training
// curves (uPlot) and progress bar update in place, without transitions. The
// same probe with motion allowed finds the figure's transitions, so it can see them.
import { expect, test, type Page } from '@playwright/test';
import { editCell, hydratedTestId, runCell, smallTrainingCode, watchErrors } from './helpers.ts';

/** Animations and transitions that are playing and last longer than a millisecond. */
function moving(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    document
      .getAnimations()
      .filter((a) => a.playState === 'running' && Number(a.effect?.getComputedTiming().duration ?? 0) > 1)
      .map((a) => {
        const target = (a.effect as KeyframeEffect | null)?.target as Element | null;
        const name = a instanceof CSSTransition ? `transition of ${a.transitionProperty}` : a.constructor.name;
        return `${name} on ${target?.tagName.toLowerCase() ?? '?'}.${target?.getAttribute('class') ?? ''}`;
      }),
  );
}

/** Picks a gradient with the figure's radio and reports what moves in the next two frames. */
async function chooseAndWatch(page: Page, name: RegExp): Promise<string[]> {
  const radio = page.getByTestId('backprop-stepper').getByRole('radio', { name });
  await radio.evaluate((el) => {
    (el as HTMLInputElement).click();
    return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
  return moving(page);
}

/** Opens or closes the sidebar's group (its caret turns, a 0.2 s transition) and reports what moves right after. */
async function toggleGroupAndWatch(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    const group = document.querySelector('details:has(svg.caret)') as HTMLDetailsElement;
    group.open = !group.open;
  });
  return moving(page);
}

test('with reduced motion, figures and a training cell’s live charts do not animate', async ({ page }) => {
  const errors = watchErrors(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('guide/how-cnns-learn/?backend=wasm');
  await hydratedTestId(page, 'backprop-stepper');
  expect(await chooseAndWatch(page, /dL\/dX/)).toEqual([]);

  // Three epochs of a tiny training run: the loss and accuracy curves grow point by point, the progress bar fills.
  await editCell(page, 'training-loop', smallTrainingCode().replace(/const EPOCHS = \d+;/, 'const EPOCHS = 3;'));
  const seen = new Set<string>();
  const cell = page.locator('[data-cell="training-loop"]');
  const run = runCell(page, 'training-loop', 'done', 60_000);
  await expect(cell).toHaveAttribute('data-state', 'running');
  while ((await cell.getAttribute('data-state')) === 'running') {
    for (const m of await moving(page)) seen.add(m);
    await page.waitForTimeout(100);
  }
  await run;
  expect([...seen]).toEqual([]);
  // The charts were drawn: uPlot's canvases, one per chart, and the last epoch logged.
  await expect(cell.locator('.cell-results canvas')).toHaveCount(2);
  await expect(cell.locator('.cell-results')).toContainText('Epoch 3/3');
  // The probe sees motion when there is some: the sidebar caret turns when motion is allowed, and not when it is not.
  expect(await toggleGroupAndWatch(page)).toEqual([]);
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  expect(await toggleGroupAndWatch(page)).toContainEqual(expect.stringMatching(/transition of transform on svg/));
  expect(errors).toEqual([]);
});
