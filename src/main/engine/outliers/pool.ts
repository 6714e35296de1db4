// Synthetic non-digits for outlier exposure (Hendrycks, Mazeika & Dietterich, ICLR 2019): images
// that share MNIST's strokes and framing but are not digits. Made by generators that share nothing
// with the evaluation sets in resources/ood (no shipped OOD image, no evaluation font):
// pen scribbles (2–4 random Bézier strokes), MNIST training digits turned into non-digits
// (quarter turns, upside down, mirrored — only classes for which the result is no digit — two
// digits of different classes overlaid, a digit's patches shuffled), filled, shaded or patterned
// regions with no strokes at all (./filled.ts), J's made from MNIST 1s (hookedOne), and letters
// in print fonts that the letters sets do not use (resources/train-outliers, see ./letters.ts),
// randomly slanted, and the same letters written with the scribble pen (./pen-letters.ts).
// For a dataset of photographed things the pool holds written strokes only (makeStrokeOutlierPool):
// scribbles and letters, derived from no MNIST image (MNIST must never be its training outlier).
// Training digits get the letters' jitter too (./index.ts), so resampling is no cue. The filled
// regions are for pictures: the ink finder frames a garment as a solid shape in MNIST's box, which
// a stroke-only pool never shows (README, "The built-in model is three of them"). Tried and dropped:
// digit fragments and halves of two digits joined — too many of them still look like digits (a
// stroke reads as 1, the top of a 7 on any bottom as 7), and a uniform target on a digit is label
// noise; D's, B's and S's made from MNIST 0s, 8s and 5s as hookedOne makes J's, letters bent by
// elastic distortion, and pen letters narrowed to the typefaces' proportions — each left letters
// A–Z within the spread one seed to another gives (README, "The built-in model is three of them").
import { Rng, mixSeed } from '../bnn/rng';
import {
  PIXELS,
  SIDE,
  bezier,
  boxPoint,
  dilate,
  frame,
  inkBox,
  inkColumns,
  mirror,
  rotateQuarter,
  warp,
} from './draw';
import { filledRegion } from './filled';
import { penLetter } from './pen-letters';

/** MNIST training images as floats (count × 784) with their labels. */
export interface DigitSource {
  pixels: Float32Array;
  labels: Uint8Array;
}

// Transforms that turn these classes into non-digits. Excluded because the result is still a
// digit or close to one (label noise): 0, 8 under any turn or mirror; 1 turned (a slanted bar is
// a 1); 6 ↔ 9 upside down; 2 and 5 mirrored (read as 5 and 2); 7 mirrored (still a 7 to people).
const QUARTER_TURN = [2, 3, 4, 5, 6, 7, 9];
const UPSIDE_DOWN = [3, 4, 7];
const MIRRORED = [3, 4, 9];

function digitOf(
  src: DigitSource,
  rng: Rng,
  classes?: readonly number[],
): { img: Float32Array; label: number } {
  for (;;) {
    const i = rng.int(src.labels.length);
    const label = src.labels[i]!;
    if (!classes || classes.includes(label))
      return { img: src.pixels.slice(i * PIXELS, (i + 1) * PIXELS), label };
  }
}

function scribble(rng: Rng): Float32Array {
  const img = new Float32Array(PIXELS);
  const strokes = 2 + rng.int(3);
  const r = 0.8 + rng.next() * 1.0;
  let [x, y] = boxPoint(rng);
  for (let s = 0; s < strokes; s++) {
    // Half the strokes continue from the last end point (one pen movement), half start anew.
    if (rng.next() < 0.5) [x, y] = boxPoint(rng);
    const pts = [x, y, ...boxPoint(rng), ...boxPoint(rng), ...boxPoint(rng)];
    bezier(img, pts, r);
    [x, y] = [pts[6]!, pts[7]!];
  }
  return frame(img);
}

