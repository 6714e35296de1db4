// The model folder (docs/posterior-format.md): the one module that names, reads and writes its
// files — model.json, metrics.json, posterior.safetensors and checkpoint.safetensors. Reads go
// through the checked reader (no special files, size caps) and validate everything; tensors are
// checked against the model's family (familyFor(config).tensorSpecs and checkValues). Writes are
// atomic (engine/files/atomic-write.ts). The trainer reads synchronously, the store asynchronously;
// both share the parsing below.
import path from 'node:path';
import type { z } from 'zod';
import { CodedError } from '../../../shared/result';
import { MetricsHistory, ModelMeta, type ModelStatus } from '../../../shared/model';
import { TrainConfig, type MetricsRecord } from '../../../shared/training';
import { MNIST_MODEL_DATASET, ModelDataset } from '../../../shared/datasets';
import { describeSchemaError } from '../../../shared/schema-error';
import { writeFileAtomicSync } from '../files/atomic-write';
import { isMissingFile, readChecked, readCheckedSync, type FileKind } from '../files/safe-read';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '../format/safetensors';
import { contextFor, familyFor } from '../families';
import type { TrainedState } from '../families/family';
import { checkFinite, checkModelTensors, checkSpecs, orderBySpecs } from '../families/tensors';

export const MODEL_FILE = 'model.json';
export const METRICS_FILE = 'metrics.json';
export const POSTERIOR_FILE = 'posterior.safetensors';
export const CHECKPOINT_FILE = 'checkpoint.safetensors';

export const POSTERIOR_FORMAT = 'unsure-posterior';
const CHECKPOINT_FORMAT = 'unsure-checkpoint';

export type { ModelStatus };
/** model.json (schema in src/shared/model.ts). */
export type ModelJson = ModelMeta;

/** What resuming needs: the config, the step and the family's saved training state. */
export interface Checkpoint {
  config: TrainConfig;
  /** The dataset the run trains on, as the model keeps it. */
  dataset: ModelDataset;
  step: number;
  state: TrainedState;
}

function invalid(dir: string, message: string): CodedError {
  return new CodedError('model_invalid', `model ${path.basename(dir)}: ${message}`);
}

