import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centreOfMass } from './pixels';
import { prepareImage, prepareImages, type PreparedImage } from './prepare';
import { drawGlyph, encodeBmp, encodeGray, mnistTestImages, pngHeaderOnly } from './test-images';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-image-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function expectOk<T>(result: { ok: true; value: T } | { ok: false; error: { code: string } }): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}`);
  return result.value;
}

function inkStats(pixels: Float32Array) {
  const com = centreOfMass({ width: 28, height: 28, data: pixels })!;
  let rows = 0;
  let cols = 0;
  for (let k = 0; k < 28; k++) {
    if (pixels.subarray(k * 28, k * 28 + 28).some((v) => v > 0.1)) rows++;
    if (Array.from({ length: 28 }, (_, y) => pixels[y * 28 + k]!).some((v) => v > 0.1)) cols++;
  }
  return { com, rows, cols, max: Math.max(...pixels), corner: pixels[0]! };
}

describe('prepareImage on good pictures', () => {
  it.each(['png', 'jpeg', 'webp', 'gif', 'tiff'] as const)(
    'reads dark ink on white %s into MNIST form',
    async (fmt) => {
      const buf = await encodeGray(drawGlyph(300, 400), 300, 400, fmt);
      const image = expectOk(await prepareImage(buf));
      expect(image.inverted).toBe(true);
      expect(image.source).toMatchObject({ format: fmt, width: 300, height: 400 });
      const stats = inkStats(image.pixels);
      // Taller than wide: 20 rows of ink (±1 for the anti-aliased margin), centred by mass.
      expect(stats.rows).toBeGreaterThanOrEqual(19);
      expect(stats.rows).toBeLessThanOrEqual(21);
      expect(stats.cols).toBeLessThan(stats.rows);
      expect(Math.abs(stats.com.x - 14.5)).toBeLessThan(1);
      expect(Math.abs(stats.com.y - 14.5)).toBeLessThan(1);
      expect(stats.max).toBeGreaterThan(0.95);
      expect(stats.corner).toBe(0);
    },
  );

  it.each([24, 8] as const)('reads a %i-bit BMP like the same picture as PNG', async (bpp) => {
    const glyph = drawGlyph(150, 170);
    const fromBmp = expectOk(await prepareImage(encodeBmp(glyph, 150, 170, bpp)));
    const fromPng = expectOk(await prepareImage(await encodeGray(glyph, 150, 170, 'png')));
    expect(fromBmp.source).toMatchObject({ format: 'bmp', width: 150, height: 170 });
    expect(Array.from(fromBmp.pixels)).toEqual(Array.from(fromPng.pixels));
  });

  it('returns a 28×28 PNG of what the network sees', async () => {
    const image = expectOk(await prepareImage(await encodeGray(drawGlyph(100, 100), 100, 100, 'png')));
    expect(await sharp(image.png).metadata()).toMatchObject({
      format: 'png',
      width: 28,
      height: 28,
      channels: 1,
    });
    const data = await sharp(image.png).extractChannel(0).raw().toBuffer();
    expect(data[14 * 28 + 14]! / 255).toBeCloseTo(image.pixels[14 * 28 + 14]!, 2);
  });

  it('flattens transparency: black ink on a transparent sheet reads like ink on white', async () => {
    const glyph = drawGlyph(200, 200);
    const rgba = Buffer.alloc(200 * 200 * 4);
    glyph.forEach((v, i) => rgba.set(v < 128 ? [0, 0, 0, 255] : [0, 0, 0, 0], i * 4));
    const png = await sharp(rgba, { raw: { width: 200, height: 200, channels: 4 } })
      .png()
      .toBuffer();
    const fromAlpha = expectOk(await prepareImage(png));
    const fromWhite = expectOk(await prepareImage(await encodeGray(glyph, 200, 200, 'png')));
    expect(fromAlpha.inverted).toBe(true);
    const diff = fromAlpha.pixels.reduce((acc, v, i) => acc + Math.abs(v - fromWhite.pixels[i]!), 0);
    expect(diff / 784).toBeLessThan(0.02);
  });

  it('leaves MNIST digits nearly as they were', async () => {
    for (const digit of mnistTestImages(5)) {
      const image = expectOk(await prepareImage(await encodeGray(digit, 28, 28, 'png')));
      expect(image.inverted).toBe(false);
      const original = Float32Array.from(digit, (v) => v / 255);
      const dot = image.pixels.reduce((acc, v, i) => acc + v * original[i]!, 0);
      const norm = Math.hypot(...image.pixels) * Math.hypot(...original);
      expect(dot / norm).toBeGreaterThan(0.85);
    }
  });

  it('finds MNIST test 8 #0 (a leaning 8) upscaled to 140 px as one digit, not two', async () => {
    const eight = mnistTestImages(62)[61]!; // the first 8 of the test set
    const png = await sharp(Buffer.from(eight.map((v) => 255 - v)), {
      raw: { width: 28, height: 28, channels: 1 },
    })
      .resize(140, 140, { kernel: 'cubic' })
      .png()
      .toBuffer();
    expect(expectOk(await prepareImage(png)).digits).toHaveLength(1);
  });

  it('turns shaded, noisy grey paper into a clean black background', async () => {
    const [w, h] = [400, 300];
    const glyph = drawGlyph(w, h, 255, 60);
    const photo = glyph.map((v, i) => {
      const x = i % w;
      const shade = 0.6 + 0.35 * (x / w); // dark on the left, bright on the right
      const noise = ((i * 2654435761) % 17) - 8;
      return Math.max(0, Math.min(255, Math.round(v * shade + noise)));
    });
    const image = expectOk(await prepareImage(await encodeGray(photo, w, h, 'jpeg')));
    const stats = inkStats(image.pixels);
    const background = image.pixels.filter((_, i) => i % 28 < 3 || i % 28 > 24);
    expect(Math.max(...background)).toBeLessThan(0.05);
    expect(stats.rows).toBeGreaterThanOrEqual(19);
    expect(Math.abs(stats.com.x - 14.5)).toBeLessThan(1);
  });
});

it('keeps a large filled dark shape on paper solid (tiles inside it are not mistaken for paper)', async () => {
  const [w, h] = [400, 400];
  const page = new Uint8Array(w * h).map((_, i) => {
    const [x, y] = [i % w, Math.floor(i / w)];
    const inSquare = x > 80 && x < 320 && y > 60 && y < 340;
    return inSquare ? 30 : Math.round(235 - 40 * (y / h)); // shaded paper, top bright
  });
  const image = expectOk(await prepareImage(await encodeGray(page, w, h, 'png')));
  // The centre of the square must still be full ink.
  expect(image.pixels[14 * 28 + 14]).toBeGreaterThan(0.9);
  expect(image.pixels[10 * 28 + 12]).toBeGreaterThan(0.9);
});

describe('prepareImage on bad input', () => {
  const cases: [string, () => Promise<Buffer | string>, string][] = [
    ['an empty buffer', () => Promise.resolve(Buffer.alloc(0)), 'empty_file'],
    ['an empty file', () => write('empty.png', Buffer.alloc(0)), 'empty_file'],
    [
      'random bytes',
      () => Promise.resolve(Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251))),
      'unsupported_format',
    ],
    [
      'an SVG',
      () => Promise.resolve(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')),
      'unsupported_format',
    ],
    [
      'a bare <svg>',
      () => Promise.resolve(Buffer.from('  <svg><image href="/etc/passwd"/></svg>')),
      'unsupported_format',
    ],
    [
      'a BMP with an old OS/2 header',
      () => Promise.resolve(Buffer.concat([Buffer.from('BM'), Buffer.alloc(100)])),
      'unsupported_format',
    ],
    [
      'a run-length compressed BMP',
      () => Promise.resolve(encodeBmp(drawGlyph(40, 40), 40, 40, 8, 1)),
      'unsupported_format',
    ],
    [
      'a truncated BMP',
      () => Promise.resolve(truncate(encodeBmp(drawGlyph(60, 60), 60, 60))),
      'corrupt_image',
    ],
    ['a BMP claiming absurd dimensions', () => Promise.resolve(bmpWithSize(100_000, 100_000)), 'too_large'],
    ['a PDF', () => Promise.resolve(Buffer.from('%PDF-1.4\n...')), 'unsupported_format'],
    [
      'a truncated PNG',
      async () => truncate(await encodeGray(drawGlyph(200, 200), 200, 200, 'png')),
      'corrupt_image',
    ],
    [
      'a truncated JPEG',
      async () => truncate(await encodeGray(drawGlyph(200, 200), 200, 200, 'jpeg')),
      'corrupt_image',
    ],
    [
      'a PNG with only a signature',
      () => Promise.resolve(pngHeaderOnly(1, 1).subarray(0, 8)),
      'corrupt_image',
    ],
    ['absurd dimensions in the header', () => Promise.resolve(pngHeaderOnly(60_000, 60_000)), 'too_large'],
    ['a missing path', () => Promise.resolve(path.join(dir, 'no-such-file.png')), 'unreadable'],
    ['a directory', () => Promise.resolve(dir), 'not_a_file'],
    ['an oversized file', () => write('huge.jpg', Buffer.alloc(26 * 1024 * 1024, 1)), 'too_large'],
  ];

  it.each(cases)('refuses %s with a coded error, fast', async (_name, make, code) => {
    const input = await make();
    const start = performance.now();
    const result = await prepareImage(input);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message.length).toBeGreaterThan(5);
    }
  });

  it('lets the other files of a batch through', async () => {
    const good = await encodeGray(drawGlyph(120, 120), 120, 120, 'png');
    const results = await prepareImages([good, Buffer.from('nope'), path.join(dir, 'missing.gif'), good]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'ok',
      'unsupported_format',
      'unreadable',
      'ok',
    ]);
    const first = results[0] as { ok: true; value: PreparedImage };
    expect(first.value.pixels).toHaveLength(784);
  });
});

function bmpWithSize(width: number, height: number): Buffer {
  const bmp = encodeBmp(drawGlyph(8, 8), 8, 8);
  bmp.writeInt32LE(width, 18);
  bmp.writeInt32LE(height, 22);
  return bmp;
}

function truncate(buf: Buffer): Buffer {
  return buf.subarray(0, Math.floor(buf.length / 2));
}

async function write(name: string, data: Buffer): Promise<string> {
  const file = path.join(dir, name);
  await fs.promises.writeFile(file, data);
  return file;
}
