import { describe, expect, it } from 'vitest';
import { TrainConfig } from '../../../shared/training';
import { CHOICE_FIELDS, NUMBER_FIELDS, draftFrom, validateDraft } from './train-form';

describe('Train form', () => {
  it('has an input for every TrainConfig field', () => {
    const inputs = new Set<string>(['preset', 'hidden', ...NUMBER_FIELDS.map((f) => f.key)]);
    CHOICE_FIELDS.forEach((f) => inputs.add(f.key));
    expect(Object.keys(TrainConfig.shape).filter((field) => !inputs.has(field))).toEqual([]);
  });

  it('round-trips outlier exposure and reports an out-of-range value on its field', () => {
    const draft = draftFrom(TrainConfig.parse({ outlierFraction: 0.5 }));
    expect(draft.numbers.outlierFraction).toBe(0.5);
    const valid = validateDraft(draft);
    expect(valid.ok && valid.config.outlierFraction).toBe(0.5);
    const invalid = validateDraft({ ...draft, numbers: { ...draft.numbers, outlierFraction: 0.9 } });
    expect(invalid.ok).toBe(false);
    expect(!invalid.ok && invalid.errors.outlierFraction).toBeTruthy();
  });
});
