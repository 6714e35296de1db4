// Outlier exposure in training: a BatchFill that replaces the last ⌈f·B⌉ rows of every batch with
// synthetic non-digits (pool.ts) and sets their target to the uniform distribution, so the
// cross-entropy pulls the predictive towards "any of the ten" off the digit manifold. The
// step's softmax − y gradient takes soft label rows as they are. Half of the digit rows get the
// same jitter as the outliers, so that resampling is no cue (JITTERED_DIGITS). A dataset of
// things is shown written strokes only (outlierPoolFor, src/shared/datasets.ts).
import { MNIST_MANIFEST, outlierPoolFor, type DatasetManifest } from '../../../shared/datasets';
import type { TrainConfig } from '../../../shared/training';
import { Rng, mixSeed } from '../bnn/rng';
import type { BatchFill } from '../data/dataset';
import { loadMnistPixels, loadMnistRaw } from '../data/mnist';
import { PIXELS } from './draw';
import { loadTrainLetters } from './letters';
import { jitter, makeOutlierPool, makeStrokeOutlierPool } from './pool';

export { makeOutlierPool, makeStrokeOutlierPool } from './pool';
export { outlierPoolFor } from '../../../shared/datasets';
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

/**
 * The fill for a config on `dataset`, or undefined when outlier exposure is off (or the dataset
 * may be shown none: the session refuses that first). Deterministic in (seed, step).
 */
export function outlierFill(
  config: TrainConfig,
  dataset: DatasetManifest = MNIST_MANIFEST,
  poolSize = POOL_SIZE,
): BatchFill | undefined {
  const k = outlierRows(config);
  const { pool: kind } = outlierPoolFor(dataset);
  if (k <= 0 || !kind) return undefined;
  const classes = dataset.shape.classes;
  const letters = loadTrainLetters();
  const pool =
    kind === 'digits'
      ? makeOutlierPool({
          seed: config.seed,
          size: poolSize,
          digits: { pixels: loadMnistPixels('train'), labels: loadMnistRaw('train').labels },
          letters,
        })
      : makeStrokeOutlierPool({ seed: config.seed, size: poolSize, letters });
  return (x, y, rows, step) => {
    const rng = new Rng(mixSeed(config.seed, 0x0e1, step));
    const kept = Math.max(0, rows - k);
    for (let r = kept; r < rows; r++) {
      const j = rng.int(poolSize);
      x.set(pool.subarray(j * PIXELS, (j + 1) * PIXELS), r * PIXELS);
      y.fill(1 / classes, r * classes, (r + 1) * classes);
    }
    // A photo's thing framed as a digit would only shrink: only digits get the outliers' jitter.
    if (kind === 'digits') jitterDigits(x, kept, new Rng(mixSeed(config.seed, 0x0e3, step)));
  };
}

/** Gives a share JITTERED_DIGITS of the first `rows` rows of `x` the outliers' jitter. */
function jitterDigits(x: Float32Array, rows: number, rng: Rng): void {
  for (let r = 0; r < rows; r++) {
    if (rng.next() >= JITTERED_DIGITS) continue;
    x.set(jitter(x.subarray(r * PIXELS, (r + 1) * PIXELS), rng), r * PIXELS);
  }
}
