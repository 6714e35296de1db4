// The training loop: runs steps, evaluates at each log interval, checkpoints atomically, streams
// TrainProgress, honours pause/resume (TrainControl) and stop (AbortSignal). A diverged run (NaN or
// Inf) stops with code 'train_diverged' and keeps the last good checkpoint and posterior.
import fs from 'node:fs';
import { toApiError, CodedError } from '../../../shared/result';
import type { TrainOutcome } from '../../../shared/trainer-protocol';
import {
  TrainConfig,
  type TrainConfigInput,
  type TrainProgress,
  type TrainStatus,
} from '../../../shared/training';
import { loadBackend, type BackendPreference } from '../backend';
import type { TrainControl } from './control';
import { preferSingleThreadedOps } from './threads';
import { nearChanceFailure } from './metrics';
import type { ModelLock } from '../store/lock';
import { diskFullAsCoded } from '../files/atomic-write';
import { blockSize, finishTraining, runSteps } from './session';
import { StepRate } from './rate';
import { datasetResolver, type ResolveDataset } from '../datasets/resolve';
import {
  checkpoint,
  lockForTraining,
  logMetrics,
  newRun,
  newRunDir,
  recordFailure,
  resumeRun,
  startingPoint,
  type Run,
} from './run';

export interface RunTrainingOptions {
  /** Config of a new run (ignored when resuming: the checkpoint's config is used). */
  config?: TrainConfigInput;
  /** Folder in which a new run creates its `<id>/` model dir (e.g. `<data root>/models`). */
  modelsDir?: string;
  /** The data root whose marked pictures a new run with config.teach is taught. */
  dataRoot?: string;
  /** The dataset a config names (default: those of `dataRoot`, see datasets/resolve.ts). */
  resolveDataset?: ResolveDataset;
  /** A model dir to resume from its checkpoint.safetensors. */
  resumeFrom?: string;
  /**
   * A finished model's folder whose network a new run starts from, with a fresh optimiser and the
   * config's own schedule: a teach run that continues the model it corrects (refused unless the
   * network is the config's: startingPoint in ./run.ts).
   */
  startFrom?: string;
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
  /**
   * Runs once a complete or stopped run is saved, still under the folder's lock and before
   * 'done'/'stopped' is sent (the trainer process calibrates here). It reports its own errors.
   */
  onSaved?: (modelDir: string) => Promise<void>;
}

export type { TrainOutcome };

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

type Emit = (status: TrainStatus, extra?: Partial<TrainProgress>) => void;
interface Held {
  lock: ModelLock | null;
  /** The folder a new run created, removed again when the run cannot even start. */
  newDir: string | null;
}

async function openRun(opts: RunTrainingOptions, now: () => number, held: Held): Promise<Run> {
  preferSingleThreadedOps();
  const { tf } = await loadBackend(opts.backend);
  const resolve = opts.resolveDataset ?? datasetResolver(opts.dataRoot);
  if (opts.resumeFrom) {
    held.lock = lockForTraining(opts.resumeFrom);
    return resumeRun(tf, opts.resumeFrom, now(), resolve);
  }
  if (!opts.modelsDir) throw new CodedError('bad_request', 'a new run needs modelsDir');
  const config = TrainConfig.parse(opts.config ?? {});
  // Before the folder exists: a dataset that is not there or a model that cannot be continued leaves nothing behind.
  const dataset = await resolve(config.dataset);
  const start = opts.startFrom ? await startingPoint(opts.startFrom, config) : undefined;
  const { modelDir, lock } = newRunDir(opts.modelsDir, config);
  held.lock = lock;
  held.newDir = modelDir;
  return newRun(tf, modelDir, config, dataset, opts.name, now(), opts.dataRoot, start);
}

