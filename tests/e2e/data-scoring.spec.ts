import { expect, test } from '@playwright/test';

// A file of its own, named to run before every other spec that scores the test set (data-ux, data,
// uncertainty): it needs a server that has not scored the test set yet.
test('scoring shows its progress, can be cancelled, and its scores are there at once after a reload', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await page.getByRole('tab', { name: 'Data', exact: true }).click();
  await page.getByRole('button', { name: 'Score the test set with the active model' }).click();
  await expect(page.getByTestId('scoring-progress')).toHaveText(/Scoring the test set… \d+%/);
  await expect(page.getByTestId('predicted-filter')).toBeEnabled({ timeout: 120_000 });

  await page.getByLabel('train').check();
  await page.getByRole('button', { name: 'Score the training digits too' }).click();
  await expect(page.getByTestId('scoring-progress')).toHaveText(/Scoring 60,000 training digits… \d+%/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Score the training digits too' })).toBeVisible();
  await expect(page.getByText('Training digits not scored')).toHaveCount(0);

  // A reload keeps the Node side's scores: the test set's come back without asking.
  await page.reload();
  await page.getByRole('tab', { name: 'Data', exact: true }).click();
  await expect(page.getByTestId('predicted-filter')).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Score the test set with the active model' })).toHaveCount(0);
});
