// Draws of the last layer from its Laplace posterior N(W_MAP, H⁻¹), H = (U ⊗ V) diag(P + λ) (U ⊗ V)ᵀ:
// W = W_MAP + U (Z ⊙ S) Vᵀ with Z standard normal [F+1, C] and S = (P + λ)^(−1/2), so that
// Cov(vec W) = (U ⊗ V) diag(S²) (U ⊗ V)ᵀ = H⁻¹ (row-major vec). Z is a pure function of (seed, draw).
import type * as TF from '@tensorflow/tfjs';
import { mixSeed } from '../../bnn/rng';

const SEED_LAST_LAYER = 0x1a91;

/** The last layer's posterior on the backend. */
export interface LastLayerPosterior {
  /** W_MAP with the bias as last row [F+1, C]. */
  mean: TF.Tensor2D;
  basisIn: TF.Tensor2D;
  basisOut: TF.Tensor2D;
  scale: TF.Tensor2D;
}

/** The standard-normal Z of draw `draw` under `seed` (JS-side generator: the same on every backend). */
export function lastLayerNoise(
  tf: typeof TF,
  shape: [number, number],
  seed: number,
  draw: number,
): TF.Tensor2D {
  return tf.randomNormal(shape, 0, 1, 'float32', mixSeed(SEED_LAST_LAYER, seed, draw));
}

/** W − W_MAP of the draw with noise z. */
export function lastLayerOffset(tf: typeof TF, post: LastLayerPosterior, z: TF.Tensor2D): TF.Tensor2D {
  return tf.matMul(tf.matMul(post.basisIn, tf.mul(z, post.scale)), post.basisOut, false, true);
}

/** Last-layer weights of draw `draw` under `seed`. */
export function sampleLastLayer(
  tf: typeof TF,
  post: LastLayerPosterior,
  seed: number,
  draw: number,
): TF.Tensor2D {
  return tf.tidy(() => {
    const z = lastLayerNoise(tf, post.mean.shape, seed, draw);
    return tf.add(post.mean, lastLayerOffset(tf, post, z));
  });
}

/** Features with the bias's constant input appended: [B, F] → [B, F+1]. */
export function withBiasInput(tf: typeof TF, phi: TF.Tensor2D): TF.Tensor2D {
  return tf.concat([phi, tf.ones([phi.shape[0], 1])], 1);
}
