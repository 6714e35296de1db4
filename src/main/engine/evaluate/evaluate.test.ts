import { describe, expect, it } from 'vitest';
import { summarizeSamples, type PredictiveSummary } from '../../../shared/uncertainty/scores';
import { evaluate } from './evaluate';

const summaryOf = (rows: number[][]): PredictiveSummary =>
  summarizeSamples(Float32Array.from(rows.flat()), 1, rows.length, rows[0]!.length);

const SOURCES: Record<string, PredictiveSummary> = {
  test: summaryOf([
    [0.9, 0.1],
    [0.2, 0.8],
  ]),
  letters: summaryOf([
    [0.5, 0.5],
    [0.55, 0.45],
    [0.7, 0.3],
  ]),
  noise: summaryOf([[0.6, 0.4]]),
};

describe('evaluate', () => {
  it('summarises the test set then each set through the given function, and measures them', async () => {
    const asked: string[] = [];
    const summarise = (source: string) => {
      asked.push(source);
      return Promise.resolve(SOURCES[source]!);
    };
    let thresholdsSeen: PredictiveSummary | null = null;
    const result = await evaluate(summarise, {
      test: 'test',
      labels: [0, 0],
      sets: [
        { id: 'letters', name: 'Letters', source: 'letters' },
        { id: 'noise', name: 'Noise', source: 'noise' },
      ],
      thresholds: (test) => {
        thresholdsSeen = test;
        return { max_prob: 0.35 };
      },
    });
    expect(asked).toEqual(['test', 'letters', 'noise']);
    expect(thresholdsSeen).toBe(SOURCES.test);
    expect(result.test).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(result.sets.map((s) => [s.id, s.name, s.count])).toEqual([
      ['letters', 'Letters', 3],
      ['noise', 'Noise', 1],
    ]);
    // Scores 1 − max_prob: letters 0.5, 0.45, 0.3; two of three lie above 0.35.
    expect(result.sets[0]!.scores.max_prob.rejected).toBeCloseTo(2 / 3, 9);
    expect(result.sets[0]!.scores.entropy.rejected).toBeNull();
    expect(result.thresholds).toEqual({ max_prob: 0.35 });
  });
});
