// Risk–coverage: what a threshold does to the in-distribution test set — how many digits it rejects
// and how accurate the kept ones are. Sorted once, then any threshold is a binary search (slider).

import { countAtMost } from './ood-metrics';

export interface CoveragePoint {
  /** Examples with score ≤ threshold are kept. */
  threshold: number;
  kept: number;
  /** kept / total. */
  coverage: number;
  /** 1 − coverage. */
  rejectionRate: number;
  /** Accuracy on the kept examples (NaN when none is kept). */
  accuracy: number;
}

/** Precomputed risk–coverage table for a set of (score, correct) pairs. */
export class RiskCoverage {
  private readonly sortedScores: Float64Array;
  /** Scores of the correctly classified examples, sorted: correct kept = countAtMost(t). */
  private readonly sortedCorrectScores: Float64Array;

  /** Builds the table in O(n log n) with native sorts; `correct[i]` says whether example i was right. */
  constructor(scores: ArrayLike<number>, correct: ArrayLike<boolean | number>) {
    if (scores.length !== correct.length) throw new RangeError('scores and correct differ in length');
    this.sortedScores = Float64Array.from(scores).sort();
    const right: number[] = [];
    for (let i = 0; i < scores.length; i++) if (correct[i]) right.push(scores[i]!);
    this.sortedCorrectScores = Float64Array.from(right).sort();
  }

  get total(): number {
    return this.sortedScores.length;
  }

  /** Overall accuracy with nothing rejected. */
  get baseAccuracy(): number {
    return this.total === 0 ? Number.NaN : this.sortedCorrectScores.length / this.total;
  }

  /** Rejection rate and accuracy on the kept at a threshold (kept: score ≤ threshold), in O(log n). */
  at(threshold: number): CoveragePoint {
    const kept = countAtMost(this.sortedScores, threshold);
    return this.point(threshold, kept);
  }

  /** The smallest threshold that keeps at least `coverage` (0–1) of the examples. */
  thresholdForCoverage(coverage: number): number {
    if (this.total === 0) return Number.NaN;
    const k = Math.min(this.total, Math.max(1, Math.ceil(coverage * this.total - 1e-9)));
    return this.sortedScores[k - 1]!;
  }

  /** The full curve at every distinct score (ascending threshold), thinned to at most `maxPoints`. */
  curve(maxPoints = 1000): CoveragePoint[] {
    const points: CoveragePoint[] = [];
    const n = this.total;
    for (let k = 1; k <= n; k++) {
      // Only the last of a run of equal scores is a real operating point.
      if (k < n && this.sortedScores[k] === this.sortedScores[k - 1]) continue;
      points.push(this.point(this.sortedScores[k - 1]!, k));
    }
    if (points.length <= maxPoints) return points;
    const step = (points.length - 1) / (maxPoints - 1);
    return Array.from({ length: maxPoints }, (_, i) => points[Math.round(i * step)]!);
  }

  private point(threshold: number, kept: number): CoveragePoint {
    const coverage = this.total === 0 ? 0 : kept / this.total;
    // Only called at the end of a run of equal scores, where "correct among the kept" is well defined.
    const right = countAtMost(this.sortedCorrectScores, threshold);
    return {
      threshold,
      kept,
      coverage,
      rejectionRate: 1 - coverage,
      accuracy: kept === 0 ? Number.NaN : right / kept,
    };
  }
}
