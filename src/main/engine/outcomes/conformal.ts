// Split-conformal prediction sets (Vovk et al.; Angelopoulos & Bates 2021, §1): the nonconformity
// score of a calibration digit is 1 − p(its true class) under the posterior predictive mean; with
// n exchangeable calibration digits, the ⌈(n + 1)(1 − α)⌉-th smallest score q̂ gives sets
// {k : 1 − p_k ≤ q̂} that hold a new digit's true class with probability ≥ 1 − α. This score (not
// APS) because it gives the smallest sets on average (Sadinle, Lei & Wasserman 2019) and the set of a
// confident answer is then one digit, which is what "accept" needs; APS's randomised, cumulative
// sets are larger for the same coverage.
//
// That coverage is over all digits: among the hard ones it is lower. The digits the rule calls
// ambiguous get a second, group-conditional (Mondrian) split-conformal set: the same finite-sample
// rule applied only to the calibration digits of that group, with the rank of the true digit as
// the score, so the set is the k most probable digits and holds the true one with probability
// ≥ 1 − α given that the digit is in the group. Ranks because the group's quantile is one of its
// worst digits, whose true probability can be near 0: a probability threshold there lets in
// nearly every digit, a rank only the few above it.

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

/** Rank of each calibration row's true class among its mean probabilities (1 = the most probable). */
export function trueClassRanks(
  meanProbs: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
): Float64Array {
  return Float64Array.from({ length: labels.length }, (_, i) => {
    const truth = meanProbs[i * classes + labels[i]!]!;
    if (!Number.isFinite(truth)) return Infinity;
    let rank = 1;
    for (let k = 0; k < classes; k++) if (meanProbs[i * classes + k]! > truth) rank++;
    return rank;
  });
}

/** The second largest of `probs` (0 with fewer than two; not a number counts as 0). */
export function secondProbability(probs: ArrayLike<number>): number {
  let first = 0;
  let second = 0;
  for (let k = 0; k < probs.length; k++) {
    const p = Number.isFinite(probs[k]!) ? probs[k]! : 0;
    if (p > first) [first, second] = [p, first];
    else if (p > second) second = p;
  }
  return second;
}

/** The `size` most probable classes (all of them for an infinite size), most probable first. */
export function topClasses(probs: ArrayLike<number>, size: number): number[] {
  const order = Array.from({ length: probs.length }, (_, k) => k).filter((k) => Number.isFinite(probs[k]!));
  order.sort((a, b) => probs[b]! - probs[a]! || a - b);
  return order.slice(0, Math.min(size, order.length));
}
