import { describe, expect, it } from 'vitest';
import type { MetricsRecord, TrainProgress } from '../training';
import { foldProgress } from './train';

const split = {
  accuracy: 0.9,
  elbo: -1,
  log_likelihood: -1,
  kl_divergence: 1,
  mean_approximate_evidence: 0.9,
};
const record = (step: number): MetricsRecord => ({ step, train: split, test: split, seconds: step / 100 });
const progress = (step: number, metrics: MetricsRecord | null): TrainProgress => ({
  runId: 'r',
  status: 'running',
  step,
  totalSteps: 10_000,
  stepsPerSecond: 100,
  etaSeconds: 1,
  backend: 'tensorflow',
  metrics,
  modelDir: null,
  error: null,
});

describe('foldProgress', () => {
  it('appends new records once', () => {
    const history = [record(0)];
    foldProgress(history, progress(1000, record(1000)));
    foldProgress(history, progress(1100, record(1000)));
    expect(history.map((r) => r.step)).toEqual([0, 1000]);
  });

  it('drops the records past a resumed run’s checkpoint and does not take the stale one again', () => {
    const history = [0, 1000, 2000, 3000, 4000, 5000].map(record);
    // Resumed from the checkpoint at 3000; the event still carries the last record seen (5000).
    foldProgress(history, progress(3000, record(5000)));
    expect(history.map((r) => r.step)).toEqual([0, 1000, 2000, 3000]);
    foldProgress(history, progress(4000, record(4000)));
    expect(history.map((r) => r.step)).toEqual([0, 1000, 2000, 3000, 4000]);
  });
});
