// Thresholds on a score, chosen from in-distribution data as the article does (99th percentile of
// the MNIST test scores), and the accept/reject rule that goes with them.

type Numbers = ArrayLike<number>;

/** Sorted ascending copy (Float64Array so the caller's array is untouched). */
export function sortedCopy(values: Numbers): Float64Array {
  const sorted = Float64Array.from(values);
  sorted.sort();
  return sorted;
}

/**
 * The p-th percentile (0–100) by linear interpolation between closest ranks, the definition of
 * numpy's default `np.percentile(..., method='linear')`: rank = p/100 · (n − 1), interpolating
 * between the values at floor(rank) and ceil(rank) of the sorted data.
 */
export function percentileOfSorted(sorted: Numbers, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('percentile of an empty set');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${p}`);
  const rank = (p / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(n - 1, lo + 1);
  const frac = rank - lo;
  return sorted[lo]! + frac * (sorted[hi]! - sorted[lo]!);
}

/** The threshold at the p-th percentile (linear interpolation) of the scores, e.g. 99 as in the article. */
export function thresholdAtPercentile(scores: Numbers, p = 99): number {
  return percentileOfSorted(sortedCopy(scores), p);
}

/**
 * The verdict rule: reject when the score is strictly above the threshold (0.45 > 0.37 rejects "B"),
 * and whenever the score is not a number: only a score at or below the threshold accepts.
 */
export function isRejected(score: number, threshold: number): boolean {
  return !(score <= threshold);
}

/** Fraction of the scores that the threshold rejects (strictly above it). */
export function rejectionRate(scores: Numbers, threshold: number): number {
  if (scores.length === 0) return 0;
  let rejected = 0;
  for (let i = 0; i < scores.length; i++) if (isRejected(scores[i]!, threshold)) rejected++;
  return rejected / scores.length;
}
