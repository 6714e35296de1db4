// Pins what preparation makes of a varied set of pictures: the sha1 of every prepared 28×28 (the
// picture's and each digit's, float32 bits), with the flags and boxes, against
// prepared-pins.json. Preparation is only ever sped up under this test: a faster loop that changed
// one pixel of one picture fails it. After a deliberate change of what preparation does, rewrite the
// list with UPDATE_PREPARED_PINS=1 npx vitest run src/main/engine/image/prepared-pins.test.ts.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dimConditions, dimPhoto, plainPhoto, type Plain } from './dim-photos';
import { numberConditions, numberPhoto } from './number-photos';
import { prepareImage, type ImageInput } from './prepare';
import { drawGlyph, encodeGray, mnistTestImages } from './test-images';

const PINS = path.join(__dirname, 'prepared-pins.json');

function sha1(pixels: Float32Array): string {
  return createHash('sha1')
    .update(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength))
    .digest('hex');
}

/** A light sheet on a dark desk with a dark glyph on it (the sheet path), side × side. */
function sheetOnDesk(side: number): Uint8Array {
  const img = new Uint8Array(side * side).fill(50);
  const [from, to] = [Math.round(side * 0.2), Math.round(side * 0.8)];
  const glyph = drawGlyph(to - from, to - from, 235);
  for (let y = from; y < to; y++)
    for (let x = from; x < to; x++) img[y * side + x] = glyph[(y - from) * (to - from) + x - from]!;
  return img;
}

/** Every picture pinned: the shipped samples, then synthetic photos of each kind preparation tells apart. */
async function pictures(): Promise<[string, ImageInput][]> {
  const samples = path.resolve('resources/samples');
  const out: [string, ImageInput][] = fs
    .readdirSync(samples)
    .flatMap((dir) => fs.readdirSync(path.join(samples, dir)).map((f) => `${dir}/${f}`))
    .sort()
    .map((name) => [name, path.join(samples, name)]);
  for (const [k, p] of dimConditions(400, 300, 40, 7).entries()) out.push([`dim-${k}`, await dimPhoto(p)]);
  for (const kind of ['blank', 'noise', 'wood', 'landscape'] as Plain[])
    out.push([`plain-${kind}`, await plainPhoto(kind, 640, 480, 3)]);
  for (const [k, p] of numberConditions(20, 5).entries()) out.push([`number-${k}`, await numberPhoto(p)]);
  out.push(['glyph-white', await encodeGray(drawGlyph(300, 200), 300, 200, 'png')]);
  out.push(['glyph-grey', await encodeGray(drawGlyph(300, 200, 120, 90), 300, 200, 'jpeg')]);
  out.push(['sheet-on-desk', await encodeGray(sheetOnDesk(360), 360, 360, 'png')]);
  for (const [k, img] of mnistTestImages(5).entries())
    out.push([`mnist-${k}`, await encodeGray(img, 28, 28, 'png')]);
  return out;
}

async function pinOf(input: ImageInput): Promise<unknown> {
  const r = await prepareImage(input);
  if (!r.ok) return { error: r.error.code };
  const { pixels, inverted, written, digits, size } = r.value;
  return {
    pixels: sha1(pixels),
    inverted,
    written,
    size,
    digits: digits.map((d) => ({ pixels: sha1(d.pixels), box: d.box })),
  };
}

describe('prepared pictures', () => {
  it('are, bit for bit, those pinned in prepared-pins.json', async () => {
    const pins: Record<string, unknown> = {};
    for (const [name, input] of await pictures()) pins[name] = await pinOf(input);
    if (process.env.UPDATE_PREPARED_PINS) fs.writeFileSync(PINS, `${JSON.stringify(pins, null, 1)}\n`);
    const expected = JSON.parse(fs.readFileSync(PINS, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(pins)).toEqual(Object.keys(expected));
    for (const name of Object.keys(pins))
      expect({ name, pin: pins[name] }).toEqual({ name, pin: expected[name] });
    // Not vacuous: the set holds pictures of each kind preparation tells apart.
    const values = Object.values(pins) as { written?: boolean; inverted?: boolean; digits?: unknown[] }[];
    expect(values.some((v) => v.written === false)).toBe(true);
    expect(values.some((v) => v.inverted === false && v.written)).toBe(true);
    expect(values.some((v) => (v.digits?.length ?? 0) > 1)).toBe(true);
  }, 300_000);
});
