// How well a score separates in-distribution data (MNIST test) from an out-of-distribution set.
// Convention everywhere here: OOD is the positive class and a higher score means "more OOD".

import { sortedCopy } from './thresholds';

type Numbers = ArrayLike<number>;

export interface OodMetrics {
  /** Area under the ROC curve; P(score_ood > score_in) with ties counted half. */
  auroc: number;
  /** Area under the precision–recall curve with OOD as positive (average precision, ties grouped). */
  aupr: number;
  /** Fraction of in-distribution examples flagged as OOD when 95% of OOD are caught (see fprAtTpr). */
  fpr95: number;
  inCount: number;
  oodCount: number;
}

/** Number of sorted values strictly below x (lower bound). */
function countBelow(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of sorted values less than or equal to x (upper bound). */
export function countAtMost(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** AUROC with OOD positive: P(ood > in) + ½·P(ood = in), the Mann–Whitney statistic. */
export function auroc(inScores: Numbers, oodScores: Numbers): number {
  if (inScores.length === 0 || oodScores.length === 0) return Number.NaN;
  const sortedIn = sortedCopy(inScores);
  let wins = 0;
  for (let j = 0; j < oodScores.length; j++) {
    const x = oodScores[j]!;
    const below = countBelow(sortedIn, x);
    const ties = countAtMost(sortedIn, x) - below;
    wins += below + ties / 2;
  }
  return wins / (inScores.length * oodScores.length);
}

/**
 * Average precision with OOD positive: Σ over distinct thresholds t (descending) of
 * (recall(t) − recall(previous t)) · precision(t), where everything scoring ≥ t is flagged —
 * the step-wise area scikit-learn's `average_precision_score` computes. Tied scores form one step.
 */
export function aupr(inScores: Numbers, oodScores: Numbers): number {
  const nOod = oodScores.length;
  if (nOod === 0 || inScores.length === 0) return Number.NaN;
  const sortedIn = sortedCopy(inScores);
  const sortedOod = sortedCopy(oodScores);
  let ap = 0;
  let prevRecall = 0;
  // Walk distinct OOD scores from the highest down; only they change recall.
  let j = nOod - 1;
  while (j >= 0) {
    const t = sortedOod[j]!;
    while (j >= 0 && sortedOod[j] === t) j--;
    const truePos = nOod - 1 - j;
    const falsePos = sortedIn.length - countBelow(sortedIn, t);
    const recall = truePos / nOod;
    ap += (recall - prevRecall) * (truePos / (truePos + falsePos));
    prevRecall = recall;
  }
  return ap;
}

/**
 * False-positive rate at a true-positive rate, OOD positive: the threshold t is the k-th highest OOD
 * score with k = ceil(tpr · nOod), so that at least `tpr` of the OOD set scores ≥ t (is caught); the
 * result is the fraction of in-distribution scores ≥ t (wrongly flagged as OOD). Note: Hendrycks &
 * Gimpel's "FPR95" takes in-distribution as positive instead (OOD accepted while 95% of in-dist kept);
 * the two differ in general.
 */
export function fprAtTpr(inScores: Numbers, oodScores: Numbers, tpr = 0.95): number {
  if (inScores.length === 0 || oodScores.length === 0) return Number.NaN;
  const sortedOod = sortedCopy(oodScores);
  const k = Math.max(1, Math.ceil(tpr * sortedOod.length - 1e-9));
  const t = sortedOod[sortedOod.length - k]!;
  const sortedIn = sortedCopy(inScores);
  return (sortedIn.length - countBelow(sortedIn, t)) / sortedIn.length;
}

/** AUROC, AUPR (OOD positive) and FPR at 95% TPR for one in-distribution/OOD pair. */
export function oodMetrics(inScores: Numbers, oodScores: Numbers): OodMetrics {
  return {
    auroc: auroc(inScores, oodScores),
    aupr: aupr(inScores, oodScores),
    fpr95: fprAtTpr(inScores, oodScores, 0.95),
    inCount: inScores.length,
    oodCount: oodScores.length,
  };
}
