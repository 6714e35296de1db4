// One run's state and its writes to the model folder: opening a new run or a resumed one (under the
// folder's lock), evaluating, logging metrics, checkpointing, and recording how a run failed.
import fs from 'node:fs';
import path from 'node:path';
import { CodedError, type ApiError } from '../../../shared/result';
import { NETWORK_FIELDS, type MetricsRecord, type TrainConfig } from '../../../shared/training';
import type { loadBackend } from '../backend';
import { mixSeed } from '../bnn/rng';
import { evaluateSplit, metricsFinite } from './metrics';
import * as dir from '../store/model-folder';
import { newModelId } from '../store/paths';
import { isTrainedModelName, trainedModelName } from '../../../shared/model';
import { acquireModelLock, type ModelLock } from '../store/lock';
import { checkpointFinite, openSession, snapshot, type Session } from './session';
import { readTeachSnapshot, writeTeachSnapshot } from '../teach/snapshot';
import { modelDatasetOf } from '../../../shared/datasets';
import type { Dataset } from '../datasets/dataset';
import { datasetOfModel, type ResolveDataset } from '../datasets/resolve';
import { markedSet } from '../teach/store';
import { DEFAULT_SAMPLES } from '../../../shared/api/limits';
import type { TrainedState } from '../families/family';
import { loadModel } from '../store/load';

type Tf = Awaited<ReturnType<typeof loadBackend>>['tf'];

export interface Run {
  s: Session;
  id: string;
  modelDir: string;
  model: dir.ModelJson;
  metrics: MetricsRecord[];
  step: number;
  /** Step of the last checkpoint written by this run or the one resumed; -1 before the first. */
  checkpointStep: number;
  secondsBefore: number;
  startedAt: number;
}

/** A run that produced NaN or Inf; names the checkpoint it keeps, if it has written one. */
export function diverged(step: number, lastGood: number): CodedError {
  const kept =
    lastGood >= 0
      ? `the last good checkpoint (step ${lastGood}) is kept`
      : 'no checkpoint had been written yet';
  return new CodedError(
    'train_diverged',
    `training diverged at step ${step} (NaN or Inf in the parameters or metrics); ${kept}`,
  );
}

/** Locks model folder `modelDir` for training (throws `busy` when another process trains it). */
export function lockForTraining(modelDir: string): ModelLock {
  return acquireModelLock(modelDir, 'training');
}

/** Opens a resumed run from the checkpoint of `modelDir` (whose lock the caller holds). */
export async function resumeRun(
  tf: Tf,
  modelDir: string,
  now: number,
  resolve: ResolveDataset,
): Promise<Run> {
  const cp = dir.readCheckpoint(modelDir);
  const model = dir.readModelJson(modelDir);
  const metrics = dir.readMetricsSync(modelDir, cp.step);
  const dataset = await datasetOfModel(resolve, cp.dataset);
  const marked = cp.config.teach ? readTeachSnapshot(modelDir) : undefined;
  const s = await openSession(tf, cp.config, dataset, cp.state, marked);
  const updated: dir.ModelJson = {
    ...model,
    status: 'training',
    updatedAt: new Date().toISOString(),
    backend: tf.getBackend(),
    step: cp.step,
    final: null,
    failure: null,
  };
  try {
    dir.writeModelJson(modelDir, updated);
  } catch (error) {
    s.dispose();
    throw error;
  }
  return {
    s,
    id: model.id,
    modelDir,
    model: updated,
    metrics,
    step: cp.step,
    checkpointStep: cp.step,
    secondsBefore: metrics.at(-1)?.seconds ?? 0,
    startedAt: now,
  };
}

/** Creates the folder of a new run under `modelsDir` and takes its lock. */
export function newRunDir(modelsDir: string, config: TrainConfig): { modelDir: string; lock: ModelLock } {
  const modelDir = path.join(modelsDir, newModelId(config.preset));
  fs.mkdirSync(modelDir, { recursive: true });
  return { modelDir, lock: lockForTraining(modelDir) };
}

/** The marked pictures a new run is taught, copied into its folder; none when config.teach is off. */
async function takeTeachSnapshot(modelDir: string, config: TrainConfig, dataRoot: string | undefined) {
  if (!config.teach) return undefined;
  if (!dataRoot)
    throw new CodedError('bad_request', 'a run taught the marked pictures needs the data folder');
  const set = await markedSet(dataRoot);
  writeTeachSnapshot(modelDir, set);
  return set;
}

/** Where a new run starts: a finished model's network, its optimiser fresh (see RunTrainingOptions.startFrom). */
export interface StartingPoint {
  state: TrainedState;
  from: { id: string; name: string };
}

/**
 * The network of the finished model in `modelDir` as the start of a new run of `config`: refused
 * unless that model completed and has this config's network (same dataset, family and layers).
 */
export async function startingPoint(modelDir: string, config: TrainConfig): Promise<StartingPoint> {
  const base = await loadModel(modelDir);
  const { name } = base.meta;
  if (base.meta.status !== 'complete')
    throw new CodedError('bad_request', `cannot start from "${name}": its training did not complete`);
  const differs = NETWORK_FIELDS.filter(
    (k) => JSON.stringify(base.meta.config[k]) !== JSON.stringify(config[k]),
  );
  if (differs.length > 0) {
    const was = differs.map((k) => `${k} ${JSON.stringify(base.meta.config[k])}`).join(', ');
    throw new CodedError(
      'bad_request',
      `cannot start from "${name}": its network is not this recipe's (${was}); start from a model of the same recipe`,
    );
  }
  return {
    state: { model: base.posterior, optimizer: [], adamT: 0 },
    from: { id: base.meta.id, name },
  };
}

