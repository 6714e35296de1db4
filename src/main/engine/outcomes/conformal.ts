// Split-conformal prediction sets (Vovk et al.; Angelopoulos & Bates 2021, §1): the nonconformity
// score of a calibration digit is 1 − p(its true class) under the posterior predictive mean; with
// n exchangeable calibration digits, the ⌈(n + 1)(1 − α)⌉-th smallest score q̂ gives sets
// {k : 1 − p_k ≤ q̂} that hold a new digit's true class with probability ≥ 1 − α. This score (not
// APS) because it gives the smallest sets on average (Sadinle, Lei & Wasserman 2019) and the set of a
// confident answer is then one digit, which is what "accept" needs; APS's randomised, cumulative
// sets are larger for the same coverage.

/** The conformal quantile q̂ of `scores` for miscoverage α; +Infinity when n is too small for 1 − α. */
export function conformalQuantile(scores: ArrayLike<number>, alpha: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  const n = scores.length;
  const rank = Math.ceil((n + 1) * (1 - alpha));
  if (rank > n) return Infinity;
  // NaN scores sort last (they never count as conforming), so they only make q̂ larger: safe.
  const sorted = Float64Array.from(scores, (s) => (Number.isNaN(s) ? Infinity : s)).sort();
  return sorted[rank - 1]!;
}

/** Nonconformity of each calibration row: 1 − p(true class), from mean probabilities [n, classes]. */
export function trueClassScores(
  meanProbs: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
): Float64Array {
  return Float64Array.from({ length: labels.length }, (_, i) => 1 - meanProbs[i * classes + labels[i]!]!);
}

/** The classes k with 1 − p_k ≤ q̂, most probable first. Non-finite probabilities are never in it. */
export function predictionSet(probs: ArrayLike<number>, quantile: number): number[] {
  const members: number[] = [];
  for (let k = 0; k < probs.length; k++) {
    const p = probs[k]!;
    if (Number.isFinite(p) && 1 - p <= quantile) members.push(k);
  }
  return members.sort((a, b) => probs[b]! - probs[a]! || a - b);
}
