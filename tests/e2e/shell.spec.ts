// The app's frame: view tabs by keyboard, the favicon, and a one-line status bar.
import { expect, test } from '@playwright/test';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('the view tabs follow the tabs pattern: one Tab stop, arrows, Home and End', async ({ page }) => {
  const tabs = page.getByRole('tablist', { name: 'Views' }).getByRole('tab');
  await expect(tabs).toHaveText(['Data', 'Train', 'Uncertainty', 'Check', 'Models', 'Compare', 'System']);
  const check = page.getByRole('tab', { name: 'Check' });
  await expect(check).toHaveAttribute('aria-selected', 'true');
  // Roving tabindex: only the selected tab is in the Tab order.
  await expect(page.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
  await check.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Models' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Models' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel')).toHaveAccessibleName('Models');
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'System' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Data' })).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('tab', { name: 'System' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(page.getByRole('tab', { name: 'Data' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Data' })).toHaveAttribute('tabindex', '0');
  await expect(page.getByRole('tab', { name: 'Check' })).toHaveAttribute('tabindex', '-1');
  // Tab leaves the tab list for the panel's first control.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('tablist').getByRole('tab').and(page.locator(':focus'))).toHaveCount(0);
});

test('the page has the app icon as its favicon', async ({ page, request }) => {
  const href = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(href).toBeTruthy();
  const icon = await request.get(new URL(href!, page.url()).href);
  expect(icon.ok()).toBe(true);
  expect(icon.headers()['content-type']).toMatch(/^image\/svg\+xml/);
  expect(await icon.text()).toMatch(/^<svg /);
});

test('the status bar stays one line at 1024 px', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const bar = page.getByRole('contentinfo', { name: 'System status' });
  await expect(bar.getByTestId('backend')).toBeVisible();
  const lineHeight = await bar.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
  const tops = await bar
    .locator(':scope > span')
    .evaluateAll((spans) => spans.map((s) => s.getBoundingClientRect().top));
  expect(new Set(tops).size).toBe(1);
  const box = await bar.boundingBox();
  expect(box!.height).toBeLessThan(2 * lineHeight);
  expect(box!.x + box!.width).toBeLessThanOrEqual(1024);
});
