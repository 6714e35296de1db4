// The model-file tensors of the last-layer Laplace posterior, beside the point network's
// `layers.{i}.weight|bias` (its MAP). Last-layer draws: W = W_MAP + basis_in (Z ⊙ scale) basis_outᵀ
// with W_MAP = [weight; bias] [F+1, C] and Z standard normal (sample.ts).
import type * as TF from '@tensorflow/tfjs';
import { CodedError } from '../../../../shared/result';
import type { NamedTensor } from '../../format/safetensors';
import type { DenseLayer } from '../arch';
import type { TensorSpec } from '../family';
import type { LastLayerPosterior } from './sample';

export const BASIS_IN = 'laplace.basis_in';
export const BASIS_OUT = 'laplace.basis_out';
export const SCALE = 'laplace.scale';
export const PRIOR_PRECISION = 'laplace.prior_precision';

/** The Laplace tensors for output layer `out` (F = out.inputs, C = out.outputs). */
export function laplaceSpecs(out: DenseLayer): TensorSpec[] {
  const f1 = out.inputs + 1;
  return [
    { name: BASIS_IN, shape: [f1, f1] },
    { name: BASIS_OUT, shape: [out.outputs, out.outputs] },
    { name: SCALE, shape: [f1, out.outputs] },
    { name: PRIOR_PRECISION, shape: [1] },
  ];
}

/** Identity bases and zero scale: a posterior collapsed onto the MAP (before finish() has fitted one). */
export function collapsedLaplace(out: DenseLayer): NamedTensor[] {
  return laplaceSpecs(out).map(({ name, shape }) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (name === BASIS_IN || name === BASIS_OUT)
      for (let i = 0; i < shape[0]!; i++) data[i * shape[0]! + i] = 1;
    return { name, shape, data };
  });
}

/** Throws CodedError(code) unless every value is finite and scale and λ are non-negative. */
export function checkLaplaceValues(tensors: readonly NamedTensor[], code: string): void {
  for (const t of tensors) {
    if (!t.name.startsWith('laplace.')) continue;
    const nonNegative = t.name === SCALE || t.name === PRIOR_PRECISION;
    if (t.data.some((v) => !Number.isFinite(v) || (nonNegative && v < 0))) {
      throw new CodedError(
        code,
        `tensor ${t.name} holds values that are not finite${nonNegative ? ' or are negative' : ''}`,
      );
    }
  }
}

/** Uploads the last layer's posterior: W_MAP from the point tensors, the rest from the Laplace ones. */
export function uploadLastLayer(
  tf: typeof TF,
  out: DenseLayer,
  weight: TF.Tensor,
  bias: TF.Tensor,
  laplace: readonly NamedTensor[],
): LastLayerPosterior {
  const byName = new Map(laplace.map((t) => [t.name, t]));
  const get = (name: string) => {
    const t = byName.get(name)!;
    return tf.tensor2d(t.data, t.shape as [number, number]);
  };
  const mean = tf.tidy(() =>
    tf.concat([weight as TF.Tensor2D, tf.reshape<TF.Rank.R2>(bias, [1, out.outputs])], 0),
  );
  return { mean, basisIn: get(BASIS_IN), basisOut: get(BASIS_OUT), scale: get(SCALE) };
}
