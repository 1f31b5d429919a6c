// A reader with a keyboard and no mouse goes through a chapter: skips the
// navigation, reaches a cell, edits it, leaves the editor, runs it, reads the
// output, stops a second run, then reaches a figure and operates it. Every
// stop on the way must show where the focus is. A second test asks for
// reduced motion and checks that nothing on the page animates then: neither
// the figures' transitions nor a cell's live chart and progress.
import { expect, test, type Page } from '@playwright/test';
import { watchErrors } from './helpers.ts';

const PAGE = 'guide/how-cnns-learn/?backend=wasm';
const CELL = 'training-loop';
// A short program in place of the chapter's training: a few seconds of chart points, checking for Stop.
const PROGRAM = [
  "import { checkStop, show } from 'cnn-guide';",
  "show.log('typed at the keyboard');",
  "const spec = { id: 'keys', title: 'Squares', xLabel: 'step', yLabel: 'value', series: ['value'] };",
  'for (let i = 1; i <= 20; i++) { await new Promise((r) => setTimeout(r, 150)); await checkStop(); show.chart(spec, i, [i * i]); }',
  "show.log('finished');",
];

interface Focused {
  /** What the focused element is, for messages: tag, role or text. */
  what: string;
  visible: boolean;
  inCell: string | null;
  inFigure: string | null;
  inEditor: boolean;
  label: string;
}

/** The focused element, and whether it shows a focus indicator (its own outline or shadow, or the editor's frame). */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body)
      return { what: 'body', visible: false, inCell: null, inFigure: null, inEditor: false, label: '' };
    const editor = el.closest('.cm-editor') as HTMLElement | null;
    const shown = (node: HTMLElement) => {
      const s = getComputedStyle(node);
      return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    };
    return {
      what: `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''} “${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}”`,
      visible: shown(editor ?? el),
      inCell: el.closest('[data-cell]')?.getAttribute('data-cell') ?? null,
      inFigure: el.closest('[data-testid$="-stepper"], figure')?.getAttribute('data-testid') ?? null,
      inEditor: editor !== null,
      label: (el.textContent ?? '').trim(),
    };
  });
}

/** Presses `key` until the focus satisfies `done`, at most `max` times; every stop must show its focus. */
async function pressUntil(
  page: Page,
  key: string,
  done: (f: Focused) => boolean,
  max: number,
  hidden: string[],
): Promise<number> {
  for (let n = 1; n <= max; n++) {
    await page.keyboard.press(key);
    let f = await focused(page);
    // CodeMirror marks itself focused (.cm-focused, which draws its ring) a moment after the focus event.
    if (!f.visible) {
      await page.waitForTimeout(300);
      f = await focused(page);
    }
    if (!f.visible) hidden.push(f.what);
    if (done(f)) return n;
  }
  throw new Error(`${key} × ${max} did not get there; focus is on ${(await focused(page)).what}`);
}

test('a keyboard-only reader edits, runs, reads and stops a cell, and operates a figure', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = watchErrors(page);
  const hidden: string[] = [];
  await page.goto(PAGE);
  const cell = page.locator(`[data-cell="${CELL}"]`);

  // The first Tab reaches Starlight's skip link; Enter skips the header and sidebar.
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('Skip to content');
  await page.keyboard.press('Enter');
  await pressUntil(page, 'Tab', (f) => f.inCell === CELL && f.label === 'Edit', 60, hidden);
  // Cells hydrate as they near the view or take the focus, which the Tabs just did:
  // a reader's next key lands on the hydrated cell (a test's, sent at once, waits for it).
  await expect(page.locator('astro-island', { has: cell })).not.toHaveAttribute('ssr');

  // Edit, then into the editor: past the cell's other controls and its code tabs.
  await page.keyboard.press('Enter');
  await expect(cell.locator('.cm-content')).toBeVisible();
  expect(await pressUntil(page, 'Tab', (f) => f.inEditor, 8, hidden)).toBeLessThanOrEqual(6);
  await expect(cell.locator('.cm-content')).toHaveAttribute('aria-describedby', `${CELL}-editor-keys`);
  await expect(cell.locator(`#${CELL}-editor-keys`)).toContainText('Tab and Shift+Tab leave the editor');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  for (const line of PROGRAM) {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  }
  await expect(cell).toHaveAttribute('data-changed', 'true');
  await expect(cell.locator('.cm-content')).toContainText("show.log('finished');");

  // The editor does not trap the focus: Escape then Tab leaves it forwards, Shift+Tab comes back.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  expect((await focused(page)).inEditor).toBe(false);
  await page.keyboard.press('Shift+Tab');
  expect((await focused(page)).inEditor).toBe(true);
  expect(await pressUntil(page, 'Shift+Tab', (f) => f.inCell === CELL && f.label === 'Run', 10, hidden)).toBeLessThanOrEqual(7);

  // Run: the focus moves to Stop while Run is disabled, and back to Run when the run ends.
  await page.keyboard.press('Enter');
  await expect(cell).toHaveAttribute('data-state', 'running');
  await expect(cell.getByRole('button', { name: 'Stop' })).toBeFocused();
  await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 40_000 });
  await expect(cell.getByRole('button', { name: 'Run', exact: true })).toBeFocused();
  await expect(cell.getByRole('status')).toContainText(/Done in [\d.]+ s/);
  const results = cell.locator('.cell-results');
  await expect(results).toContainText('typed at the keyboard');
  await expect(results).toContainText('finished');
  await expect(results.getByRole('figure').or(results.locator('figure')).first()).toContainText('Squares');

  // Run again with Space, and Stop it with Enter while it runs: the run ends and says so.
  await page.keyboard.press('Space');
  await expect(cell).toHaveAttribute('data-state', 'running');
  await expect(cell.getByRole('button', { name: 'Stop' })).toBeFocused();
  await expect(results).toContainText('typed at the keyboard');
  await page.keyboard.press('Enter');
  await expect(cell).toHaveAttribute('data-state', 'idle', { timeout: 10_000 });
  await expect(cell.getByRole('status')).toContainText('Stopped');
  await expect(results).not.toContainText('finished');
  await expect(cell.getByRole('button', { name: 'Run', exact: true })).toBeFocused();

  // On to the backpropagation figure: its radio group and its grid of gradient entries, by keys alone.
  const figure = page.getByTestId('backprop-stepper');
  const sentence = figure.getByTestId('backprop-sentence');
  await pressUntil(page, 'Tab', (f) => f.inFigure === 'backprop-stepper', 80, hidden);
  await expect(figure.getByRole('radio', { name: /dL\/dW/ })).toBeFocused();
  // Figures hydrate when they come into view, which the Tab just did: on a busy
  // machine a key pressed before that moves only the server-rendered radio.
  await expect(page.locator('astro-island', { has: figure }).first()).not.toHaveAttribute('ssr', { timeout: 15_000 });
  const before = await sentence.textContent();
  await page.keyboard.press('ArrowDown');
  await expect(figure.getByRole('radio', { name: /dL\/dX/ })).toBeChecked();
  await expect(sentence).not.toHaveText(before ?? '');
  const chosen = await sentence.textContent();
  await pressUntil(page, 'Tab', (f) => f.inFigure === 'backprop-stepper' && /dL\/dX row/.test(f.what + f.label), 30, hidden);
  await page.keyboard.press('ArrowRight');
  await expect(sentence).not.toHaveText(chosen ?? '');
  await expect(figure.getByTestId('backprop-products')).toContainText('dL/dX[0, 1]');

  expect(hidden, 'every element the focus stopped on shows a focus indicator').toEqual([]);
  expect(errors).toEqual([]);
});
