import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';

const folder = path.join(__dirname, '../../resources/samples/not-digits');

test('at 1920 px the charts fill their columns and every figure is explained where shown', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/');
  await page.getByRole('tab', { name: 'Uncertainty', exact: true }).click();
  await expect(page.getByTestId('threshold-slider')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('metric-help')).toContainText('AUROC:');
  await expect(page.getByTestId('metric-help')).toContainText('AUPR:');
  await expect(page.getByTestId('metric-help')).toContainText('FPR@95:');
  await expect(page.getByTestId('ece-help')).toContainText('ECE:');

  const row = page.getByTestId('uncertainty-charts');
  const charts = row.locator('[role="img"]');
  await expect(charts).toHaveCount(2);
  const rowWidth = (await row.boundingBox())!.width;
  let used = 0;
  for (const chart of await charts.all()) used += (await chart.boundingBox())!.width;
  // Two charts share the row; only the gap between them is left.
  expect(used).toBeGreaterThan(rowWidth * 0.95);
  await page.screenshot({ path: 'test-results/screenshots/uncertainty-1920.png', fullPage: true });
});

/** Opens Uncertainty, waits for the report and picks the sample folder under the name "e2e shoes". */
async function pickFolder(page: Page): Promise<Locator> {
  const table = page.getByTestId('ood-table');
  await expect(table).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('ood-folder').setInputFiles(folder);
  await expect(page.getByTestId('ood-folder-picked')).toContainText('not-digits:');
  await page.getByLabel('Name', { exact: true }).fill('e2e shoes');
  return table;
}

const added = /Added “e2e shoes” with \d+ images/;

test('a user set is added with a styled picker, asks before a name is reused, and opens as thumbnails', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Uncertainty', exact: true }).click();
  await expect(page.getByText('Choose a folder of images…')).toBeVisible();
  const table = await pickFolder(page);
  const before = await table.locator('tbody tr').count();
  await page.getByRole('button', { name: /^Add \d+ images/ }).click();
  await expect(page.getByText(added)).toBeVisible({ timeout: 90_000 });
  await expect(table.locator('tbody tr')).toHaveCount(before + 1);

  // The same name again asks first; Cancel adds nothing.
  await pickFolder(page);
  await page.getByRole('button', { name: /^Add \d+ images/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('already have a set named “e2e shoes”');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(before + 1);

  await table.getByRole('button', { name: 'Open e2e shoes' }).click();
  const opened = page.getByTestId('ood-set-images');
  await expect(opened).toBeVisible();
  const line = (await opened.getByTestId('ood-set-through').textContent()) ?? '';
  const through = Number(/(\d+) of \d+ images get through/.exec(line)?.[1]);
  await expect(opened.locator('canvas')).toHaveCount(through);
  await page.screenshot({ path: 'test-results/screenshots/uncertainty-set.png', fullPage: true });
});

test('a set is replaced under its name when the user agrees, and deleted', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Uncertainty', exact: true }).click();
  const table = await pickFolder(page);
  const rows = await table.locator('tbody tr').count();
  test.skip((await table.getByText('e2e shoes').count()) === 0, 'needs the set the previous test adds');
  await page.getByRole('button', { name: /^Add \d+ images/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Replace' }).click();
  await expect(page.getByText(added)).toBeVisible({ timeout: 90_000 });
  await expect(table.locator('tbody tr')).toHaveCount(rows);

  await table.getByRole('button', { name: 'Delete e2e shoes' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(rows - 1, { timeout: 90_000 });
});
