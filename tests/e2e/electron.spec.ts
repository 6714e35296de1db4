// The desktop shell itself: launch from app://unsure, IPC through the preload, the data folder from
// UNSURE_HOME, window security settings and the native save dialog. Needs an Electron binary; where
// there is none (as on CI machines without downloads), the suite is skipped with the reason printed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';

const electronDir = path.join(__dirname, '../../node_modules/electron');

/** The Electron executable if installed, read the way the electron package does, without downloading. */
function electronBinary(): string | null {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

const binary = electronBinary();
if (!binary)
  console.log(
    '[electron suite] skipped: no Electron binary in node_modules/electron (downloads are off here)',
  );

test.describe('Electron app', () => {
  test.skip(!binary, 'no Electron binary installed');
  let app: ElectronApplication;
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-electron-'));

  test.beforeAll(async () => {
    app = await electron.launch({
      executablePath: binary ?? undefined,
      args: [path.join(__dirname, '../../out/main/index.js')],
      env: { ...process.env, UNSURE_HOME: dataRoot },
    });
  });
  test.afterAll(async () => {
    await app.close();
  });

  test('launches one secure window whose UI reaches main over IPC', async () => {
    const window = await app.firstWindow();
    await expect(window).toHaveTitle('Unsure');
    await expect(window.getByTestId('backend')).not.toBeEmpty();
    // Isolation and sandbox as the page sees them: no Node globals, only the contract's bridge.
    const globals = await window.evaluate(() => {
      const page = window as unknown as Record<string, unknown>;
      return { require: typeof page.require, process: typeof page.process, bridge: typeof page.unsure };
    });
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridge: 'object' });
    const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
    expect(windows).toBe(1);
  });

  test('serves the UI from app://unsure and keeps its data in UNSURE_HOME', async () => {
    const window = await app.firstWindow();
    expect(window.url()).toMatch(/^app:\/\/unsure\//);
    // The bridge's own answer, so the folder is the one main actually uses.
    const info = await window.evaluate(() => {
      const bridge = (window as unknown as { unsure: { getSystemInfo(): Promise<unknown> } }).unsure;
      return bridge.getSystemInfo();
    });
    expect(info).toMatchObject({ ok: true, value: { dataRoot } });
  });

  test('exports a posterior through the native save dialog', async () => {
    const window = await app.firstWindow();
    const target = path.join(dataRoot, 'exported.safetensors');
    // Answer the native dialog from main, as a user picking a path would.
    await app.evaluate(({ dialog }, file) => {
      dialog.showSaveDialog = () => Promise.resolve({ canceled: false, filePath: file });
    }, target);
    await window.getByRole('tab', { name: 'Models', exact: true }).click();
    const row = window.getByTestId('model-row').first();
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: /^Export/ }).click();
    await expect(window.getByTestId('models-notice')).toContainText(target);
    expect(fs.statSync(target).size).toBeGreaterThan(1000);
  });
});
