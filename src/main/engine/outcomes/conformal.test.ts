import { describe, expect, it } from 'vitest';
import { conformalQuantile, predictionSet, trueClassScores } from './conformal';

describe('the conformal quantile', () => {
  it('is the ⌈(n + 1)(1 − α)⌉-th smallest score', () => {
    const scores = Array.from({ length: 99 }, (_, i) => (99 - i) / 100); // 0.01 … 0.99, unsorted
    // n = 99, α = 0.1: ⌈100 · 0.9⌉ = 90th smallest = 0.90.
    expect(conformalQuantile(scores, 0.1)).toBeCloseTo(0.9, 12);
    // α = 0.05: ⌈95⌉ = 95th smallest.
    expect(conformalQuantile(scores, 0.05)).toBeCloseTo(0.95, 12);
  });

  it('is infinite (every class in the set) when n is too small for the coverage', () => {
    expect(conformalQuantile([0.1, 0.2, 0.3], 0.01)).toBe(Infinity);
  });

  it('treats a score that is not a number as the worst, never as conforming', () => {
    expect(conformalQuantile([Number.NaN, 0.1, 0.2, 0.3], 0.2)).toBe(Infinity);
    expect(conformalQuantile([Number.NaN, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], 0.2)).toBeCloseTo(0.8);
  });

  it('rejects a miscoverage outside (0, 1)', () => {
    expect(() => conformalQuantile([0.1], 0)).toThrow(RangeError);
    expect(() => conformalQuantile([0.1], 1)).toThrow(RangeError);
  });

  it('covers at least 1 − α of new exchangeable points (and not much more)', () => {
    // Scores uniform on a grid: calibrate on even indices, test on odd ones.
    const all = Array.from({ length: 20_000 }, (_, i) => ((i * 7919) % 20_000) / 20_000);
    const cal = all.filter((_, i) => i % 2 === 0);
    const test = all.filter((_, i) => i % 2 === 1);
    const q = conformalQuantile(cal, 0.01);
    const covered = test.filter((s) => s <= q).length / test.length;
    expect(covered).toBeGreaterThanOrEqual(0.99);
    expect(covered).toBeLessThan(0.992);
  });
});

describe('scores and sets', () => {
  it('scores each row by 1 − p(true class)', () => {
    const probs = [0.7, 0.2, 0.1, 0.1, 0.1, 0.8];
    const scores = trueClassScores(probs, [0, 2], 3);
    expect(scores[0]).toBeCloseTo(0.3, 6);
    expect(scores[1]).toBeCloseTo(0.2, 6);
  });

  it('holds every class with 1 − p ≤ q̂, most probable first, and nothing that is not a number', () => {
    expect(predictionSet([0.05, 0.5, 0.05, 0.4], 0.6)).toEqual([1, 3]);
    expect(predictionSet([0.05, 0.9, 0.05], 0.6)).toEqual([1]);
    expect(predictionSet([0.3, 0.3, 0.4], 0.5)).toEqual([]);
    expect(predictionSet([Number.NaN, 0.9, 0.1], 0.95)).toEqual([1, 2]);
  });
});
