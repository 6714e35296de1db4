import { expect, test } from '@playwright/test';

test('the built-in model’s training curves and final metrics open from the Models view', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Models', exact: true }).click();
  const builtIn = page.getByTestId('model-row').filter({ hasText: 'built-in' });
  await expect(builtIn).toHaveCount(1);
  await builtIn.getByRole('button', { name: /^Curves/ }).click();

  const panel = page.getByTestId('model-history');
  await expect(panel.getByRole('heading')).toContainText('Training history');
  await expect(panel.getByTestId('final-metrics')).toContainText('Accuracy');
  for (const metric of ['elbo', 'log_likelihood', 'kl_divergence', 'accuracy']) {
    const chart = panel.getByTestId(`chart-${metric}`);
    await expect(chart).toHaveAttribute('data-points', /^\d+$/);
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(1);
  }
  await page.screenshot({ path: 'test-results/screenshots/model-history.png', fullPage: true });

  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toHaveCount(0);
});
