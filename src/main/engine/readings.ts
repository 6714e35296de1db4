// One piece of ink as wide as two digits reads as one digit or as two touching ones, and its shape
// alone cannot tell which (a wide 0 is as wide as a 4 touching a 6). The model tells: the reading whose
// digits it accepts, and when both (or neither) are, the one whose least certain digit is surer.
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
 * Neither accepted keeps `found`: the model has no reading to vouch for.
 */
export function chooseReading(
  found: readonly (ReadDigit | null)[],
  other: readonly (ReadDigit | null)[],
): 'found' | 'other' {
  if (other.length === 0) return 'found';
  const [foundOk, otherOk] = [allAccepted(found), allAccepted(other)];
  if (foundOk !== otherOk) return foundOk ? 'found' : 'other';
  if (!foundOk) return 'found';
  return leastSure(other) < leastSure(found) ? 'other' : 'found';
}
