import { describe, expect, it } from 'vitest';
import { ModelComparison } from '../../../shared/api/compare';
import { compareSections } from './compare-table';

const perScore = <T>(value: T) => ({
  std: value,
  entropy: value,
  mutual_information: value,
  max_prob: value,
});
const scores = (auroc: number, fpr95: number, refused: number | null) => ({
  ...perScore({ auroc: 0.5, fpr95: 0.5, refused: null, histogram: [1, 0] }),
  entropy: { auroc, fpr95, refused, histogram: [0.25, 0.75] },
});

function model(id: string, family: string, members: number, accuracy: number, letters: number) {
  return {
    id,
    name: `Model ${id}`,
    family,
    arch: 'cnn',
    members,
    score: 'entropy' as const,
    thresholds: perScore(0.5),
    trainingSeconds: 3725,
    verdictMs: id === 'b' ? 4.25 : 31,
    test: { count: 10000, accuracy, nll: 0.03, ece: 0.012, histograms: perScore([0.9, 0.1]) },
    sets: [
      { id: 'letters', accuracy: null, scores: scores(letters, 1 - letters, letters) },
      { id: 'marked-digits', accuracy: letters, scores: scores(0.6, 0.9, 1 - letters) },
    ],
  };
}

const comparison = ModelComparison.parse({
  samples: 20,
  verdictSamples: 100,
  eceBins: 15,
  edges: perScore([0, 1, 2]),
  sets: [
    { id: 'letters', name: 'Letters', kind: 'shipped', labelled: false, count: 1200 },
    { id: 'marked-digits', name: 'Marked digits', kind: 'marked', labelled: true, count: 20 },
  ],
  models: [
    model('a', 'mfvi', 1, 0.991, 0.93),
    model('b', 'point', 5, 0.993, 0.97),
    model('c', 'futuristic', 1, 0.5, 0.5),
  ],
});

describe('compareSections', () => {
  it('puts the models side by side, says what each is and marks the best of each row', () => {
    const sections = compareSections(comparison, 'entropy');
    expect(sections.map((s) => s.title)).toEqual([
      'Models',
      'MNIST test digits (10,000)',
      'Letters (1,200)',
      'Marked digits (20)',
    ]);
    const rows = Object.fromEntries(sections.flatMap((s) => s.rows).map((r) => [r.key, r]));
    expect(rows.kind!.cells).toEqual([
      'Bayesian CNN (mean-field)',
      'Ensemble of 5 point CNNs',
      'futuristic cnn',
    ]);
    expect(rows['train-time']!.cells[0]).toBe('1 h 02 min');
    expect(rows.verdict!).toMatchObject({ cells: ['31 ms', '4.3 ms', '31 ms'], best: 1 });
    expect(rows['test-accuracy']!).toMatchObject({ cells: ['99.10%', '99.30%', '50.00%'], best: 1 });
    // Lower is better for FPR@95; higher for AUROC and the share refused.
    expect(rows['set-letters-auroc']!).toMatchObject({ cells: ['0.930', '0.970', '0.500'], best: 1 });
    expect(rows['set-letters-fpr95']!).toMatchObject({ cells: ['7.0%', '3.0%', '50.0%'], best: 1 });
    expect(rows['set-letters-refused']!.best).toBe(1);
    // Marked digits should be read right and accepted: fewer refused is better, and telling them
    // from the test digits is no merit.
    expect(rows['set-marked-digits-accuracy']!).toMatchObject({
      cells: ['93.0%', '97.0%', '50.0%'],
      best: 1,
    });
    expect(rows['set-marked-digits-refused']!).toMatchObject({ cells: ['7.0%', '3.0%', '50.0%'], best: 1 });
    expect(rows['set-marked-digits-auroc']!.best).toBeNull();
    expect(rows['set-letters-accuracy']).toBeUndefined();
    // Every model has the same NLL: no best to mark.
    expect(rows['test-nll']!.best).toBeNull();
  });

  it('shows the chosen score, and a dash where a model has no threshold for it', () => {
    const rows = compareSections(comparison, 'std').flatMap((s) => s.rows);
    const refused = rows.find((r) => r.key === 'set-letters-refused')!;
    expect(refused).toMatchObject({ cells: ['—', '—', '—'], best: null });
    expect(rows.find((r) => r.key === 'set-letters-auroc')!.cells).toEqual(['0.500', '0.500', '0.500']);
  });
});
