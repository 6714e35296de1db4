import { expect, test, type Page } from '@playwright/test';

/** Opens the Data view with the test set scored (by an earlier test, or now); returns the grid. */
async function openScoredData(page: Page) {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Data', exact: true }).click();
  const score = page.getByRole('button', { name: 'Score the test set with the active model' });
  const scored = page.locator('[data-testid="predicted-filter"]:enabled');
  await expect(score.or(scored)).toBeVisible();
  if (await score.isVisible()) await score.click();
  await expect(page.getByTestId('predicted-filter')).toBeEnabled({ timeout: 60_000 });
  return page.getByTestId('thumb-grid');
}

test('the dataset grid shows MNIST, filters by label, scrolls 60k images and opens a large view', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Data', exact: true }).click();
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
  const grid = await openScoredData(page);
  await page.getByTestId('label-filter').selectOption('7');
  await page.getByTestId('predicted-filter').selectOption('7');
  // Sevens the model reads as 7: nearly all of the 1028, but not the misread ones.
  const kept = Number(await grid.getAttribute('data-count'));
  expect(kept).toBeGreaterThan(950);
  expect(kept).toBeLessThan(1028);
  // The misread ones (read as some other digit, which depends on the model) are few.
  expect(1028 - kept).toBeLessThan(40);
  await page.getByTestId('sort').selectOption('most');
  await expect(page.getByTestId('sort')).toHaveValue('most');
});

test('the training digits can be scored too, then filter by predicted label and verdict', async ({
  page,
}) => {
  test.setTimeout(240_000); // 60,000 digits × 100 posterior samples on a shared 2-core machine
  const grid = await openScoredData(page);
  await page.getByLabel('train').check();
  await expect(page.getByTestId('predicted-filter')).toBeDisabled();
  await page.getByRole('button', { name: /Score the training digits/ }).click();
  await expect(page.getByTestId('predicted-filter')).toBeEnabled({ timeout: 180_000 });
  await page.getByTestId('label-filter').selectOption('7');
  await expect(grid).toHaveAttribute('data-count', '6265');
  await page.getByTestId('predicted-filter').selectOption('7');
  const kept = Number(await grid.getAttribute('data-count'));
  expect(kept).toBeGreaterThan(6000);
  expect(kept).toBeLessThan(6265);
  await page.getByTestId('verdict-filter').selectOption('rejected');
  const rejected = Number(await grid.getAttribute('data-count'));
  expect(rejected).toBeGreaterThan(0);
  expect(rejected).toBeLessThan(kept / 10);
  await expect(grid.getByRole('button', { name: /train image \d+,.*score/ }).first()).toBeVisible();
});
