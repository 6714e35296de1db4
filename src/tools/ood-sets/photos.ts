// "Photos" of ink on paper: a white-on-black drawing becomes dark pen strokes on off-white paper
// with uneven lighting, noise, slight blur and rotation, at sizes from 200 to 1200 px, as JPEG or PNG.

import sharp from 'sharp';
import { between, gaussian, type seededRandom } from './random';

type Rand = ReturnType<typeof seededRandom>;

/** A white-on-black drawing (any size, PNG or raw one-channel). */
export type InkSource = { png: Buffer } | { raw: Uint8Array; width: number; height: number };

async function inkLayer(
  source: InkSource,
  side: number,
  angle: number,
): Promise<{ data: Buffer; width: number; height: number }> {
  const input =
    'png' in source
      ? sharp(source.png)
      : sharp(Buffer.from(source.raw), { raw: { width: source.width, height: source.height, channels: 1 } });
  const { data, info } = await input
    .resize({ width: side, height: side, fit: 'inside', kernel: 'cubic' })
    .rotate(angle, { background: 'black' })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const PENS: [number, number, number][] = [
  [20, 22, 28], // black ballpoint
  [25, 40, 110], // blue ballpoint
  [40, 40, 45], // pencil-ish dark grey
];

/** Renders the drawing as a photo of pen on paper; returns the encoded file and its extension. */
export async function paperPhoto(
  source: InkSource,
  rand: Rand,
  format: 'jpeg' | 'png',
): Promise<{ file: Buffer; ext: string }> {
  // PNG keeps every noisy pixel, so PNG "scans" stay small and grey to keep the shipped samples light.
  const maxSide = format === 'png' ? 400 : 1200;
  const width = Math.round(between(rand, 200, maxSide));
  const height = Math.round(width * between(rand, 0.75, 1.33));
  const ink = await inkLayer(
    source,
    Math.round(Math.min(width, height) * between(rand, 0.35, 0.7)),
    between(rand, -8, 8),
  );
  const left = Math.round(between(rand, 0.1, 0.9) * (width - ink.width));
  const top = Math.round(between(rand, 0.1, 0.9) * (height - ink.height));
  const pen = PENS[Math.floor(rand() * PENS.length)]!;
  const paper = between(rand, 215, 245);
  const [gx, gy] = [gaussian(rand), gaussian(rand)];
  const light = between(rand, 15, 45); // brightness drop across the sheet
  const noise = between(rand, 2, 6);
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const shade =
        paper - light * (0.5 + 0.5 * Math.tanh((gx * (x / width - 0.5) + gy * (y / height - 0.5)) * 2));
      const [ix, iy] = [x - left, y - top];
      const inside = ix >= 0 && iy >= 0 && ix < ink.width && iy < ink.height;
      const alpha = inside ? (ink.data[iy * ink.width + ix]! / 255) * 0.92 : 0;
      const base = [shade, shade - 3, shade - 10];
      for (let c = 0; c < 3; c++) {
        const v = base[c]! * (1 - alpha) + pen[c]! * alpha + noise * gaussian(rand);
        rgb[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  const image = sharp(rgb, { raw: { width, height, channels: 3 } }).blur(between(rand, 0.5, 1.4));
  const file =
    format === 'jpeg'
      ? await image.jpeg({ quality: 75 }).toBuffer()
      : await image.greyscale().png({ compressionLevel: 9 }).toBuffer();
  return { file, ext: format === 'jpeg' ? 'jpg' : 'png' };
}