/** Steps until the last step or a stop, logging, checkpointing and honouring pause. */
async function loop(r: Run, opts: RunTrainingOptions, emit: Emit, rate: StepRate, now: () => number) {
  const total = r.s.config.steps;
  let lastYield = now();
  const block = Math.min(opts.stepsPerCall ?? Infinity, blockSize(r.s));
  while (r.step < total) {
    if (opts.signal?.aborted) break;
    if (opts.control?.paused) {
      if (r.checkpointStep !== r.step) checkpoint(r, 'training');
      emit('paused');
      await opts.control.waitUntilResumed(opts.signal);
      rate.restart(r.step, now());
      continue;
    }
    const count = stepsThisCall(r.step, r.s.config, block);
    runSteps(r.s, r.step, count);
    r.step += count;
    const logged = r.step % r.s.config.logEvery === 0 || r.step === total ? logMetrics(r, now) : null;
    if (r.step % r.s.config.checkpointEvery === 0 && r.step !== total) checkpoint(r, 'training');
    const t = now();
    if (logged || rate.due(t, opts.progressIntervalMs ?? 250)) {
      rate.update(r.step, t);
      emit('running', { metrics: logged });
    }
    // Let messages (pause/stop) in without paying for an event-loop turn on every step.
    if (t - lastYield >= 20) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = now();
    }
  }
}

/**
 * Saves the end of a run. A complete run whose test accuracy is near chance is saved as failed;
 * otherwise `onSaved` (calibration) runs before 'done' or 'stopped' is sent.
 */
async function finish(
  r: Run,
  opts: RunTrainingOptions,
  emit: Emit,
  now: () => number,
): Promise<TrainOutcome> {
  const complete = r.step >= r.s.config.steps;
  // A family's last pass (a Laplace fit) changes the model: the final metrics are measured after it.
  if (complete && (await finishTraining(r.s))) logMetrics(r, now, { replaceStep: true, final: true });
  const last = r.metrics.at(-1) ?? null;
  const chance = complete && last ? nearChanceFailure(last.test.accuracy, r.s.ctx.shape.classes) : null;
  const end = { runId: r.id, modelDir: r.modelDir, step: r.step };
  if (chance) {
    checkpoint(r, 'failed', chance);
    emit('failed', { metrics: last, error: chance });
    return { ...end, status: 'failed', final: r.model.final, error: chance };
  }
  checkpoint(r, complete ? 'complete' : 'stopped');
  await opts.onSaved?.(r.modelDir);
  emit(complete ? 'done' : 'stopped', { metrics: last });
  return { ...end, status: complete ? 'complete' : 'stopped', final: r.model.final, error: null };
}

/** Trains a new model or resumes one; resolves when it completes, stops or fails (never rejects). */
export async function runTraining(opts: RunTrainingOptions): Promise<TrainOutcome> {
  const now = opts.nowFunc ?? (() => performance.now());
  const held: Held = { lock: null, newDir: null };
  let run: Run | null = null;
  const rate = new StepRate();
  const emit: Emit = (status, extra = {}) => {
    if (!run) return;
    opts.onProgress?.({
      runId: run.id,
      status,
      step: run.step,
      totalSteps: run.s.config.steps,
      stepsPerSecond: rate.perSecond,
      etaSeconds: status === 'running' ? rate.eta(run.s.config.steps - run.step) : null,
      backend: run.model.backend,
      metrics: null,
      modelDir: run.modelDir,
      error: null,
      ...extra,
    });
  };
  try {
    run = await openRun(opts, now, held);
    emit('starting');
    if (run.step === 0 && run.metrics.length === 0) emit('running', { metrics: logMetrics(run, now) });
    // Timed from here: the first evaluation is not a training step.
    rate.restart(run.step, now());
    await loop(run, opts, emit, rate, now);
    return await finish(run, opts, emit, now);
  } catch (error) {
    const apiError = toApiError(diskFullAsCoded(error), 'train_failed');
    if (run) {
      recordFailure(run, apiError);
      emit('failed', { error: apiError });
    } else if (held.newDir) {
      fs.rmSync(held.newDir, { recursive: true, force: true });
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
    held.lock?.release();
  }
}
