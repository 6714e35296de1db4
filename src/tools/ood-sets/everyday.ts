// "Everyday pictures" people drop on a digit reader by mistake or to test it: colour emoji, line
// drawings of objects, single printed words and textures, drawn dark on white as a photo or a
// screenshot would be, then run through the app's preprocessing. An evaluation set only: none of
// its sources is among the training outliers (src/main/engine/outliers: scribbles, turned or
// overlaid digits, letters in print fonts) — the emoji font and the drawings are used nowhere
// else, and the words are set in the evaluation letters' typefaces, never in a training font.
// Needs fonts-noto-color-emoji and the letter fonts (./fonts.ts).

import sharp from 'sharp';
import { LETTER_FONTS } from './fonts';
import type { GeneratedSet } from './letters';
import { between, seededRandom } from './random';
import { renderSvg, toBytes, toMnist } from './render';

type Rand = () => number;

const EMOJI_FONT = 'Noto Color Emoji';
export const EMOJI = [...'🏠🐶🐱🚗🍎🍕⚽🌳🌞⭐🎈📱💡🔑✂🎸🚲⏰📚☕🐟🦋🌸🍌🎁👓🧦👕👟🕶🪑'];
export const WORDS = ['cat', 'hello', 'yes', 'map', 'tree', 'bus', 'ok', 'milk', 'home', 'sun', 'zoo', 'hi'];

const pen = (r: Rand): string =>
  `fill="none" stroke="black" stroke-width="${between(r, 5, 10).toFixed(1)}" stroke-linecap="round" stroke-linejoin="round"`;

/** Line drawings of objects in a 200×200 frame, black on white, each varied by the generator. */
export const DRAWINGS: Record<string, (r: Rand) => string> = {
  house: (r) =>
    `<path d="M40 100 L100 ${between(r, 35, 55)} L160 100 M55 95 V170 H145 V95 M85 170 V130 H115 V170" ${pen(r)}/>`,
  tree: (r) =>
    `<circle cx="100" cy="${between(r, 65, 80)}" r="${between(r, 40, 55)}" ${pen(r)}/><path d="M92 120 V180 H108 V120" ${pen(r)}/>`,
  sun: (r) =>
    `<circle cx="100" cy="100" r="${between(r, 28, 38)}" ${pen(r)}/><g ${pen(r)}>` +
    Array.from({ length: 8 }, (_, i) => {
      const a = (i * Math.PI) / 4;
      const [c, s] = [Math.cos(a), Math.sin(a)];
      return `<path d="M${100 + 50 * c} ${100 + 50 * s} L${100 + 80 * c} ${100 + 80 * s}"/>`;
    }).join('') +
    '</g>',
  car: (r) =>
    `<path d="M25 130 V105 L60 ${between(r, 70, 80)} H135 L165 105 H180 V130 Z" ${pen(r)}/><circle cx="60" cy="140" r="16" ${pen(r)}/><circle cx="145" cy="140" r="16" ${pen(r)}/>`,
  cup: (r) =>
    `<path d="M50 60 H140 V150 Q140 170 120 170 H70 Q50 170 50 150 Z M140 80 Q${between(r, 170, 185)} 85 170 115 Q165 130 140 130" ${pen(r)}/>`,
  fish: (r) =>
    `<path d="M30 100 Q90 ${between(r, 40, 60)} 140 100 Q90 ${between(r, 140, 160)} 30 100 Z M140 100 L175 70 V130 Z" ${pen(r)}/><circle cx="60" cy="95" r="4"/>`,
  umbrella: (r) =>
    `<path d="M25 100 Q100 ${between(r, 10, 30)} 175 100 Z M100 100 V165 Q100 180 85 178" ${pen(r)}/>`,
  heart: (r) =>
    `<path d="M100 170 L40 100 Q20 60 60 50 Q90 45 100 ${between(r, 70, 85)} Q110 45 140 50 Q180 60 160 100 Z" ${pen(r)}/>`,
  smiley: (r) =>
    `<circle cx="100" cy="100" r="70" ${pen(r)}/><circle cx="75" cy="80" r="7"/><circle cx="125" cy="80" r="7"/><path d="M65 ${between(r, 115, 125)} Q100 155 135 120" ${pen(r)}/>`,
  envelope: (r) => `<path d="M30 55 H170 V150 H30 Z M30 55 L100 ${between(r, 100, 115)} L170 55" ${pen(r)}/>`,
  flower: (r) =>
    Array.from({ length: 6 }, (_, i) => {
      const a = (i * Math.PI) / 3;
      return `<circle cx="${100 + 30 * Math.cos(a)}" cy="${80 + 30 * Math.sin(a)}" r="18" ${pen(r)}/>`;
    }).join('') + `<path d="M100 110 V185 M100 150 Q120 130 140 140" ${pen(r)}/>`,
  key: (r) =>
    `<circle cx="60" cy="100" r="${between(r, 22, 30)}" ${pen(r)}/><path d="M88 100 H170 M150 100 V125 M130 100 V118" ${pen(r)}/>`,
};

