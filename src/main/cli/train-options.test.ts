import { describe, expect, it } from 'vitest';
import { TrainConfig } from '../../shared/training';
import { PRESETS } from '../engine/train/presets';
import { FLAG_OF, trainRequestFromFlags } from './train-options';
import { UsageError } from './io';

describe('unsure train flags', () => {
  it('has a flag for every TrainConfig field', () => {
    const missing = Object.keys(TrainConfig.shape).filter((field) => !(field in FLAG_OF));
    expect(missing).toEqual([]);
  });

  it('sets outlier exposure, the learning-rate schedule and the train eval subset', () => {
    const { config } = trainRequestFromFlags(
      { preset: 'article', outliers: '0.5', lrSchedule: 'cosine', trainEvalSize: '500' },
      PRESETS,
    );
    expect(config).toMatchObject({ outlierFraction: 0.5, lrSchedule: 'cosine', trainEvalSize: 500 });
  });

  it('refuses values the schema refuses, naming the flag', () => {
    expect(() => trainRequestFromFlags({ outliers: '0.9' }, PRESETS)).toThrow(UsageError);
    expect(() => trainRequestFromFlags({ outliers: '0.9' }, PRESETS)).toThrow(/--outliers/);
    expect(() => trainRequestFromFlags({ lrSchedule: 'linear' }, PRESETS)).toThrow(/--lr-schedule/);
  });

  it('says what is wrong in the same words as the Train form', () => {
    expect(() => trainRequestFromFlags({ outliers: '0.9' }, PRESETS)).toThrow(
      '--outliers: Outlier exposure must be at most 0.75',
    );
  });

  it('sets the family, network, convolutions, members and the family settings', () => {
    const { config } = trainRequestFromFlags(
      {
        preset: 'article',
        family: 'dropout',
        arch: 'cnn',
        conv: '16, 32',
        members: '5',
        dropout: '0.1',
        weightDecay: '1e-4',
        laplace: 'diag',
      },
      PRESETS,
    );
    expect(config).toMatchObject({
      family: 'dropout',
      arch: 'cnn',
      conv: [16, 32],
      members: 5,
      dropout: 0.1,
      weightDecay: 1e-4,
      laplace: 'diag',
    });
  });

  it('refuses an unknown family, a bad conv list and too many members, naming the flag', () => {
    expect(() => trainRequestFromFlags({ family: 'gp' }, PRESETS)).toThrow(/^--family: /);
    expect(() => trainRequestFromFlags({ arch: 'rnn' }, PRESETS)).toThrow(/^--arch: /);
    expect(() => trainRequestFromFlags({ conv: '32,x' }, PRESETS)).toThrow(
      '--conv expects comma-separated sizes like 64,64, got "32,x"',
    );
    expect(() => trainRequestFromFlags({ members: '11' }, PRESETS)).toThrow(
      '--members: Ensemble members must be at most 10',
    );
    expect(() => trainRequestFromFlags({ weightDecay: '-1' }, PRESETS)).toThrow(
      '--weight-decay: Weight decay must be at least 0',
    );
  });
});
