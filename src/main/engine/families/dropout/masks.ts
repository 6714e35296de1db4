// Dropout masks (inverted scaling: kept units × 1/(1 − rate), so no rescaling at test time).
// Training draws one mask per row from the step's seed; prediction draws ONE mask per draw,
// shared by every row of the batch and a pure function of (seed, draw, layer, unit), so a
// picture gets the same answer whatever else is in the batch.
import type * as TF from '@tensorflow/tfjs';
import { mixSeed } from '../../bnn/rng';
import type { DenseInputHook } from '../nets/network';

const SEED_DRAW = 0xd509;

function dropWith(tf: typeof TF, h: TF.Tensor2D, rate: number, shape: number[], seed: number): TF.Tensor2D {
  const keep = tf.cast(tf.greaterEqual(tf.randomUniform(shape, 0, 1, 'float32', seed), rate), 'float32');
  return tf.mul(h, tf.mul(keep, 1 / (1 - rate)));
}

/** Per-row masks for the training step with noise seed `seed`. */
export function trainingDropout(tf: typeof TF, rate: number, seed: number): DenseInputHook | undefined {
  if (rate === 0) return undefined;
  return (h, layer) => dropWith(tf, h, rate, h.shape, mixSeed(seed, layer));
}

/** The mask of predictive draw `draw` under `seed`, one row broadcast over the batch. */
export function drawDropout(
  tf: typeof TF,
  rate: number,
  seed: number,
  draw: number,
): DenseInputHook | undefined {
  if (rate === 0) return undefined;
  return (h, layer) => dropWith(tf, h, rate, [1, h.shape[1]], mixSeed(SEED_DRAW, seed, draw, layer));
}
