// Filled regions for outlier exposure: solid, shaded or patterned silhouettes with no stroke
// structure. Every other kind in the pool is made of pen strokes, so a network shown only those
// learns "strokes that are no digit" and still reads a solid thing (a shirt, a bag, trousers) as a
// confident digit once the ink finder frames it in MNIST's box (bench/as-pictures.ts). The outline
// is a random star-shaped curve — smooth harmonics of a circle, stretched and turned — which shares
// no generator with the evaluation sets (their shapes are SVG drawings in src/tools/ood-sets, their
// noise per-pixel random fields, their clothing photographs).
import type { Rng } from '../bnn/rng';
import { PIXELS, SIDE, frame } from './draw';

const HARMONICS = 4;

/** r(θ) of a star-shaped outline: a circle with random low harmonics (a blob, a boot, a bag…). */
function outline(rng: Rng): (theta: number) => number {
  const amps = Array.from({ length: HARMONICS }, (_, k) => (rng.next() * 0.45) / (k + 1));
  const phases = Array.from({ length: HARMONICS }, () => rng.next() * 2 * Math.PI);
  return (theta) =>
    Math.max(0.2, 1 + amps.reduce((s, a, k) => s + a * Math.cos((k + 2) * theta + phases[k]!), 0));
}

/** Inside value at (u, v) in the region's own frame (−1…1): flat, shaded, striped or seamed. */
function filling(rng: Rng): (u: number, v: number) => number {
  const base = 0.55 + rng.next() * 0.45;
  const kind = rng.int(4);
  if (kind === 0) return () => base;
  if (kind === 1) {
    const [gu, gv] = [rng.next() - 0.5, rng.next() - 0.5];
    return (u, v) => Math.min(1, Math.max(0.2, base + gu * u + gv * v));
  }
  const angle = rng.next() * Math.PI;
  const [cu, cv] = [Math.cos(angle), Math.sin(angle)];
  if (kind === 2) {
    const freq = 3 + rng.next() * 6;
    const depth = 0.2 + rng.next() * 0.5;
    return (u, v) => base * (1 - depth * (0.5 + 0.5 * Math.sin(freq * Math.PI * (cu * u + cv * v))));
  }
  // A dark seam or two across the region (a zip, a sleeve's edge).
  const seams = Array.from({ length: 1 + rng.int(2) }, () => rng.next() * 1.2 - 0.6);
  return (u, v) => (seams.some((s) => Math.abs(cu * u + cv * v - s) < 0.08) ? base * 0.25 : base);
}

/** One filled region framed as MNIST (light on dark, 20×20 box, centred by mass). */
export function filledRegion(rng: Rng): Float32Array {
  const r = outline(rng);
  const fill = filling(rng);
  // Never thinner than 9:20: solid bars that narrow are wider for their length than any MNIST
  // stroke (width / longer side ≤ 0.31 over 20k training digits) yet still a bar, as trousers and
  // dresses are once the ink finder frames them; narrower would read as a bold 1 (label noise).
  const stretch = 0.45 + rng.next() * 0.55;
  const turn = rng.next() * Math.PI;
  const [cos, sin] = [Math.cos(turn), Math.sin(turn)];
  const img = new Float32Array(PIXELS);
  const c = (SIDE - 1) / 2;
  const radius = SIDE * 0.4;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const [dx, dy] = [(x - c) / radius, (y - c) / radius];
      // Into the region's frame: turned back, then the stretched axis widened again.
      const u = cos * dx + sin * dy;
      const v = (-sin * dx + cos * dy) / stretch;
      const rho = Math.hypot(u, v);
      const edge = r(Math.atan2(v, u));
      // A one-pixel soft edge, as MNIST's anti-aliased strokes.
      const inside = Math.min(1, Math.max(0, (edge - rho) * radius + 0.5));
      if (inside > 0) img[y * SIDE + x] = inside * fill(u, v);
    }
  }
  return frame(img);
}
