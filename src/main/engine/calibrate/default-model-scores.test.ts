// The built-in model's own calibration marks the scores that let non-digits through (issue 11).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelMeta } from '../../../shared/model';
import { defaultScore, scoreSeparation, separatesPoorly } from '../../../shared/score-guide';

const builtIn = ModelMeta.parse(
  JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../resources/default-model/model.json'), 'utf8')),
).calibration;

describe('score separation of the built-in model', () => {
  const separation = scoreSeparation(builtIn);

  it('marks std and mutual information as separating poorly, not entropy or top probability', () => {
    expect(separatesPoorly(separation, 'std')).toBe(true);
    expect(separatesPoorly(separation, 'mutual_information')).toBe(true);
    expect(separatesPoorly(separation, 'entropy')).toBe(false);
    expect(separatesPoorly(separation, 'max_prob')).toBe(false);
  });

  it('averages over every reference set: std turns away a few % of the non-digits, entropy most', () => {
    // The spread of three members that disagree a little (each member's Laplace head alone is
    // nearly a point): more than the single network's 1%, far from entropy's.
    expect(separation.std!.auroc).toBeLessThan(0.9);
    expect(separation.std!.rejected).toBeLessThan(0.1);
    expect(separation.entropy!.rejected).toBeGreaterThan(0.7);
  });

  it('defaults to its own calibrated score', () => {
    expect(defaultScore(builtIn)).toBe('entropy');
  });
});
