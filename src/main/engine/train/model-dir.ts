// Writes a model directory as docs/model-format (model.json, metrics.json, posterior.safetensors,
// checkpoint.safetensors), every file atomically (temp name in the same folder, then rename), and
// reads a checkpoint back for resuming. Validation of model dirs for listing is the store's job.
import path from 'node:path';
import { CodedError } from '../../../shared/result';
import { writeFileAtomicSync as writeFileAtomic } from '../files/atomic-write';
import { MetricsRecord, TrainConfig } from '../../../shared/training';
import { ModelMeta, type ModelStatus } from '../../../shared/model';

export type { ModelStatus };
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '../format/safetensors';
import { fromNamedTensors, toNamedTensors, type PosteriorValues } from '../bnn/posterior';
import { CHECKPOINT_FILE, METRICS_FILE, MODEL_FILE, POSTERIOR_FILE } from '../store/paths';
import { isMissingFile, readCheckedSync } from '../files/safe-read';

/** model.json (schema in src/shared/model.ts). */
export type ModelJson = ModelMeta;

/** What resuming needs: the posterior, Adam's moments (same layout), the step. */
export interface Checkpoint {
  config: TrainConfig;
  step: number;
  adamT: number;
  posterior: PosteriorValues;
  adamM: PosteriorValues;
  adamV: PosteriorValues;
}

/** Reads and validates a model dir's model.json. */
export function readModelJson(dir: string): ModelJson {
  const file = path.join(dir, MODEL_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readCheckedSync(file, 'modelMeta').toString('utf8'));
  } catch (error) {
    throw new CodedError(
      'model_invalid',
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = ModelMeta.safeParse(raw);
  if (!parsed.success) throw new CodedError('model_invalid', `${file} is not a valid model.json`);
  return parsed.data;
}

/** Writes model.json. */
export function writeModelJson(dir: string, model: ModelJson): void {
  writeFileAtomic(path.join(dir, MODEL_FILE), `${JSON.stringify(model, null, 2)}\n`);
}

/** Writes metrics.json (the whole history). */
export function writeMetrics(dir: string, metrics: readonly MetricsRecord[]): void {
  writeFileAtomic(path.join(dir, METRICS_FILE), `${JSON.stringify(metrics)}\n`);
}

/** Reads metrics.json, keeping records up to `maxStep` (an absent file is an empty history). */
export function readMetrics(dir: string, maxStep: number): MetricsRecord[] {
  const file = path.join(dir, METRICS_FILE);
  let text: string;
  try {
    text = readCheckedSync(file, 'metrics').toString('utf8');
  } catch (error) {
    if (isMissingFile(error)) return [];
    throw new CodedError('model_invalid', `${file}: ${(error as Error).message}`);
  }
  const parsed = MetricsRecord.array().safeParse(JSON.parse(text));
  if (!parsed.success) throw new CodedError('model_invalid', `${file} is not a metrics history`);
  return parsed.data.filter((r) => r.step <= maxStep);
}

/** Writes posterior.safetensors for `config` at `step`. */
export function writePosterior(
  dir: string,
  config: TrainConfig,
  step: number,
  values: PosteriorValues,
): void {
  const metadata = {
    format: 'unsure-posterior',
    version: '1',
    config: JSON.stringify(config),
    step: String(step),
  };
  writeFileAtomic(path.join(dir, POSTERIOR_FILE), encodeSafetensors(toNamedTensors(values), metadata));
}

/** Writes checkpoint.safetensors: posterior + adam.m.* + adam.v.* tensors and the run state. */
export function writeCheckpoint(dir: string, cp: Checkpoint): void {
  const prefixed = (prefix: string, v: PosteriorValues): NamedTensor[] =>
    toNamedTensors(v).map((t) => ({ ...t, name: `${prefix}${t.name}` }));
  const tensors = [
    ...toNamedTensors(cp.posterior),
    ...prefixed('adam.m.', cp.adamM),
    ...prefixed('adam.v.', cp.adamV),
  ];
  const metadata = {
    format: 'unsure-checkpoint',
    version: '1',
    step: String(cp.step),
    config: JSON.stringify(cp.config),
    // Batches and noise are pure functions of (seed, step), so this is the whole RNG state.
    rng: JSON.stringify({ seed: cp.config.seed, step: cp.step }),
    adam_t: String(cp.adamT),
  };
  writeFileAtomic(path.join(dir, CHECKPOINT_FILE), encodeSafetensors(tensors, metadata));
}

function invalidCheckpoint(file: string, why: string): never {
  throw new CodedError('checkpoint_invalid', `${file}: ${why}`);
}

/** Reads and validates checkpoint.safetensors of a model dir. */
export function readCheckpoint(dir: string): Checkpoint {
  const file = path.join(dir, CHECKPOINT_FILE);
  let bytes: Buffer;
  try {
    bytes = readCheckedSync(file, 'checkpoint');
  } catch (error) {
    if (isMissingFile(error))
      throw new CodedError('checkpoint_missing', `${dir} has no checkpoint.safetensors`);
    throw new CodedError('checkpoint_invalid', `${file}: ${(error as Error).message}`);
  }
  const { tensors, metadata } = decodeSafetensors(bytes);
  const bad = (why: string) => invalidCheckpoint(file, why);
  if (metadata.format !== 'unsure-checkpoint' || metadata.version !== '1') bad('not an unsure checkpoint v1');
  let configJson: unknown;
  try {
    configJson = JSON.parse(metadata.config ?? '');
  } catch {
    bad('config metadata is not JSON');
  }
  const config = TrainConfig.safeParse(configJson);
  if (!config.success) return invalidCheckpoint(file, `config is invalid: ${config.error.message}`);
  const step = Number(metadata.step);
  const adamT = Number(metadata.adam_t);
  if (!Number.isInteger(step) || step < 0 || !Number.isInteger(adamT) || adamT < 0)
    bad('step or adam_t is invalid');
  const hidden = config.data.hidden;
  const values = [
    fromNamedTensors(hidden, tensors),
    fromNamedTensors(hidden, tensors, 'adam.m.'),
    fromNamedTensors(hidden, tensors, 'adam.v.'),
  ];
  for (const v of values) {
    if (!v.means.every(Number.isFinite) || !v.logvars.every(Number.isFinite)) bad('holds non-finite values');
  }
  return { config: config.data, step, adamT, posterior: values[0]!, adamM: values[1]!, adamV: values[2]! };
}
