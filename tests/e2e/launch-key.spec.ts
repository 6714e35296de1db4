import { expect, test, type Locator, type Page } from '@playwright/test';

/** The status bar's alert, shown in every view. */
const status = (page: Page): Locator => page.getByRole('contentinfo').getByRole('alert');

// A context with nothing stored: the page knows only what its address tells it.
test.use({ storageState: { cookies: [], origins: [] } });

test('the served page reaches the API only when opened with the printed address and its key', async ({
  page,
}) => {
  const key = process.env.UNSURE_SERVE_KEY ?? '';
  await page.goto('/');
  await expect(status(page)).toContainText('open the address `npm run serve` printed');

  // Pasting the printed address into the open tab changes only the fragment: no reload.
  await page.goto(`/#key=${key}`);
  await page.getByRole('tab', { name: 'System' }).click();
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('system-backend')).not.toBeEmpty();
  // The key leaves the address bar but stays with the page's origin, so a reload still connects.
  expect(page.url()).not.toContain(key);
  await page.reload();
  await page.getByRole('tab', { name: 'System' }).click();
  await expect(page.getByTestId('system-backend')).not.toBeEmpty();
});

test('a page opened with a stale key is told to open the address again', async ({ page }) => {
  await page.goto(`/#key=${'s'.repeat(43)}`);
  await expect(status(page)).toContainText('open the address it printed again');
});
