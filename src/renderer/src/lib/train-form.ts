// The Train form's fields: a draft the inputs bind to, turned into a TrainConfig and validated with
// the contract's own zod schema so the form shows exactly the errors the engine would give.
import { TRAIN_FIELD_NAMES as NAME, TrainConfig, type TrainConfigInput } from '../../../shared/training';

/** Where a setting sits in the form: the ones most runs change first, the rarely changed under "Advanced". */
export type FieldGroup = 'model' | 'optimisation' | 'advanced';

export const FIELD_GROUPS: { id: FieldGroup; title: string }[] = [
  { id: 'model', title: 'Network and prior' },
  { id: 'optimisation', title: 'Optimisation' },
  { id: 'advanced', title: 'Advanced' },
];

export const NUMBER_FIELDS = [
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
] as const satisfies readonly { key: keyof TrainConfig; group: FieldGroup; step: string; help: string }[];

export type NumberKey = (typeof NUMBER_FIELDS)[number]['key'];

const shape = TrainConfig.shape;
/** The settings chosen from a list; their options come from the schema itself. */
export const CHOICE_FIELDS = [
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
  help: string;
}[];

export type ChoiceKey = (typeof CHOICE_FIELDS)[number]['key'];

/** The label a setting's input carries: the same name its error messages use. */
export function fieldLabel(key: keyof typeof NAME): string {
  return NAME[key];
}

/** What the inputs bind to: numbers may be null while a field is empty or invalid. */
export interface TrainDraft {
  preset: string;
  hidden: string;
  choices: Record<ChoiceKey, string>;
  numbers: Record<NumberKey, number | null>;
}

/** A draft filled from a full config (defaults or a preset). */
export function draftFrom(config: TrainConfig): TrainDraft {
  const numbers = {} as Record<NumberKey, number | null>;
  for (const { key } of NUMBER_FIELDS) numbers[key] = config[key];
  const choices = {} as Record<ChoiceKey, string>;
  for (const { key } of CHOICE_FIELDS) choices[key] = config[key];
  return { preset: config.preset, hidden: config.hidden.join(','), choices, numbers };
}

/** The engine's defaults, for when no preset has been chosen. */
export const DEFAULT_CONFIG: TrainConfig = TrainConfig.parse({});

/** Field errors keyed by field name, or the config ready to send. */
export type Validation =
  { ok: true; config: TrainConfigInput } | { ok: false; errors: Record<string, string> };

/** Parses "64, 64" into [64, 64]; NaN entries make the schema complain about that field. */
function parseHidden(text: string): number[] {
  return text
    .split(/[,\s]+/)
    .filter((part) => part.length > 0)
    .map(Number);
}

/** Validates a draft against the contract's TrainConfig schema. */
export function validateDraft(draft: TrainDraft): Validation {
  const numbers: Record<string, number> = {};
  for (const { key } of NUMBER_FIELDS) numbers[key] = draft.numbers[key] ?? Number.NaN;
  const candidate = {
    preset: draft.preset,
    hidden: parseHidden(draft.hidden),
    ...draft.choices,
    ...numbers,
  };
  const parsed = TrainConfig.safeParse(candidate);
  if (parsed.success) return { ok: true, config: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? 'form');
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}
