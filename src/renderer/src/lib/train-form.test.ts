import { describe, expect, it } from 'vitest';
import { TrainConfig } from '../../../shared/training';
import { MNIST_MANIFEST } from '../../../shared/datasets';
import {
  CHOICE_FIELDS,
  LIST_FIELDS,
  NUMBER_FIELDS,
  choiceHelp,
  continueDraft,
  draftFrom,
  fieldApplies,
  optionLabel,
  pickDataset,
  validateDraft,
  withDataset,
} from './train-form';
import { CONTINUE_RECIPE, recommendedRecipe } from '../../../shared/recipes';
import type { ModelSummary } from '../../../shared/model';

describe('Train form', () => {
  it('has an input for every TrainConfig field', () => {
    const inputs = new Set<string>([
      'preset',
      // TrainForm.svelte's "Include my marked pictures (N)" checkbox and its Dataset select.
      'teach',
      'dataset',
      ...LIST_FIELDS.map((f) => f.key),
      ...NUMBER_FIELDS.map((f) => f.key),
    ]);
    CHOICE_FIELDS.forEach((f) => inputs.add(f.key));
    expect(Object.keys(TrainConfig.shape).filter((field) => !inputs.has(field))).toEqual([]);
  });

  it('carries the dataset into the config, and turns outlier exposure off where it has no outliers', () => {
    const draft = draftFrom(TrainConfig.parse({ outlierFraction: 0.5 }));
    expect(draft.dataset).toBe('mnist');
    const fashion = withDataset(draft, 'fashion');
    const valid = validateDraft(fashion);
    expect(valid.ok && valid.config).toMatchObject({ dataset: 'fashion', outlierFraction: 0 });
    expect(withDataset(fashion, 'mnist').dataset).toBe('mnist');
    expect(validateDraft(withDataset(draft, 'Not A Name')).ok).toBe(false);
    // Things at 28×28 grey keep it (written strokes); written characters and colour do not.
    const things = { ...MNIST_MANIFEST, name: 'fashion', preparation: 'fit' as const };
    expect(withDataset(draft, 'fashion', things).numbers.outlierFraction).toBe(0.5);
    const kana = { ...MNIST_MANIFEST, name: 'kana' };
    expect(withDataset(draft, 'kana', kana).numbers.outlierFraction).toBe(0);
    const colour = { ...things, shape: { ...things.shape, channels: 3 as const } };
    expect(withDataset(draft, 'fashion', colour).numbers.outlierFraction).toBe(0);
  });

  it('starts another dataset from its recommended recipe, as unsure train --dataset does; MNIST keeps the recipe', () => {
    const draft = draftFrom(TrainConfig.parse({ outlierFraction: 0.5, hidden: [64, 64] }));
    const things = { ...MNIST_MANIFEST, name: 'fashion', preparation: 'fit' as const };
    const picked = validateDraft(pickDataset(draft, 'fashion', things));
    expect(picked.ok && picked.config).toEqual(TrainConfig.parse(recommendedRecipe(things)));
    expect(picked.ok && picked.config).toMatchObject({
      preset: 'recommended',
      family: 'laplace',
      arch: 'cnn',
    });
    const back = validateDraft(pickDataset(draft, 'mnist', MNIST_MANIFEST));
    expect(back.ok && back.config).toMatchObject({
      dataset: 'mnist',
      hidden: [64, 64],
      outlierFraction: 0.5,
    });
    // A dataset whose manifest is not known yet keeps the draft (the engine checks it at the start).
    expect(pickDataset(draft, 'fashion').lists.hidden).toBe('64,64');
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
    const check = (patch: Partial<typeof draft.numbers>, hidden = draft.lists.hidden) => {
      const result = validateDraft({
        ...draft,
        lists: { ...draft.lists, hidden },
        numbers: { ...draft.numbers, ...patch },
      });
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

  it('shows each setting only for the families and networks that use it', () => {
    const shownFor = (family: 'mfvi' | 'dropout' | 'laplace' | 'point', arch: 'mlp' | 'cnn') =>
      Object.keys(TrainConfig.shape).filter((key) =>
        fieldApplies(key as keyof typeof TrainConfig.shape, family, arch),
      );
    const mfvi = shownFor('mfvi', 'mlp');
    expect(mfvi).toEqual(expect.arrayContaining(['beta', 'initLogvar', 'kl', 'estimator', 'priorSigma']));
    for (const absent of ['conv', 'dropout', 'weightDecay', 'laplace']) expect(mfvi).not.toContain(absent);
    expect(shownFor('mfvi', 'cnn')).toContain('conv');
    const dropout = shownFor('dropout', 'cnn');
    expect(dropout).toEqual(expect.arrayContaining(['dropout', 'weightDecay', 'conv', 'members']));
    for (const absent of ['beta', 'initLogvar', 'kl', 'estimator', 'priorSigma', 'laplace'])
      expect(dropout).not.toContain(absent);
    expect(shownFor('laplace', 'mlp')).toEqual(expect.arrayContaining(['laplace', 'weightDecay']));
    expect(shownFor('laplace', 'mlp')).not.toContain('dropout');
    const point = shownFor('point', 'mlp');
    expect(point).toContain('weightDecay');
    for (const absent of ['dropout', 'laplace', 'beta']) expect(point).not.toContain(absent);
    // Settings every family uses are always there.
    for (const family of ['mfvi', 'dropout', 'laplace', 'point'] as const)
      expect(shownFor(family, 'mlp')).toEqual(
        expect.arrayContaining(['family', 'arch', 'members', 'hidden', 'steps', 'seed', 'outlierFraction']),
      );
  });

  it('sends a hidden setting that went invalid as the default, and refuses a shown one', () => {
    const draft = draftFrom(TrainConfig.parse({ family: 'dropout', arch: 'cnn', dropout: 0.3 }));
    // β is not shown for MC dropout: an invalid value left there cannot block the run.
    const hiddenBad = validateDraft({ ...draft, numbers: { ...draft.numbers, beta: -1 } });
    expect(hiddenBad.ok && hiddenBad.config).toMatchObject({ family: 'dropout', beta: 0.001, dropout: 0.3 });
    // A valid hidden value is kept as it is.
    const hiddenGood = validateDraft({ ...draft, numbers: { ...draft.numbers, beta: 0.5 } });
    expect(hiddenGood.ok && hiddenGood.config.beta).toBe(0.5);
    const shownBad = validateDraft({ ...draft, numbers: { ...draft.numbers, dropout: 0.95, beta: -1 } });
    expect(shownBad.ok).toBe(false);
    expect(!shownBad.ok && shownBad.errors).toEqual({ dropout: 'Dropout rate must be at most 0.9' });
    const conv = validateDraft({ ...draft, lists: { ...draft.lists, conv: '32,x' } });
    expect(!conv.ok && conv.errors.conv).toBe('Each convolution width must be a number');
    // The same text on an MLP is not shown, so it does not stop the run.
    const mlp = validateDraft({
      ...draft,
      choices: { ...draft.choices, arch: 'mlp' },
      lists: { ...draft.lists, conv: '32,x' },
    });
    expect(mlp.ok && mlp.config.conv).toEqual([32, 64]);
  });

  it('round-trips the family settings and names each family in words', () => {
    const config = TrainConfig.parse({
      family: 'laplace',
      arch: 'cnn',
      conv: [16],
      members: 3,
      laplace: 'diag',
    });
    const result = validateDraft(draftFrom(config));
    expect(result.ok && result.config).toMatchObject({
      family: 'laplace',
      arch: 'cnn',
      conv: [16],
      members: 3,
      laplace: 'diag',
    });
    const family = CHOICE_FIELDS.find((f) => f.key === 'family')!;
    expect(optionLabel(family, 'mfvi')).toBe('Mean-field Gaussian');
    expect(choiceHelp(family, 'mfvi')).toMatch(
      /every weight is a bell curve learned by variational inference/,
    );
    const schedule = CHOICE_FIELDS.find((f) => f.key === 'lrSchedule')!;
    expect(optionLabel(schedule, 'cosine')).toBe('cosine');
  });
});

describe('continuing a model', () => {
  const model: ModelSummary = {
    id: 'default',
    name: 'Built-in posterior',
    createdAt: '2026-11-30T22:14:02.225Z',
    preset: 'laplace',
    status: 'complete',
    steps: 6000,
    testAccuracy: 0.991,
    oodAuroc: 0.96,
    active: true,
    builtIn: true,
    family: 'laplace',
    arch: 'cnn',
    members: 1,
    conv: [32, 64],
    hidden: [128],
    threshold: 1.6,
    score: 'entropy',
    separation: {},
    resumable: false,
    problem: null,
    dataset: 'mnist',
  };
  const laplace = TrainConfig.parse({
    preset: 'laplace',
    family: 'laplace',
    arch: 'cnn',
    conv: [32, 64],
    hidden: [128],
    weightDecay: 5e-4,
    outlierFraction: 0.5,
    steps: 6000,
    learningRate: 1e-3,
  });

  it("keeps the model's recipe and network, briefer and at a lower rate", () => {
    const draft = continueDraft(model, [{ name: 'laplace', description: '', config: laplace }]);
    expect(draft.numbers).toMatchObject({ ...CONTINUE_RECIPE, weightDecay: 5e-4, outlierFraction: 0.5 });
    expect(draft.lists).toEqual({ hidden: '128', conv: '32,64' });
    expect(draft.choices).toMatchObject({ family: 'laplace', arch: 'cnn' });
    expect(validateDraft(draft).ok).toBe(true);
  });

  it("takes the model's network onto the defaults when its recipe is no preset", () => {
    const draft = continueDraft({ ...model, preset: 'custom', family: 'point', hidden: [64] }, []);
    expect(draft.lists.hidden).toBe('64');
    expect(draft.choices).toMatchObject({ family: 'point', arch: 'cnn' });
    expect(draft.numbers.steps).toBe(CONTINUE_RECIPE.steps);
  });
});
