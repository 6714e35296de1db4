// Predictive samples of the mean-field Gaussian CNN. Draw d samples every weight and bias once,
// θ = μ + σ·ε with ε fixed by (seed, d), and runs the whole batch through that one network: a
// picture's answer then depends on nothing else in the batch (local reparameterisation, used in
// training, would draw per example and make it depend on the batch's noise layout).
import type * as TF from '@tensorflow/tfjs';
import type { NamedTensor } from '../../format/safetensors';
import { mixSeed } from '../../bnn/rng';
import { noiseSource } from '../../bnn/noise';
import type { FamilyContext, Predictor } from '../family';
import { cnnLayout, fromNamed, MODEL_HALVES, type CnnLayout } from './tensors';

interface PointLayer {
  w: TF.Tensor;
  b: TF.Tensor1D;
}

/** The network's logits for one set of weights (fused conv + bias + ReLU, then 2×2 max-pooling). */
function pointLogits(
  tf: typeof TF,
  layout: CnnLayout,
  ctx: Pick<FamilyContext, 'shape'>,
  layers: PointLayer[],
  x: TF.Tensor2D,
): TF.Tensor2D {
  const { height, width, channels } = ctx.shape;
  let h: TF.Tensor = tf.reshape(x, [x.shape[0], height, width, channels]);
  layout.layers.forEach((layer, i) => {
    const { w, b } = layers[i]!;
    if (layer.kind === 'conv') {
      const z = tf.fused.conv2d({
        x: h as TF.Tensor4D,
        filter: w as TF.Tensor4D,
        bias: b,
        strides: 1,
        pad: 'same',
        activation: 'relu',
      });
      h = tf.maxPool(z, 2, 2, 'valid');
    } else {
      h = tf.fused.matMul({
        a: tf.reshape(h, [x.shape[0], layer.inputs]),
        b: w,
        bias: b,
        activation: layer.last ? 'linear' : 'relu',
      });
    }
  });
  return h as TF.Tensor2D;
}

/**
 * A predictor over theta = [μ | logvar] (flat, slot order). Takes ownership of `theta`.
 */
export function thetaPredictor(
  tf: typeof TF,
  ctx: Pick<FamilyContext, 'config' | 'shape'>,
  theta: TF.Tensor1D,
): Predictor {
  const layout = cnnLayout(ctx);
  const noise = noiseSource(tf);
  const sizes = layout.slots.map((s) => s.size);
  const [mean, std] = tf.tidy(() => {
    const [mu, lv] = tf.split(theta, 2) as [TF.Tensor1D, TF.Tensor1D];
    return [mu, tf.exp(tf.mul<TF.Tensor1D>(lv, 0.5))];
  });
  theta.dispose();
  const views = (flat: TF.Tensor1D): PointLayer[] => {
    const parts = tf.split(flat, sizes);
    return layout.layers.map((l, i) => ({
      w: tf.reshape(parts[2 * i]!, l.weightShape),
      b: parts[2 * i + 1] as TF.Tensor1D,
    }));
  };
  const sampleLogits = (x: TF.Tensor2D, seed: number, draw: number) =>
    tf.tidy(() => {
      const weights = tf.add<TF.Tensor1D>(mean, tf.mul(std, noise([layout.size], mixSeed(seed, draw))));
      return pointLogits(tf, layout, ctx, views(weights), x);
    });
  return {
    sampleLogits,
    meanLogits: (x) => tf.tidy(() => pointLogits(tf, layout, ctx, views(mean), x)),
    sampleProbs: (x, samples, seed) =>
      tf.tidy(() =>
        tf.stack([...Array(samples).keys()].map((d) => tf.softmax(sampleLogits(x, seed, d)))),
      ) as TF.Tensor3D,
    dispose: () => tf.dispose([mean, std]),
  };
}

/** A predictor over saved model tensors (layers.{i}.{weight|bias}.{mean|logvar}). */
export function cnnPredictor(tf: typeof TF, ctx: FamilyContext, tensors: readonly NamedTensor[]): Predictor {
  return thetaPredictor(tf, ctx, tf.tensor1d(fromNamed(cnnLayout(ctx), tensors, '', MODEL_HALVES)));
}
