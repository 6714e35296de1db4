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

  it('says what is wrong with a setting in words a person reads', () => {
    const draft = draftFrom(TrainConfig.parse({}));
    const check = (patch: Partial<typeof draft.numbers>, hidden = draft.hidden) => {
      const result = validateDraft({ ...draft, hidden, numbers: { ...draft.numbers, ...patch } });
      return result.ok ? {} : result.errors;
    };
    expect(check({ learningRate: 0 }).learningRate).toBe('Learning rate must be greater than 0');
    expect(check({ steps: null }).steps).toBe('Steps must be a number');
    expect(check({ batchSize: 1.5 }).batchSize).toBe('Batch size must be a whole number');
    expect(check({ trainEvalSize: 5 }).trainEvalSize).toBe('Train eval subset must be at least 100');
    expect(check({}, '64,abc').hidden).toBe('Each hidden layer size must be a number');
    expect(check({}, '').hidden).toBe('Hidden layers needs at least one size');
  });

  it('puts every setting in a group, the rarely changed ones under Advanced', () => {
    const advanced = [...NUMBER_FIELDS, ...CHOICE_FIELDS]
      .filter((f) => f.group === 'advanced')
      .map((f) => f.key);
    expect(advanced).toEqual(expect.arrayContaining(['seed', 'logEvery', 'checkpointEvery', 'evalSamples']));
    expect(advanced).not.toContain('steps');
    expect(advanced).not.toContain('learningRate');
  });
});