/** Textures filling the frame, as a photo of fabric, a wall or a screen would. */
export const TEXTURES: Record<string, (r: Rand) => string> = {
  stripes: (r) => {
    const w = between(r, 8, 24);
    const a = between(r, 0, 180);
    const lines = Array.from(
      { length: 30 },
      (_, i) => `<rect x="${-200 + i * 2 * w}" y="-200" width="${w}" height="600"/>`,
    );
    return `<g transform="rotate(${a} 100 100)">${lines.join('')}</g>`;
  },
  checker: (r) => {
    const s = between(r, 14, 40);
    const cells: string[] = [];
    for (let y = 0; y * s < 200; y++)
      for (let x = 0; x * s < 200; x++)
        if ((x + y) % 2) cells.push(`<rect x="${x * s}" y="${y * s}" width="${s}" height="${s}"/>`);
    return cells.join('');
  },
  bricks: (r) => {
    const h = between(r, 18, 30);
    const w = 2.2 * h;
    const parts: string[] = [];
    for (let y = 0; y * h < 200; y++) {
      parts.push(`<path d="M0 ${y * h} H200" stroke="black" stroke-width="4"/>`);
      for (let x = (y % 2) * (w / 2); x < 200; x += w)
        parts.push(`<path d="M${x} ${y * h} V${(y + 1) * h}" stroke="black" stroke-width="4"/>`);
    }
    return parts.join('');
  },
  dots: (r) => {
    const s = between(r, 16, 30);
    const parts: string[] = [];
    for (let y = s / 2; y < 200; y += s)
      for (let x = s / 2; x < 200; x += s) parts.push(`<circle cx="${x}" cy="${y}" r="${s / 4}"/>`);
    return parts.join('');
  },
  waves: (r) => {
    const s = between(r, 14, 28);
    const parts: string[] = [];
    for (let y = 0; y < 220; y += s)
      parts.push(`<path d="M0 ${y} Q25 ${y - s / 2} 50 ${y} T100 ${y} T150 ${y} T200 ${y}" ${pen(r)}/>`);
    return parts.join('');
  },
  crosshatch: (r) => {
    const s = between(r, 12, 24);
    const parts: string[] = [];
    for (let i = -200; i < 400; i += s)
      parts.push(
        `<path d="M${i} 0 L${i + 200} 200 M${i} 200 L${i + 200} 0" stroke="black" stroke-width="3"/>`,
      );
    return parts.join('');
  },
};

const svg = (body: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><rect width="200" height="200" fill="white"/>${body}</svg>`;

/** A swatch of texture on white (a photo of fabric or a wall framed by the paper around it). */
const swatch = (body: string): string =>
  `<clipPath id="c"><rect x="30" y="30" width="140" height="140"/></clipPath><g clip-path="url(#c)">${body}</g>`;

/** One emoji in colour, flattened on white (the picture a user drops). */
async function renderEmoji(emoji: string): Promise<Buffer> {
  const text = await sharp({ text: { text: emoji, font: `${EMOJI_FONT} 96`, rgba: true, dpi: 72 } })
    .png()
    .toBuffer();
  return sharp(text)
    .flatten({ background: 'white' })
    .extend({ top: 30, bottom: 30, left: 30, right: 30, background: 'white' })
    .png()
    .toBuffer();
}

/** One word, black on white, in an evaluation typeface. */
async function renderWord(word: string, font: (typeof LETTER_FONTS)[number]): Promise<Buffer> {
  const text = await sharp({ text: { text: word, font: `${font.pango} 96`, fontfile: font.file, dpi: 72 } })
    .negate({ alpha: false })
    .png()
    .toBuffer();
  return sharp(text)
    .extend({ top: 30, bottom: 30, left: 30, right: 30, background: 'white' })
    .png()
    .toBuffer();
}

/** The set: every emoji, `variants` of each drawing and texture, every word in four typefaces. */
export async function makeEveryday(variants = 4, seed = 12): Promise<GeneratedSet> {
  const r = seededRandom(seed);
  const labelNames = ['emoji', 'drawing', 'word', 'texture'];
  const pngs: [number, Buffer][] = [];
  for (const e of EMOJI) pngs.push([0, await renderEmoji(e)]);
  for (const draw of Object.values(DRAWINGS))
    for (let v = 0; v < variants; v++) pngs.push([1, await renderSvg(svg(draw(r)))]);
  for (const [i, word] of WORDS.entries())
    for (let k = 0; k < 4; k++) {
      const font = LETTER_FONTS[(i * 4 + k) % LETTER_FONTS.length]!;
      pngs.push([2, await renderWord(word, font)]);
    }
  for (const texture of Object.values(TEXTURES))
    for (let v = 0; v < variants; v++) pngs.push([3, await renderSvg(svg(swatch(texture(r))))]);
  const images: Uint8Array[] = [];
  for (const [, png] of pngs) images.push(toBytes(await toMnist(png)));
  return { images, labels: pngs.map(([label]) => label), labelNames };
}
