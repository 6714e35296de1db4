import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

// Two models as a crash or an older version leaves them, made from the shipped posterior in the
// served data folder: one stopped without calibration, one left at `training` by a dead trainer.
const source = path.resolve('resources', 'default-model');

function plantModel(id: string, patch: Record<string, unknown>, extra: string[] = []): void {
  const dir = path.join(process.env.E2E_DATA!, 'models', id);
  fs.mkdirSync(dir, { recursive: true });
  for (const file of ['posterior.safetensors', 'metrics.json']) {
    fs.copyFileSync(path.join(source, file), path.join(dir, file));
  }
  const meta = JSON.parse(fs.readFileSync(path.join(source, 'model.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ ...meta, id, name: id, ...patch }));
  for (const file of extra) fs.writeFileSync(path.join(dir, file), 'x');
}

test('a stopped model without calibration offers Calibrate; an interrupted one offers Resume', async ({
  page,
}) => {
  plantModel('20240301-000000-stopped-e2e1', { status: 'stopped', calibration: null });
  plantModel('20240301-000000-crashed-e2e2', { status: 'training', final: null, calibration: null }, [
    'checkpoint.safetensors',
  ]);
  await page.goto('/');
  await page.getByRole('tab', { name: 'Models', exact: true }).click();

  const crashed = page.locator('[data-model-id="20240301-000000-crashed-e2e2"]');
  await expect(crashed.getByTestId('status-badge')).toHaveText('interrupted');
  await expect(crashed.getByRole('button', { name: /^Resume/ })).toBeEnabled();
  await expect(crashed.getByRole('button', { name: /^Use/ })).toBeDisabled();

  const stopped = page.locator('[data-model-id="20240301-000000-stopped-e2e1"]');
  await expect(stopped.getByTestId('status-badge')).toHaveText('stopped');
  await expect(stopped.getByRole('button', { name: /^Use/ })).toHaveCount(0);
  await stopped.getByRole('button', { name: /^Calibrate/ }).click();
  // Calibration scores the 10,000 test digits 100 times and the reference sets (about 7 s alone).
  await expect(page.getByTestId('models-notice')).toContainText('Calibrated', { timeout: 90_000 });
  await expect(stopped.getByRole('button', { name: /^Calibrate/ })).toHaveCount(0);
  await stopped.getByRole('button', { name: /^Use/ }).click();
  await expect(stopped.getByTestId('active-badge')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/models-recovery.png' });
});
