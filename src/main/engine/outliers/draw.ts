// Pixel helpers for the synthetic training outliers: 28×28 float images in [0, 1], light ink on
// dark as MNIST. Plain loops: a pool of thousands is made in well under a second.
import { MNIST_SHAPE, inputSize } from '../../../shared/data-shape';
import type { Rng } from '../bnn/rng';

/** Side and values of one outlier image: MNIST's (square, one channel). */
export const SIDE = MNIST_SHAPE.width;
export const PIXELS = inputSize(MNIST_SHAPE);

/** Stamps a soft round pen of radius r at (x, y), keeping the brighter value (max blend). */
export function stamp(img: Float32Array, x: number, y: number, r: number): void {
  const x0 = Math.max(0, Math.floor(x - r - 1));
  const x1 = Math.min(SIDE - 1, Math.ceil(x + r + 1));
  const y0 = Math.max(0, Math.floor(y - r - 1));
  const y1 = Math.min(SIDE - 1, Math.ceil(y + r + 1));
  for (let py = y0; py <= y1; py++) {
    for (let px = x0; px <= x1; px++) {
      const d = Math.hypot(px + 0.5 - x, py + 0.5 - y);
      // Full ink inside r, a one-pixel anti-aliased edge outside (as MNIST's blurred strokes).
      const v = Math.min(1, Math.max(0, r + 0.5 - d));
      const i = py * SIDE + px;
      if (v > img[i]!) img[i] = v;
    }
  }
}

/** Draws a cubic Bézier curve from p0 to p3 with control points p1, p2. */
export function bezier(img: Float32Array, p: readonly number[], r: number): void {
  const [x0, y0, x1, y1, x2, y2, x3, y3] = p as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const steps = 48;
  for (let k = 0; k <= steps; k++) {
    const t = k / steps;
    const u = 1 - t;
    const a = u * u * u;
    const b = 3 * u * u * t;
    const c = 3 * u * t * t;
    const d = t * t * t;
    stamp(img, a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3, r);
  }
}

/** Random point in MNIST's central 20×20 box. */
export function boxPoint(rng: Rng): [number, number] {
  return [4 + rng.next() * 20, 4 + rng.next() * 20];
}

/** Bilinear sample of img at (x, y) in pixel-centre coordinates; 0 outside. */
function sample(img: Float32Array, x: number, y: number): number {
  const fx = Math.floor(x);
  const fy = Math.floor(y);
  let v = 0;
  for (let dy = 0; dy <= 1; dy++) {
    for (let dx = 0; dx <= 1; dx++) {
      const px = fx + dx;
      const py = fy + dy;
      if (px < 0 || py < 0 || px >= SIDE || py >= SIDE) continue;
      v += img[py * SIDE + px]! * (dx ? x - fx : 1 - (x - fx)) * (dy ? y - fy : 1 - (y - fy));
    }
  }
  return v;
}

/**
 * Affine warp about the image centre: out(p) = img(M·(p − c) + c + t), M = [a b; c d] the inverse
 * map (so a rotation by θ passes the inverse rotation).
 */
export function warp(
  img: Float32Array,
  m: readonly [number, number, number, number],
  tx = 0,
  ty = 0,
): Float32Array {
  const out = new Float32Array(PIXELS);
  const c = (SIDE - 1) / 2;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const u = x - c;
      const v = y - c;
      out[y * SIDE + x] = sample(img, m[0] * u + m[1] * v + c + tx, m[2] * u + m[3] * v + c + ty);
    }
  }
  return out;
}

/** Rotation by `turns` quarter turns clockwise (exact, no resampling). */
export function rotateQuarter(img: Float32Array, turns: number): Float32Array {
  const out = new Float32Array(PIXELS);
  const t = ((turns % 4) + 4) % 4;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const [sx, sy] =
        t === 0
          ? [x, y]
          : t === 1
            ? [y, SIDE - 1 - x]
            : t === 2
              ? [SIDE - 1 - x, SIDE - 1 - y]
              : [SIDE - 1 - y, x];
      out[y * SIDE + x] = img[sy * SIDE + sx]!;
    }
  }
  return out;
}

/** Mirror image left–right. */
export function mirror(img: Float32Array): Float32Array {
  const out = new Float32Array(PIXELS);
  for (let y = 0; y < SIDE; y++)
    for (let x = 0; x < SIDE; x++) out[y * SIDE + x] = img[y * SIDE + SIDE - 1 - x]!;
  return out;
}

