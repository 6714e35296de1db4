import { describe, expect, it } from 'vitest';
import { TrainConfig } from './training';
import { modelKind, networkLayers } from './model-kind';

const kind = (input: Parameters<typeof TrainConfig.parse>[0]) => {
  const config = TrainConfig.parse(input);
  return `${modelKind(config)} · ${networkLayers(config)}`;
};

describe('modelKind', () => {
  it('names one model by its family and network', () => {
    expect(kind({})).toBe('Bayesian MLP (mean-field) · dense 64, 64');
    expect(kind({ arch: 'cnn', hidden: [128] })).toBe('Bayesian CNN (mean-field) · conv 32, 64 · dense 128');
    expect(kind({ family: 'dropout', arch: 'cnn' })).toBe('MC-dropout CNN · conv 32, 64 · dense 64, 64');
    expect(kind({ family: 'laplace' })).toBe('Last-layer Laplace MLP · dense 64, 64');
    expect(kind({ family: 'point', arch: 'cnn', conv: [16] })).toBe('Point CNN · conv 16 · dense 64, 64');
  });

  it('names an ensemble by its member count and what each member is', () => {
    expect(modelKind({ family: 'point', arch: 'cnn', members: 5 })).toBe('Ensemble of 5 point CNNs');
    expect(modelKind({ family: 'mfvi', arch: 'mlp', members: 3 })).toBe(
      'Ensemble of 3 Bayesian MLPs (mean-field)',
    );
    expect(modelKind({ family: 'laplace', arch: 'cnn', members: 2 })).toBe(
      'Ensemble of 2 last-layer Laplace CNNs',
    );
  });
});
