import { expect, test } from '@playwright/test';

test('the dataset grid shows MNIST, filters by label, scrolls 60k images and opens a large view', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Data', exact: true }).click();
  const grid = page.getByTestId('thumb-grid');
  await expect(grid).toHaveAttribute('data-count', '10000');

  await page.getByLabel('train').check();
  await expect(grid).toHaveAttribute('data-count', '60000');
  // Only what is on screen exists: far fewer buttons than images.
  expect(await grid.getByRole('button').count()).toBeLessThan(2000);
  await grid.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  await expect(grid.getByRole('button', { name: /train image 3\d{4},/ }).first()).toBeVisible();

  await page.getByLabel('test').check();
  await page.getByTestId('label-filter').selectOption('7');
  await expect(grid).toHaveAttribute('data-count', '1028');
  await grid.getByRole('button').first().click();
  const detail = page.getByTestId('digit-detail');
  await expect(detail.getByTestId('detail-label')).toHaveText('7');
  await page.screenshot({ path: 'test-results/screenshots/data.png' });
});

test('with the test set scored, digits filter by predicted label and sort by uncertainty', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Data', exact: true }).click();
  const grid = page.getByTestId('thumb-grid');
  await page.getByRole('button', { name: 'Score the test set with the active model' }).click();
  await expect(page.getByTestId('predicted-filter')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('label-filter').selectOption('7');
  await page.getByTestId('predicted-filter').selectOption('7');
  // Sevens the model reads as 7: nearly all of the 1028, but not the misread ones.
  const kept = Number(await grid.getAttribute('data-count'));
  expect(kept).toBeGreaterThan(950);
  expect(kept).toBeLessThan(1028);
  await page.getByTestId('predicted-filter').selectOption('1');
  const misread = Number(await grid.getAttribute('data-count'));
  expect(misread).toBeLessThan(40);
  await page.getByTestId('sort').selectOption('most');
  await expect(page.getByTestId('sort')).toHaveValue('most');
});
