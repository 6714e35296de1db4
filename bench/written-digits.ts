// `npm run bench:written`: digits written the way users write them, photographed-like (a slight
// blur, JPEG), judged by a posterior (default: the built-in one): pens of several widths (stroke
// 1.7%–12.5% of the digit's height, e.g. a 0.5 mm ballpoint on digits 3 cm to 4 mm tall), lined and
// squared paper, a sheet lying on a dark desk (straight and turned), a page with the desk showing at
// its edge, dim grey paper, pencil, red pen. Prints per condition how many of the ten digits are read right and
// accepted, and how many are read wrong yet accepted (the failure a user cannot see). Figures only.
// Usage: npx tsx bench/written-digits.ts [MODEL_DIR]
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
const DIGIT_HEIGHT = 360;
const PAPER = '<rect width="600" height="600" fill="#f2efe6"/>';

function ink(path: string, width: number, colour = '#1b2a6b'): string {
  return `<path d="${path}" fill="none" stroke="${colour}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"/>`;
}

function rules(step: number, vertical: boolean): string {
  let out = '';
  for (let k = step; k < 600; k += step) {
    out += `<line x1="0" y1="${k}" x2="600" y2="${k}" stroke="#9cc3e6" stroke-width="2"/>`;
    if (vertical) out += `<line x1="${k}" y1="0" x2="${k}" y2="600" stroke="#9cc3e6" stroke-width="2"/>`;
  }
  return out;
}

/** A sheet of paper on a dark desk, turned by `angle` degrees, the digit written on it. */
function onDesk(path: string, angle: number): string {
  return (
    `<rect width="600" height="600" fill="#3b2f26"/><g transform="rotate(${angle} 300 300)">` +
    `<rect x="110" y="70" width="380" height="460" fill="#f2efe6"/>` +
    `<g transform="translate(150 120) scale(0.6)">${ink(path, 22)}</g></g>`
  );
}

/** A page running off the picture at the left and bottom, the desk showing beyond it. */
function atEdge(path: string, transform: string, width: number, top = -20): string {
  return (
    `<rect width="600" height="600" fill="#3b2f26"/>` +
    `<rect x="-40" y="${top}" width="${width}" height="700" fill="#f2efe6" transform="${transform}"/>` +
    ink(path, 18)
  );
}

/** Conditions: a name and the SVG body of a 600 × 600 picture of one digit path. */
const CONDITIONS: [string, (path: string) => string][] = [
  ...[6, 12, 20, 30, 45].map((w): [string, (path: string) => string] => [
    `pen ${w} px (${((100 * w) / DIGIT_HEIGHT).toFixed(1)}% of the height)`,
    (p) => PAPER + ink(p, w),
  ]),
  ['lined paper', (p) => PAPER + rules(60, false) + ink(p, 18)],
  ['squared paper', (p) => PAPER + rules(40, true) + ink(p, 18)],
  ['sheet on a dark desk', (p) => onDesk(p, 0)],
  ['sheet on a dark desk, turned 12°', (p) => onDesk(p, 12)],
  ['page with the desk at its right', (p) => atEdge(p, 'translate(0 0)', 540)],
  ['page turned, desk at top and right', (p) => atEdge(p, 'rotate(-5 300 300)', 600, 40)],
  [
    'dim grey paper (an unlit room)',
    (p) => '<rect width="600" height="600" fill="#6e6b64"/>' + ink(p, 18, '#141418'),
  ],
  ['pencil', (p) => PAPER + ink(p, 10, '#8a8a8a')],
  ['red pen', (p) => PAPER + ink(p, 16, '#c0392b')],
];

/** A JPEG of an SVG body (our own drawing, never user input). */
function photo(body: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600">${body}</svg>`;
  return sharp(Buffer.from(svg)).blur(1).jpeg({ quality: 85 }).toBuffer();
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? defaultModelDir();
  if (!dir) throw new Error('no model given and no default model in resources/');
  const model = await loadModel(dir);
  const score = model.meta.calibration?.score ?? 'entropy';
  console.log(`model ${dir}, score ${score}`);
  let total = 0;
  for (const [name, draw] of CONDITIONS) {
    const images = await Promise.all(
      DIGITS.map(async (d, i) => ({ name: String(i), input: await photo(draw(d)) })),
    );
    const verdicts = await judgeImages(model, images, { samples: 100, score });
    const accepted = verdicts.map((v, i) => (v.ok && v.verdict === 'accept' ? v.prediction === i : null));
    const good = accepted.filter((a) => a === true).length;
    const wrong = accepted.filter((a) => a === false).length;
    total += good;
    console.log(`${name.padEnd(36)} ${good}/10 read right and accepted, ${wrong} read wrong yet accepted`);
  }
  console.log(`all conditions: ${total}/${10 * CONDITIONS.length}`);
}

void main();
