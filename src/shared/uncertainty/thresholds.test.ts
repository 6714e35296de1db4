import { describe, expect, it } from 'vitest';
import { isRejected, percentileOfSorted, rejectionRate, thresholdAtPercentile } from './thresholds';

describe('percentiles', () => {
  it('interpolates linearly between closest ranks like numpy', () => {
    expect(percentileOfSorted([1, 2, 3, 4], 50)).toBe(2.5);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    // numpy.percentile(range(1, 101), 99) == 99.01
    expect(thresholdAtPercentile(hundred, 99)).toBeCloseTo(99.01, 10);
    expect(thresholdAtPercentile([5, 1, 3], 0)).toBe(1);
    expect(thresholdAtPercentile([5, 1, 3], 100)).toBe(5);
  });

  it('does not reorder the caller’s scores', () => {
    const scores = Float32Array.from([3, 1, 2]);
    thresholdAtPercentile(scores, 50);
    expect(Array.from(scores)).toEqual([3, 1, 2]);
  });

  it('refuses empty sets and percentiles outside 0–100', () => {
    expect(() => thresholdAtPercentile([], 99)).toThrow(RangeError);
    expect(() => thresholdAtPercentile([1], 101)).toThrow(RangeError);
  });
});

describe('the verdict rule', () => {
  it('rejects strictly above the threshold, like the article’s 0.45 > 0.37', () => {
    expect(isRejected(0.45, 0.37)).toBe(true);
    expect(isRejected(0.37, 0.37)).toBe(false);
    expect(rejectionRate([0.1, 0.37, 0.4, 0.5], 0.37)).toBe(0.5);
  });
  it('never accepts a score that is not a number', () => {
    expect(isRejected(Number.NaN, 0.37)).toBe(true);
    expect(isRejected(Number.POSITIVE_INFINITY, 0.37)).toBe(true);
    expect(rejectionRate([0.1, Number.NaN], 0.37)).toBe(0.5);
  });

  it('rejects about 1% of the set it was taken from at the 99th percentile', () => {
    const scores = Array.from({ length: 10_000 }, (_, i) => Math.sin(i) ** 2);
    expect(rejectionRate(scores, thresholdAtPercentile(scores, 99))).toBeCloseTo(0.01, 3);
  });
});
