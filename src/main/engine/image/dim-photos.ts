// Synthetic photos for the image tests and the benches: one digit written on paper and photographed in
// a dim room (dark-grey ink on grey paper, 15–25 grey levels apart, a soft shadow across the sheet,
// sensor noise, JPEG), and pictures with nothing written on them (blank paper, plain textures, a
// smooth landscape). Drawn here, never taken from a reserved set.
import sharp from 'sharp';
import { between, gaussian, seededRandom } from '../../../tools/ood-sets/random';

/** One stroke path per digit 0–9 on a 600 × 600 sheet, about 360 px tall (drawn for the benches). */
export const DIGIT_PATHS: readonly string[] = [
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

/** How the light falls: evenly, darker towards one side, darker away from a bright spot, or a soft-edged shadow. */
export type Shadow = 'none' | 'linear' | 'radial' | 'edge';

export interface DimPhoto {
  digit: number;
  width: number;
  height: number;
  /** Paper grey level (0–255) where the light is best. */
  paper: number;
  /** Paper minus ink, in grey levels, before the shadow. */
  contrast: number;
  shadow: Shadow;
  /** Share of the light the shadow takes away at its darkest (0–1). */
  depth: number;
  /** Standard deviation of the sensor noise in grey levels. */
  noise: number;
  quality: number;
  seed: number;
}

/** The digit's ink coverage (0–1) at width × height: a pen stroke of the digit, centred with a random shift. */
async function inkCoverage(p: DimPhoto, rand: () => number): Promise<Uint8Array> {
  const side = Math.min(p.width, p.height);
  const scale = (side * between(rand, 0.45, 0.7)) / 360;
  const dx = p.width / 2 - 300 * scale + between(rand, -0.08, 0.08) * side;
  const dy = p.height / 2 - 300 * scale + between(rand, -0.05, 0.05) * side;
  const pen = between(rand, 14, 24);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${p.width}" height="${p.height}">` +
    `<rect width="100%" height="100%" fill="black"/><g transform="translate(${dx} ${dy}) scale(${scale})">` +
    `<path d="${DIGIT_PATHS[p.digit]}" fill="none" stroke="white" stroke-width="${pen}" ` +
    `stroke-linecap="round" stroke-linejoin="round"/></g></svg>`;
  const { data } = await sharp(Buffer.from(svg))
    .blur(Math.max(0.5, side / 600))
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return data;
}

/** The light reaching (x, y) as a share of the best (1 − depth … 1). */
function lighting(p: DimPhoto, rand: () => number): (x: number, y: number) => number {
  const angle = between(rand, 0, 2 * Math.PI);
  const [cx, cy] = [Math.cos(angle), Math.sin(angle)];
  const [sx, sy] = [between(rand, 0, p.width), between(rand, 0, p.height)];
  const diagonal = Math.hypot(p.width, p.height);
  const soft = between(rand, 0.04, 0.12) * diagonal;
  const offset = between(rand, -0.25, 0.25) * diagonal;
  return (x, y) => {
    const u = ((x - p.width / 2) * cx + (y - p.height / 2) * cy) / diagonal; // −0.5 … 0.5
    if (p.shadow === 'linear') return 1 - p.depth * (u + 0.5);
    if (p.shadow === 'radial')
      return 1 - p.depth * Math.min(1, Math.hypot(x - sx, y - sy) / (0.8 * diagonal));
    if (p.shadow === 'edge') return 1 - p.depth / (1 + Math.exp(-(u * diagonal - offset) / soft));
    return 1;
  };
}

/** A grey JPEG of the digit photographed as `p` describes. */
export async function dimPhoto(p: DimPhoto): Promise<Buffer> {
  const rand = seededRandom(p.seed);
  const coverage = await inkCoverage(p, rand);
  const light = lighting(p, rand);
  const out = new Uint8Array(p.width * p.height);
  for (let y = 0, i = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++, i++) {
      const surface = p.paper - (p.contrast * coverage[i]!) / 255;
      out[i] = Math.round(surface * light(x, y) + p.noise * gaussian(rand));
    }
  }
  return sharp(Buffer.from(out), { raw: { width: p.width, height: p.height, channels: 1 } })
    .jpeg({ quality: p.quality })
    .toBuffer();
}

/** A varied set of dim photos: every digit under each shadow at the given size. */
export function dimConditions(width: number, height: number, count: number, seed: number): DimPhoto[] {
  const rand = seededRandom(seed);
  const shadows: Shadow[] = ['none', 'linear', 'radial', 'edge'];
  return Array.from({ length: count }, (_, k) => ({
    digit: k % 10,
    width,
    height,
    paper: Math.round(between(rand, 85, 150)),
    contrast: Math.round(between(rand, 15, 25)),
    shadow: shadows[Math.floor(k / 10) % shadows.length]!,
    depth: between(rand, 0.25, 0.5),
    noise: between(rand, 1, 3),
    quality: Math.round(between(rand, 70, 90)),
    seed: seed * 1000 + k,
  }));
}

export type Plain = 'blank' | 'noise' | 'wood' | 'landscape';

/** A picture with nothing written on it, width × height, as JPEG. */
export function plainPhoto(kind: Plain, width: number, height: number, seed: number): Promise<Buffer> {
  const rand = seededRandom(seed);
  const out = new Uint8Array(width * height);
  const [phase, tilt] = [between(rand, 0, 6), between(rand, -0.2, 0.2)];
  const ridge = (x: number): number => 0.55 + 0.08 * Math.sin(x / (width * 0.3) + phase);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const [u, v] = [x / width, y / height];
      let level: number;
      if (kind === 'blank') level = 245 + gaussian(rand);
      else if (kind === 'noise') level = 180 + 6 * gaussian(rand);
      else if (kind === 'wood') {
        const grain = Math.sin((v + tilt * u) * 60 + 3 * Math.sin(u * 7 + phase));
        level = 150 + 12 * grain + 10 * u + 2 * gaussian(rand);
      } else {
        // Sky brightening to the horizon, a soft hill line, darker fields below.
        level = v < ridge(x) ? 150 + 70 * v : 90 + 25 * (1 - v) + 8 * Math.sin(u * 9 + phase);
        level += 2 * gaussian(rand);
      }
      out[i] = Math.max(0, Math.min(255, Math.round(level)));
    }
  }
  return sharp(Buffer.from(out), { raw: { width, height, channels: 1 } })
    .blur(kind === 'landscape' ? 2 : 0.5)
    .jpeg({ quality: 85 })
    .toBuffer();
}
