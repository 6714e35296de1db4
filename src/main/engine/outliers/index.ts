// Outlier exposure in training: a BatchFill that replaces the last ⌈f·B⌉ rows of every batch with
// synthetic non-digits (pool.ts) and sets their target to the uniform distribution, so the
// cross-entropy pulls the predictive towards "any of the ten" off the digit manifold. The
// step's softmax − y gradient takes soft label rows as they are.
import type { TrainConfig } from '../../../shared/training';
import { Rng, mixSeed } from '../bnn/rng';
import type { BatchFill } from '../data/dataset';
import { loadMnistPixels, loadMnistRaw } from '../data/mnist';
import { PIXELS } from './draw';
import { loadTrainLetters } from './letters';
import { makeOutlierPool } from './pool';

export { makeOutlierPool } from './pool';

const CLASSES = 10;
/** Distinct outliers per run; each step draws its rows from them at random. */
export const POOL_SIZE = 12_000;

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
    for (let r = Math.max(0, rows - k); r < rows; r++) {
      const j = rng.int(poolSize);
      x.set(pool.subarray(j * PIXELS, (j + 1) * PIXELS), r * PIXELS);
      y.fill(1 / CLASSES, r * CLASSES, (r + 1) * CLASSES);
    }
  };
}
