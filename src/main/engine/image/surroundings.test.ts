import { describe, expect, it } from 'vitest';
import { dropSurroundings } from './surroundings';
import { prepareImage } from './prepare';
import { drawGlyph, encodeGray } from './test-images';

const SIDE = 300;

/** drawGlyph's "7" on paper; the desk (dark) covers the picture's right `desk` share. */
function pageWithDesk(desk: number): Uint8Array {
  const img = drawGlyph(SIDE, SIDE, 235);
  for (let y = 0; y < SIDE; y++) {
    for (let x = Math.round(SIDE * (1 - desk)); x < SIDE; x++) img[y * SIDE + x] = 45;
  }
  return img;
}

async function pixels(img: Uint8Array): Promise<Float32Array> {
  const result = await prepareImage(await encodeGray(img, SIDE, SIDE, 'png'));
  if (!result.ok) throw new Error(result.error.message);
  return result.value.pixels;
}

describe('surroundings of the writing', () => {
  it('leaves out the desk beside the page: the digit is read as without it', async () => {
    const [plain, withDesk] = [await pixels(pageWithDesk(0)), await pixels(pageWithDesk(0.15))];
    const difference = withDesk.reduce((sum, v, i) => sum + Math.abs(v - plain[i]!), 0) / 784;
    expect(difference).toBeLessThan(0.02);
  });

  it('keeps strokes that touch the picture edge, and everything when nothing runs along it', () => {
    const values = new Float32Array(100 * 100);
    // A bar from the top edge to the bottom edge (a "1" drawn across the whole pad).
    for (let y = 0; y < 100; y++) for (let x = 45; x < 52; x++) values[y * 100 + x] = 1;
    expect(dropSurroundings(values, 100, 100)).toBe(values);
    // A solid stripe along the right side goes; the bar stays.
    for (let y = 0; y < 100; y++) for (let x = 85; x < 100; x++) values[y * 100 + x] = 1;
    const kept = dropSurroundings(values, 100, 100);
    expect(kept[50 * 100 + 48]).toBe(1);
    expect(kept.subarray(50 * 100 + 85, 50 * 100 + 100).every((v) => v === 0)).toBe(true);
  });
});
