import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { loadBackend } from '../../backend';
import { addToGgnSums, emptyGgnSums, ggnEigen, posteriorScale, type GgnEigen } from './curvature';
import { sampleLastLayer } from './sample';

let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await loadBackend());
});

const F1 = 4; // three features and the bias's 1
const C = 3;
const D = F1 * C;

function problem(n: number, seed: number) {
  const phi = tf.concat<TF.Tensor2D>(
    [tf.randomNormal([n, F1 - 1], 0, 1, 'float32', seed), tf.ones([n, 1])],
    1,
  );
  const w = tf.randomNormal<TF.Rank.R2>([F1, C], 0, 1, 'float32', seed + 1);
  const y = tf
    .oneHot(
      tf.tensor1d(
        Array.from({ length: n }, (_, i) => i % C),
        'int32',
      ),
      C,
    )
    .toFloat() as TF.Tensor2D;
  return { phi, w, y };
}

/** Σ_n J_nᵀ H_n J_n: J = ∂f/∂vec(W) by autodiff, row by row; H = ∂²(−log softmax(f)_y)/∂f². */
function bruteForceGgn(phi: TF.Tensor2D, w: TF.Tensor2D, y: TF.Tensor2D): Float64Array {
  const ggn = new Float64Array(D * D);
  for (let n = 0; n < phi.shape[0]; n++) {
    const x = phi.slice([n, 0], [1, -1]);
    const yn = y.slice([n, 0], [1, -1]);
    const logits = (v: TF.Tensor) => tf.matMul(x, v.reshape([F1, C]));
    const jac = Array.from({ length: C }, (_, c) =>
      tf
        .grad((v: TF.Tensor) => logits(v).slice([0, c], [1, 1]).sum())(w.reshape([D]))
        .dataSync(),
    );
    const f = logits(w.reshape([D]));
    // tfjs's second-order gradient of exp is wrong (measured: the diag(p) part is missing), so H
    // is central differences of the autodiff gradient (error ~h² ≈ 1e-5).
    const nll = (z: TF.Tensor) => tf.neg(tf.sum(tf.mul(yn, tf.logSoftmax(z as TF.Tensor2D))));
    const h = 1e-2;
    const hess = Array.from({ length: C }, (_, c) => {
      const step = tf.mul(tf.oneHot([c], C), h);
      const diff = tf.sub(tf.grad(nll)(tf.add(f, step)), tf.grad(nll)(tf.sub(f, step)));
      return tf.div(diff, 2 * h).dataSync();
    });
    for (let i = 0; i < D; i++)
      for (let j = 0; j < D; j++)
        for (let a = 0; a < C; a++)
          for (let b = 0; b < C; b++) ggn[i * D + j]! += jac[a]![i]! * hess[a]![b]! * jac[b]![j]!;
  }
  return ggn;
}

function sumsOf(phi: TF.Tensor2D, w: TF.Tensor2D) {
  const sums = emptyGgnSums(F1, C);
  addToGgnSums(tf, sums, phi, tf.softmax(tf.matMul(phi, w)) as TF.Tensor2D);
  return sums;
}

/** (U ⊗ V) diag(d) (U ⊗ V)ᵀ, written out. */
function fromEigen(e: GgnEigen, d: ArrayLike<number>): Float64Array {
  const m = new Float64Array(D * D);
  const uv = (row: number, k: number) =>
    e.basisIn[Math.floor(row / C) * F1 + Math.floor(k / C)]! * e.basisOut[(row % C) * C + (k % C)]!;
  for (let r = 0; r < D; r++)
    for (let s = 0; s < D; s++) for (let k = 0; k < D; k++) m[r * D + s]! += uv(r, k) * d[k]! * uv(s, k);
  return m;
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('last-layer GGN', () => {
  it('Kronecker-factored equals the explicit GGN for one example (where K-FAC is exact)', () => {
    const { phi, w, y } = problem(1, 11);
    const exact = bruteForceGgn(phi, w, y);
    const kron = fromEigen(ggnEigen(sumsOf(phi, w), 'kron'), ggnEigen(sumsOf(phi, w), 'kron').precision);
    expect(maxDiff(kron, exact)).toBeLessThan(1e-4);
  });

  it('diagonal equals the explicit GGN diagonal over several examples', () => {
    const { phi, w, y } = problem(6, 21);
    const exact = bruteForceGgn(phi, w, y);
    const diag = ggnEigen(sumsOf(phi, w), 'diag').precision;
    expect(
      maxDiff(
        diag,
        Array.from({ length: D }, (_, i) => exact[i * D + i]!),
      ),
    ).toBeLessThan(1e-4);
  });

  it('K-FAC over several examples is N · E[φφᵀ] ⊗ E[diag(p) − ppᵀ]', () => {
    const { phi, w } = problem(6, 31);
    const sums = sumsOf(phi, w);
    const e = ggnEigen(sums, 'kron');
    const expected = new Float64Array(D * D);
    for (let r = 0; r < D; r++)
      for (let s = 0; s < D; s++) {
        const [i, c, j, d] = [Math.floor(r / C), r % C, Math.floor(s / C), s % C];
        expected[r * D + s] = (sums.a[i * F1 + j]! * sums.g[c * C + d]!) / sums.count;
      }
    expect(maxDiff(fromEigen(e, e.precision), expected)).toBeLessThan(1e-4);
  });

  for (const curvature of ['kron', 'diag'] as const) {
    it(`draws last layers with covariance (GGN + λI)⁻¹ (${curvature})`, () => {
      const { phi, w } = problem(6, 41);
      const e = ggnEigen(sumsOf(phi, w), curvature);
      const lambda = 0.5;
      const post = {
        mean: w,
        basisIn: tf.tensor2d(Float32Array.from(e.basisIn), [F1, F1]),
        basisOut: tf.tensor2d(Float32Array.from(e.basisOut), [C, C]),
        scale: tf.tensor2d(posteriorScale(e.precision, lambda), [F1, C]),
      };
      const draws = 6000;
      const mean = w.dataSync();
      const cov = new Float64Array(D * D);
      for (let s = 0; s < draws; s++) {
        const x = tf.tidy(() => sampleLastLayer(tf, post, 9, s).dataSync());
        for (let i = 0; i < D; i++)
          for (let j = 0; j < D; j++) cov[i * D + j]! += ((x[i]! - mean[i]!) * (x[j]! - mean[j]!)) / draws;
      }
      // Analytic: the inverse in the eigenbasis is (U ⊗ V) diag(1/(P + λ)) (U ⊗ V)ᵀ; checked against
      // the precision it inverts, then compared with the draws.
      const analytic = fromEigen(
        e,
        Array.from(e.precision, (p) => 1 / (p + lambda)),
      );
      const precision = fromEigen(
        e,
        Array.from(e.precision, (p) => p + lambda),
      );
      const product = new Float64Array(D * D);
      for (let i = 0; i < D; i++)
        for (let j = 0; j < D; j++)
          for (let k = 0; k < D; k++) product[i * D + j]! += analytic[i * D + k]! * precision[k * D + j]!;
      expect(
        maxDiff(
          product,
          Array.from({ length: D * D }, (_, k) => (k % (D + 1) === 0 ? 1 : 0)),
        ),
      ).toBeLessThan(1e-4);
      const largest = Math.max(...Array.from({ length: D }, (_, i) => analytic[i * D + i]!));
      expect(maxDiff(cov, analytic)).toBeLessThan(0.08 * largest);
      tf.dispose(Object.values(post));
    });
  }
});
