// The Train form's fields: a draft the inputs bind to, turned into a TrainConfig and validated with
// the contract's own zod schema so the form shows exactly the errors the engine would give. Which
// fields show depends on the chosen family and network (fieldApplies); hidden ones keep a valid value.
import { BUILTIN_DATASET, outlierPoolFor, type DatasetManifest } from '../../../shared/datasets';
import { continuedRecipe, recommendedRecipe } from '../../../shared/recipes';
import type { ModelSummary } from '../../../shared/model';
import type { Preset } from '../../../shared/api/train';
import { ARCH_TEXT, FAMILY_TEXT, LAPLACE_TEXT } from '../../../shared/model-kind';
import {
  NETWORK_FIELDS,
  TRAIN_FIELD_NAMES as NAME,
  TrainConfig,
  type Architecture,
  type Family,
  type TrainConfigInput,
} from '../../../shared/training';

/** Where a setting sits in the form: the ones most runs change first, the rarely changed under "Advanced". */
export type FieldGroup = 'family' | 'model' | 'optimisation' | 'advanced';

export const FIELD_GROUPS: { id: FieldGroup; title: string }[] = [
  { id: 'family', title: 'Model family and network' },
  { id: 'model', title: 'Prior and regularisation' },
  { id: 'optimisation', title: 'Optimisation' },
  { id: 'advanced', title: 'Advanced' },
];

export const NUMBER_FIELDS = [
  {
    key: 'members',
    group: 'family',
    step: '1',
    help: '1 = one model; more trains that many independently started copies and pools their answers (a deep ensemble).',
  },
  {
    key: 'beta',
    group: 'model',
    step: 'any',
    help: 'Weight of the KL term; the article uses 0.001.',
  },
  {
    key: 'initLogvar',
    group: 'model',
    step: 'any',
    help: 'Too large (e.g. −1) and training stalls.',
  },
  {
    key: 'dropout',
    group: 'model',
    step: 'any',
    help: 'Share of units dropped before each dense layer, in training and when predicting.',
  },
  {
    key: 'weightDecay',
    group: 'model',
    step: 'any',
    help: 'Pull of every weight towards zero (an L2 penalty); keeps the network smooth.',
  },
  {
    key: 'outlierFraction',
    group: 'model',
    step: 'any',
    help: 'Share of each batch made of synthetic non-digits, uniform target; half the digits get their jitter too (0 = off; robust: 0.5).',
  },
  { key: 'learningRate', group: 'optimisation', step: 'any', help: 'Adam step size.' },
  { key: 'batchSize', group: 'optimisation', step: '1', help: 'Examples per step.' },
  { key: 'steps', group: 'optimisation', step: '1', help: 'Optimiser steps in total.' },
  {
    key: 'priorSigma',
    group: 'advanced',
    step: 'any',
    help: 'Standard deviation of the Gaussian prior.',
  },
  { key: 'seed', group: 'advanced', step: '1', help: 'Same seed and backend give the same run.' },
  { key: 'logEvery', group: 'advanced', step: '1', help: 'How often the curves get a point.' },
  {
    key: 'checkpointEvery',
    group: 'advanced',
    step: '1',
    help: 'How often progress is saved.',
  },
  { key: 'evalSamples', group: 'advanced', step: '1', help: 'Posterior samples per evaluation.' },
  {
    key: 'trainEvalSize',
    group: 'advanced',
    step: '1',
    help: 'Training examples scored at each log.',
  },
  {
    key: 'holdOut',
    group: 'advanced',
    step: '1',
    help: 'Last training digits kept out of training to calibrate the model.',
  },
] as const satisfies readonly { key: keyof TrainConfig; group: FieldGroup; step: string; help: string }[];

export type NumberKey = (typeof NUMBER_FIELDS)[number]['key'];

/** Settings typed as sizes separated by commas. */
export const LIST_FIELDS = [
  { key: 'conv', group: 'family', help: 'Channels of each 3×3 convolution block, e.g. 32,64.' },
  { key: 'hidden', group: 'family', help: 'Sizes of the dense layers before the output, e.g. 64,64.' },
] as const satisfies readonly { key: keyof TrainConfig; group: FieldGroup; help: string }[];