/**
 * Opens a new run in `modelDir` (locked by the caller) and writes its first model.json; `dataRoot`
 * holds the marked pictures a run with config.teach is taught; `start`, the network it starts from.
 */
export async function newRun(
  tf: Tf,
  modelDir: string,
  config: TrainConfig,
  dataset: Dataset,
  name: string | undefined,
  now: number,
  dataRoot?: string,
  start?: StartingPoint,
): Promise<Run> {
  const id = path.basename(modelDir);
  const at = new Date().toISOString();
  const model: dir.ModelJson = {
    format: 'unsure-model',
    version: 1,
    id,
    name: name ?? trainedModelName(config.preset, at, null),
    createdAt: at,
    updatedAt: at,
    status: 'training',
    config,
    backend: tf.getBackend(),
    step: 0,
    final: null,
    calibration: null,
    dataset: modelDatasetOf(dataset.manifest),
    ...(start ? { startedFrom: start.from } : {}),
  };
  const marked = await takeTeachSnapshot(modelDir, config, dataRoot);
  const s = await openSession(tf, config, dataset, start?.state, marked);
  try {
    dir.writeModelJson(modelDir, model);
  } catch (error) {
    s.dispose();
    throw error;
  }
  return {
    s,
    id,
    modelDir,
    model,
    metrics: [],
    step: 0,
    checkpointStep: -1,
    secondsBefore: 0,
    startedAt: now,
  };
}

/**
 * The metrics at the run's step. `final`: after a family's last fit (a Laplace head), accuracy from
 * DEFAULT_SAMPLES draws, as the saved model predicts; one draw of a Laplace head (the recipes'
 * evalSamples, cheap while training) reads Fashion-MNIST's test split 0.3 points lower.
 */
function evaluate(run: Run, now: () => number, final: boolean): MetricsRecord {
  const { s } = run;
  const kl = s.trainer.priorTerm();
  const predictor = s.trainer.predictor();
  const config = final
    ? { ...s.config, evalSamples: Math.max(s.config.evalSamples, DEFAULT_SAMPLES) }
    : s.config;
  try {
    const seed = mixSeed(s.config.seed, 0xe7a1, run.step);
    return {
      step: run.step,
      train: evaluateSplit(s.tf, predictor, s.trainEval, config, kl, mixSeed(seed, 1), { blocks: final }),
      test: evaluateSplit(s.tf, predictor, s.test, config, kl, mixSeed(seed, 2), { blocks: final }),
      seconds: run.secondsBefore + (now() - run.startedAt) / 1000,
    };
  } finally {
    predictor.dispose();
  }
}

/** Writes checkpoint, posterior and model.json at the current step with `status` (and `failure`). */
export function checkpoint(run: Run, status: dir.ModelStatus, failure: ApiError | null = null): void {
  const cp = snapshot(run.s, run.step);
  if (!checkpointFinite(cp)) throw diverged(run.step, run.checkpointStep);
  dir.writeCheckpoint(run.modelDir, cp);
  dir.writePosterior(run.modelDir, run.s.config, run.step, cp.state.model, cp.dataset);
  run.checkpointStep = run.step;
  const final = status === 'training' ? null : (run.metrics.at(-1) ?? null);
  const { name, createdAt, config } = run.model;
  run.model = {
    ...run.model,
    // A name the trainer gave gains the test accuracy at the end; a name the user chose stays.
    name:
      final && isTrainedModelName(name, config.preset, createdAt)
        ? trainedModelName(config.preset, createdAt, final.test.accuracy)
        : name,
    status,
    step: run.step,
    updatedAt: new Date().toISOString(),
    final,
    failure,
  };
  dir.writeModelJson(run.modelDir, run.model);
}

/**
 * Evaluates the current step and appends it to metrics.json; `replaceStep` replaces a record
 * already logged at this step (the model changed after it was logged).
 */
export function logMetrics(
  run: Run,
  now: () => number,
  { replaceStep = false, final = false } = {},
): MetricsRecord {
  const record = evaluate(run, now, final);
  if (!metricsFinite(record.train) || !metricsFinite(record.test))
    throw diverged(run.step, run.checkpointStep);
  if (replaceStep && run.metrics.at(-1)?.step === run.step) run.metrics.pop();
  run.metrics.push(record);
  dir.writeMetrics(run.modelDir, run.metrics);
  return record;
}

/**
 * Marks the run failed in model.json, at its last checkpoint, with the reason. When even that
 * cannot be written (a full disk), model.json keeps `training` and the listing shows the model as
 * interrupted once the lock is released, so it still offers to resume.
 */
export function recordFailure(run: Run, failure: ApiError): void {
  run.model = {
    ...run.model,
    status: 'failed',
    step: Math.max(run.checkpointStep, 0),
    updatedAt: new Date().toISOString(),
    failure,
  };
  try {
    dir.writeModelJson(run.modelDir, run.model);
  } catch {
    // The original error is what the caller reports; the folder may be gone or the disk full.
  }
}
