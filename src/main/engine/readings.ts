// One piece of ink as wide as two digits reads as one digit or as two touching ones, and its shape
// alone cannot tell which (a wide 0 is as wide as a 4 touching a 6). The model tells, as far as it can
// be trusted: its accepting each half of a piece it refuses whole is no evidence (the halves of a
// letter pass for a 6 and a 3), so the one digit must be accepted for the choice to be made at all.
// Beside other digits of a number it is: there a wide piece is two digits written touching far more
// often than a letter, and its halves are judged as every digit of the number is (`choosePiece`).
import type { Outcome } from '../../shared/outcomes';

/** What the choice needs of a digit's verdict. */
export interface ReadDigit {
  outcome: Outcome;
  /** Expected entropy of the samples (nats): how ambiguous the writing is. */
  aleatoric: number;
}

const allAccepted = (reading: readonly (ReadDigit | null)[]): boolean =>
  reading.every((d) => d?.outcome === 'accept');
const leastSure = (reading: readonly (ReadDigit | null)[]): number =>
  Math.max(...reading.map((d) => d?.aleatoric ?? Infinity));

/**
 * Which reading of the picture to keep: `found` (the segmentation's) or `other` (the same ink read as
 * one digit or as two; empty when there is none); null stands for an answer that is not a number.
 * The segmentation's stands unless the one-digit reading is accepted: then the two digits win exactly
 * when both are accepted and the less certain of them is surer than the one digit.
 */
export function chooseReading(
  found: readonly (ReadDigit | null)[],
  other: readonly (ReadDigit | null)[],
): 'found' | 'other' {
  if (other.length === 0) return 'found';
  const [one, two] = found.length < other.length ? [found, other] : [other, found];
  if (!allAccepted(one)) return 'found';
  const twoWin = allAccepted(two) && leastSure(two) < leastSure(one);
  return (twoWin ? two : one) === found ? 'found' : 'other';
}

/**
 * Whether a piece found beside other digits reads as `one` digit or as its two `halves`: the halves
 * when both are accepted and the one digit is not, or is less sure than the less certain half.
 */
export function choosePiece(one: ReadDigit | null, halves: readonly (ReadDigit | null)[]): 'one' | 'two' {
  if (halves.length !== 2 || !allAccepted(halves)) return 'one';
  return one?.outcome !== 'accept' || leastSure(halves) < leastSure([one]) ? 'two' : 'one';
}
