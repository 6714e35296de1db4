import { describe, expect, it } from 'vitest';
import { fileSafeName, isTrainedModelName, trainedModelName } from './model';

describe('trained model names', () => {
  const created = new Date(2026, 10, 30, 14, 5).toISOString();

  it('reads as preset, date and, once known, test accuracy', () => {
    expect(trainedModelName('robust', created, null)).toBe('robust · 2026-11-30 14:05');
    expect(trainedModelName('robust', created, 0.98123)).toBe('robust · 2026-11-30 14:05 · 98.1% test');
  });

  it('tells a name it gave from one the user chose', () => {
    expect(isTrainedModelName(trainedModelName('fast', created, null), 'fast', created)).toBe(true);
    expect(isTrainedModelName(trainedModelName('fast', created, 0.9), 'fast', created)).toBe(true);
    expect(isTrainedModelName('my sevens', 'fast', created)).toBe(false);
  });

  it('makes a portable file name from any name', () => {
    expect(fileSafeName('robust · 2026-11-30 14:05 · 98.1% test', 'x')).toBe(
      'robust-2026-11-30-14-05-98.1-test',
    );
    expect(fileSafeName('···', 'unsure-model')).toBe('unsure-model');
  });
});
