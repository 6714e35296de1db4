// Turns `unsure train` flags into a TrainConfig through the same zod schema the UI and IPC use, so
// every surface accepts and refuses the same values; errors name the flag, not the schema field.
import { TrainConfig, type TrainConfigInput, BackendChoice } from '../../shared/training';
import { UsageError } from './io';

/** The raw strings commander collects for `unsure train`. */
export interface TrainFlags {
  preset?: string;
  dataset?: string;
  family?: string;
  arch?: string;
  conv?: string;
  members?: string;
  dropout?: string;
  weightDecay?: string;
  laplace?: string;
  hidden?: string;
  beta?: string;
  kl?: string;
  estimator?: string;
  priorSigma?: string;
  initLogvar?: string;
  lr?: string;
  batch?: string;
  steps?: string;
  seed?: string;
  logEvery?: string;
  checkpointEvery?: string;
  evalSamples?: string;
  trainEvalSize?: string;
  holdOut?: string;
  lrSchedule?: string;
  outliers?: string;
  teach?: boolean;
  backend?: string;
  out?: string;
  json?: boolean;
}

/** TrainConfig field → the flag that sets it (for error messages; every field has one). */
export const FLAG_OF: Record<string, string> = {
  preset: '--preset',
  dataset: '--dataset',
  family: '--family',
  arch: '--arch',
  conv: '--conv',
  members: '--members',
  dropout: '--dropout',
  weightDecay: '--weight-decay',
  laplace: '--laplace',
  hidden: '--hidden',
  beta: '--beta',
  kl: '--kl',
  estimator: '--estimator',
  priorSigma: '--prior-sigma',
  initLogvar: '--init-logvar',
  learningRate: '--lr',
  batchSize: '--batch',
  steps: '--steps',
  seed: '--seed',
  logEvery: '--log-every',
  checkpointEvery: '--checkpoint-every',
  evalSamples: '--eval-samples',
  trainEvalSize: '--train-eval-size',
  holdOut: '--hold-out',
  lrSchedule: '--lr-schedule',
  outlierFraction: '--outliers',
  teach: '--teach',
};

/** Numeric flags and the TrainConfig field each one sets. */
const NUMBER_FLAGS: [keyof TrainFlags, keyof TrainConfigInput][] = [
  ['members', 'members'],
  ['dropout', 'dropout'],
  ['weightDecay', 'weightDecay'],
  ['beta', 'beta'],
  ['priorSigma', 'priorSigma'],
  ['initLogvar', 'initLogvar'],
  ['lr', 'learningRate'],
  ['batch', 'batchSize'],
  ['steps', 'steps'],
  ['seed', 'seed'],
  ['logEvery', 'logEvery'],
  ['checkpointEvery', 'checkpointEvery'],
  ['evalSamples', 'evalSamples'],
  ['trainEvalSize', 'trainEvalSize'],
  ['holdOut', 'holdOut'],
  ['outliers', 'outlierFraction'],
];

/** Parses a number flag strictly: "1e-3" and "-7" pass, "", "12abc" and "0x10" do not. */
export function parseNumberFlag(flag: string, text: string): number {
  const trimmed = text.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed)) {
    throw new UsageError(`${flag} expects a number, got "${text}"`);
  }
  return Number(trimmed);
}

/** Parses a list of sizes ("64,64" into [64, 64]) given to `flag`. */
export function parseSizesFlag(flag: string, text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^\d+$/.test(p))) {
    throw new UsageError(`${flag} expects comma-separated sizes like 64,64, got "${text}"`);
  }
  return parts.map(Number);
}

/** Flags whose text is passed to the schema as it is (choices the schema names in its refusal). */
const CHOICE_FLAGS = ['family', 'arch', 'laplace', 'kl', 'estimator', 'lrSchedule'] as const;

export interface TrainRequest {
  config: TrainConfig;
  backend: BackendChoice;
  /** The model directory to write, or null for a new folder under the models root. */
  outDir: string | null;
  json: boolean;
}

/** The named preset's settings, refused with the names there are when it does not exist. */
function presetInput(name: string, presets: Record<string, TrainConfigInput>): Record<string, unknown> {
  const preset = presets[name];
  if (!preset) {
    throw new UsageError(`unknown --preset "${name}" (choose from ${Object.keys(presets).join(', ')})`);
  }
  return { ...preset, preset: name };
}

/**
 * Builds the validated training request: the preset's settings (or, without --preset, the
 * dataset's `recommended` recipe when there is one), then every flag given, then the schema.
 */
export function trainRequestFromFlags(
  flags: TrainFlags,
  presets: Record<string, TrainConfigInput>,
  recommended?: TrainConfigInput,
): TrainRequest {
  const input: Record<string, unknown> =
    recommended && flags.preset === undefined
      ? { ...recommended }
      : presetInput(flags.preset ?? 'article', presets);
  if (flags.dataset !== undefined) input.dataset = flags.dataset;
  if (flags.hidden !== undefined) input.hidden = parseSizesFlag('--hidden', flags.hidden);
  if (flags.conv !== undefined) input.conv = parseSizesFlag('--conv', flags.conv);
  for (const field of CHOICE_FLAGS) if (flags[field] !== undefined) input[field] = flags[field];
  if (flags.teach) input.teach = true;
  for (const [flag, field] of NUMBER_FLAGS) {
    const text = flags[flag];
    if (typeof text === 'string') input[field] = parseNumberFlag(FLAG_OF[field]!, text);
  }
  const parsed = TrainConfig.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    throw new UsageError(`${FLAG_OF[field] ?? field}: ${issue.message}`);
  }
  const backend = BackendChoice.safeParse(flags.backend ?? 'auto');
  if (!backend.success) {
    throw new UsageError(
      `--backend must be one of ${BackendChoice.options.join(', ')}, got "${flags.backend}"`,
    );
  }
  return { config: parsed.data, backend: backend.data, outDir: flags.out ?? null, json: flags.json === true };
}
