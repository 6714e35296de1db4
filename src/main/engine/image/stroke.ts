// Stroke-width normalisation. MNIST's digits were written with fairly broad pens. A digit written
// large with a ballpoint or a fine liner and photographed is 2–5× thinner after scaling to 20×20:
// faint hairlines the network has never seen, which it reads as "not a digit" (9 of 10 such digits
// were refused before this step). Such strokes are thickened before scaling; broad ones pass as
// they are. Widths are measured as 2·area / boundary edges of the pixels ≥ 0.5, relative to the
// longer side of the ink box. On MNIST's own 28×28 images that measure has median 0.098 and 5th
// percentile 0.065 (5,000 training digits); at a photo's full resolution, where no anti-aliasing
// thins the strokes' ≥ 0.5 core, the same stroke reads wider than it does after scaling down: a
// stroke of 0.10 at full resolution comes out at about 0.075 at 28×28.
import { resample, type FloatImage } from './pixels';

/** Below this width / longer side (full resolution) a stroke is thinner than nearly all of MNIST's. */
export const THIN_STROKE_RATIO = 0.065;
/** The width / longer side thin strokes are brought to: MNIST's 10th percentile to median at 28×28. */
export const TARGET_STROKE_RATIO = 0.1;
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
