// Prediction with the posterior: one weight sample θ ~ q applied to a whole batch (the article's
// sample_params + net.apply). Pure: the sample is fixed by the seed.
import type * as TF from '@tensorflow/tfjs';
import { mixSeed } from './rng';
import { noiseSource, type NoiseFn } from './noise';
import type { PosteriorTensors } from './posterior';

/** Logits [batch, 10] of ONE posterior sample (weights and biases drawn with `seed`) for x [batch, 784]. */
export function sampleLogits(
  tf: typeof TF,
  posterior: PosteriorTensors,
  x: TF.Tensor2D,
  seed: number,
  noise: NoiseFn = noiseSource(tf),
): TF.Tensor2D {
  return tf.tidy(() => {
    let h: TF.Tensor2D = x;
    const last = posterior.layers.length - 1;
    posterior.layers.forEach((layer, i) => {
      const w = tf.add(layer.wMean, tf.mul(layer.wStd, noise(layer.wMean.shape, mixSeed(seed, i, 1))));
      const b = tf.add(layer.bMean, tf.mul(layer.bStd, noise(layer.bMean.shape, mixSeed(seed, i, 2))));
      const z = tf.add<TF.Tensor2D>(tf.matMul(h, w), b);
      h = i === last ? z : tf.relu(z);
    });
    return h;
  });
}

/** Logits of the posterior mean (no sampling), for a deterministic point prediction. */
export function meanLogits(tf: typeof TF, posterior: PosteriorTensors, x: TF.Tensor2D): TF.Tensor2D {
  return tf.tidy(() => {
    let h: TF.Tensor2D = x;
    const last = posterior.layers.length - 1;
    posterior.layers.forEach((layer, i) => {
      const z = tf.add<TF.Tensor2D>(tf.matMul(h, layer.wMean), layer.bMean);
      h = i === last ? z : tf.relu(z);
    });
    return h;
  });
}

/** A sampler that draws a fresh posterior sample at each call: `sampleLogits(x)`. */
export function posteriorSampler(
  tf: typeof TF,
  posterior: PosteriorTensors,
  seed: number,
): { sampleLogits(x: TF.Tensor2D): TF.Tensor2D } {
  const noise = noiseSource(tf);
  let draw = 0;
  return { sampleLogits: (x) => sampleLogits(tf, posterior, x, mixSeed(seed, draw++), noise) };
}
