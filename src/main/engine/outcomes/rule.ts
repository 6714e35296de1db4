// The one decision rule turning a picture's predictive summary into an outcome: accept (one digit),
// ambiguous (the conformal set of the few digits it hesitates between) or not a digit. Check, the
// CLI, the bench and every other surface call decideOutcome; none re-derives it.
import type { Outcome, OutcomeReason, UncertaintyPart } from '../../../shared/outcomes';
import { predictionSet, secondProbability, topClasses } from './conformal';

/** What a model's calibration fixes for the rule (stored in model.json `calibration.outcomes`). */
export interface OutcomeCalibration {
  /** The sets' stated coverage 1 − α (0.99). */
  coverage: number;
  /** The conformal quantile q̂ of 1 − p(true class) on the calibration split. */
  quantile: number;
  /** The part of the uncertainty that says "not a digit" for this model, and its limit. */
  part: UncertaintyPart;
  limit: number;
  /**
   * The ambiguous group and its own set: a digit whose second most probable answer reaches `from`
   * (or whose set above holds several) is ambiguous, and its set is its `size` most probable digits,
   * fitted on the group's calibration digits so that it holds the true one at `coverage` among them.
   */
  ambiguous: { from: number; size: number };
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
  /** True when the picture holds several digits: a number, read digit by digit instead. */
  several?: boolean;
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

/** Whether a digit with mean probabilities `probs` and conformal set `set` is in the ambiguous group. */
export function inAmbiguousGroup(probs: ArrayLike<number>, set: readonly number[], from: number): boolean {
  return set.length >= 2 || secondProbability(probs) >= from;
}

/**
 * Not a digit when nothing is written, several digits are, the answer is not a number, the model's "not a digit" part
 * is beyond its limit, or the chosen score is beyond its threshold; otherwise ambiguous (with the
 * group's set) when in the ambiguous group, not a digit when no digit is plausible, and accept a
 * set of one digit. Anything that is not a number is never accepted.
 */
export function decideOutcome(input: OutcomeInput, cal: OutcomeCalibration): OutcomeDecision {
  if (!input.written) return notADigit('nothing_written');
  if (input.several) return notADigit('several_digits');
  const values = [input.aleatoric, input.epistemic, ...Array.from(input.probs)];
  if (!values.every(Number.isFinite)) return notADigit('no_answer');
  const set = predictionSet(input.probs, cal.quantile);
  const part = cal.part === 'aleatoric' ? input.aleatoric : input.epistemic;
  // A limit that is not a number cannot vouch for anything: such a calibration flags every picture.
  if (!(part <= cal.limit) || input.beyondThreshold) return notADigit('unlike_digits', set);
  if (inAmbiguousGroup(input.probs, set, cal.ambiguous.from)) {
    // The group's set, and the overall one within it (never smaller: both promises hold).
    const top = topClasses(input.probs, Math.max(cal.ambiguous.size, set.length, 2));
    return { outcome: 'ambiguous', reason: 'few_digits', set: top };
  }
  if (set.length === 0) return notADigit('no_digit_likely');
  return { outcome: 'accept', reason: 'one_digit', set };
}
