import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { ensureModel } from './helpers';

test('an export is named after its model, an identical posterior is not imported twice, errors name the file once', async ({
  page,
}) => {
  await page.goto('/');
  await ensureModel(page);
  const rows = page.getByTestId('model-row');
  const before = await rows.count();
  const first = rows.first();
  const name = (await first.locator('.name').textContent()) ?? '';

  const downloading = page.waitForEvent('download');
  await first.getByRole('button', { name: /^Export/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(
    `${name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '')}.safetensors`,
  );

  const notice = page.getByTestId('models-notice');
  await page.getByTestId('import-input').setInputFiles({
    name: 'copy.safetensors',
    mimeType: 'application/octet-stream',
    buffer: fs.readFileSync(await download.path()),
  });
  await expect(notice).toHaveText(
    `copy.safetensors was not imported: it holds the same posterior as “${name}”, already in the list.`,
  );
  await expect(rows).toHaveCount(before);

  await page.getByTestId('import-input').setInputFiles({
    name: 'junk.safetensors',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('definitely not a posterior'),
  });
  await expect(notice).toContainText(
    'junk.safetensors was not imported: it is not a posterior exported by Unsure',
  );
  expect(((await notice.textContent()) ?? '').split('junk.safetensors')).toHaveLength(2);
});

test('rename selects the name, Escape cancels, and the table fits 1024 px while editing', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/');
  await ensureModel(page);
  const rows = page.getByTestId('model-row');
  // A user model to rename: import a copy of the first one with one weight changed.
  const downloading = page.waitForEvent('download');
  await rows
    .first()
    .getByRole('button', { name: /^Export/ })
    .click();
  const bytes = fs.readFileSync(await (await downloading).path());
  bytes[bytes.length - 8]! ^= 1;
  const before = await rows.count();
  await page
    .getByTestId('import-input')
    .setInputFiles({ name: 'other.safetensors', mimeType: 'application/octet-stream', buffer: bytes });
  await expect(rows).toHaveCount(before + 1);

  const editable = rows
    .filter({ has: page.getByRole('button', { name: /^Rename/, disabled: false }) })
    .first();
  const row = page.locator(`[data-model-id="${await editable.getAttribute('data-model-id')}"]`);
  const name = (await row.locator('.name').textContent()) ?? '';
  await row.getByRole('button', { name: /^Rename/ }).click();
  const field = row.getByRole('textbox');
  await expect(field).toBeFocused();
  expect(
    await field.evaluate(
      (el: HTMLInputElement) =>
        el.selectionStart === 0 && el.selectionEnd === el.value.length && el.value.length > 0,
    ),
  ).toBe(true);

  const table = page.getByTestId('models-table');
  const fits = () =>
    table.evaluate(
      (el) =>
        el.getBoundingClientRect().right <= document.documentElement.clientWidth &&
        el.scrollWidth <= el.parentElement!.clientWidth,
    );
  expect(await fits()).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  await page.keyboard.type('not kept');
  await page.keyboard.press('Escape');
  await expect(field).toHaveCount(0);
  await expect(row.locator('.name')).toHaveText(name);
  expect(await fits()).toBe(true);
  await page.screenshot({ path: 'test-results/screenshots/models-1024.png' });
});
