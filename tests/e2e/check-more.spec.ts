// Check view: paste, the draw pad's live verdict and undo, the batch summary and export, the score
// menu, and cards that fit at common window widths.
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { VerdictLine } from '../../src/shared/check-line';
import { brokenPng, digitPng, payload, sample } from './images';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Check', exact: true }).click();
});

/** Pastes a DataTransfer holding `files` (name, base64, type) as the browser does for copied files. */
async function pasteFiles(page: Page, files: { name: string; base64: string; type: string }[]) {
  await page.evaluate((list) => {
    const transfer = new DataTransfer();
    for (const f of list) {
      transfer.items.add(
        new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.type }),
      );
    }
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true }));
  }, files);
}

test('Ctrl+V of a copied picture, or of copied image files, checks them', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const four = (await digitPng(4)).toString('base64');
  await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    await navigator.clipboard.write([
      new ClipboardItem({ 'image/png': new Blob([bytes], { type: 'image/png' }) }),
    ]);
  }, four);
  await page.getByRole('heading', { name: 'Check images' }).click();
  await page.keyboard.press('Control+V');
  const pasted = page.getByRole('article', { name: 'Result for pasted image 1' });
  await expect(pasted.getByTestId('verdict')).toHaveAttribute('data-verdict', 'accept', { timeout: 60_000 });
  await expect(pasted.getByTestId('prediction')).toHaveText('4');

  // Files copied in a file manager arrive with their names.
  const two = (await digitPng(2)).toString('base64');
  await pasteFiles(page, [
    { name: 'copied-two.png', base64: two, type: 'image/png' },
    { name: 'notes.png', base64: brokenPng().toString('base64'), type: 'image/png' },
  ]);
  const copied = page.getByRole('article', { name: 'Result for copied-two.png' });
  await expect(copied.getByTestId('prediction')).toHaveText('2', { timeout: 60_000 });
  const broken = page.getByRole('article', { name: 'Result for notes.png' });
  await expect(broken).toHaveAttribute('data-state', 'failed');
  // A file the browser cannot show gets a plain box, not a broken-image icon.
  await expect(broken.getByTestId('no-preview')).toBeVisible();
  await expect(broken.getByRole('img')).toHaveCount(0);
  // Tall enough to show the cards below the inputs (the view scrolls inside the window).
  await page.setViewportSize({ width: 1280, height: 1250 });
  await page.screenshot({ path: 'docs/screenshots/check-paste.png' });
});

test('the draw pad answers while drawing, undoes strokes, changes pen width and numbers its drawings', async ({
  page,
}) => {
  const pad = page.getByTestId('draw-canvas');
  const box = await pad.boundingBox();
  if (!box) throw new Error('no drawing canvas');
  const stroke = async (x0: number, y0: number, x1: number, y1: number) => {
    await page.mouse.move(box.x + box.width * x0, box.y + box.height * y0);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * x1, box.y + box.height * y1, { steps: 12 });
    await page.mouse.up();
  };
  const live = page.getByTestId('live-verdict');
  const undo = page.getByRole('button', { name: 'Undo' });
  await expect(undo).toBeDisabled();
  await page.getByTestId('pen-width').fill('24');
  await stroke(0.5, 0.15, 0.5, 0.85);
  // No click: the verdict comes once the pen pauses.
  await expect(live).toHaveAttribute('data-verdict', /accept|reject/, { timeout: 60_000 });
  // The three outcomes in the Check card's words, never the old "Not sure".
  await expect(live).toHaveAttribute('data-outcome', /^(accept|ambiguous|not_a_digit)$/);
  await expect(live).toHaveText(/^(ACCEPT: it is an? \d|Ambiguous: an? \d|Not a digit)/);
  await expect(live).not.toContainText('Not sure');
  const inked = () =>
    pad.evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) dark++;
      return dark;
    });
  const oneStroke = await inked();
  // The wider pen leaves a wider line (224 px canvas, a 24 px pen over ~157 px of stroke).
  expect(oneStroke).toBeGreaterThan(157 * 20);
  await stroke(0.3, 0.5, 0.7, 0.5);
  expect(await inked()).toBeGreaterThan(oneStroke);
  await undo.click();
  expect(await inked()).toBe(oneStroke);
  await undo.click();
  expect(await inked()).toBe(0);
  await expect(undo).toBeDisabled();
  await expect(live).toHaveAttribute('data-verdict', '');

  await stroke(0.5, 0.15, 0.5, 0.85);
  // One click at a time: the first card shifts the page, and a click aimed before it lands can miss.
  await page.getByTestId('check-drawing').click();
  await expect(page.getByRole('article', { name: 'Result for drawing 1' })).toBeVisible();
  await page.getByTestId('check-drawing').click();
  await expect(page.getByRole('article', { name: 'Result for drawing 2' })).toBeVisible();
});

