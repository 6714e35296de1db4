import { describe, expect, it } from 'vitest';
import { TrainConfig } from '../../../shared/training';
import { PRESETS } from '../train/presets';
import { loadMnistRaw } from '../data/mnist';
import { calibrationSeenInTraining, calibrationSplit } from './calibration-split';

describe('the calibration split', () => {
  it('is the last 5000 training digits', () => {
    const split = calibrationSplit();
    expect(split).toMatchObject({ start: 55000, count: 5000 });
    expect(split.pixels.length).toBe(5000 * 784);
    expect(split.labels).toEqual(loadMnistRaw('train').labels.slice(55000));
  });

  it('is unseen by every recipe but the article ones and by models made before holdOut', () => {
    expect(calibrationSeenInTraining(TrainConfig.parse(PRESETS.robust))).toBe(false);
    expect(calibrationSeenInTraining(TrainConfig.parse(PRESETS.ensemble))).toBe(false);
    expect(calibrationSeenInTraining(TrainConfig.parse(PRESETS.article))).toBe(true);
    expect(calibrationSeenInTraining(TrainConfig.parse({}))).toBe(true);
    // Laplace holds out its validation digits whatever the config says.
    expect(calibrationSeenInTraining(TrainConfig.parse({ family: 'laplace' }))).toBe(false);
  });
});