function turned(src: DigitSource, rng: Rng): Float32Array {
  const how = rng.int(3);
  if (how === 0) return rotateQuarter(digitOf(src, rng, QUARTER_TURN).img, rng.next() < 0.5 ? 1 : 3);
  if (how === 1) return rotateQuarter(digitOf(src, rng, UPSIDE_DOWN).img, 2);
  return mirror(digitOf(src, rng, MIRRORED).img);
}

function overlay(src: DigitSource, rng: Rng): Float32Array {
  const a = digitOf(src, rng);
  let b = digitOf(src, rng);
  while (b.label === a.label) b = digitOf(src, rng);
  // Shifted sideways by 3–7 px: two digits at one place could read as a third (3 over 0 as 8).
  const dx = (rng.next() < 0.5 ? -1 : 1) * (3 + rng.next() * 4);
  const shifted = warp(b.img, [1, 0, 0, 1], dx, (rng.next() - 0.5) * 6);
  return frame(a.img.map((v, i) => Math.max(v, shifted[i]!)));
}

/**
 * A J written by an MNIST hand: a training 1 with a hook drawn from its foot, curling left and up.
 * The J of most typefaces is a 1 with a small hook to a reader of digits (bench/letter-shapes.ts:
 * the hook reaches 3–4.5 px left of the stem). Print and pen J's have smooth synthetic strokes, a
 * cue of their own; here the stem, its slant and its ink are MNIST's, so the hook is all that
 * tells the outlier from the 1 it was made from. Its size is the typefaces' (12–28% of the height):
 * hooks twice as wide taught a network to refuse big hooks only (bench:pictures, one `laplace`
 * network: J read as 1 in 10 of 15 typefaces against 5 with these).
 */
export function hookedOne(src: DigitSource, rng: Rng): Float32Array {
  for (;;) {
    // Shrunk and moved up first, so that the hook has room below the foot.
    const one = warp(digitOf(src, rng, [1]).img, [1.35, 0, 0, 1.35], 0, 4);
    const box = inkBox(one, 0.5);
    if (!box) continue;
    const inkIn = (y: number) => inkColumns(one, y, 0.5);
    const foot = inkIn(box.maxY);
    const across = inkIn(Math.round((box.minY + box.maxY) / 2)).length;
    // A 1 written with a base has no foot to hook from: the hook would vanish into the base.
    if (foot.length > across + 2) continue;
    // The pen of the stem: a stroke `w` pixels across is a stamp of radius about (w − 1) / 2.
    const r = Math.min(1.6, Math.max(0.7, (across - 1) / 2));
    const height = box.maxY - box.minY + 1;
    const fx = foot.reduce((s, x) => s + x, 0) / foot.length + 0.5;
    const fy = box.maxY + 0.5;
    const wide = height * (0.12 + rng.next() * 0.16);
    const down = height * (0.03 + rng.next() * 0.07);
    const rise = height * (0.05 + rng.next() * 0.15);
    const hook = [fx, fy - height * 0.1, fx, fy + down, fx - wide, fy + down, fx - wide, fy + down - rise];
    bezier(one, hook, r);
    return frame(one);
  }
}

const PATCH = 7;
const PATCHES_PER_SIDE = SIDE / PATCH;

/**
 * A digit cut into a 4 × 4 grid of 7 × 7 patches put back in random order: MNIST's own strokes and
 * ink, no digit's shape — clutter, which the network otherwise often read as a confident digit
 * (noise AUROC 0.990 → 0.999, bench/ood.ts).
 */
export function shuffledPatches(img: Float32Array, rng: Rng): Float32Array {
  const out = new Float32Array(PIXELS);
  const order = rng.permutation(PATCHES_PER_SIDE * PATCHES_PER_SIDE);
  order.forEach((to, from) => {
    const [fy, fx] = [Math.floor(from / PATCHES_PER_SIDE) * PATCH, (from % PATCHES_PER_SIDE) * PATCH];
    const [ty, tx] = [Math.floor(to / PATCHES_PER_SIDE) * PATCH, (to % PATCHES_PER_SIDE) * PATCH];
    for (let y = 0; y < PATCH; y++) {
      const row = img.subarray((fy + y) * SIDE + fx, (fy + y) * SIDE + fx + PATCH);
      out.set(row, (ty + y) * SIDE + tx);
    }
  });
  return out;
}

