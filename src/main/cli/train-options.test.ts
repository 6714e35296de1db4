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
});
