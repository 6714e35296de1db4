import { describe, expect, it } from 'vitest';
import type { Calibration } from './model';
import { defaultScore } from './score-guide';

/** A calibration over one OOD set with the given per-score AUROCs. */
function calibration(score: Calibration['score'], aurocs: Record<string, number>): Calibration {
  const scores = Object.fromEntries(
    Object.entries(aurocs).map(([name, auroc]) => [name, { auroc, rejected: 0.5 }]),
  );
  return {
    score,
    percentile: 99,
    threshold: 0.3,
    thresholds: { std: 0.3, entropy: 1, mutual_information: 0.1, max_prob: 0.25 },
    samples: 100,
    ood: { letters: { auroc: aurocs[score]!, scores } },
  };
}

describe('defaultScore', () => {
  it('never defaults to a score that separates poorly, even when the model was calibrated on it', () => {
    const cal = calibration('std', { std: 0.7, entropy: 0.95, mutual_information: 0.6, max_prob: 0.93 });
    expect(defaultScore(cal)).toBe('entropy');
  });

  it('keeps the calibrated score when it is within the gap of the best', () => {
    const cal = calibration('std', { std: 0.93, entropy: 0.95, mutual_information: 0.6, max_prob: 0.94 });
    expect(defaultScore(cal)).toBe('std');
  });

  it('keeps the calibrated score when the model stores no per-score figures', () => {
    expect(defaultScore({ ...calibration('std', { std: 0.7 }), ood: { letters: { auroc: 0.7 } } })).toBe(
      'std',
    );
    expect(defaultScore(null)).toBe('std');
  });
});
