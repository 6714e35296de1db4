// The training loop: runs steps, evaluates at each log interval, checkpoints atomically, streams
// TrainProgress, honours pause/resume (TrainControl) and stop (AbortSignal). A diverged run (NaN or
// Inf) stops with code 'train_diverged' and keeps the last good checkpoint and posterior.
import fs from 'node:fs';
import path from 'node:path';
import { toApiError, type ApiError, CodedError } from '../../../shared/result';
import {
  TrainConfig,
  type MetricsRecord,
  type TrainConfigInput,
  type TrainProgress,
  type TrainStatus,
} from '../../../shared/training';
import { loadBackend, type BackendPreference } from '../backend';
import { posteriorFromTheta } from '../bnn/flat';
import { mixSeed } from '../bnn/rng';
import type { TrainControl } from './control';
import { preferSingleThreadedOps } from './threads';
import { evaluateSplit, metricsFinite } from './metrics';
import * as dir from './model-dir';
import { newModelId } from '../store/paths';
import {
  blockSize,
  checkpointFinite,
  openSession,
  runSteps,
  sessionKl,
  snapshot,
  type Session,
} from './session';

export interface RunTrainingOptions {
  /** Config of a new run (ignored when resuming: the checkpoint's config is used). */
  config?: TrainConfigInput;
  /** Folder in which a new run creates its `<id>/` model dir (e.g. `<data root>/models`). */
  modelsDir?: string;
  /** A model dir to resume from its checkpoint.safetensors. */
  resumeFrom?: string;
  /** Display name (default: the id). */
  name?: string;
  backend?: BackendPreference;
  onProgress?: (progress: TrainProgress) => void;
  /** Aborting stops the run after the current step; it checkpoints and ends as 'stopped'. */
  signal?: AbortSignal;
  control?: TrainControl;
  /** Clock in milliseconds (injected for tests). */
  nowFunc?: () => number;
  /** Minimum time between 'running' progress events. */
  progressIntervalMs?: number;
  /** Upper bound on the updates per backend call (default: the step runner's block size). */
  stepsPerCall?: number;
}

export interface TrainOutcome {
  runId: string;
  modelDir: string | null;
  status: 'complete' | 'stopped' | 'failed';
  step: number;
  final: MetricsRecord | null;
  error: ApiError | null;
}

interface Run {
  s: Session;
  id: string;
  modelDir: string;
  model: dir.ModelJson;
  metrics: MetricsRecord[];
  step: number;
  checkpointStep: number;
  secondsBefore: number;
  startedAt: number;
}

function diverged(step: number, lastGood: number): CodedError {
  return new CodedError(
    'train_diverged',
    `training diverged at step ${step} (NaN or Inf in the parameters or metrics); the last good checkpoint (step ${lastGood}) is kept`,
  );
}

async function prepare(opts: RunTrainingOptions, now: () => number): Promise<Run> {
  preferSingleThreadedOps();
  const { tf } = await loadBackend(opts.backend);
  const at = new Date().toISOString();
  if (opts.resumeFrom) {
    const cp = dir.readCheckpoint(opts.resumeFrom);
    const model = dir.readModelJson(opts.resumeFrom);
    const metrics = dir.readMetrics(opts.resumeFrom, cp.step);
    const s = await openSession(tf, cp.config, cp);
    const updated = {
      ...model,
      status: 'training' as const,
      updatedAt: at,
      backend: tf.getBackend(),
      step: cp.step,
      final: null,
    };
    dir.writeModelJson(opts.resumeFrom, updated);
    return {
      s,
      id: model.id,
      modelDir: opts.resumeFrom,
      model: updated,
      metrics,
      step: cp.step,
      checkpointStep: cp.step,
      secondsBefore: metrics.at(-1)?.seconds ?? 0,
      startedAt: now(),
    };
  }
  if (!opts.modelsDir) throw new CodedError('bad_request', 'a new run needs modelsDir');
  const config = TrainConfig.parse(opts.config ?? {});
  const id = newModelId(config.preset);
  const modelDir = path.join(opts.modelsDir, id);
  fs.mkdirSync(modelDir, { recursive: true });
  const s = await openSession(tf, config);
  const model: dir.ModelJson = {
    format: 'unsure-model',
    version: 1,
    id,
    name: opts.name ?? id,
    createdAt: at,
    updatedAt: at,
    status: 'training',
    config,
    backend: tf.getBackend(),
    step: 0,
    final: null,
    calibration: null,
  };
  dir.writeModelJson(modelDir, model);
  return {
    s,
    id,
    modelDir,
    model,
    metrics: [],
    step: 0,
    checkpointStep: -1,
    secondsBefore: 0,
    startedAt: now(),
  };
}

function evaluate(run: Run, now: () => number): MetricsRecord {
  const { s } = run;
  const values = snapshot(run.s, run.step).posterior;
  const kl = sessionKl(s, values);
  const posterior = posteriorFromTheta(s.tf, s.layout, s.state.theta);
  try {
    const seed = mixSeed(s.config.seed, 0xe7a1, run.step);
    return {
      step: run.step,
      train: evaluateSplit(s.tf, posterior, s.trainEval, s.config, kl, mixSeed(seed, 1), s.noise),
      test: evaluateSplit(s.tf, posterior, s.test, s.config, kl, mixSeed(seed, 2), s.noise),
      seconds: run.secondsBefore + (now() - run.startedAt) / 1000,
    };
  } finally {
    posterior.dispose();
  }
}

