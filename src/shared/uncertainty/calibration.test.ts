import { describe, expect, it } from 'vitest';
import { calibrationReport } from './calibration';
import { calibrateOnTestSet } from './calibrate';
import { summarizeSamples } from './scores';

describe('calibrationReport', () => {
  it('computes ECE by hand on two populated bins', () => {
    const r = calibrationReport([0.95, 0.95, 0.55, 0.55], [1, 0, 1, 1], 10);
    // Bin (0.9, 1]: conf .95, acc .5; bin (0.5, 0.6]: conf .55, acc 1 → ½·.45 + ½·.45.
    expect(r.ece).toBeCloseTo(0.45, 10);
    expect(r.bins).toHaveLength(10);
    expect(r.bins[9]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(r.bins[9]!.confidence).toBeCloseTo(0.95, 10);
    expect(r.bins[0]).toMatchObject({ count: 0, confidence: null, accuracy: null });
  });

  it('puts a confidence on a boundary into the lower bin, and 0 into the first', () => {
    const r = calibrationReport([0.6, 0, 1], [1, 1, 1], 10);
    expect(r.bins[5]!.count).toBe(1);
    expect(r.bins[0]!.count).toBe(1);
    expect(r.bins[9]!.count).toBe(1);
  });

  it('is zero for perfectly calibrated predictions', () => {
    expect(calibrationReport([1, 1, 1], [1, 1, 1]).ece).toBe(0);
  });
});

describe('calibrateOnTestSet', () => {
  it('stores per-score thresholds and the operating point at the percentile', () => {
    // 100 examples, one sample each: example i puts 1 − i/200 on class 0; labels all 0.
    const probs = new Float32Array(100 * 2);
    for (let i = 0; i < 100; i++) [probs[2 * i], probs[2 * i + 1]] = [1 - i / 200, i / 200];
    const summary = summarizeSamples(probs, 1, 100, 2);
    const cal = calibrateOnTestSet(summary, new Array<number>(100).fill(0), {
      score: 'max_prob',
      percentile: 99,
    });
    expect(cal.testAccuracy).toBe(1);
    // 1 − max_prob runs 0 … 0.495; the 99th percentile is 0.49005 and rejects the single top example.
    expect(cal.thresholds.max_prob).toBeCloseTo(0.49005, 5);
    expect(cal.rejectionRate).toBeCloseTo(0.01, 10);
    expect(cal.thresholds.std).toBe(0);
    expect(cal.reliability).toHaveLength(15);
  });
});
