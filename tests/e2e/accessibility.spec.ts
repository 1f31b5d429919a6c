// Every built page, in the light and the dark theme, has no serious or
// critical accessibility violation that axe-core finds, and with reduced
// motion asked for nothing on it moves.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { builtPages, hydrateAll } from './helpers';

/** Starlight reads the theme from localStorage before it paints. */
async function openInTheme(page: Page, path: string, theme: 'light' | 'dark'): Promise<void> {
  await page.addInitScript((value) => localStorage.setItem('starlight-theme', value), theme);
  await page.goto(path);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
  await hydrateAll(page, path);
}

for (const path of builtPages()) {
  for (const theme of ['light', 'dark'] as const) {
    test(`${path || '/'} in the ${theme} theme has no serious or critical axe violation`, async ({ page }) => {
      await openInTheme(page, path, theme);
      const { violations } = await new AxeBuilder({ page }).analyze();
      const severe = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`,
        );
      expect(severe, severe.join('\n')).toEqual([]);
    });
  }
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
