import { describe, expect, it } from 'vitest';
import {
  countNonFinite,
  exampleScores,
  orientedScore,
  parseScoreName,
  scoreValues,
  summarizeSamples,
} from './scores';

/** Deterministic pseudo-random numbers so failures reproduce. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomProbs(samples: number, count: number, classes: number, seed = 1): Float32Array {
  const rand = lcg(seed);
  const probs = new Float32Array(samples * count * classes);
  for (let r = 0; r < samples * count; r++) {
    let total = 0;
    for (let c = 0; c < classes; c++) total += probs[r * classes + c] = rand() ** 3;
    for (let c = 0; c < classes; c++) probs[r * classes + c]! /= total;
  }
  return probs;
}

const entropyOf = (p: number[]): number => -p.reduce((acc, x) => acc + (x > 0 ? x * Math.log(x) : 0), 0);

describe('summarizeSamples', () => {
  it('matches a hand-computed two-sample, two-class example', () => {
    const s = summarizeSamples(Float32Array.from([0.2, 0.8, 0.6, 0.4]), 2, 1, 2);
    expect(Array.from(s.meanProbs)).toEqual([expect.closeTo(0.4, 6), expect.closeTo(0.6, 6)]);
    // Population std (like jnp.std): |0.2 − 0.6| / 2.
    expect(s.stdProbs[0]).toBeCloseTo(0.2, 6);
    expect(s.predicted[0]).toBe(1);
    expect(s.std[0]).toBeCloseTo(0.2, 6);
    expect(s.entropy[0]).toBeCloseTo(entropyOf([0.4, 0.6]), 5);
    const meanSampleEntropy = (entropyOf([0.2, 0.8]) + entropyOf([0.6, 0.4])) / 2;
    expect(s.mutualInformation[0]).toBeCloseTo(entropyOf([0.4, 0.6]) - meanSampleEntropy, 5);
    expect(s.maxProb[0]).toBeCloseTo(0.6, 6);
  });

  it('gives zero std and zero mutual information when every sample agrees', () => {
    const one = [0.1, 0.7, 0.2];
    const s = summarizeSamples(Float32Array.from([...one, ...one, ...one]), 3, 1, 3);
    expect(s.std[0]).toBeCloseTo(0, 6);
    expect(s.mutualInformation[0]).toBeCloseTo(0, 6);
    expect(s.entropy[0]).toBeCloseTo(entropyOf(one), 5);
  });

  it('agrees with a direct per-example computation on random data', () => {
    const [S, N, C] = [7, 5, 10];
    const probs = randomProbs(S, N, C, 42);
    const s = summarizeSamples(probs, S, N, C);
    for (let i = 0; i < N; i++) {
      const rows = Array.from({ length: S }, (_, k) =>
        Array.from(probs.subarray((k * N + i) * C, (k * N + i + 1) * C)),
      );
      const mean = Array.from({ length: C }, (_, c) => rows.reduce((a, r) => a + r[c]!, 0) / S);
      const best = mean.indexOf(Math.max(...mean));
      const std = Math.sqrt(rows.reduce((a, r) => a + (r[best]! - mean[best]!) ** 2, 0) / S);
      const mi = entropyOf(mean) - rows.reduce((a, r) => a + entropyOf(r), 0) / S;
      expect(s.predicted[i]).toBe(best);
      expect(s.std[i]).toBeCloseTo(std, 5);
      expect(s.entropy[i]).toBeCloseTo(entropyOf(mean), 5);
      expect(s.mutualInformation[i]).toBeCloseTo(mi, 5);
    }
  });

  it('keeps an answer that is not a number as NaN in every score, never as certain', () => {
    // Example 0 is fine; example 1 got NaN probabilities from an overflowing posterior.
    const probs = Float32Array.from([0.9, 0.1, Number.NaN, Number.NaN, 0.8, 0.2, Number.NaN, Number.NaN]);
    const summary = summarizeSamples(probs, 2, 2, 2);
    expect(Number.isFinite(summary.entropy[0]!)).toBe(true);
    for (const name of ['std', 'entropy', 'mutual_information', 'max_prob'] as const) {
      expect(scoreValues(summary, name)[1]).toBeNaN();
    }
    expect(countNonFinite(summary)).toBe(1);
  });

  it('refuses probabilities of the wrong size', () => {
    expect(() => summarizeSamples(new Float32Array(19), 2, 1, 10)).toThrow(RangeError);
  });

  // Speed is measured by `npm run bench:check`, never asserted here: the shared machine is noisy.
  it('summarises 10k examples × 100 samples, each a distribution', () => {
    const probs = randomProbs(100, 10_000, 10, 7);
    const s = summarizeSamples(probs, 100, 10_000);
    expect(s.count).toBe(10_000);
    const row = Array.from(s.meanProbs.subarray(9_999 * 10, 10_000 * 10));
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  });
});

describe('score names and orientation', () => {
  it('parses the CLI aliases', () => {
    expect(parseScoreName('mi')).toBe('mutual_information');
    expect(parseScoreName('maxprob')).toBe('max_prob');
    expect(parseScoreName('STD')).toBe('std');
    expect(parseScoreName('variance')).toBeNull();
  });

  it('orients max_prob as 1 − max_prob so that higher means less sure', () => {
    const s = summarizeSamples(Float32Array.from([0.9, 0.1, 0.5, 0.5]), 1, 2, 2);
    expect(Array.from(scoreValues(s, 'max_prob'))).toEqual([expect.closeTo(0.1, 6), expect.closeTo(0.5, 6)]);
    const scores = exampleScores(s, 0);
    expect(scores.max_prob).toBeCloseTo(0.9, 6);
    expect(orientedScore(scores, 'max_prob')).toBeCloseTo(0.1, 6);
    expect(orientedScore(scores, 'entropy')).toBe(scores.entropy);
  });
});
