// Teaching the marked pictures: a BatchFill run after outlier exposure's. Marked digits take a few of
// the digit rows (first rows, their label one-hot), marked non-digits a few of the outlier rows (last
// rows, the uniform target), each drawn at random from the set and, like the training digits, half of
// them jittered so twenty pictures are learned as a hand, not as twenty images. A pure function of
// (seed, step), so a resumed run sees the same batches.
import { MNIST_SHAPE, inputSize } from '../../../shared/data-shape';
import type { TrainConfig } from '../../../shared/training';
import { Rng, mixSeed } from '../bnn/rng';
import type { BatchFill } from '../data/dataset';
import { JITTERED_DIGITS } from '../outliers';
import { jitter } from '../outliers/pool';
import type { MarkedSet } from './store';

const PIXELS = inputSize(MNIST_SHAPE);
const CLASSES = MNIST_SHAPE.classes;

/**
 * Share of a batch given to each kind of marked picture (digits, non-digits): 2 rows of 128. Enough
 * to move the boundary around a user's hand within one run (bench/teach.ts: 20 of 20 new 7s accepted
 * with 2 rows as with 4); with 4, lower-case letters refused fell by a point and noise by two, with 2
 * they moved under a point.
 */
export const MARKED_SHARE = 1 / 64;

/** Rows per batch for `count` marked pictures of one kind: at most one per picture. */
export function markedRows(batchSize: number, count: number): number {
  if (count === 0) return 0;
  return Math.min(count, Math.max(1, Math.round(MARKED_SHARE * batchSize)));
}

interface Kind {
  indices: number[];
  rows: number;
}

function kinds(set: MarkedSet, batchSize: number): { digits: Kind; others: Kind } {
  const digits: number[] = [];
  const others: number[] = [];
  set.labels.forEach((label, i) => (label === null ? others : digits).push(i));
  return {
    digits: { indices: digits, rows: markedRows(batchSize, digits.length) },
    others: { indices: others, rows: markedRows(batchSize, others.length) },
  };
}

/** `base` (outlier exposure, or nothing) followed by the marked pictures; `base` when none are marked. */
export function teachFill(
  config: Pick<TrainConfig, 'seed' | 'batchSize'>,
  set: MarkedSet,
  base?: BatchFill,
): BatchFill | undefined {
  const { digits, others } = kinds(set, config.batchSize);
  if (digits.rows + others.rows === 0) return base;
  const picture = (rng: Rng, i: number): Float32Array => {
    const img = Float32Array.from(set.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), (v) => v / 255);
    return rng.next() < JITTERED_DIGITS ? jitter(img, rng) : img;
  };
  return (x, y, rows, step) => {
    base?.(x, y, rows, step);
    const rng = new Rng(mixSeed(config.seed, 0x7eac, step));
    const put = (r: number, i: number) => x.set(picture(rng, i), r * PIXELS);
    // Never the whole batch: at least one MNIST row stays.
    const d = Math.min(digits.rows, rows - 1);
    for (let r = 0; r < d; r++) {
      const i = digits.indices[rng.int(digits.indices.length)]!;
      put(r, i);
      y.fill(0, r * CLASSES, (r + 1) * CLASSES);
      y[r * CLASSES + set.labels[i]!] = 1;
    }
    const o = Math.min(others.rows, rows - 1 - d);
    for (let r = rows - o; r < rows; r++) {
      put(r, others.indices[rng.int(others.indices.length)]!);
      y.fill(1 / CLASSES, r * CLASSES, (r + 1) * CLASSES);
    }
  };
}
