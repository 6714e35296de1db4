// Rendering helpers shared by the generators: text and SVG drawings to PNG, then the same
// preprocessing user images get, so that generated sets are in exactly the format the app feeds.

import sharp from 'sharp';
import { prepareImage } from '../../main/engine/image/prepare';
import type { FontSource } from './fonts';

/** Renders text white on black with a font file, with a black margin around it. */
export function renderText(text: string, font: FontSource, size = 160): Promise<Buffer> {
  return sharp({ text: { text, font: `${font.pango} ${size}`, fontfile: font.file, dpi: 72 } })
    .extend({ top: 24, bottom: 24, left: 24, right: 24, background: 'black' })
    .png()
    .toBuffer();
}

/** Rasterises an SVG drawing of our own making (never user input) to PNG. */
export function renderSvg(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Runs a rendered picture through the user-image preprocessing and returns its 784 pixels. */
export async function toMnist(png: Buffer): Promise<Float32Array> {
  const prepared = await prepareImage(png);
  if (!prepared.ok)
    throw new Error(`generated image rejected: ${prepared.error.code} ${prepared.error.message}`);
  return prepared.value.pixels;
}

/** Float pixels in [0, 1] → bytes 0–255 (IDX storage). */
export function toBytes(pixels: Float32Array): Uint8Array {
  return Uint8Array.from(pixels, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
}