function checkpoint(run: Run, status: dir.ModelStatus): void {
  const cp = snapshot(run.s, run.step);
  if (!checkpointFinite(cp)) throw diverged(run.step, run.checkpointStep);
  dir.writeCheckpoint(run.modelDir, cp);
  dir.writePosterior(run.modelDir, run.s.config, run.step, cp.posterior);
  run.checkpointStep = run.step;
  run.model = {
    ...run.model,
    status,
    step: run.step,
    updatedAt: new Date().toISOString(),
    final: status === 'training' ? null : (run.metrics.at(-1) ?? null),
  };
  dir.writeModelJson(run.modelDir, run.model);
}

function logMetrics(run: Run, now: () => number): MetricsRecord {
  const record = evaluate(run, now);
  if (!metricsFinite(record.train) || !metricsFinite(record.test))
    throw diverged(run.step, run.checkpointStep);
  run.metrics.push(record);
  dir.writeMetrics(run.modelDir, run.metrics);
  return record;
}

/**
 * Updates to make in the next call: a whole block when it ends at or before the next log,
 * checkpoint and final step (so those land exactly), else one.
 */
export function stepsThisCall(
  step: number,
  config: Pick<TrainConfig, 'steps' | 'logEvery' | 'checkpointEvery'>,
  block: number,
): number {
  const next = (every: number) => (Math.floor(step / every) + 1) * every;
  const boundary = Math.min(config.steps, next(config.logEvery), next(config.checkpointEvery));
  return boundary - step >= block ? block : 1;
}

/** Trains a new model or resumes one; resolves when it completes, stops or fails (never rejects). */
export async function runTraining(opts: RunTrainingOptions): Promise<TrainOutcome> {
  const now = opts.nowFunc ?? (() => performance.now());
  let run: Run | null = null;
  const emit = (status: TrainStatus, extra: Partial<TrainProgress> = {}) => {
    if (!run) return;
    opts.onProgress?.({
      runId: run.id,
      status,
      step: run.step,
      totalSteps: run.s.config.steps,
      stepsPerSecond: rate.perSecond,
      etaSeconds: rate.perSecond > 0 ? (run.s.config.steps - run.step) / rate.perSecond : null,
      backend: run.model.backend,
      metrics: null,
      modelDir: run.modelDir,
      error: null,
      ...extra,
    });
  };
  const rate = { perSecond: 0, lastTime: 0, lastStep: 0 };
  try {
    run = await prepare(opts, now);
    const r = run;
    const total = r.s.config.steps;
    rate.lastTime = now();
    rate.lastStep = r.step;
    emit('starting');
    if (r.step === 0 && r.metrics.length === 0) emit('running', { metrics: logMetrics(r, now) });
    let lastYield = now();
    const block = Math.min(opts.stepsPerCall ?? Infinity, blockSize(r.s));
    while (r.step < total) {
      if (opts.signal?.aborted) break;
      if (opts.control?.paused) {
        if (r.checkpointStep !== r.step) checkpoint(r, 'training');
        emit('paused');
        await opts.control.waitUntilResumed(opts.signal);
        rate.lastTime = now();
        rate.lastStep = r.step;
        continue;
      }
      const count = stepsThisCall(r.step, r.s.config, block);
      runSteps(r.s, r.step, count);
      r.step += count;
      const logged = r.step % r.s.config.logEvery === 0 || r.step === total ? logMetrics(r, now) : null;
      if (r.step % r.s.config.checkpointEvery === 0 && r.step !== total) checkpoint(r, 'training');
      const t = now();
      if (logged || t - rate.lastTime >= (opts.progressIntervalMs ?? 250)) {
        const instant = ((r.step - rate.lastStep) * 1000) / Math.max(t - rate.lastTime, 1e-6);
        rate.perSecond = rate.perSecond === 0 ? instant : 0.7 * rate.perSecond + 0.3 * instant;
        rate.lastTime = t;
        rate.lastStep = r.step;
        emit('running', { metrics: logged });
      }
      // Let messages (pause/stop) in without paying for an event-loop turn on every step.
      if (t - lastYield >= 20) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = now();
      }
    }
    const status = r.step >= total ? 'complete' : 'stopped';
    checkpoint(r, status);
    emit(status === 'complete' ? 'done' : 'stopped', { metrics: r.metrics.at(-1) ?? null });
    return { runId: r.id, modelDir: r.modelDir, status, step: r.step, final: r.model.final, error: null };
  } catch (error) {
    const apiError = toApiError(error, 'train_failed');
    if (run) {
      run.model = {
        ...run.model,
        status: 'failed',
        step: Math.max(run.checkpointStep, 0),
        updatedAt: new Date().toISOString(),
      };
      try {
        dir.writeModelJson(run.modelDir, run.model);
      } catch {
        // The original error is what matters; the model dir may be gone.
      }
      emit('failed', { error: apiError });
    }
    return {
      runId: run?.id ?? '',
      modelDir: run?.modelDir ?? null,
      status: 'failed',
      step: run?.step ?? 0,
      final: null,
      error: apiError,
    };
  } finally {
    run?.s.dispose();
  }
}
