// The one decision rule turning a picture's predictive summary into an outcome: accept (one digit),
// ambiguous (the conformal set of the few digits it hesitates between) or not a digit. Check, the
// CLI, the bench and every other surface call decideOutcome; none re-derives it.
import type { Outcome, OutcomeReason, UncertaintyPart } from '../../../shared/outcomes';
import { predictionSet } from './conformal';

/** What a model's calibration fixes for the rule (stored in model.json `calibration.outcomes`). */
export interface OutcomeCalibration {
  /** The sets' stated coverage 1 − α (0.99). */
  coverage: number;
  /** The conformal quantile q̂ of 1 − p(true class) on the calibration split. */
  quantile: number;
  /** The part of the uncertainty that says "not a digit" for this model, and its limit. */
  part: UncertaintyPart;
  limit: number;
}

/** One picture as the rule sees it. */
export interface OutcomeInput {
  /** False when the picture holds no ink at all. */
  written: boolean;
  /** Posterior predictive mean probabilities. */
  probs: ArrayLike<number>;
  /** Expected entropy of the samples (nats). */
  aleatoric: number;
  /** Mutual information between the answer and the weights (nats). */
  epistemic: number;
  /** True when the score the user judges by is past its threshold (the Score menu, a guarantee). */
  beyondThreshold?: boolean;
}

export interface OutcomeDecision {
  outcome: Outcome;
  reason: OutcomeReason;
  /** The conformal set, most probable first (empty when nothing is plausible). */
  set: number[];
}

const notADigit = (reason: OutcomeReason, set: number[] = []): OutcomeDecision => ({
  outcome: 'not_a_digit',
  reason,
  set,
});

/**
 * Not a digit when nothing is written, the answer is not a number, the model's "not a digit" part
 * is beyond its limit, the chosen score is beyond its threshold, or no digit is plausible; otherwise accept a set of one digit, and call a
 * set of several ambiguous. Anything that is not a number is never accepted.
 */
export function decideOutcome(input: OutcomeInput, cal: OutcomeCalibration): OutcomeDecision {
  if (!input.written) return notADigit('nothing_written');
  const values = [input.aleatoric, input.epistemic, ...Array.from(input.probs)];
  if (!values.every(Number.isFinite)) return notADigit('no_answer');
  const set = predictionSet(input.probs, cal.quantile);
  const part = cal.part === 'aleatoric' ? input.aleatoric : input.epistemic;
  // A limit that is not a number cannot vouch for anything: such a calibration flags every picture.
  if (!(part <= cal.limit) || input.beyondThreshold) return notADigit('unlike_digits', set);
  if (set.length === 0) return notADigit('no_digit_likely');
  if (set.length === 1) return { outcome: 'accept', reason: 'one_digit', set };
  return { outcome: 'ambiguous', reason: 'few_digits', set };
}
