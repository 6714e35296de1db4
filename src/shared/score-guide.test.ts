import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Calibration } from './model';
import { defaultScore, scoreSeparation, separatesPoorly } from './score-guide';

const builtIn = Calibration.parse(
  JSON.parse(fs.readFileSync(path.join(__dirname, '../../resources/default-model/model.json'), 'utf8'))
    .calibration,
);

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

describe('score separation of the built-in model', () => {
  const separation = scoreSeparation(builtIn);

  it('marks std and mutual information as separating poorly, not entropy or top probability', () => {
    expect(separatesPoorly(separation, 'std')).toBe(true);
    expect(separatesPoorly(separation, 'mutual_information')).toBe(true);
    expect(separatesPoorly(separation, 'entropy')).toBe(false);
    expect(separatesPoorly(separation, 'max_prob')).toBe(false);
  });

  it('averages over every reference set: std turns away about 1% of the non-digits', () => {
    expect(separation.std!.auroc).toBeLessThan(0.85);
    expect(separation.std!.rejected).toBeLessThan(0.02);
    expect(separation.entropy!.rejected).toBeGreaterThan(0.7);
  });

  it('defaults to its own calibrated score', () => {
    expect(defaultScore(builtIn)).toBe('entropy');
  });
});

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
