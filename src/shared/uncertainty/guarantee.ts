// Thresholds with a finite-sample guarantee, fitted on held-out labelled digits (the calibration
// split) that are exchangeable with the digits the model will meet. Two promises a user can state:
//
// - "keep at least Y% of digits": split conformal. With k = ⌈(n+1)·Y⌉ and t the k-th smallest of
//   the n calibration scores, a new digit is kept (score ≤ t) with probability ≥ k/(n+1) ≥ Y
//   (Vovk et al. 2005; Lei et al. 2018, "Distribution-free predictive inference for regression").
// - "at most X% of digits accepted with a wrong answer": conformal risk control (Angelopoulos, Bates,
//   Fisch, Lei, Schuster 2022/2024, "Conformal Risk Control") with the loss 1{accepted and wrong},
//   bounded by B = 1 and non-decreasing in the threshold. The rule keeps the largest threshold with
//   (n/(n+1))·R̂ + B/(n+1) ≤ α, R̂ the share of calibration digits accepted and wrong; then
//   P(a new digit is accepted and wrong) ≤ α. The share wrong among the accepted is that over the
//   share kept: a ratio is no per-digit loss, so no conformal rule bounds it by itself.
//
// Both guarantees are marginal: over the draw of the calibration digits and of the new digit
// together, not for every calibration draw. A score that is not a number is never accepted.
import { z } from 'zod';
import { CodedError } from '../result';
import { isRejected } from './thresholds';

/** Which promise, and its level in percent (1 means 1%). */
export const GuaranteeTarget = z.object({
  kind: z.enum(['max_error', 'min_kept']),
  percent: z.number().gt(0, 'the percentage must be above 0').lt(100, 'the percentage must be below 100'),
});
export type GuaranteeTarget = z.infer<typeof GuaranteeTarget>;

/** A target that no threshold fitted on these calibration digits can promise. */
const unreachable = (message: string): CodedError => new CodedError('guarantee_unreachable', message);

/** A score as the rule sees it: not a number counts as +∞ (never accepted). */
const asScore = (s: number): number => (Number.isNaN(s) ? Infinity : s);

/** The smallest n for which ⌈(n+1)·y⌉ ≤ n, i.e. keeping ≥ y can be promised at all. */
function digitsNeededToKeep(y: number): number {
  return Math.ceil(y / (1 - y) - 1e-9);
}

/** Split-conformal threshold keeping a new digit with probability ≥ y (a fraction in (0, 1)). */
export function minKeptThreshold(scores: ArrayLike<number>, y: number): number {
  const n = scores.length;
  // The tolerance absorbs (n+1)·y landing a hair above a whole number in floating point.
  const k = Math.ceil((n + 1) * y - 1e-9);
  if (k > n) {
    throw unreachable(
      `keeping at least ${pct(y)} of digits needs at least ${digitsNeededToKeep(y)} calibration digits; there are ${n}`,
    );
  }
  const sorted = Float64Array.from(scores, asScore).sort();
  const t = sorted[k - 1]!;
  if (!Number.isFinite(t)) {
    const finite = sorted.findIndex((s) => !Number.isFinite(s));
    throw unreachable(
      `only ${finite} of ${n} calibration digits have a finite score, too few to keep at least ${pct(y)}`,
    );
  }
  return t;
}

/**
 * Conformal-risk-control threshold with P(a new digit is accepted and wrong) ≤ alpha (a fraction in
 * (0, 1)). `wrong[i]` says whether the model's answer for calibration digit i is wrong.
 */
export function maxErrorThreshold(
  scores: ArrayLike<number>,
  wrong: ArrayLike<boolean | number>,
  alpha: number,
): number {
  const n = scores.length;
  if (wrong.length !== n) throw new RangeError('scores and wrong differ in length');
  // (n/(n+1))·R̂ + 1/(n+1) ≤ α  ⇔  (accepted and wrong) ≤ α·(n+1) − 1.
  const allowed = Math.floor(alpha * (n + 1) - 1 + 1e-9);
  if (allowed < 0) {
    throw unreachable(
      `at most ${pct(alpha)} accepted wrong needs at least ${Math.ceil(1 / alpha - 1 - 1e-9)} calibration digits; there are ${n}`,
    );
  }
  const wrongScores: number[] = [];
  for (let i = 0; i < n; i++) if (wrong[i] && Number.isFinite(scores[i])) wrongScores.push(scores[i]!);
  wrongScores.sort((a, b) => a - b);
  // Accept only scores strictly below the first wrong digit the budget cannot pay for.
  const limit = wrongScores[allowed] ?? Infinity;
  let best = -Infinity;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (Number.isFinite(s) && s < limit && s > best) best = s;
  }
  if (best === -Infinity) {
    throw unreachable(
      `no threshold keeps any digit with at most ${pct(alpha)} accepted wrong: the model is wrong on its most certain calibration digits`,
    );
  }
  return best;
}

/** The threshold a target asks for, fitted on calibration scores and whether each answer is wrong. */
export function guaranteedThreshold(
  target: GuaranteeTarget,
  scores: ArrayLike<number>,
  wrong: ArrayLike<boolean | number>,
): number {
  const rate = target.percent / 100;
  return target.kind === 'min_kept' ? minKeptThreshold(scores, rate) : maxErrorThreshold(scores, wrong, rate);
}

/** What a threshold does on a labelled set: share kept, share accepted and wrong, error among the kept. */
export interface GuaranteeMeasure {
  count: number;
  kept: number;
  acceptedWrong: number;
  /** Wrong among the accepted (null when none is kept). */
  errorAmongKept: number | null;
}

/** Measures `threshold` on scores and wrongness (a non-finite score is never kept). */
export function measureThreshold(
  scores: ArrayLike<number>,
  wrong: ArrayLike<boolean | number>,
  threshold: number,
): GuaranteeMeasure {
  const n = scores.length;
  let kept = 0;
  let keptWrong = 0;
  for (let i = 0; i < n; i++) {
    if (isRejected(scores[i]!, threshold)) continue;
    kept++;
    if (wrong[i]) keptWrong++;
  }
  return {
    count: n,
    kept: n === 0 ? 0 : kept / n,
    acceptedWrong: n === 0 ? 0 : keptWrong / n,
    errorAmongKept: kept === 0 ? null : keptWrong / kept,
  };
}

function pct(fraction: number): string {
  return `${+(fraction * 100).toPrecision(4)}%`;
}
