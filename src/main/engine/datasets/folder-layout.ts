// Decisions a folder-per-class import takes from the scanned headers, before decoding a pixel: the
// stored size and which images go to the test split. Pure functions, so they are tested alone.
import { Rng, mixSeed } from '../bnn/rng';
import type { ScannedImage } from './folder-scan';

/** The largest stored side, and the square larger (or tiny) images are fitted into. */
export const MAX_SIDE = 64;
export const MIN_SIDE = 8;
export const FALLBACK_SIDE = 28;
/** The share of each class held out for testing when the source has no split of its own. */
export const TEST_SHARE = 0.15;

export interface TargetSize {
  width: number;
  height: number;
  /** Set when the most common size itself was scaled (it was outside 8–64). */
  scaledFrom?: { width: number; height: number };
}

/**
 * The most common size among the images (ties: the larger count of pixels, then the wider); kept
 * when both sides are from 8 to 64, else fitted, aspect kept, into 28×28 — the size the recipes
 * default to.
 */
export function targetSize(images: readonly Pick<ScannedImage, 'width' | 'height'>[]): TargetSize {
  const counts = new Map<string, { width: number; height: number; n: number }>();
  for (const { width, height } of images) {
    const key = `${width}x${height}`;
    const entry = counts.get(key) ?? { width, height, n: 0 };
    entry.n++;
    counts.set(key, entry);
  }
  const [top] = [...counts.values()].sort(
    (a, b) => b.n - a.n || b.width * b.height - a.width * a.height || b.width - a.width,
  );
  if (!top) throw new Error('targetSize needs at least one image');
  const fits = (side: number) => side >= MIN_SIDE && side <= MAX_SIDE;
  if (fits(top.width) && fits(top.height)) return { width: top.width, height: top.height };
  const scale = FALLBACK_SIDE / Math.max(top.width, top.height);
  const side = (n: number) => Math.min(FALLBACK_SIDE, Math.max(MIN_SIDE, Math.round(n * scale)));
  return {
    width: side(top.width),
    height: side(top.height),
    scaledFrom: { width: top.width, height: top.height },
  };
}

/**
 * Which images are test images: per class a seeded draw of 15% (at least one, and never all: a
 * class needs two images). Returns one flag per image, in the order given.
 */
export function testFlags(labels: readonly number[], seed: number): boolean[] {
  const byClass = new Map<number, number[]>();
  labels.forEach((label, i) => {
    const members = byClass.get(label);
    if (members) members.push(i);
    else byClass.set(label, [i]);
  });
  const flags = new Array<boolean>(labels.length).fill(false);
  for (const [label, members] of byClass) {
    const order = new Rng(mixSeed(seed, label)).permutation(members.length);
    const test = Math.min(members.length - 1, Math.max(1, Math.round(TEST_SHARE * members.length)));
    for (let k = 0; k < test; k++) flags[members[order[k]!]!] = true;
  }
  return flags;
}

/** A seeded order of n items, so each split file mixes the classes. */
export function shuffledOrder(n: number, seed: number): Int32Array {
  return new Rng(mixSeed(seed, 0x5eed)).permutation(n);
}