/** The bounding box of the pixels above `ink` in a SIDE×SIDE image (inclusive), or null when none is. */
export function inkBox(
  img: ArrayLike<number>,
  ink: number,
): { minX: number; minY: number; maxX: number; maxY: number } | null {
  let [minX, minY, maxX, maxY] = [SIDE, SIDE, -1, -1];
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      if (img[y * SIDE + x]! <= ink) continue;
      [minX, maxX] = [Math.min(minX, x), Math.max(maxX, x)];
      [minY, maxY] = [Math.min(minY, y), Math.max(maxY, y)];
    }
  }
  return maxX < 0 ? null : { minX, minY, maxX, maxY };
}

/** The columns of row `y` holding a pixel above `ink`, left to right. */
export function inkColumns(img: ArrayLike<number>, y: number, ink: number): number[] {
  const xs: number[] = [];
  for (let x = 0; x < SIDE; x++) if (img[y * SIDE + x]! > ink) xs.push(x);
  return xs;
}

/**
 * How far the ink at a stem's foot reaches left of the stem's line, in pixels: the line is fitted
 * by least squares to the ink's centre in each of the upper 60% of its rows (1s slant), the foot is
 * its lowest three rows. A J's hook is that reach: 3–4.5 px in the evaluation typefaces
 * (bench/letter-shapes.ts). NaN when there is no ink or the upper rows are no narrow stem (ink
 * wider than 6 px in a row).
 */
export function footHook(img: ArrayLike<number>, ink = 0.5): number {
  const box = inkBox(img, ink);
  if (!box) return Number.NaN;
  const columns = (y: number) => inkColumns(img, y, ink);
  const upper = Array.from({ length: Math.round((box.maxY - box.minY) * 0.6) }, (_, k) => box.minY + k)
    .map((y) => ({ y, xs: columns(y) }))
    .filter((row) => row.xs.length > 0);
  if (upper.length < 2 || upper.some((row) => row.xs.at(-1)! - row.xs[0]! + 1 > 6)) return Number.NaN;
  const centres = upper.map((row) => [row.y, row.xs.reduce((s, x) => s + x, 0) / row.xs.length] as const);
  const my = centres.reduce((s, [y]) => s + y, 0) / centres.length;
  const mx = centres.reduce((s, [, x]) => s + x, 0) / centres.length;
  const slope =
    centres.reduce((s, [y, x]) => s + (y - my) * (x - mx), 0) /
    centres.reduce((s, [y]) => s + (y - my) ** 2, 0);
  let reach = 0;
  for (const y of [box.maxY, box.maxY - 1, box.maxY - 2])
    for (const x of columns(y)) reach = Math.max(reach, mx + slope * (y - my) - x);
  return reach;
}

/**
 * MNIST's framing: scale the ink's bounding box to fit 20×20 (aspect kept) and move its centre of
 * mass to the image centre. Blank images are returned as they are.
 */
export function frame(img: Float32Array): Float32Array {
  const box = inkBox(img, 0.05);
  if (!box) return img;
  const { minX, minY, maxX, maxY } = box;
  const scale = Math.max(maxX - minX + 1, maxY - minY + 1) / 20;
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const c = (SIDE - 1) / 2;
  const scaled = warp(img, [scale, 0, 0, scale], cx - c, cy - c);
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < PIXELS; i++) {
    const v = scaled[i]!;
    mass += v;
    mx += v * (i % SIDE);
    my += v * Math.floor(i / SIDE);
  }
  if (mass === 0) return scaled;
  return warp(scaled, [1, 0, 0, 1], mx / mass - c, my / mass - c);
}

/** Thickens strokes by one pixel: each pixel takes the largest value of itself and its 4 neighbours. */
export function dilate(img: Float32Array): Float32Array {
  const out = new Float32Array(PIXELS);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      let v = img[y * SIDE + x]!;
      if (x > 0) v = Math.max(v, img[y * SIDE + x - 1]!);
      if (x < SIDE - 1) v = Math.max(v, img[y * SIDE + x + 1]!);
      if (y > 0) v = Math.max(v, img[(y - 1) * SIDE + x]!);
      if (y < SIDE - 1) v = Math.max(v, img[(y + 1) * SIDE + x]!);
      out[y * SIDE + x] = v;
    }
  }
  return out;
}
