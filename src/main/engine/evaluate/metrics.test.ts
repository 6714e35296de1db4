import { describe, expect, it } from 'vitest';
import { summarizeSamples, type PredictiveSummary } from '../../../shared/uncertainty/scores';
import { ECE_BINS, negativeLogLikelihood, scoreMetrics, testMetrics } from './metrics';

/** One posterior sample per row: the summary's mean probabilities are the rows themselves. */
const summaryOf = (rows: number[][]): PredictiveSummary =>
  summarizeSamples(Float32Array.from(rows.flat()), 1, rows.length, rows[0]!.length);

describe('testMetrics', () => {
  // Two classes; rows read 0, 0, 1, 1 against labels 0, 1, 1, 0.
  const summary = summaryOf([
    [0.9, 0.1],
    [0.6, 0.4],
    [0.3, 0.7],
    [0.2, 0.8],
  ]);
  const labels = [0, 1, 1, 0];

  it('gives the accuracy, and the NLL as the mean −log of the true class probability', () => {
    const m = testMetrics(summary, labels);
    expect(m.count).toBe(4);
    expect(m.accuracy).toBe(0.5);
    // −(ln 0.9 + ln 0.4 + ln 0.7 + ln 0.2) / 4
    expect(m.nll).toBeCloseTo(0.746943, 5);
  });

  it('gives the ECE over 15 equal-width bins; one example per bin here, so the mean |correct − confidence|', () => {
    expect(ECE_BINS).toBe(15);
    // confidences 0.9 ✓, 0.6 ✗, 0.7 ✓, 0.8 ✗ → (0.1 + 0.6 + 0.3 + 0.8) / 4
    expect(testMetrics(summary, labels).ece).toBeCloseTo(0.45, 5);
  });

  it('averages confidence and accuracy within a bin before taking their gap', () => {
    // 0.91 and 0.93 share the bin (13/15, 14/15]: accuracy 0.5 against confidence 0.92.
    const shared = summaryOf([
      [0.91, 0.09],
      [0.93, 0.07],
    ]);
    expect(testMetrics(shared, [0, 1]).ece).toBeCloseTo(0.42, 5);
  });

  it('floors a true-class probability of 0 so one digit cannot make the NLL infinite', () => {
    const nll = negativeLogLikelihood(summaryOf([[1, 0]]), [1]);
    expect(nll).toBeCloseTo(-Math.log(1e-12), 6);
  });

  it('refuses labels that do not fit the summary', () => {
    expect(() => testMetrics(summary, [0, 1])).toThrow(RangeError);
  });
});

describe('scoreMetrics', () => {
  const test = summaryOf([
    [0.99, 0.01],
    [0.02, 0.98],
    [0.95, 0.05],
  ]);
  const ood = summaryOf([
    [0.5, 0.5],
    [0.6, 0.4],
  ]);

  it('measures every score; a set less sure than every test digit is fully separated', () => {
    const m = scoreMetrics(test, ood);
    expect(Object.keys(m).sort()).toEqual(['entropy', 'max_prob', 'mutual_information', 'std']);
    expect(m.entropy).toMatchObject({ auroc: 1, fpr95: 0, rejected: null });
    expect(m.max_prob.auroc).toBe(1);
  });

  it('counts the share refused at each given threshold (strictly above it)', () => {
    // max_prob's score is 1 − max_prob: 0.5 and 0.4 (float32); a threshold of 0.45 refuses one of two.
    const m = scoreMetrics(test, ood, { std: 0, entropy: 0, mutual_information: 0, max_prob: 0.45 });
    expect(m.max_prob.rejected).toBe(0.5);
    expect(m.entropy.rejected).toBe(1);
  });
});
