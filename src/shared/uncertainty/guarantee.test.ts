import { describe, expect, it } from 'vitest';
import {
  GuaranteeTarget,
  guaranteedThreshold,
  maxErrorThreshold,
  measureThreshold,
  minKeptThreshold,
} from './guarantee';

/** A small seeded generator (mulberry32), so every draw below is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The synthetic model: scores uniform on [0, 1], the answer wrong with probability equal to the
// score. For a threshold t, P(kept) = t and P(accepted and wrong) = t²/2 exactly, so each draw's
// true operating point is known and only the calibration draw is random.
function draw(random: () => number, n: number): { scores: Float64Array; wrong: Uint8Array } {
  const scores = Float64Array.from({ length: n }, () => random());
  const wrong = Uint8Array.from(scores, (s) => (random() < s ? 1 : 0));
  return { scores, wrong };
}

/** Mean and standard error of `f` over `draws` calibration draws of size n. */
function overDraws(n: number, draws: number, seed: number, f: (d: ReturnType<typeof draw>) => number) {
  const random = rng(seed);
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < draws; i++) {
    const v = f(draw(random, n));
    sum += v;
    sq += v * v;
  }
  const mean = sum / draws;
  return { mean, se: Math.sqrt((sq / draws - mean * mean) / draws) };
}

describe('keep at least Y% (split conformal)', () => {
  it('keeps a new digit with probability ≥ Y over calibration draws, and not much more', () => {
    // n = 20, Y = 0.9: k = ⌈21·0.9⌉ = 19, so E[P(kept)] = 19/21 ≈ 0.905; the uncorrected
    // ⌈n·Y⌉ = 18 would give 18/21 ≈ 0.857 and break the promise.
    const { mean, se } = overDraws(20, 20_000, 1, ({ scores }) => Math.min(1, minKeptThreshold(scores, 0.9)));
    expect(mean).toBeGreaterThanOrEqual(0.9 - 3 * se);
    expect(mean).toBeCloseTo(19 / 21, 2);
  });

  it('holds at 99% with 5000 calibration digits', () => {
    const { mean, se } = overDraws(5000, 400, 2, ({ scores }) => minKeptThreshold(scores, 0.99));
    expect(mean).toBeGreaterThanOrEqual(0.99 - 3 * se);
    expect(mean).toBeLessThan(0.99 + 1 / 5001 + 3 * se);
  });

  it('is the k-th smallest score, and keeps every tie at it', () => {
    const scores = [0.3, 0.1, 0.2, 0.2, 0.2, 0.5, 0.4, 0.6, 0.7, 0.8, 0.9];
    // n = 11, Y = 0.25: k = ⌈12·0.25⌉ = 3, the third smallest is 0.2 (tied three times).
    const t = minKeptThreshold(scores, 0.25);
    expect(t).toBe(0.2);
    expect(measureThreshold(scores, new Uint8Array(11), t).kept).toBeCloseTo(4 / 11, 12);
  });

  it('says how many digits it would need when Y is out of reach', () => {
    // Keeping ≥ 99% needs ⌈(n+1)·0.99⌉ ≤ n, i.e. n ≥ 99.
    expect(() => minKeptThreshold(new Float64Array(98), 0.99)).toThrow(
      /at least 99 calibration digits; there are 98/,
    );
    expect(minKeptThreshold(new Float64Array(99), 0.99)).toBe(0);
    expect(() => minKeptThreshold([], 0.5)).toThrow(/calibration digits; there are 0/);
  });

  it('counts scores that are not numbers as refusals', () => {
    const scores = [0.1, Number.NaN, 0.2, Number.POSITIVE_INFINITY, Number.NaN];
    // k = ⌈6·0.3⌉ = 2 is finite; k = ⌈6·0.5⌉ = 3 would need a non-finite score.
    expect(minKeptThreshold(scores, 0.3)).toBe(0.2);
    expect(() => minKeptThreshold(scores, 0.5)).toThrow(/only 2 of 5 calibration digits have a finite score/);
  });
});