export type ListKey = (typeof LIST_FIELDS)[number]['key'];

/** An option's label in the list and, when chosen, the line under it. */
type OptionText = Record<string, { label: string; help: string }>;

const shape = TrainConfig.shape;
/** The settings chosen from a list; their options come from the schema itself. */
export const CHOICE_FIELDS = [
  { key: 'family', group: 'family', options: shape.family.unwrap().options, text: FAMILY_TEXT, help: '' },
  { key: 'arch', group: 'family', options: shape.arch.unwrap().options, text: ARCH_TEXT, help: '' },
  { key: 'laplace', group: 'model', options: shape.laplace.unwrap().options, text: LAPLACE_TEXT, help: '' },
  {
    key: 'lrSchedule',
    group: 'optimisation',
    options: shape.lrSchedule.unwrap().options,
    help: 'constant, or cosine decay to zero over the run.',
  },
  {
    key: 'kl',
    group: 'advanced',
    options: shape.kl.unwrap().options,
    help: 'article: per-tensor, as the blog; elbo: per-example ELBO.',
  },
  {
    key: 'estimator',
    group: 'advanced',
    options: shape.estimator.unwrap().options,
    help: 'weight: one sample per batch (the article); local: local reparameterisation, lower variance.',
  },
] as const satisfies readonly {
  key: keyof TrainConfig;
  group: FieldGroup;
  options: readonly string[];
  text?: OptionText;
  help: string;
}[];

export type ChoiceKey = (typeof CHOICE_FIELDS)[number]['key'];

/** An option's label in its list: the family's name for families, the raw value otherwise. */
export function optionLabel(field: (typeof CHOICE_FIELDS)[number], option: string): string {
  return 'text' in field ? ((field.text as OptionText)[option]?.label ?? option) : option;
}

/** The line under a choice: what the chosen option does, or the field's own help. */
export function choiceHelp(field: (typeof CHOICE_FIELDS)[number], chosen: string): string {
  return 'text' in field ? ((field.text as OptionText)[chosen]?.help ?? '') : field.help;
}

/** The label a setting's input carries: the same name its error messages use. */
export function fieldLabel(key: keyof typeof NAME): string {
  return NAME[key];
}

/** Settings that only mean something for some families or networks; every other setting always applies. */
const APPLIES: Partial<Record<keyof TrainConfig, (f: Family, a: Architecture) => boolean>> = {
  conv: (_f, a) => a === 'cnn',
  beta: (f) => f === 'mfvi',
  initLogvar: (f) => f === 'mfvi',
  kl: (f) => f === 'mfvi',
  estimator: (f) => f === 'mfvi',
  priorSigma: (f) => f === 'mfvi',
  dropout: (f) => f === 'dropout',
  laplace: (f) => f === 'laplace',
  weightDecay: (f) => f !== 'mfvi',
};

/** True when `key` changes what a run of this family and network does (the form shows only those). */
export function fieldApplies(key: keyof TrainConfig, family: Family, arch: Architecture): boolean {
  return APPLIES[key]?.(family, arch) ?? true;
}

/** What the inputs bind to: numbers may be null while a field is empty or invalid. */
export interface TrainDraft {
  preset: string;
  /** The dataset the run trains on (`mnist` or an imported one). */
  dataset: string;
  lists: Record<ListKey, string>;
  choices: Record<ChoiceKey, string>;
  numbers: Record<NumberKey, number | null>;
}

/** The family and network a draft has chosen (the schema's defaults while a choice is unknown). */
export function draftKind(draft: TrainDraft): { family: Family; arch: Architecture } {
  const family = shape.family.safeParse(draft.choices.family);
  const arch = shape.arch.safeParse(draft.choices.arch);
  return { family: family.data ?? DEFAULT_CONFIG.family, arch: arch.data ?? DEFAULT_CONFIG.arch };
}

