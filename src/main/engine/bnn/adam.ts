// Adam on flat tensors, numerically the same as optax.adam (eps added to sqrt of the
// bias-corrected second moment), folded into one scaled learning rate and epsilon per step so the
// update is ~10 backend ops whatever the number of parameter tensors.
import type * as TF from '@tensorflow/tfjs';

export const ADAM_B1 = 0.9;
export const ADAM_B2 = 0.999;
export const ADAM_EPS = 1e-8;

export interface AdamState {
  m: TF.Variable;
  v: TF.Variable;
  /** Number of updates applied so far. */
  t: number;
}

/** The per-step scalars: lr·sqrt(1−b2^t)/(1−b1^t) and eps·sqrt(1−b2^t), for update number t ≥ 1. */
export function adamScalars(learningRate: number, t: number): [number, number] {
  const c2 = Math.sqrt(1 - ADAM_B2 ** t);
  return [(learningRate * c2) / (1 - ADAM_B1 ** t), ADAM_EPS * c2];
}

/** Constant scalars kept on the backend so each step uploads none of them. */
export interface AdamConstants {
  b1: TF.Scalar;
  oneMinusB1: TF.Scalar;
  b2: TF.Scalar;
  oneMinusB2: TF.Scalar;
}

/** Creates the constants (the caller disposes them). */
export function adamConstants(tf: typeof TF): AdamConstants {
  return {
    b1: tf.scalar(ADAM_B1),
    oneMinusB1: tf.scalar(1 - ADAM_B1),
    b2: tf.scalar(ADAM_B2),
    oneMinusB2: tf.scalar(1 - ADAM_B2),
  };
}

/**
 * Applies one Adam update to `theta` given the gradient of the loss to MINIMISE. `lrT`/`epsT`
 * are scalars from adamScalars. Call inside tf.tidy; assigns the variables in place.
 */
export function adamUpdate(
  tf: typeof TF,
  c: AdamConstants,
  theta: TF.Variable,
  state: AdamState,
  grad: TF.Tensor,
  lrT: TF.Tensor,
  epsT: TF.Tensor,
): void {
  const m = tf.add(tf.mul(state.m, c.b1), tf.mul(grad, c.oneMinusB1));
  const v = tf.add(tf.mul(state.v, c.b2), tf.mul(tf.square(grad), c.oneMinusB2));
  const step = tf.div(tf.mul(m, lrT), tf.add(tf.sqrt(v), epsT));
  theta.assign(tf.sub(theta, step));
  state.m.assign(m);
  state.v.assign(v);
  state.t += 1;
}
