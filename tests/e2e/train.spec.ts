import { expect, test } from '@playwright/test';
import { startTinyRun } from './helpers';

test('a short training run streams growing curves, survives a view switch and a reload, and is listed when done', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Train', exact: true }).click();

  // A field error from the contract's schema is shown before anything is sent.
  await page.getByLabel('Hidden layers').fill('64,abc');
  await page.getByTestId('start-training').click();
  await expect(page.getByText('Fix the highlighted settings first.')).toBeVisible();
  await page.getByLabel('Hidden layers').fill('32');

  await startTinyRun(page, 600);

  const progress = page.getByTestId('run-progress');
  await expect(progress).toBeVisible();
  await expect(page.getByTestId('run-backend')).not.toHaveText('—');
  const elbo = page.getByTestId('chart-elbo');
  await expect(elbo).toHaveAttribute('data-points', /^[1-9]/, { timeout: 90_000 });
  const first = Number(await elbo.getAttribute('data-points'));

  // Switching views does not lose the run.
  await page.getByRole('tab', { name: 'Data', exact: true }).click();
  await page.getByRole('tab', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('run-progress')).toBeVisible();

  await expect
    .poll(async () => Number(await page.getByTestId('chart-elbo').getAttribute('data-points')), {
      timeout: 90_000,
    })
    .toBeGreaterThan(first);
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  for (const metric of ['log_likelihood', 'kl_divergence', 'accuracy']) {
    await expect(page.getByTestId(`chart-${metric}`)).not.toHaveAttribute('data-points', '0');
  }
  await expect(page.getByTestId('run-list')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/train.png' });

  // A reload brings back the whole curve from the Node side, not only the last record.
  const drawn = await page.getByTestId('chart-elbo').getAttribute('data-points');
  expect(Number(drawn)).toBeGreaterThan(1);
  // Finished runs are listed newest first; the first cell of a row is the run id.
  const runId = await page.getByTestId('run-list').locator('tbody tr td').first().textContent();
  await page.reload();
  await page.getByRole('tab', { name: 'Train', exact: true }).click();
  await page.getByRole('button', { name: `Show run ${runId}` }).click();
  for (const metric of ['elbo', 'log_likelihood', 'kl_divergence', 'accuracy']) {
    await expect(page.getByTestId(`chart-${metric}`)).toHaveAttribute('data-points', drawn ?? '');
  }
});
