// Bad numbers typed into figures: empty, a lone minus, "e", fractions, 1e9 and
// negatives each get a message in the figure (a polite live region), the
// figure keeps drawing with a sane value, and never shows NaN or Infinity.
import { expect, type Locator } from '@playwright/test';
import { test } from '@playwright/test';
import { hydratedTestId, watchErrors } from './helpers.ts';

/** Types text a number field would refuse from fill() ("-", "e"), key by key, as a reader would. */
async function typeInto(field: Locator, text: string) {
  await field.fill('');
  await field.pressSequentially(text);
}

async function expectNoNaN(fig: Locator) {
  await expect(fig).not.toContainText('NaN');
  await expect(fig).not.toContainText('Infinity');
}

test('the parameter counters take no bad number', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('guide/why-cnns/');
  const fig = await hydratedTestId(page, 'parameter-explosion');
  const message = fig.getByTestId('explosion-error');
  await expect(message).toHaveAttribute('aria-live', 'polite');
  const units = fig.getByTestId('hidden-units');
  const dense = fig.getByTestId('params-dense-total');

  await units.fill('');
  await expect(message).toHaveText(
    'Dense units: empty; enter a whole number from 1 to 100,000. Until then the figure uses 1,000.',
  );
  await expect(dense).toHaveText('150,529,000');
  await expect(units).toHaveAttribute('aria-invalid', 'true');
  await typeInto(units, '-');
  await expect(message).toContainText('Dense units: not a number');
  await units.fill('1e9');
  await expect(message).toHaveText('Dense units: “1e9” is above 100,000, the most this figure takes; it uses 100,000.');
  await expect(dense).toHaveText('15,052,900,000');
  await units.fill('2.5');
  await expect(message).toContainText('“2.5” is not a whole number');
  await fig.getByTestId('image-size').selectOption('custom');
  await fig.getByTestId('custom-height').fill('-7');
  await expect(message).toContainText('Height: “-7” is below 1, the least this figure takes; it uses 1.');
  await expectNoNaN(fig);
  await units.fill('10');
  await fig.getByTestId('custom-height').fill('28');
  await expect(message).toHaveText('');
  await expect(units).toHaveAttribute('aria-invalid', 'false');
  expect(errors).toEqual([]);
});

test('the cost calculator and the kernel playground say what is wrong and keep drawing', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('guide/efficient-convolutions/');
  const cost = await hydratedTestId(page, 'separable-cost');
  const k = cost.getByRole('spinbutton', { name: 'Kernel size k' });
  await typeInto(k, 'e');
  await expect(cost.getByTestId('cost-error')).toHaveText(
    'Kernel size k: not a number; enter a whole number from 1 to 11. Until then the figure uses 3.',
  );
  await expect(cost.getByTestId('cost-ratio')).toContainText('= 1/128 + 1/3² = 0.1189');
  await cost.getByRole('spinbutton', { name: 'Height H' }).fill('99999999');
  await expect(cost.getByTestId('cost-error')).toContainText('Height H: “99999999” is above 512');
  await expectNoNaN(cost);

  await page.goto('guide/convolution/');
  const kernel = await hydratedTestId(page, 'kernel-playground');
  const weights = kernel.getByRole('textbox');
  const reads = kernel.getByTestId('kernel-reads');
  await weights.nth(0).fill('abc');
  await weights.nth(8).fill('1e9');
  await expect(kernel.getByTestId('kernel-error')).toHaveText(
    'Weight row 0, column 0: “abc” is not a number; enter a number from −1000 to 1000. Until then the figure uses −1. ' +
      'Weight row 2, column 2: “1e9” is above 1000, the most this figure takes; it uses 1000.',
  );
  await expect(weights.nth(0)).toHaveAttribute('aria-invalid', 'true');
  await expect(reads).toContainText('Your weights sum to 999');
  await weights.nth(0).fill('');
  await expect(kernel.getByTestId('kernel-error')).toContainText('Weight row 0, column 0: empty');
  await expectNoNaN(kernel);
  await kernel.getByTestId('kernel-preset').selectOption('identity');
  await expect(kernel.getByTestId('kernel-error')).toHaveText('');
  expect(errors).toEqual([]);
});
