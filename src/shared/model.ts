// Schemas for a stored model (model.json) and the summary the Models view lists. model.json is read
// back from disk that anyone could have edited, so every field is validated on load.
import { z } from 'zod';
import { scoreSeparation } from './score-guide';
import { Architecture, Family, MetricsRecord, TrainConfig } from './training';
import { MNIST_MODEL_DATASET, ModelDataset } from './datasets';

/** Model ids are directory names: only [a-z0-9-], so an id can never climb out of the models root. */
export const MODEL_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,126}[a-z0-9])?$/;
export const ModelId = z.string().regex(MODEL_ID_PATTERN, 'a model id uses only a-z, 0-9 and "-"');

/**
 * A model's state. `interrupted` is never written: the listing shows it for a model left at
 * `training` by a process that no longer runs (killed, crashed, power cut).
 */
export const ModelStatus = z.enum(['training', 'interrupted', 'complete', 'stopped', 'failed']);
export type ModelStatus = z.infer<typeof ModelStatus>;

export const UncertaintyScoreName = z.enum(['std', 'entropy', 'mutual_information', 'max_prob']);
export type UncertaintyScoreName = z.infer<typeof UncertaintyScoreName>;

/** One score against one reference set: how well it separates the set from test digits. */
const ScoreOodSummary = z.looseObject({ auroc: z.number().min(0).max(1), rejected: z.number().optional() });

/** Out-of-distribution result for one reference set (the chosen score's AUROC, and every score's). */
export const OodSetSummary = z.looseObject({
  auroc: z.number().min(0).max(1),
  scores: z.partialRecord(UncertaintyScoreName, ScoreOodSummary).optional(),
});

/** A score's mean AUROC over a model's reference sets, and the mean share of them its threshold rejects. */
export const ScoreSeparation = z.object({ auroc: z.number(), rejected: z.number().nullable() });
export type ScoreSeparation = z.infer<typeof ScoreSeparation>;

const FiniteNumber = z.number().refine(Number.isFinite, 'must be finite');

/**
 * The calibration slot, filled by the uncertainty work; unknown extra fields are kept as they are.
 * `threshold` is the chosen score's; `thresholds` (one per score) may stand in for it.
 */
export const Calibration = z.looseObject({
  score: UncertaintyScoreName,
  percentile: z.number().min(0).max(100),
  threshold: FiniteNumber.optional(),
  thresholds: z.partialRecord(UncertaintyScoreName, FiniteNumber).optional(),
  samples: z.number().int().min(1),
  ood: z.record(z.string(), OodSetSummary).optional(),
});
export type Calibration = z.infer<typeof Calibration>;

const IsoDate = z.iso.datetime({ offset: true });

/** model.json, version 1: read and written only through src/main/engine/store/model-folder.ts. */
export const ModelMeta = z.object({
  format: z.literal('unsure-model'),
  version: z.literal(1),
  id: ModelId,
  name: z.string().min(1).max(200),
  createdAt: IsoDate,
  updatedAt: IsoDate,
  status: ModelStatus,
  config: TrainConfig,
  backend: z.string().max(64),
  step: z.number().int().min(0),
  final: MetricsRecord.nullable(),
  calibration: Calibration.nullable(),
  /** Why a run failed (`disk_full`, `train_diverged`, `near_chance`, …); absent in older files. */
  failure: z.object({ code: z.string(), message: z.string() }).nullable().optional(),
  /** What the model keeps of its dataset; absent in models made before datasets (MNIST's). */
  dataset: ModelDataset.optional(),
  /** The finished model whose network this run started from (a teach run continuing it); absent: from scratch. */
  startedFrom: z.object({ id: ModelId, name: z.string().min(1).max(200) }).optional(),
});
export type ModelMeta = z.infer<typeof ModelMeta>;

/** The dataset a model was trained on, as its model.json records it (MNIST for older models). */
export function modelDataset(meta: Pick<ModelMeta, 'dataset'>): ModelDataset {
  return meta.dataset ?? MNIST_MODEL_DATASET;
}

/** metrics.json: the metrics history, one record per log interval. */
export const MetricsHistory = z.array(MetricsRecord);

