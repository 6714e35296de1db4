import { describe, expect, it } from 'vitest';
import { aupr, auroc, fprAtTpr, oodMetrics } from './ood-metrics';

describe('AUROC (OOD positive, higher score = more OOD)', () => {
  it('counts the ordered pairs by hand', () => {
    // 0.25 beats two in-dist scores, 0.35 beats all three: 5 of 6 pairs.
    expect(auroc([0.1, 0.2, 0.3], [0.25, 0.35])).toBeCloseTo(5 / 6, 12);
  });

  it('counts ties as half', () => {
    expect(auroc([0.5], [0.5])).toBe(0.5);
    expect(auroc([0.1, 0.5], [0.5])).toBe(0.75);
  });

  it('is 1 for perfect separation and 0 when reversed', () => {
    expect(auroc([0, 1], [2, 3])).toBe(1);
    expect(auroc([2, 3], [0, 1])).toBe(0);
  });
});

describe('AUPR (average precision, OOD positive)', () => {
  it('matches a hand computation', () => {
    // Descending: 0.5 ood, 0.4 in, 0.3 ood, 0.1 in → ½·1 + ½·⅔.
    expect(aupr([0.1, 0.4], [0.3, 0.5])).toBeCloseTo(0.5 + 1 / 3, 12);
  });

  it('is 1 for perfect separation and groups ties into one step', () => {
    expect(aupr([0, 1], [2, 3])).toBe(1);
    // All tied: one threshold flags everything; precision = 1/3.
    expect(aupr([1, 1], [1])).toBeCloseTo(1 / 3, 12);
  });
});

describe('FPR at 95% TPR (OOD positive)', () => {
  it('takes the threshold catching 95% of OOD and counts in-dist at or above it', () => {
    const ood = Array.from({ length: 20 }, (_, i) => i + 1);
    // 19 of 20 OOD caught at t = 2; in-dist ≥ 2 are 2.5 and 10.5.
    expect(fprAtTpr([0.5, 1.5, 2.5, 10.5], ood)).toBe(0.5);
  });

  it('is 0 for perfect separation and 1 when reversed', () => {
    expect(fprAtTpr([0, 1], [2, 3])).toBe(0);
    expect(fprAtTpr([2, 3], [0, 1])).toBe(1);
  });

  it('bundles the three metrics with the set sizes', () => {
    const m = oodMetrics([0.1, 0.2, 0.3], [0.25, 0.35]);
    expect(m).toMatchObject({ inCount: 3, oodCount: 2 });
    expect(m.auroc).toBeCloseTo(5 / 6, 12);
  });
});
