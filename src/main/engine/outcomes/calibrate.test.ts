import { describe, expect, it } from 'vitest';
import { summarizeSamples } from '../../../shared/uncertainty/scores';
import { seededRandom } from '../../../tools/ood-sets/random';
import { StoredOutcomeCalibration, fewestForCoverage, fitOutcomes, ruleCalibration } from './calibrate';
import { decideOutcome } from './rule';

const CLASSES = 10;

/**
 * Synthetic answers: 90% easy digits (the true one at ~0.97); 10% hard ones hesitating between two
 * digits (the true one first or second), of which 6% are wrong about both (the true one at ~0.03).
 * Overall sets at 99% then hold both digits of a hard one, and miss the true one for 6% of them.
 */
function draw(count: number, seed: number, hardShare = 0.1) {
  const rand = seededRandom(seed);
  const probs = new Float32Array(count * CLASSES);
  const labels = new Int32Array(count);
  const other = (not: number[]) => {
    let k = Math.floor(rand() * CLASSES);
    while (not.includes(k)) k = (k + 1) % CLASSES;
    return k;
  };
  for (let i = 0; i < count; i++) {
    const y = Math.floor(rand() * CLASSES);
    labels[i] = y;
    const row: number[] = new Array<number>(CLASSES).fill(0);
    const jitter = () => 0.01 * rand();
    if (rand() >= hardShare) {
      row[y] = 0.96 + jitter();
    } else if (rand() < 0.94) {
      const r = other([y]);
      const [top, next] = rand() < 0.5 ? [y, r] : [r, y];
      row[top] = 0.5 + jitter();
      row[next] = 0.42 + jitter();
    } else {
      const a = other([y]);
      // Surer than the other hard ones (lower entropy), so the "not a digit" limit keeps them.
      row[a] = 0.53 + jitter();
      row[other([y, a])] = 0.43 + jitter();
      row[y] = 0.02 + jitter() / 10;
    }
    const rest = 1 - row.reduce((s, p) => s + p, 0);
    const empty = row.flatMap((p, k) => (p === 0 ? [k] : []));
    empty.forEach((k) => (row[k] = rest / empty.length));
    probs.set(row, i * CLASSES);
  }
  return { summary: summarizeSamples(probs, 1, count, CLASSES), labels };
}

describe('the ambiguous group', () => {
  it('holds the true digit for ≥ 99% of the digits called ambiguous, on a new draw', () => {
    const cal = draw(5000, 1);
    const stored = fitOutcomes(cal.summary, cal.labels, [], { seenInTraining: false });
    const rule = ruleCalibration(stored);
    const test = draw(20_000, 2);
    const decided = Array.from({ length: test.summary.count }, (_, i) => {
      const probs = test.summary.meanProbs.subarray(i * CLASSES, (i + 1) * CLASSES);
      const aleatoric = test.summary.entropy[i]! - test.summary.mutualInformation[i]!;
      return decideOutcome({ written: true, probs, aleatoric, epistemic: 0 }, rule);
    });
    const ambiguous = decided.flatMap((d, i) => (d.outcome === 'ambiguous' ? [i] : []));
    const covered = ambiguous.filter((i) => decided[i]!.set.includes(test.labels[i]!)).length;
    expect(ambiguous.length / decided.length).toBeGreaterThan(0.08);
    expect(ambiguous.length / decided.length).toBeLessThan(0.12);
    expect(covered / ambiguous.length).toBeGreaterThanOrEqual(0.99);
    // The sets stay small: the two it hesitates between and the runner-up behind them.
    expect(Math.max(...ambiguous.map((i) => decided[i]!.set.length))).toBeLessThanOrEqual(3);
    // Accepted digits keep the overall sets' coverage (the group's sets are never smaller).
    const digits = decided.filter((d) => d.outcome !== 'not_a_digit');
    const held = decided.filter((d, i) => d.outcome !== 'not_a_digit' && d.set.includes(test.labels[i]!));
    expect(held.length / digits.length).toBeGreaterThanOrEqual(0.99);
  });

  it('widens a group too small for the coverage to the fewest digits that can keep it', () => {
    expect(fewestForCoverage(0.01)).toBe(99);
    expect(fewestForCoverage(0.1)).toBe(9);
    const cal = draw(5000, 3, 0.005); // ~25 hard digits: too few alone for a 99% set
    const stored = fitOutcomes(cal.summary, cal.labels, [], { seenInTraining: false });
    expect(stored.ambiguous.calibrationDigits).toBeGreaterThanOrEqual(99);
    expect(stored.ambiguous.size).toBeLessThan(CLASSES);
  });

  it('puts every digit in the set when the split is too small for the coverage', () => {
    const cal = draw(60, 4, 0.5);
    const stored = fitOutcomes(cal.summary, cal.labels, [], { seenInTraining: false });
    expect(stored.ambiguous.size).toBe(CLASSES);
  });
});

describe('a small calibration split', () => {
  it('stores its infinite limits and reads them back from model.json (JSON writes them as null)', () => {
    const { summary, labels } = draw(40, 7);
    const fitted = fitOutcomes(summary, labels, [], { seenInTraining: false });
    expect(fitted.quantile).toBe(Number.POSITIVE_INFINITY);
    const stored = StoredOutcomeCalibration.parse(JSON.parse(JSON.stringify(fitted)));
    expect(stored.quantile).toBe(Number.POSITIVE_INFINITY);
    expect(ruleCalibration(stored).quantile).toBe(Number.POSITIVE_INFINITY);
  });
});
