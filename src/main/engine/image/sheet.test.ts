import { describe, expect, it } from 'vitest';
import { hullArea, isolateSheet } from './sheet';
import { prepareImage } from './prepare';
import { drawGlyph, encodeGray } from './test-images';

const [DESK, PAPER] = [50, 235];

/** A light sheet turned by `angle` radians on a dark desk, with `drawGlyph`'s "7" on it; `sheet` is its size / the picture's. */
function sheetOnDesk(side: number, angle: number, withInk = true, sheet = 0.6): Uint8Array {
  const img = new Uint8Array(side * side).fill(DESK);
  const glyphSide = Math.round(side * 0.4);
  const glyph = drawGlyph(glyphSide, glyphSide, PAPER);
  const [c, half] = [side / 2, (side * sheet) / 2];
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const u = (x - c) * cos + (y - c) * sin;
      const v = -(x - c) * sin + (y - c) * cos;
      if (Math.abs(u) > half || Math.abs(v) > half) continue;
      const [gx, gy] = [Math.floor(u + glyphSide / 2), Math.floor(v + glyphSide / 2)];
      const onGlyph = withInk && gx >= 0 && gy >= 0 && gx < glyphSide && gy < glyphSide;
      img[y * side + x] = onGlyph ? glyph[gy * glyphSide + gx]! : PAPER;
    }
  }
  return img;
}

function correlation(a: Float32Array, b: Float32Array): number {
  const mean = (v: Float32Array) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [ab, aa, bb] = [0, 0, 0];
  a.forEach((x, i) => {
    ab += (x - ma) * (b[i]! - mb);
    aa += (x - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  });
  return ab / Math.sqrt(aa * bb);
}

async function prepared(pixels: Uint8Array, side: number): Promise<Float32Array> {
  const result = await prepareImage(await encodeGray(pixels, side, side, 'png'));
  if (!result.ok) throw new Error(result.error.message);
  expect(result.value.inverted).toBe(true);
  return result.value.pixels;
}

describe('a sheet of paper on a dark desk', () => {
  it('is read like the same digit on paper filling the picture, straight or turned', async () => {
    for (const angle of [0, 0.2]) {
      const paperOnly = await prepared(sheetOnDesk(300, angle, true, 2), 300);
      expect(correlation(await prepared(sheetOnDesk(300, angle), 300), paperOnly)).toBeGreaterThan(0.9);
    }
  });

  it('reads dim grey paper (its frame darker than mid-grey) as dark ink on paper', async () => {
    const bright = await prepared(drawGlyph(200, 200, PAPER, 20), 200);
    const dim = await prepared(drawGlyph(200, 200, 110, 20), 200);
    expect(correlation(dim, bright)).toBeGreaterThan(0.9);
  });

  it('finds a page running off the picture with the desk beyond its corner', () => {
    const pixels = sheetOnDesk(300, 0.1, true, 1.2);
    expect(
      isolateSheet({ width: 300, height: 300, data: Float32Array.from(pixels, (v) => v / 255) }),
    ).not.toBeNull();
  });

  it('paints the desk in the corners of a turned sheet with the paper colour', () => {
    const pixels = sheetOnDesk(300, 0.2);
    const sheet = isolateSheet({ width: 300, height: 300, data: Float32Array.from(pixels, (v) => v / 255) });
    expect(sheet).not.toBeNull();
    expect(sheet!.image.data[0]).toBeCloseTo(PAPER / 255, 2);
  });

  it('is not found in a solid light shape without ink, nor in a light glyph on black', () => {
    const blank = Float32Array.from(sheetOnDesk(200, 0.1, false), (v) => v / 255);
    expect(isolateSheet({ width: 200, height: 200, data: blank })).toBeNull();
    // A bold "E": light bars on black, its gaps open to the outside.
    const e = new Float32Array(200 * 200);
    for (let y = 20; y < 180; y++) {
      for (let x = 30; x < 170; x++) if (x < 80 || (y - 20) % 60 < 40) e[y * 200 + x] = 1;
    }
    expect(isolateSheet({ width: 200, height: 200, data: e })).toBeNull();
  });

  it.each([140, 175])(
    'is found under a thin grey pen (grey %i), whose strokes blend into the sheet on the pooled copy',
    async (grey) => {
      // A sheet on a desk with a "7" in 2 px strokes of grey: lighter than the desk/sheet threshold
      // once averaged with the paper beside them.
      const side = 400;
      const img = new Uint8Array(side * side).fill(DESK);
      for (let y = 80; y < 320; y++) for (let x = 80; x < 320; x++) img[y * side + x] = PAPER;
      for (let x = 160; x < 240; x++) for (let y = 150; y < 152; y++) img[y * side + x] = grey;
      for (let y = 150; y < 260; y++) for (let x = 238; x < 240; x++) img[y * side + x] = grey;
      const picture = { width: side, height: side, data: Float32Array.from(img, (v) => v / 255) };
      expect(isolateSheet(picture)).not.toBeNull();
      // Read as dark ink on the sheet, not the sheet read as light ink on the desk.
      const result = await prepareImage(await encodeGray(img, side, side, 'png'));
      expect(result.ok && result.value.inverted).toBe(true);
      const box = result.ok ? result.value.digits[0]!.box : null;
      expect(box!.width).toBeLessThan(100);
      expect(box!.height).toBeLessThan(130);
    },
  );

  it('measures convex hulls', () => {
    const surface = new Uint8Array(10 * 10).fill(1);
    for (let y = 2; y < 6; y++) for (let x = 3; x < 8; x++) surface[y * 10 + x] = 0;
    expect(hullArea(surface, 10, 10)).toBe(20);
  });
});
