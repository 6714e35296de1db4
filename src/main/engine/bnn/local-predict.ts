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
    // The first layer sees the same input in every sample: compute its moments once, then draw S.
    let h: TF.Tensor2D = x;
    let copies = 1;
    posterior.layers.forEach((layer, i) => {
      const mean = tf.add(tf.matMul(h, layer.wMean), layer.bMean);
      const variance = tf.add(tf.matMul(tf.square(h), tf.square(layer.wStd)), tf.square(layer.bStd));
      const out = layer.wMean.shape[1];
      const eps = noise([samples / copies, copies * n, out], mixSeed(seed, i, 3));
      const z = tf.add(mean, tf.mul(tf.sqrt(variance), eps)).reshape([samples * n, out]) as TF.Tensor2D;
      copies = samples;
      h = i === last ? z : tf.relu(z);
    });
    return tf.softmax(h).reshape([samples * n, CLASSES]) as TF.Tensor2D;
  });
}

/** True when drawing pre-activations is cheaper than drawing weights for this many inputs. */
export function preferLocalSampling(posterior: PosteriorTensors, inputs: number): boolean {
  const weights = posterior.layers.reduce((sum, l) => sum + l.wMean.size, 0);
  const units = posterior.layers.reduce((sum, l) => sum + l.wMean.shape[1], 0);
  return inputs * units < weights;
}
