// Saves a screenshot of each view of a running `npm run serve` (Debian's Chromium) for the README:
//   node out/main/serve.js --port 5390 &   then   node scripts/screenshots.mjs URL [OUT_DIR]
// where URL is the address serve printed, key included (or UNSURE_URL holds it).
// Check gets sample photos to judge, Train a short run, Data its least sure digits and one opened.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';

const url = process.argv[2] ?? process.env.UNSURE_URL;
if (!url || !new URL(url).hash.includes('key=')) {
  console.error('usage: node scripts/screenshots.mjs URL [OUT_DIR], with the address serve printed (#key=…)');
  process.exit(2);
}
const outDir = path.resolve(process.argv[3] ?? 'docs/screenshots');
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

const SAMPLES = [
  'digits-on-paper/4-mnist1938.jpg',
  'digits-on-paper/7-font-comicneue.jpg',
  'not-digits/letter-R-breip.png',
  'not-digits/shape-shoe.png',
];

/** Photos of digits on paper and things that are not digits, from the shipped samples. */
function sampleImages() {
  return SAMPLES.map((relative) => ({
    name: path.basename(relative),
    mimeType: relative.endsWith('.png') ? 'image/png' : 'image/jpeg',
    buffer: fs.readFileSync(path.join('resources', 'samples', relative)),
  }));
}

/** Waits for a selector but carries on (with a note) when the view cannot show it yet. */
async function settle(page, selector, timeout = 30_000) {
  try {
    await page.waitForSelector(selector, { timeout });
  } catch {
    console.warn(`  (${selector} did not appear within ${timeout / 1000} s; screenshot taken as is)`);
  }
}

const views = {
  uncertainty: (page) => settle(page, '[data-testid="threshold-slider"]', 90_000),
  // After the Uncertainty view the test set has scores: show the least sure digits first.
  data: async (page) => {
    await settle(page, '[data-testid="thumb-grid"] button');
    if (await page.getByTestId('sort').isEnabled()) await page.getByTestId('sort').selectOption('most');
    await page.locator('[data-testid="thumb-grid"] button').nth(0).click();
    await settle(page, '[data-testid="digit-detail"] ol', 15_000);
  },
  // A short run (a few seconds on the native backend) so the curves have something to show.
  train: async (page) => {
    await page.getByText('Advanced', { exact: true }).click();
    await page.getByLabel('Steps', { exact: true }).fill('3000');
    await page.getByLabel('Log every (steps)').fill('250');
    await page.getByLabel('Evaluation samples').fill('4');
    await page.getByTestId('start-training').click();
    await settle(page, '[data-testid="run-progress"][data-status="done"]', 120_000);
  },
  check: async (page) => {
    await page.getByTestId('file-input').setInputFiles(sampleImages());
    await settle(
      page,
      `[data-testid="check-result"]:not([data-state="waiting"]) >> nth=${SAMPLES.length - 1}`,
      60_000,
    );
  },
  models: (page) => settle(page, '[data-testid="models-table"]', 15_000),
};

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(url);
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, prepare] of Object.entries(views)) {
    const label = name[0].toUpperCase() + name.slice(1);
    await page.getByRole('tab', { name: label, exact: true }).click();
    await prepare(page);
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file });
    console.log(`saved ${path.relative(process.cwd(), file)}`);
  }
} finally {
  await browser.close();
}