describe('at most X% accepted and wrong (conformal risk control)', () => {
  it('holds P(accepted and wrong) ≤ α over calibration draws, close to α', () => {
    // n = 100, α = 0.05: at most ⌊0.05·101 − 1⌋ = 4 wrong calibration digits accepted. Allowing
    // ⌊α·n⌋ = 5 (the empirical risk alone) would overshoot.
    const risk = (t: number) => Math.min(1, t) ** 2 / 2;
    const { mean, se } = overDraws(100, 20_000, 3, ({ scores, wrong }) =>
      risk(maxErrorThreshold(scores, wrong, 0.05)),
    );
    expect(mean).toBeLessThanOrEqual(0.05 + 3 * se);
    expect(mean).toBeGreaterThan(0.04);
  });

  it('holds with 5000 calibration digits at 1%', () => {
    const risk = (t: number) => t ** 2 / 2;
    const { mean, se } = overDraws(5000, 300, 4, ({ scores, wrong }) =>
      risk(maxErrorThreshold(scores, wrong, 0.01)),
    );
    expect(mean).toBeLessThanOrEqual(0.01 + 3 * se);
    expect(mean).toBeGreaterThan(0.0095);
  });

  it('stops just below the first wrong digit the budget cannot pay for, ties included', () => {
    // n = 9, α = 0.3: ⌊0.3·10 − 1⌋ = 2 wrong may be accepted; the third wrong is at 0.5, so the
    // threshold is the largest score below it (0.4), not a digit tied with that wrong one.
    const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.6, 0.7, 0.8];
    const wrong = [0, 1, 0, 1, 1, 0, 0, 0, 1];
    expect(maxErrorThreshold(scores, wrong, 0.3)).toBe(0.4);
  });

  it('accepts every finite score when the model is never wrong, and refuses the rest', () => {
    expect(maxErrorThreshold([0.3, Number.NaN, 0.9], [0, 1, 0], 0.5)).toBe(0.9);
  });

  it('says when X is out of reach', () => {
    // α·(n+1) − 1 < 0: even one wrong digit is more than the budget.
    expect(() => maxErrorThreshold(new Float64Array(98), new Uint8Array(98), 0.01)).toThrow(
      /at least 99 calibration digits; there are 98/,
    );
    // Wrong on its most certain digits: no threshold keeps anything.
    expect(() => maxErrorThreshold([0.1, 0.2, 0.3], [1, 1, 0], 0.3)).toThrow(/no threshold keeps any digit/);
  });
});

describe('targets and measures', () => {
  it('takes percentages strictly between 0 and 100', () => {
    expect(GuaranteeTarget.safeParse({ kind: 'max_error', percent: 1 }).success).toBe(true);
    for (const percent of [0, 100, -1, Number.NaN]) {
      expect(GuaranteeTarget.safeParse({ kind: 'min_kept', percent }).success).toBe(false);
    }
  });

  it('routes a target to its rule with the percentage as a fraction', () => {
    const scores = Array.from({ length: 99 }, (_, i) => i);
    expect(guaranteedThreshold({ kind: 'min_kept', percent: 50 }, scores, new Uint8Array(99))).toBe(49);
    const wrong = scores.map((s) => (s >= 90 ? 1 : 0));
    expect(guaranteedThreshold({ kind: 'max_error', percent: 2 }, scores, wrong)).toBe(90);
  });

  it('measures kept, accepted-and-wrong and error among the kept, never keeping a NaN', () => {
    const m = measureThreshold([0.1, 0.2, Number.NaN, 0.9], [0, 1, 1, 1], 0.5);
    expect(m).toEqual({ count: 4, kept: 0.5, acceptedWrong: 0.25, errorAmongKept: 0.5 });
  });
});
