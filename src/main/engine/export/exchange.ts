// The export file: one safetensors file holding the posterior tensors plus, as string metadata, the
// config, metrics history, calibration and provenance (docs/posterior-format.md). Parsing it checks
// everything before anything is written, so import can refuse a bad file without side effects.
import type { z } from 'zod';
import { CodedError } from '../../../shared/result';
import { Calibration, MetricsHistory, modelDataset, type ModelMeta } from '../../../shared/model';
import { MNIST_MODEL_DATASET, ModelDataset } from '../../../shared/datasets';
import { TrainConfig, type MetricsRecord } from '../../../shared/training';
import { describeSchemaError } from '../../../shared/schema-error';
import {
  decodeWithHeader,
  encodeSafetensors,
  readHeader,
  type NamedTensor,
  type SafetensorsHeader,
} from '../format/safetensors';
import type { LoadedModel } from '../store/load';
import { modelKindMetadata } from '../store/model-folder';
import { contextFor, familyFor } from '../families';
import { checkModelTensors, checkSpecs, orderBySpecs } from '../families/tensors';

export const EXPORT_FORMAT = 'unsure-posterior';
export const EXPORT_VERSION = '1';

/** What an export file carries, validated. */
export interface PosteriorExport {
  config: TrainConfig;
  /** The dataset the model was trained on, as the model keeps it (absent: MNIST, a file made before datasets). */
  dataset?: ModelDataset;
  metrics: MetricsRecord[];
  calibration: Calibration | null;
  name: string | null;
  createdAt: string | null;
  step: number | null;
  backend: string | null;
  appVersion: string | null;
  /** In file-format order, checked against the tensors of config's family and layers. */
  tensors: NamedTensor[];
}

/** Serialises a loaded model into the export file's bytes. */
export function encodeExport(model: LoadedModel, appVersion: string): Buffer {
  const { meta } = model;
  const metadata: Record<string, string> = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    ...modelKindMetadata(meta.config),
    config: JSON.stringify(meta.config),
    // Models made before datasets (MNIST's) have none, and their files stay as they were.
    ...(meta.dataset ? { dataset: JSON.stringify(meta.dataset) } : {}),
    metrics: JSON.stringify(model.metrics),
    calibration: JSON.stringify(meta.calibration),
    name: meta.name,
    created_at: meta.createdAt,
    step: String(meta.step),
    backend: meta.backend,
    app_version: appVersion,
  };
  const specs = familyFor(meta.config).tensorSpecs(contextFor(meta.config, modelDataset(meta)));
  return encodeSafetensors(orderBySpecs(model.posterior, specs), metadata);
}

function invalid(message: string): CodedError {
  return new CodedError('import_invalid', `not an Unsure posterior file: ${message}`);
}