/** A draft filled from a full config (defaults or a preset). */
export function draftFrom(config: TrainConfig): TrainDraft {
  const numbers = {} as Record<NumberKey, number | null>;
  for (const { key } of NUMBER_FIELDS) numbers[key] = config[key];
  const choices = {} as Record<ChoiceKey, string>;
  for (const { key } of CHOICE_FIELDS) choices[key] = config[key];
  const lists = {} as Record<ListKey, string>;
  for (const { key } of LIST_FIELDS) lists[key] = config[key].join(',');
  return { preset: config.preset, dataset: config.dataset, lists, choices, numbers };
}

/**
 * The draft set to train on `dataset` (its manifest when known). Outlier exposure is kept where the
 * engine has outliers for the dataset (MNIST; written strokes for things at 28×28 grey) and turned
 * off elsewhere, or when the manifest is unknown (the engine refuses it there).
 */
export function withDataset(draft: TrainDraft, dataset: string, manifest?: DatasetManifest): TrainDraft {
  const allowed =
    dataset === BUILTIN_DATASET || (manifest?.name === dataset && outlierPoolFor(manifest).pool);
  if (allowed) return { ...draft, dataset };
  return { ...draft, dataset, numbers: { ...draft.numbers, outlierFraction: 0 } };
}

/**
 * The draft when the user picks `dataset` in the form: another dataset (its manifest known) starts
 * from its recommended recipe, as `unsure train --dataset NAME` does — MNIST's presets are tuned for
 * digits; MNIST keeps the draft's recipe.
 */
export function pickDataset(draft: TrainDraft, dataset: string, manifest?: DatasetManifest): TrainDraft {
  if (dataset !== BUILTIN_DATASET && manifest?.name === dataset)
    return draftFrom(TrainConfig.parse(recommendedRecipe(manifest)));
  return withDataset(draft, dataset, manifest);
}

/**
 * The draft of a run continuing `model` (it starts from its network): the recipe of the preset it was
 * trained with (the engine's defaults for a custom one) with its network, briefer and at a lower rate.
 */
export function continueDraft(model: ModelSummary, presets: readonly Preset[]): TrainDraft {
  const recipe = presets.find((p) => p.name === model.preset)?.config ?? DEFAULT_CONFIG;
  const network = Object.fromEntries(NETWORK_FIELDS.map((k) => [k, model[k]]));
  return draftFrom(TrainConfig.parse(continuedRecipe({ ...recipe, ...network })));
}

/** The engine's defaults, for when no preset has been chosen. */
export const DEFAULT_CONFIG: TrainConfig = TrainConfig.parse({});

/** Field errors keyed by field name, or the config ready to send. */
export type Validation =
  { ok: true; config: TrainConfigInput } | { ok: false; errors: Record<string, string> };

/** Parses "64, 64" into [64, 64]; NaN entries make the schema complain about that field. */
function parseSizes(text: string): number[] {
  return text
    .split(/[,\s]+/)
    .filter((part) => part.length > 0)
    .map(Number);
}

function errorsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return errors;
}

/**
 * Validates a draft against the contract's TrainConfig schema. A setting the chosen family does
 * not use is not shown, so it cannot be fixed: an invalid one is sent as the engine's default.
 */
export function validateDraft(draft: TrainDraft): Validation {
  const candidate: Record<string, unknown> = {
    preset: draft.preset,
    dataset: draft.dataset,
    ...draft.choices,
  };
  for (const { key } of LIST_FIELDS) candidate[key] = parseSizes(draft.lists[key]);
  for (const { key } of NUMBER_FIELDS) candidate[key] = draft.numbers[key] ?? Number.NaN;
  const first = TrainConfig.safeParse(candidate);
  if (first.success) return { ok: true, config: first.data };
  const { family, arch } = draftKind(draft);
  const errors = errorsOf(first.error.issues);
  const hidden = Object.keys(errors).filter(
    (key) => key in DEFAULT_CONFIG && !fieldApplies(key as keyof TrainConfig, family, arch),
  );
  if (hidden.length === 0) return { ok: false, errors };
  for (const key of hidden) candidate[key] = DEFAULT_CONFIG[key as keyof TrainConfig];
  const second = TrainConfig.safeParse(candidate);
  return second.success
    ? { ok: true, config: second.data }
    : { ok: false, errors: errorsOf(second.error.issues) };
}
