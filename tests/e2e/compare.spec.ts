import { expect, test } from '@playwright/test';
import { ensureModel } from './helpers';

test('the Compare view puts picked models side by side and overlays their score histograms', async ({
  page,
}) => {
  await page.goto('/');
  await ensureModel(page);
  await page.getByRole('tab', { name: 'Compare', exact: true }).click();
  const run = page.getByTestId('compare-run');
  await expect(run).toBeDisabled();
  const boxes = page.getByRole('checkbox');
  await expect(boxes.first()).toBeVisible();
  const picked = Math.min(2, await boxes.count());
  for (let i = 0; i < picked; i++) await boxes.nth(i).check();
  await run.click();

  const table = page.getByTestId('compare-table');
  await expect(table).toBeVisible({ timeout: 90_000 });
  await expect(table.getByRole('columnheader')).toHaveCount(picked);
  await expect(page.getByTestId('compare-row-kind')).toContainText(
    /Bayesian|Ensemble|Point|MC-dropout|Last-layer/,
  );
  await expect(page.getByTestId('compare-row-test-accuracy')).toContainText('%');
  // Every out-of-distribution set gets its AUROC, FPR@95 and refused share rows.
  await expect(table.locator('[data-testid$="-auroc"]').first()).toBeVisible();
  await expect(table.locator('[data-testid$="-fpr95"]').first()).toBeVisible();
  await expect(table.locator('[data-testid$="-refused"]').first()).toBeVisible();

  const histogram = page.getByTestId('compare-histogram');
  await expect(histogram).toHaveAttribute('aria-label', /over the MNIST test digits, one series per model/);
  await page.getByTestId('compare-score').selectOption('max_prob');
  await expect(histogram).toHaveAttribute('aria-label', /Top probability score over the MNIST test digits/);
  await page.getByTestId('compare-histogram-set').selectOption({ index: 1 });
  await expect(histogram).not.toHaveAttribute('aria-label', /MNIST test digits/);
  await page.screenshot({ path: 'test-results/screenshots/compare.png', fullPage: true });
});
