// Posterior predictive samples for a few inputs at once, by the local reparameterisation trick
// (Kingma, Salimans & Welling 2015): each layer's pre-activations are Gaussian given the layer's
// input, with mean h·μ_W + μ_b and variance h²·σ²_W + σ²_b, so they are drawn directly for all S
// samples in one batched pass. Per example this is exactly the distribution weight sampling gives
// (each layer's weights are independent of the layers before), at a cost that grows with the
// number of inputs rather than the number of weights: the right choice for one dropped image.
import type * as TF from '@tensorflow/tfjs';
import { mixSeed } from './rng';
import { noiseSource, type NoiseFn } from './noise';
import type { PosteriorTensors } from './posterior';

const CLASSES = 10;

/** Class probabilities of `samples` posterior samples for x [N, 784], sample-major [S·N, 10]. */
export function localSampleProbs(
  tf: typeof TF,
  posterior: PosteriorTensors,
  x: TF.Tensor2D,
  samples: number,
  seed: number,
  noise: NoiseFn = noiseSource(tf),
): TF.Tensor2D {
  return tf.tidy(() => {
    const n = x.shape[0];
    const last = posterior.layers.length - 1;
    // h is [S, N, width] after the first layer; the first layer's moments are the same for all S.
    let h: TF.Tensor = x;
    posterior.layers.forEach((layer, i) => {
      const out = layer.wMean.shape[1];
      const rows = tf.reshape(h, [-1, layer.wMean.shape[0]]);
      const mean = tf.add(tf.matMul(rows, layer.wMean), layer.bMean);
      const variance = tf.add(tf.matMul(tf.square(rows), tf.square(layer.wStd)), tf.square(layer.bStd));
      const shape = i === 0 ? [1, n, out] : [samples, n, out];
      // One draw per sample shared by every row: a row's answer depends only on its own input.
      const eps = noise([samples, 1, out], mixSeed(seed, i, 3));
      const z = tf.add(tf.reshape(mean, shape), tf.mul(tf.sqrt(tf.reshape(variance, shape)), eps));
      h = i === last ? z : tf.relu(z);
    });
    return tf.reshape(tf.softmax(h), [samples * n, CLASSES]);
  });
}

/** True when drawing pre-activations is cheaper than drawing weights for this many inputs. */
export function preferLocalSampling(posterior: PosteriorTensors, inputs: number): boolean {
  const weights = posterior.layers.reduce((sum, l) => sum + l.wMean.size, 0);
  const units = posterior.layers.reduce((sum, l) => sum + l.wMean.shape[1], 0);
  return inputs * units < weights;
}

/** Class probabilities of posterior samples for one fixed block of inputs, one sample at a time. */
export interface BlockSampler {
  /** Sample `s`'s class probabilities [rows, 10]; the same s gives the same draw in every block. */
  probs(s: number): TF.Tensor2D;
  dispose(): void;
}

/**
 * Many inputs: the first layer's pre-activation moments are computed once per block and drawn per
 * sample (the local trick, one draw per sample shared by every row as above), the later layers'
 * weights are drawn per sample. The first layer holds most of an MLP's weights, so each sample then
 * costs only the later layers' matrix products: a third of sampling every weight for 784-256-256-10.
 * Per example the distribution is exact (layers' weights are independent), and an image's answer
 * does not depend on the block it is scored in.
 */
export function firstLayerLocalSampler(
  tf: typeof TF,
  posterior: PosteriorTensors,
  x: TF.Tensor2D,
  seed: number,
  noise: NoiseFn = noiseSource(tf),
): BlockSampler {
  const [first, ...rest] = posterior.layers;
  const [mean, std] = tf.tidy(() => [
    tf.add<TF.Tensor2D>(tf.matMul(x, first!.wMean), first!.bMean),
    tf.sqrt<TF.Tensor2D>(
      tf.add<TF.Tensor2D>(tf.matMul(tf.square(x), tf.square(first!.wStd)), tf.square(first!.bStd)),
    ),
  ]);
  const probs = (s: number): TF.Tensor2D =>
    tf.tidy(() => {
      let h = tf.add<TF.Tensor2D>(mean, tf.mul(std, noise([1, mean.shape[1]], mixSeed(seed, s, 0, 3))));
      rest.forEach((layer, k) => {
        h = tf.relu(h);
        const w = tf.add(
          layer.wMean,
          tf.mul(layer.wStd, noise(layer.wMean.shape, mixSeed(seed, s, k + 1, 1))),
        );
        const b = tf.add(
          layer.bMean,
          tf.mul(layer.bStd, noise(layer.bMean.shape, mixSeed(seed, s, k + 1, 2))),
        );
        h = tf.add<TF.Tensor2D>(tf.matMul(h, w), b);
      });
      return tf.softmax(h);
    });
  return { probs, dispose: () => tf.dispose([mean, std]) };
}
