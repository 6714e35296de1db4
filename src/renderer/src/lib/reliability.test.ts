import { describe, expect, it } from 'vitest';
import { RELIABILITY_COLOURS, reliabilityDatasets } from './reliability';

const bins = [
  { lower: 0, upper: 0.5, confidence: null, accuracy: null, count: 0 },
  { lower: 0.5, upper: 0.75, confidence: 0.62, accuracy: 0.55, count: 40 },
  { lower: 0.75, upper: 1, confidence: 0.97, accuracy: 0.98, count: 960 },
];

describe('reliability diagram', () => {
  it('draws the diagonal of perfect calibration from (0, 0) to (1, 1)', () => {
    const diagonal = reliabilityDatasets(bins).find((d) => d.label === 'perfect calibration');
    expect(diagonal?.data).toEqual([
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ]);
  });

  it('fills each series with the solid colour its legend entry shows, for the non-empty bins only', () => {
    const sets = reliabilityDatasets(bins);
    const accuracy = sets.find((d) => d.label === 'accuracy')!;
    expect(accuracy.backgroundColor).toBe(RELIABILITY_COLOURS.accuracy);
    expect(accuracy.borderColor).toBe(RELIABILITY_COLOURS.accuracy);
    expect(accuracy.data).toEqual([
      { x: 0.625, y: 0.55 },
      { x: 0.875, y: 0.98 },
    ]);
    const confidence = sets.find((d) => d.label === 'mean confidence')!;
    expect(confidence.backgroundColor).toBe(confidence.borderColor);
    expect(new Set(sets.map((d) => d.backgroundColor)).size).toBe(3);
  });
});
