// The three outcomes of a verdict and their words, shared by the Check card and the CLI. The rule
// that picks one lives in the engine (engine/outcomes/rule.ts); this is only what they mean.
import { z } from 'zod';
import { nameWithArticle, withArticle } from './article';

/** accept: one digit; ambiguous: the few digits it hesitates between; not_a_digit: out of distribution. */
export const Outcome = z.enum(['accept', 'ambiguous', 'not_a_digit']);
export type Outcome = z.infer<typeof Outcome>;

/**
 * Why the outcome: `one_digit` (the set is one digit), `few_digits` (the set holds several),
 * `nothing_written` (no ink at all), `no_answer` (the model's answer is not a number),
 * `unlike_digits` (its uncertainty is beyond what held-out digits reach), `no_digit_likely`
 * (no digit is likely enough to be in the set), `several_digits` (a number: read it digit by digit).
 */
export const OutcomeReason = z.enum([
  'one_digit',
  'few_digits',
  'nothing_written',
  'no_answer',
  'unlike_digits',
  'no_digit_likely',
  'several_digits',
]);
export type OutcomeReason = z.infer<typeof OutcomeReason>;

/** The part of the uncertainty that decides "not a digit" for a model (measured at calibration). */
export const UncertaintyPart = z.enum(['aleatoric', 'epistemic']);
export type UncertaintyPart = z.infer<typeof UncertaintyPart>;

/**
 * The names of a model's classes, index = label (the model's dataset's classNames); absent: MNIST's
 * digits. What a verdict says of a class comes from these.
 */
export type ClassNames = readonly string[] | undefined;

/** True when the classes are digits named by their label (MNIST's). */
export function digitClasses(names: ClassNames): boolean {
  return names === undefined || names.every((name, i) => name === String(i));
}

/** Class `label` with its article: "a 4", "an 8"; "a sneaker", "an ankle boot" for named classes. */
export function classText(label: number, names?: ClassNames): string {
  return nameWithArticle(names?.[label] ?? String(label));
}

/** "a 4", "a 4 or a 9", "a 1, a 4 or a 7" (or of the model's class names: "a sneaker or a sandal"). */
export function setText(set: readonly number[], names?: ClassNames): string {
  const words = set.map((label) => classText(label, names));
  if (words.length <= 1) return words[0] ?? (digitClasses(names) ? 'no digit' : 'no class');
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** The outcome in a few plain words, e.g. "it is a 4", "a 4 or a 9", "not a digit" ("it is a sneaker"). */
export function outcomeHeadline(outcome: Outcome, set: readonly number[], names?: ClassNames): string {
  if (outcome === 'accept') return `it is ${setText(set, names)}`;
  if (outcome === 'ambiguous') return `${setText(set, names)}: it cannot tell which`;
  return digitClasses(names) ? 'not a digit' : 'none of its classes';
}

/** What the batch summary counts: the three outcomes (several digits is a not-a-digit outcome). */
export const OUTCOME_COUNT_WORDS: Record<Outcome, string> = {
  accept: 'accepted',
  ambiguous: 'ambiguous',
  not_a_digit: 'not a digit',
};

/**
 * A verdict's first line, as the Check card words it: "ACCEPT: it is an 8", "Ambiguous: a 4 or a 9",
 * "Not a digit: nothing written found", "Not a digit (best guess 3)", "Several digits"; for named
 * classes "ACCEPT: it is a sneaker", "None of its classes (best guess Sandal)".
 */
export function outcomeLine(
  v: { outcome: Outcome; outcomeReason: OutcomeReason; set: readonly number[]; prediction: number },
  names?: ClassNames,
): string {
  if (v.outcomeReason === 'several_digits') return 'Several digits';
  const digits = digitClasses(names);
  if (v.outcome === 'accept')
    return digits
      ? `ACCEPT: it is ${withArticle(v.prediction)}`
      : `ACCEPT: it is ${classText(v.prediction, names)}`;
  if (v.outcome === 'ambiguous') return `Ambiguous: ${setText(v.set, names)}`;
  const none = digits ? 'Not a digit' : 'None of its classes';
  if (v.outcomeReason === 'nothing_written')
    return `${none}: nothing ${digits ? 'written' : 'stands out'} found`;
  return `${none} (best guess ${names?.[v.prediction] ?? v.prediction})`;
}

/** The reason in plain words; `coverage` is the sets' stated coverage (0.99); `names` the model's classes. */
export function reasonText(reason: OutcomeReason, coverage: number, names?: ClassNames): string {
  const pct = `${Math.round(coverage * 1000) / 10}%`;
  if (!digitClasses(names)) return classReasonText(reason, pct);
  switch (reason) {
    case 'one_digit':
      return `only one digit is plausible (sets of plausible digits hold the true digit ${pct} of the time)`;
    case 'few_digits':
      // Fitted on the ambiguous digits alone (engine/outcomes/calibrate.ts), so this holds for them.
      return `the writing itself is ambiguous: among digits this ambiguous, the true one is in the set ${pct} of the time`;
    case 'nothing_written':
      return 'nothing written found: no ink or drawing stands out of the paper';
    case 'no_answer':
      return "the model's answer for this picture is not a number";
    case 'unlike_digits':
      return 'it is unlike the digits the model was checked on: more uncertain than almost any of them';
    case 'no_digit_likely':
      return 'no digit is likely enough to be one of the plausible ones';
    case 'several_digits':
      return 'this is a number, not one digit: read it digit by digit';
  }
}

/** The reason for a model of named classes (a dataset other than digits). */
function classReasonText(reason: OutcomeReason, pct: string): string {
  switch (reason) {
    case 'one_digit':
      return `only one class is plausible (sets of plausible classes hold the true class ${pct} of the time)`;
    case 'few_digits':
      return `the picture itself is ambiguous: among pictures this ambiguous, the true class is in the set ${pct} of the time`;
    case 'nothing_written':
      return "nothing stands out of the picture's background";
    case 'no_answer':
      return "the model's answer for this picture is not a number";
    case 'unlike_digits':
      return 'it is unlike the pictures the model was checked on: more uncertain than almost any of them';
    case 'no_digit_likely':
      return 'no class is likely enough to be one of the plausible ones';
    case 'several_digits':
      return 'several things are on the picture';
  }
}

/** The two parts of the uncertainty in plain words (nats, out of ln 10 ≈ 2.30 at most for ten classes). */
export function partsText(aleatoric: number, epistemic: number, names?: ClassNames): string {
  return (
    `${digitClasses(names) ? 'writing ambiguity' : 'ambiguity'} (aleatoric) ${aleatoric.toFixed(2)}, ` +
    `unfamiliarity (epistemic, the samples' disagreement) ${epistemic.toFixed(2)}`
  );
}

/** "71 of 100 samples say 8, 22 say 3" from per-class vote counts; classes with no vote left out. */
export function votesText(votes: readonly number[], samples: number, most = 3, names?: ClassNames): string {
  const say = (label: number) => names?.[label] ?? String(label);
  const ranked = votes
    .map((count, digit) => ({ digit, count }))
    .filter((v) => v.count > 0)
    .sort((a, b) => b.count - a.count || a.digit - b.digit)
    .slice(0, most);
  if (ranked.length === 0) return `none of ${samples} samples gave an answer`;
  const [first, ...rest] = ranked;
  return [
    `${first!.count} of ${samples} samples say ${say(first!.digit)}`,
    ...rest.map((v) => `${v.count} say ${say(v.digit)}`),
  ].join(', ');
}
