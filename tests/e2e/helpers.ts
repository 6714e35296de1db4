import { expect, type Page } from '@playwright/test';

/** Fills the Train form for a run of a few seconds and starts it. */
export async function startTinyRun(page: Page, steps = 600): Promise<void> {
  await page.getByRole('tab', { name: 'Train', exact: true }).click();
  await page.getByLabel('Hidden layers').fill('32');
  await page.getByLabel('Steps', { exact: true }).fill(String(steps));
  await openAdvanced(page);
  await page.getByLabel('Log every (steps)').fill(String(steps / 6));
  await page.getByLabel('Checkpoint every (steps)').fill(String(steps / 2));
  await page.getByLabel('Evaluation samples').fill('2');
  await page.getByLabel('Train eval subset').fill('1000');
  await page.getByTestId('start-training').click();
}

/** Opens the Train form's "Advanced" settings (rarely changed ones live there). */
export async function openAdvanced(page: Page): Promise<void> {
  await page
    .locator('details')
    .filter({ has: page.getByText('Advanced', { exact: true }) })
    .evaluate((details) => ((details as HTMLDetailsElement).open = true));
}

/** Makes sure the Models view lists at least one model, training a tiny one when there is none. */
export async function ensureModel(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Models', exact: true }).click();
  const rows = page.getByTestId('model-row');
  const empty = page.getByText('No models yet.');
  await expect(rows.first().or(empty)).toBeVisible();
  if ((await rows.count()) > 0) return;
  await startTinyRun(page, 300);
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await page.getByRole('tab', { name: 'Models', exact: true }).click();
  await expect(rows.first()).toBeVisible();
}
