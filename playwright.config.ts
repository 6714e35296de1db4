import { defineConfig } from '@playwright/test';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KEY_STORAGE_ITEM } from './src/shared/ws-protocol';

// Playwright's own browser download cannot run here: use Debian's Chromium (or CHROMIUM_PATH).
const chromium =
  process.env.CHROMIUM_PATH ??
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const port = Number(process.env.E2E_PORT ?? 5391);
// Each run gets a fresh data folder so tests never touch the user's models.
const dataRoot = process.env.E2E_DATA ?? fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-e2e-'));
process.env.E2E_DATA = dataRoot;
// The served page needs the launch key `serve` prints. The suite starts the server itself, so it
// hands the server a fresh key (inherited by every worker) and puts it in the page's storage, where
// the page keeps a key it was opened with: no spec changes, and the server still checks it.
const launchKey = process.env.UNSURE_SERVE_KEY || crypto.randomBytes(32).toString('base64url');
process.env.UNSURE_SERVE_KEY = launchKey;
const origin = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.PW_REPORTERS === 'list,json' ? [['list'], ['json']] : [['list']],
  use: {
    baseURL: `${origin}/`,
    storageState: {
      cookies: [],
      origins: [{ origin, localStorage: [{ name: KEY_STORAGE_ITEM, value: launchKey }] }],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: `node out/main/serve.js --port ${port} --data ${dataRoot}`,
    url: `${origin}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
});
