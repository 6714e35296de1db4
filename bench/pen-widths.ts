// `npm run bench:pen`: digits drawn with pens of several widths on paper (stroke width 1.7%–12.5% of
// the digit's height, e.g. a 0.5 mm ballpoint on digits 3 cm to 4 mm tall), photographed-like (warm
// paper, blue ink, a slight blur, JPEG), judged by a posterior (default: the built-in one). Prints
// per pen width how many of the ten digits are read right and accepted. Figures, not assertions.
// Usage: npx tsx bench/pen-widths.ts [MODEL_DIR]
import sharp from 'sharp';
import { defaultModelDir, loadModel } from '../src/main/engine/store';
import { judgeImages } from '../src/main/engine/verdicts';

// One stroke path per digit on a 600 × 600 sheet, about 360 px tall (drawn for this bench).
const DIGITS: string[] = [
  'M 300 120 C 180 120 180 480 300 480 C 420 480 420 120 300 120 Z',
  'M 300 120 L 300 480',
  'M 200 190 C 220 110 380 100 390 190 C 400 270 250 360 190 470 L 410 470',
  'M 200 160 C 260 90 400 120 370 210 C 350 270 290 280 270 285 C 420 290 420 470 300 470 C 250 475 210 450 195 430',
  'M 350 470 L 350 120 L 190 370 L 420 370',
  'M 390 130 L 230 130 L 215 280 C 300 240 410 270 400 370 C 390 470 260 490 200 440',
  'M 370 130 C 260 160 200 300 210 400 C 220 480 380 490 390 400 C 400 320 280 290 215 360',
  'M 190 140 L 410 140 L 270 480',
  'M 300 290 C 180 260 200 120 300 120 C 400 120 420 260 300 290 C 170 320 190 480 300 480 C 410 480 430 320 300 290 Z',
  'M 380 230 C 380 120 220 110 220 220 C 220 310 370 300 380 230 L 360 480',
];
const PEN_WIDTHS = [6, 12, 20, 30, 45];
const DIGIT_HEIGHT = 360;

/** A JPEG of `path` stroked `width` px wide in blue ink on off-white paper. */
function photo(path: string, width: number): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600"><rect width="600" height="600" fill="#f2efe6"/>` +
    `<path d="${path}" fill="none" stroke="#1b2a6b" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
  return sharp(Buffer.from(svg)).blur(1).jpeg({ quality: 85 }).toBuffer();
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? defaultModelDir();
  if (!dir) throw new Error('no model given and no default model in resources/');
  const model = await loadModel(dir);
  const score = model.meta.calibration?.score ?? 'entropy';
  console.log(`model ${dir}, score ${score}`);
  let total = 0;
  for (const width of PEN_WIDTHS) {
    const images = await Promise.all(
      DIGITS.map(async (d, i) => ({ name: String(i), input: await photo(d, width) })),
    );
    const verdicts = await judgeImages(model, images, { samples: 100, score });
    const good = verdicts.filter((v, i) => v.ok && v.prediction === i && v.verdict === 'accept').length;
    total += good;
    const pct = ((100 * width) / DIGIT_HEIGHT).toFixed(1);
    console.log(
      `pen ${String(width).padStart(2)} px (${pct.padStart(4)}% of the height): ${good}/10 read right and accepted`,
    );
  }
  console.log(`all widths: ${total}/${10 * PEN_WIDTHS.length}`);
}

void main();
