import { describe, expect, it } from 'vitest';
import { RiskCoverage } from './risk-coverage';

describe('RiskCoverage', () => {
  const table = new RiskCoverage([0.3, 0.1, 0.4, 0.2], [false, true, true, true]);

  it('answers rejection rate and kept accuracy at any threshold', () => {
    expect(table.at(0.25)).toMatchObject({ kept: 2, rejectionRate: 0.5, accuracy: 1 });
    expect(table.at(0.3)).toMatchObject({ kept: 3, accuracy: 2 / 3 });
    expect(table.at(1)).toMatchObject({ kept: 4, rejectionRate: 0, accuracy: 0.75 });
    expect(table.at(-1).kept).toBe(0);
    expect(table.at(-1).accuracy).toBeNaN();
    expect(table.baseAccuracy).toBe(0.75);
  });

  it('finds the threshold for a coverage', () => {
    expect(table.thresholdForCoverage(0.5)).toBe(0.2);
    expect(table.thresholdForCoverage(0.51)).toBe(0.3);
    expect(table.thresholdForCoverage(1)).toBe(0.4);
  });

  it('puts one curve point per distinct score and thins long curves', () => {
    const ties = new RiskCoverage([0.1, 0.1, 0.2], [1, 0, 1]);
    expect(ties.curve().map((p) => [p.threshold, p.kept])).toEqual([
      [0.1, 2],
      [0.2, 3],
    ]);
    const many = new RiskCoverage(
      Array.from({ length: 5000 }, (_, i) => i),
      Array.from({ length: 5000 }, () => 1),
    );
    const curve = many.curve(100);
    expect(curve).toHaveLength(100);
    expect(curve[0]!.kept).toBe(1);
    expect(curve[99]!.kept).toBe(5000);
  });

  it('agrees with brute force on random data', () => {
    const scores = Array.from({ length: 500 }, (_, i) => Math.round(Math.abs(Math.sin(i * 7.3)) * 50) / 50);
    const correct = scores.map((_, i) => i % 3 !== 0);
    const rc = new RiskCoverage(scores, correct);
    for (const t of [0, 0.1, 0.33, 0.5, 0.9, 1]) {
      const kept = scores.map((s, i) => [s, i] as const).filter(([s]) => s <= t);
      const right = kept.filter(([, i]) => correct[i]).length;
      const point = rc.at(t);
      expect(point.kept).toBe(kept.length);
      if (kept.length) expect(point.accuracy).toBeCloseTo(right / kept.length, 12);
    }
  });
});
