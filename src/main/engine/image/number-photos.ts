// Synthetic photos of numbers written on paper, for the tests and `npm run bench:read`: 2–5 digits
// drawn from the bench's pen paths (./dim-photos.ts), each slanted, turned and sized a little
// differently, spaced as a hand spaces them (some written touching), in a pen of some width and colour,
// on plain, lined or dim paper or a sheet on a desk, blurred and saved as JPEG. Never used for training.
import sharp from 'sharp';
import { between, seededRandom } from '../../../tools/ood-sets/random';
import { DIGIT_PATHS } from './dim-photos';

export type NumberPaper = 'plain' | 'lined' | 'desk' | 'dim';

export interface NumberPhoto {
  text: string;
  paper: NumberPaper;
  /** Pen width in path units (digits are about 360 units tall). */
  pen: number;
  colour: string;
  /** Whether some neighbours are written touching. */
  touching: boolean;
  seed: number;
}

const [WIDTH, HEIGHT] = [900, 450];
const PAPER_COLOUR = '#f2efe6';

/** Each digit path's ink extent in x (path units) with a thin pen, measured once by drawing it. */
let extents: Promise<{ left: number; right: number }[]> | null = null;

function measureExtents(): Promise<{ left: number; right: number }[]> {
  extents ??= Promise.all(
    DIGIT_PATHS.map(async (d) => {
      const svg =
        `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600">` +
        `<path d="${d}" fill="none" stroke="white" stroke-width="2"/></svg>`;
      const { data } = await sharp(Buffer.from(svg))
        .extractChannel(3)
        .raw()
        .toBuffer({ resolveWithObject: true });
      let [left, right] = [600, 0];
      for (let p = 0; p < data.length; p++) {
        if (data[p]! < 64) continue;
        [left, right] = [Math.min(left, p % 600), Math.max(right, p % 600)];
      }
      return { left, right };
    }),
  );
  return extents;
}

/** The SVG of the number's ink: each digit placed after the last with a gap (negative when touching). */
async function numberInk(p: NumberPhoto, rand: () => number): Promise<{ svg: string; width: number }> {
  const measured = await measureExtents();
  let x = 0;
  let svg = '';
  [...p.text].forEach((char, k) => {
    const digit = Number(char);
    const { left, right } = measured[digit]!;
    const size = between(rand, 0.9, 1.08);
    const slant = between(rand, -10, 10);
    const turn = between(rand, -4, 4);
    const rise = between(rand, -20, 20);
    const gap = p.touching && rand() < 0.6 ? -0.35 * p.pen : between(rand, 25, 110);
    if (k > 0) x += gap;
    // Slant and turn about the digit's centre, so that its extent stays what was measured.
    const place = `translate(${x - left * size} ${rise}) scale(${size}) rotate(${turn} 300 300) translate(300 300) skewX(${slant}) translate(-300 -300)`;
    svg += `<path d="${DIGIT_PATHS[digit]}" transform="${place}" fill="none" stroke="${p.colour}" stroke-width="${p.pen}" stroke-linecap="round" stroke-linejoin="round"/>`;
    x += (right - left) * size;
  });
  return { svg, width: x };
}

function lines(): string {
  let out = '';
  for (let y = 40; y < HEIGHT; y += 55)
    out += `<line x1="0" y1="${y}" x2="${WIDTH}" y2="${y}" stroke="#9cc3e6" stroke-width="2"/>`;
  return out;
}

/** The picture's background and where the number goes (its scale and centre). */
function page(paper: NumberPaper): { ground: string; fit: number } {
  if (paper === 'desk')
    return {
      ground: `<rect width="${WIDTH}" height="${HEIGHT}" fill="#3b2f26"/><rect x="150" y="70" width="${WIDTH - 300}" height="${HEIGHT - 140}" fill="${PAPER_COLOUR}"/>`,
      fit: 0.4,
    };
  if (paper === 'dim')
    return { ground: `<rect width="${WIDTH}" height="${HEIGHT}" fill="#6e6b64"/>`, fit: 0.75 };
  const ground = `<rect width="${WIDTH}" height="${HEIGHT}" fill="${PAPER_COLOUR}"/>`;
  return { ground: paper === 'lined' ? ground + lines() : ground, fit: 0.75 };
}

/** A JPEG photo of the number as `p` describes. */
export async function numberPhoto(p: NumberPhoto): Promise<Buffer> {
  const rand = seededRandom(p.seed);
  const ink = await numberInk(p, rand);
  const { ground, fit } = page(p.paper);
  const scale = Math.min((fit * WIDTH) / ink.width, (fit * 0.7 * HEIGHT) / 360);
  const [dx, dy] = [(WIDTH - ink.width * scale) / 2, HEIGHT / 2 - 300 * scale];
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">${ground}` +
    `<g transform="translate(${dx} ${dy}) scale(${scale})">${ink.svg}</g></svg>`;
  return sharp(Buffer.from(svg))
    .blur(1)
    .jpeg({ quality: Math.round(between(rand, 75, 92)) })
    .toBuffer();
}

const PENS: [number, string][] = [
  [12, '#1b2a6b'],
  [18, '#111111'],
  [26, '#1b2a6b'],
  [14, '#8a8a8a'],
  [20, '#c0392b'],
];
const PAPERS: NumberPaper[] = ['plain', 'lined', 'desk', 'dim'];

/** `count` varied numbers of 2–5 digits; every fifth (on each paper in turn) has digits written touching. */
export function numberConditions(count: number, seed: number): NumberPhoto[] {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, (_, k) => {
    const length = 2 + Math.floor(rand() * 4);
    const text = Array.from({ length }, () => String(Math.floor(rand() * 10))).join('');
    const [pen, colour] = PENS[Math.floor(rand() * PENS.length)]!;
    const paper = PAPERS[k % PAPERS.length]!;
    return {
      text,
      paper,
      pen,
      colour: paper === 'dim' ? '#141418' : colour,
      touching: k % 5 === 4,
      seed: seed * 1000 + k,
    };
  });
}
