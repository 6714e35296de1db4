// Stroke-width normalisation for hairlines. MNIST's digits were written with fairly broad pens:
// measured as 2·area / boundary edges of the pixels ≥ 0.5, relative to the longer side of the ink
// box, their strokes are 0.098 at the median and 0.065 at the 5th percentile on MNIST's own 28×28
// images (5,000 training digits). A digit written large with a fine pen is far thinner: at 3% and
// below (at the 400-pixel working size) it becomes a faint hairline at 20×20 that the network has
// never seen, and 9 of 10 such digits were refused (bench/written-digits.ts). Those strokes are
// thickened to 0.065, MNIST's 5th percentile, and nothing else is touched: stroke width stays a cue
// the network may use (thin handwriting-font letters are easier to refuse), only hairlines are
// brought into MNIST's range.
import { resample, type FloatImage } from './pixels';

/** Below this width / longer side a stroke is a hairline, far thinner than any of MNIST's. */
export const THIN_STROKE_RATIO = 0.03;
/** The width / longer side hairlines are brought to: MNIST's 5th percentile. */
export const TARGET_STROKE_RATIO = 0.065;
/** Dilation runs on a copy whose longer side is at most this (4× the 20-pixel box): cheap and exact enough. */
const WORK_SIDE = 80;

/**
 * Mean stroke width in pixels of the pixels ≥ 0.5: 2·area / boundary edges, exact for long straight
 * strokes (a stroke of length L and width w has area L·w and about 2L boundary edges). 0 without ink.
 */
export function strokeWidth(image: FloatImage): number {
  const { width, height, data } = image;
  const on = (x: number, y: number): boolean =>
    x >= 0 && y >= 0 && x < width && y < height && data[y * width + x]! >= 0.5;
  let area = 0;
  let edges = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!on(x, y)) continue;
      area++;
      edges += Number(!on(x + 1, y)) + Number(!on(x - 1, y)) + Number(!on(x, y + 1)) + Number(!on(x, y - 1));
    }
  }
  return edges > 0 ? (2 * area) / edges : 0;
}

/** Grey dilation (max filter) by a disk of `radius` pixels; the image grows by ⌊radius⌋ on each side. */
export function dilate(image: FloatImage, radius: number): FloatImage {
  const pad = Math.floor(radius);
  const offsets: [number, number][] = [];
  for (let dy = -pad; dy <= pad; dy++) {
    for (let dx = -pad; dx <= pad; dx++) if (dx * dx + dy * dy <= radius * radius) offsets.push([dx, dy]);
  }
  const width = image.width + 2 * pad;
  const height = image.height + 2 * pad;
  const data = new Float32Array(width * height);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const v = image.data[y * image.width + x]!;
      if (v <= 0) continue;
      for (const [dx, dy] of offsets) {
        const i = (y + pad + dy) * width + x + pad + dx;
        if (data[i]! < v) data[i] = v;
      }
    }
  }
  return { width, height, data };
}

/**
 * The cropped ink with strokes at least about MNIST's relative width: unchanged when they already
 * are, otherwise scaled down to a working size and dilated by the missing half-width.
 */
export function normaliseStroke(cropped: FloatImage): FloatImage {
  const long = Math.max(cropped.width, cropped.height);
  const width = strokeWidth(cropped);
  if (width === 0 || width / long >= THIN_STROKE_RATIO) return cropped;
  const scale = Math.min(1, WORK_SIDE / long);
  const work =
    scale < 1
      ? resample(
          cropped,
          Math.max(1, Math.round(cropped.width * scale)),
          Math.max(1, Math.round(cropped.height * scale)),
        )
      : cropped;
  return dilate(work, ((TARGET_STROKE_RATIO * long - width) / 2) * scale);
}
