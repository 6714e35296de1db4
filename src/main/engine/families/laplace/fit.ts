// Chooses the prior precision λ of the last-layer Laplace by grid search on a validation split:
// the λ whose Monte-Carlo predictive (FIT_DRAWS draws, the same noise for every λ so that the
// comparison is not blurred by sampling noise) has the lowest validation NLL.
import type * as TF from '@tensorflow/tfjs';
import type { GgnEigen } from './curvature';
import { posteriorScale } from './curvature';
import { lastLayerNoise, lastLayerOffset, type LastLayerPosterior } from './sample';

/** λ = 10^k for k = −2, −1.5, …, 6: from almost no prior to a posterior collapsed onto the MAP. */
export const PRIOR_GRID: readonly number[] = Array.from({ length: 17 }, (_, k) => 10 ** (-2 + k / 2));
/** Predictive draws per λ on the validation split. */
export const FIT_DRAWS = 32;
/** The seed of those draws (a fixed one: the fit is deterministic). */
export const FIT_SEED = 0x7e11;

export interface PriorFit {
  /** The chosen λ. */
  priorPrecision: number;
  /** Validation NLL (nats per example) of the predictive at each λ of PRIOR_GRID. */
  grid: { priorPrecision: number; nll: number }[];
  /** Validation NLL of the MAP network alone. */
  mapNll: number;
}

/** −mean log p̄(y) of draws' logits [S, V, C] against one-hot y [V, C], p̄ the mean of the draws' softmax. */
export function predictiveNll(tf: typeof TF, logits: TF.Tensor3D, y: TF.Tensor2D): number {
  return tf.tidy(() => {
    const logp = tf.sum(tf.mul(tf.logSoftmax(logits), y), 2);
    const logMean = tf.sub(tf.logSumExp(logp, 0), Math.log(logits.shape[0]));
    return -tf.mean(logMean).dataSync()[0]!;
  });
}

/** Grid search of λ on validation features phi1 [V, F+1] (bias input included) and one-hot y. */
export function choosePriorPrecision(
  tf: typeof TF,
  eigen: GgnEigen,
  post: Omit<LastLayerPosterior, 'scale'>,
  phi1: TF.Tensor2D,
  y: TF.Tensor2D,
): PriorFit {
  const [inputs, classes] = post.mean.shape;
  const mapLogits = tf.matMul(phi1, post.mean);
  const mapNll = tf.tidy(() => predictiveNll(tf, tf.expandDims<TF.Tensor3D>(mapLogits, 0), y));
  const noise = Array.from({ length: FIT_DRAWS }, (_, d) =>
    lastLayerNoise(tf, [inputs, classes], FIT_SEED, d),
  );
  const grid = PRIOR_GRID.map((priorPrecision) => {
    const logits = tf.tidy(() => {
      const scale = tf.tensor2d(posteriorScale(eigen.precision, priorPrecision), [inputs, classes]);
      const p = { ...post, scale };
      const draws = noise.map((z) =>
        tf.add<TF.Tensor2D>(mapLogits, tf.matMul(phi1, lastLayerOffset(tf, p, z))),
      );
      return tf.stack<TF.Tensor2D>(draws) as TF.Tensor3D;
    });
    const nll = predictiveNll(tf, logits, y);
    logits.dispose();
    return { priorPrecision, nll };
  });
  tf.dispose([mapLogits, ...noise]);
  const best = grid.reduce((a, b) => (b.nll < a.nll ? b : a));
  return { priorPrecision: best.priorPrecision, grid, mapNll };
}
