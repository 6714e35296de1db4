// Views of the flat training vector [means | logvars] as a PosteriorTensors for prediction,
// without leaving the backend.
import type * as TF from '@tensorflow/tfjs';
import type { Layout } from './layout';
import type { PosteriorTensors } from './posterior';

/** Splits theta [2P] into per-layer mean/std tensors (new tensors; dispose the result). */
export function posteriorFromTheta(tf: typeof TF, layout: Layout, theta: TF.Tensor): PosteriorTensors {
  const layers = tf.tidy(() => {
    const [mu, lv] = tf.split(theta, 2);
    const sizes = layout.slots.map((s) => s.size);
    const means = tf.split(mu!, sizes);
    const stds = tf.split(tf.exp(tf.mul(lv!, 0.5)), sizes);
    return layout.layers.map((l, i) => ({
      wMean: tf.reshape<TF.Rank.R2>(means[2 * i]!, [l.inputs, l.outputs]),
      wStd: tf.reshape<TF.Rank.R2>(stds[2 * i]!, [l.inputs, l.outputs]),
      bMean: means[2 * i + 1]! as TF.Tensor1D,
      bStd: stds[2 * i + 1]! as TF.Tensor1D,
    }));
  });
  return {
    layout,
    layers,
    dispose: () => layers.forEach((l) => tf.dispose([l.wMean, l.wStd, l.bMean, l.bStd])),
  };
}
