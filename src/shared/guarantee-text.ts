// The guarantee of a threshold in words, the same in the Uncertainty view and the CLI.
import type { GuaranteeMeasure } from './api/uncertainty';
import type { GuaranteeTarget } from './uncertainty/guarantee';

const pct = (fraction: number, digits = 1): string => `${(100 * fraction).toFixed(digits)}%`;

/** The promise in words: "at most 1% of digits accepted wrong", "at least 99% of digits kept". */
export function promiseText(target: GuaranteeTarget): string {
  return target.kind === 'max_error'
    ? `at most ${target.percent}% of digits accepted with a wrong answer`
    : `at least ${target.percent}% of digits kept`;
}

/** What was measured, in words: "0.6% accepted wrong (0.6% of the kept) on 10000 test digits; keeps 97.1%". */
export function measuredText(measure: GuaranteeMeasure, what: string): string {
  const among =
    measure.errorAmongKept === null ? 'none kept' : `${pct(measure.errorAmongKept, 2)} of the kept`;
  return `${pct(measure.acceptedWrong, 2)} accepted wrong (${among}) on the ${measure.count} ${what}; keeps ${pct(measure.kept)}`;
}

/** The warning shown when the model was trained on the calibration digits. */
export const SEEN_CALIBRATION_WARNING =
  'this model was trained on the calibration digits, so the promise is optimistic: expect more errors, or fewer digits kept, than promised';
