// `npm run bench:written`: digits written the way users write them, photographed-like (a slight
// blur, JPEG), judged by a posterior (default: the built-in one): pens of several widths (stroke
// 1.7%–12.5% of the digit's height, e.g. a 0.5 mm ballpoint on digits 3 cm to 4 mm tall), lined and
// squared paper, a sheet lying on a dark desk (straight and turned), a page with the desk showing at
// its edge, dim grey paper, pencil, red pen. Prints per condition how many of the ten digits are read right and
// accepted, and how many are read wrong yet accepted (the failure a user cannot see). Figures only.
// Usage: npx tsx bench/written-digits.ts [MODEL_DIR]
import sharp from 'sharp';
import { benchModel } from './bench-model';
import { judgeImages } from '../src/main/engine/verdicts';
import { DIGIT_PATHS as DIGITS } from '../src/main/engine/image/dim-photos';

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
  const { model, score } = await benchModel();
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
