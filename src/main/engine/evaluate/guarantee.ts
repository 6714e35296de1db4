// A threshold with a promise: fitted on the calibration split (held-out training digits) by the rule
// in shared/uncertainty/guarantee.ts, then measured on the MNIST test set, which the rule never saw.
// The Uncertainty view's handler and the CLI (`check`, `eval` with --max-error / --min-kept) use it.
import type { GuaranteeMeasure } from '../../../shared/api/uncertainty';
import {
  guaranteedThreshold,
  measureThreshold,
  type GuaranteeTarget,
} from '../../../shared/uncertainty/guarantee';
import { scoreValues, type PredictiveSummary, type ScoreName } from '../../../shared/uncertainty/scores';

/** A set's predictive summary and its true labels. */
export interface LabelledSummary {
  summary: PredictiveSummary;
  labels: ArrayLike<number>;
}

export interface GuaranteeFit {
  threshold: number;
  calibration: GuaranteeMeasure;
  /** The test set's measure, when a test summary was given. */
  test: GuaranteeMeasure | null;
}

/** 1 where the model's answer is not the label. */
export function wrongness({ summary, labels }: LabelledSummary): Uint8Array {
  if (labels.length !== summary.count) throw new RangeError('labels and predictions differ in length');
  return Uint8Array.from(summary.predicted, (p, i) => (p === labels[i] ? 0 : 1));
}

/**
 * The threshold on `score` that `target` asks for, fitted on `calibration`, with what it does there
 * and on `test`. Throws CodedError('guarantee_unreachable') when no threshold can keep the promise.
 */
export function fitGuarantee(
  target: GuaranteeTarget,
  score: ScoreName,
  calibration: LabelledSummary,
  test: LabelledSummary | null,
): GuaranteeFit {
  const threshold = guaranteedThreshold(
    target,
    scoreValues(calibration.summary, score),
    wrongness(calibration),
  );
  return {
    threshold,
    calibration: measureOn(calibration, score, threshold),
    test: test ? measureOn(test, score, threshold) : null,
  };
}

/** What `threshold` on `score` does to a labelled set. */
export function measureOn(set: LabelledSummary, score: ScoreName, threshold: number): GuaranteeMeasure {
  return measureThreshold(scoreValues(set.summary, score), wrongness(set), threshold);
}
