// The landing page as a syllabus, the sidebar's order and runnable marks, the
// title on a phone, the credits and licences: what an instructor planning a
// course, and a reader on a phone, look at.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { hydratedTestId, openWatched, watchErrors } from './helpers.ts';

interface ChapterSource {
  slug: string;
  title: string;
  order: number;
  cells: number;
}

/** The chapters as their sources say: front matter title and order, and their cells. */
function chapterSources(): ChapterSource[] {
  const dir = new URL('../../src/content/docs/guide/', import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => {
      const text = readFileSync(new URL(f, dir), 'utf8');
      const front = text.split('---')[1] ?? '';
      return {
        slug: `guide/${f.replace(/\.mdx$/, '')}`,
        title: (front.match(/^title:\s*(.+)$/m)?.[1] ?? '').replace(/^['"]|['"]$/g, ''),
        order: Number(front.match(/^\s+order:\s*(\d+)/m)?.[1] ?? Infinity),
        cells: text.match(/<RunnableCell[\s/>]/g)?.length ?? 0,
      };
    })
    .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
}

test('the landing page lists every chapter in order, with what runs in it, and links to each', async ({ page }) => {
  const { errors } = await openWatched(page, '');
  const chapters = chapterSources();
  const items = page.getByTestId('syllabus').locator('li');
  await expect(items).toHaveCount(chapters.length);
  for (const [i, chapter] of chapters.entries()) {
    const item = items.nth(i);
    await expect(item.locator('.syllabus-title')).toHaveText(chapter.title);
    await expect(item.locator('.syllabus-summary')).not.toBeEmpty();
    await expect(item.locator('.syllabus-runs')).toHaveText(
      chapter.cells > 0 ? `Runs: ${chapter.cells} cell${chapter.cells === 1 ? '' : 's'}` : 'Reading and figures',
    );
    if (i > 0) await expect(item).toContainText('Builds on:');
    // A chapter whose cells train states how long, from bench/cell-times.mjs's measurements.
    if (((await item.getAttribute('data-training-cells')) ?? '') !== '') {
      await expect(item.locator('.syllabus-time')).toHaveText(/^Training: about \d+ (s|min) on WASM \(CPU\)$/);
    } else {
      await expect(item.locator('.syllabus-time')).toHaveCount(0);
    }
  }
  await expect(page.getByTestId('syllabus-times-note')).toContainText('Chromium');
  await items.nth(1).locator('.syllabus-title').click();
  await expect(page).toHaveURL(new RegExp(`/${chapters[1]!.slug}/$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(chapters[1]!.title);
  expect(errors).toEqual([]);
});

test('the landing page’s first taste is a live figure that loads no engine', async ({ page }) => {
  const { errors, engine } = await openWatched(page, '');
  const figure = await hydratedTestId(page, 'conv-stepper');
  const sentence = figure.getByTestId('stepper-sentence');
  const before = await sentence.textContent();
  await figure.getByRole('button', { name: 'Next' }).click();
  await expect(sentence).not.toHaveText(before ?? '');
  expect(engine).toEqual([]);
  expect(errors).toEqual([]);
});

test('the sidebar numbers the chapters in reading order and marks the runnable ones', async ({ page }) => {
  await page.goto('guide/convolution/');
  const chapters = chapterSources();
  const sidebar = page.locator('#starlight__sidebar');
  for (const [i, chapter] of chapters.entries()) {
    const link = sidebar.locator(`a[href$="/${chapter.slug}/"]`);
    await expect(link).toContainText(`${i + 1}. ${chapter.title}`);
    await expect(link.locator('.sl-badge')).toHaveCount(chapter.cells > 0 ? 1 : 0);
    if (chapter.cells > 0) await expect(link.locator('.sl-badge')).toHaveText('runs');
  }
});

test.describe('on a 390 px phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('the site title is not cut off', async ({ page }) => {
    await page.goto('guide/convolution/');
    const title = page.locator('.site-title span').first();
    await expect(title).toHaveText('CNNs, run in your browser');
    const { scroll, client } = await title.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(scroll, 'the title’s text fits its box').toBeLessThanOrEqual(client);
    await expect(title).toBeInViewport({ ratio: 1 });
  });
});

test('the footer states the licences and links the credits, which list the shipped assets', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('guide/pooling/');
  const footer = page.locator('.licence-line');
  await expect(footer).toContainText('MIT');
  await expect(footer).toContainText('CC BY 4.0');
  await footer.getByRole('link', { name: 'credits' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Credits and licences');
  const main = page.locator('main');
  for (const text of ['Fashion-MNIST', 'Chelsea the cat', 'Cameraman', 'CC0 1.0', 'TensorFlow.js'])
    await expect(main).toContainText(text);
  expect(errors).toEqual([]);
});
