// Reads and validates one model directory. Anything unexpected (bad JSON, another program's file,
// a truncated posterior, wrong shapes, NaN) becomes CodedError('model_invalid') and nothing is written.
import path from 'node:path';
import type { z } from 'zod';
import { CodedError } from '../../../shared/result';
import { MetricsHistory, ModelMeta } from '../../../shared/model';
import type { MetricsRecord } from '../../../shared/training';
import { describeSchemaError } from '../../../shared/schema-error';
import { decodeSafetensors, type NamedTensor } from '../format/safetensors';
import { isMissingFile, readChecked, readCheckedText, type FileKind } from '../files/safe-read';
import { checkPosterior } from './posterior';
import { METRICS_FILE, MODEL_FILE, POSTERIOR_FILE } from './paths';

export interface LoadedModel {
  dir: string;
  meta: ModelMeta;
  metrics: MetricsRecord[];
  /** The posterior tensors in file order, validated against meta.config.hidden. */
  posterior: NamedTensor[];
}

function invalid(dir: string, message: string): CodedError {
  return new CodedError('model_invalid', `model ${path.basename(dir)}: ${message}`);
}

/** A JSON file of the model folder, read through the checked reader; `missing` answers for an absent file. */
async function readJson(
  dir: string,
  file: string,
  kind: FileKind,
  missing?: () => unknown,
): Promise<unknown> {
  let text: string;
  try {
    text = await readCheckedText(path.join(dir, file), kind);
  } catch (error) {
    if (missing && isMissingFile(error)) return missing();
    throw invalid(dir, (error as Error).message);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid(dir, `${file} is not valid JSON`);
  }
}

function parseWith<T extends z.ZodType>(dir: string, file: string, schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw invalid(dir, `${file} is not an Unsure file (${describeSchemaError(parsed.error)})`);
  return parsed.data;
}

/** Reads and validates model.json. */
export async function readModelMeta(dir: string): Promise<ModelMeta> {
  const raw = await readJson(dir, MODEL_FILE, 'modelMeta');
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== 'unsure-model') {
    throw invalid(dir, `${MODEL_FILE} is not an Unsure model (format ${JSON.stringify(format ?? null)})`);
  }
  return parseWith(dir, MODEL_FILE, ModelMeta, raw);
}

/** Reads and validates metrics.json; a model still in its first log interval may have none yet. */
export async function readMetrics(dir: string): Promise<MetricsRecord[]> {
  const raw = await readJson(dir, METRICS_FILE, 'metrics', () => []);
  return parseWith(dir, METRICS_FILE, MetricsHistory, raw);
}

/** Reads posterior.safetensors and checks its names, shapes and values against `hidden`. */
export async function readPosterior(dir: string, hidden: readonly number[]): Promise<NamedTensor[]> {
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
  if (file.metadata.format !== 'unsure-posterior') {
    throw invalid(
      dir,
      `${POSTERIOR_FILE} is not an Unsure posterior (format ${file.metadata.format ?? 'missing'})`,
    );
  }
  try {
    checkPosterior(file.tensors, hidden, { code: 'model_invalid' });
  } catch (error) {
    throw invalid(dir, `${POSTERIOR_FILE}: ${(error as Error).message}`);
  }
  return file.tensors;
}

/** Loads a model directory: model.json, metrics.json and the posterior, all validated. */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const meta = await readModelMeta(dir);
  const metrics = await readMetrics(dir);
  const posterior = await readPosterior(dir, meta.config.hidden);
  return { dir, meta, metrics, posterior };
}