function parseJson<T extends z.ZodType>(dir: string, file: string, schema: T, text: string): z.infer<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid(dir, `${file} is not valid JSON`);
  }
  if (file === MODEL_FILE && (raw as { format?: unknown } | null)?.format !== 'unsure-model') {
    const format = (raw as { format?: unknown } | null)?.format;
    throw invalid(dir, `${MODEL_FILE} is not an Unsure model (format ${JSON.stringify(format ?? null)})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw invalid(dir, `${file} is not an Unsure file (${describeSchemaError(parsed.error)})`);
  return parsed.data;
}

/** A file's text through the checked reader; `null` when it is absent and `optional`. */
function readTextSync(dir: string, file: string, kind: FileKind, optional = false): string | null {
  try {
    return readCheckedSync(path.join(dir, file), kind).toString('utf8');
  } catch (error) {
    if (optional && isMissingFile(error)) return null;
    throw invalid(dir, (error as Error).message);
  }
}

async function readText(dir: string, file: string, kind: FileKind, optional = false): Promise<string | null> {
  try {
    return (await readChecked(path.join(dir, file), kind)).toString('utf8');
  } catch (error) {
    if (optional && isMissingFile(error)) return null;
    throw invalid(dir, (error as Error).message);
  }
}

/** Reads and validates model.json. */
export async function readModelMeta(dir: string): Promise<ModelMeta> {
  return parseJson(dir, MODEL_FILE, ModelMeta, (await readText(dir, MODEL_FILE, 'modelMeta'))!);
}

/** readModelMeta for the trainer process. */
export function readModelJson(dir: string): ModelJson {
  return parseJson(dir, MODEL_FILE, ModelMeta, readTextSync(dir, MODEL_FILE, 'modelMeta')!);
}

/** Writes model.json. */
export function writeModelJson(dir: string, model: ModelJson): void {
  writeFileAtomicSync(path.join(dir, MODEL_FILE), `${JSON.stringify(model, null, 2)}\n`);
}

/** Reads and validates metrics.json; a model still in its first log interval may have none yet. */
export async function readMetrics(dir: string): Promise<MetricsRecord[]> {
  const text = await readText(dir, METRICS_FILE, 'metrics', true);
  return text === null ? [] : parseJson(dir, METRICS_FILE, MetricsHistory, text);
}

/** readMetrics for the trainer process, keeping records up to `maxStep`. */
export function readMetricsSync(dir: string, maxStep = Infinity): MetricsRecord[] {
  const text = readTextSync(dir, METRICS_FILE, 'metrics', true);
  const all = text === null ? [] : parseJson(dir, METRICS_FILE, MetricsHistory, text);
  return all.filter((r) => r.step <= maxStep);
}

/** Writes metrics.json (the whole history). */
export function writeMetrics(dir: string, metrics: readonly MetricsRecord[]): void {
  writeFileAtomicSync(path.join(dir, METRICS_FILE), `${JSON.stringify(metrics)}\n`);
}

/**
 * What a model file says of its network, beside the full config: family, architecture and sizes,
 * so a reader (NumPy, another tool) knows how to use the tensors without parsing the config.
 */
export function modelKindMetadata(config: TrainConfig): Record<string, string> {
  return {
    family: config.family,
    arch: config.arch,
    hidden: JSON.stringify(config.hidden),
    conv: JSON.stringify(config.arch === 'cnn' ? config.conv : []),
    members: String(config.members),
  };
}

/**
 * The dataset a posterior's or checkpoint's metadata names (MNIST when absent: files made before
 * datasets); `bad` reports one that does not parse.
 */
function metadataDataset(metadata: Record<string, string>, bad: (why: string) => never): ModelDataset {
  if (metadata.dataset === undefined) return MNIST_MODEL_DATASET;
  let json: unknown;
  try {
    json = JSON.parse(metadata.dataset);
  } catch {
    return bad('dataset metadata is not JSON');
  }
  const parsed = ModelDataset.safeParse(json);
  return parsed.success ? parsed.data : bad(`dataset is invalid: ${describeSchemaError(parsed.error)}`);
}

/** The bytes of posterior.safetensors: the model tensors in file order, the config, dataset and step. */
export function encodePosterior(
  config: TrainConfig,
  step: number,
  tensors: readonly NamedTensor[],
  data: ModelDataset = MNIST_MODEL_DATASET,
): Buffer {
  const metadata = {
    format: POSTERIOR_FORMAT,
    version: '1',
    ...modelKindMetadata(config),
    config: JSON.stringify(config),
    dataset: JSON.stringify(data),
    step: String(step),
  };
  const specs = familyFor(config).tensorSpecs(contextFor(config, data));
  return encodeSafetensors(orderBySpecs(tensors, specs), metadata);
}

/** Writes posterior.safetensors for `config` at `step`. */
export function writePosterior(
  dir: string,
  config: TrainConfig,
  step: number,
  tensors: readonly NamedTensor[],
  data: ModelDataset = MNIST_MODEL_DATASET,
): void {
  writeFileAtomicSync(path.join(dir, POSTERIOR_FILE), encodePosterior(config, step, tensors, data));
}

/** Reads posterior.safetensors and checks it against the family of `config` on data `data`. */
export async function readPosterior(
  dir: string,
  config: TrainConfig,
  data: ModelDataset = MNIST_MODEL_DATASET,
): Promise<NamedTensor[]> {
  let bytes: Buffer;
  try {
    bytes = await readChecked(path.join(dir, POSTERIOR_FILE), 'posterior');
  } catch (error) {
    throw invalid(dir, (error as Error).message);
  }
  let file;
  try {
    file = decodeSafetensors(bytes);
  } catch (error) {
    throw invalid(dir, `${POSTERIOR_FILE}: ${(error as Error).message}`);
  }
  if (file.metadata.format !== POSTERIOR_FORMAT) {
    throw invalid(
      dir,
      `${POSTERIOR_FILE} is not an Unsure posterior (format ${file.metadata.format ?? 'missing'})`,
    );
  }
  try {
    checkModelTensors(familyFor(config), contextFor(config, data), file.tensors, 'model_invalid');
  } catch (error) {
    throw invalid(dir, `${POSTERIOR_FILE}: ${(error as Error).message}`);
  }
  return file.tensors;
}

/** Writes checkpoint.safetensors: the model tensors, the optimiser's, and the run state. */
export function writeCheckpoint(dir: string, cp: Checkpoint): void {
  const metadata = {
    format: CHECKPOINT_FORMAT,
    version: '1',
    step: String(cp.step),
    config: JSON.stringify(cp.config),
    dataset: JSON.stringify(cp.dataset),
    // Batches and noise are pure functions of (seed, step), so this is the whole RNG state.
    rng: JSON.stringify({ seed: cp.config.seed, step: cp.step }),
    adam_t: String(cp.state.adamT),
  };
  const tensors = [...cp.state.model, ...cp.state.optimizer];
  writeFileAtomicSync(path.join(dir, CHECKPOINT_FILE), encodeSafetensors(tensors, metadata));
}

function readCheckpointBytes(dir: string): Buffer {
  const file = path.join(dir, CHECKPOINT_FILE);
  try {
    return readCheckedSync(file, 'checkpoint');
  } catch (error) {
    if (isMissingFile(error))
      throw new CodedError('checkpoint_missing', `${dir} has no checkpoint.safetensors`);
    throw new CodedError('checkpoint_invalid', `${file}: ${(error as Error).message}`);
  }
}

function checkpointConfig(metadata: Record<string, string>, bad: (why: string) => never): TrainConfig {
  let json: unknown;
  try {
    json = JSON.parse(metadata.config ?? '');
  } catch {
    bad('config metadata is not JSON');
  }
  const config = TrainConfig.safeParse(json);
  if (!config.success) bad(`config is invalid: ${config.error.message}`);
  return config.data;
}

/**
 * Reads and validates checkpoint.safetensors: the model tensors against the family's specs, every
 * value finite; the rest are the optimiser's tensors, which the family's trainer reads.
 */
export function readCheckpoint(dir: string): Checkpoint {
  const file = path.join(dir, CHECKPOINT_FILE);
  const bad = (why: string): never => {
    throw new CodedError('checkpoint_invalid', `${file}: ${why}`);
  };
  let decoded;
  try {
    decoded = decodeSafetensors(readCheckpointBytes(dir));
  } catch (error) {
    if (error instanceof CodedError) throw error;
    return bad((error as Error).message);
  }
  const { tensors, metadata } = decoded;
  if (metadata.format !== CHECKPOINT_FORMAT || metadata.version !== '1') bad('not an unsure checkpoint v1');
  const config = checkpointConfig(metadata, bad);
  const dataset = metadataDataset(metadata, bad);
  const step = Number(metadata.step);
  const adamT = Number(metadata.adam_t);
  if (!Number.isInteger(step) || step < 0 || !Number.isInteger(adamT) || adamT < 0)
    bad('step or adam_t is invalid');
  const specs = familyFor(config).tensorSpecs(contextFor(config, dataset));
  const names = new Set(specs.map((s) => s.name));
  const model = tensors.filter((t) => names.has(t.name));
  const optimizer = tensors.filter((t) => !names.has(t.name));
  try {
    checkSpecs(model, specs, 'checkpoint_invalid');
    checkFinite(tensors, 'checkpoint_invalid');
  } catch (error) {
    bad((error as Error).message.replace(/holds a non-finite value.*/, 'holds non-finite values'));
  }
  return { config, dataset, step, state: { model: orderBySpecs(model, specs), optimizer, adamT } };
}
