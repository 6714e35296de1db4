import { describe, expect, it } from 'vitest';
import { toBase64 } from './base64';
import { withArrays } from '../../shared/api/split-scores';
import { SplitScores, TrainScores } from '../../shared/api/uncertainty';

/** The wire form of arrays, as the main side sends them. */
function wire(scores: Float32Array, predicted: Uint8Array, correct: Uint8Array): SplitScores {
  return {
    count: scores.length,
    scores: toBase64(scores),
    predicted: toBase64(predicted),
    correct: toBase64(correct),
  };
}

const n = 1001;
const scores = Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i) * 3 - 0.5));
const predicted = Uint8Array.from({ length: n }, (_, i) => i % 10);
const correct = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));

describe('split scores on the wire', () => {
  it('decodes to the arrays that were encoded, after the schema', () => {
    const parsed = SplitScores.parse(wire(scores, predicted, correct));
    const back = withArrays(parsed);
    expect(back.scores).toEqual(scores);
    expect(back.predicted).toEqual(predicted);
    expect(back.correct).toEqual(correct);
  });

  it('keeps the other fields of the training scores', () => {
    const meta = { modelId: 'm', score: 'std', samples: 8, threshold: 0.25 } as const;
    const back = withArrays(TrainScores.parse({ ...meta, ...wire(scores, predicted, correct) }));
    expect(back).toMatchObject(meta);
    expect(back.scores).toEqual(scores);
    expect(Object.keys(back)).not.toContain('count');
  });

  it('holds an empty split', () => {
    const empty = wire(new Float32Array(0), new Uint8Array(0), new Uint8Array(0));
    expect(withArrays(SplitScores.parse(empty)).scores).toHaveLength(0);
  });

  it('refuses arrays of the wrong length', () => {
    const good = wire(scores, predicted, correct);
    expect(SplitScores.safeParse({ ...good, count: n + 1 }).success).toBe(false);
    expect(SplitScores.safeParse({ ...good, predicted: toBase64(predicted.subarray(1)) }).success).toBe(
      false,
    );
    expect(SplitScores.safeParse({ ...good, scores: toBase64(scores.subarray(0, n - 1)) }).success).toBe(
      false,
    );
    // Right length, not base64: decodes short.
    expect(SplitScores.safeParse({ ...good, correct: '!'.repeat(good.correct.length) }).success).toBe(false);
  });

  it('refuses scores that are not finite, classes outside 0–9 and flags other than 0/1', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const withBad = scores.slice();
      withBad[500] = bad;
      const result = SplitScores.safeParse(wire(withBad, predicted, correct));
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/value 500 is not a finite number/);
    }
    const ten = predicted.slice();
    ten[7] = 10;
    expect(SplitScores.safeParse(wire(scores, ten, correct)).success).toBe(false);
    const two = correct.slice();
    two[7] = 2;
    expect(SplitScores.safeParse(wire(scores, predicted, two)).success).toBe(false);
    expect(() => withArrays(wire(scores, ten, correct))).toThrow(/not a class/);
  });
});
