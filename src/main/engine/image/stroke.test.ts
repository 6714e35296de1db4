import { describe, expect, it } from 'vitest';
import type { FloatImage } from './pixels';
import { THIN_STROKE_RATIO, dilate, normaliseStroke, strokeWidth } from './stroke';
import { prepareImage } from './prepare';
import { encodeGray } from './test-images';

/** A `side`² black image with a white "L" of strokes `w` pixels wide. */
function letterL(side: number, w: number): FloatImage {
  const data = new Float32Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) if (x < w || y >= side - w) data[y * side + x] = 1;
  }
  return { width: side, height: side, data };
}

/** Dark ink on white paper: a "7" whose strokes are `w` pixels wide on a 600 × 600 sheet. */
function pen7(w: number): Uint8Array {
  const img = new Uint8Array(600 * 600).fill(245);
  for (let y = 150; y < 450; y++) {
    const cx = Math.round(400 - (y - 150) * 0.45);
    for (let x = cx - w / 2; x < cx + w / 2; x++) img[y * 600 + Math.round(x)] = 25;
  }
  for (let y = 150; y < 150 + w; y++) for (let x = 200; x < 405; x++) img[y * 600 + x] = 25;
  return img;
}

/** Stroke width of 28×28 MNIST-format pixels relative to their ink box's longer side. */
function relativeWidth(pixels: Float32Array): number {
  const image = { width: 28, height: 28, data: pixels };
  let [x0, x1, y0, y1] = [28, -1, 28, -1];
  pixels.forEach((v, i) => {
    if (v < 0.5) return;
    [x0, x1, y0, y1] = [
      Math.min(x0, i % 28),
      Math.max(x1, i % 28),
      Math.min(y0, (i / 28) | 0),
      Math.max(y1, (i / 28) | 0),
    ];
  });
  return strokeWidth(image) / Math.max(x1 - x0 + 1, y1 - y0 + 1);
}

describe('stroke width', () => {
  it('measures the width of straight strokes', () => {
    expect(strokeWidth(letterL(200, 6))).toBeCloseTo(6, 0);
    const broad = strokeWidth(letterL(200, 20));
    expect(broad).toBeGreaterThan(18);
    expect(broad).toBeLessThan(21);
    expect(strokeWidth({ width: 4, height: 4, data: new Float32Array(16) })).toBe(0);
  });

  it('dilates by a disk and grows the image by the radius', () => {
    const dot = { width: 5, height: 5, data: new Float32Array(25) };
    dot.data[12] = 0.8;
    const out = dilate(dot, 2);
    expect([out.width, out.height]).toEqual([9, 9]);
    expect(out.data.filter((v) => v > 0.79).length).toBe(13);
    expect(out.data.filter((v) => v > 0 && v <= 0.79).length).toBe(0);
  });

  it('thickens hairlines to about MNIST width and leaves broad strokes alone', () => {
    const broad = letterL(200, 20);
    expect(normaliseStroke(broad)).toBe(broad);
    const thin = normaliseStroke(letterL(400, 4));
    const ratio = strokeWidth(thin) / Math.max(thin.width, thin.height);
    expect(ratio).toBeGreaterThan(THIN_STROKE_RATIO);
    expect(Math.max(thin.width, thin.height)).toBeLessThanOrEqual(90);
  });

  it('gives a digit written with a fine pen strokes as wide as a medium pen gives', async () => {
    const prepare = async (w: number) => {
      const prepared = await prepareImage(await encodeGray(pen7(w), 600, 600, 'png'));
      if (!prepared.ok) throw new Error(prepared.error.message);
      return relativeWidth(prepared.value.pixels);
    };
    const [fine, medium] = [await prepare(5), await prepare(20)];
    expect(fine).toBeGreaterThan(0.85 * medium);
  });
});
