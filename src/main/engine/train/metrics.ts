// The article's diagnostics for one split (calculate_metrics): accuracy from the mean softmax of
// S predictive samples; elbo, log_likelihood and kl_divergence from ONE sample
// (log_likelihood = mean log p(y|x,θ) over the split, elbo = log_likelihood − β·prior term, the
// prior term being the family's: the normalised KL, or a weight-decay penalty);
// mean_approximate_evidence = exp(elbo / classes).
import type * as TF from '@tensorflow/tfjs';
import { MNIST_SHAPE } from '../../../shared/data-shape';
import type { SplitMetrics, TrainConfig } from '../../../shared/training';
import type { SplitTensors } from '../data/dataset';
import type { Predictor } from '../families/family';
import { mixSeed } from '../bnn/rng';

/**
 * Test accuracy below which a model of `classes` classes counts as no better than guessing: twice
 * chance (20% for MNIST), or halfway from chance to 100% when that is lower (75% for two classes).
 */
export function nearChanceAccuracy(classes: number): number {
  return Math.min(2 / classes, (1 + 1 / classes) / 2);
}

/** Test accuracy below which an MNIST model counts as no better than guessing (20%). */
export const NEAR_CHANCE_ACCURACY = nearChanceAccuracy(MNIST_SHAPE.classes);

/** The failure of a run whose test accuracy is below nearChanceAccuracy(classes), or null. */
export function nearChanceFailure(
  testAccuracy: number,
  classes: number = MNIST_SHAPE.classes,
): { code: string; message: string } | null {
  const bar = nearChanceAccuracy(classes);
  if (testAccuracy >= bar) return null;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const why = bar === 2 / classes ? 'twice chance' : 'halfway from chance to 100%';
  return {
    code: 'near_chance',
    message: `the run ended at ${pct(testAccuracy)} test accuracy, below ${pct(bar)} (${why}): it did not learn and is not usable`,
  };
}
/**
 * Rows per forward pass, to bound memory. A CNN's first pass over 10000 rows at once allocated
 * ~1 GB of activations and took 26 s (Fashion-MNIST's test split, conv 32,64; later passes 2 s);
 * 1000 at a time, 2 s from the first pass on.
 */
const CHUNK = 1000;

/**
 * Evaluates the article's metrics on a split for a model whose prior term is `kl`. With `blocks`,
 * the accuracy's draws come from the predictor's block sampler where it has one (a Laplace head:
 * the body once, each draw one product — what many draws after the fit cost).
 */
export function evaluateSplit(
  tf: typeof TF,
  predictor: Predictor,
  data: SplitTensors,
  config: Pick<TrainConfig, 'evalSamples' | 'beta'>,
  kl: number,
  seed: number,
  { blocks = false } = {},
): SplitMetrics {
  const classes = data.oneHot.shape[1];
  let correct = 0;
  let logLik = 0;
  for (let start = 0; start < data.count; start += CHUNK) {
    const size = Math.min(CHUNK, data.count - start);
    const [hits, ll] = tf.tidy(() => {
      const x = tf.slice(data.images, [start, 0], [size, -1]);
      const y = tf.slice(data.oneHot, [start, 0], [size, -1]);
      let probs = tf.zeros([size, classes]);
      const sampler = blocks ? predictor.blockSampler?.(x, seed) : undefined;
      for (let s = 0; s < config.evalSamples; s++) {
        probs = tf.add(probs, sampler ? sampler.probs(s) : tf.softmax(predictor.sampleLogits(x, seed, s)));
      }
      sampler?.dispose();
      const predicted = tf.argMax(probs, 1);
      const hitsT = tf.sum(tf.cast(tf.equal(predicted, tf.argMax(y, 1)), 'float32'));
      // The ELBO's sample is drawn with the same seed for every chunk: one θ for the whole split.
      const logits = predictor.sampleLogits(x, mixSeed(seed, 0xe1b0), 0);
      const llT = tf.sum(tf.mul(tf.logSoftmax(logits), y));
      return [hitsT.dataSync()[0]!, llT.dataSync()[0]!];
    });
    correct += hits;
    logLik += ll;
  }
  const logLikelihood = logLik / data.count;
  const elbo = logLikelihood - config.beta * kl;
  return {
    accuracy: correct / data.count,
    elbo,
    log_likelihood: logLikelihood,
    kl_divergence: kl,
    mean_approximate_evidence: Math.exp(elbo / classes),
  };
}

/** True when every metric is a finite number. */
export function metricsFinite(m: SplitMetrics): boolean {
  return Object.values(m).every((v) => Number.isFinite(v));
}
