// Closed-form KL between the mean-field posterior q = N(mu, exp(logvar)) and the prior
// p = N(0, sigma²), per element: ½·(exp(logvar)/σ² + mu²/σ² − 1 − logvar + ln σ²).
//
// Two normalisations of the total (config.kl):
// - 'article': the article's (hsl.gaussian_kl): each tensor's KL is summed and divided by that
//   tensor's first dimension (fan-in for weights, width for biases), then summed over tensors.
//   It is what its reported kl_divergence (318.357 after 10k steps) measures; with β = 0.001
//   it is the regulariser of its recipe. It has no probabilistic meaning on its own.
// - 'elbo': the per-example ELBO: total KL divided by the training-set size N, so that
//   log_likelihood − KL/N (β = 1) is the true ELBO per example.
// The loss uses β·KL_normalised; the per-element weights are precomputed once (klScale).
import type { KlNormalisation } from '../../../shared/training';
import type { Layout } from './layout';

/** Per-element normalisation weights (length P) for the chosen KL normalisation. */
export function klScale(layout: Layout, kl: KlNormalisation, trainSize: number): Float32Array {
  const out = new Float32Array(layout.size);
  for (const slot of layout.slots) {
    const w = kl === 'article' ? 1 / slot.shape[0]! : 1 / trainSize;
    out.fill(w, slot.offset, slot.offset + slot.size);
  }
  return out;
}

/** The normalised KL of a posterior given its flat means and logvars (JS, float64 sums). */
export function klDivergence(
  means: Float32Array,
  logvars: Float32Array,
  scale: Float32Array,
  priorSigma: number,
): number {
  const s2 = priorSigma * priorSigma;
  const logS2 = Math.log(s2);
  let total = 0;
  for (let i = 0; i < means.length; i++) {
    const m = means[i]!;
    const lv = logvars[i]!;
    total += scale[i]! * 0.5 * (Math.exp(lv) / s2 + (m * m) / s2 - 1 - lv + logS2);
  }
  return total;
}
