import { expect, test } from '@playwright/test';
import { startTinyRun } from './helpers';

test('the Train form explains presets, groups settings and says what is wrong in plain words', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Train', exact: true }).click();
  await page.getByLabel('Preset').selectOption('robust');
  await expect(page.getByText(/outlier exposure/).first()).toBeVisible();

  // Rarely changed settings wait under Advanced.
  await expect(page.getByLabel('Seed')).toBeHidden();
  await page.getByLabel('Learning rate', { exact: true }).fill('0');
  await page.getByTestId('start-training').click();
  await expect(page.getByText('Learning rate must be greater than 0')).toBeVisible();
  await page.getByLabel('Learning rate', { exact: true }).fill('0.001');

  // An error in an Advanced setting opens Advanced to show it.
  await page.locator('details').filter({ hasText: 'Advanced' }).locator('summary').click();
  await page.getByLabel('Seed').fill('-1');
  await page.locator('details').filter({ hasText: 'Advanced' }).locator('summary').click();
  await expect(page.getByLabel('Seed')).toBeHidden();
  await page.getByTestId('start-training').click();
  await expect(page.getByText('Seed must be at least 0')).toBeVisible();
  await expect(page.getByLabel('Seed')).toBeVisible();
});

test('the Train form shows only the settings the chosen family and network use, each family explained', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Train', exact: true }).click();
  await page.getByLabel('Preset').selectOption('article');
  await expect(page.getByText('every weight is a bell curve learned by variational inference')).toBeVisible();
  await expect(page.getByLabel('β (KL weight)')).toBeVisible();
  await expect(page.getByLabel('Convolution channels')).toHaveCount(0);
  await expect(page.getByLabel('Dropout rate')).toHaveCount(0);

  await page.getByLabel('Model family').selectOption({ label: 'MC dropout' });
  await expect(page.getByText(/keeps dropping random units when it predicts/)).toBeVisible();
  await expect(page.getByLabel('Dropout rate')).toBeVisible();
  await expect(page.getByLabel('Weight decay')).toBeVisible();
  await expect(page.getByLabel('β (KL weight)')).toHaveCount(0);
  await page.getByLabel('Network').selectOption('cnn');
  await expect(page.getByLabel('Convolution channels')).toHaveValue('32,64');

  // A preset sets the family and the network at once.
  await page.getByLabel('Preset').selectOption('laplace');
  await expect(page.getByLabel('Model family')).toHaveValue('laplace');
  await expect(page.getByLabel('Laplace curvature')).toHaveValue('kron');
  await expect(page.getByLabel('Convolution channels')).toBeVisible();
  await expect(page.getByLabel('Dropout rate')).toHaveCount(0);
  await page.getByLabel('Preset').selectOption('ensemble');
  await expect(page.getByLabel('Ensemble members')).toHaveValue('5');
  await expect(page.getByText(/Deep ensemble of 5 point CNNs/)).toBeVisible();
});

test('a paused run says Paused with no ETA, a reload shows its settings, and its model can be used and checked', async ({
  page,
}) => {
  await page.goto('/');
  await startTinyRun(page, 60000);
  const progress = page.getByTestId('run-progress');
  const status = page.getByTestId('run-status');
  await expect(status).toHaveText('Running', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toHaveText('Paused');
  await expect(page.getByTestId('run-eta')).toHaveCount(0);
  await expect(progress).not.toContainText('ETA');

  // After a reload the form shows the settings the paused run trains with, not a preset's.
  await page.reload();
  await page.getByRole('tab', { name: 'Train', exact: true }).click();
  await expect(page.getByLabel('Hidden layers')).toHaveValue('32');
  await expect(page.getByLabel('Steps', { exact: true })).toHaveValue('60000');
  await expect(status).toHaveText('Paused');

  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(progress).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
  // Train and test KL are one number: one line.
  await expect(page.getByTestId('metric-kl_divergence')).toHaveAttribute('data-lines', '1');
  await expect(page.getByTestId('metric-elbo')).toHaveAttribute('data-lines', '2');

  const model = page.getByTestId('run-model');
  await expect(model).toContainText(/[a-z-]+ · \d{4}-\d\d-\d\d \d\d:\d\d · \d+\.\d% test/);
  await page.getByRole('button', { name: 'Use this model' }).click();
  await expect(model).toContainText('(active)');
  await expect(page.getByRole('button', { name: 'Use this model' })).toBeDisabled();
  await page.screenshot({ path: 'docs/screenshots/train-finished.png' });

  // The finished run links to its model in the Models view.
  // Other specs' runs may be listed too (the data folder is shared): this run's link carries its model's name.
  const name =
    /[a-z-]+ · \d{4}-\d\d-\d\d \d\d:\d\d · \d+\.\d% test/.exec((await model.textContent()) ?? '')?.[0] ?? '';
  expect(name).not.toBe('');
  const link = page.getByTestId('run-list').getByRole('button', { name, exact: true });
  await link.click();
  await expect(page.getByRole('tab', { name: 'Models', exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.locator('[data-testid="model-row"].focused')).toContainText(name);

  await page.getByRole('tab', { name: 'Train', exact: true }).click();
  await page.getByRole('button', { name: 'Check with it' }).click();
  await expect(page.getByRole('tab', { name: 'Check', exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});
