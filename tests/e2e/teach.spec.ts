import { expect, test } from '@playwright/test';
import { openAdvanced } from './helpers';
import { digitPng, payload } from './images';

// The teach loop in the UI: a picture checked, marked as a digit on its card, listed among the marked
// pictures in the Data view with its label, offered to the Train form, measured in Compare, taught
// by a short run continuing the active model, then deleted.
test('a checked picture is marked as a 7, listed, compared, taught by continuing the model and deleted', async ({
  page,
}) => {
  test.setTimeout(360_000);
  await page.goto('/');
  await page.getByRole('tab', { name: 'Check', exact: true }).click();
  await page.getByTestId('file-input').setInputFiles([payload('my-seven.png', await digitPng(7))]);
  const card = page.getByRole('article', { name: 'Result for my-seven.png' });
  await expect(card.getByTestId('verdict')).toBeVisible({ timeout: 60_000 });
  await card.getByRole('combobox', { name: 'Mark my-seven.png as the digit' }).selectOption('7');
  await expect(card.getByTestId('teach-status')).toHaveText('Kept as 7 to teach the next run');

  await page.getByRole('tab', { name: 'Data', exact: true }).click();
  const list = page.getByTestId('marked-pictures');
  await list.getByText(/Marked pictures \(1\)/).click();
  const entry = list.getByTestId('marked-entry');
  await expect(entry).toHaveCount(1);
  await expect(entry).toHaveAttribute('data-label', '7');
  await expect(entry.getByText('my-seven.png')).toBeVisible();
  await expect(entry.getByRole('img', { name: 'my-seven.png as the network sees it' })).toBeVisible();

  await page.getByRole('tab', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Include my marked pictures (1)')).toBeVisible();
  await expect(page.getByTestId('train-teach')).toBeEnabled();
  // The run's dataset: MNIST unless the user imported another.
  const dataset = page.getByRole('combobox', { name: 'Dataset' });
  await expect(dataset).toHaveValue('mnist');
  await expect(dataset.locator('option')).toContainText([/mnist — 10 classes, 28×28 grey/]);

  // Compare shows how a model reads the marked digits: read right and refused, beside the standard sets.
  await page.getByRole('tab', { name: 'Compare', exact: true }).click();
  await page.getByRole('checkbox').first().check();
  await page.getByTestId('compare-run').click();
  const marked = page.getByTestId('compare-row-set-marked-digits-accuracy');
  await expect(marked).toContainText(/Read right\s*(0|100)\.0%/, { timeout: 90_000 });
  await expect(page.getByTestId('compare-row-set-marked-digits-refused')).toContainText('%');

  // Taught by continuing the active model: the form takes its recipe, briefer (1000 steps). Only a model
  // that finished training can be continued; another spec may have left a stopped one active.
  await page.getByRole('tab', { name: 'Models', exact: true }).click();
  const builtIn = page.locator('[data-model-id="default"]');
  const use = builtIn.getByRole('button', { name: /^Use/ });
  if (await use.isEnabled()) await use.click();
  await expect(builtIn.getByTestId('active-badge')).toBeVisible();
  await page.getByRole('tab', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('train-continue')).toHaveCount(0);
  await page.getByTestId('train-teach').check();
  await expect(page.getByText(/Continue the active model “.+” \(1000 steps/)).toBeVisible();
  await page.getByTestId('train-continue').check();
  const steps = page.getByLabel('Steps', { exact: true });
  await expect(steps).toHaveValue('1000');
  await steps.fill('20');
  await openAdvanced(page);
  await page.getByLabel('Log every (steps)').fill('20');
  await page.getByLabel('Checkpoint every (steps)').fill('20');
  await page.getByLabel('Train eval subset').fill('500');
  await page.getByTestId('start-training').click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-status', 'done', { timeout: 240_000 });

  await page.getByRole('tab', { name: 'Data', exact: true }).click();
  await list.getByRole('button', { name: 'Delete my-seven.png' }).click();
  await expect(list.getByTestId('marked-entry')).toHaveCount(0);
  await expect(list.getByText(/Marked pictures \(0\)/)).toBeVisible();
});