/** One row of the Models view (same fields as the API contract's ModelSummary, plus a few extras). */
export const ModelSummary = z.object({
  id: ModelId,
  name: z.string(),
  createdAt: z.string(),
  preset: z.string(),
  status: ModelStatus,
  steps: z.number().int().min(0),
  testAccuracy: z.number().nullable(),
  /** The lowest AUROC over the stored out-of-distribution sets (the hardest one), if any. */
  oodAuroc: z.number().nullable(),
  active: z.boolean(),
  /** True for the posterior shipped with the app (read-only: no rename, no delete). */
  builtIn: z.boolean(),
  /** What the model is (named in words by modelKind and networkLayers in shared/model-kind). */
  family: Family,
  arch: Architecture,
  members: z.number().int(),
  conv: z.array(z.number().int()),
  hidden: z.array(z.number().int()),
  threshold: z.number().nullable(),
  score: UncertaintyScoreName.nullable(),
  /** Per score, how well it separates the model's reference non-digit sets (empty without them). */
  separation: z.partialRecord(UncertaintyScoreName, ScoreSeparation),
  /** True when training can continue from its checkpoint (stopped, interrupted, failed on a full disk). */
  resumable: z.boolean(),
  /** Why the model cannot be used as it is (its failure), or null. */
  problem: z.string().nullable(),
  /** The name of the dataset it was trained on (its scores and classes are that dataset's). */
  dataset: z.string(),
});
export type ModelSummary = z.infer<typeof ModelSummary>;

/** A model directory that could not be listed, and why (shown, never fatal). */
export const BrokenModel = z.object({ dir: z.string(), reason: z.string() });
export type BrokenModel = z.infer<typeof BrokenModel>;

/** Builds the list row for a validated model.json. */
export function summariseModel(
  meta: ModelMeta,
  options: { builtIn: boolean; active: boolean; resumable?: boolean },
): ModelSummary {
  const aurocs = Object.values(meta.calibration?.ood ?? {}).map((set) => set.auroc);
  return {
    id: meta.id,
    name: meta.name,
    createdAt: meta.createdAt,
    preset: meta.config.preset,
    status: meta.status,
    steps: meta.step,
    testAccuracy: meta.final?.test.accuracy ?? null,
    oodAuroc: aurocs.length > 0 ? Math.min(...aurocs) : null,
    dataset: modelDataset(meta).name,
    active: options.active,
    builtIn: options.builtIn,
    family: meta.config.family,
    arch: meta.config.arch,
    members: meta.config.members,
    conv: meta.config.conv,
    hidden: meta.config.hidden,
    threshold: calibrationThreshold(meta.calibration),
    score: meta.calibration?.score ?? null,
    separation: scoreSeparation(meta.calibration),
    resumable: options.resumable ?? false,
    problem: meta.failure?.message ?? null,
  };
}

/** True when a model can answer checks: trained to the end or stopped, and calibrated. */
export function modelUsable(m: Pick<ModelSummary, 'status' | 'threshold' | 'builtIn'>): boolean {
  return m.builtIn || ((m.status === 'complete' || m.status === 'stopped') && m.threshold !== null);
}

/** True when a saved model only lacks its calibration (e.g. it failed or was skipped at the end). */
export function needsCalibration(m: Pick<ModelSummary, 'status' | 'threshold' | 'builtIn'>): boolean {
  return !m.builtIn && (m.status === 'complete' || m.status === 'stopped') && m.threshold === null;
}

/** The threshold of the calibration's own score: `threshold`, else `thresholds[score]`, else null. */
export function calibrationThreshold(
  calibration: Calibration | null,
  score?: UncertaintyScoreName,
): number | null {
  if (!calibration) return null;
  const name = score ?? calibration.score;
  if (name === calibration.score && calibration.threshold !== undefined) return calibration.threshold;
  return calibration.thresholds?.[name] ?? null;
}

/** "2026-11-30 14:05" in local time: sortable and the same in every locale. */
function minuteStamp(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** The name a trained model gets: its preset, when it was made and, once known, its test accuracy. */
export function trainedModelName(preset: string, createdAt: string, testAccuracy: number | null): string {
  const base = `${preset} · ${minuteStamp(createdAt)}`;
  return testAccuracy === null ? base : `${base} · ${(testAccuracy * 100).toFixed(1)}% test`;
}

/** True when `name` is one trainedModelName gave (so it may be updated), not one the user chose. */
export function isTrainedModelName(name: string, preset: string, createdAt: string): boolean {
  const base = trainedModelName(preset, createdAt, null);
  return name === base || (name.startsWith(`${base} · `) && name.endsWith('% test'));
}

/** A file name for `name` with only portable characters ("robust-2026-11-30-14-05-98.1-test"). */
export function fileSafeName(name: string, fallback: string): string {
  const safe = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 100);
  return safe || fallback;
}
