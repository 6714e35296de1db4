import { expect, test } from '@playwright/test';

test('the served UI shows the TensorFlow backend the engine runs on', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'System', exact: true }).click();
  const backend = page.getByTestId('system-backend');
  await expect(backend).not.toBeEmpty();
  // Where the TensorFlow wheel was available at install time, a silent fallback to WASM is a failure.
  const expected = process.env.UNSURE_EXPECT_BACKEND;
  if (expected) await expect(backend).toHaveText(expected);
  await expect(page.getByTestId('system-mnist')).toContainText('found');
  await page.screenshot({ path: 'test-results/screenshots/system.png', fullPage: true });
});
