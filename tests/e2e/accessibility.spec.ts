// Every built page, in the light and the dark theme, has no serious or
// critical accessibility violation that axe-core finds, and with reduced
// motion asked for nothing on it moves.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { builtPages, hydrateAll } from './helpers';

async function severeViolations(page: Page): Promise<string[]> {
  // Off-screen blocks skip layout (content-visibility: auto, see
  // scripts/skip-offscreen.mjs) and keep a placeholder size, which axe takes
  // for a scrollable region once its own scrolling has moved the page. Lay the
  // whole page out, as a reader scrolling to any block gets it.
  await page.evaluate(() => document.documentElement.classList.remove('skip-offscreen'));
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  // Expressive Code marks a sideways-scrolling block focusable in idle slices
  // (scripts/ec-sliced-tabindex.mjs), not at once: wait until it has marked
  // every such block. If it never does, this times out and the test fails.
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.expressive-code pre')].every(
        (pre) => pre.scrollWidth <= pre.clientWidth || pre.getAttribute('tabindex') === '0',
      ),
    null,
    { timeout: 15_000 },
  );
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`,
    );
}

// One load per page, both themes: switching the theme in place is what
// Starlight's own theme picker does (data-theme on <html>), and it saves a
// page load and hydration per scan.
for (const path of builtPages()) {
  test(`${path || '/'} has no serious or critical axe violation in the light or the dark theme`, async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('starlight-theme', 'light'));
    await page.goto(path);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await hydrateAll(page, path);
    const light = await severeViolations(page);
    expect(light, `light theme:\n${light.join('\n')}`).toEqual([]);
    await page.evaluate(() => {
      localStorage.setItem('starlight-theme', 'dark');
      document.documentElement.dataset.theme = 'dark';
    });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const dark = await severeViolations(page);
    expect(dark, `dark theme:\n${dark.join('\n')}`).toEqual([]);
  });
}

test('with reduced motion asked for, no element on any page animates or transitions', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  for (const path of builtPages()) {
    await page.goto(path);
    await hydrateAll(page, path);
    const moving = await page.evaluate(() => {
      const seconds = (list: string) =>
        Math.max(...list.split(',').map((t) => parseFloat(t) * (t.trim().endsWith('ms') ? 0.001 : 1)));
      const found: string[] = [];
      for (const element of document.querySelectorAll('body *')) {
        const style = getComputedStyle(element);
        const transition = seconds(style.transitionDuration);
        const animation = style.animationName !== 'none' ? seconds(style.animationDuration) : 0;
        if (transition > 0.01 || animation > 0.01) {
          found.push(
            `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}: transition ${transition}s, animation ${animation}s`,
          );
        }
      }
      return found;
    });
    expect(moving, `${path}: ${moving.slice(0, 10).join('\n')}`).toEqual([]);
  }
});