/** Share of the print letters used as rendered: crisp, never resampled (see `letter`). */
export const CRISP_LETTERS = 0.3;

/**
 * A print letter. Mostly jittered, but a share exactly as the user-image preprocessing renders it:
 * every other outlier is resampled, and a network shown only resampled letters learns resampling
 * as the cue and takes a crisp letter for a digit.
 */
function letter(letters: Float32Array, rng: Rng): Float32Array {
  const count = letters.length / PIXELS;
  const i = rng.int(count);
  const glyph = letters.subarray(i * PIXELS, (i + 1) * PIXELS);
  return rng.next() < CRISP_LETTERS ? glyph.slice() : jitter(glyph, rng);
}

/**
 * An image slanted, rotated and scaled a little, framed again as MNIST, and half the time thickened
 * (pen-like strokes). Shape-preserving: used on letters and, label kept, on training digits.
 */
export function jitter(img: Float32Array, rng: Rng): Float32Array {
  const angle = (rng.next() - 0.5) * 0.5;
  const shear = (rng.next() - 0.5) * 0.6;
  const s = 0.9 + rng.next() * 0.25;
  const m: [number, number, number, number] = [
    s * Math.cos(angle),
    s * (Math.sin(angle) + shear),
    -s * Math.sin(angle),
    s * Math.cos(angle),
  ];
  const framed = frame(warp(img, m));
  return rng.next() < 0.5 ? dilate(framed) : framed;
}

export interface StrokePoolOptions {
  seed: number;
  size: number;
  /** Letters in training fonts (count × 784); when empty, every letter is pen-written. */
  letters: Float32Array;
}

export interface PoolOptions extends StrokePoolOptions {
  digits: DigitSource;
}

/** A letter: half in print fonts, half written with the pen (./pen-letters.ts). */
function anyLetter(letters: Float32Array, rng: Rng): Float32Array {
  if (letters.length === 0 || rng.next() < 0.5) return penLetter(rng);
  return letter(letters, rng);
}

/** Share of the letters that are J's made from MNIST 1s (hookedOne): 5% of the pool. */
export const HOOKED_ONES = 0.1;

/** One outlier of a kind drawn at random (letters half of the time). */
function makeOne(o: PoolOptions, rng: Rng): Float32Array {
  if (rng.next() < 0.5)
    return rng.next() < HOOKED_ONES ? hookedOne(o.digits, rng) : anyLetter(o.letters, rng);
  const kind = rng.int(5);
  if (kind === 0) return scribble(rng);
  if (kind === 1) return turned(o.digits, rng);
  if (kind === 2) return overlay(o.digits, rng);
  if (kind === 3) return shuffledPatches(digitOf(o.digits, rng).img, rng);
  return filledRegion(rng);
}

/** One written-stroke outlier: a letter half of the time, a scribble the other half. */
function makeStroke(o: StrokePoolOptions, rng: Rng): Float32Array {
  return rng.next() < 0.5 ? anyLetter(o.letters, rng) : scribble(rng);
}

function fillPool(seed: number, size: number, make: (rng: Rng) => Float32Array): Float32Array {
  const rng = new Rng(mixSeed(seed, 0x0e0e));
  const pool = new Float32Array(size * PIXELS);
  for (let k = 0; k < size; k++) pool.set(make(rng), k * PIXELS);
  return pool;
}

/** A pool of `size` non-digits (size × 784) for MNIST, a pure function of the options. */
export function makeOutlierPool(o: PoolOptions): Float32Array {
  return fillPool(o.seed, o.size, (rng) => makeOne(o, rng));
}

/**
 * A pool of `size` written strokes (size × 784), scribbles and letters, none derived from an MNIST
 * image: the outliers of a dataset of things. A pure function of the options.
 */
export function makeStrokeOutlierPool(o: StrokePoolOptions): Float32Array {
  return fillPool(o.seed, o.size, (rng) => makeStroke(o, rng));
}