test('a batch is summed up and exported with the fields of `unsure check --json`', async ({ page }) => {
  await page
    .getByTestId('file-input')
    .setInputFiles([
      payload('seven.png', await digitPng(7)),
      sample('not-digits/letter-R-breip.png', 'letter-R.png'),
      payload('broken.png', brokenPng()),
    ]);
  const summary = page.getByTestId('check-summary');
  // The letter is ambiguous or not a digit, whichever the model makes of it; the three outcomes are counted.
  await expect(summary).toHaveText(
    /^1 accepted · (0 ambiguous · 1 not a digit|1 ambiguous · 0 not a digit) · 1 failed$/,
    {
      timeout: 60_000,
    },
  );

  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export results as JSON' }).click(),
  ]);
  const lines = JSON.parse(fs.readFileSync(await json.path(), 'utf8')) as Record<string, unknown>[];
  expect(lines.map((l) => [l.file, l.ok, l.verdict])).toEqual([
    ['seven.png', true, 'accept'],
    ['letter-R.png', true, 'reject'],
    ['broken.png', false, undefined],
  ]);
  // The very fields `unsure check --json` prints (one definition, src/shared/check-line.ts).
  // `reason` stands only on a picture with nothing written, `className` and `setNames` only for a model of a
  // dataset with named classes (not MNIST's digits); every other field is on every verdict line.
  const sometimes = ['reason', 'className', 'setNames'];
  expect(Object.keys(lines[0]!)).toEqual(
    Object.keys(VerdictLine.shape).filter((key) => !sometimes.includes(key)),
  );
  expect(Object.keys(lines[2]!)).toEqual(['file', 'ok', 'error']);

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export results as CSV' }).click(),
  ]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const rows = fs
    .readFileSync(await csv.path(), 'utf8')
    .trim()
    .split('\r\n');
  expect(rows).toHaveLength(4);
  expect(rows[0]).toMatch(
    /^file,ok,prediction,probabilities\.0,.*,verdict,outcome,.*,coverageOptimistic,error\.code,error\.message$/,
  );
  expect(rows[1]).toMatch(/^seven\.png,true,7,.*,accept,accept,one_digit,7,.*,(true|false),,$/);
});

test('the score menu names and explains each score and marks the ones that separate poorly', async ({
  page,
}) => {
  const menu = page.getByTestId('score-menu');
  const entropy = menu.getByRole('radio', { name: /Entropy/ });
  const std = menu.getByRole('radio', { name: /Sample spread \(std\)/ });
  await expect(entropy).toBeChecked();
  await expect(entropy).toHaveAccessibleName(/^Entropy\W+default$/);
  await expect(entropy).toHaveAccessibleDescription(/evenly the averaged answer spreads over the ten digits/);
  await expect(std).toHaveAccessibleDescription(/Separates poorly for this model: AUROC 0\.\d\d/);
  await expect(menu.getByRole('radio', { name: /Top probability/ })).not.toHaveAccessibleDescription(
    /poorly/,
  );
  await expect(menu.getByTestId('poor-score')).toHaveCount(2);

  // Chosen anyway, the poor score is used, and the card says by which score it judged.
  await std.check();
  await page.getByTestId('file-input').setInputFiles([sample('not-digits/shape-star.jpg')]);
  const card = page.getByRole('article', { name: 'Result for shape-star.jpg' });
  await expect(card.getByText(/^Sample spread \(std\) = /)).toBeVisible({ timeout: 60_000 });
});

test('cards keep their contents inside at 1024, 1280 and 1920 px, and say "an 8"', async ({ page }) => {
  await page.getByTestId('file-input').setInputFiles([
    // MNIST test 8 #0 leans: wider than tall, it is still one digit.
    payload('eight.png', await digitPng(8)),
    payload('seven.png', await digitPng(7)),
    sample('not-digits/letter-B-dkghandwriting.jpg'),
    payload(`${'a-very-long-file-name-'.repeat(6)}.png`, brokenPng()),
  ]);
  await expect(page.getByTestId('check-summary')).not.toContainText('checking', { timeout: 60_000 });
  await expect(page.getByRole('article', { name: 'Result for eight.png' }).getByTestId('verdict')).toHaveText(
    'ACCEPT: it is an 8',
  );
  for (const width of [1024, 1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    const overflowing = await page.getByTestId('check-result').evaluateAll((cards) =>
      cards.flatMap((card) => {
        const outer = card.getBoundingClientRect();
        return [...card.querySelectorAll('*')]
          .filter((el) => {
            const box = el.getBoundingClientRect();
            return box.width > 0 && (box.left < outer.left - 0.5 || box.right > outer.right + 0.5);
          })
          .map(
            (el) => `${card.getAttribute('aria-label')}: ${el.tagName}.${el.className} “${el.textContent}”`,
          );
      }),
    );
    expect(overflowing, `at ${width} px`).toEqual([]);
  }
});
