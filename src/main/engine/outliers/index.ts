// Outlier exposure in training: a BatchFill that replaces the last ⌈f·B⌉ rows of every batch with
// synthetic non-digits (pool.ts) and sets their target to the uniform distribution, so the
// cross-entropy pulls the predictive towards "any of the ten" off the digit manifold. The
// step's softmax − y gradient takes soft label rows as they are. Half of the digit rows get the
// same jitter as the outliers, so that resampling is no cue (JITTERED_DIGITS).
import { MNIST_SHAPE } from '../../../shared/data-shape';
import type { TrainConfig } from '../../../shared/training';
import { Rng, mixSeed } from '../bnn/rng';
import type { BatchFill } from '../data/dataset';
import { loadMnistPixels, loadMnistRaw } from '../data/mnist';
import { PIXELS } from './draw';
import { loadTrainLetters } from './letters';
import { jitter, makeOutlierPool } from './pool';

export { makeOutlierPool } from './pool';

const CLASSES = MNIST_SHAPE.classes;
/** Distinct outliers per run; each step draws its rows from them at random. */
export const POOL_SIZE = 12_000;
/**
 * Share of the digit rows given the outliers' jitter, label kept. Every outlier is resampled
 * (warped, framed again, often thickened) and MNIST digits never were: the network learned
 * resampling itself as "not a digit" and read a crisp letter as a digit (a quarter of its own
 * training letters, as rendered, got a confident digit). With digits jittered alike, resampling
 * tells nothing and the letters' shapes have to: letters A–Z AUROC 0.926 → 0.952 (bench/ood.ts;
 * 0.966 with pool.ts's crisp letters and shuffled patches).
 */
export const JITTERED_DIGITS = 0.5;

/** Rows of a batch of `batchSize` that outlier exposure replaces. */
export function outlierRows(config: Pick<TrainConfig, 'outlierFraction' | 'batchSize'>): number {
  return Math.min(config.batchSize - 1, Math.round(config.outlierFraction * config.batchSize));
}

/** The fill for a config, or undefined when outlier exposure is off. Deterministic in (seed, step). */
export function outlierFill(config: TrainConfig, poolSize = POOL_SIZE): BatchFill | undefined {
  const k = outlierRows(config);
  if (k <= 0) return undefined;
  const pool = makeOutlierPool({
    seed: config.seed,
    size: poolSize,
    digits: { pixels: loadMnistPixels('train'), labels: loadMnistRaw('train').labels },
    letters: loadTrainLetters(),
  });
  return (x, y, rows, step) => {
    const rng = new Rng(mixSeed(config.seed, 0x0e1, step));
    const digits = Math.max(0, rows - k);
    for (let r = digits; r < rows; r++) {
      const j = rng.int(poolSize);
      x.set(pool.subarray(j * PIXELS, (j + 1) * PIXELS), r * PIXELS);
      y.fill(1 / CLASSES, r * CLASSES, (r + 1) * CLASSES);
    }
    const jitterRng = new Rng(mixSeed(config.seed, 0x0e3, step));
    for (let r = 0; r < digits; r++) {
      if (jitterRng.next() >= JITTERED_DIGITS) continue;
      x.set(jitter(x.subarray(r * PIXELS, (r + 1) * PIXELS), jitterRng), r * PIXELS);
    }
  };
}