function parseJsonKey<T extends z.ZodType>(meta: Record<string, string>, key: string, schema: T): z.infer<T> {
  let value: unknown;
  try {
    value = JSON.parse(meta[key]!);
  } catch {
    throw invalid(`metadata "${key}" is not JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(`metadata "${key}": ${describeSchemaError(parsed.error)}`);
  return parsed.data;
}

function optionalString(meta: Record<string, string>, key: string, max = 200): string | null {
  const value = meta[key];
  if (value === undefined) return null;
  if (value.length === 0 || value.length > max)
    throw invalid(`metadata "${key}" must have 1 to ${max} characters`);
  return value;
}

function parseStep(meta: Record<string, string>): number | null {
  if (meta.step === undefined) return null;
  if (!/^\d{1,10}$/.test(meta.step)) throw invalid(`metadata "step" is not a whole number`);
  return Number(meta.step);
}

/** A safetensors format error as an import error. */
export function safetensorsInvalid(error: unknown): CodedError {
  return invalid((error as Error).message.replace(/^not a valid safetensors file: /, 'safetensors: '));
}

/**
 * The family and architecture keys agree with the config where a file has them (files written
 * before families existed have none: their config parses as a mean-field MLP).
 */
function checkModelKind(meta: Record<string, string>, config: TrainConfig): void {
  const expected = modelKindMetadata(config);
  for (const key of Object.keys(expected)) {
    if (meta[key] !== undefined && meta[key] !== expected[key]) {
      throw invalid(`metadata "${key}" is ${meta[key]}, the config says ${expected[key]}`);
    }
  }
}

/** The dataset an export file's model was trained on (none in files made before datasets: MNIST). */
function exportDataset(meta: Record<string, string>): ModelDataset | undefined {
  return meta.dataset === undefined ? undefined : parseJsonKey(meta, 'dataset', ModelDataset);
}

/** Checks what the header alone shows (format, version, config, tensor names and shapes); returns the config. */
export function checkExportHeader(header: SafetensorsHeader): TrainConfig {
  const meta = header.metadata;
  if (meta.format !== EXPORT_FORMAT)
    throw invalid(`metadata "format" is ${JSON.stringify(meta.format ?? null)}`);
  if (meta.version !== EXPORT_VERSION)
    throw invalid(`version ${JSON.stringify(meta.version ?? null)} is not supported (expected 1)`);
  if (meta.config === undefined) throw invalid('metadata "config" is missing');
  const config = parseJsonKey(meta, 'config', TrainConfig);
  try {
    const specs = familyFor(config).tensorSpecs(
      contextFor(config, exportDataset(meta) ?? MNIST_MODEL_DATASET),
    );
    checkSpecs(header.entries, specs, 'import_invalid');
  } catch (error) {
    throw invalid((error as Error).message);
  }
  checkModelKind(meta, config);
  return config;
}

/** The header of an export file's bytes and its config, checked (checkExportHeader) before any tensor is read. */
export function readExportHeader(bytes: Uint8Array): { header: SafetensorsHeader; config: TrainConfig } {
  let header;
  try {
    header = readHeader(bytes);
  } catch (error) {
    throw safetensorsInvalid(error);
  }
  return { header, config: checkExportHeader(header) };
}

/** Parses and fully validates an export file; throws CodedError('import_invalid') on any problem. */
export function decodeExport(bytes: Uint8Array): PosteriorExport {
  const { header, config } = readExportHeader(bytes);
  let file;
  try {
    file = decodeWithHeader(bytes, header);
  } catch (error) {
    throw safetensorsInvalid(error);
  }
  const meta = file.metadata;
  const createdAt = optionalString(meta, 'created_at', 64);
  if (createdAt !== null && Number.isNaN(Date.parse(createdAt)))
    throw invalid('metadata "created_at" is not a date');
  const family = familyFor(config);
  const dataset = exportDataset(meta);
  const ctx = contextFor(config, dataset ?? MNIST_MODEL_DATASET);
  try {
    checkModelTensors(family, ctx, file.tensors, 'import_invalid');
  } catch (error) {
    throw invalid((error as Error).message);
  }
  return {
    config,
    ...(dataset ? { dataset } : {}),
    metrics: meta.metrics === undefined ? [] : parseJsonKey(meta, 'metrics', MetricsHistory),
    calibration:
      meta.calibration === undefined ? null : parseJsonKey(meta, 'calibration', Calibration.nullable()),
    name: optionalString(meta, 'name'),
    createdAt: createdAt === null ? null : new Date(createdAt).toISOString(),
    step: parseStep(meta),
    backend: optionalString(meta, 'backend', 64),
    appVersion: optionalString(meta, 'app_version', 64),
    tensors: orderBySpecs(file.tensors, family.tensorSpecs(ctx)),
  };
}

/** The model.json an imported posterior gets. */
export function importedMeta(parsed: PosteriorExport, id: string, now: Date): ModelMeta {
  const last = parsed.metrics.at(-1) ?? null;
  return {
    format: 'unsure-model',
    version: 1,
    id,
    name: parsed.name ?? `Imported ${parsed.config.preset}`,
    createdAt: parsed.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
    status: 'complete',
    config: parsed.config,
    backend: parsed.backend ?? 'unknown',
    step: parsed.step ?? last?.step ?? 0,
    final: last,
    calibration: parsed.calibration,
    ...(parsed.dataset ? { dataset: parsed.dataset } : {}),
  };
}
