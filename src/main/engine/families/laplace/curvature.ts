// The generalised Gauss–Newton of the softmax cross-entropy w.r.t. the last layer's weights W
// [F+1, C] (bias as the last row, fed by a constant feature 1). For logits f = φᵀW the GGN of one
// example is φφᵀ ⊗ Λ with Λ = diag(p) − ppᵀ (row-major vec(W), index i·C + c). Its sum over N
// examples is approximated as N · E[φφᵀ] ⊗ E[Λ] (Kronecker-factored, K-FAC) or kept exactly on
// its diagonal Σ φ_i² (p_c − p_c²).
import type * as TF from '@tensorflow/tfjs';
import type { LaplaceCurvature } from '../../../../shared/training';
import { symmetricEigen } from './eigh';

/** Running sums over examples, float64 on the JS side. */
export interface GgnSums {
  count: number;
  /** F+1: features with the bias's constant 1. */
  inputs: number;
  classes: number;
  /** Σ φφᵀ, inputs × inputs. */
  a: Float64Array;
  /** Σ diag(p) − ppᵀ, classes × classes. */
  g: Float64Array;
  /** Σ φ_i² (p_c − p_c²), inputs × classes: the exact GGN diagonal. */
  diag: Float64Array;
}

export function emptyGgnSums(inputs: number, classes: number): GgnSums {
  return {
    count: 0,
    inputs,
    classes,
    a: new Float64Array(inputs * inputs),
    g: new Float64Array(classes * classes),
    diag: new Float64Array(inputs * classes),
  };
}

/** Adds the examples of features phi1 [B, F+1] (last column 1) with predicted probabilities p [B, C]. */
export function addToGgnSums(tf: typeof TF, sums: GgnSums, phi1: TF.Tensor2D, p: TF.Tensor2D): void {
  const [a, g, d] = tf.tidy(() => [
    tf.matMul(phi1, phi1, true, false).dataSync(),
    tf.sub(tf.diag(tf.sum(p, 0)), tf.matMul(p, p, true, false)).dataSync(),
    tf.matMul(tf.square(phi1), tf.sub(p, tf.square(p)), true, false).dataSync(),
  ]);
  for (let i = 0; i < a.length; i++) sums.a[i]! += a[i]!;
  for (let i = 0; i < g.length; i++) sums.g[i]! += g[i]!;
  for (let i = 0; i < d.length; i++) sums.diag[i]! += d[i]!;
  sums.count += phi1.shape[0];
}

/**
 * The GGN in an orthonormal basis where it is diagonal: H = (U ⊗ V) diag(vec P) (U ⊗ V)ᵀ, U
 * [F+1, F+1], V [C, C]. Kron: U, V eigenvectors of E[φφᵀ] and E[Λ], P_ic = N·a_i·g_c. Diag: U, V
 * identities, P the GGN diagonal. Adding a prior precision λ is then exact: P + λ.
 */
export interface GgnEigen {
  basisIn: Float64Array;
  basisOut: Float64Array;
  precision: Float64Array;
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

/** The eigenbasis form of the summed GGN. */
export function ggnEigen(sums: GgnSums, curvature: LaplaceCurvature): GgnEigen {
  const { count: n, inputs, classes } = sums;
  if (curvature === 'diag') {
    return {
      basisIn: identity(inputs),
      basisOut: identity(classes),
      precision: Float64Array.from(sums.diag),
    };
  }
  const a = symmetricEigen(
    sums.a.map((v) => v / n),
    inputs,
  );
  const g = symmetricEigen(
    sums.g.map((v) => v / n),
    classes,
  );
  const precision = new Float64Array(inputs * classes);
  // Rounding can leave tiny negative eigenvalues of these positive semi-definite factors.
  for (let i = 0; i < inputs; i++)
    for (let c = 0; c < classes; c++)
      precision[i * classes + c] = n * Math.max(a.values[i]!, 0) * Math.max(g.values[c]!, 0);
  return { basisIn: a.vectors, basisOut: g.vectors, precision };
}

/** Posterior standard deviations in the eigenbasis at prior precision λ: (P + λ)^(−1/2). */
export function posteriorScale(precision: Float64Array, priorPrecision: number): Float32Array {
  return Float32Array.from(precision, (p) => 1 / Math.sqrt(p + priorPrecision));
}
