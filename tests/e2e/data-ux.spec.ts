import { expect, test } from '@playwright/test';

test('the grid is one Tab stop: arrow keys move, Enter opens, Tab leaves; thumbnails can show their label', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Data', exact: true }).click();
  const grid = page.getByTestId('thumb-grid');
  await expect(grid).toHaveAttribute('data-count', '10000');
  await expect(grid.locator('button[tabindex="0"]')).toHaveCount(1);
  await page.getByTestId('show-captions').check();
  // The label, and the prediction after it once an earlier spec has scored the test set.
  await expect(grid.locator('button[data-index="0"] .caption')).toHaveText(/^7(→\d)?$/);

  // Tabbing through the controls reaches the grid at its first image.
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-position') ?? null);
  await page.getByTestId('show-captions').focus();
  for (let i = 0; i < 5 && (await focused()) === null; i++) await page.keyboard.press('Tab');
  expect(await focused()).toBe('0');
  await page.keyboard.press('ArrowRight');
  await expect.poll(focused).toBe('1');
  const columns = await grid.evaluate((el) => Math.floor(el.clientWidth / 60));
  await page.keyboard.press('ArrowDown');
  await expect.poll(focused).toBe(String(1 + columns));
  await expect(grid.locator('button[tabindex="0"]')).toHaveCount(1);
  await page.keyboard.press('End');
  await expect.poll(focused).toBe('9999');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('digit-detail')).toContainText('test image 9999');
  await page.keyboard.press('Tab');
  expect(
    await page.evaluate(() => document.activeElement?.closest('[data-testid="thumb-grid"]') === null),
  ).toBe(true);
});

test('with scores loaded the detail panel states one verdict, and thumbnails show label and prediction', async ({
  page,
}) => {
  // The Uncertainty view loads the active model's report, which the Data view then uses.
  await page.goto('/');
  await page.getByRole('tab', { name: 'Uncertainty', exact: true }).click();
  await expect(page.getByTestId('threshold-slider')).toBeVisible({ timeout: 90_000 });
  await page.getByRole('tab', { name: 'Data', exact: true }).click();
  await expect(page.getByTestId('predicted-filter')).toBeEnabled();

  await page.getByTestId('show-captions').check();
  const grid = page.getByTestId('thumb-grid');
  await expect(grid.locator('button[data-index="0"] .caption')).toHaveText('7→7');
  // A misread digit is marked: the first 7 the model reads as another digit (which one depends on the model).
  await page.getByTestId('label-filter').selectOption('7');
  await expect(grid.locator('button[data-index="0"] .caption')).toHaveText(/^7→/);
  const firstWrong = grid.locator('.caption.wrong').first();
  await expect(firstWrong).toHaveText(/^7→[0-689]$/);
  const misread = ((await firstWrong.textContent()) ?? '').trim().slice(-1);
  await page.getByTestId('predicted-filter').selectOption(misread);
  await expect(grid.locator('.caption.wrong').first()).toHaveText(`7→${misread}`);
  await grid.getByRole('button').first().click();

  const detail = page.getByTestId('digit-detail');
  const verdict = detail.getByTestId('detail-verdict');
  await expect(verdict).toHaveCount(1);
  await expect(verdict).toContainText(`Model says ${misread} (wrong)`);
  await expect(detail).not.toContainText('classified');
  await expect(detail.getByText(/accepted|rejected/)).toHaveCount(1);
  // The model's outcome, in the Check card's words.
  const outcome = detail.getByTestId('detail-outcome');
  await expect(outcome).toHaveText(/^(ACCEPT: it is an? \d|Ambiguous: an? \d|Not a digit)/, {
    timeout: 60_000,
  });
  await expect(detail).not.toContainText("I'm not sure");
  await page.screenshot({ path: 'test-results/screenshots/data-detail.png' });
});
